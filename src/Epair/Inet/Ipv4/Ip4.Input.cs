using Epair.Frames;
using Epair.Inet.Ipv4.Statistics;
using Epair.Inet.Ipv4.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

// ip_input: header checks, then local delivery, reassembly or forwarding.
public sealed partial class Ip4
{
    /// <summary><c>ip_input</c>: an IPv4 datagram starting at <paramref name="offset"/>; the stack owns the frame.</summary>
    internal void Input(NetInterface ifp, Frame frame, int offset)
    {
        Statistics.Increment(IpStat.Total);
        var data = frame.Data[offset..];
        var drop = Check(data);
        if (drop != IpStat.Count)
        {
            Statistics.Increment(drop);
            frame.Free();
            return;
        }
        var ip = Ipv4Packet.CreateUnchecked(data);
        int length = ip.TotalLength;
        // Trim Ethernet padding (and anything else past the IP length).
        if (data.Length > length)
            frame.SetLength(offset + length);

        uint source = ip.Source;
        uint destination = ip.Destination;
        // 127/8 must not appear on the wire (RFC 1122 3.2.1.3).
        if ((InAddr.IsLoopback(destination) || InAddr.IsLoopback(source)) && (ifp.Flags & InterfaceFlags.Loopback) == 0)
        {
            Statistics.Increment(IpStat.BadAddress);
            frame.Free();
            return;
        }

        Delivery delivery;
        lock (Lock)
            delivery = ClassifyLocked(ifp, destination);
        switch (delivery)
        {
            case Delivery.Local:
            case Delivery.Broadcast:
                DeliverLocal(ifp, frame, offset, delivery == Delivery.Broadcast);
                return;
            case Delivery.NotMember:
                Statistics.Increment(IpStat.NotMember);
                frame.Free();
                return;
            default:
                if (!Forwarding)
                {
                    Statistics.Increment(IpStat.CantForward);
                    frame.Free();
                    return;
                }
                Forward(ifp, frame, offset);
                return;
        }
    }

    /// <summary>The header checks in ip_input's order; <see cref="IpStat.Count"/> when the datagram passes.</summary>
    internal static IpStat Check(Span<byte> data)
    {
        if (!Ipv4Packet.TryCreate(data, out var ip))
            return IpStat.TooSmall;
        if (ip.Version != 4)
            return IpStat.BadVersion;
        int headerLength = ip.HeaderLength;
        if (headerLength < Ipv4Packet.MinHeaderLength || headerLength > data.Length)
            return IpStat.BadHeaderLength;
        if (!ip.VerifyChecksum())
            return IpStat.BadSum;
        int length = ip.TotalLength;
        if (length < headerLength)
            return IpStat.BadLength;
        if (data.Length < length)
            return IpStat.TooShort;
        return IpStat.Count;
    }

    private enum Delivery
    {
        Local,
        Broadcast,
        NotMember,
        Forward,
    }

    private Delivery ClassifyLocked(NetInterface ifp, uint destination)
    {
        if (destination == InAddr.Broadcast || destination == InAddr.Any)
            return Delivery.Broadcast;
        if (InAddr.IsMulticast(destination))
            return Delivery.NotMember;
        foreach (var ia in _addresses)
        {
            if (ia.AddressValue == destination)
                return Delivery.Local;
            if (ReferenceEquals(ia.Interface, ifp) && ia.BroadcastValue == destination && destination != 0)
                return Delivery.Broadcast;
        }
        return Delivery.Forward;
    }

    private void DeliverLocal(NetInterface ifp, Frame frame, int offset, bool broadcast)
    {
        var ip = Ipv4Packet.CreateUnchecked(frame.Data[offset..]);
        if (ip.IsFragment)
        {
            var whole = Reassembly.Insert(frame, offset);
            if (whole is null)
                return;
            // The reassembled datagram is a new frame with the IP header at the usual place.
            frame = whole;
            offset = Ethernet.EtherInput.HeaderLength;
            ip = Ipv4Packet.CreateUnchecked(frame.Data[offset..]);
        }
        switch (ip.Protocol)
        {
            case IpProtocol.Icmp:
                Statistics.Increment(IpStat.Delivered);
                Icmp.Input(ifp, frame, offset, broadcast);
                return;
            case IpProtocol.Udp:
                Statistics.Increment(IpStat.Delivered);
                Udp.Input(ifp, frame, offset, broadcast);
                return;
            default:
                // rip_input: no raw socket wants it, so the protocol is unreachable.
                Statistics.Increment(IpStat.NoProto);
                if (broadcast)
                    frame.Free();
                else
                    Icmp.Error(frame, offset, IcmpType.Unreachable, IcmpType.UnreachProtocol, 0);
                return;
        }
    }
}

using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv4.Statistics;
using Epair.Inet.Ipv4.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

// ip_output: the header, the MTU check and fragmentation, then link-layer resolution.
public sealed partial class Ip4
{
    /// <summary>
    /// Sends a locally made packet: a frame rented with <see cref="EtherOutput.Rent"/> whose
    /// payload sits after a 20-byte header's room. Looks the route up, writes the header
    /// (source chosen from the route when <paramref name="source"/> is 0) and transmits.
    /// </summary>
    internal Errno Output(Frame frame, uint source, uint destination, byte protocol, int ttl, bool dontFragment)
    {
        var error = Lookup(destination, out var nextHop);
        if (error != Errno.None)
        {
            Statistics.Increment(IpStat.NoRoute);
            frame.Free();
            return error;
        }
        return Output(frame, nextHop, source == 0 ? nextHop.Source : source, destination, protocol, ttl, dontFragment);
    }

    /// <summary>Sends a locally made packet along a next hop the caller already looked up.</summary>
    internal Errno Output(Frame frame, in NextHop4 nextHop, uint source, uint destination, byte protocol, int ttl, bool dontFragment)
    {
        if (source == 0)
        {
            frame.Free();
            return Errno.EADDRNOTAVAIL;
        }
        var packet = EtherOutput.Packet(frame);
        new Ipv4Header(source, destination, protocol, (byte)ttl, packet.Length, NextId(),
            dontFragment ? Ipv4Packet.DontFragment : (ushort)0).Emit(packet);
        Statistics.Increment(IpStat.LocalOut);
        return Transmit(frame, nextHop);
    }

    /// <summary>
    /// Sends a frame whose IPv4 header is complete: blackhole and reject routes, the MTU
    /// (EMSGSIZE with DF set, else fragments), then ARP. Takes the frame whatever happens.
    /// </summary>
    internal Errno Transmit(Frame frame, in NextHop4 nextHop)
    {
        if (nextHop.IsBlackhole)
        {
            frame.Free();
            return Errno.None;
        }
        if (nextHop.IsReject)
        {
            frame.Free();
            return Errno.EHOSTUNREACH;
        }
        var ifp = nextHop.Interface;
        if ((nextHop.Flags & Routing.RouteFlags.Local) != 0 && (ifp.Flags & InterfaceFlags.Loopback) == 0)
        {
            // To one of our own addresses with no lo0 to carry it: straight back into ip_input,
            // never onto the wire.
            frame.ReceiveInterface = ifp;
            Input(ifp, frame, EtherInput.HeaderLength);
            return Errno.None;
        }
        var ip = Ipv4Packet.CreateUnchecked(EtherOutput.Packet(frame));
        if (ip.TotalLength <= ifp.Mtu)
            return ResolveAndSend(ifp, frame, nextHop);
        if (ip.DontFragmentSet)
        {
            Statistics.Increment(IpStat.CantFrag);
            frame.Free();
            return Errno.EMSGSIZE;
        }
        return Fragment(frame, nextHop);
    }

    /// <summary><c>ip_fragment</c>: splits a too-long datagram into MTU-sized pieces, offsets in 8-byte units.</summary>
    private Errno Fragment(Frame frame, in NextHop4 nextHop)
    {
        var ifp = nextHop.Interface;
        var original = Ipv4Packet.CreateUnchecked(EtherOutput.Packet(frame));
        int headerLength = original.HeaderLength;
        int payloadLength = original.TotalLength - headerLength;
        int pieceLength = (ifp.Mtu - headerLength) & ~7;
        if (pieceLength < 8)
        {
            Statistics.Increment(IpStat.CantFrag);
            frame.Free();
            return Errno.EMSGSIZE;
        }
        // A datagram that is itself a fragment keeps its place: offsets add, MF stays on the last piece.
        int baseOffset = original.FragmentOffset;
        bool moreAfter = original.MoreFragmentsSet;
        var error = Errno.None;
        for (int offset = 0; offset < payloadLength; offset += pieceLength)
        {
            int length = Math.Min(pieceLength, payloadLength - offset);
            var piece = EtherOutput.Rent(_stack.Vnet.Kernel.Frames, headerLength + length);
            // m_dup_pkthdr copies the packet's tags: every fragment keeps its 802.1p priority.
            piece.PriorityCodePoint = frame.PriorityCodePoint;
            var bytes = EtherOutput.Packet(piece);
            // Re-read the original through its frame each time: the span cannot live across calls.
            var source = EtherOutput.Packet(frame);
            source[..headerLength].CopyTo(bytes);
            source.Slice(headerLength + offset, length).CopyTo(bytes[headerLength..]);
            var ip = Ipv4Packet.CreateUnchecked(bytes);
            ip.SetTotalLength(headerLength + length);
            bool more = moreAfter || offset + length < payloadLength;
            ip.SetFlagsAndOffset((ushort)((more ? Ipv4Packet.MoreFragments : 0) | ((baseOffset + offset) >> 3)));
            ip.FillChecksum();
            Statistics.Increment(IpStat.OutputFragments);
            var sent = ResolveAndSend(ifp, piece, nextHop);
            if (error == Errno.None)
                error = sent;
        }
        Statistics.Increment(IpStat.Fragmented);
        frame.Free();
        return error;
    }

    /// <summary><c>ether_output</c> for IPv4: the destination MAC (loopback, broadcast, multicast or ARP), then transmit.</summary>
    private Errno ResolveAndSend(NetInterface ifp, Frame frame, in NextHop4 nextHop)
    {
        if ((ifp.Flags & InterfaceFlags.Loopback) != 0)
            return EtherOutput.Send(ifp, frame, ifp.MacAddress, EtherInput.EtherTypeIpv4);
        uint address = nextHop.Address;
        if (address == InAddr.Broadcast || IsBroadcastFor(ifp, address))
            return EtherOutput.Send(ifp, frame, MacAddress.Broadcast, EtherInput.EtherTypeIpv4);
        if (InAddr.IsMulticast(address))
        {
            // ETHER_MAP_IP_MULTICAST: 01:00:5e and the low 23 bits of the group.
            var group = MacAddress.FromUInt64(0x01005E000000UL | (address & 0x7FFFFF));
            return EtherOutput.Send(ifp, frame, group, EtherInput.EtherTypeIpv4);
        }
        bool viaGateway = (nextHop.Flags & Routing.RouteFlags.Gateway) != 0;
        if (_stack.Arp.Resolve(ifp, address, viaGateway, frame, out var mac, out var error))
            return EtherOutput.Send(ifp, frame, mac, EtherInput.EtherTypeIpv4);
        return error;
    }

    private bool IsBroadcastFor(NetInterface ifp, uint address)
    {
        lock (Lock)
        {
            foreach (var ia in _addresses)
            {
                if (ia.BroadcastValue == address && ReferenceEquals(ia.Interface, ifp))
                    return true;
            }
            return false;
        }
    }

    /// <summary>Moves an IPv4 packet found at <paramref name="offset"/> to where output expects it.</summary>
    internal static void MoveToOutputOffset(Frame frame, int offset)
    {
        if (offset == EtherInput.HeaderLength)
            return;
        var data = frame.Data;
        int length = data.Length - offset;
        data[offset..].CopyTo(data[EtherInput.HeaderLength..]);
        frame.SetLength(EtherInput.HeaderLength + length);
    }
}

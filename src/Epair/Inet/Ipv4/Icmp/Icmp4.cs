using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv4.Statistics;
using Epair.Inet.Ipv4.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4.Icmp;

/// <summary>
/// ICMP (RFC 792) of one vnet: <c>icmp_input</c> (echo answered, errors and replies handed to
/// the ping sessions that wait for them), <c>icmp_error</c> and <c>icmp_reflect</c>.
/// </summary>
internal sealed partial class Icmp4(Ip4 ip)
{
    /// <summary><c>ICMP_ADVLENMIN</c>: an error must quote at least an IP header and 8 bytes.</summary>
    private const int AdviceMinLength = IcmpPacket.HeaderLength + Ipv4Packet.MinHeaderLength + 8;

    /// <summary><c>net.inet.icmp.bmcastecho</c>: answer echo requests sent to broadcast.</summary>
    public bool BroadcastEcho { get; set; }

    /// <summary><c>net.inet.icmp.quotelen</c>: bytes of the offending packet quoted after its header.</summary>
    public int QuoteLength { get; set; } = 548;

    private IcmpStatistics Stats => ip.IcmpStatistics;

    /// <summary><c>icmp_input</c>: the IP header is at <paramref name="offset"/> and was checked.</summary>
    public void Input(NetInterface ifp, Frame frame, int offset, bool broadcast)
    {
        var packet = Ipv4Packet.CreateUnchecked(frame.Data[offset..]);
        var payload = packet.Payload;
        if (!IcmpPacket.TryCreate(payload, out var icmp))
        {
            Stats.Increment(IcmpStat.TooShort);
            frame.Free();
            return;
        }
        if (!icmp.VerifyChecksum())
        {
            Stats.Increment(IcmpStat.Checksum);
            frame.Free();
            return;
        }
        byte type = icmp.Type;
        byte code = icmp.Code;
        Stats.CountInput(type);
        switch (type)
        {
            case IcmpType.Echo:
                if (broadcast && !BroadcastEcho)
                {
                    Stats.Increment(IcmpStat.BroadcastMulticastEcho);
                    frame.Free();
                    return;
                }
                icmp.SetType(IcmpType.EchoReply);
                icmp.FillChecksum();
                Stats.Increment(IcmpStat.Reflect);
                Stats.CountOutput(IcmpType.EchoReply);
                Reflect(ifp, frame, offset);
                return;
            case IcmpType.EchoReply:
                DeliverEchoReply(frame, offset);
                return;
            case IcmpType.Unreachable when code > 15:
            case IcmpType.TimeExceeded when code > 1:
            case IcmpType.ParameterProblem when code > 1:
                Stats.Increment(IcmpStat.BadCode);
                frame.Free();
                return;
            case IcmpType.Unreachable:
            case IcmpType.TimeExceeded:
            case IcmpType.ParameterProblem:
            case IcmpType.SourceQuench:
                if (payload.Length < AdviceMinLength ||
                    !Ipv4Packet.TryCreate(icmp.Data, out var inner) || inner.HeaderLength < Ipv4Packet.MinHeaderLength ||
                    icmp.Data.Length < inner.HeaderLength + 8)
                {
                    Stats.Increment(IcmpStat.BadLength);
                    frame.Free();
                    return;
                }
                DeliverError(frame, offset);
                return;
            default:
                frame.Free();
                return;
        }
    }

    /// <summary>
    /// <c>icmp_error</c>: answers the datagram at <paramref name="offset"/> with an error of
    /// <paramref name="type"/>/<paramref name="code"/> quoting its header and the first bytes,
    /// unless it must not be answered (an error itself, a later fragment, sent to broadcast).
    /// Takes the frame.
    /// </summary>
    public void Error(Frame frame, int offset, byte type, byte code, int mtu)
    {
        Stats.Increment(IcmpStat.Error);
        var original = Ipv4Packet.CreateUnchecked(frame.Data[offset..]);
        int headerLength = original.HeaderLength;
        int length = original.TotalLength;
        if ((original.FlagsAndOffset & Ipv4Packet.OffsetMask) != 0)
        {
            frame.Free();
            return;
        }
        if (original.Protocol == IpProtocol.Icmp && length >= headerLength + IcmpPacket.HeaderLength &&
            !IcmpType.IsInfo(frame.Data[offset + headerLength]))
        {
            Stats.Increment(IcmpStat.OldIcmp);
            frame.Free();
            return;
        }
        if (length < headerLength + 8)
        {
            Stats.Increment(IcmpStat.OldShort);
            frame.Free();
            return;
        }
        uint source = original.Source;
        if ((frame.Flags & (FrameFlags.Broadcast | FrameFlags.Multicast)) != 0 || InAddr.IsMulticast(original.Destination) ||
            original.Destination == InAddr.Broadcast)
        {
            frame.Free();
            return;
        }
        if (InAddr.IsMulticast(source) || InAddr.IsExperimental(source) || InAddr.IsZeroNet(source) || source == InAddr.Broadcast)
        {
            Stats.Increment(IcmpStat.BadAddress);
            frame.Free();
            return;
        }

        int quote = Math.Min(length, headerLength + QuoteLength);
        var error = EtherOutput.Rent(ip.Stack.Vnet.Kernel.Frames, Ipv4Packet.MinHeaderLength + IcmpPacket.HeaderLength + quote);
        var bytes = EtherOutput.Packet(error);
        var icmpBytes = bytes[Ipv4Packet.MinHeaderLength..];
        icmpBytes[0] = type;
        icmpBytes[1] = code;
        icmpBytes[2..8].Clear();
        if (type == IcmpType.Unreachable && code == IcmpType.UnreachNeedFrag)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(icmpBytes[6..], (ushort)mtu);
        frame.Data.Slice(offset, quote).CopyTo(icmpBytes[IcmpPacket.HeaderLength..]);
        uint originalDestination = original.Destination;
        var receivedOn = frame.ReceiveInterface;
        frame.Free();
        IcmpPacket.CreateUnchecked(icmpBytes).FillChecksum();
        Stats.CountOutput(type);
        Send(error, source, originalDestination, receivedOn);
    }

    /// <summary><c>icmp_reflect</c> for an echo: the reply goes back in the request's own frame.</summary>
    private void Reflect(NetInterface ifp, Frame frame, int offset)
    {
        var request = Ipv4Packet.CreateUnchecked(frame.Data[offset..]);
        uint destination = request.Source;
        uint requestedAddress = request.Destination;
        int headerLength = request.HeaderLength;
        int icmpLength = request.TotalLength - headerLength;
        // Options are not reflected: the ICMP message moves up behind a plain 20-byte header.
        var data = frame.Data;
        data.Slice(offset + headerLength, icmpLength).CopyTo(data[(EtherInput.HeaderLength + Ipv4Packet.MinHeaderLength)..]);
        frame.SetLength(EtherInput.HeaderLength + Ipv4Packet.MinHeaderLength + icmpLength);
        frame.Flags = FrameFlags.None;
        frame.ClearMetadata();
        Send(frame, destination, requestedAddress, ifp);
    }

    /// <summary>
    /// <c>icmp_send</c>: picks the source (the address the offending packet was sent to if it is
    /// ours, else the one the route back uses, else the receiving interface's) and sends.
    /// </summary>
    private void Send(Frame frame, uint destination, uint originalDestination, NetInterface? receivedOn)
    {
        frame.ReceiveInterface = null;
        if (ip.Lookup(destination, out var nextHop) != Errno.None)
        {
            Stats.Increment(IcmpStat.NoRoute);
            ip.Statistics.Increment(IpStat.NoRoute);
            frame.Free();
            return;
        }
        uint source;
        lock (ip.Lock)
        {
            source = ip.IsLocalAddressLocked(originalDestination) ? originalDestination : nextHop.Source;
            if (source == 0 && receivedOn is not null)
                source = ip.SourceForLocked(receivedOn, destination);
        }
        _ = ip.Output(frame, nextHop, source, destination, IpProtocol.Icmp, ip.Ttl, dontFragment: false);
    }
}

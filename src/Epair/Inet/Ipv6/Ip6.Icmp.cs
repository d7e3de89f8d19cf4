using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv6.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

// ICMPv6 (RFC 4443; icmp6.c): input with checksum, echo replies, errors with FreeBSD's
// suppression rules and rate limit (icmp6errppslim), and error notification to ping and UDP.
public sealed partial class Ip6
{
    /// <summary>IPV6_MMTU: an error never exceeds the minimum MTU (RFC 4443, 2.4 (c)).</summary>
    private const int MinimumMtu = 1280;

    private long _errorSecond = long.MinValue;
    private int _errorsThisSecond;

    /// <summary><c>icmp6_input</c>. Takes the frame.</summary>
    private void Icmp6Input(InterfaceState6 st, Frame frame, Ipv6Repr ip, int offset)
    {
        var packet = EtherOutput.Packet(frame);
        if (!Icmpv6Packet.TryCreate(packet[offset..], out var icmp))
        {
            Stats.Inc(Icmp6Stat.icp6s_tooshort);
            frame.Free();
            return;
        }
        if (Icmpv6Packet.ComputeChecksum(ip.Source, ip.Destination, icmp.Bytes) != 0)
        {
            Stats.Inc(Icmp6Stat.icp6s_checksum);
            frame.Free();
            return;
        }
        Stats.IncIcmpIn(icmp.Type);
        switch (icmp.Type)
        {
            case Icmpv6Type.EchoRequest:
                if (icmp.Code != 0)
                {
                    Stats.Inc(Icmp6Stat.icp6s_badcode);
                    frame.Free();
                    return;
                }
                EchoReply(st, frame, ip, offset);
                return;
            case Icmpv6Type.EchoReply:
                EchoReplyInput(st, ip, icmp);
                break;
            case Icmpv6Type.NeighborSolicitation:
                NeighborSolicitationInput(st, ip, icmp);
                break;
            case Icmpv6Type.NeighborAdvertisement:
                NeighborAdvertisementInput(st, ip, icmp);
                break;
            case Icmpv6Type.DestinationUnreachable:
            case Icmpv6Type.PacketTooBig:
            case Icmpv6Type.TimeExceeded:
            case Icmpv6Type.ParameterProblem:
                if (icmp.Bytes.Length < Icmpv6Packet.HeaderLength + Ipv6Packet.HeaderLength)
                {
                    Stats.Inc(Icmp6Stat.icp6s_tooshort);
                    break;
                }
                if (icmp.Type == Icmpv6Type.PacketTooBig)
                    LearnPathMtu(In6.Read(icmp.Body[24..40]), icmp.Word);
                ErrorInput(st, ip, icmp);
                break;
        }
        frame.Free();
    }

    /// <summary><c>icmp6_reflect</c> of an echo request: the same frame turned round, no copy.</summary>
    private void EchoReply(InterfaceState6 st, Frame frame, Ipv6Repr ip, int offset)
    {
        var source = In6.IsMulticast(ip.Destination) ? SelectSource(ip.Source, st) : ip.Destination;
        if (In6.IsUnspecified(source) || In6.IsUnspecified(ip.Source))
        {
            frame.Free();
            return;
        }
        var packet = Ipv6Packet.CreateUnchecked(EtherOutput.Packet(frame));
        if (offset != Ipv6Packet.HeaderLength)
        {
            // Drop the extension headers the request carried; the reply needs none.
            var bytes = packet.Bytes;
            bytes[offset..].CopyTo(bytes[Ipv6Packet.HeaderLength..]);
            frame.Length -= offset - Ipv6Packet.HeaderLength;
            packet = Ipv6Packet.CreateUnchecked(EtherOutput.Packet(frame));
            packet.PayloadLength = (ushort)(packet.Bytes.Length - Ipv6Packet.HeaderLength);
        }
        packet.NextHeader = IpProtocol.Icmpv6;
        packet.Source = source;
        packet.Destination = ip.Source;
        packet.HopLimit = (byte)Config.HopLimit;
        var icmp = Icmpv6Packet.CreateUnchecked(packet.Payload);
        icmp.Type = Icmpv6Type.EchoReply;
        icmp.FillChecksum(source, ip.Source);
        Stats.Inc(Icmp6Stat.icp6s_reflect);
        Stats.IncIcmpOut(Icmpv6Type.EchoReply);
        _ = SendLocked(frame, Route(ip.Source, st.Interface), mayFragment: true);
    }

    /// <summary>
    /// <c>icmp6_error</c>: an error about <paramref name="original"/> (an IPv6 packet at the
    /// Ethernet offset) to its source. The caller keeps the original frame.
    /// </summary>
    private void SendError(Frame original, NetInterface? arrivedOn, byte type, byte code, uint word)
    {
        Stats.Inc(Icmp6Stat.icp6s_error);
        var bytes = EtherOutput.Packet(original);
        if (!Ipv6Packet.TryCreate(bytes, out var packet))
            return;
        var ip = Ipv6Repr.Parse(packet);
        // Never about an ICMPv6 error or a redirect (RFC 4443, 2.4 (e)); never to a multicast
        // destination except packet too big and unknown option (e.3), never to a source that
        // does not name a single node (e.6).
        if (ip.NextHeader == IpProtocol.Icmpv6 && packet.Payload.Length >= 1 &&
            (Icmpv6Type.IsError(packet.Payload[0]) || packet.Payload[0] == Icmpv6Type.Redirect))
        {
            Stats.Inc(Icmp6Stat.icp6s_canterror);
            return;
        }
        if ((In6.IsMulticast(ip.Destination) && type != Icmpv6Type.PacketTooBig &&
             !(type == Icmpv6Type.ParameterProblem && code == Icmpv6Type.ParamProbOption)) ||
            In6.IsUnspecified(ip.Source) || In6.IsMulticast(ip.Source))
        {
            Stats.Inc(Icmp6Stat.icp6s_canterror);
            return;
        }
        if (!ErrorRateAllows())
        {
            Stats.Inc(Icmp6Stat.icp6s_toofreq);
            return;
        }
        var hop = Route(ip.Source, arrivedOn);
        if (hop.Error != Errno.None)
            return;
        var ours = In6.IsMulticast(ip.Destination) ? null : FindOurAddress(ip.Destination, arrivedOn);
        var source = ours is { IsUsable: true } ? ip.Destination : SelectSource(ip.Source, hop.State ?? StateOf(arrivedOn));
        if (In6.IsUnspecified(source))
            return;
        int quoted = Math.Min(bytes.Length, MinimumMtu - Ipv6Packet.HeaderLength - Icmpv6Packet.HeaderLength);
        var frame = RentIcmp(Icmpv6Packet.HeaderLength + quoted, source, ip.Source, (byte)Config.HopLimit);
        var icmp = Icmpv6Packet.CreateUnchecked(IcmpBody(frame));
        icmp.Type = type;
        icmp.Code = code;
        icmp.Word = word;
        bytes[..quoted].CopyTo(icmp.Body);
        icmp.FillChecksum(source, ip.Source);
        CountErrorOut(type, code);
        _ = SendLocked(frame, hop, mayFragment: false);
    }

    /// <summary><c>icmp6_ratelimit</c>: at most errppslimit errors a second; negative means no limit.</summary>
    private bool ErrorRateAllows()
    {
        int limit = Config.ErrorPpsLimit;
        if (limit < 0)
            return true;
        long second = NowMilliseconds / 1000;
        if (second != _errorSecond)
        {
            _errorSecond = second;
            _errorsThisSecond = 0;
        }
        return ++_errorsThisSecond <= limit;
    }

    private void CountErrorOut(byte type, byte code)
    {
        Stats.IncIcmpOut(type);
        Icmp6Stat? stat = (type, code) switch
        {
            (Icmpv6Type.DestinationUnreachable, Icmpv6Type.UnreachNoRoute) => Icmp6Stat.icp6s_odst_unreach_noroute,
            (Icmpv6Type.DestinationUnreachable, Icmpv6Type.UnreachAdmin) => Icmp6Stat.icp6s_odst_unreach_admin,
            (Icmpv6Type.DestinationUnreachable, Icmpv6Type.UnreachBeyondScope) => Icmp6Stat.icp6s_odst_unreach_beyondscope,
            (Icmpv6Type.DestinationUnreachable, Icmpv6Type.UnreachAddress) => Icmp6Stat.icp6s_odst_unreach_addr,
            (Icmpv6Type.DestinationUnreachable, Icmpv6Type.UnreachNoPort) => Icmp6Stat.icp6s_odst_unreach_noport,
            (Icmpv6Type.PacketTooBig, _) => Icmp6Stat.icp6s_opacket_too_big,
            (Icmpv6Type.TimeExceeded, Icmpv6Type.TimeExceedTransit) => Icmp6Stat.icp6s_otime_exceed_transit,
            (Icmpv6Type.TimeExceeded, Icmpv6Type.TimeExceedReassembly) => Icmp6Stat.icp6s_otime_exceed_reassembly,
            (Icmpv6Type.ParameterProblem, Icmpv6Type.ParamProbHeader) => Icmp6Stat.icp6s_oparamprob_header,
            (Icmpv6Type.ParameterProblem, Icmpv6Type.ParamProbNextHeader) => Icmp6Stat.icp6s_oparamprob_nextheader,
            (Icmpv6Type.ParameterProblem, Icmpv6Type.ParamProbOption) => Icmp6Stat.icp6s_oparamprob_option,
            _ => null,
        };
        if (stat is { } s)
            Stats.Inc(s);
    }

    /// <summary><c>icmp6_notify_error</c>: hands an error to whoever sent the packet it quotes (ping, UDP).</summary>
    private void ErrorInput(InterfaceState6 st, Ipv6Repr ip, Icmpv6Packet icmp)
    {
        var quoted = icmp.Body;
        if (!Ipv6Packet.TryCreate(quoted, out var inner))
        {
            // Errors quote at most what fits in 1280 bytes; take the header and what follows as is.
            inner = Ipv6Packet.CreateUnchecked(quoted);
        }
        var innerBytes = inner.Bytes;
        if (innerBytes.Length < Ipv6Packet.HeaderLength + 8)
            return;
        var upper = innerBytes[Ipv6Packet.HeaderLength..];
        if (inner.NextHeader == IpProtocol.Icmpv6 && upper[0] == Icmpv6Type.EchoRequest)
        {
            var echo = Icmpv6Packet.CreateUnchecked(upper);
            if (_pings.TryGetValue(echo.Identifier, out var ping))
                ping.OnError(In6.ToIPAddress(ip.Source, st.Interface.Index), echo.Sequence, icmp.Type, icmp.Code, icmp.Word, icmp.Bytes.Length);
        }
        else if (inner.NextHeader == IpProtocol.Udp)
        {
            var udp = UdpPacket.CreateUnchecked(upper);
            if (_udp.TryGetValue(udp.SourcePort, out var socket))
                socket.OnError(icmp.Type, icmp.Code);
        }
    }
}

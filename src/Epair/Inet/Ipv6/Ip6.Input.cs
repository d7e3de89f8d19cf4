using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv6.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

// ip6_input: header checks, the decision between local delivery, forwarding and drop, then the
// extension header chain up to ICMPv6 or UDP (RFC 8200, sections 3 and 4).
public sealed partial class Ip6
{
    /// <summary>Extension headers walked per packet before giving up (<c>ip6s_toomanyhdr</c>).</summary>
    private const int MaxExtensionHeaders = 16;

    /// <summary><c>ip6_input</c>: an IPv6 packet starting at <paramref name="offset"/>; the stack owns the frame.</summary>
    internal void Input(NetInterface ifp, Frame frame, int offset)
    {
        int mark = PendingOutput.Mark();
        lock (Lock)
        {
            InputLocked(ifp, frame, offset);
        }
        PendingOutput.Flush(this, mark);
    }

    private void InputLocked(NetInterface ifp, Frame frame, int offset)
    {
        Stats.Inc(Ip6Stat.ip6s_total);
        var st = StateOf(ifp);
        if (st is null || st.IsDisabled)
        {
            // IPv6 is off on this interface (ifs6_in_discard in FreeBSD's per-interface stats).
            frame.Free();
            return;
        }
        if (offset != EtherInput.HeaderLength)
        {
            // Everything below keeps the packet at the Ethernet offset, so output can reuse the frame.
            var data = frame.Data;
            data[offset..].CopyTo(data[EtherInput.HeaderLength..]);
            frame.Length = frame.Length - offset + EtherInput.HeaderLength;
        }
        var bytes = EtherOutput.Packet(frame);
        if (bytes.Length < Ipv6Packet.HeaderLength)
        {
            Drop(frame, Ip6Stat.ip6s_toosmall);
            return;
        }
        if (bytes[0] >> 4 != 6)
        {
            Drop(frame, Ip6Stat.ip6s_badvers);
            return;
        }
        if (!Ipv6Packet.TryCreate(bytes, out var packet) || packet.PayloadLength == 0)
        {
            // A zero payload length means a jumbogram, which no Ethernet link carries.
            Drop(frame, Ip6Stat.ip6s_tooshort);
            return;
        }
        // Drop link padding past the payload.
        frame.Length = EtherInput.HeaderLength + packet.Bytes.Length;
        var ip = Ipv6Repr.Parse(packet);
        Stats.IncNextHeader(ip.NextHeader);

        // RFC 4291 section 2.5.2/2.7 and ip6_input's checks: no multicast or loopback source, no
        // loopback or IPv4-mapped address from a wire, no interface-local multicast from a wire.
        bool fromLoopback = (ifp.Flags & InterfaceFlags.Loopback) != 0;
        if (In6.IsMulticast(ip.Source) || (!fromLoopback && (In6.IsLoopback(ip.Source) || In6.IsLoopback(ip.Destination))) ||
            In6.IsV4Mapped(ip.Source) || In6.IsV4Mapped(ip.Destination) ||
            (In6.IsMulticast(ip.Destination) && In6.MulticastScope(ip.Destination) <= 1) ||
            In6.IsUnspecified(ip.Destination))
        {
            Drop(frame, Ip6Stat.ip6s_badscope);
            return;
        }

        if (In6.IsMulticast(ip.Destination))
        {
            if (!st.Groups.ContainsKey(ip.Destination))
            {
                Drop(frame, Ip6Stat.ip6s_notmember);
                return;
            }
        }
        else
        {
            var ours = FindOurAddress(ip.Destination, ifp);
            if (ours is null)
            {
                if (In6.IsLinkLocal(ip.Destination) && FindAnyInterfaceAddress(ip.Destination))
                {
                    // Our link-local address, but on another link: never accepted across zones.
                    Drop(frame, Ip6Stat.ip6s_badscope);
                    return;
                }
                Forward(st, frame, ip);
                return;
            }
            if (!ours.IsUsable)
            {
                // Packets to a tentative or duplicated address must not be accepted (RFC 4862, 5.4).
                Drop(frame, Ip6Stat.ip6s_badscope);
                return;
            }
        }

        Stats.Inc(Ip6Stat.ip6s_delivered);
        Deliver(st, frame, ip, ip.NextHeader, Ipv6Packet.HeaderLength, 6);
    }

    private bool FindAnyInterfaceAddress(UInt128 a)
    {
        foreach (var st in _interfaces.Values)
        {
            if (st.FindAddress(a) is not null)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Walks the extension headers from <paramref name="offset"/> (relative to the IPv6 header);
    /// <paramref name="nextHeaderField"/> is where the current header's type was named, the
    /// pointer a parameter problem reports.
    /// </summary>
    private void Deliver(InterfaceState6 st, Frame frame, Ipv6Repr ip, byte nextHeader, int offset, int nextHeaderField)
    {
        for (int count = 0; ; count++)
        {
            var packet = EtherOutput.Packet(frame);
            if (count > MaxExtensionHeaders)
            {
                Drop(frame, Ip6Stat.ip6s_toomanyhdr);
                return;
            }
            switch (nextHeader)
            {
                case IpProtocol.HopOptions:
                case IpProtocol.DestinationOptions:
                case IpProtocol.Routing:
                {
                    if (nextHeader == IpProtocol.HopOptions && offset != Ipv6Packet.HeaderLength)
                    {
                        // Hop-by-hop options may only follow the IPv6 header (RFC 8200, 4.3).
                        ParameterProblem(frame, st, Icmpv6Type.ParamProbNextHeader, nextHeaderField);
                        return;
                    }
                    if (offset + 2 > packet.Length || offset + (packet[offset + 1] + 1) * 8 > packet.Length)
                    {
                        Drop(frame, Ip6Stat.ip6s_tooshort);
                        return;
                    }
                    int length = (packet[offset + 1] + 1) * 8;
                    if (nextHeader == IpProtocol.Routing)
                    {
                        if (packet[offset + 3] != 0)
                        {
                            // No routing header type is processed here; with segments left it is an error (RFC 8200, 4.4).
                            ParameterProblem(frame, st, Icmpv6Type.ParamProbHeader, offset + 2);
                            return;
                        }
                    }
                    else if (!ProcessOptions(frame, st, ip, offset, length))
                    {
                        return;
                    }
                    nextHeaderField = offset;
                    nextHeader = packet[offset];
                    offset += length;
                    continue;
                }
                case IpProtocol.Fragment:
                    FragmentInput(st, frame, ip, offset, nextHeaderField);
                    return;
                case IpProtocol.Icmpv6:
                    Icmp6Input(st, frame, ip, offset);
                    return;
                case IpProtocol.Udp:
                    UdpInput(st, frame, ip, offset);
                    return;
                case IpProtocol.NoNextHeader:
                    frame.Free();
                    return;
                default:
                    // Nobody takes this protocol: rip6_input's parameter problem (RFC 8200, 4).
                    ParameterProblem(frame, st, Icmpv6Type.ParamProbNextHeader, nextHeaderField);
                    return;
            }
        }
    }

    /// <summary>
    /// <c>ip6_process_hopopts</c>/<c>dest6_input</c>: unknown options act on their two high bits
    /// (RFC 8200, 4.2). False when the frame was consumed.
    /// </summary>
    private bool ProcessOptions(Frame frame, InterfaceState6 st, Ipv6Repr ip, int offset, int length)
    {
        var packet = EtherOutput.Packet(frame);
        int end = offset + length;
        int i = offset + 2;
        while (i < end)
        {
            byte type = packet[i];
            if (type == 0)
            {
                i++;
                continue;
            }
            if (i + 2 > end || i + 2 + packet[i + 1] > end)
            {
                Drop(frame, Ip6Stat.ip6s_badoptions);
                return false;
            }
            // PadN and router alert are understood; everything else is unknown here.
            if (type is not (1 or 5))
            {
                switch (type >> 6)
                {
                    case 1:
                        Drop(frame, Ip6Stat.ip6s_badoptions);
                        return false;
                    case 2:
                        Stats.Inc(Ip6Stat.ip6s_badoptions);
                        ParameterProblem(frame, st, Icmpv6Type.ParamProbOption, i);
                        return false;
                    case 3:
                        Stats.Inc(Ip6Stat.ip6s_badoptions);
                        if (In6.IsMulticast(ip.Destination))
                            frame.Free();
                        else
                            ParameterProblem(frame, st, Icmpv6Type.ParamProbOption, i);
                        return false;
                }
            }
            i += 2 + packet[i + 1];
        }
        return true;
    }

    /// <summary>Sends a parameter problem about <paramref name="frame"/> and frees it.</summary>
    private void ParameterProblem(Frame frame, InterfaceState6 st, byte code, int pointer)
    {
        SendError(frame, st.Interface, Icmpv6Type.ParameterProblem, code, (uint)pointer);
        frame.Free();
    }

    private void Drop(Frame frame, Ip6Stat reason)
    {
        Stats.Inc(reason);
        frame.Free();
    }
}

using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv6.Wire;

namespace Epair.Inet.Ipv6;

// ip6_forward: a packet for someone else goes on when net.inet6.ip6.forwarding is set, in the
// same frame, with the hop limit decremented; otherwise the errors RFC 4443 asks for.
public sealed partial class Ip6
{
    private void Forward(InterfaceState6 inbound, Frame frame, Ipv6Repr ip)
    {
        if (Config.Forwarding == 0)
        {
            Drop(frame, Ip6Stat.ip6s_cantforward);
            return;
        }
        if ((frame.Flags & (FrameFlags.Broadcast | FrameFlags.Multicast)) != 0 || In6.IsUnspecified(ip.Source))
        {
            Drop(frame, Ip6Stat.ip6s_cantforward);
            return;
        }
        if (In6.IsLinkLocal(ip.Destination))
        {
            // Someone else's link-local address: it names a node on this link only (RFC 4007, 9).
            Stats.Inc(Ip6Stat.ip6s_cantforward);
            Drop(frame, Ip6Stat.ip6s_badscope);
            return;
        }
        if (In6.IsLinkLocal(ip.Source))
        {
            // A link-local source never leaves its link (RFC 4291, 2.5.6): beyond scope.
            Stats.Inc(Ip6Stat.ip6s_cantforward);
            Stats.Inc(Ip6Stat.ip6s_badscope);
            SendError(frame, inbound.Interface, Icmpv6Type.DestinationUnreachable, Icmpv6Type.UnreachBeyondScope, 0);
            frame.Free();
            return;
        }
        if (ip.HopLimit <= 1)
        {
            SendError(frame, inbound.Interface, Icmpv6Type.TimeExceeded, Icmpv6Type.TimeExceedTransit, 0);
            frame.Free();
            return;
        }
        var route = _routes.Lookup(ip.Destination, null);
        var outbound = route is null ? null : StateOf(route.Interface);
        if (outbound is null || outbound.IsDisabled || !outbound.Interface.IsUpAndRunning)
        {
            Stats.Inc(Ip6Stat.ip6s_noroute);
            Stats.Inc(Ip6Stat.ip6s_cantforward);
            SendError(frame, inbound.Interface, Icmpv6Type.DestinationUnreachable, Icmpv6Type.UnreachNoRoute, 0);
            frame.Free();
            return;
        }
        if (route!.Discards)
        {
            // ip6_forward: a discard route counts as not forwardable; a reject route says so.
            Stats.Inc(Ip6Stat.ip6s_cantforward);
            if ((route.Flags & Route6Flags.Reject) != 0)
                SendError(frame, inbound.Interface, Icmpv6Type.DestinationUnreachable, Icmpv6Type.UnreachReject, 0);
            frame.Free();
            return;
        }
        int length = frame.Length - EtherInput.HeaderLength;
        if (length > outbound.Interface.Mtu)
        {
            // Routers never fragment (RFC 8200, 5): the source learns the path MTU instead.
            Stats.Inc(Ip6Stat.ip6s_cantfrag);
            SendError(frame, inbound.Interface, Icmpv6Type.PacketTooBig, 0, (uint)outbound.Interface.Mtu);
            frame.Free();
            return;
        }
        var packet = Ipv6Packet.CreateUnchecked(EtherOutput.Packet(frame));
        packet.HopLimit = (byte)(ip.HopLimit - 1);
        ResetForOutput(frame);
        Stats.Inc(Ip6Stat.ip6s_forward);
        ResolveAndSend(outbound, frame, route!.HasGateway ? route.Gateway : ip.Destination, ip.Source);
    }
}

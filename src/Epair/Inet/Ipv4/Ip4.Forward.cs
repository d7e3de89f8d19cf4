using Epair.Frames;
using Epair.Inet.Ipv4.Statistics;
using Epair.Inet.Ipv4.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

// ip_tryforward / ip_forward: a router's path, reusing the received frame in place.
public sealed partial class Ip4
{
    private void Forward(NetInterface ifp, Frame frame, int offset)
    {
        var ip = Ipv4Packet.CreateUnchecked(frame.Data[offset..]);
        uint source = ip.Source;
        uint destination = ip.Destination;
        // Only unicast between ordinary addresses is forwarded (in_canforward and the checks
        // ip_tryforward makes before it touches the packet).
        if ((frame.Flags & (FrameFlags.Broadcast | FrameFlags.Multicast)) != 0 ||
            (ifp.Flags & InterfaceFlags.Loopback) != 0 ||
            source == InAddr.Broadcast || InAddr.IsMulticast(source) || InAddr.IsMulticast(destination) ||
            InAddr.IsLinkLocal(source) || InAddr.IsLinkLocal(destination) ||
            source == InAddr.Any || InAddr.IsZeroNet(destination) || InAddr.IsExperimental(destination))
        {
            Statistics.Increment(IpStat.CantForward);
            frame.Free();
            return;
        }
        if (ip.Ttl <= 1)
        {
            Icmp.Error(frame, offset, IcmpType.TimeExceeded, IcmpType.TimeExceededInTransit, 0);
            return;
        }
        if (Lookup(destination, out var nextHop) != Errno.None || (nextHop.Flags & Routing.RouteFlags.Local) != 0)
        {
            Statistics.Increment(IpStat.NoRoute);
            Statistics.Increment(IpStat.CantForward);
            Icmp.Error(frame, offset, IcmpType.Unreachable, IcmpType.UnreachHost, 0);
            return;
        }
        if (nextHop.IsBlackhole)
        {
            // ip_findroute counts a discard route as not forwardable, silently.
            Statistics.Increment(IpStat.CantForward);
            frame.Free();
            return;
        }
        if (nextHop.IsReject)
        {
            Statistics.Increment(IpStat.CantForward);
            Icmp.Error(frame, offset, IcmpType.Unreachable, IcmpType.UnreachHost, 0);
            return;
        }
        int mtu = nextHop.Interface.Mtu;
        if (ip.TotalLength > mtu && ip.DontFragmentSet)
        {
            Statistics.Increment(IpStat.CantFrag);
            Statistics.Increment(IpStat.CantForward);
            Icmp.Error(frame, offset, IcmpType.Unreachable, IcmpType.UnreachNeedFrag, mtu);
            return;
        }

        ip.SetTtl((byte)(ip.Ttl - 1));
        ip.FillChecksum();
        MoveToOutputOffset(frame, offset);
        frame.ReceiveInterface = null;
        frame.Flags = FrameFlags.None;
        frame.ClearMetadata();
        Statistics.Increment(IpStat.Forward);
        Statistics.Increment(IpStat.FastForward);
        _ = Transmit(frame, nextHop);
    }
}

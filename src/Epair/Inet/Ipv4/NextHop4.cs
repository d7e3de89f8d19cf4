using Epair.Inet.Ipv4.Routing;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

/// <summary>
/// The result of a route lookup (<c>struct nhop_object</c>): the interface, the address the
/// frame is resolved for (the gateway, or the destination itself), the source address to use.
/// </summary>
internal readonly record struct NextHop4(NetInterface Interface, uint Address, uint Source, RouteFlags Flags)
{
    public bool IsBlackhole => (Flags & RouteFlags.Blackhole) != 0;
    public bool IsReject => (Flags & RouteFlags.Reject) != 0;
}

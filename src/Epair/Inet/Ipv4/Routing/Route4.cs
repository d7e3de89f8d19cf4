using System.Net;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4.Routing;

/// <summary>
/// One IPv4 route (<c>struct rtentry</c> with its nexthop): a destination prefix, where packets
/// for it go (an interface, and a gateway when <see cref="RouteFlags.Gateway"/> is set), and flags.
/// </summary>
public sealed class Route4
{
    internal Route4(uint destination, int prefixLength, uint gateway, NetInterface ifp, RouteFlags flags, uint interfaceAddress)
    {
        DestinationValue = destination;
        PrefixLength = prefixLength;
        GatewayValue = gateway;
        Interface = ifp;
        Flags = flags;
        InterfaceAddressValue = interfaceAddress;
    }

    internal uint DestinationValue { get; }
    internal uint GatewayValue { get; }
    /// <summary>The source address this route prefers (<c>nh_ifa</c>).</summary>
    internal uint InterfaceAddressValue { get; }

    /// <summary>The destination network (or host).</summary>
    public IPAddress Destination => InAddr.ToIPAddress(DestinationValue);

    /// <summary>The prefix length: 32 for host routes, 0 for the default route.</summary>
    public int PrefixLength { get; }

    /// <summary>The gateway, or null for a directly connected destination.</summary>
    public IPAddress? Gateway => (Flags & RouteFlags.Gateway) != 0 ? InAddr.ToIPAddress(GatewayValue) : null;

    /// <summary>The interface packets leave by (<c>nh_ifp</c>).</summary>
    public NetInterface Interface { get; }

    /// <summary>The route's flags.</summary>
    public RouteFlags Flags { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Destination}/{PrefixLength} {(Gateway is null ? "link#" + Interface.Index : Gateway.ToString())} {Interface.Name} {Flags}";
}

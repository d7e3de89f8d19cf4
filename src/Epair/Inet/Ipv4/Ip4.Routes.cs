using System.Net;
using Epair.Inet.Ipv4.Routing;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

// The routing table's control plane (route add/delete/get) and the data path's lookup.
public sealed partial class Ip4
{
    /// <summary>
    /// Adds a static route (<c>route add</c>). With a <paramref name="gateway"/> the route gets
    /// <see cref="RouteFlags.Gateway"/> and the interface is the one the gateway is directly
    /// reachable by (ENETUNREACH when none is); without one, <paramref name="ifp"/> names the
    /// interface (<c>-interface</c>). <see cref="RouteFlags.Blackhole"/> and
    /// <see cref="RouteFlags.Reject"/> may be given in <paramref name="flags"/>. EEXIST ("route
    /// already in table") when the prefix is taken, EINVAL for a bad prefix length.
    /// </summary>
    /// <param name="destination">The destination network or host (0.0.0.0 with length 0 for the default route).</param>
    /// <param name="prefixLength">0–32; 32 makes a host route.</param>
    /// <param name="gateway">The next router, or null.</param>
    /// <param name="flags">Extra flags: <see cref="RouteFlags.Blackhole"/> or <see cref="RouteFlags.Reject"/>.</param>
    /// <param name="ifp">The interface for a route without gateway.</param>
    public Route4 AddRoute(IPAddress destination, int prefixLength, IPAddress? gateway, RouteFlags flags = RouteFlags.None,
        NetInterface? ifp = null)
    {
        const string op = "route add";
        uint dst = InAddr.FromIPAddress(destination, op);
        if (prefixLength is < 0 or > 32)
            throw new ErrnoException(Errno.EINVAL, op);
        dst &= InAddr.Mask(prefixLength);
        flags = (flags & (RouteFlags.Blackhole | RouteFlags.Reject)) | RouteFlags.Up | RouteFlags.Static;
        if (prefixLength == 32)
            flags |= RouteFlags.Host;
        lock (Lock)
        {
            uint gw = 0;
            uint source = 0;
            if (gateway is not null)
            {
                gw = InAddr.FromIPAddress(gateway, op);
                flags |= RouteFlags.Gateway;
                // The gateway must be on a connected network (or one of our own addresses for
                // blackhole/reject routes via 127.0.0.1), as rt_getifa_fib demands.
                var via = _routes.Lookup(gw);
                if (via is null || (via.Flags & (RouteFlags.Gateway | RouteFlags.Blackhole | RouteFlags.Reject)) != 0)
                    throw new ErrnoException(Errno.ENETUNREACH, op);
                ifp ??= via.Interface;
                source = via.InterfaceAddressValue;
            }
            else if (ifp is null)
            {
                if ((flags & (RouteFlags.Blackhole | RouteFlags.Reject)) == 0)
                    throw new ErrnoException(Errno.EINVAL, op);
                ifp = _stack.Loopback ?? throw new ErrnoException(Errno.ENETUNREACH, op);
            }
            else if (ifp.Vnet?.Inet != _stack)
            {
                throw new ErrnoException(Errno.ENXIO, op);
            }
            if (source == 0)
                source = SourceForLocked(ifp, gw != 0 ? gw : dst);
            var route = new Route4(dst, prefixLength, gw, ifp, flags, source);
            if (!_routes.TryAdd(route))
                throw new ErrnoException(Errno.EEXIST, op);
            return route;
        }
    }

    /// <summary>Deletes the route for exactly this prefix (<c>route delete</c>); ESRCH ("not in table") when there is none.</summary>
    public void DeleteRoute(IPAddress destination, int prefixLength)
    {
        const string op = "route delete";
        uint dst = InAddr.FromIPAddress(destination, op);
        if (prefixLength is < 0 or > 32)
            throw new ErrnoException(Errno.EINVAL, op);
        lock (Lock)
        {
            var route = _routes.Find(dst, prefixLength) ?? throw new ErrnoException(Errno.ESRCH, op);
            _routes.Remove(route);
        }
    }

    /// <summary>
    /// Replaces the gateway, interface and flags of the route for exactly this prefix
    /// (<c>route change</c>), checked as <see cref="AddRoute"/> checks them. ESRCH ("not in
    /// table") when there is no such route; on any other error the old route stays.
    /// </summary>
    public Route4 ChangeRoute(IPAddress destination, int prefixLength, IPAddress? gateway, RouteFlags flags = RouteFlags.None,
        NetInterface? ifp = null)
    {
        const string op = "route change";
        uint dst = InAddr.FromIPAddress(destination, op);
        if (prefixLength is < 0 or > 32)
            throw new ErrnoException(Errno.EINVAL, op);
        lock (Lock)
        {
            var old = _routes.Find(dst, prefixLength) ?? throw new ErrnoException(Errno.ESRCH, op);
            _routes.Remove(old);
            try
            {
                return AddRoute(destination, prefixLength, gateway, flags, ifp);
            }
            catch (ErrnoException)
            {
                _routes.TryAdd(old);
                throw;
            }
        }
    }

    /// <summary>The route that would carry a packet to <paramref name="destination"/> (<c>route get</c>); ESRCH when none.</summary>
    public Route4 GetRoute(IPAddress destination)
    {
        uint dst = InAddr.FromIPAddress(destination, "route get");
        lock (Lock)
            return _routes.Lookup(dst) ?? throw new ErrnoException(Errno.ESRCH, "route get");
    }

    /// <summary>Every route, most specific first (<c>netstat -rn -f inet</c>).</summary>
    public IReadOnlyList<Route4> Routes
    {
        get { lock (Lock) return _routes.Snapshot(); }
    }

    /// <summary>
    /// <c>fib4_lookup</c>: the next hop for <paramref name="destination"/>; EHOSTUNREACH when no
    /// route covers it (<c>ips_noroute</c> is the caller's to count).
    /// </summary>
    internal Errno Lookup(uint destination, out NextHop4 nextHop)
    {
        lock (Lock)
            return LookupLocked(destination, out nextHop);
    }

    internal Errno LookupLocked(uint destination, out NextHop4 nextHop)
    {
        var route = _routes.Lookup(destination);
        if (route is null)
        {
            nextHop = default;
            return Errno.EHOSTUNREACH;
        }
        uint address = (route.Flags & RouteFlags.Gateway) != 0 ? route.GatewayValue : destination;
        uint source = route.InterfaceAddressValue;
        if ((route.Flags & RouteFlags.Local) != 0)
            source = destination;
        nextHop = new NextHop4(route.Interface, address, source, route.Flags);
        return Errno.None;
    }

    /// <summary>Text for a routing error in route(8)'s words.</summary>
    public static string DescribeRouteError(Errno error) => error switch
    {
        Errno.EEXIST => "route already in table",
        Errno.ESRCH => "not in table",
        Errno.ENETUNREACH => "Network is unreachable",
        _ => ErrnoText.Of(error),
    };
}

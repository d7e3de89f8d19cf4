using System.Net;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

// The routing table's control side (`route add -inet6`, `netstat -rn -f inet6`).
public sealed partial class Ip6
{
    /// <summary>
    /// Adds a static route (<c>route add -inet6 DEST/LEN GATEWAY</c>); <c>::/0</c> is the default
    /// route. A link-local gateway needs its interface (<paramref name="ifp"/> or the address'
    /// scope id); a global one must be on a connected prefix. Without a gateway the route points
    /// straight out of <paramref name="ifp"/>. <see cref="Route6Flags.Blackhole"/> or
    /// <see cref="Route6Flags.Reject"/> in <paramref name="flags"/> make a discard route, which
    /// needs no gateway (or has <c>::1</c>) and sits on lo0.
    /// </summary>
    /// <exception cref="ErrnoException">EINVAL for bad arguments, ENETUNREACH when the gateway is
    /// not on a connected prefix, EEXIST when the route exists.</exception>
    /// <param name="destination">The prefix (<c>::</c> with length 0 for the default route).</param>
    /// <param name="prefixLength">0–128; 128 makes a host route.</param>
    /// <param name="gateway">The next router, or null.</param>
    /// <param name="ifp">The interface, for a route without gateway or a link-local gateway.</param>
    /// <param name="flags">Extra flags: <see cref="Route6Flags.Blackhole"/> or <see cref="Route6Flags.Reject"/>.</param>
    public void AddRoute(IPAddress destination, int prefixLength, IPAddress? gateway, NetInterface? ifp = null,
        Route6Flags flags = Route6Flags.None)
    {
        var prefix = In6.FromIPAddress(destination);
        if (prefixLength is < 0 or > 128)
            throw new ErrnoException(Errno.EINVAL, "route");
        prefix &= In6.Mask(prefixLength);
        flags = (flags & (Route6Flags.Blackhole | Route6Flags.Reject)) |
            Route6Flags.Up | Route6Flags.Static | (prefixLength == 128 ? Route6Flags.Host : Route6Flags.None);
        bool discard = (flags & (Route6Flags.Blackhole | Route6Flags.Reject)) != 0;
        lock (Lock)
        {
            UInt128 via = UInt128.Zero;
            if (discard && (gateway is null || In6.IsLoopback(In6.FromIPAddress(gateway))))
            {
                // A discard route goes nowhere: lo0 carries it, through ::1 when one was named.
                ifp = _stack.Loopback ?? throw new ErrnoException(Errno.ENETUNREACH, "route");
                if (gateway is not null)
                {
                    via = UInt128.One;
                    flags |= Route6Flags.Gateway;
                }
            }
            else if (gateway is not null)
            {
                via = In6.FromIPAddress(gateway);
                if (In6.IsMulticast(via) || In6.IsUnspecified(via))
                    throw new ErrnoException(Errno.EINVAL, "route");
                if (ifp is null && gateway.ScopeId != 0)
                    ifp = _stack.Vnet.FindInterface((int)gateway.ScopeId);
                if (ifp is null)
                {
                    var connected = In6.NeedsScope(via) ? null : _routes.Lookup(via, null);
                    if (connected is null || connected.HasGateway)
                        throw new ErrnoException(Errno.ENETUNREACH, "route");
                    ifp = connected.Interface;
                }
                flags |= Route6Flags.Gateway;
            }
            if (ifp is null)
                throw new ErrnoException(Errno.EINVAL, "route");
            RequireState(ifp, "route");
            ErrnoException.ThrowIfError(_routes.Add(new Route6(prefix, prefixLength, via, ifp, flags)), "route");
        }
    }

    /// <summary>Deletes a route (<c>route delete -inet6 DEST/LEN</c>); ESRCH when there is none.</summary>
    public void DeleteRoute(IPAddress destination, int prefixLength, NetInterface? ifp = null)
    {
        var prefix = In6.FromIPAddress(destination) & In6.Mask(prefixLength);
        lock (Lock)
            ErrnoException.ThrowIfError(_routes.Remove(prefix, prefixLength, ifp), "route");
    }

    /// <summary>
    /// Replaces the gateway and interface of the route for exactly this prefix (<c>route change
    /// -inet6</c>), checked as <see cref="AddRoute"/> checks them; ESRCH when there is none, and
    /// on any other error the old route stays.
    /// </summary>
    public void ChangeRoute(IPAddress destination, int prefixLength, IPAddress? gateway, NetInterface? ifp = null,
        Route6Flags flags = Route6Flags.None)
    {
        if (prefixLength is < 0 or > 128)
            throw new ErrnoException(Errno.EINVAL, "route");
        var prefix = In6.FromIPAddress(destination) & In6.Mask(prefixLength);
        lock (Lock)
        {
            var old = FindExactLocked(prefix, prefixLength, ifp) ?? throw new ErrnoException(Errno.ESRCH, "route");
            _ = _routes.Remove(old.Prefix, old.PrefixLength, old.Interface);
            try
            {
                AddRoute(destination, prefixLength, gateway, ifp, flags);
            }
            catch (ErrnoException)
            {
                _ = _routes.Add(old);
                throw;
            }
        }
    }

    /// <summary>
    /// The route that would carry a packet to <paramref name="destination"/> (<c>route get
    /// -inet6</c>); a link-local destination needs its zone (the address' scope id). ESRCH when
    /// no route covers it.
    /// </summary>
    public Route6Info GetRoute(IPAddress destination)
    {
        var a = In6.FromIPAddress(destination);
        lock (Lock)
        {
            NetInterface? scope = null;
            if (In6.NeedsScope(a) && destination.ScopeId != 0)
                scope = _stack.Vnet.FindInterface((int)destination.ScopeId);
            var r = _routes.Lookup(a, scope) ?? throw new ErrnoException(Errno.ESRCH, "route");
            return ToInfo(r);
        }
    }

    private Route6? FindExactLocked(UInt128 prefix, int prefixLength, NetInterface? scope)
    {
        foreach (var r in _routes.Routes)
        {
            if (r.Prefix == prefix && r.PrefixLength == prefixLength && (scope is null || r.Interface == scope))
                return r;
        }
        return null;
    }

    private static Route6Info ToInfo(Route6 r) =>
        new(In6.ToIPAddress(r.Prefix, r.Interface.Index), r.PrefixLength,
            r.HasGateway ? In6.ToIPAddress(r.Gateway, r.Interface.Index) : null, r.Interface, r.Flags);

    /// <summary>The routing table, most specific first (<c>netstat -rn -f inet6</c>).</summary>
    public IReadOnlyList<Route6Info> GetRoutes()
    {
        lock (Lock)
        {
            var list = new List<Route6Info>(_routes.Routes.Count);
            foreach (var r in _routes.Routes)
                list.Add(ToInfo(r));
            return list;
        }
    }
}

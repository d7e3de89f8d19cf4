namespace Epair.Inet.Ipv6;

/// <summary>
/// The IPv6 forwarding table of one vnet: longest-prefix match over a list kept sorted by
/// prefix length, longest first. Small tables are the norm here, and a linear walk over an
/// array allocates nothing; guarded by the stack lock.
/// </summary>
internal sealed class RouteTable6
{
    private readonly List<Route6> _routes = [];

    public IReadOnlyList<Route6> Routes => _routes;

    /// <summary>Adds a route; EEXIST when one with the same prefix (and, for scoped prefixes, interface) exists.</summary>
    public Errno Add(Route6 route)
    {
        int at = _routes.Count;
        for (int i = 0; i < _routes.Count; i++)
        {
            var r = _routes[i];
            if (r.PrefixLength == route.PrefixLength && r.Prefix == route.Prefix &&
                (!In6.NeedsScope(route.Prefix) || r.Interface == route.Interface))
                return Errno.EEXIST;
            if (r.PrefixLength < route.PrefixLength && at == _routes.Count)
                at = i;
        }
        _routes.Insert(at, route);
        return Errno.None;
    }

    /// <summary>Removes the route for a prefix; ESRCH when there is none.</summary>
    public Errno Remove(UInt128 prefix, int prefixLength, Interfaces.NetInterface? scope)
    {
        for (int i = 0; i < _routes.Count; i++)
        {
            var r = _routes[i];
            if (r.Prefix == prefix && r.PrefixLength == prefixLength && (scope is null || r.Interface == scope))
            {
                _routes.RemoveAt(i);
                return Errno.None;
            }
        }
        return Errno.ESRCH;
    }

    /// <summary>Removes every route through <paramref name="ifp"/> (interface detach).</summary>
    public void RemoveInterface(Interfaces.NetInterface ifp) => _routes.RemoveAll(r => r.Interface == ifp);

    /// <summary>
    /// The most specific route to <paramref name="destination"/>; for a scoped destination only
    /// routes through <paramref name="scope"/> qualify (a zone never leaks to another link).
    /// </summary>
    public Route6? Lookup(UInt128 destination, Interfaces.NetInterface? scope)
    {
        foreach (var r in _routes)
        {
            if (scope is not null && r.Interface != scope)
                continue;
            if (In6.PrefixMatches(destination, r.Prefix, r.PrefixLength))
                return r;
        }
        return null;
    }
}

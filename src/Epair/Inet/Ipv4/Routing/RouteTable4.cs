namespace Epair.Inet.Ipv4.Routing;

/// <summary>
/// A longest-prefix-match table: one hash map per prefix length, searched from /32 down, which
/// needs no allocation per lookup and at most 33 probes. The caller holds the stack's lock.
/// </summary>
internal sealed class RouteTable4
{
    private readonly Dictionary<uint, Route4>?[] _byLength = new Dictionary<uint, Route4>?[33];
    // Bit n set when some route of prefix length n exists, so lookups skip empty lengths.
    private ulong _lengthsPresent;

    public int Count { get; private set; }

    public bool TryAdd(Route4 route)
    {
        var map = _byLength[route.PrefixLength] ??= [];
        if (!map.TryAdd(route.DestinationValue, route))
            return false;
        _lengthsPresent |= 1UL << route.PrefixLength;
        Count++;
        return true;
    }

    /// <summary>The route for exactly this prefix, or null.</summary>
    public Route4? Find(uint destination, int prefixLength)
    {
        var map = _byLength[prefixLength];
        return map is not null && map.TryGetValue(destination & InAddr.Mask(prefixLength), out var route) ? route : null;
    }

    public bool Remove(Route4 route)
    {
        var map = _byLength[route.PrefixLength];
        if (map is null || !map.TryGetValue(route.DestinationValue, out var existing) || !ReferenceEquals(existing, route))
            return false;
        map.Remove(route.DestinationValue);
        if (map.Count == 0)
            _lengthsPresent &= ~(1UL << route.PrefixLength);
        Count--;
        return true;
    }

    /// <summary>The most specific route covering <paramref name="address"/>, or null.</summary>
    public Route4? Lookup(uint address)
    {
        ulong present = _lengthsPresent;
        while (present != 0)
        {
            int length = 63 - System.Numerics.BitOperations.LeadingZeroCount(present);
            present &= ~(1UL << length);
            if (_byLength[length]!.TryGetValue(address & InAddr.Mask(length), out var route))
                return route;
        }
        return null;
    }

    /// <summary>Every route, most specific first (a snapshot for <c>netstat -rn</c>).</summary>
    public List<Route4> Snapshot()
    {
        var all = new List<Route4>(Count);
        for (int length = 32; length >= 0; length--)
        {
            if (_byLength[length] is { } map)
                all.AddRange(map.Values);
        }
        return all;
    }
}

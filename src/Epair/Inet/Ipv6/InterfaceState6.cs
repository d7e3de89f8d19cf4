using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

/// <summary>
/// IPv6 state of one interface (FreeBSD's <c>in6_ifextra</c> with its <c>nd_ifinfo</c> and the
/// interface's neighbor table, <c>LLTABLE6</c>); guarded by the stack lock.
/// </summary>
internal sealed class InterfaceState6(NetInterface ifp, Nd6Flags flags)
{
    public NetInterface Interface { get; } = ifp;

    public Nd6Flags Flags { get; set; } = flags;

    /// <summary><c>ND_IFINFO(ifp)->retrans</c>: RetransTimer, 1 s (RFC 4861, section 10).</summary>
    public int RetransMilliseconds { get; set; } = 1000;

    /// <summary><c>ND_IFINFO(ifp)->basereachable</c>: REACHABLE_TIME, 30 s.</summary>
    public int ReachableMilliseconds { get; set; } = 30_000;

    public List<InterfaceAddress6> Addresses { get; } = [];

    /// <summary>IPv6 groups joined, with reference counts (<c>in6_multi</c>).</summary>
    public Dictionary<UInt128, int> Groups { get; } = [];

    /// <summary>The joined groups, oldest first (<c>if_multiaddrs</c> keeps the newest first).</summary>
    public List<UInt128> GroupOrder { get; } = [];

    public Dictionary<UInt128, NeighborEntry> Neighbors { get; } = [];

    public bool IsDisabled => (Flags & Nd6Flags.IFDISABLED) != 0;

    public InterfaceAddress6? FindAddress(UInt128 address)
    {
        foreach (var ia in Addresses)
        {
            if (ia.Address == address)
                return ia;
        }
        return null;
    }

    public InterfaceAddress6? FindLinkLocal()
    {
        foreach (var ia in Addresses)
        {
            if (In6.IsLinkLocal(ia.Address))
                return ia;
        }
        return null;
    }
}

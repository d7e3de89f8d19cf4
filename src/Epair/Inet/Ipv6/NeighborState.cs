namespace Epair.Inet.Ipv6;

/// <summary>Neighbor cache entry states (RFC 4861, section 7.3.2; <c>ND6_LLINFO_*</c>).</summary>
public enum NeighborState
{
    /// <summary>Resolution is in progress: a solicitation went out, no answer yet.</summary>
    INCOMPLETE = 0,
    /// <summary>Recently confirmed reachable.</summary>
    REACHABLE = 1,
    /// <summary>Not known reachable; checked when next used.</summary>
    STALE = 2,
    /// <summary>Used while stale; waiting for upper-layer confirmation before probing.</summary>
    DELAY = 3,
    /// <summary>Being probed with unicast solicitations.</summary>
    PROBE = 4,
}

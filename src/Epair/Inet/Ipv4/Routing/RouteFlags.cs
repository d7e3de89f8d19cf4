namespace Epair.Inet.Ipv4.Routing;

/// <summary>Route flags with FreeBSD's <c>RTF_*</c> values (<c>net/route.h</c>), as <c>netstat -rn</c> prints them.</summary>
[Flags]
public enum RouteFlags
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>RTF_UP</c> (U): route usable.</summary>
    Up = 0x1,
    /// <summary><c>RTF_GATEWAY</c> (G): destination is a gateway.</summary>
    Gateway = 0x2,
    /// <summary><c>RTF_HOST</c> (H): host entry (net otherwise).</summary>
    Host = 0x4,
    /// <summary><c>RTF_REJECT</c> (R): host or net unreachable.</summary>
    Reject = 0x8,
    /// <summary><c>RTF_DYNAMIC</c> (D): created dynamically (by redirect).</summary>
    Dynamic = 0x10,
    /// <summary><c>RTF_STATIC</c> (S): manually added.</summary>
    Static = 0x800,
    /// <summary><c>RTF_BLACKHOLE</c> (B): just discard packets.</summary>
    Blackhole = 0x1000,
    /// <summary><c>RTF_PINNED</c>: a connected or interface route that routing daemons cannot replace.</summary>
    Pinned = 0x100000,
    /// <summary><c>RTF_LOCAL</c>: the route is one of this host's own addresses.</summary>
    Local = 0x200000,
}

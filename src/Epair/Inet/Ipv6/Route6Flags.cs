namespace Epair.Inet.Ipv6;

/// <summary>Route flags (<c>RTF_*</c>) as <c>netstat -r</c> prints them.</summary>
[Flags]
public enum Route6Flags
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>RTF_UP</c> (U).</summary>
    Up = 0x1,
    /// <summary><c>RTF_GATEWAY</c> (G): reached through a router.</summary>
    Gateway = 0x2,
    /// <summary><c>RTF_HOST</c> (H): a /128.</summary>
    Host = 0x4,
    /// <summary><c>RTF_REJECT</c> (R): packets get an ICMPv6 unreachable (reject route).</summary>
    Reject = 0x8,
    /// <summary><c>RTF_STATIC</c> (S): added by hand.</summary>
    Static = 0x800,
    /// <summary><c>RTF_BLACKHOLE</c> (B): packets are discarded silently.</summary>
    Blackhole = 0x1000,
}

namespace Epair.Inet.Ipv6;

/// <summary>Per-interface neighbor discovery flags (<c>nd_ifinfo.flags</c>, <c>ND6_IFF_*</c>), <c>ifconfig</c>'s <c>nd6 options</c>.</summary>
[Flags]
public enum Nd6Flags
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>ND6_IFF_PERFORMNUD</c>: neighbor unreachability detection.</summary>
    PERFORMNUD = 0x1,
    /// <summary><c>ND6_IFF_ACCEPT_RTADV</c>.</summary>
    ACCEPT_RTADV = 0x2,
    /// <summary><c>ND6_IFF_PREFER_SOURCE</c>.</summary>
    PREFER_SOURCE = 0x4,
    /// <summary><c>ND6_IFF_IFDISABLED</c>: IPv6 is off on the interface.</summary>
    IFDISABLED = 0x8,
    /// <summary><c>ND6_IFF_DONT_SET_IFROUTE</c>.</summary>
    DONT_SET_IFROUTE = 0x10,
    /// <summary><c>ND6_IFF_AUTO_LINKLOCAL</c>: a link-local address is made when the interface comes up.</summary>
    AUTO_LINKLOCAL = 0x20,
    /// <summary><c>ND6_IFF_NO_RADR</c>.</summary>
    NO_RADR = 0x40,
    /// <summary><c>ND6_IFF_NO_PREFER_IFACE</c>.</summary>
    NO_PREFER_IFACE = 0x80,
    /// <summary><c>ND6_IFF_NO_DAD</c>: no duplicate address detection on this interface.</summary>
    NO_DAD = 0x100,
}

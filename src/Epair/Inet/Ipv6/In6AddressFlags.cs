namespace Epair.Inet.Ipv6;

/// <summary>Per-address flags (<c>ia6_flags</c>, <c>IN6_IFF_*</c>), as <c>ifconfig</c> shows them.</summary>
[Flags]
public enum In6AddressFlags
{
    /// <summary>No flags: a usable address.</summary>
    None = 0,
    /// <summary><c>IN6_IFF_ANYCAST</c>.</summary>
    Anycast = 0x01,
    /// <summary><c>IN6_IFF_TENTATIVE</c>: duplicate address detection has not finished.</summary>
    Tentative = 0x02,
    /// <summary><c>IN6_IFF_DUPLICATED</c>: another node uses the address.</summary>
    Duplicated = 0x04,
    /// <summary><c>IN6_IFF_DETACHED</c>.</summary>
    Detached = 0x08,
    /// <summary><c>IN6_IFF_DEPRECATED</c>: its preferred lifetime is over.</summary>
    Deprecated = 0x10,
    /// <summary><c>IN6_IFF_NODAD</c>: no duplicate address detection.</summary>
    NoDad = 0x20,
    /// <summary><c>IN6_IFF_AUTOCONF</c>: made by stateless autoconfiguration.</summary>
    Autoconf = 0x40,
    /// <summary><c>IN6_IFF_TEMPORARY</c>.</summary>
    Temporary = 0x80,
    /// <summary><c>IN6_IFF_PREFER_SOURCE</c>.</summary>
    PreferSource = 0x100,
}

using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

/// <summary>One IPv6 address on an interface (<c>struct in6_ifaddr</c>) with its DAD progress; guarded by the stack lock.</summary>
internal sealed class InterfaceAddress6(NetInterface ifp, UInt128 address, int prefixLength, In6AddressFlags flags)
{
    public NetInterface Interface { get; } = ifp;

    public UInt128 Address { get; } = address;

    public int PrefixLength { get; } = prefixLength;

    public In6AddressFlags Flags { get; set; } = flags;

    /// <summary>DAD solicitations sent so far (<c>dad_ns_ocount</c>); DAD runs while the deadline is set.</summary>
    public int DadSent { get; set; }

    /// <summary>When the next DAD step is due, in stack milliseconds; 0 when DAD is not running.</summary>
    public long DadDeadline { get; set; }

    /// <summary>Usable as a source or destination: not tentative, not duplicated.</summary>
    public bool IsUsable => (Flags & (In6AddressFlags.Tentative | In6AddressFlags.Duplicated)) == 0;
}

namespace Epair.Inet.Ipv6;

/// <summary>
/// The IPv6 statistics (<c>struct ip6stat</c> in <c>netinet6/ip6_var.h</c>), named as FreeBSD
/// names the fields, which <c>netstat -s -p ip6</c> prints. The next-header histogram
/// (<c>ip6s_nxthist</c>) is read with <see cref="Ip6.GetNextHeaderCount"/>.
/// </summary>
public enum Ip6Stat
{
    /// <summary>Total packets received.</summary>
    ip6s_total,
    /// <summary>Packets shorter than the header's payload length says.</summary>
    ip6s_tooshort,
    /// <summary>Packets too small for an IPv6 header.</summary>
    ip6s_toosmall,
    /// <summary>Fragments received.</summary>
    ip6s_fragments,
    /// <summary>Fragments dropped (duplicates, overlaps, out of space).</summary>
    ip6s_fragdropped,
    /// <summary>Fragments dropped after the reassembly timeout.</summary>
    ip6s_fragtimeout,
    /// <summary>Fragments dropped because the reassembly queue was full.</summary>
    ip6s_fragoverflow,
    /// <summary>Packets forwarded.</summary>
    ip6s_forward,
    /// <summary>Packets received for unreachable destinations or not forwardable.</summary>
    ip6s_cantforward,
    /// <summary>Redirects sent.</summary>
    ip6s_redirectsent,
    /// <summary>Packets for this host.</summary>
    ip6s_delivered,
    /// <summary>Packets sent from this host.</summary>
    ip6s_localout,
    /// <summary>Output packets dropped for lack of buffers or a down link.</summary>
    ip6s_odropped,
    /// <summary>Packets reassembled.</summary>
    ip6s_reassembled,
    /// <summary>Atomic fragments received (RFC 6946).</summary>
    ip6s_atomicfrags,
    /// <summary>Packets fragmented on output.</summary>
    ip6s_fragmented,
    /// <summary>Fragments created.</summary>
    ip6s_ofragments,
    /// <summary>Packets that could not be fragmented.</summary>
    ip6s_cantfrag,
    /// <summary>Packets with bad options.</summary>
    ip6s_badoptions,
    /// <summary>Packets without a route.</summary>
    ip6s_noroute,
    /// <summary>Packets with a version other than 6.</summary>
    ip6s_badvers,
    /// <summary>Packets whose headers this host made itself (raw sockets).</summary>
    ip6s_rawout,
    /// <summary>Packets violating scope rules.</summary>
    ip6s_badscope,
    /// <summary>Multicast packets for groups not joined.</summary>
    ip6s_notmember,
    /// <summary>Packets with too many extension headers.</summary>
    ip6s_toomanyhdr,
}

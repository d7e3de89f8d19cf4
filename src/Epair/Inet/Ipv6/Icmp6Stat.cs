namespace Epair.Inet.Ipv6;

/// <summary>
/// The ICMPv6 statistics (<c>struct icmp6stat</c> in <c>netinet/icmp6.h</c>), named as FreeBSD
/// names the fields, which <c>netstat -s -p icmp6</c> prints. The per-type histograms
/// (<c>icp6s_outhist</c>, <c>icp6s_inhist</c>) are read with <see cref="Ip6.GetIcmp6TypeCount"/>.
/// </summary>
public enum Icmp6Stat
{
    /// <summary>Calls to <c>icmp6_error</c>.</summary>
    icp6s_error,
    /// <summary>Errors not generated because the packet was itself an ICMPv6 error.</summary>
    icp6s_canterror,
    /// <summary>Errors not generated because of the rate limit.</summary>
    icp6s_toofreq,
    /// <summary>Messages with a bad code field.</summary>
    icp6s_badcode,
    /// <summary>Messages shorter than their minimum.</summary>
    icp6s_tooshort,
    /// <summary>Messages with a bad checksum.</summary>
    icp6s_checksum,
    /// <summary>Messages with a bad length.</summary>
    icp6s_badlen,
    /// <summary>Replies sent (<c>icmp6_reflect</c>).</summary>
    icp6s_reflect,
    /// <summary>Neighbor discovery messages with bad options.</summary>
    icp6s_nd_badopt,
    /// <summary>Bad neighbor solicitations.</summary>
    icp6s_badns,
    /// <summary>Bad neighbor advertisements.</summary>
    icp6s_badna,
    /// <summary>Bad redirects.</summary>
    icp6s_badredirect,
    /// <summary>Neighbor cache overflows.</summary>
    icp6s_overflownndp,
    /// <summary>Messages with an invalid hop limit.</summary>
    icp6s_invlhlim,
    /// <summary>Destination unreachable, no route, sent.</summary>
    icp6s_odst_unreach_noroute,
    /// <summary>Destination unreachable, administratively prohibited, sent.</summary>
    icp6s_odst_unreach_admin,
    /// <summary>Destination unreachable, beyond scope, sent.</summary>
    icp6s_odst_unreach_beyondscope,
    /// <summary>Destination unreachable, address, sent.</summary>
    icp6s_odst_unreach_addr,
    /// <summary>Destination unreachable, port, sent.</summary>
    icp6s_odst_unreach_noport,
    /// <summary>Packet too big sent.</summary>
    icp6s_opacket_too_big,
    /// <summary>Time exceeded in transit sent.</summary>
    icp6s_otime_exceed_transit,
    /// <summary>Time exceeded in reassembly sent.</summary>
    icp6s_otime_exceed_reassembly,
    /// <summary>Parameter problem, erroneous header, sent.</summary>
    icp6s_oparamprob_header,
    /// <summary>Parameter problem, unrecognized next header, sent.</summary>
    icp6s_oparamprob_nextheader,
    /// <summary>Parameter problem, unrecognized option, sent.</summary>
    icp6s_oparamprob_option,
    /// <summary>Path MTU changes.</summary>
    icp6s_pmtuchg,
    /// <summary>Neighbor discovery messages with too many options.</summary>
    icp6s_nd_toomanyopt,
    /// <summary>Bad router solicitations.</summary>
    icp6s_badrs,
    /// <summary>Bad router advertisements.</summary>
    icp6s_badra,
    /// <summary>Redirects sent.</summary>
    icp6s_oredirect,
    /// <summary>Errors of unknown kind to be sent.</summary>
    icp6s_ounknown,
    /// <summary>Default router list overflows.</summary>
    icp6s_overflowdefrtr,
    /// <summary>Prefix list overflows.</summary>
    icp6s_overflowprfx,
    /// <summary>Redirect table overflows.</summary>
    icp6s_overflowredirect,
}

using System.Globalization;
using Epair.Inet;
using Epair.Inet.Ipv6;

namespace Epair.Cli.Commands;

/// <summary>
/// inet6.c's <c>ip6_stats</c> and <c>icmp6_stats</c> for <c>netstat -s</c>. Counters this stack
/// has no cause to keep (mbuf chain shapes, gif tunnels, source-selection rules) print as the
/// zeros they would be.
/// </summary>
internal static class NetstatProtocols6
{
    public static void Ip6(NetstatStatWriter w, InetStack stack)
    {
        var ip6 = stack.Ipv6;
        long S(Ip6Stat stat) => ip6.GetStatistic(stat);
        w.P(S(Ip6Stat.ip6s_total), "\t{0} total packet{1} received\n");
        w.P1a(S(Ip6Stat.ip6s_toosmall), "\t{0} with size smaller than minimum\n");
        w.P1a(S(Ip6Stat.ip6s_tooshort), "\t{0} with data size < data length\n");
        w.P1a(S(Ip6Stat.ip6s_badoptions), "\t{0} with bad options\n");
        w.P1a(S(Ip6Stat.ip6s_badvers), "\t{0} with incorrect version number\n");
        w.P(S(Ip6Stat.ip6s_fragments), "\t{0} fragment{1} received\n");
        w.P(S(Ip6Stat.ip6s_fragdropped), "\t{0} fragment{1} dropped (dup or out of space)\n");
        w.P(S(Ip6Stat.ip6s_fragtimeout), "\t{0} fragment{1} dropped after timeout\n");
        w.P(S(Ip6Stat.ip6s_fragoverflow), "\t{0} fragment{1} that exceeded limit\n");
        w.P(S(Ip6Stat.ip6s_atomicfrags), "\t{0} atomic fragment{1}\n");
        w.P(S(Ip6Stat.ip6s_reassembled), "\t{0} packet{1} reassembled ok\n");
        w.P(S(Ip6Stat.ip6s_delivered), "\t{0} packet{1} for this host\n");
        w.P(S(Ip6Stat.ip6s_forward), "\t{0} packet{1} forwarded\n");
        w.P(S(Ip6Stat.ip6s_cantforward), "\t{0} packet{1} not forwardable\n");
        w.P(S(Ip6Stat.ip6s_redirectsent), "\t{0} redirect{1} sent\n");
        w.P(S(Ip6Stat.ip6s_localout), "\t{0} packet{1} sent from this host\n");
        w.P(S(Ip6Stat.ip6s_rawout), "\t{0} packet{1} sent with fabricated ip header\n");
        w.P(S(Ip6Stat.ip6s_odropped), "\t{0} output packet{1} dropped due to no bufs, etc.\n");
        w.P(S(Ip6Stat.ip6s_noroute), "\t{0} output packet{1} discarded due to no route\n");
        w.P(S(Ip6Stat.ip6s_fragmented), "\t{0} output datagram{1} fragmented\n");
        w.P(S(Ip6Stat.ip6s_ofragments), "\t{0} fragment{1} created\n");
        w.P(S(Ip6Stat.ip6s_cantfrag), "\t{0} datagram{1} that can't be fragmented\n");
        w.P(S(Ip6Stat.ip6s_badscope), "\t{0} packet{1} that violated scope rules\n");
        w.P(S(Ip6Stat.ip6s_notmember), "\t{0} multicast packet{1} which we don't join\n");
        w.Histogram("\tInput histogram:\n", 256, i => ip6.GetNextHeaderCount((byte)i), NextHeaderName);
        w.Line("\tMbuf statistics:\n");
        w.Always(0, "\t\t{0} one mbuf\n");
        w.Always(0, "\t\t{0} one ext mbuf\n");
        w.Always(0, "\t\t{0} two or more ext mbuf\n");
        w.P(0, "\t{0} packet{1} whose headers are not contiguous\n");
        w.P(0, "\t{0} tunneling packet{1} that can't find gif\n");
        w.P(S(Ip6Stat.ip6s_toomanyhdr), "\t{0} packet{1} discarded because of too many headers\n");
        w.P(0, "\t{0} failure{1} of source address selection\n");
        w.Line("\tSource addresses selection rule applied:\n");
    }

    public static void Icmp6(NetstatStatWriter w, InetStack stack)
    {
        var ip6 = stack.Ipv6;
        long S(Icmp6Stat stat) => ip6.GetStatistic(stat);
        w.P(S(Icmp6Stat.icp6s_error), "\t{0} call{1} to icmp6_error\n");
        w.P(S(Icmp6Stat.icp6s_canterror), "\t{0} error{1} not generated in response to an icmp6 message\n");
        w.P(S(Icmp6Stat.icp6s_toofreq), "\t{0} error{1} not generated because of rate limitation\n");
        w.Histogram("\tOutput histogram:\n", 256, i => ip6.GetIcmp6TypeCount((byte)i, output: true), Icmp6Name);
        w.P(S(Icmp6Stat.icp6s_badcode), "\t{0} message{1} with bad code fields\n");
        w.P(S(Icmp6Stat.icp6s_tooshort), "\t{0} message{1} < minimum length\n");
        w.P(S(Icmp6Stat.icp6s_checksum), "\t{0} bad checksum{1}\n");
        w.P(S(Icmp6Stat.icp6s_badlen), "\t{0} message{1} with bad length\n");
        w.Histogram("\tInput histogram:\n", 256, i => ip6.GetIcmp6TypeCount((byte)i, output: false), Icmp6Name);
        w.Line("\tHistogram of error messages to be generated:\n");
        w.Always(S(Icmp6Stat.icp6s_odst_unreach_noroute), "\t\t{0} no route\n");
        w.Always(S(Icmp6Stat.icp6s_odst_unreach_admin), "\t\t{0} administratively prohibited\n");
        w.Always(S(Icmp6Stat.icp6s_odst_unreach_beyondscope), "\t\t{0} beyond scope\n");
        w.Always(S(Icmp6Stat.icp6s_odst_unreach_addr), "\t\t{0} address unreachable\n");
        w.Always(S(Icmp6Stat.icp6s_odst_unreach_noport), "\t\t{0} port unreachable\n");
        w.Always(S(Icmp6Stat.icp6s_opacket_too_big), "\t\t{0} packet too big\n");
        w.Always(S(Icmp6Stat.icp6s_otime_exceed_transit), "\t\t{0} time exceed transit\n");
        w.Always(S(Icmp6Stat.icp6s_otime_exceed_reassembly), "\t\t{0} time exceed reassembly\n");
        w.Always(S(Icmp6Stat.icp6s_oparamprob_header), "\t\t{0} erroneous header field\n");
        w.Always(S(Icmp6Stat.icp6s_oparamprob_nextheader), "\t\t{0} unrecognized next header\n");
        w.Always(S(Icmp6Stat.icp6s_oparamprob_option), "\t\t{0} unrecognized option\n");
        w.Always(S(Icmp6Stat.icp6s_oredirect), "\t\t{0} redirect\n");
        w.Always(S(Icmp6Stat.icp6s_ounknown), "\t\t{0} unknown\n");
        w.P(S(Icmp6Stat.icp6s_reflect), "\t{0} message response{1} generated\n");
        w.P(S(Icmp6Stat.icp6s_nd_toomanyopt), "\t{0} message{1} with too many ND options\n");
        w.P(S(Icmp6Stat.icp6s_nd_badopt), "\t{0} message{1} with bad ND options\n");
        w.P(S(Icmp6Stat.icp6s_badns), "\t{0} bad neighbor solicitation message{1}\n");
        w.P(S(Icmp6Stat.icp6s_badna), "\t{0} bad neighbor advertisement message{1}\n");
        w.P(S(Icmp6Stat.icp6s_badrs), "\t{0} bad router solicitation message{1}\n");
        w.P(S(Icmp6Stat.icp6s_badra), "\t{0} bad router advertisement message{1}\n");
        w.P(S(Icmp6Stat.icp6s_badredirect), "\t{0} bad redirect message{1}\n");
        w.P(S(Icmp6Stat.icp6s_overflowdefrtr), "\t{0} default routers overflow{1}\n");
        w.P(S(Icmp6Stat.icp6s_overflowprfx), "\t{0} prefix overflow{1}\n");
        w.P(S(Icmp6Stat.icp6s_overflownndp), "\t{0} neighbour entries overflow{1}\n");
        w.P(S(Icmp6Stat.icp6s_overflowredirect), "\t{0} redirect overflow{1}\n");
        w.P(S(Icmp6Stat.icp6s_invlhlim), "\t{0} message{1} with invalid hop limit\n");
        w.P(S(Icmp6Stat.icp6s_pmtuchg), "\t{0} path MTU change{1}\n");
    }

    // ip6nh[] of inet6.c: the next headers with names; the rest are "#N".
    private static string NextHeaderName(int nh) => nh switch
    {
        0 => "hop by hop",
        1 => "ICMP",
        2 => "IGMP",
        4 => "IP",
        6 => "TCP",
        17 => "UDP",
        41 => "IP6",
        43 => "routing",
        44 => "fragment",
        46 => "RSVP",
        50 => "ESP",
        51 => "AH",
        58 => "ICMP6",
        59 => "no next header",
        60 => "destination option",
        103 => "PIM",
        108 => "IPComp",
        _ => "#" + nh.ToString(CultureInfo.InvariantCulture),
    };

    // icmp6names[] of inet6.c.
    private static string Icmp6Name(int type) => type switch
    {
        1 => "unreach",
        2 => "packet too big",
        3 => "time exceed",
        4 => "parameter problem",
        128 => "echo",
        129 => "echo reply",
        130 => "multicast listener query",
        131 => "MLDv1 listener report",
        132 => "MLDv1 listener done",
        133 => "router solicitation",
        134 => "router advertisement",
        135 => "neighbor solicitation",
        136 => "neighbor advertisement",
        137 => "redirect",
        138 => "router renumbering",
        139 => "node information request",
        140 => "node information reply",
        141 => "inverse neighbor solicitation",
        142 => "inverse neighbor advertisement",
        143 => "MLDv2 listener report",
        _ => "#" + type.ToString(CultureInfo.InvariantCulture),
    };
}

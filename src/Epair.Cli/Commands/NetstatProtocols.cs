using System.Text;
using Epair.Inet;

namespace Epair.Cli.Commands;

/// <summary>
/// <c>netstat -s [-s] [-p proto] [-f inet|inet6]</c>: main.c's protocol tables walked in their
/// order, each printer in inet.c's words (<c>udp</c>, <c>ip</c>, <c>icmp</c>, <c>arp</c>) or
/// inet6.c's (<c>ip6</c>, <c>icmp6</c>, in <see cref="NetstatProtocols6"/>). udp sits in both
/// tables and prints once, as udp_done makes it. <c>-z</c> zeroes what was printed.
/// </summary>
internal static class NetstatProtocols
{
    private delegate void Printer(NetstatStatWriter w, InetStack stack);

    private delegate void Zeroer(InetStack stack);

    // Each printer with what -z zeroes once it has printed (the sysctl read that writes zeros back).
    private static readonly (string Name, string Family, Printer Print, Zeroer Zero)[] s_protocols =
    [
        ("udp", "inet", Udp, static s => s.Ipv4.UdpStatistics.Reset()),
        ("ip", "inet", Ip, static s => s.Ipv4.Statistics.Reset()),
        ("icmp", "inet", Icmp, static s => s.Ipv4.IcmpStatistics.Reset()),
        ("arp", "inet", Arp, static s => s.Arp.Statistics.Reset()),
        ("udp", "inet6", Udp, static s => s.Ipv4.UdpStatistics.Reset()),
        ("ip6", "inet6", NetstatProtocols6.Ip6, static s => s.Ipv6.Stats.ResetIp6()),
        ("icmp6", "inet6", NetstatProtocols6.Icmp6, static s => s.Ipv6.Stats.ResetIcmp6()),
    ];

    /// <summary>True for a protocol <c>-p</c> can name.</summary>
    public static bool Knows(string name)
    {
        foreach (var p in s_protocols)
        {
            if (p.Name == name)
                return true;
        }
        return false;
    }

    public static int Run(CommandContext context, NetstatOptions o)
    {
        if (o.Protocol is not null && !Knows(o.Protocol))
            return context.Fail("netstat", $"{o.Protocol}: unknown or uninstrumented protocol", 1);
        var sb = new StringBuilder();
        var w = new NetstatStatWriter(sb, o.Statistics);
        var stack = context.Vnet.Inet;
        bool udpDone = false;
        foreach (var (name, family, print, zero) in s_protocols)
        {
            if (o.Protocol is not null ? name != o.Protocol : o.Family is not null && o.Family != family)
                continue;
            if (name == "udp")
            {
                if (udpDone)
                    continue;
                udpDone = true;
            }
            sb.Append(name).Append(":\n");
            print(w, stack);
            if (o.Zero)
                zero(stack);
        }
        context.Out.Write(sb.ToString());
        return 0;
    }

    private static void Udp(NetstatStatWriter w, InetStack stack)
    {
        var s = stack.Ipv4.UdpStatistics;
        w.P(s.InputPackets, "\t{0} datagram{1} received\n");
        w.P1a(s.HeaderDrops, "\t{0} with incomplete header\n");
        w.P1a(s.BadLength, "\t{0} with bad data length field\n");
        w.P1a(s.BadSum, "\t{0} with bad checksum\n");
        w.P1a(s.NoSum, "\t{0} with no checksum\n");
        w.P1a(s.NoPort, "\t{0} dropped due to no socket\n");
        w.P(s.NoPortBroadcast, "\t{0} broadcast/multicast datagram{1} undelivered\n");
        w.P1a(s.FullSocket, "\t{0} dropped due to full socket buffers\n");
        w.P1a(s.PcbHashMiss, "\t{0} not for hashed pcb\n");
        long delivered = s.InputPackets - s.HeaderDrops - s.BadLength - s.BadSum - s.NoPort - s.NoPortBroadcast - s.FullSocket;
        w.P1a(delivered, "\t{0} delivered\n");
        w.P(s.OutputPackets, "\t{0} datagram{1} output\n");
        // Cumulative in the broadcast/multicast count above.
        w.P(s.FilterMulticast, "\t{0} time{1} multicast source filter matched\n");
    }

    private static void Ip(NetstatStatWriter w, InetStack stack)
    {
        var s = stack.Ipv4.Statistics;
        w.P(s.Total, "\t{0} total packet{1} received\n");
        w.P(s.BadSum, "\t{0} bad header checksum{1}\n");
        w.P1a(s.TooSmall, "\t{0} with size smaller than minimum\n");
        w.P1a(s.TooShort, "\t{0} with data size < data length\n");
        w.P1a(s.TooLong, "\t{0} with ip length > max ip packet size\n");
        w.P1a(s.BadHeaderLength, "\t{0} with header length < data size\n");
        w.P1a(s.BadLength, "\t{0} with data length < header length\n");
        w.P1a(s.BadOptions, "\t{0} with bad options\n");
        w.P1a(s.BadVersion, "\t{0} with incorrect version number\n");
        w.P(s.Fragments, "\t{0} fragment{1} received\n");
        w.P(s.FragDropped, "\t{0} fragment{1} dropped (dup or out of space)\n");
        w.P(s.FragTimeout, "\t{0} fragment{1} dropped after timeout\n");
        w.P(s.Reassembled, "\t{0} packet{1} reassembled ok\n");
        w.P(s.Delivered, "\t{0} packet{1} for this host\n");
        w.P(s.NoProto, "\t{0} packet{1} for unknown/unsupported protocol\n");
        w.P(s.Forward, "\t{0} packet{1} forwarded");
        w.P(s.FastForward, " ({0} packet{1} fast forwarded)");
        if (w.Shows(s.Forward))
            w.Line("\n");
        w.P(s.CantForward, "\t{0} packet{1} not forwardable\n");
        w.P(s.NotMember, "\t{0} packet{1} received for unknown multicast group\n");
        w.P(s.RedirectSent, "\t{0} redirect{1} sent\n");
        w.P(s.LocalOut, "\t{0} packet{1} sent from this host\n");
        w.P(s.RawOut, "\t{0} packet{1} sent with fabricated ip header\n");
        w.P(s.OutputDropped, "\t{0} output packet{1} dropped due to no bufs, etc.\n");
        w.P(s.NoRoute, "\t{0} output packet{1} discarded due to no route\n");
        w.P(s.Fragmented, "\t{0} output datagram{1} fragmented\n");
        w.P(s.OutputFragments, "\t{0} fragment{1} created\n");
        w.P(s.CantFrag, "\t{0} datagram{1} that can't be fragmented\n");
        w.P(s.NoGif, "\t{0} tunneling packet{1} that can't find gif\n");
        w.P(s.BadAddress, "\t{0} datagram{1} with bad address in header\n");
    }

    // icmpnames[] of inet.c.
    private static readonly string[] s_icmpNames =
    [
        "echo reply", "#1", "#2", "destination unreachable", "source quench", "routing redirect", "#6", "#7", "echo",
        "router advertisement", "router solicitation", "time exceeded", "parameter problem", "time stamp",
        "time stamp reply", "information request", "information request reply", "address mask request",
        "address mask reply", "#19", "#20", "#21", "#22", "#23", "#24", "#25", "#26", "#27", "#28", "#29",
        "icmp traceroute", "datagram conversion error", "mobile host redirect", "IPv6 where-are-you",
        "IPv6 i-am-here", "mobile registration req", "mobile registration reply", "domain name request",
        "domain name reply", "icmp SKIP", "icmp photuris",
    ];

    private static string IcmpName(int type) =>
        type < s_icmpNames.Length ? s_icmpNames[type] : "unknown ICMP #" + type.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Icmp(NetstatStatWriter w, InetStack stack)
    {
        var s = stack.Ipv4.IcmpStatistics;
        int types = Epair.Inet.Ipv4.Statistics.IcmpStatistics.MaxType + 1;
        w.P(s.Error, "\t{0} call{1} to icmp_error\n");
        w.P(s.OldIcmp, "\t{0} error{1} not generated in response to an icmp message\n");
        w.Histogram("\tOutput histogram:\n", types, s.OutputHistogram, IcmpName);
        w.P(s.BadCode, "\t{0} message{1} with bad code fields\n");
        w.P(s.TooShort, "\t{0} message{1} less than the minimum length\n");
        w.P(s.Checksum, "\t{0} message{1} with bad checksum\n");
        w.P(s.BadLength, "\t{0} message{1} with bad length\n");
        w.P1a(s.BroadcastMulticastEcho, "\t{0} multicast echo requests ignored\n");
        w.P1a(s.BroadcastMulticastTimestamp, "\t{0} multicast timestamp requests ignored\n");
        w.Histogram("\tInput histogram:\n", types, s.InputHistogram, IcmpName);
        w.P(s.Reflect, "\t{0} message response{1} generated\n");
        w.Pes(s.BadAddress, "\t{0} invalid return address{1}\n");
        w.P(s.NoRoute, "\t{0} no return route{1}\n");
        // net.inet.icmp.maskrepl: this stack never answers address mask requests.
        w.Line("\tICMP address mask responses are disabled\n");
    }

    private static void Arp(NetstatStatWriter w, InetStack stack)
    {
        var s = stack.Arp.Statistics;
        w.P(s.TxRequests, "\t{0} ARP request{1} sent\n");
        w.P(s.TxErrors, "\t{0} ARP request{1} failed to sent\n");
        w.Pies(s.TxReplies, "\t{0} ARP repl{1} sent\n");
        w.P(s.RxRequests, "\t{0} ARP request{1} received\n");
        w.Pies(s.RxReplies, "\t{0} ARP repl{1} received\n");
        w.P(s.Received, "\t{0} ARP packet{1} received\n");
        w.P(s.Dropped, "\t{0} total packet{1} dropped due to no ARP entry\n");
        w.P(s.Timeouts, "\t{0} ARP entry{1} timed out\n");
        w.P(s.DupIps, "\t{0} Duplicate IP{1} seen\n");
    }
}

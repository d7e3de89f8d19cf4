using System.Text.RegularExpressions;
using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Tests.Cli.Commands;

/// <summary>ping(8) over an epair between the host and a vnet jail.</summary>
public sealed partial class PingCommandTests : CommandTestBase
{
    private void Wire()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Ok("jail -c name=one vnet persist vnet.interface=epair0b");
        Ok("jexec one ifconfig epair0b inet 192.0.2.2/24 up");
    }

    [Fact]
    public void A_reply_prints_FreeBSDs_lines_and_exits_0()
    {
        Wire();

        var result = Run("ping -nc1 192.0.2.2");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        var lines = result.Stdout.Split('\n');
        Assert.Equal("PING 192.0.2.2 (192.0.2.2): 56 data bytes", lines[0]);
        Assert.Matches(ReplyLine(), lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal("--- 192.0.2.2 ping statistics ---", lines[3]);
        Assert.Equal("1 packets transmitted, 1 packets received, 0.0% packet loss", lines[4]);
        Assert.Matches(@"^round-trip min/avg/max/stddev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms$", lines[5]);
    }

    [Fact]
    public void Options_size_ttl_source_and_quiet()
    {
        Wire();

        var result = Run("ping -q -c 2 -i 0.01 -s 100 -m 5 -S 192.0.2.1 192.0.2.2");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("PING 192.0.2.2 (192.0.2.2) from 192.0.2.1: 100 data bytes\n\n--- 192.0.2.2 ping statistics ---\n" +
            "2 packets transmitted, 2 packets received, 0.0% packet loss\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("bytes from", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"108 bytes from 192\.0\.2\.2: icmp_seq=0 ttl=64 time=", Run("ping -c1 -s 100 192.0.2.2").Stdout);
    }

    [Fact]
    public void No_route_is_sendto_s_error_and_exit_2()
    {
        Wire();

        var result = Run("ping -c 1 203.0.113.5");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("ping: sendto: No route to host\n", result.Stderr);
        Assert.EndsWith("--- 203.0.113.5 ping statistics ---\n1 packets transmitted, 0 packets received, 100.0% packet loss\n",
            result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_hosts_and_bad_usage()
    {
        var unknown = Run("ping -4 -c 1 nosuch.example");
        Assert.Equal((68, "ping: cannot resolve nosuch.example: Unknown host\n"), (unknown.ExitCode, unknown.Stderr));
        // Without -4 the name goes to getaddrinfo, whose error words FreeBSD's gai_strerror has.
        var unspecified = Run("ping -c 1 nosuch.example");
        Assert.Equal((68, "ping: cannot resolve nosuch.example: hostname nor servname provided, or not known\n"),
            (unspecified.ExitCode, unspecified.Stderr));
        // main.c's usage(): every form of ping, exit 1.
        var usage = Run("ping -Y 192.0.2.2");
        Assert.Equal(1, usage.ExitCode);
        Assert.StartsWith("usage:\n\tping [-4AaDdfHnoQqRrv] [-C pcp] [-c count] [-G sweepmaxsize]\n", usage.Stderr, StringComparison.Ordinal);
        Assert.Contains("\tping [-6AaDdfHnNoOquvyY] [-b bufsiz] [-C pcp] [-c count] [-e gateway]\n", usage.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("[-W waittime] [-z tclass] [IPv6-hops ...] IPv6-host\n", usage.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, Run("ping").ExitCode);
        Assert.Equal(1, Run("ping -c 1 192.0.2.1 192.0.2.2").ExitCode);
    }

    [Theory]
    [InlineData("ping -c 0 192.0.2.2", 64, "ping: invalid count of packets to transmit: `0'")]
    [InlineData("ping -cx 192.0.2.2", 64, "ping: invalid count of packets to transmit: `x'")]
    [InlineData("ping -C8 192.0.2.2", 64, "ping: invalid PCP: `8'")]
    [InlineData("ping -Cx 192.0.2.2", 64, "ping: invalid PCP: `x'")]
    [InlineData("ping -m 256 192.0.2.2", 64, "ping: invalid TTL: `256'")]
    [InlineData("ping -s x 192.0.2.2", 64, "ping: invalid packet size: `x'")]
    [InlineData("ping -s 65508 192.0.2.2", 64, "ping: packet size too large: 65508 > 65507")]
    [InlineData("ping -i x 192.0.2.2", 64, "ping: invalid timing interval: `x'")]
    [InlineData("ping -W x 192.0.2.2", 64, "ping: invalid timing interval: `x'")]
    [InlineData("ping -t 0 192.0.2.2", 64, "ping: invalid timeout: `0'")]
    [InlineData("ping -t 3601 192.0.2.2", 64, "ping: invalid timeout: `3601' > 3600")]
    [InlineData("ping -Mx 192.0.2.2", 64, "ping: invalid message: `x'")]
    [InlineData("ping -px 192.0.2.2", 64, "ping: patterns must be specified as hex digits")]
    [InlineData("ping -4 -6 localhost", 1, "ping: -4 and -6 cannot be used simultaneously")]
    [InlineData("ping6 -4 -6 localhost", 1, "ping6: -4 and -6 cannot be used simultaneously")]
    [InlineData("ping6 -C 8 ::1", 1, "ping6: illegal vlan pcp -- 8")]
    [InlineData("ping6 -c 0 ::1", 1, "ping6: illegal number of packets -- 0")]
    [InlineData("ping6 -s 0 ::1", 1, "ping6: illegal datalen value -- 0")]
    [InlineData("ping6 -m 300 ::1", 1, "ping6: illegal hoplimit -- 300")]
    [InlineData("ping6 -I nosuch0 ::1", 1, "ping6: nosuch0: invalid interface name")]
    [InlineData("ping -S 192.0.2.77 -c 1 127.0.0.1", 1, "ping: bind: Can't assign requested address")]
    [InlineData("ping6 -S 2001:db8::77 -c 1 ::1", 1, "ping6: bind: Can't assign requested address")]
    [InlineData("ping -6 -c 1 192.0.2.2", 68, "ping: cannot resolve 192.0.2.2: hostname nor servname provided, or not known")]
    public void Bad_option_values_give_FreeBSDs_messages_and_status(string command, int status, string message)
    {
        var result = Run(command);

        Assert.Equal((status, message + "\n"), (result.ExitCode, result.Stderr));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Ping6_and_ping_minus_6_print_FreeBSD_14s_lines()
    {
        Wire6();

        foreach (var command in new[] { "ping6 -nc1 2001:db8::2", "ping -6 -c 1 2001:db8::2", "ping -c 1 2001:db8::2" })
        {
            var result = Run(command);
            Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
            var lines = result.Stdout.Split('\n');
            // ping6's default is 8 data bytes: the timestamp alone.
            Assert.Equal("PING(56=40+8+8 bytes) 2001:db8::1 --> 2001:db8::2", lines[0]);
            Assert.Matches(@"^16 bytes from 2001:db8::2, icmp_seq=0 hlim=64 time=[0-9]+\.[0-9]{3} ms$", lines[1]);
            Assert.Equal("", lines[2]);
            Assert.Equal("--- 2001:db8::2 ping statistics ---", lines[3]);
            Assert.Equal("1 packets transmitted, 1 packets received, 0.0% packet loss", lines[4]);
            Assert.Matches(@"^round-trip min/avg/max/stddev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms$", lines[5]);
        }
        Assert.StartsWith("PING(104=40+8+56 bytes) ", Run("ping6 -c 1 -s 56 2001:db8::2").Stdout, StringComparison.Ordinal);
        // -4 with an IPv6 literal cannot resolve, as FreeBSD's ping -4 says.
        Assert.Equal(68, Run("ping -4 -c 1 2001:db8::2").ExitCode);
    }

    [Fact]
    public void Ping6_gives_up_as_its_UDP_connect_does_when_no_source_can_be_chosen()
    {
        // Ten seconds of DAD, so the address below is surely still tentative when pinged.
        Ok("sysctl net.inet6.ip6.dad_count=10");
        Ok("ifconfig epair create up");

        // No route at all; then an address still tentative; then a blackhole network route,
        // which in6_selectif refuses.
        var noRoute = Run("ping6 -c 1 2001:db8::99");
        Ok("ifconfig epair0a inet6 2001:db8::1/64");
        var tentative = Run("ping6 -c 1 2001:db8::99");
        Ok("route -6 add 2001:db8:1::/64 ::1 -blackhole");
        var blackhole = Run("ping6 -c 1 2001:db8:1::1");

        Assert.Equal((1, "", "ping6: UDP connect: No route to host\n"), (noRoute.ExitCode, noRoute.Stdout, noRoute.Stderr));
        Assert.Equal((1, "", "ping6: UDP connect: Can't assign requested address\n"), (tentative.ExitCode, tentative.Stdout, tentative.Stderr));
        Assert.Equal((1, "", "ping6: UDP connect: Network is unreachable\n"), (blackhole.ExitCode, blackhole.Stdout, blackhole.Stderr));
    }

    [Fact]
    public void Ping6_to_a_global_address_through_link_local_addresses_only_prints_the_link_local_source()
    {
        // lpm6.sh's shape: the only addresses on the way out are link-local, so the source is
        // the outgoing interface's own (never lo0's fe80::1), printed with its interface.
        Ok("sysctl net.inet6.ip6.dad_count=0");
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 -ifdisabled");
        Ok("jail -c name=one vnet persist vnet.interface=epair0b");
        Ok("jexec one sysctl net.inet6.ip6.dad_count=0");
        Ok("jexec one ifconfig epair0b inet6 -ifdisabled up");
        Ok("jexec one ifconfig lo0 inet6 2001:db8::2:0/128");
        var one = Kernel.Vnets.First(v => v.Name == "one");
        var gateway = one.Inet.Ipv6.GetAddresses(one.FindInterface("epair0b")!).First(x => x.Address.IsIPv6LinkLocal).Address;
        var a = Kernel.Host.FindInterface("epair0a")!;
        var mine = Kernel.Host.Inet.Ipv6.GetAddresses(a).First(x => x.Address.IsIPv6LinkLocal).Address;
        string bare(System.Net.IPAddress x) => new System.Net.IPAddress(x.GetAddressBytes()).ToString();
        Ok($"route -6 add -host 2001:db8::2:0 {bare(gateway)}%epair0a");

        var result = Run("ping6 -c 1 2001:db8::2:0");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.StartsWith($"PING(56=40+8+8 bytes) {bare(mine)}%epair0a --> 2001:db8::2:0\n16 bytes from 2001:db8::2:0, icmp_seq=0 hlim=64 time=",
            result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_local_destination_prints_interface_names_and_a_source_from_that_interface()
    {
        Wire6();
        var a = Kernel.Host.FindInterface("epair0a")!;
        var mine = Kernel.Host.Inet.Ipv6.GetAddresses(a).First(x => x.Address.IsIPv6LinkLocal).Address;
        var one = Kernel.Vnets.First(v => v.Name == "one");
        var peer = one.Inet.Ipv6.GetAddresses(one.FindInterface("epair0b")!).First(x => x.Address.IsIPv6LinkLocal).Address;
        string bare(System.Net.IPAddress x) => new System.Net.IPAddress(x.GetAddressBytes()).ToString();

        var result = Run($"ping6 -c 1 {bare(peer)}%epair0a");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.StartsWith($"PING(56=40+8+8 bytes) {bare(mine)}%epair0a --> {bare(peer)}%epair0a\n" +
            $"16 bytes from {bare(peer)}%epair0a, icmp_seq=0 hlim=64 time=", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"\n--- {bare(peer)}%epair0a ping statistics ---\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Localhost_is_127_0_0_1_with_minus_4_and_a_numeric_source_picks_the_family()
    {
        var v4 = Run("ping -4 -c 1 localhost");
        Assert.Equal(0, v4.ExitCode);
        Assert.StartsWith("PING localhost (127.0.0.1): 56 data bytes\n64 bytes from 127.0.0.1: icmp_seq=0 ttl=64 time=", v4.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n--- localhost ping statistics ---\n", v4.Stdout, StringComparison.Ordinal);

        var source4 = Run("ping -c 1 -S 127.0.0.1 localhost");
        Assert.StartsWith("PING localhost (127.0.0.1) from 127.0.0.1: 56 data bytes\n", source4.Stdout, StringComparison.Ordinal);

        // Without -4, localhost is ::1 first, as FreeBSD's hosts file and getaddrinfo order it.
        var v6 = Run("ping -c 1 localhost");
        Assert.StartsWith("PING(56=40+8+8 bytes) ::1 --> ::1\n16 bytes from ::1, icmp_seq=0 hlim=64 time=", v6.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n--- localhost ping statistics ---\n", v6.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_than_8_data_bytes_print_no_times()
    {
        var result = Run("ping -c 2 -i 0.01 -s 4 127.0.0.1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("PING 127.0.0.1 (127.0.0.1): 4 data bytes\n" +
            "12 bytes from 127.0.0.1: icmp_seq=0 ttl=64\n" +
            "12 bytes from 127.0.0.1: icmp_seq=1 ttl=64\n\n" +
            "--- 127.0.0.1 ping statistics ---\n" +
            "2 packets transmitted, 2 packets received, 0.0% packet loss\n", result.Stdout);
        var six = Run("ping6 -c 1 -s 4 ::1");
        Assert.StartsWith("PING(52=40+8+4 bytes) ::1 --> ::1\n12 bytes from ::1, icmp_seq=0 hlim=64\n", six.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("round-trip", six.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Minus_C_sends_with_that_priority_even_over_the_interfaces_pcp()
    {
        Wire();
        Ok("ifconfig epair0a pcp 3");
        var wire = new TagTap();
        using var tap = Kernel.Host.FindInterface("epair0a")!.AttachTap(wire);

        var result = Run("ping -C5 -c 1 192.0.2.2");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Contains("1 packets transmitted, 1 packets received, 0.0% packet loss", result.Stdout, StringComparison.Ordinal);
        Assert.Equal([5], wire.EchoPriorities);
        // -C -1 is the default: the interface's own pcp.
        Assert.Equal(0, Run("ping -C -1 -c 1 192.0.2.2").ExitCode);
        Assert.Equal([5, 3], wire.EchoPriorities);
    }

    [Fact]
    public void Minus_D_with_a_packet_over_the_mtu_is_sendto_message_too_long()
    {
        Wire();

        var result = Run("ping -D -s 1473 -c 2 -i 0.01 -W 100 192.0.2.2");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("ping: sendto: Message too long\nping: sendto: Message too long\n", result.Stderr);
        Assert.EndsWith("--- 192.0.2.2 ping statistics ---\n2 packets transmitted, 0 packets received, 100.0% packet loss\n",
            result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Run("ping -D -s 1472 -c 1 192.0.2.2").ExitCode);
        // Without -D the same size goes out in fragments.
        Assert.Equal(0, Run("ping -s 1473 -c 1 192.0.2.2").ExitCode);
    }

    [Fact]
    public void Ping6_minus_D_failures_exit_EX_OSERR_when_nothing_left()
    {
        Wire6();

        var result = Run("ping6 -D -s 1500 -c 1 -W 100 2001:db8::2");

        Assert.Equal(71, result.ExitCode);
        Assert.Equal("ping6: sendmsg: Message too long\n", result.Stderr);
        Assert.Contains("ping: wrote 2001:db8::2 1508 chars, ret=-1\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Run("ping6 -s 1500 -c 1 2001:db8::2").ExitCode);
    }

    [Fact]
    public void Minus_W_counts_late_replies_without_printing_them()
    {
        Wire();
        // ARP resolved and the paths compiled, so the first reply comes well inside the interval:
        // a reply still missing when the last request has gone makes ping stop after -W.
        Assert.Equal(0, Run("ping -c 1 192.0.2.2").ExitCode);

        var result = Run("ping -c 2 -i 0.2 -W 0.000001 192.0.2.2");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("bytes from", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n2 packets transmitted, 2 packets received, 0.0% packet loss, 2 packets out of wait time\n",
            result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_minus_c_ping_runs_until_minus_t_and_prints_the_summary()
    {
        Wire();

        var result = Run("ping -t 1 -i 0.2 192.0.2.2");

        Assert.Equal(0, result.ExitCode);
        var summary = Regex.Match(result.Stdout, @"\n([0-9]+) packets transmitted, ([0-9]+) packets received");
        Assert.True(summary.Success, result.Stdout);
        Assert.InRange(int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 2, 7);
    }

    [Fact]
    public void Minus_f_floods_printing_a_dot_per_request_and_a_backspace_per_reply()
    {
        Wire();

        var result = Run("ping -f -nc20 192.0.2.2");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        // Every dot is taken back by its reply: 20 of each, and nothing else before the summary.
        var flood = result.Stdout.Split('\n')[1];
        Assert.Equal(20, flood.Count(c => c == '.'));
        Assert.Equal(20, flood.Count(c => c == '\b'));
        Assert.Equal(40, flood.Length);
        Assert.Contains("\n--- 192.0.2.2 ping statistics ---\n20 packets transmitted, 20 packets received, 0.0% packet loss\n",
            result.Stdout, StringComparison.Ordinal);
        // -q keeps the flood quiet.
        Assert.StartsWith("PING 192.0.2.2 (192.0.2.2): 56 data bytes\n\n---", Run("ping -fq -c5 192.0.2.2").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Minus_f_floods_over_IPv6_too_and_neither_family_takes_it_with_minus_i()
    {
        Wire6();

        var six = Run("ping -6 -f -nc20 2001:db8::2");
        var both4 = Run("ping -f -i 0.1 -c1 192.0.2.2");
        var both6 = Run("ping6 -f -i 0.1 -c1 2001:db8::2");

        Assert.Equal((0, ""), (six.ExitCode, six.Stderr));
        Assert.Equal("PING(56=40+8+8 bytes) 2001:db8::1 --> 2001:db8::2", six.Stdout.Split('\n')[0]);
        Assert.Equal(20, six.Stdout.Split('\n')[1].Count(c => c == '.'));
        Assert.Equal(20, six.Stdout.Split('\n')[1].Count(c => c == '\b'));
        Assert.Contains("20 packets transmitted, 20 packets received, 0.0% packet loss", six.Stdout, StringComparison.Ordinal);
        Assert.Equal((64, "", "ping: -f and -i: incompatible options\n"), (both4.ExitCode, both4.Stdout, both4.Stderr));
        Assert.Equal((1, "", "ping6: -f and -i incompatible options\n"), (both6.ExitCode, both6.Stdout, both6.Stderr));
    }

    [Fact]
    public void Minus_p_says_its_pattern_first_and_refuses_what_is_not_hex()
    {
        Wire();

        var v4 = Run("ping -c1 -p ff 192.0.2.2");
        var odd = Run("ping -c1 -q -p abc 192.0.2.2");
        var bad = Run("ping -c1 -p zz 192.0.2.2");

        Assert.Equal(0, v4.ExitCode);
        Assert.StartsWith("PATTERN: 0xff\nPING 192.0.2.2 (192.0.2.2): 56 data bytes\n", v4.Stdout, StringComparison.Ordinal);
        // sscanf's "%2x" pairs: "abc" is ab 0c; -q says nothing of it.
        Assert.Equal(0, odd.ExitCode);
        Assert.StartsWith("PING 192.0.2.2", odd.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("PATTERN: 0xab0c\n", Run("ping -c1 -p abc 192.0.2.2").Stdout, StringComparison.Ordinal);
        Assert.Equal((64, "ping: patterns must be specified as hex digits\n"), (bad.ExitCode, bad.Stderr));
    }

    [Fact]
    public void Minus_o_stops_at_the_first_reply()
    {
        Wire();

        var result = Run("ping -o -c 5 -i 0.05 192.0.2.2");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\n1 packets transmitted, 1 packets received, 0.0% packet loss\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_to_live_exceeded_prints_the_error_and_the_quoted_header()
    {
        // one (192.0.2.2) routes 198.51.100.0/24 on; -m 1 dies there.
        Wire();
        Ok("route add -net 198.51.100.0/24 192.0.2.2");
        Ok("jexec one sysctl net.inet.ip.forwarding=1");

        var result = Run("ping -m 1 -c 1 -W 100 198.51.100.7");

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Matches(@"^[0-9]+ bytes from 192\.0\.2\.2: Time to live exceeded$", lines[1]);
        Assert.Equal("Vr HL TOS  Len   ID Flg  off TTL Pro  cks       Src          Dst", lines[2]);
        Assert.Matches(@"^ 4  5  00 0054 [0-9a-f]{4}   0 0000  01  01 [0-9a-f]{4} 192\.0\.2\.1 198\.51\.100\.7$", lines[3]);
        Assert.Contains("1 packets transmitted, 0 packets received, 100.0% packet loss\n", result.Stdout, StringComparison.Ordinal);
        // -Q hides it.
        Assert.DoesNotContain("Time to live exceeded", Run("ping -Q -m 1 -c 1 -W 100 198.51.100.7").Stdout, StringComparison.Ordinal);
    }

    /// <summary>The 802.1p priority of every tagged IPv4 echo request leaving an interface.</summary>
    private sealed class TagTap : IFrameTap
    {
        public List<int> EchoPriorities { get; } = [];

        public void Tap(NetInterface ifp, Frame frame, TapDirection direction)
        {
            var data = frame.Data;
            if (direction == TapDirection.Out && data.Length > 38 && data[12] == 0x81 && data[13] == 0 &&
                data[16] == 0x08 && data[17] == 0 && data[38] == 8)
            {
                lock (EchoPriorities)
                    EchoPriorities.Add(data[14] >> 5);
            }
        }
    }

    [GeneratedRegex(@"^64 bytes from 192\.0\.2\.2: icmp_seq=0 ttl=64 time=[0-9]+\.[0-9]{3} ms$")]
    private static partial Regex ReplyLine();
}

using Epair.Cli.Commands;
using Epair.Cli.Output;
using Epair.Inet.Ipv6;

namespace Epair.Tests.Cli.Commands;

/// <summary>ndp(8): the neighbor table, lookup, -s/-d/-c/-f, -i, with ndp.c's columns, warnings and exit statuses.</summary>
public sealed class NdpCommandTests : CommandTestBase
{
    private const string Header = "Neighbor                             Linklayer Address  Netif Expire    S Flags\n";

    private const string Usage =
        "usage: ndp [-nt] hostname\n" +
        "       ndp [-nt] -a | -c | -p | -r | -H | -P | -R\n" +
        "       ndp [-nt] -A wait\n" +
        "       ndp [-nt] -d hostname\n" +
        "       ndp [-nt] -f filename\n" +
        "       ndp [-nt] -i interface [flags...]\n" +
        "       ndp [-nt] -I [interface|delete]\n" +
        "       ndp [-nt] -s nodename etheraddr [temp] [proxy]\n";

    private string MacOf(string name, string? jail = null)
    {
        var vnet = jail is null ? Kernel.Host : Host.FindJail(jail)!;
        return vnet.GetInterface(name).MacAddress.ToString();
    }

    private static (int, string) Pair(CommandResult result) => (result.ExitCode, result.Stderr);

    [Fact]
    public void The_header_has_ndps_column_widths()
    {
        Assert.Equal(Header, NdpEntryFormat.Header);
        Assert.Equal(Header, Ok("ndp -an"));
    }

    [Fact]
    public void Static_entries_are_permanent_and_reachable()
    {
        Wire6();

        Assert.Equal("", Ok("ndp -s 2001:db8::5 90:10:00:01:02:03"));

        var table = Ok("ndp -an");
        Assert.StartsWith(Header, table, StringComparison.Ordinal);
        Assert.Contains("2001:db8::5                          90:10:00:01:02:03 epair0a permanent R \n", table, StringComparison.Ordinal);
        Assert.Equal(Header + "2001:db8::5                          90:10:00:01:02:03 epair0a permanent R \n", Ok("ndp -n 2001:db8::5"));
    }

    [Fact]
    public void Our_own_addresses_are_listed_as_permanent_with_our_MAC()
    {
        Wire6();
        string mine = MacOf("epair0a");

        var table = Ok("ndp -a");

        Assert.Contains($"2001:db8::1                          {mine} epair0a permanent R \n", table, StringComparison.Ordinal);
        Assert.Matches($@"\nfe80::[0-9a-f:]+%epair0a +{mine} epair0a permanent R \n", table);
        Assert.DoesNotContain("lo0", table, StringComparison.Ordinal);
        var own = Run("ndp -d 2001:db8::1");
        Assert.Equal((0, "ndp: delete 2001:db8::1: Operation not permitted\n"), Pair(own));
        var set = Run("ndp -s 2001:db8::1 02:00:00:00:00:01");
        Assert.Equal((1, "ndp: set 2001:db8::1: Operation not permitted\n"), Pair(set));
    }

    [Fact]
    public void Learned_entries_show_state_and_the_timer_left()
    {
        Wire6();
        Ok("ping6 -c1 2001:db8::2");
        string peer = MacOf("epair0b", "one");

        var line = Ok("ndp -n 2001:db8::2").Split('\n')[1];

        // Reachable from the exchange: R and about 30 s; or stale (S) with about a day.
        Assert.Matches($@"^2001:db8::2 {{26}}{peer} epair0a (2\ds|30s|23h59m[0-9]{{1,2}}s|1d0h0m0s) +[RS] $", line);
    }

    [Fact]
    public void Delete_prints_deleted_and_a_missing_entry_warns()
    {
        Wire6();
        Ok("ndp -s 2001:db8::5 90:10:00:01:02:03");

        Assert.Equal("2001:db8::5 (2001:db8::5) deleted\n", Ok("ndp -nd 2001:db8::5"));

        var again = Run("ndp -d 2001:db8::5");
        Assert.Equal((0, "", "ndp: delete 2001:db8::5: No such file or directory\n"), (again.ExitCode, again.Stdout, again.Stderr));
        var lookup = Run("ndp -n 2001:db8::5");
        Assert.Equal((1, Header, "ndp: 2001:db8::5 (2001:db8::5) -- no entry\n"), (lookup.ExitCode, lookup.Stdout, lookup.Stderr));
    }

    [Fact]
    public void Link_local_entries_carry_their_scope()
    {
        Wire6();

        Ok("ndp -s fe80::5%epair0a 02:00:00:00:00:05");

        Assert.Contains("fe80::5%epair0a                      02:00:00:00:00:05 epair0a permanent R \n", Ok("ndp -an"), StringComparison.Ordinal);
        Assert.Equal(0, Run("ndp fe80::5%epair0a").ExitCode);
        // Without the scope the address is a different one: no entry, and nothing to locate.
        Assert.Equal(1, Run("ndp fe80::5").ExitCode);
        Assert.Equal((0, "ndp: delete: cannot locate fe80::5\n"), Pair(Run("ndp -d fe80::5")));
        Assert.Equal("fe80::5%epair0a (fe80::5%epair0a) deleted\n", Ok("ndp -d fe80::5%epair0a"));
    }

    [Fact]
    public void Clear_deletes_every_neighbor_and_keeps_our_addresses()
    {
        Wire6();
        Ok("ndp -s 2001:db8::5 02:00:00:00:00:05");
        Ok("ndp -s fe80::6%epair0a 02:00:00:00:00:06");

        Assert.Equal("2001:db8::5 (2001:db8::5) deleted\nfe80::6 (fe80::6) deleted\n", Ok("ndp -c"));

        var table = Ok("ndp -an");
        Assert.DoesNotContain("02:00:00:00:00:0", table, StringComparison.Ordinal);
        Assert.Contains("2001:db8::1 ", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Proxy_entries_show_p_and_temp_changes_nothing()
    {
        Wire6();

        Ok("ndp -s 2001:db8::7 02:00:00:00:00:07 temp proxy");

        Assert.Contains("2001:db8::7                          02:00:00:00:00:07 epair0a permanent R p\n", Ok("ndp -an"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_proxy_entry_is_answered_for()
    {
        Wire6();
        Ok("ndp -s 2001:db8::7 02:00:00:00:00:07 proxy");

        // The jail solicits 2001:db8::7; we advertise the proxy's MAC (the echo itself goes nowhere).
        Run("jexec one ping6 -c1 -t1 2001:db8::7");

        Assert.Matches(@"\n2001:db8::7 +02:00:00:00:00:07 epair0b \S+ +[RSDP] \n", Ok("jexec one ndp -an"));
    }

    [Fact]
    public void An_unresolved_neighbor_is_incomplete_with_its_probes()
    {
        Wire6();

        Run("ping6 -c1 -t1 2001:db8::99");

        Assert.Matches(@"\n2001:db8::99 {25}\(incomplete\)      epair0a ([0-9]s |expired) +I  [1-3]\n", Ok("ndp -an"));
    }

    [Fact]
    public void Timestamps_replace_the_header()
    {
        Wire6();
        Ok("ndp -s 2001:db8::5 02:00:00:00:00:05");

        var line = Ok("ndp -t -n 2001:db8::5");

        Assert.Matches(@"^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} 2001:db8::5 +02:00:00:00:00:05 epair0a permanent R \n$", line);
    }

    [Fact]
    public void Set_and_delete_errors_say_what_ndp_says()
    {
        Wire6();

        Assert.Equal((1, "ndp: nosuchhost: hostname nor servname provided, or not known\n"), Pair(Run("ndp -s nosuchhost 02:00:00:00:00:05")));
        Assert.Equal((1, "ndp: 192.0.2.1: hostname nor servname provided, or not known\n"), Pair(Run("ndp -s 192.0.2.1 02:00:00:00:00:05")));
        Assert.Equal((1,
            "ndp: invalid Ethernet address 'nonsense'\n" +
            "ndp: set: 2001:db8::5: Invalid argument (NDA_LLADDR address length (0) is different from expected (6))\n"),
            Pair(Run("ndp -s 2001:db8::5 nonsense")));
        Assert.Equal((0, "ndp: delete: cannot locate 2001:db8:ffff::5\n"), Pair(Run("ndp -s 2001:db8:ffff::5 02:00:00:00:00:05")));
        Assert.Equal((0, "ndp: delete: cannot locate 2001:db8:ffff::5\n"), Pair(Run("ndp -d 2001:db8:ffff::5")));
        Assert.Equal((0, "ndp: nosuchhost: hostname nor servname provided, or not known\n"), Pair(Run("ndp nosuchhost")));
    }

    [Theory]
    [InlineData("ndp")]
    [InlineData("ndp -a extra")]
    [InlineData("ndp -a -c")]
    [InlineData("ndp -d 2001:db8::5 extra")]
    [InlineData("ndp -s 2001:db8::5")]
    [InlineData("ndp -s 2001:db8::5 02:00:00:00:00:05 temp proxy extra")]
    [InlineData("ndp -A -1")]
    [InlineData("ndp -p extra")]
    [InlineData("ndp 2001:db8::5 2001:db8::6")]
    public void Bad_usage_prints_the_usage_on_stdout_and_exits_1(string line)
    {
        var result = Run(line);

        Assert.Equal((1, Usage, ""), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void Unknown_options_warn_before_the_usage()
    {
        var result = Run("ndp -x");
        Assert.Equal((1, Usage, "ndp: illegal option -- x\n"), (result.ExitCode, result.Stdout, result.Stderr));
        var missing = Run("ndp -d");
        Assert.Equal((1, "ndp: option requires an argument -- d\n"), Pair(missing));
    }

    [Fact]
    public void The_prefix_list_has_the_prefixes_of_configured_addresses_newest_first()
    {
        Wire6();
        Ok("ifconfig epair0a inet6 2001:db8::9/64 alias");
        Ok("ifconfig epair0a inet6 2001:db8:1::1/128 alias");

        Assert.Equal(
            "2001:db8::/64 if=epair0a\n" +
            "flags=LO vltime=infinity, pltime=infinity, expire=Never, ref=2\n" +
            "  No advertising router\n" +
            "fe80::%epair0a/64 if=epair0a\n" +
            "flags=LAO vltime=infinity, pltime=infinity, expire=Never, ref=1\n" +
            "  No advertising router\n" +
            "fe80::%lo0/64 if=lo0\n" +
            "flags=LAO vltime=infinity, pltime=infinity, expire=Never, ref=1\n" +
            "  No advertising router\n", Ok("ndp -p"));
    }

    [Fact]
    public void Router_lists_are_empty_without_router_advertisements()
    {
        Assert.Equal("", Ok("ndp -r"));
        Assert.Equal("", Ok("ndp -P"));
        Assert.Equal("", Ok("ndp -R"));
        Assert.Equal("", Ok("ndp -H"));
        Assert.Equal("No default interface.\n", Ok("ndp -I"));
        Assert.Equal("No default interface.\n", Ok("ndp -I delete"));
        Assert.Equal((1, "ndp: invalid interface epair9a\n"), Pair(Run("ndp -I epair9a")));
    }

    [Fact]
    public void Interface_info_prints_the_timers_and_flags_and_sets_them()
    {
        Ok("ifconfig epair create up");

        Assert.Equal(
            "linkmtu=0, maxmtu=1500, curhlim=64, basereachable=30s0ms, reachable=30s, retrans=1s0ms\n" +
            "Flags: disabled nud auto_linklocal \n", Ok("ndp -i epair0a"));

        var changed = Ok("ndp -i epair0a -- -disabled -nud basereachable=45000 retrans=0x7d0 bogus");

        Assert.Equal(
            "linkmtu=0, maxmtu=1500, curhlim=64, basereachable=45s0ms, reachable=45s, retrans=2s0ms\n" +
            "Flags: auto_linklocal \n", changed);
        Assert.Equal(Epair.Inet.Ipv6.Nd6Flags.AUTO_LINKLOCAL, Kernel.Host.Inet.Ipv6.GetNd6Flags(Kernel.Host.GetInterface("epair0a")));
        Assert.Contains("Flags: nud auto_linklocal", Ok("ndp -i epair0a nud"), StringComparison.Ordinal);
    }

    [Fact]
    public void Interface_info_errors()
    {
        Ok("ifconfig epair create up");

        Assert.Equal((1, "ndp: ioctl(SIOCGIFINFO_IN6): Device not configured\n"), Pair(Run("ndp -i epair9a")));
        Assert.Equal((1, "ndp: syntax error in retrans field: No error: 0\n"), Pair(Run("ndp -i epair0a retrans")));
    }

    [Fact]
    public void File_sets_one_entry_per_line()
    {
        Wire6();
        var dir = Directory.CreateTempSubdirectory("ndp-f");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "neighbors"),
                "# neighbors\n2001:db8::5 02:00:00:00:00:05\n\nlonely\n2001:db8::6 02:00:00:00:00:06 proxy # p\n");

            var result = Host.Run(["ndp", "-f", "neighbors"], dir.FullName);

            Assert.Equal((1, "ndp: bad line: lonely\n"), (result.ExitCode, result.Stderr));
            var table = Ok("ndp -an");
            Assert.Contains("2001:db8::5 ", table, StringComparison.Ordinal);
            Assert.Contains("02:00:00:00:00:06 epair0a permanent R p\n", table, StringComparison.Ordinal);
            Assert.Equal((1, "ndp: cannot open none: No such file or directory\n"), Pair(Host.Run(["ndp", "-f", "none"], dir.FullName)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(30, "30s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m0s")]
    [InlineData(3661, "1h1m1s")]
    [InlineData(86_399, "23h59m59s")]
    [InlineData(86_400, "1d0h0m0s")]
    [InlineData(90_061, "1d1h1m1s")]
    public void Sec2str_spells_durations_as_ndp_does(long seconds, string text)
    {
        Assert.Equal(text, NdpEntryFormat.SecondsToString(seconds));
    }

    [Fact]
    public void Long_names_push_the_columns_right()
    {
        Ok("sysctl net.inet6.ip6.dad_count=0");
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff/64");
        string mine = MacOf("epair0a");

        // 38 characters of address leave 15 for the link address: the MAC still takes its 17.
        Assert.Contains($"\n2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff {mine} epair0a permanent R \n", Ok("ndp -an"), StringComparison.Ordinal);
    }

    [Fact]
    public void Timers_round_up_to_whole_seconds_and_probes_and_router_flags_show()
    {
        Ok("ifconfig epair create");
        var ifp = Kernel.Host.GetInterface("epair0a");
        var mac = Epair.Interfaces.MacAddress.Parse("02:00:00:00:00:05");
        var address = System.Net.IPAddress.Parse("2001:db8::5");

        var reachable = new NeighborInfo(address, mac, ifp, NeighborState.REACHABLE, false, true, TimeSpan.FromSeconds(29.2));
        var stale = new NeighborInfo(address, mac, ifp, NeighborState.STALE, false, false, TimeSpan.FromSeconds(86_399.5));
        var probing = new NeighborInfo(address, null, ifp, NeighborState.INCOMPLETE, false, false, TimeSpan.Zero) { Probes = 3 };
        var delay = new NeighborInfo(address, mac, ifp, NeighborState.DELAY, false, false, TimeSpan.FromSeconds(5)) { IsProxy = true };

        Assert.Equal("2001:db8::5                          02:00:00:00:00:05 epair0a 30s       R R\n", NdpEntryFormat.Line(reachable));
        Assert.Equal("2001:db8::5                          02:00:00:00:00:05 epair0a 1d0h0m0s  S \n", NdpEntryFormat.Line(stale));
        Assert.Equal("2001:db8::5                          (incomplete)      epair0a expired   I  3\n", NdpEntryFormat.Line(probing));
        Assert.Equal("2001:db8::5                          02:00:00:00:00:05 epair0a 5s        D p\n", NdpEntryFormat.Line(delay));
    }
}

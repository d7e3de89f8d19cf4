using System.Net;
using Epair.Cli.Commands;
using Epair.Tests.Inet;

namespace Epair.Tests.Cli.Commands;

/// <summary>arp(8): listing, lookup, -s/-S/-d/-f, with arp.c's lines, warnings and exit statuses.</summary>
public sealed class ArpCommandTests : CommandTestBase
{
    private const string Usage =
        "usage: arp [-n] [-i interface] hostname\n" +
        "       arp [-n] [-i interface] -a\n" +
        "       arp -d hostname [pub]\n" +
        "       arp -d [-i interface] -a\n" +
        "       arp -s hostname ether_addr [temp] [reject | blackhole] [pub [only]]\n" +
        "       arp -S hostname ether_addr [temp] [reject | blackhole] [pub [only]]\n" +
        "       arp -f filename\n";

    /// <summary>epair0a (198.51.100.1/24) in the host, epair0b (198.51.100.2/24) in jail "one".</summary>
    private void Wire()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 198.51.100.1/24");
        Ok("jail -c name=one vnet persist vnet.interface=epair0b");
        Ok("jexec one ifconfig epair0b inet 198.51.100.2/24 up");
    }

    private string MacOf(string name, string? jail = null)
    {
        var vnet = jail is null ? Kernel.Host : Host.FindJail(jail)!;
        return vnet.GetInterface(name).MacAddress.ToString();
    }

    [Fact]
    public void Add_then_lookup_prints_a_permanent_entry()
    {
        Wire();

        Assert.Equal("", Ok("arp -s 198.51.100.5 90:10:00:01:02:03"));

        Assert.Equal("? (198.51.100.5) at 90:10:00:01:02:03 on epair0a permanent [ethernet]\n", Ok("arp -ni epair0a 198.51.100.5"));
        Assert.Equal("? (198.51.100.5) at 90:10:00:01:02:03 on epair0a permanent [ethernet]\n", Ok("arp 198.51.100.5"));
    }

    [Fact]
    public void Dash_a_lists_our_address_and_learned_entries_in_address_order()
    {
        Wire();
        Ok("ping -c1 198.51.100.2");
        string mine = MacOf("epair0a"), peer = MacOf("epair0b", "one");

        var all = Ok("arp -an");

        // Learned this very second: max_age (1200) left, or a second less on a slow machine.
        Assert.Matches(
            $"^\\? \\(198\\.51\\.100\\.1\\) at {mine} on epair0a permanent \\[ethernet\\]\n" +
            $"\\? \\(198\\.51\\.100\\.2\\) at {peer} on epair0a expires in 1(200|199) seconds \\[ethernet\\]\n$", all);
        Assert.Equal(all, Ok("arp -a -i epair0a"));
        Assert.Equal("", Ok("arp -a -i lo0"));
    }

    [Fact]
    public void A_missing_entry_says_no_entry_and_exits_1()
    {
        Wire();

        var result = Run("arp -n 198.51.100.2");
        Assert.Equal((1, "198.51.100.2 (198.51.100.2) -- no entry\n", ""), (result.ExitCode, result.Stdout, result.Stderr));

        var on = Run("arp -i epair0a 198.51.100.2");
        Assert.Equal((1, "198.51.100.2 (198.51.100.2) -- no entry on epair0a\n"), (on.ExitCode, on.Stdout));
    }

    [Fact]
    public void Delete_prints_deleted_then_the_entry_is_gone()
    {
        Wire();
        Ok("ping -c1 198.51.100.2");

        Assert.Equal("198.51.100.2 (198.51.100.2) deleted\n", Ok("arp -nd 198.51.100.2"));

        var again = Run("arp -d 198.51.100.2");
        Assert.Equal((1, "", "arp: delete 198.51.100.2: No such file or directory\n"), (again.ExitCode, again.Stdout, again.Stderr));
        Assert.Equal(1, Run("arp -n 198.51.100.2").ExitCode);
    }

    [Fact]
    public void Our_own_address_cannot_be_deleted_or_replaced()
    {
        Wire();

        var delete = Run("arp -d 198.51.100.1");
        Assert.Equal((1, "arp: delete 198.51.100.1: Operation not permitted\n"), (delete.ExitCode, delete.Stderr));
        var set = Run("arp -s 198.51.100.1 02:00:00:00:00:01");
        Assert.Equal((1, "arp: set 198.51.100.1: Operation not permitted\n"), (set.ExitCode, set.Stderr));
    }

    [Fact]
    public void An_address_off_every_link_cannot_be_located_and_arp_still_exits_0()
    {
        Wire();

        var delete = Run("arp -d 203.0.113.7");
        Assert.Equal((0, "", "arp: delete: cannot locate 203.0.113.7\n"), (delete.ExitCode, delete.Stdout, delete.Stderr));
        // set_nl reuses the delete message.
        var set = Run("arp -s 203.0.113.7 02:00:00:00:00:07");
        Assert.Equal((0, "arp: delete: cannot locate 203.0.113.7\n"), (set.ExitCode, set.Stderr));
        Assert.DoesNotContain("203.0.113.7", Ok("arp -an"), StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_deletes_then_sets_and_prints_only_the_deletion()
    {
        Wire();
        Ok("ping -c1 198.51.100.2");

        Assert.Equal("198.51.100.2 (198.51.100.2) deleted\n", Ok("arp -S 198.51.100.2 0:0:0:0:0:0"));

        Assert.Equal("? (198.51.100.2) at 00:00:00:00:00:00 on epair0a permanent [ethernet]\n", Ok("arp -n 198.51.100.2"));
        // -S on a host without an entry warns about the deletion and still sets.
        var fresh = Run("arp -S 198.51.100.9 02:00:00:00:00:09");
        Assert.Equal((0, "", "arp: delete 198.51.100.9: No such file or directory\n"), (fresh.ExitCode, fresh.Stdout, fresh.Stderr));
        Assert.StartsWith("? (198.51.100.9) at 02:00:00:00:00:09", Ok("arp 198.51.100.9"), StringComparison.Ordinal);
    }

    [Fact]
    public void Temp_entries_expire_after_max_age_and_pub_entries_are_published()
    {
        Wire();
        Ok("sysctl net.link.ether.inet.max_age=600");

        Ok("arp -s 198.51.100.7 02:00:00:00:00:07 temp");
        Ok("arp -s 198.51.100.8 02:00:00:00:00:08 pub only");
        Ok("arp -s 198.51.100.9 02:00:00:00:00:09 temp blackhole pub");

        Assert.Equal("? (198.51.100.7) at 02:00:00:00:00:07 on epair0a expires in 600 seconds [ethernet]\n", Ok("arp 198.51.100.7"));
        Assert.Equal("? (198.51.100.8) at 02:00:00:00:00:08 on epair0a permanent published [ethernet]\n", Ok("arp 198.51.100.8"));
        Assert.Equal("? (198.51.100.9) at 02:00:00:00:00:09 on epair0a expires in 600 seconds published [ethernet]\n", Ok("arp 198.51.100.9"));
    }

    [Fact]
    public void A_published_entry_is_answered_for()
    {
        Wire();
        Ok("arp -s 198.51.100.8 02:00:00:00:00:08 pub");

        // The jail asks for .8; we answer with the published MAC (proxy ARP).
        Run("jexec one ping -c1 -t1 198.51.100.8");

        // The echo itself goes unanswered (nobody owns that MAC), so a second may pass before arp looks.
        Assert.Matches(@"^\? \(198\.51\.100\.8\) at 02:00:00:00:00:08 on epair0b expires in 1(200|199|198) seconds \[ethernet\]\n$",
            Ok("jexec one arp -n 198.51.100.8"));
    }

    [Fact]
    public void Auto_takes_the_MAC_of_the_interface_on_the_hosts_subnet()
    {
        Wire();
        string mine = MacOf("epair0a");

        Assert.Equal($"using interface epair0a for proxy with address {mine}\n", Ok("arp -s 198.51.100.20 auto pub"));

        Assert.Equal($"? (198.51.100.20) at {mine} on epair0a permanent published [ethernet]\n", Ok("arp 198.51.100.20"));
        var none = Run("arp -s 203.0.113.20 auto pub");
        Assert.Equal((1, "arp: no interface found for 203.0.113.20\n"), (none.ExitCode, none.Stderr));
    }

    [Fact]
    public void An_unresolved_address_is_incomplete_and_expired()
    {
        Wire();

        Run("ping -c1 -t1 198.51.100.99");

        Assert.Equal("? (198.51.100.99) at (incomplete) on epair0a expired [ethernet]\n", Ok("arp -n 198.51.100.99"));
    }

    [Fact]
    public void Delete_all_removes_everything_but_our_own_addresses()
    {
        Wire();
        Ok("ping -c1 198.51.100.2");
        Ok("arp -s 198.51.100.7 02:00:00:00:00:07");

        Assert.Equal("198.51.100.2 (198.51.100.2) deleted\n198.51.100.7 (198.51.100.7) deleted\n", Ok("arp -d -a"));

        Assert.Equal($"? (198.51.100.1) at {MacOf("epair0a")} on epair0a permanent [ethernet]\n", Ok("arp -an"));
        Assert.Equal("", Ok("arp -d -i epair0a -a"));
    }

    [Fact]
    public void Delete_all_on_one_interface_leaves_the_others()
    {
        Wire();
        Ok("ifconfig epair create up");
        Ok("ifconfig epair1a inet 192.0.2.1/24");
        Ok("arp -s 198.51.100.7 02:00:00:00:00:07");
        Ok("arp -s 192.0.2.7 02:00:00:00:00:17");

        Assert.Equal("192.0.2.7 (192.0.2.7) deleted\n", Ok("arp -d -i epair1a -a"));

        Assert.Equal(0, Run("arp 198.51.100.7").ExitCode);
    }

    [Fact]
    public void File_sets_one_entry_per_line()
    {
        Wire();
        var dir = Directory.CreateTempSubdirectory("arp-f");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "ethers"),
                "# static entries\n198.51.100.7 02:00:00:00:00:07\n\n  198.51.100.8 02:00:00:00:00:08 pub # proxy\nlonely\n198.51.100.9 zz:00\n");

            var result = Host.Run(["arp", "-f", "ethers"], dir.FullName);

            Assert.Equal((1, "arp: bad line: lonely\narp: invalid Ethernet address 'zz:00'\n"), (result.ExitCode, result.Stderr));
            Assert.Equal("? (198.51.100.7) at 02:00:00:00:00:07 on epair0a permanent [ethernet]\n", Ok("arp 198.51.100.7"));
            Assert.Contains("published", Ok("arp 198.51.100.8"), StringComparison.Ordinal);
            var missing = Host.Run(["arp", "-f", "nothing"], dir.FullName);
            Assert.Equal((1, "arp: cannot open nothing: No such file or directory\n"), (missing.ExitCode, missing.Stderr));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("arp")]
    [InlineData("arp -a 198.51.100.1")]
    [InlineData("arp -d")]
    [InlineData("arp -s 198.51.100.7")]
    [InlineData("arp -s 198.51.100.7 02:00:00:00:00:07 temp pub only reject extra")]
    [InlineData("arp -d -s 198.51.100.7 02:00:00:00:00:07")]
    [InlineData("arp -f")]
    [InlineData("arp 198.51.100.1 198.51.100.2")]
    public void Bad_usage_prints_arps_usage_and_exits_1(string line)
    {
        Wire();

        var result = Run(line);

        Assert.Equal((1, "", Usage), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void Unknown_options_and_parameters_are_reported_before_the_usage()
    {
        Wire();

        Assert.Equal((1, "arp: illegal option -- x\n" + Usage), Pair(Run("arp -x")));
        Assert.Equal((1, "arp: option requires an argument -- i\n" + Usage), Pair(Run("arp -a -i")));
        Assert.Equal((1, "arp: Invalid parameter 'forever'\n" + Usage), Pair(Run("arp -s 198.51.100.7 02:00:00:00:00:07 forever")));
        Assert.Equal((1, "arp: Choose one of blackhole or reject, not both.\n"), Pair(Run("arp -s 198.51.100.7 02:00:00:00:00:07 reject blackhole")));
    }

    private static (int, string) Pair(CommandResult result) => (result.ExitCode, result.Stderr);

    [Fact]
    public void Bad_addresses_interfaces_and_MACs_are_errors()
    {
        Wire();

        Assert.Equal((1, "arp: nosuchhost: Unknown host\n"), Pair(Run("arp nosuchhost")));
        Assert.Equal((1, "arp: 2001:db8::1: Unknown host\n"), Pair(Run("arp -d 2001:db8::1")));
        Assert.Equal((1, "arp: 198.51.100.999: Unknown host\n"), Pair(Run("arp -s 198.51.100.999 02:00:00:00:00:07")));
        Assert.Equal((1, "arp: invalid Ethernet address '02:00:00:00:07'\n"), Pair(Run("arp -s 198.51.100.7 02:00:00:00:07")));
        Assert.Equal((1, "arp: invalid Ethernet address 'g2:00:00:00:00:07'\n"), Pair(Run("arp -s 198.51.100.7 g2:00:00:00:00:07")));
        Assert.Equal((1, "arp: set 198.51.100.7: Invalid argument\n"), Pair(Run("arp -s 198.51.100.7 01:00:5e:00:00:07")));
        Assert.Equal((1, "arp: interface epair9a does not exist\n"), Pair(Run("arp -a -i epair9a")));
        Assert.Equal((1, "arp: -i not applicable to this operation\n"), Pair(Run("arp -i epair0a -s 198.51.100.7 02:00:00:00:00:07")));
        Assert.Equal((1, "arp: -i not applicable to this operation\n"), Pair(Run("arp -i epair0a -d 198.51.100.7")));
    }

    [Fact]
    public void In_a_jail_arp_sees_the_jails_table()
    {
        Wire();
        Ok("jexec one arp -s 198.51.100.7 02:00:00:00:00:07");

        Assert.Contains("on epair0b permanent", Ok("jexec one arp -an"), StringComparison.Ordinal);
        Assert.Equal(1, Run("arp 198.51.100.7").ExitCode);
    }

    [Fact]
    public void Learned_entries_count_down_on_the_kernel_clock_and_age_out()
    {
        var clock = new ManualClock();
        using var kernel = new Kernel(new KernelOptions { TimeProvider = clock });
        kernel.Sysctl.Set("net.link.epair.dispatch", "direct");
        var host = new CommandHost(kernel);
        Assert.Equal(0, host.Run("ifconfig", "epair", "create", "up").ExitCode);
        Assert.Equal(0, host.Run("ifconfig", "epair0a", "inet", "198.51.100.1/24").ExitCode);
        Assert.Equal(0, host.Run("arp", "-s", "198.51.100.7", "02:00:00:00:00:07", "temp").ExitCode);

        clock.Advance(TimeSpan.FromSeconds(200.5));
        Assert.Equal("? (198.51.100.7) at 02:00:00:00:00:07 on epair0a expires in 1000 seconds [ethernet]\n",
            host.Run("arp", "-n", "198.51.100.7").Stdout);

        clock.Advance(TimeSpan.FromSeconds(1000));
        var gone = host.Run("arp", "-n", "198.51.100.7");
        Assert.Equal((1, "198.51.100.7 (198.51.100.7) -- no entry\n"), (gone.ExitCode, gone.Stdout));
        Assert.Contains(IPAddress.Parse("198.51.100.1"), LibraryAddresses(kernel));
    }

    private static List<IPAddress> LibraryAddresses(Kernel kernel)
    {
        var list = new List<IPAddress>();
        foreach (var entry in kernel.Host.Inet.Arp.Entries)
            list.Add(entry.Address);
        return list;
    }
}

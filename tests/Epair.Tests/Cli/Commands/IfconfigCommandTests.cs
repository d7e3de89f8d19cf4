using Epair.Drivers.Vlan;
using Epair.Interfaces;

namespace Epair.Tests.Cli.Commands;

public sealed class IfconfigCommandTests : CommandTestBase
{
    [Fact]
    public void Create_prints_the_name_the_cloner_chose()
    {
        Assert.Equal("epair0a\n", Ok("ifconfig epair create"));
        Assert.Equal("epair7a\n", Ok("ifconfig epair7 create"));
        Assert.Equal("lo0 epair0a epair0b epair7a epair7b\n", Ok("ifconfig -l"));
    }

    [Fact]
    public void Creating_an_existing_pair_fails_with_EEXIST()
    {
        Ok("ifconfig epair create");
        var result = Run("ifconfig epair0 create");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("ifconfig: SIOCIFCREATE2 (epair0): File exists\n", result.Stderr);
    }

    [Fact]
    public void Destroy_takes_both_ends()
    {
        Ok("ifconfig epair create");
        Assert.Equal("", Ok("ifconfig epair0b destroy"));
        Assert.Equal("lo0\n", Ok("ifconfig -l"));
    }

    [Fact]
    public void Unknown_interface_is_an_error_with_exit_1()
    {
        var result = Run("ifconfig nosuch0");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("ifconfig: interface nosuch0 does not exist\n", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Lo0_is_there_from_the_start_as_on_FreeBSD_14()
    {
        // What FreeBSD 14 shows for a vnet jail's lo0 once rc.d has brought it up.
        Assert.Equal(
            "lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n" +
            "\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n" +
            "\tinet 127.0.0.1 netmask 0xff000000\n" +
            "\tinet6 ::1 prefixlen 128\n" +
            "\tinet6 fe80::1%lo0 prefixlen 64 scopeid 0x1\n" +
            "\tgroups: lo\n" +
            "\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n",
            Ok("ifconfig lo0"));
    }

    [Fact]
    public void The_status_block_is_FreeBSD_14s()
    {
        Ok("ifconfig epair create up");
        var a = Kernel.Host.GetInterface("epair0a");
        Assert.Equal(
            "epair0a: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n" +
            "\toptions=8<VLAN_MTU>\n" +
            $"\tether {a.MacAddress}\n" +
            "\tgroups: epair\n" +
            "\tmedia: Ethernet 10Gbase-T (10Gbase-T <full-duplex>)\n" +
            "\tstatus: active\n" +
            "\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n",
            Ok("ifconfig epair0a"));
        Assert.StartsWith("lo0: flags=8049", Ok("ifconfig"), StringComparison.Ordinal);
        Assert.Contains("\nepair0a: flags=8843", Ok("ifconfig"), StringComparison.Ordinal);
        Assert.Contains("epair0b: flags=8842<BROADCAST,RUNNING,SIMPLEX,MULTICAST>", Ok("ifconfig -a"), StringComparison.Ordinal);
    }

    [Fact]
    public void Keywords_apply_in_order()
    {
        Ok("ifconfig epair create");
        Ok("ifconfig epair0a up mtu 9000 down mtu 1400 up");
        var a = Kernel.Host.GetInterface("epair0a");
        Assert.Equal(1400, a.Mtu);
        Assert.True((a.Flags & InterfaceFlags.Up) != 0);
        Assert.Equal("lo0 epair0a\n", Ok("ifconfig -l -u"));
        Assert.Equal("epair0b\n", Ok("ifconfig -l -d"));
    }

    [Theory]
    [InlineData("71")]
    [InlineData("65536")]
    [InlineData("abc")]
    public void Mtu_out_of_range_is_refused_by_the_kernel(string mtu)
    {
        Ok("ifconfig epair create");
        var result = Run($"ifconfig epair0a mtu {mtu}");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("ifconfig: ioctl SIOCSIFMTU (set mtu): Invalid argument\n", result.Stderr);
        Assert.Equal(1500, Kernel.Host.GetInterface("epair0a").Mtu);
    }

    [Fact]
    public void Ether_sets_the_link_address_and_rejects_garbage()
    {
        Ok("ifconfig epair create");
        Ok("ifconfig epair0a ether 02:00:00:00:00:01");
        Assert.Equal("02:00:00:00:00:01", Kernel.Host.GetInterface("epair0a").MacAddress.ToString());
        Ok("ifconfig epair0a lladdr 02:00:00:00:00:02");
        Assert.Equal("02:00:00:00:00:02", Kernel.Host.GetInterface("epair0a").MacAddress.ToString());
        var result = Run("ifconfig epair0a ether zz");
        Assert.Equal((1, "ifconfig: malformed link-level address\n"), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public void Vnet_moves_and_minus_vnet_brings_back()
    {
        Ok("ifconfig epair create");
        Ok("jail -c name=one vnet persist");
        Ok("ifconfig epair0b vnet one");
        Assert.Equal("lo0 epair0a\n", Ok("ifconfig -l"));
        Assert.Equal("lo0 epair0b\n", Ok("jexec one ifconfig -l"));
        Assert.Equal("lo0 epair0b\n", Ok("ifconfig -j one -l"));
        Ok("ifconfig epair0b -vnet one");
        Assert.Equal("lo0 epair0a epair0b\n", Ok("ifconfig -l"));
        var missing = Run("ifconfig epair0a vnet nosuch");
        Assert.Equal((1, "ifconfig: jail \"nosuch\" not found\n"), (missing.ExitCode, missing.Stderr));
    }

    [Fact]
    public void Pcp_shows_on_its_own_line_until_cleared()
    {
        Ok("ifconfig epair create");
        Ok("ifconfig epair0a pcp 3");
        Assert.Contains("\tpcp 3\n", Ok("ifconfig epair0a"), StringComparison.Ordinal);
        Ok("ifconfig epair0a -pcp");
        Assert.DoesNotContain("pcp", Ok("ifconfig epair0a"), StringComparison.Ordinal);
        Assert.Equal((1, "ifconfig: invalid pcp value\n"), (Run("ifconfig epair0a pcp 8").ExitCode, Run("ifconfig epair0a pcp 8").Stderr));
    }

    [Fact]
    public void Dotted_vlan_keeps_its_name_and_prints_nothing()
    {
        Ok("ifconfig epair create");
        Assert.Equal("", Ok("ifconfig epair0a.5 create"));
        Assert.Contains("\tvlan: 5 vlanproto: 802.1q vlanpcp: 0 parent interface: epair0a\n", Ok("ifconfig epair0a.5"), StringComparison.Ordinal);
        Assert.Contains("\tgroups: vlan\n", Ok("ifconfig epair0a.5"), StringComparison.Ordinal);
    }

    [Fact]
    public void Name_renames_and_prints_the_new_name_and_description_shows_under_the_flags()
    {
        Ok("ifconfig epair create");

        Assert.Equal("foo\n", Ok("ifconfig epair0a name foo up"));
        Ok("ifconfig foo description lab-uplink");
        var taken = Run("ifconfig epair0b name foo");
        var status = Ok("ifconfig foo");

        Assert.Equal((1, "", "ifconfig: ioctl SIOCSIFNAME (set name): File exists\n"), (taken.ExitCode, taken.Stdout, taken.Stderr));
        Assert.StartsWith("foo: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\tdescription: lab-uplink\n\toptions=8<VLAN_MTU>\n",
            status, StringComparison.Ordinal);
        Ok("ifconfig foo -description");
        Assert.DoesNotContain("description", Ok("ifconfig foo"), StringComparison.Ordinal);
        // Its cloner still knows it: destroying foo takes both ends (pf's "names" test).
        Ok("ifconfig foo destroy");
        Assert.Equal("lo0\n", Ok("ifconfig -l"));
    }

    [Fact]
    public void Group_joins_minus_g_lists_members_and_a_move_keeps_only_the_cloners_group()
    {
        Ok("ifconfig epair create");
        Ok("ifconfig epair0a group lab");
        Ok("ifconfig epair0a group lab"); // already a member: no error
        Ok("ifconfig epair0b group lab");
        var digit = Run("ifconfig epair0a group lab1");

        Assert.Equal("epair0a\nepair0b\n", Ok("ifconfig -g lab"));
        Assert.Contains("\tgroups: epair lab\n", Ok("ifconfig epair0a"), StringComparison.Ordinal);
        Assert.Equal((1, "ifconfig: setifgroup: group names may not end in a digit\n"), (digit.ExitCode, digit.Stderr));
        Ok("ifconfig epair0a -group lab");
        Ok("ifconfig epair0a -group lab"); // not a member any more: no error
        Assert.Equal("epair0b\n", Ok("ifconfig -g lab"));
        Ok("jail -c name=one vnet persist vnet.interface=epair0b");
        Assert.Contains("\tgroups: epair\n", Ok("jexec one ifconfig epair0b"), StringComparison.Ordinal);
        Assert.Equal("", Ok("ifconfig -g lab"));
    }

    [Fact]
    public void Fib_takes_only_the_fibs_there_are_and_inet6_refuses_netmask_and_broadcast()
    {
        Ok("ifconfig epair create");
        Assert.Equal("1\n", Ok("sysctl -n net.fibs"));

        Ok("ifconfig epair0a fib 0");
        var past = Run("ifconfig epair0a fib 1");
        var netmask = Run("ifconfig epair0a inet6 2001:db8:1::1 netmask 64");
        var broadcast = Run("ifconfig epair0a inet6 2001:db8:1::1 broadcast 2001:db8:1::ffff");

        Assert.Equal((1, "ifconfig: ioctl (SIOCSIFFIB): Invalid argument\n"), (past.ExitCode, past.Stderr));
        Assert.Equal((1, "ifconfig: netmask: invalid option for inet6\n"), (netmask.ExitCode, netmask.Stderr));
        Assert.Equal((1, "ifconfig: broadcast: invalid option for inet6\n"), (broadcast.ExitCode, broadcast.Stderr));
        // Refused before the address was touched.
        Assert.DoesNotContain("2001:db8:1::1", Ok("ifconfig epair0a"), StringComparison.Ordinal);
    }

    [Fact]
    public void Minus_m_adds_the_capabilities_and_the_supported_media()
    {
        Ok("ifconfig epair create");

        var status = Ok("ifconfig -m epair0a");

        Assert.Contains("\toptions=8<VLAN_MTU>\n\tcapabilities=8<VLAN_MTU>\n\tether ", status, StringComparison.Ordinal);
        Assert.Contains("\tstatus: active\n\tsupported media:\n\t\tmedia 10Gbase-T\n\tnd6 options=", status, StringComparison.Ordinal);
        Assert.DoesNotContain("capabilities", Ok("ifconfig epair0a"), StringComparison.Ordinal);
    }

    [Fact]
    public void Lo_create_prints_lo1_takes_alias_before_the_address_and_lo0_cannot_go()
    {
        Assert.Equal("lo1\n", Ok("ifconfig lo create"));
        Assert.Equal("", Ok("ifconfig lo5 create"));
        Ok("ifconfig lo1 inet 198.51.100.0/32");
        Ok("ifconfig lo1 alias 198.51.100.2/32");

        var lo1 = Ok("ifconfig lo1");
        var lo0 = Run("ifconfig lo0 destroy");
        var twice = Run("ifconfig lo5 create");

        Assert.StartsWith("lo1: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n", lo1, StringComparison.Ordinal);
        Assert.Contains("\tinet 198.51.100.0 netmask 0xffffffff\n\tinet 198.51.100.2 netmask 0xffffffff\n", lo1, StringComparison.Ordinal);
        Assert.Contains("\tgroups: lo\n", lo1, StringComparison.Ordinal);
        Assert.Equal((1, "ifconfig: SIOCIFDESTROY: Invalid argument\n"), (lo0.ExitCode, lo0.Stderr));
        Assert.Equal((1, "ifconfig: SIOCIFCREATE2 (lo5): File exists\n"), (twice.ExitCode, twice.Stderr));
        Ok("ifconfig lo1 -alias 198.51.100.2");
        Assert.DoesNotContain("198.51.100.2", Ok("ifconfig lo1"), StringComparison.Ordinal);
        Ok("ifconfig lo1 destroy");
        Assert.Equal("lo0 lo5\n", Ok("ifconfig -l"));
    }

    [Fact]
    public void Vlan_create_with_parameters_prints_the_new_name_and_can_be_retagged()
    {
        Ok("ifconfig epair create");
        Assert.Equal("vlan0\n", Ok("ifconfig vlan create vlan 5 vlandev epair0a"));
        Ok("ifconfig vlan0 vlan 6");
        Assert.Equal(6, Kernel.Host.GetInterface<VlanInterface>("vlan0").Tag);
        Ok("ifconfig vlan0 -vlandev");
        Assert.Contains("\tvlan: 0 vlanproto: 0x0000 vlanpcp: 0 parent interface: <none>\n", Ok("ifconfig vlan0"), StringComparison.Ordinal);
        Ok("ifconfig vlan0 vlandev epair0a vlan 7");
        Assert.Equal(7, Kernel.Host.GetInterface<VlanInterface>("vlan0").Tag);
        var half = Run("ifconfig vlan create vlan 9");
        Assert.Equal((1, "ifconfig: both vlan and vlandev must be specified\n"), (half.ExitCode, half.Stderr));
    }

    [Fact]
    public void Unknown_words_and_options_follow_FreeBSD()
    {
        Ok("ifconfig epair create");
        var word = Run("ifconfig epair0a frobnicate");
        Assert.Equal((1, "ifconfig: frobnicate: bad value\n"), (word.ExitCode, word.Stderr));
        var option = Run("ifconfig -Z");
        Assert.Equal(1, option.ExitCode);
        Assert.StartsWith("ifconfig: illegal option -- Z\nusage: ifconfig", option.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Cloners_are_listed_with_minus_C()
    {
        // lo comes with the vnet, before the modules' cloners.
        Assert.Equal("lo epair vlan\n", Ok("ifconfig -C"));
    }
}

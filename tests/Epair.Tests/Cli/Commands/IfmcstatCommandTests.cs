namespace Epair.Tests.Cli.Commands;

/// <summary>ifmcstat(8): the IPv6 groups each interface has joined, in FreeBSD 14's layout.</summary>
public sealed class IfmcstatCommandTests : CommandTestBase
{
    [Fact]
    public void Groups_are_listed_newest_first_under_the_link_local_address_with_their_ethernet_groups()
    {
        Wire6();
        Ok("ndp -s 2001:db8::99 02:00:00:00:00:99 proxy");
        var a = Kernel.Host.FindInterface("epair0a")!;
        var linkLocal = Kernel.Host.Inet.Ipv6.GetAddresses(a).First(x => x.Address.IsIPv6LinkLocal).Address;
        string bare = new System.Net.IPAddress(linkLocal.GetAddressBytes()).ToString();

        var lines = Ok("ifmcstat -i epair0a -f inet6").Split('\n');

        Assert.Equal("epair0a:", lines[0]);
        Assert.Equal($"\tinet6 {bare}%epair0a scopeid 0x{a.Index:x}", lines[1]);
        Assert.Equal("\tmldv2 flags=2<USEALLOW> rv 2 qi 125 qri 10 uri 3", lines[2]);
        // The proxy entry joined last, so it comes first.
        Assert.Equal($"\t\tgroup ff02::1:ff00:99%epair0a scopeid 0x{a.Index:x} mode exclude", lines[3]);
        Assert.Equal("\t\t\tmcast-macaddr 33:33:ff:00:00:99", lines[4]);
        Assert.Contains($"\t\tgroup ff02::1%epair0a scopeid 0x{a.Index:x} mode exclude\n\t\t\tmcast-macaddr 33:33:00:00:00:01\n",
            Ok("ifmcstat -i epair0a"), StringComparison.Ordinal);

        Ok("ndp -d 2001:db8::99");
        Assert.DoesNotContain("ff02::1:ff00:99", Ok("ifmcstat"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_loopback_is_silent_and_resolves_no_ethernet_group_and_inet_lists_nothing()
    {
        var lo0 = Ok("ifmcstat -i lo0");

        Assert.StartsWith("lo0:\n\tinet6 fe80::1%lo0 scopeid 0x1\n\tmldv2 flags=3<SILENT,USEALLOW> rv 2 qi 125 qri 10 uri 3\n", lo0, StringComparison.Ordinal);
        Assert.Contains("\t\tgroup ff02::1%lo0 scopeid 0x1 mode exclude\n", lo0, StringComparison.Ordinal);
        Assert.DoesNotContain("mcast-macaddr", lo0, StringComparison.Ordinal);
        Assert.Equal("", Ok("ifmcstat -f inet"));
    }

    [Fact]
    public void Bad_interfaces_families_and_options_exit_as_ifmcstat_does()
    {
        var unknown = Run("ifmcstat -i nope0");
        var family = Run("ifmcstat -f ipx");
        var option = Run("ifmcstat -z");
        var linkVerbose = Run("ifmcstat -f link -v");

        Assert.Equal((68, "nope0: unknown interface\n"), (unknown.ExitCode, unknown.Stderr));
        Assert.Equal((64, "ipx: unknown address family\n"), (family.ExitCode, family.Stderr));
        Assert.Equal(64, option.ExitCode);
        Assert.StartsWith("ifmcstat: illegal option -- z\nusage: ifmcstat [-i interface] [-f address family]", option.Stderr, StringComparison.Ordinal);
        Assert.Equal(64, linkVerbose.ExitCode);
    }
}

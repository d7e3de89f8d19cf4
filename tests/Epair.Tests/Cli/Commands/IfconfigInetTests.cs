namespace Epair.Tests.Cli.Commands;

/// <summary>ifconfig's inet and inet6 keywords and the address lines of the status block.</summary>
public sealed class IfconfigInetTests : CommandTestBase
{
    [Fact]
    public void Inet_with_a_prefix_shows_netmask_and_broadcast()
    {
        Ok("ifconfig epair create");
        Ok("ifconfig epair0a inet 192.0.2.1/24");

        var status = Ok("ifconfig epair0a");
        Assert.Contains("\tinet 192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255\n", status, StringComparison.Ordinal);
        // Adding an address brings the interface up, as SIOCAIFADDR does.
        Assert.StartsWith("epair0a: flags=8843<UP,", status, StringComparison.Ordinal);
    }

    [Fact]
    public void Netmask_in_hex_or_dotted_and_a_bare_address_with_no_family_word()
    {
        Ok("ifconfig epair create");
        Ok("ifconfig epair0a inet 198.51.100.1 netmask 0xffffff80");
        Ok("ifconfig epair0b 203.0.113.9 netmask 255.255.255.0");

        Assert.Contains("\tinet 198.51.100.1 netmask 0xffffff80 broadcast 198.51.100.127\n", Ok("ifconfig epair0a"), StringComparison.Ordinal);
        Assert.Contains("\tinet 203.0.113.9 netmask 0xffffff00 broadcast 203.0.113.255\n", Ok("ifconfig epair0b"), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_alias_the_first_address_is_replaced_and_with_alias_one_is_added()
    {
        Ok("ifconfig epair create");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Ok("ifconfig epair0a inet 192.0.2.2/24");
        Ok("ifconfig epair0a inet 198.51.100.1/24 alias");

        var status = Ok("ifconfig epair0a");
        Assert.DoesNotContain("inet 192.0.2.1 ", status, StringComparison.Ordinal);
        Assert.Contains("\tinet 192.0.2.2 netmask 0xffffff00 broadcast 192.0.2.255\n\tinet 198.51.100.1 netmask 0xffffff00 broadcast 198.51.100.255\n", status, StringComparison.Ordinal);
    }

    [Fact]
    public void Minus_alias_removes_and_errors_are_FreeBSDs()
    {
        Ok("ifconfig epair create");
        Ok("ifconfig epair0a inet 192.0.2.1/24");

        var twice = Run("ifconfig epair0b inet 192.0.2.1/24");
        Assert.Equal((1, "ifconfig: ioctl (SIOCAIFADDR): File exists\n"), (twice.ExitCode, twice.Stderr));

        Ok("ifconfig epair0a inet 192.0.2.1 -alias");
        Assert.DoesNotContain("\tinet ", Ok("ifconfig epair0a"), StringComparison.Ordinal);

        var gone = Run("ifconfig epair0a inet 192.0.2.1 -alias");
        Assert.Equal((1, "ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address\n"), (gone.ExitCode, gone.Stderr));
        var bad = Run("ifconfig epair0a inet 192.0.2.300/24");
        Assert.Equal((1, "ifconfig: 192.0.2.300/24: bad value\n"), (bad.ExitCode, bad.Stderr));
    }

    [Fact]
    public void Keywords_after_the_address_still_apply()
    {
        Ok("ifconfig epair create");
        Ok("ifconfig epair0a inet 192.0.2.1/24 mtu 1400 down");

        var status = Ok("ifconfig epair0a");
        Assert.StartsWith("epair0a: flags=8842<BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1400\n", status, StringComparison.Ordinal);
        Assert.Contains("\tinet 192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255\n", status, StringComparison.Ordinal);
    }

    [Fact]
    public void Inet6_addresses_and_the_nd6_line()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 2001:db8::1/64");
        Ok("ifconfig epair0a inet6 2001:db8:1::1 prefixlen 48 alias");

        var status = Ok("ifconfig epair0a");
        // The first inet6 address clears IFDISABLED and brings a link-local with it; DAD has
        // not finished, so every address is still tentative.
        Assert.Matches(@"\tinet6 fe80::[0-9a-f:]+%epair0a prefixlen 64 tentative scopeid 0x2\n", status);
        Assert.Contains("\tinet6 2001:db8::1 prefixlen 64 tentative\n", status, StringComparison.Ordinal);
        Assert.Contains("\tinet6 2001:db8:1::1 prefixlen 48 tentative\n", status, StringComparison.Ordinal);
        Assert.Contains("\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n", status, StringComparison.Ordinal);

        Ok("ifconfig epair0a inet6 2001:db8:1::1 -alias");
        Assert.DoesNotContain("2001:db8:1::1", Ok("ifconfig epair0a"), StringComparison.Ordinal);
        // The same address again updates it (in6_update_ifa), here with the anycast flag; another
        // prefix length for it is refused.
        Ok("ifconfig epair0a inet6 2001:db8::1/64 anycast");
        Assert.Contains("\tinet6 2001:db8::1 prefixlen 64 anycast tentative\n", Ok("ifconfig epair0a"), StringComparison.Ordinal);
        var other = Run("ifconfig epair0a inet6 2001:db8::1/48");
        Assert.Equal((1, "ifconfig: ioctl (SIOCAIFADDR): Invalid argument\n"), (other.ExitCode, other.Stderr));
    }

    [Fact]
    public void Inet6_ifdisabled_toggles_the_nd6_flag()
    {
        Ok("ifconfig epair create");
        Assert.Contains("\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n", Ok("ifconfig epair0a"), StringComparison.Ordinal);

        Ok("ifconfig epair0a inet6 -ifdisabled");
        Assert.Contains("\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n", Ok("ifconfig epair0a"), StringComparison.Ordinal);

        Ok("ifconfig epair0a inet6 ifdisabled");
        Assert.Contains("\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n", Ok("ifconfig epair0a"), StringComparison.Ordinal);
    }
}

namespace Epair.Tests.Cli.Commands;

/// <summary>Address families on ifconfig's command line: listing by family, and the nd6 flag keywords.</summary>
public class IfconfigFamilyTests : CommandTestBase
{
    [Fact]
    public void Ifconfig_IF_inet6_shows_only_that_familys_lines()
    {
        Assert.Equal(
            "lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n" +
            "\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n" +
            "\tinet6 ::1 prefixlen 128\n" +
            "\tinet6 fe80::1%lo0 prefixlen 64 scopeid 0x1\n" +
            "\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n",
            Ok("ifconfig lo0 inet6"));
        Assert.Equal(
            "lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n" +
            "\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n" +
            "\tinet 127.0.0.1 netmask 0xff000000\n",
            Ok("ifconfig lo0 inet"));
    }

    [Fact]
    public void An_interface_without_an_address_of_the_family_shows_nothing()
    {
        Ok("ifconfig epair create");
        Assert.Equal("", Ok("ifconfig epair0a inet"));
        Assert.Equal("", Ok("ifconfig epair0a inet6"));
        var a = Kernel.Host.GetInterface("epair0a");
        Assert.Equal(
            "epair0a: flags=8842<BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n" +
            "\toptions=8<VLAN_MTU>\n" +
            $"\tether {a.MacAddress}\n",
            Ok("ifconfig epair0a ether"));
    }

    [Fact]
    public void Minus_l_and_minus_a_with_a_family_list_only_interfaces_that_have_it()
    {
        Ok("ifconfig epair create");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Assert.Equal("lo0 epair0a\n", Ok("ifconfig -l inet"));
        Assert.Equal("lo0 epair0a epair0b\n", Ok("ifconfig -l link"));
        Assert.Equal("epair0a epair0b\n", Ok("ifconfig -l ether"));
        string all = Ok("ifconfig -a inet");
        Assert.Contains("\tinet 192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255\n", all, StringComparison.Ordinal);
        Assert.DoesNotContain("epair0b", all, StringComparison.Ordinal);
        Assert.DoesNotContain("inet6", all, StringComparison.Ordinal);
        Assert.DoesNotContain("media:", all, StringComparison.Ordinal);
        Assert.Equal(1, Run("ifconfig -l bogus").ExitCode);
    }

    [Theory]
    [InlineData("no_dad", "nd6 options=129<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL,NO_DAD>")]
    [InlineData("-nud", "nd6 options=28<IFDISABLED,AUTO_LINKLOCAL>")]
    [InlineData("-auto_linklocal", "nd6 options=9<PERFORMNUD,IFDISABLED>")]
    [InlineData("accept_rtadv", "nd6 options=2b<PERFORMNUD,ACCEPT_RTADV,IFDISABLED,AUTO_LINKLOCAL>")]
    [InlineData("no_prefer_iface", "nd6 options=a9<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL,NO_PREFER_IFACE>")]
    public void Inet6_nd6_flag_keywords_set_and_clear_the_interfaces_flags(string keyword, string expected)
    {
        Ok("ifconfig epair create");
        Ok($"ifconfig epair0a inet6 {keyword}");
        Assert.Contains($"\t{expected}\n", Ok("ifconfig epair0a"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_dad_makes_new_addresses_usable_at_once()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 no_dad");
        Ok("ifconfig epair0a inet6 2001:db8::1/64");
        Assert.DoesNotContain("tentative", Ok("ifconfig epair0a inet6"), StringComparison.Ordinal);
        Ok("ifconfig epair0b inet6 2001:db8::2/64");
        Assert.Contains("tentative", Ok("ifconfig epair0b inet6"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_dad_after_the_address_applies_before_the_address_is_added()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 2001:db8::1/64 no_dad");
        Assert.DoesNotContain("tentative", Ok("ifconfig epair0a inet6"), StringComparison.Ordinal);
        Ok("ifconfig epair0b up -nud");
        Assert.Contains("\tnd6 options=28<IFDISABLED,AUTO_LINKLOCAL>\n", Ok("ifconfig epair0b"), StringComparison.Ordinal);
    }
}

namespace Epair.Tests.Cli.Commands;

/// <summary><c>netstat -r</c>: route.c's tables, columns and flag letters.</summary>
public sealed class NetstatRoutesTests : CommandTestBase
{
    private const string Header4 = "Destination        Gateway            Flags     Netif Expire\n";

    private void Wire()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
    }

    [Fact]
    public void The_inet_table_in_radix_order()
    {
        Wire();
        Ok("route add default 192.0.2.2");
        Ok("route add -net 198.51.100.0/24 192.0.2.3 -blackhole");
        Ok("route add -host 203.0.113.9 192.0.2.3 -reject");
        Assert.Equal(
            "Routing tables\n" +
            "\nInternet:\n" + Header4 +
            "default            192.0.2.2          UGS     epair0a\n" +
            "127.0.0.1          link#1             UH          lo0\n" +
            "192.0.2.0/24       link#2             U       epair0a\n" +
            "192.0.2.1          link#2             UHS         lo0\n" +
            "198.51.100.0/24    192.0.2.3          UGSB    epair0a\n" +
            "203.0.113.9        192.0.2.3          UGHRS   epair0a\n", Ok("netstat -rn -f inet"));
    }

    [Fact]
    public void A_host_address_and_addresses_on_a_cloned_loopback_get_in_cs_host_routes()
    {
        Wire();
        Ok("ifconfig lo create");
        Ok("ifconfig epair0a inet 192.0.2.9/32 alias");
        Ok("ifconfig lo1 inet 198.51.100.1/32");
        Ok("ifconfig lo1 inet 203.0.113.1/24 alias");

        var table = Ok("netstat -rn -f inet");

        // A /32 on a broadcast interface: its host route through lo0, not static (in.c's case 2).
        Assert.Contains("192.0.2.9          link#2             UH          lo0\n", table, StringComparison.Ordinal);
        // On a loopback interface every address is a host route through that interface (case 4).
        Assert.Contains("198.51.100.1       link#4             UH          lo1\n", table, StringComparison.Ordinal);
        Assert.Contains("203.0.113.1        link#4             UH          lo1\n", table, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.0/24", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_n_the_loopback_is_localhost()
    {
        Wire();
        var text = Ok("netstat -r -4");
        Assert.Contains("\nlocalhost          link#1             UH          lo0\n", text);
        Assert.DoesNotContain("Internet6:", text);
    }

    [Fact]
    public void A_vnet_with_only_lo0()
    {
        Assert.Equal("Routing tables\n\nInternet:\n" + Header4 + "127.0.0.1          link#1             UH          lo0\n",
            Ok("netstat -rn -4"));
    }

    [Fact]
    public void The_inet6_table_with_zones()
    {
        Wire();
        Ok("ifconfig epair0a inet6 2001:db8::1/64");
        Ok("route -6 add 2001:db8:1::/64 2001:db8::2");
        var text = Ok("netstat -rn -f inet6");
        Assert.StartsWith("Routing tables\n\nInternet6:\n" +
            "Destination                       Gateway                       Flags     Netif Expire\n" +
            "::1                               link#1                        UHS         lo0\n" +
            "2001:db8::/64                     link#2                        U       epair0a\n" +
            "2001:db8::1                       link#2                        UHS         lo0\n" +
            "2001:db8:1::/64                   2001:db8::2                   UGS     epair0a\n" +
            "fe80::%lo0/64                     link#1                        U           lo0\n" +
            "fe80::1%lo0                       link#1                        UHS         lo0\n" +
            "fe80::%epair0a/64                 link#2                        U       epair0a\n" +
            "fe80::", text);
        // The link-local address comes from the random MAC: its length varies, the column does not.
        Assert.Matches(@"\nfe80::[0-9a-f:]+%epair0a +link#2 {24}UHS {9}lo0\n", text);
        var line = text[(text.LastIndexOf("\nfe80::", StringComparison.Ordinal) + 1)..];
        Assert.Equal(34, line.IndexOf("link#2", StringComparison.Ordinal));
        Assert.DoesNotContain("Internet:", text);
    }

    [Fact]
    public void Both_families_without_f()
    {
        Wire();
        var text = Ok("netstat -rn");
        Assert.True(text.IndexOf("\nInternet:\n", StringComparison.Ordinal) < text.IndexOf("\nInternet6:\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Wide_adds_nexthop_and_mtu()
    {
        Wire();
        var text = Ok("netstat -rnW -4");
        Assert.Contains("Destination        Gateway            Flags   Nhop#    Mtu      Netif Expire\n", text);
        Assert.Contains("127.0.0.1          link#1             UH          1  16384        lo0\n", text);
        Assert.Contains("192.0.2.0/24       link#2             U           2   1500    epair0a\n", text);
    }

    [Fact]
    public void A_long_name_is_cut_without_n_and_pushes_with_it()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1/64");
        Assert.Contains("\n2001:db8:aaaa:bbbb link#2             UHS         lo0\n", Ok("netstat -r -6"));
        Assert.Contains("\n2001:db8:aaaa:bbbb:cccc:dddd:eeee:1 link#2                      UHS         lo0\n", Ok("netstat -rn -6"));
    }

    [Fact]
    public void Routing_statistics_and_other_fibs()
    {
        Assert.Equal("routing:\n\t0 bad routing redirects\n\t0 dynamically created routes\n\t0 new gateways due to redirects\n" +
            "\t0 destinations found unreachable\n\t0 uses of a wildcard route\n", Ok("netstat -rs"));
        Assert.Equal("routing:\n", Ok("netstat -rss"));
        var result = Run("netstat -rn -F 1");
        Assert.Equal((1, "netstat: 1: invalid fib\n"), (result.ExitCode, result.Stderr));
        Assert.StartsWith("Routing tables\n", Ok("netstat -rn -F 0"));
    }

    [Fact]
    public void Libxo_json_has_the_keys_scripts_query()
    {
        Wire();
        Ok("route add 192.0.2.3 192.0.2.2");
        foreach (var command in new[] { "netstat -r --libxo json", "netstat -r --libxo=json,pretty" })
        {
            using var doc = System.Text.Json.JsonDocument.Parse(Ok(command));
            var families = doc.RootElement.GetProperty("statistics").GetProperty("route-information")
                .GetProperty("route-table").GetProperty("rt-family");
            var inet = families[0];
            Assert.Equal("Internet", inet.GetProperty("address-family").GetString());
            var entry = inet.GetProperty("rt-entry").EnumerateArray().Single(e => e.GetProperty("destination").GetString() == "192.0.2.3");
            Assert.Equal("192.0.2.2", entry.GetProperty("gateway").GetString());
            Assert.Equal("UGHS", entry.GetProperty("flags").GetString());
            Assert.Equal(["up", "gateway", "host", "static"], entry.GetProperty("flags_pretty").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal("epair0a", entry.GetProperty("interface-name").GetString());
            Assert.Equal("Internet6", families[1].GetProperty("address-family").GetString());
        }
    }
}

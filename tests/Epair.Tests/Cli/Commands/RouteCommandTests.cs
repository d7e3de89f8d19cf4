using System.Net;

namespace Epair.Tests.Cli.Commands;

/// <summary>route(8) add, delete and change, with FreeBSD's report lines, messages and exit codes.</summary>
public sealed class RouteCommandTests : CommandTestBase
{
    private void Wire()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
    }

    [Fact]
    public void Add_and_delete_report_as_route_does()
    {
        Wire();
        Assert.Equal("add net 198.51.100.0: gateway 192.0.2.2\n", Ok("route add -net 198.51.100.0/24 192.0.2.2"));
        Assert.Equal("add host 203.0.113.7: gateway 192.0.2.2\n", Ok("route -n add -host 203.0.113.7 192.0.2.2"));
        Assert.Equal("add net default: gateway 192.0.2.2\n", Ok("route add default 192.0.2.2"));
        var ip4 = Kernel.Host.Inet.Ipv4;
        Assert.Equal(24, ip4.GetRoute(IPAddress.Parse("198.51.100.9")).PrefixLength);
        Assert.Equal(32, ip4.GetRoute(IPAddress.Parse("203.0.113.7")).PrefixLength);
        Assert.Equal(0, ip4.GetRoute(IPAddress.Parse("203.0.113.8")).PrefixLength);

        Assert.Equal("delete net 198.51.100.0\n", Ok("route delete -net 198.51.100.0/24"));
        Assert.Equal(0, ip4.GetRoute(IPAddress.Parse("198.51.100.9")).PrefixLength); // the default carries it now
        Assert.Equal("delete net default\n", Ok("route delete default"));
    }

    [Fact]
    public void An_existing_route_is_already_in_table()
    {
        Wire();
        Ok("route add -net 198.51.100.0/24 192.0.2.2");
        var twice = Run("route add -net 198.51.100.0/24 192.0.2.2");
        Assert.Equal((1, "add net 198.51.100.0: gateway 192.0.2.2 fib 0: route already in table\n",
            "route: writing to routing socket: File exists\n"), (twice.ExitCode, twice.Stdout, twice.Stderr));
    }

    [Fact]
    public void A_missing_route_is_not_in_table()
    {
        Wire();
        var gone = Run("route delete -net 198.51.100.0/24");
        Assert.Equal((1, "delete net 198.51.100.0 fib 0: not in table\n", "route: route has not been found\n"),
            (gone.ExitCode, gone.Stdout, gone.Stderr));
        var change = Run("route change 203.0.113.0/24 192.0.2.3");
        Assert.Equal((1, "change net 203.0.113.0: gateway 192.0.2.3 fib 0: not in table\n"), (change.ExitCode, change.Stdout));
    }

    [Fact]
    public void An_unreachable_gateway_is_reported_with_the_errno_text()
    {
        Wire();
        var result = Run("route add -net 198.51.100.0/24 203.0.113.1");
        Assert.Equal((1, "add net 198.51.100.0: gateway 203.0.113.1 fib 0: Network is unreachable\n",
            "route: writing to routing socket: Network is unreachable\n"), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void Quiet_prints_nothing_on_stdout()
    {
        Wire();
        Assert.Equal("", Ok("route -q add -net 198.51.100.0/24 192.0.2.2"));
        var twice = Run("route -q add -net 198.51.100.0/24 192.0.2.2");
        Assert.Equal((1, ""), (twice.ExitCode, twice.Stdout));
    }

    [Theory]
    [InlineData("route add 198.51.100.0 192.0.2.2", "add net 198.51.100.0: gateway 192.0.2.2\n", "198.51.100.0", 24)]
    [InlineData("route add 10.0.0.0 192.0.2.2", "add net 10.0.0.0: gateway 192.0.2.2\n", "10.0.0.0", 8)]
    [InlineData("route add 198.51.100.7 192.0.2.2", "add host 198.51.100.7: gateway 192.0.2.2\n", "198.51.100.7", 32)]
    [InlineData("route add -net 198.51.100.7 192.0.2.2", "add net 198.51.100.7: gateway 192.0.2.2\n", "198.51.100.7", 32)]
    [InlineData("route add -net 198.51.100 192.0.2.2", "add net 198.51.100: gateway 192.0.2.2\n", "198.51.100.0", 24)]
    [InlineData("route add -net 198.51.100.0 -netmask 255.255.255.128 192.0.2.2", "add net 198.51.100.0: gateway 192.0.2.2\n", "198.51.100.0", 25)]
    [InlineData("route add -net 198.51.100.0 192.0.2.2 255.255.254.0", "add net 198.51.100.0: gateway 192.0.2.2\n", "198.51.100.0", 23)]
    [InlineData("route add -net 198.51.100.0 -prefixlen 26 192.0.2.2", "add net 198.51.100.0: gateway 192.0.2.2\n", "198.51.100.0", 26)]
    [InlineData("route add -inet -host 198.51.100.0 192.0.2.2", "add host 198.51.100.0: gateway 192.0.2.2\n", "198.51.100.0", 32)]
    [InlineData("route -4 add -dst 198.51.100.0/24 -gateway 192.0.2.2", "add net 198.51.100.0: gateway 192.0.2.2\n", "198.51.100.0", 24)]
    public void Destinations_are_read_as_getaddr_reads_them(string command, string report, string prefix, int length)
    {
        Wire();
        Assert.Equal(report, Ok(command));
        Assert.Contains(Kernel.Host.Inet.Ipv4.Routes, r => r.Destination.ToString() == prefix && r.PrefixLength == length);
    }

    [Fact]
    public void Interface_routes_need_no_gateway()
    {
        Wire();
        Assert.Equal("add host 198.51.100.1: gateway epair0a\n", Ok("route add 198.51.100.1 -iface epair0a"));
        Assert.Equal("add net 203.0.113.0: gateway 192.0.2.1\n", Ok("route add -net 203.0.113.0/24 -interface 192.0.2.1"));
        var route = Kernel.Host.Inet.Ipv4.GetRoute(IPAddress.Parse("198.51.100.1"));
        Assert.Equal(("epair0a", null), (route.Interface.Name, route.Gateway));
        Assert.Equal("epair0a", Kernel.Host.Inet.Ipv4.GetRoute(IPAddress.Parse("203.0.113.9")).Interface.Name);
    }

    [Fact]
    public void Change_replaces_the_gateway()
    {
        Wire();
        Ok("route add 192.0.2.3 192.0.2.2");
        Assert.Equal("change host 192.0.2.3: gateway 192.0.2.4\n", Ok("route change 192.0.2.3 192.0.2.4"));
        Assert.Equal(IPAddress.Parse("192.0.2.4"), Kernel.Host.Inet.Ipv4.GetRoute(IPAddress.Parse("192.0.2.3")).Gateway);
        Assert.Equal("delete host 192.0.2.3\n", Ok("route delete 192.0.2.3"));
    }

    [Fact]
    public void Blackhole_and_reject_routes()
    {
        Wire();
        Ok("route add -net 198.51.100.0/24 192.0.2.2 -blackhole");
        Ok("route add -net 203.0.113.0/24 127.0.0.1 -reject");
        var ip4 = Kernel.Host.Inet.Ipv4;
        Assert.NotEqual(0, (int)(ip4.GetRoute(IPAddress.Parse("198.51.100.1")).Flags & Epair.Inet.Ipv4.Routing.RouteFlags.Blackhole));
        Assert.NotEqual(0, (int)(ip4.GetRoute(IPAddress.Parse("203.0.113.1")).Flags & Epair.Inet.Ipv4.Routing.RouteFlags.Reject));
    }

    [Theory]
    [InlineData("route", "")]
    [InlineData("route add", "")]
    [InlineData("route -x add 192.0.2.5 192.0.2.2", "route: illegal option -- x\n")]
    [InlineData("route frob", "route: bad keyword: frob\n")]
    [InlineData("route add 198.51.100.0/24 192.0.2.2 -bogus", "route: bad keyword: bogus\n")]
    [InlineData("route add 198.51.100.0/24 -netmask", "")]
    public void Bad_syntax_prints_usage_and_exits_64(string command, string warning)
    {
        var result = Run(command);
        Assert.Equal((64, warning + "route: usage: route [-j jail] [-46dnqtv] command [[modifiers] args]\n", ""),
            (result.ExitCode, result.Stderr, result.Stdout));
    }

    [Theory]
    [InlineData("route add 192.0.2.999 192.0.2.2", "route: bad address: 192.0.2.999\n", 68)]
    [InlineData("route add 198.51.100.0/24 nowhere", "route: bad address: nowhere\n", 68)]
    [InlineData("route add -6 2001:db8:1::/64 zz::1", "route: zz::1: Name does not resolve\n", 71)]
    [InlineData("route add -6 2001:db8:1::/200 2001:db8::2", "route: 200: invalid prefixlen\n", 64)]
    public void Bad_addresses_exit_as_getaddr_does(string command, string message, int status)
    {
        Wire();
        var result = Run(command);
        Assert.Equal((status, message, ""), (result.ExitCode, result.Stderr, result.Stdout));
    }

    [Fact]
    public void Ipv6_routes_with_global_and_scoped_gateways()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 2001:db8::1/64");
        Assert.Equal("add net 2001:db8:1::/64: gateway 2001:db8::2\n", Ok("route -6 add 2001:db8:1::/64 2001:db8::2"));
        Assert.Equal("add host 2001:db8:2::1: gateway fe80::2%epair0a\n", Ok("route add -inet6 2001:db8:2::1 fe80::2%epair0a"));
        Assert.Equal("add net default: gateway 2001:db8::2\n", Ok("route add -6 default 2001:db8::2"));
        Assert.Equal("add net 2001:db8:3::: gateway 2001:db8::2\n", Ok("route add -inet6 2001:db8:3:: -prefixlen 48 2001:db8::2"));
        var routes = Kernel.Host.Inet.Ipv6.GetRoutes();
        Assert.Contains(routes, r => r.PrefixLength == 64 && r.Destination.ToString() == "2001:db8:1::" && r.Gateway!.ToString() == "2001:db8::2");
        Assert.Contains(routes, r => r.PrefixLength == 128 && r.Gateway is { IsIPv6LinkLocal: true } && r.Interface.Name == "epair0a");
        Assert.Contains(routes, r => r.PrefixLength == 48);

        Assert.Equal("change net 2001:db8:1::/64: gateway 2001:db8::3\n", Ok("route change -6 2001:db8:1::/64 2001:db8::3"));
        Assert.Contains(Kernel.Host.Inet.Ipv6.GetRoutes(), r => r.PrefixLength == 64 && r.Gateway?.ToString() == "2001:db8::3");
        Assert.Equal("delete net 2001:db8:1::/64\n", Ok("route -6 delete 2001:db8:1::/64"));
        var twice = Run("route -6 delete 2001:db8:1::/64");
        Assert.Equal((1, "delete net 2001:db8:1::/64 fib 0: not in table\n"), (twice.ExitCode, twice.Stdout));
        Assert.Equal("add host 2001:db8:4::1: gateway epair0a\n", Ok("route add -6 2001:db8:4::1 -iface epair0a"));
    }

    [Fact]
    public void Ipv6_discard_routes_sit_on_lo0()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 2001:db8::1/64");
        Assert.Equal("add net 2001:db8:1::/64: gateway ::1\n", Ok("route add -6 2001:db8:1::/64 ::1 -blackhole"));
        Assert.Equal("add host 2001:db8:2::1\n", Ok("route add -6 2001:db8:2::1 -reject"));
        var text = Ok("netstat -rn -6");
        Assert.Contains("\n2001:db8:1::/64                   ::1                           UGSB        lo0\n", text);
        Assert.Contains("\n2001:db8:2::1                     link#1                        UHRS        lo0\n", text);
        Assert.Contains("      flags: <UP,GATEWAY,DONE,STATIC,BLACKHOLE>\n", Ok("route -n get -6 2001:db8:1::5"));
    }

    [Fact]
    public void Another_fib_is_ignored()
    {
        Wire();
        var result = Run("route add -net 198.51.100.0/24 192.0.2.2 -fib 1");
        Assert.Equal((1, "route: fib number 1 is ignored\n"), (result.ExitCode, result.Stderr));
        Assert.Equal("add net 198.51.100.0: gateway 192.0.2.2\n", Ok("route add -net 198.51.100.0/24 192.0.2.2 -fib 0"));
    }

    [Fact]
    public void Jail_option_runs_in_the_jail()
    {
        Ok("ifconfig epair create up");
        Ok("jail -c name=one vnet persist vnet.interface=epair0b");
        Ok("jexec one ifconfig epair0b inet 192.0.2.2/24");
        Assert.Equal("add net default: gateway 192.0.2.1\n", Ok("route -j one add default 192.0.2.1"));
        Assert.Contains("default            192.0.2.1          UGS     epair0b\n", Ok("netstat -j one -rn -4"));
        Assert.DoesNotContain("default", Ok("netstat -rn -4"));
        var missing = Run("route -j nosuch get default");
        Assert.Equal((1, "route: jail \"nosuch\" not found\n"), (missing.ExitCode, missing.Stderr));
    }
}

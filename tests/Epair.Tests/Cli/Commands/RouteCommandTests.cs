using System.Net;

namespace Epair.Tests.Cli.Commands;

/// <summary>route(8) add and delete, with FreeBSD's report lines.</summary>
public sealed class RouteCommandTests : CommandTestBase
{
    [Fact]
    public void Add_and_delete_report_as_route_does()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");

        Assert.Equal("add net 198.51.100.0: gateway 192.0.2.2\n", Ok("route add -net 198.51.100.0/24 192.0.2.2"));
        Assert.Equal("add host 203.0.113.7: gateway 192.0.2.2\n", Ok("route -n add -host 203.0.113.7 192.0.2.2"));
        Assert.Equal("add net default: gateway 192.0.2.2\n", Ok("route add default 192.0.2.2"));
        var ip4 = Kernel.Host.Inet.Ipv4;
        Assert.Equal(24, ip4.GetRoute(IPAddress.Parse("198.51.100.9")).PrefixLength);
        Assert.Equal(32, ip4.GetRoute(IPAddress.Parse("203.0.113.7")).PrefixLength);
        Assert.Equal(0, ip4.GetRoute(IPAddress.Parse("203.0.113.8")).PrefixLength);

        var twice = Run("route add -net 198.51.100.0/24 192.0.2.2");
        Assert.Equal((1, "add net 198.51.100.0: gateway 192.0.2.2: route already in table\n"), (twice.ExitCode, twice.Stdout));

        Assert.Equal("delete net 198.51.100.0\n", Ok("route delete -net 198.51.100.0/24"));
        Assert.Equal(0, ip4.GetRoute(IPAddress.Parse("198.51.100.9")).PrefixLength); // the default carries it now
        var gone = Run("route delete -net 198.51.100.0/24");
        Assert.Equal((1, "delete net 198.51.100.0: not in table\n", "route: route has not been found\n"),
            (gone.ExitCode, gone.Stdout, gone.Stderr));
    }

    [Fact]
    public void Blackhole_and_reject_routes_and_bad_usage()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");

        Ok("route add -net 198.51.100.0/24 192.0.2.2 -blackhole");
        Ok("route add -net 203.0.113.0/24 192.0.2.2 -reject");

        var ip4 = Kernel.Host.Inet.Ipv4;
        Assert.NotEqual(0, (int)(ip4.GetRoute(IPAddress.Parse("198.51.100.1")).Flags & Epair.Inet.Ipv4.Routing.RouteFlags.Blackhole));
        Assert.NotEqual(0, (int)(ip4.GetRoute(IPAddress.Parse("203.0.113.1")).Flags & Epair.Inet.Ipv4.Routing.RouteFlags.Reject));
        Assert.Equal(64, Run("route frob").ExitCode);
        Assert.Equal(64, Run("route add").ExitCode);
        Assert.Equal(64, Run("route add 192.0.2.999 192.0.2.2").ExitCode);
    }
}

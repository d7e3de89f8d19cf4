namespace Epair.Tests.Cli.Commands;

/// <summary><c>route get</c>: print_getmsg's block, line by line.</summary>
public sealed class RouteGetTests : CommandTestBase
{
    private const string Metrics =
        " recvpipe  sendpipe  ssthresh  rtt,msec    mtu        weight    expire\n";

    private static string Values(int mtu) =>
        $"       0         0         0         0  {mtu,8}         1         0 \n";

    [Fact]
    public void A_gateway_route()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Ok("route add -net 198.51.100.0/24 192.0.2.2");
        Assert.Equal(
            "   route to: 198.51.100.1\n" +
            "destination: 198.51.100.0\n" +
            "       mask: 255.255.255.0\n" +
            "    gateway: 192.0.2.2\n" +
            "        fib: 0\n" +
            "  interface: epair0a\n" +
            "      flags: <UP,GATEWAY,DONE,STATIC>\n" +
            Metrics + Values(1500), Ok("route -n get 198.51.100.1"));
    }

    [Fact]
    public void The_default_route_and_a_connected_one()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Ok("route add default 192.0.2.2");
        Assert.StartsWith("   route to: default\ndestination: default\n       mask: default\n", Ok("route -n get default"));
        var get = Ok("route get 203.0.113.5");
        Assert.StartsWith("   route to: 203.0.113.5\ndestination: default\n       mask: default\n    gateway: 192.0.2.2\n", get);
        Assert.Equal(
            "   route to: 192.0.2.9\n" +
            "destination: 192.0.2.0\n" +
            "       mask: 255.255.255.0\n" +
            "        fib: 0\n" +
            "  interface: epair0a\n" +
            "      flags: <UP,DONE,PINNED>\n" +
            Metrics + Values(1500), Ok("route show 192.0.2.9"));
    }

    [Fact]
    public void A_local_address_goes_through_lo0()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Assert.Equal(
            "   route to: 192.0.2.1\n" +
            "destination: 192.0.2.1\n" +
            "        fib: 0\n" +
            "  interface: lo0\n" +
            "      flags: <UP,HOST,DONE,STATIC,PINNED>\n" +
            Metrics + Values(16384), Ok("route -n get 192.0.2.1"));
        Assert.StartsWith("   route to: localhost\ndestination: localhost\n", Ok("route get 127.0.0.1"));
    }

    [Fact]
    public void No_route_is_not_found()
    {
        var result = Run("route get 198.51.100.1");
        Assert.Equal((1, "", "route: route has not been found\n"), (result.ExitCode, result.Stdout, result.Stderr));
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        // With a mask, only that very prefix answers.
        Assert.Equal(1, Run("route get -net 192.0.2.0/25").ExitCode);
        Assert.Contains("destination: 192.0.2.0\n", Ok("route get -net 192.0.2.0/24"));
    }

    [Fact]
    public void Ipv6_routes()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 2001:db8::1/64");
        Ok("route -6 add 2001:db8:1::/64 fe80::2%epair0a");
        Assert.Equal(
            "   route to: 2001:db8:1::5\n" +
            "destination: 2001:db8:1::\n" +
            "       mask: ffff:ffff:ffff:ffff::\n" +
            "    gateway: fe80::2%epair0a\n" +
            "        fib: 0\n" +
            "  interface: epair0a\n" +
            "      flags: <UP,GATEWAY,DONE,STATIC>\n" +
            Metrics + Values(1500), Ok("route -n get -inet6 2001:db8:1::5"));
        Assert.Contains("      flags: <UP,DONE,PINNED>\n", Ok("route -n get -6 2001:db8::7"));
        Assert.Equal(
            "   route to: 2001:db8::1\n" +
            "destination: 2001:db8::1\n" +
            "        fib: 0\n" +
            "  interface: lo0\n" +
            "      flags: <UP,HOST,DONE,STATIC>\n" +
            Metrics + Values(16384), Ok("route -n get -6 2001:db8::1"));
        Assert.Equal(1, Run("route -n get -6 2001:db8:9::1").ExitCode);
        var scoped = Ok("route -n get -6 fe80::1234%epair0a");
        Assert.StartsWith("   route to: fe80::1234%epair0a\ndestination: fe80::%epair0a\n       mask: ffff:ffff:ffff:ffff::\n", scoped);
        Assert.Contains("  interface: epair0a\n", scoped);
    }
}

namespace Epair.Tests.Cli.Commands;

/// <summary><c>route flush</c>: gateway routes go, each reported; connected ones stay.</summary>
public sealed class RouteFlushTests : CommandTestBase
{
    private void Wire()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Ok("ifconfig epair0a inet6 2001:db8::1/64");
        Ok("route add default 192.0.2.2");
        Ok("route add 203.0.113.7 192.0.2.3");
        Ok("route add -6 2001:db8:1::/64 2001:db8::2");
    }

    [Fact]
    public void Flush_reports_each_gateway_route()
    {
        Wire();
        Assert.Equal(
            "default              192.0.2.2            done\n" +
            "203.0.113.7          192.0.2.3            done\n" +
            "2001:db8:1::/64      2001:db8::2          done\n", Ok("route -n flush"));
        var text = Ok("netstat -rn");
        Assert.DoesNotContain("UG", text);
        Assert.Contains("192.0.2.0/24       link#2             U       epair0a\n", text);
    }

    [Fact]
    public void Flush_one_family_quietly()
    {
        Wire();
        Assert.Equal("", Ok("route -q flush -inet"));
        Assert.Contains("2001:db8:1::/64", Ok("netstat -rn -6"));
        Assert.DoesNotContain("default", Ok("netstat -rn -4"));
        Assert.Equal("2001:db8:1::/64      2001:db8::2          done\n", Ok("route -n flush -6"));
    }

    [Fact]
    public void A_bad_flush_keyword_is_usage()
    {
        var result = Run("route flush -bogus");
        Assert.Equal((64, "route: bad keyword: bogus\nroute: usage: route [-j jail] [-46dnqtv] command [[modifiers] args]\n"),
            (result.ExitCode, result.Stderr));
    }
}

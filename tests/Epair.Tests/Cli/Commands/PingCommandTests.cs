using System.Text.RegularExpressions;

namespace Epair.Tests.Cli.Commands;

/// <summary>ping(8) over an epair between the host and a vnet jail.</summary>
public sealed partial class PingCommandTests : CommandTestBase
{
    private void Wire()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Ok("jail -c name=one vnet persist vnet.interface=epair0b");
        Ok("jexec one ifconfig epair0b inet 192.0.2.2/24 up");
    }

    [Fact]
    public void A_reply_prints_FreeBSDs_lines_and_exits_0()
    {
        Wire();

        var result = Run("ping -nc1 192.0.2.2");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        var lines = result.Stdout.Split('\n');
        Assert.Equal("PING 192.0.2.2 (192.0.2.2): 56 data bytes", lines[0]);
        Assert.Matches(ReplyLine(), lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal("--- 192.0.2.2 ping statistics ---", lines[3]);
        Assert.Equal("1 packets transmitted, 1 packets received, 0.0% packet loss", lines[4]);
        Assert.Matches(@"^round-trip min/avg/max/stddev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms$", lines[5]);
    }

    [Fact]
    public void Options_size_ttl_source_and_quiet()
    {
        Wire();

        var result = Run("ping -q -c 2 -i 0.01 -s 100 -m 5 -S 192.0.2.1 192.0.2.2");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("PING 192.0.2.2 (192.0.2.2) from 192.0.2.1: 100 data bytes\n\n--- 192.0.2.2 ping statistics ---\n" +
            "2 packets transmitted, 2 packets received, 0.0% packet loss\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("bytes from", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"108 bytes from 192\.0\.2\.2: icmp_seq=0 ttl=64 time=", Run("ping -c1 -s 100 192.0.2.2").Stdout);
    }

    [Fact]
    public void No_route_is_sendto_s_error_and_exit_2()
    {
        Wire();

        var result = Run("ping -c 1 203.0.113.5");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("ping: sendto: No route to host\n", result.Stderr);
        Assert.EndsWith("--- 203.0.113.5 ping statistics ---\n1 packets transmitted, 0 packets received, 100.0% packet loss\n",
            result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_hosts_and_bad_usage()
    {
        var unknown = Run("ping -c 1 nosuch.example");
        Assert.Equal((68, "ping: cannot resolve nosuch.example: Unknown host\n"), (unknown.ExitCode, unknown.Stderr));
        var usage = Run("ping -Y 192.0.2.2");
        Assert.Equal(64, usage.ExitCode);
        Assert.StartsWith("usage: ping ", usage.Stderr, StringComparison.Ordinal);
        Assert.Equal(64, Run("ping").ExitCode);
        Assert.Equal(64, Run("ping -c 0 192.0.2.2").ExitCode);
    }

    [Fact]
    public void Ping6_and_ping_minus_6_print_ping6s_lines()
    {
        // No DAD, so the addresses are usable at once (the test runs on the real clock).
        Ok("sysctl net.inet6.ip6.dad_count=0");
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 2001:db8::1/64");
        Ok("jail -c name=one vnet persist vnet.interface=epair0b");
        Ok("jexec one sysctl net.inet6.ip6.dad_count=0");
        Ok("jexec one ifconfig epair0b inet6 2001:db8::2/64 up");

        foreach (var command in new[] { "ping6 -nc1 2001:db8::2", "ping -6 -c 1 2001:db8::2", "ping -c 1 2001:db8::2" })
        {
            var result = Run(command);
            Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
            var lines = result.Stdout.Split('\n');
            Assert.Equal("PING6(104=40+8+56 bytes) 2001:db8::1 --> 2001:db8::2", lines[0]);
            Assert.Matches(@"^64 bytes from 2001:db8::2, icmp_seq=0 hlim=64 time=[0-9]+\.[0-9]{3} ms$", lines[1]);
            Assert.Equal("", lines[2]);
            Assert.Equal("--- 2001:db8::2 ping6 statistics ---", lines[3]);
            Assert.Equal("1 packets transmitted, 1 packets received, 0.0% packet loss", lines[4]);
        }
        // -4 with an IPv6 literal cannot resolve, as FreeBSD's ping -4 says.
        Assert.Equal(68, Run("ping -4 -c 1 2001:db8::2").ExitCode);
    }

    [GeneratedRegex(@"^64 bytes from 192\.0\.2\.2: icmp_seq=0 ttl=64 time=[0-9]+\.[0-9]{3} ms$")]
    private static partial Regex ReplyLine();
}

namespace Epair.Tests.Cli.Commands;

/// <summary><c>netstat -s</c>: inet.c's and inet6.c's words, and the zero-line rule of <c>-s -s</c>.</summary>
public sealed class NetstatProtocolsTests : CommandTestBase
{
    [Fact]
    public void Udp_block_as_inet_c_prints_it()
    {
        Assert.Equal(
            "udp:\n" +
            "\t0 datagrams received\n" +
            "\t0 with incomplete header\n" +
            "\t0 with bad data length field\n" +
            "\t0 with bad checksum\n" +
            "\t0 with no checksum\n" +
            "\t0 dropped due to no socket\n" +
            "\t0 broadcast/multicast datagrams undelivered\n" +
            "\t0 dropped due to full socket buffers\n" +
            "\t0 not for hashed pcb\n" +
            "\t0 delivered\n" +
            "\t0 datagrams output\n" +
            "\t0 times multicast source filter matched\n", Ok("netstat -s -p udp"));
    }

    [Fact]
    public void Icmp_and_arp_blocks()
    {
        var icmp = Ok("netstat -s -p icmp");
        Assert.StartsWith("icmp:\n\t0 calls to icmp_error\n\t0 errors not generated in response to an icmp message\n", icmp);
        Assert.EndsWith("\t0 message responses generated\n\t0 invalid return addresses\n\t0 no return routes\n" +
            "\tICMP address mask responses are disabled\n", icmp);
        Assert.Equal(
            "arp:\n" +
            "\t0 ARP requests sent\n" +
            "\t0 ARP requests failed to sent\n" +
            "\t0 ARP replies sent\n" +
            "\t0 ARP requests received\n" +
            "\t0 ARP replies received\n" +
            "\t0 ARP packets received\n" +
            "\t0 total packets dropped due to no ARP entry\n" +
            "\t0 ARP entrys timed out\n" +
            "\t0 Duplicate IPs seen\n", Ok("netstat -s -p arp"));
    }

    [Fact]
    public async Task Counts_histograms_and_plurals_follow_traffic()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0b up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Ok("ifconfig epair0b inet 192.0.2.2/24");
        await Kernel.QuiesceAsync();
        Ok("ping -c 1 192.0.2.2");
        await Kernel.QuiesceAsync();
        var ip = Ok("netstat -s -s -p ip");
        Assert.StartsWith("ip:\n", ip);
        Assert.Contains("\t2 total packets received\n", ip);
        Assert.DoesNotContain("\t0 ", ip);
        var icmp = Ok("netstat -ss -p icmp");
        // ping's echo request leaves by a raw socket: only the kernel's reply is in the output histogram.
        Assert.Equal("icmp:\n\tOutput histogram:\n\t\techo reply: 1\n\tInput histogram:\n\t\techo reply: 1\n\t\techo: 1\n" +
            "\t1 message response generated\n\tICMP address mask responses are disabled\n", icmp);
    }

    [Fact]
    public void Ip6_and_icmp6_blocks()
    {
        var ip6 = Ok("netstat -s -p ip6");
        Assert.StartsWith("ip6:\n\t0 total packets received\n\t0 with size smaller than minimum\n", ip6);
        Assert.Contains("\t0 multicast packets which we don't join\n\tMbuf statistics:\n\t\t0 one mbuf\n", ip6);
        var icmp6 = Ok("netstat -s -p icmp6");
        Assert.StartsWith("icmp6:\n\t0 calls to icmp6_error\n", icmp6);
        Assert.Contains("\tHistogram of error messages to be generated:\n\t\t0 no route\n", icmp6);
        Assert.EndsWith("\t0 path MTU changes\n", icmp6);
    }

    [Fact]
    public void Families_pick_their_protocols_and_udp_prints_once()
    {
        var all = Ok("netstat -s");
        Assert.Equal(1, CountOf(all, "udp:\n"));
        Assert.True(all.IndexOf("ip:\n", StringComparison.Ordinal) < all.IndexOf("ip6:\n", StringComparison.Ordinal));
        var inet6 = Ok("netstat -s -f inet6");
        Assert.StartsWith("udp:\n", inet6);
        Assert.Contains("\nip6:\n", inet6);
        Assert.DoesNotContain("\nip:\n", inet6);
        Assert.DoesNotContain("arp:", inet6);
        Assert.DoesNotContain("ip6:", Ok("netstat -s -4"));
    }

    [Theory]
    [InlineData("netstat -s -p bogus")]
    [InlineData("netstat -s -p udp6")]
    [InlineData("netstat -p bogus")]
    public void Unknown_protocols_are_refused(string command)
    {
        var result = Run(command);
        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith(": unknown or uninstrumented protocol\n", result.Stderr);
    }

    [Fact]
    public async Task Zero_flag_zeroes_what_was_printed()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0b up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Ok("ifconfig epair0b inet 192.0.2.2/24");
        await Kernel.QuiesceAsync();
        Ok("ping -c 1 192.0.2.2");
        await Kernel.QuiesceAsync();
        Assert.Contains("\t2 total packets received\n", Ok("netstat -s -z -p ip"));
        Assert.Contains("\t0 total packets received\n", Ok("netstat -s -p ip"));
        // Only the protocol shown was zeroed.
        Assert.Contains("echo reply: 1\n", Ok("netstat -s -p icmp"));
    }

    private static int CountOf(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
            n++;
        return n;
    }
}

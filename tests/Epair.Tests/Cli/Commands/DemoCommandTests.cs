using System.Text.RegularExpressions;
using Epair.Cli.Commands;

namespace Epair.Tests.Cli.Commands;

/// <summary><c>epair demo</c> is the README's main job: it must succeed and show the pings it promises.</summary>
public sealed partial class DemoCommandTests
{
    [Fact]
    public async Task The_demo_pings_both_ways_over_ipv4_and_ipv6_and_exits_0()
    {
        var output = new StringWriter { NewLine = "\n" };

        int status = await DemoCommand.RunAsync(2, output, CancellationToken.None);

        string text = output.ToString();
        Assert.True(status == 0, text);
        Assert.Contains("# ifconfig epair create\nepair0a\n", text, StringComparison.Ordinal);
        Assert.Contains("PING 192.0.2.2 (192.0.2.2): 56 data bytes", text, StringComparison.Ordinal);
        Assert.Contains("PING(104=40+8+56 bytes) 2001:db8::2 --> 2001:db8::1", text, StringComparison.Ordinal);
        Assert.Equal(2, IcmpReply().Matches(text).Count(m => m.Groups["from"].Value == "192.0.2.2"));
        Assert.Equal(2, IcmpReply().Matches(text).Count(m => m.Groups["from"].Value == "192.0.2.1"));
        Assert.Equal(3, Regex.Count(text, "2 packets transmitted, 2 packets received, 0.0% packet loss"));
        Assert.Contains("ifconfig epair0a destroy", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^64 bytes from (?<from>[0-9.]+): icmp_seq=\d+ ttl=64 time=[0-9.]+ ms$", RegexOptions.Multiline)]
    private static partial Regex IcmpReply();
}

using System.Net;
using Epair.Inet.Ipv6;

namespace Epair.Tests.Inet.Ipv6;

/// <summary>Both stacks busy at once on netisr threads: no deadlock, no exception, every frame back.</summary>
public sealed class Ip6ConcurrencyTests
{
    [Fact]
    public async Task Pings_and_datagrams_both_ways_at_once_keep_the_frame_ledger()
    {
        using var net = new TwoVnets(deferred: true);
        var one = IPAddress.Parse("2001:db8::1");
        var two = IPAddress.Parse("2001:db8::2");
        net.Ip6One.AddAddress(net.A, one, 64);
        net.Ip6Two.AddAddress(net.B, two, 64);
        var options = new Ping6Options { Count = 200, Interval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(5), Size = 100 };
        using var udpOne = net.Ip6One.OpenUdp(new IPEndPoint(IPAddress.IPv6Any, 1000), receiveQueueLength: 1000);
        using var udpTwo = net.Ip6Two.OpenUdp(new IPEndPoint(IPAddress.IPv6Any, 1000), receiveQueueLength: 1000);

        // Resolve the neighbors first: a burst into an INCOMPLETE entry only keeps nd6_maxqueuelen
        // packets, and netisr queue drops could eat the solicitations themselves.
        var warmUp = options with { Count = 1 };
        AssertOneReply(await net.Ip6One.PingAsync(two, warmUp));
        AssertOneReply(await net.Ip6Two.PingAsync(one, warmUp));

        var pings = new[]
        {
            Task.Run(() => net.Ip6One.PingAsync(two, options)),
            Task.Run(() => net.Ip6Two.PingAsync(one, options)),
        };
        var floods = new[]
        {
            Task.Run(() => { for (int i = 0; i < 300; i++) udpOne.SendTo(new byte[2000], new IPEndPoint(two, 1000)); }),
            Task.Run(() => { for (int i = 0; i < 300; i++) udpTwo.SendTo(new byte[2000], new IPEndPoint(one, 1000)); }),
        };
        await Task.WhenAll(floods);
        var results = await Task.WhenAll(pings);
        await net.Kernel.QuiesceAsync();

        Assert.All(results, r => Assert.True(r.Received > 0, r.ToString()));
        Assert.True(net.Ip6Two.GetStatistic(Ip6Stat.ip6s_reassembled) > 0);
        // Netisr queues may drop under the burst, leaving fragments waiting for reassembly on the
        // real clock; destroying the pair must give those back too.
        net.One.DestroyInterface(net.A);
        await net.Kernel.QuiesceAsync();
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    private static void AssertOneReply(Ping6Result result) =>
        Assert.True(result.Received == 1, $"{result} send errors: [{string.Join(", ", result.SendErrors)}]");
}

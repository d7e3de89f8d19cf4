using Epair.Inet.Ipv4.Icmp;
using static Epair.Tests.Inet.Ipv4.Ipv4TestBed;

namespace Epair.Tests.Inet.Ipv4;

public sealed class PingTests
{
    private static readonly PingOptions Quick = new() { Count = 3, Interval = TimeSpan.Zero };

    [Fact]
    public async Task Two_vnets_on_an_epair_ping_each_other_both_ways()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (one, two, a, b) = bed.TwoVnets();

        var replies = new List<PingReply>();
        var there = await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), Quick with { OnReply = replies.Add });
        var back = await two.Inet.Ipv4.PingAsync(Ip("192.0.2.1"), Quick);

        Assert.Equal(3, there.Transmitted);
        Assert.Equal(3, there.Received);
        Assert.Equal(0.0, there.PacketLoss);
        Assert.Equal(3, back.Received);
        Assert.Equal([0, 1, 2], replies.ConvertAll(r => r.Sequence));
        Assert.All(replies, r =>
        {
            Assert.True(r.IsEchoReply);
            Assert.Equal(64, r.Bytes);
            Assert.Equal(64, r.Ttl);
            Assert.Equal(Ip("192.0.2.2"), r.From);
            Assert.NotNull(r.RoundTripTime);
        });
        Assert.NotNull(there.Minimum);
        Assert.Equal(6, two.Inet.Ipv4.IcmpStatistics.InputHistogram(8) + one.Inet.Ipv4.IcmpStatistics.InputHistogram(8));
        Assert.Equal(3, two.Inet.Ipv4.IcmpStatistics.OutputHistogram(0));
        Assert.Equal(start, bed.Outstanding);
        _ = (a, b);
    }

    [Fact]
    public async Task Ping_to_an_own_address_goes_through_lo0()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, a, _) = bed.TwoVnets();
        long sentBefore = a.Counters.OPackets;

        var self = await one.Inet.Ipv4.PingAsync(Ip("192.0.2.1"), Quick);
        var loopback = await one.Inet.Ipv4.PingAsync(Ip("127.0.0.1"), Quick);

        Assert.Equal(3, self.Received);
        Assert.Equal(3, loopback.Received);
        Assert.Equal(sentBefore, a.Counters.OPackets);
        Assert.Equal(12, one.Loopback!.Counters.OPackets);
    }

    [Fact]
    public async Task Without_lo0_own_addresses_still_answer_and_nothing_goes_on_the_wire()
    {
        using var bed = new Ipv4TestBed(loopback: false);
        long start = bed.Outstanding;
        var (one, _, a, _) = bed.TwoVnets();
        long sentBefore = a.Counters.OPackets;

        var self = await one.Inet.Ipv4.PingAsync(Ip("192.0.2.1"), Quick);

        Assert.Equal(3, self.Received);
        Assert.Equal(sentBefore, a.Counters.OPackets);
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public async Task Ping_without_a_route_fails_with_no_route_to_host()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();

        var ex = await Assert.ThrowsAsync<ErrnoException>(() => one.Inet.Ipv4.PingAsync(Ip("203.0.113.9"), Quick));

        Assert.Equal(Errno.EHOSTUNREACH, ex.Errno);
        Assert.Equal("sendto: No route to host", ex.Message);
        Assert.Equal(1, one.Inet.Ipv4.Statistics.NoRoute);
    }

    [Fact]
    public async Task Unanswered_pings_time_out_on_the_injected_clock()
    {
        using var bed = new Ipv4TestBed();
        var (one, two, a, _) = bed.TwoVnets();
        // A static entry for an address nobody has: requests leave, nothing answers.
        one.Inet.Arp.AddStatic(a, Ip("192.0.2.99"), global::Epair.Interfaces.MacAddress.Parse("02:00:00:00:00:99"));

        var ping = one.Inet.Ipv4.PingAsync(Ip("192.0.2.99"), new PingOptions { Count = 2, Interval = TimeSpan.FromSeconds(1) });
        for (int i = 0; i < 20 && !ping.IsCompleted; i++)
        {
            bed.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }
        var result = await ping;

        Assert.Equal(2, result.Transmitted);
        Assert.Equal(0, result.Received);
        Assert.Equal(100.0, result.PacketLoss);
        Assert.Null(result.Minimum);
        _ = two;
    }
}

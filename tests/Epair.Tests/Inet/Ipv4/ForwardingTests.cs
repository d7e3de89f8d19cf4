using Epair.Inet.Ipv4.Icmp;
using static Epair.Tests.Inet.Ipv4.Ipv4TestBed;

namespace Epair.Tests.Inet.Ipv4;

/// <summary>A router vnet between two others, as FreeBSD's tests/sys/netinet/forward.sh builds it.</summary>
public sealed class ForwardingTests
{
    private static (global::Epair.Vnets.Vnet Left, global::Epair.Vnets.Vnet Router, global::Epair.Vnets.Vnet Right) Build(Ipv4TestBed bed)
    {
        var left = bed.Kernel.CreateVnet("left");
        var router = bed.Kernel.CreateVnet("router");
        var right = bed.Kernel.CreateVnet("right");
        bed.Connect(left, "192.0.2.1", router, "192.0.2.254");
        bed.Connect(router, "198.51.100.254", right, "198.51.100.1");
        left.Inet.Ipv4.AddRoute(Ip("0.0.0.0"), 0, Ip("192.0.2.254"));
        right.Inet.Ipv4.AddRoute(Ip("0.0.0.0"), 0, Ip("198.51.100.254"));
        return (left, router, right);
    }

    private static readonly PingOptions Quick = new() { Count = 2, Interval = TimeSpan.Zero };

    [Fact]
    public async Task A_router_forwards_both_ways_and_decrements_the_ttl()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (left, router, right) = Build(bed);
        bed.Kernel.Sysctl.Set("net.inet.ip.forwarding", "1", router);

        var replies = new List<PingReply>();
        var there = await left.Inet.Ipv4.PingAsync(Ip("198.51.100.1"), Quick with { OnReply = replies.Add });
        var back = await right.Inet.Ipv4.PingAsync(Ip("192.0.2.1"), Quick);

        Assert.Equal(2, there.Received);
        Assert.Equal(2, back.Received);
        Assert.All(replies, r => Assert.Equal(63, r.Ttl));
        Assert.Equal(8, router.Inet.Ipv4.Statistics.Forward);
        Assert.Equal(0, router.Inet.Ipv4.Statistics.Delivered);
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public async Task Without_forwarding_the_router_drops_and_counts_cantforward()
    {
        using var bed = new Ipv4TestBed();
        var (left, router, _) = Build(bed);

        var result = await left.Inet.Ipv4.PingAsync(Ip("198.51.100.1"), Quick with { Timeout = TimeSpan.Zero });

        Assert.Equal(0, result.Received);
        Assert.Equal(2, router.Inet.Ipv4.Statistics.CantForward);
        Assert.Equal("0", bed.Kernel.Sysctl.Get("net.inet.ip.forwarding", router));
    }

    [Fact]
    public async Task Ttl_expiry_at_the_router_answers_time_exceeded()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (left, router, right) = Build(bed);
        bed.Kernel.Sysctl.Set("net.inet.ip.forwarding", "1", router);

        var replies = new List<PingReply>();
        var result = await left.Inet.Ipv4.PingAsync(Ip("198.51.100.1"), Quick with { Ttl = 1, OnReply = replies.Add });

        Assert.Equal(0, result.Received);
        Assert.Equal(2, result.Errors);
        Assert.All(replies, r =>
        {
            Assert.False(r.IsEchoReply);
            Assert.Equal(11, r.IcmpType);
            Assert.Equal("Time to live exceeded", r.Message);
            Assert.Equal(Ip("192.0.2.254"), r.From);
        });
        Assert.Equal(2, router.Inet.Ipv4.IcmpStatistics.OutputHistogram(11));
        Assert.Equal(0, right.Inet.Ipv4.IcmpStatistics.InputHistogram(8));
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public async Task No_route_at_the_router_answers_host_unreachable()
    {
        using var bed = new Ipv4TestBed();
        var (left, router, _) = Build(bed);
        bed.Kernel.Sysctl.Set("net.inet.ip.forwarding", "1", router);

        var replies = new List<PingReply>();
        await left.Inet.Ipv4.PingAsync(Ip("203.0.113.1"), Quick with { OnReply = replies.Add });

        Assert.All(replies, r => Assert.Equal("Destination Host Unreachable", r.Message));
        Assert.Equal(2, router.Inet.Ipv4.Statistics.NoRoute);
    }

    [Fact]
    public async Task Blackhole_routes_drop_silently_and_reject_routes_answer_unreachable()
    {
        using var bed = new Ipv4TestBed();
        var (left, router, _) = Build(bed);
        bed.Kernel.Sysctl.Set("net.inet.ip.forwarding", "1", router);
        router.Inet.Ipv4.AddRoute(Ip("203.0.113.0"), 25, null, Epair.Inet.Ipv4.Routing.RouteFlags.Blackhole);
        router.Inet.Ipv4.AddRoute(Ip("203.0.113.128"), 25, null, Epair.Inet.Ipv4.Routing.RouteFlags.Reject);

        var blackholed = new List<PingReply>();
        var rejected = new List<PingReply>();
        await left.Inet.Ipv4.PingAsync(Ip("203.0.113.1"), Quick with { Timeout = TimeSpan.Zero, OnReply = blackholed.Add });
        await left.Inet.Ipv4.PingAsync(Ip("203.0.113.129"), Quick with { OnReply = rejected.Add });

        Assert.Empty(blackholed);
        Assert.Equal(2, rejected.Count);
        Assert.All(rejected, r => Assert.Equal("Destination Host Unreachable", r.Message));
    }

    [Fact]
    public void A_frame_for_a_foreign_mac_is_not_forwarded_even_when_promiscuous()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var router = bed.Kernel.CreateVnet("router");
        var (a, b) = bed.Connect(bed.Kernel.Host, "192.0.2.1", router, "192.0.2.254");
        bed.Kernel.Sysctl.Set("net.inet.ip.forwarding", "1", router);
        b.SetFlags(b.Flags | global::Epair.Interfaces.InterfaceFlags.PermanentPromiscuous);

        bed.Inject(a, RawFrames.Ipv4(global::Epair.Interfaces.MacAddress.Parse("02:00:00:00:00:77"), a.MacAddress,
            Ip("192.0.2.1"), Ip("198.51.100.7"), 17, new byte[8]));

        Assert.Equal(0, router.Inet.Ipv4.Statistics.Total);
        Assert.Equal(0, router.Inet.Ipv4.Statistics.Forward);
        Assert.Equal(start, bed.Outstanding);
    }
}

/// <summary>Packets a router must not forward whatever its routes say (in_canforward and ip_tryforward's checks).</summary>
public sealed class NotForwardableTests
{
    [Theory]
    [InlineData("198.51.100.7", "169.254.1.1")]
    [InlineData("198.51.100.7", "0.1.2.3")]
    [InlineData("198.51.100.7", "240.0.0.1")]
    [InlineData("0.0.0.0", "198.51.100.7")]
    [InlineData("224.0.0.9", "198.51.100.7")]
    public void Martians_are_counted_as_cantforward(string source, string destination)
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var router = bed.Kernel.CreateVnet("router");
        var (a, b) = bed.Connect(bed.Kernel.Host, "192.0.2.1", router, "192.0.2.254");
        bed.Connect(router, "198.51.100.254", bed.Kernel.CreateVnet("right"), "198.51.100.1");
        router.Inet.Ipv4.AddRoute(Ip("0.0.0.0"), 0, Ip("198.51.100.1"));
        bed.Kernel.Sysctl.Set("net.inet.ip.forwarding", "1", router);

        bed.Inject(a, RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip(source), Ip(destination), 17, new byte[8]));

        Assert.Equal(1, router.Inet.Ipv4.Statistics.CantForward);
        Assert.Equal(0, router.Inet.Ipv4.Statistics.Forward);
        Assert.Equal(start, bed.Outstanding);
    }
}

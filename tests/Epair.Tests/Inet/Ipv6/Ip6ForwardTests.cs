using Epair.Tests.TestSupport;
using System.Net;
using Epair.Drivers.Epair;
using Epair.Inet.Ipv6;
using Epair.Vnets;

namespace Epair.Tests.Inet.Ipv6;

/// <summary>left — epair0 — router — epair1 — right, with 2001:db8:1::/64 and 2001:db8:2::/64.</summary>
public sealed class Ip6ForwardTests : IDisposable
{
    private static readonly Ping6Options Once = new() { Count = 1, Interval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(2) };
    private static readonly IPAddress Right = IPAddress.Parse("2001:db8:2::1");

    private readonly Kernel _kernel = new();
    private readonly ManualClock _clock = new();
    private readonly Vnet _left;
    private readonly Vnet _router;
    private readonly Vnet _right;
    private readonly EpairInterface _routerRight;
    private readonly EpairInterface _leftEnd;
    private readonly EpairInterface _routerLeft;

    public Ip6ForwardTests()
    {
        _kernel.Sysctl.Set("net.link.epair.dispatch", "direct");
        _left = Vnet("left");
        _router = Vnet("router");
        _right = Vnet("right");
        var (l, r1) = Pair(_left, _router);
        var (r2, rt) = Pair(_router, _right);
        _routerRight = r2;
        _leftEnd = l;
        _routerLeft = r1;
        _left.Inet.Ipv6.AddAddress(l, IPAddress.Parse("2001:db8:1::1"), 64);
        _router.Inet.Ipv6.AddAddress(r1, IPAddress.Parse("2001:db8:1::2"), 64);
        _router.Inet.Ipv6.AddAddress(r2, IPAddress.Parse("2001:db8:2::2"), 64);
        _right.Inet.Ipv6.AddAddress(rt, Right, 64);
        _kernel.Sysctl.Set("net.inet6.ip6.forwarding", "1", _router);
        _clock.Advance(TimeSpan.FromSeconds(2));

        // A global gateway on the left; a link-local gateway, scoped to its interface, on the right.
        _left.Inet.Ipv6.AddRoute(IPAddress.IPv6Any, 0, IPAddress.Parse("2001:db8:1::2"));
        var routerLinkLocal = TwoVnets.LinkLocal(_router.Inet.Ipv6, r2);
        _right.Inet.Ipv6.AddRoute(IPAddress.IPv6Any, 0, routerLinkLocal, rt);
    }

    private Vnet Vnet(string name)
    {
        var vnet = _kernel.CreateVnet(name);
        vnet.Inet.Ipv6.Time = _clock;
        return vnet;
    }

    private (EpairInterface, EpairInterface) Pair(Vnet x, Vnet y)
    {
        var a = (EpairInterface)_kernel.Host.CreateInterface("epair");
        var b = a.Peer;
        _kernel.Host.MoveInterface(a.Name, x);
        _kernel.Host.MoveInterface(b.Name, y);
        a.Up();
        b.Up();
        return (a, b);
    }

    public void Dispose() => _kernel.Dispose();

    [Fact]
    public async Task A_router_forwards_both_ways_and_decrements_the_hop_limit()
    {
        var result = await _left.Inet.Ipv6.PingAsync(Right, Once with { Count = 2 });
        Assert.Equal(2, result.Received);
        Assert.All(result.Replies, r => Assert.Equal(63, r.HopLimit));
        Assert.Equal(4, _router.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_forward));
        var routes = _right.Inet.Ipv6.GetRoutes();
        Assert.Contains(routes, r => r.PrefixLength == 0 && r.Gateway!.IsIPv6LinkLocal && r.Flags.HasFlag(Route6Flags.Gateway));
    }

    [Fact]
    public async Task Hop_limit_expiry_at_the_router_gives_time_exceeded()
    {
        var result = await _left.Inet.Ipv6.PingAsync(Right, Once with { HopLimit = 1 });
        Assert.Equal(0, result.Received);
        var error = Assert.Single(result.Replies);
        Assert.Equal((byte)3, error.ErrorType);
        Assert.Equal((byte)0, error.ErrorCode);
        Assert.Equal(IPAddress.Parse("2001:db8:1::2"), error.From);
        Assert.Contains("Time to live exceeded", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, _router.Inet.Ipv6.GetStatistic(Icmp6Stat.icp6s_otime_exceed_transit));
        Assert.Equal(0, _router.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_forward));
    }

    [Fact]
    public async Task No_route_at_the_router_gives_destination_unreachable()
    {
        var result = await _left.Inet.Ipv6.PingAsync(IPAddress.Parse("2001:db8:3::1"), Once);
        var error = Assert.Single(result.Replies);
        Assert.Equal((byte)1, error.ErrorType);
        Assert.Equal((byte)0, error.ErrorCode);
        Assert.Equal(1, _router.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_noroute));
    }

    [Fact]
    public async Task A_smaller_next_link_gives_packet_too_big_with_its_mtu()
    {
        _routerRight.SetMtu(1280);
        var result = await _left.Inet.Ipv6.PingAsync(Right, Once with { Size = 1400 });
        var error = Assert.Single(result.Replies);
        Assert.Equal((byte)2, error.ErrorType);
        Assert.Equal(1280u, error.ErrorWord);
        Assert.Equal(1, _router.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_cantfrag));

        // The sender learned the path MTU: the next one goes in fragments that fit.
        Assert.Equal(1, _left.Inet.Ipv6.GetStatistic(Icmp6Stat.icp6s_pmtuchg));
        var again = await _left.Inet.Ipv6.PingAsync(Right, Once with { Size = 1400 });
        Assert.Equal(1, again.Received);
        Assert.Equal(1, _left.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_fragmented));
        // Ten minutes later the link MTU applies again.
        _clock.Advance(TimeSpan.FromMinutes(11));
        var later = (await _left.Inet.Ipv6.PingAsync(Right, Once with { Size = 1400 })).Replies.Single();
        Assert.Equal((byte)2, later.ErrorType);
    }

    [Fact]
    public async Task A_blackhole_route_at_the_router_discards_silently()
    {
        _router.Inet.Ipv6.AddRoute(IPAddress.Parse("2001:db8:3::"), 64, IPAddress.IPv6Loopback, flags: Route6Flags.Blackhole);
        var result = await _clock.RunAsync(_left.Inet.Ipv6.PingAsync(IPAddress.Parse("2001:db8:3::1"), Once), TimeSpan.FromMilliseconds(500));
        Assert.Empty(result.Replies);
        Assert.Equal(1, _router.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_cantforward));
        Assert.Equal(0, _router.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_forward));
    }

    [Fact]
    public async Task A_reject_route_at_the_router_answers_unreachable_reject()
    {
        _router.Inet.Ipv6.AddRoute(IPAddress.Parse("2001:db8:3::"), 64, null, flags: Route6Flags.Reject);
        var result = await _left.Inet.Ipv6.PingAsync(IPAddress.Parse("2001:db8:3::1"), Once);
        var error = Assert.Single(result.Replies);
        Assert.Equal(((byte)1, (byte)6), (error.ErrorType, error.ErrorCode));
        Assert.Equal(1, _router.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_cantforward));
    }

    [Fact]
    public async Task Local_output_through_discard_routes()
    {
        _left.Inet.Ipv6.AddRoute(IPAddress.Parse("2001:db8:3::"), 64, null, flags: Route6Flags.Blackhole);
        _left.Inet.Ipv6.AddRoute(IPAddress.Parse("2001:db8:4::"), 64, null, flags: Route6Flags.Reject);
        long routerBefore = _router.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_total);
        var swallowed = await _clock.RunAsync(_left.Inet.Ipv6.PingAsync(IPAddress.Parse("2001:db8:3::1"), Once), TimeSpan.FromMilliseconds(500));
        Assert.Equal((1, 0), (swallowed.Transmitted, swallowed.Received));
        Assert.Empty(swallowed.SendErrors);
        var refused = await _clock.RunAsync(_left.Inet.Ipv6.PingAsync(IPAddress.Parse("2001:db8:4::1"), Once), TimeSpan.FromMilliseconds(500));
        Assert.Contains(Errno.EHOSTUNREACH, refused.SendErrors);
        // Neither left the host: the router heard nothing.
        Assert.Equal(routerBefore, _router.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_total));
    }

    [Fact]
    public async Task Without_forwarding_the_router_drops_what_is_not_for_it()
    {
        _kernel.Sysctl.Set("net.inet6.ip6.forwarding", "0", _router);
        var result = await _clock.RunAsync(_left.Inet.Ipv6.PingAsync(Right, Once), TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, result.Received);
        Assert.Empty(result.Replies);
        Assert.Equal(1, _router.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_cantforward));
        Assert.Equal("0", _kernel.Sysctl.Get("net.inet6.ip6.forwarding", _router));
        Assert.Equal("0", _kernel.Sysctl.Get("net.inet6.ip6.forwarding", _left));
    }

    [Fact]
    public async Task Forwarding_and_answering_echo_allocate_nothing_per_packet()
    {
        Assert.Equal(1, (await _left.Inet.Ipv6.PingAsync(Right, Once)).Received);
        var source = UInt128.Parse("42540766411283801782723599580828532737"); // 2001:db8:1::1
        var request = RawFrames.EchoRequest(source, In6Of(Right), 1, 1, 56);
        void Send()
        {
            var frame = _kernel.Frames.Rent(14 + request.Length);
            _routerLeft.MacAddress.CopyTo(frame.Data);
            _leftEnd.MacAddress.CopyTo(frame.Data[6..]);
            frame.Data[12] = 0x86;
            frame.Data[13] = 0xDD;
            request.CopyTo(frame.Data[14..]);
            _leftEnd.Transmit(frame);
        }
        // Long enough a warm-up for tiered compilation to settle every method on the path (it
        // failed once in a full parallel run after only 50).
        for (int i = 0; i < 1000; i++)
            Send();
        long allocated = SteadyState.AllocatedBytes(() =>
        {
            for (int i = 0; i < 200; i++)
                Send();
        });
        Assert.Equal(0, allocated);
        Assert.Equal(2 * (1001 + SteadyState.Rounds * 200), _router.Inet.Ipv6.GetStatistic(Ip6Stat.ip6s_forward));
    }

    private static UInt128 In6Of(IPAddress address) => In6.FromIPAddress(address);
}

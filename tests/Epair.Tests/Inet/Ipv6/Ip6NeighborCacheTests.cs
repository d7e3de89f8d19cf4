using System.Net;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Tests.Inet.Ipv6;

public sealed class Ip6NeighborCacheTests
{
    private static readonly Ping6Options Once = new() { Count = 1, Interval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(1) };
    private static readonly IPAddress AddressA = IPAddress.Parse("2001:db8::1");
    private static readonly IPAddress AddressB = IPAddress.Parse("2001:db8::2");

    [Fact]
    public async Task A_static_entry_is_never_overwritten_by_learning()
    {
        using var net = TwoVnets.Numbered();
        var bogus = MacAddress.Parse("02:00:00:00:00:99");
        net.Ip6Two.AddStaticNeighbor(AddressA, bogus);

        // A's solicitation carries its real address; B must keep the static one (and so cannot answer).
        var result = await net.Clock.RunAsync(net.Ip6One.PingAsync(AddressB, Once), TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, result.Received);

        var entry = net.Ip6Two.GetNeighbors().Single(n => n.Address.Equals(AddressA));
        Assert.True(entry.IsStatic);
        Assert.Equal(bogus, entry.LinkAddress);
        Assert.Equal(NeighborState.REACHABLE, entry.State);
        Assert.Null(entry.Expire);

        net.Ip6Two.DeleteNeighbor(AddressA);
        Assert.DoesNotContain(net.Ip6Two.GetNeighbors(), n => n.Address.Equals(AddressA));
        Assert.Equal(Errno.ESRCH, Assert.Throws<ErrnoException>(() => net.Ip6Two.DeleteNeighbor(AddressA)).Errno);
        Assert.Equal(1, (await net.Ip6One.PingAsync(AddressB, Once)).Received);
    }

    [Fact]
    public async Task An_unsolicited_advertisement_on_a_MAC_change_updates_the_peer()
    {
        using var net = TwoVnets.Numbered();
        Assert.Equal(1, (await net.Ip6Two.PingAsync(AddressA, Once)).Received);
        Assert.Equal(net.A.MacAddress, net.Ip6Two.GetNeighbors().Single(n => n.Address.Equals(AddressA)).LinkAddress);

        var fresh = MacAddress.Parse("02:00:00:00:00:0a");
        net.A.SetMacAddress(fresh);

        var entry = net.Ip6Two.GetNeighbors().Single(n => n.Address.Equals(AddressA));
        Assert.Equal(fresh, entry.LinkAddress);
        Assert.Equal(NeighborState.STALE, entry.State);
        Assert.Equal(1, (await net.Ip6Two.PingAsync(AddressA, Once)).Received);
    }

    [Fact]
    public async Task Reachable_goes_stale_then_delay_then_probe_and_back_to_reachable()
    {
        using var net = TwoVnets.Numbered();
        Assert.Equal(1, (await net.Ip6One.PingAsync(AddressB, Once)).Received);
        NeighborState StateOnA() => net.Ip6One.GetNeighbors().Single(n => n.Address.Equals(AddressB)).State;
        Assert.Equal(NeighborState.REACHABLE, StateOnA());

        net.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(NeighborState.STALE, StateOnA());

        // Using a stale entry sends at once and starts the DELAY timer; B's reply path then confirms.
        Assert.Equal(1, (await net.Ip6One.PingAsync(AddressB, Once)).Received);
        Assert.Equal(NeighborState.DELAY, StateOnA());
        net.Clock.Advance(TimeSpan.FromSeconds(5));
        // The unicast probe is answered by a solicited advertisement: REACHABLE again.
        Assert.Equal(NeighborState.REACHABLE, StateOnA());
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task Failed_resolution_for_our_own_packet_reports_address_unreachable_to_us()
    {
        // Nobody answers for 2001:db8::99: after nd6_mmaxtries solicitations the held echo
        // earns its sender (this host) an address unreachable, sent while the timer walks the
        // neighbor table. The error's own route must not disturb that walk.
        using var net = TwoVnets.Numbered();
        var options = new Ping6Options { Count = 1, Interval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(10) };
        var ping = net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::99"), options);
        var result = await net.Clock.RunAsync(ping, TimeSpan.FromMilliseconds(500));

        var error = Assert.Single(result.Replies);
        Assert.True(error.IsError);
        Assert.Equal((byte)1, error.ErrorType);
        Assert.Equal((byte)3, error.ErrorCode);
        Assert.DoesNotContain(net.Ip6One.GetNeighbors(), n => n.Address.Equals(IPAddress.Parse("2001:db8::99")));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task Failed_resolution_while_our_address_is_tentative_does_not_disturb_the_timer()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        var options = new Ping6Options { Count = 1, Interval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(10) };
        var ping = net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::99"), options);
        var result = await net.Clock.RunAsync(ping, TimeSpan.FromMilliseconds(500));

        Assert.Equal(0, result.Received);
        Assert.DoesNotContain(net.Ip6One.GetNeighbors(), n => n.Address.Equals(IPAddress.Parse("2001:db8::99")));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public void The_hold_queue_is_bounded_by_nd6_maxqueuelen()
    {
        using var net = TwoVnets.Numbered();
        net.Kernel.Sysctl.Set("net.inet6.icmp6.nd6_maxqueuelen", "2", net.One);
        using var socket = net.Ip6One.OpenUdp();
        // Nobody has 2001:db8::77: everything waits in the hold queue, which keeps the newest two.
        for (int i = 0; i < 5; i++)
            Assert.Equal(Errno.None, socket.SendTo(new byte[10], new IPEndPoint(IPAddress.Parse("2001:db8::77"), 9)));
        Assert.Equal(3, net.Ip6One.GetStatistic(Ip6Stat.ip6s_odropped));
        Assert.Equal(NeighborState.INCOMPLETE, net.Ip6One.GetNeighbors().Single(n => n.Address.Equals(IPAddress.Parse("2001:db8::77"))).State);
        net.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(net.Ip6One.GetNeighbors(), n => n.Address.Equals(IPAddress.Parse("2001:db8::77")));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    private static NeighborInfo EntryOnB(TwoVnets net) => net.Ip6Two.GetNeighbors().Single(n => n.Address.Equals(AddressA));

    [Fact]
    public async Task An_advertisement_without_override_does_not_replace_a_known_address()
    {
        using var net = TwoVnets.Numbered();
        Assert.Equal(1, (await net.Ip6Two.PingAsync(AddressA, Once)).Received);
        Assert.Equal(NeighborState.REACHABLE, EntryOnB(net).State);

        var other = MacAddress.Parse("02:00:00:00:00:42");
        RawFrames.Inject(net, RawFrames.Neighbor(136, RawFrames.AddressA, RawFrames.AddressB, RawFrames.AddressA, 0x4000_0000, other));
        Assert.Equal(net.A.MacAddress, EntryOnB(net).LinkAddress);
        Assert.Equal(NeighborState.STALE, EntryOnB(net).State);

        // With override it does (RFC 4861, 7.2.5), and solicited makes it REACHABLE.
        RawFrames.Inject(net, RawFrames.Neighbor(136, RawFrames.AddressA, RawFrames.AddressB, RawFrames.AddressA, 0x6000_0000, other));
        Assert.Equal(other, EntryOnB(net).LinkAddress);
        Assert.Equal(NeighborState.REACHABLE, EntryOnB(net).State);
    }

    [Fact]
    public async Task A_solicitation_with_a_new_source_address_updates_the_entry_to_stale()
    {
        using var net = TwoVnets.Numbered();
        Assert.Equal(1, (await net.Ip6Two.PingAsync(AddressA, Once)).Received);
        var other = MacAddress.Parse("02:00:00:00:00:43");
        RawFrames.Inject(net, RawFrames.Neighbor(135, RawFrames.AddressA, RawFrames.AddressB, RawFrames.AddressB, 0, other));
        Assert.Equal(other, EntryOnB(net).LinkAddress);
        Assert.Equal(NeighborState.STALE, EntryOnB(net).State);
    }

    [Fact]
    public void Neighbor_messages_that_crossed_a_router_or_are_malformed_are_ignored()
    {
        using var net = TwoVnets.Numbered();
        var other = MacAddress.Parse("02:00:00:00:00:44");
        RawFrames.Inject(net, RawFrames.Neighbor(135, RawFrames.AddressA, RawFrames.AddressB, RawFrames.AddressB, 0, other, hopLimit: 64));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_invlhlim));
        var multicastTarget = UInt128.Parse("338963523518870617245727861364146307073"); // ff02::1
        RawFrames.Inject(net, RawFrames.Neighbor(135, RawFrames.AddressA, RawFrames.AddressB, multicastTarget, 0, other));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_badns));
        // A DAD probe (unspecified source) must not carry a source link-layer option.
        RawFrames.Inject(net, RawFrames.Neighbor(135, 0, UInt128.Parse("338963523518870617245727861372719464450"), RawFrames.AddressB, 0, other));
        Assert.Equal(2, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_badns));
        Assert.DoesNotContain(net.Ip6Two.GetNeighbors(), n => n.LinkAddress == other);
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }
}

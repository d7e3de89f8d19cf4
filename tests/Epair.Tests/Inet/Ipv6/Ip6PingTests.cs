using System.Net;
using Epair.Inet.Ipv6;

namespace Epair.Tests.Inet.Ipv6;

public sealed class Ip6PingTests
{
    private static readonly Ping6Options Fast = new() { Count = 3, Interval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task Ping6_by_link_local_with_scope_works_both_ways()
    {
        using var net = new TwoVnets();
        net.FinishDad();
        var llA = TwoVnets.LinkLocal(net.Ip6One, net.A);
        var llB = TwoVnets.LinkLocal(net.Ip6Two, net.B);

        var there = await net.Ip6One.PingAsync(llB, Fast);
        var back = await net.Ip6Two.PingAsync(llA, Fast);

        Assert.Equal(3, there.Transmitted);
        Assert.Equal(3, there.Received);
        Assert.Equal(0, there.PacketLoss);
        Assert.Equal(3, back.Received);
        var reply = there.Replies[0];
        Assert.Equal(64, reply.Bytes);
        Assert.Equal(64, reply.HopLimit);
        Assert.Equal(0, reply.Sequence);
        Assert.Equal(net.A.Index, reply.From.ScopeId);
        Assert.StartsWith($"64 bytes from {llB.ToString().Split('%')[0]}", reply.ToString(), StringComparison.Ordinal);
        Assert.Contains("3 packets transmitted, 3 packets received, 0.0% packet loss", there.ToString(), StringComparison.Ordinal);
        // FreeBSD 14's ping -6 shares ping's summary block.
        Assert.StartsWith($"--- {llB} ping statistics ---\n", there.ToString(), StringComparison.Ordinal);
        Assert.Contains("round-trip min/avg/max/stddev = ", there.ToString(), StringComparison.Ordinal);
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task Ping6_by_global_address_fills_both_neighbor_caches()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.Ip6Two.AddAddress(net.B, IPAddress.Parse("2001:db8::2"), 64);
        net.FinishDad();

        var result = await net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::2"), Fast);
        Assert.Equal(3, result.Received);
        var back = await net.Ip6Two.PingAsync(IPAddress.Parse("2001:db8::1"), Fast);
        Assert.Equal(3, back.Received);

        var onA = net.Ip6One.GetNeighbors().Single(n => n.Address.Equals(IPAddress.Parse("2001:db8::2")));
        Assert.Equal(net.B.MacAddress, onA.LinkAddress);
        Assert.Equal(NeighborState.REACHABLE, onA.State);
        Assert.Equal(net.A, onA.Interface);
        var onB = net.Ip6Two.GetNeighbors().Single(n => n.Address.Equals(IPAddress.Parse("2001:db8::1")));
        Assert.Equal(net.A.MacAddress, onB.LinkAddress);
        Assert.Equal(3, net.Ip6One.GetIcmp6TypeCount(129, output: false));
        Assert.Equal(6, net.Ip6One.GetIcmp6TypeCount(128, output: true) + net.Ip6One.GetIcmp6TypeCount(129, output: true));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task Ping6_to_our_own_address_is_delivered_locally()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.FinishDad();
        var result = await net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::1"), Fast);
        Assert.Equal(3, result.Received);
    }

    [Fact]
    public async Task Ping6_with_an_interval_waits_on_the_stack_clock()
    {
        using var net = new TwoVnets();
        net.FinishDad();
        var llB = TwoVnets.LinkLocal(net.Ip6Two, net.B);
        var seen = new List<Ping6Reply>();
        var task = net.Ip6One.PingAsync(llB, new Ping6Options { Count = 3, Interval = TimeSpan.FromSeconds(1), OnReply = seen.Add });
        var result = await net.Clock.RunAsync(task, TimeSpan.FromMilliseconds(250));
        Assert.Equal(3, result.Received);
        Assert.Equal(new[] { 0, 1, 2 }, seen.Select(r => r.Sequence));
    }

    [Fact]
    public async Task A_link_local_destination_without_a_scope_is_refused()
    {
        using var net = new TwoVnets();
        var error = await Assert.ThrowsAsync<ErrnoException>(() => net.Ip6One.PingAsync(IPAddress.Parse("fe80::1"), Fast));
        Assert.Equal(Errno.EHOSTUNREACH, error.Errno);
    }

    [Fact]
    public async Task An_unresolvable_neighbor_gives_address_unreachable_after_the_solicitations()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.FinishDad();
        var task = net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::99"), Fast with { Count = 1, Timeout = TimeSpan.FromSeconds(10) });
        var result = await net.Clock.RunAsync(task, TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, result.Received);
        var error = Assert.Single(result.Replies);
        Assert.True(error.IsError);
        Assert.Equal((byte)1, error.ErrorType);
        Assert.Equal((byte)3, error.ErrorCode);
        Assert.Contains("Destination Host Unreachable", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(net.Ip6One.GetNeighbors(), n => n.Address.Equals(IPAddress.Parse("2001:db8::99")));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task Ping6_and_UDP_work_with_deferred_netisr_dispatch()
    {
        using var net = new TwoVnets(deferred: true);
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.Ip6Two.AddAddress(net.B, IPAddress.Parse("2001:db8::2"), 64);
        var result = await net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::2"), Fast with { Timeout = TimeSpan.FromSeconds(30) });
        Assert.Equal(3, result.Received);
        var llA = TwoVnets.LinkLocal(net.Ip6One, net.A);
        Assert.Equal(3, (await net.Ip6Two.PingAsync(llA, Fast with { Timeout = TimeSpan.FromSeconds(30) })).Received);

        using var server = net.Ip6Two.OpenUdp(new IPEndPoint(IPAddress.IPv6Any, 7));
        using var client = net.Ip6One.OpenUdp();
        Assert.Equal(Errno.None, client.SendTo(new byte[5000], new IPEndPoint(IPAddress.Parse("2001:db8::2"), 7)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal(5000, (await server.ReceiveAsync(timeout.Token)).Data.Length);
        await net.Kernel.QuiesceAsync();
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task Ping6_to_all_nodes_hears_the_peer_and_itself()
    {
        using var net = new TwoVnets();
        net.FinishDad();
        var allNodes = new IPAddress(IPAddress.Parse("ff02::1").GetAddressBytes(), net.A.Index);
        var result = await net.Ip6One.PingAsync(allNodes, Fast with { Count = 1 });
        Assert.Equal(1, result.Received);
        Assert.Equal(1, result.Duplicates);
        var from = result.Replies.Select(r => new IPAddress(r.From.GetAddressBytes())).ToHashSet();
        Assert.Contains(new IPAddress(TwoVnets.LinkLocal(net.Ip6One, net.A).GetAddressBytes()), from);
        Assert.Contains(new IPAddress(TwoVnets.LinkLocal(net.Ip6Two, net.B).GetAddressBytes()), from);
        Assert.Contains("(DUP!)", result.Replies[1].ToString(), StringComparison.Ordinal);
        // B sent two multicasts (its DAD probe and the solicitation for A); its answer went back
        // unicast although the request came in as multicast.
        Assert.Equal(2, net.B.Counters.OMcasts);
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task A_source_that_is_not_ours_is_refused()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        var tentative = await Assert.ThrowsAsync<ErrnoException>(() =>
            net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::2"), Fast with { Source = IPAddress.Parse("2001:db8::1") }));
        Assert.Equal(Errno.EADDRNOTAVAIL, tentative.Errno);
        var foreign = await Assert.ThrowsAsync<ErrnoException>(() =>
            net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::2"), Fast with { Source = IPAddress.Parse("2001:db8::5") }));
        Assert.Equal(Errno.EADDRNOTAVAIL, foreign.Errno);
    }

    [Fact]
    public async Task Ping6_with_count_zero_sends_until_cancelled_and_still_sums_up()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.FinishDad();
        using var stop = new CancellationTokenSource();
        int replies = 0;
        var options = new Ping6Options
        {
            Count = 0,
            Interval = TimeSpan.Zero,
            OnReply = _ => { if (Interlocked.Increment(ref replies) == 5) stop.Cancel(); },
        };
        var result = await net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::1"), options, stop.Token);
        Assert.True(result.Received >= 5, $"{result.Received} replies");
        Assert.True(result.Transmitted >= result.Received);
    }
}

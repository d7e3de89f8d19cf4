using System.Net;
using Epair.Inet.Ipv6;

namespace Epair.Tests.Inet.Ipv6;

public sealed class Ip6FragmentTests
{
    [Fact]
    public async Task A_ping_larger_than_the_MTU_is_fragmented_and_reassembled_both_ways()
    {
        using var net = TwoVnets.Numbered();
        var result = await net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::2"),
            new Ping6Options { Count = 2, Interval = TimeSpan.Zero, Size = 4000 });
        Assert.Equal(2, result.Received);
        Assert.Equal(4008, result.Replies[0].Bytes);
        Assert.Equal(2, net.Ip6One.GetStatistic(Ip6Stat.ip6s_fragmented));
        Assert.Equal(6, net.Ip6One.GetStatistic(Ip6Stat.ip6s_ofragments));
        Assert.Equal(2, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_reassembled));
        Assert.Equal(2, net.Ip6One.GetStatistic(Ip6Stat.ip6s_reassembled));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public void Fragments_arriving_out_of_order_are_reassembled()
    {
        using var net = TwoVnets.Numbered();
        var whole = RawFrames.EchoRequest(RawFrames.AddressA, RawFrames.AddressB, 7, 0, 2000);
        RawFrames.Inject(net, RawFrames.Fragment(whole, 1024, whole.Length - 40 - 1024, more: false, id: 9));
        RawFrames.Inject(net, RawFrames.Fragment(whole, 0, 1024, more: true, id: 9));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_reassembled));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_reflect));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public void An_incomplete_packet_times_out_with_a_reassembly_time_exceeded()
    {
        using var net = TwoVnets.Numbered();
        var whole = RawFrames.EchoRequest(RawFrames.AddressA, RawFrames.AddressB, 7, 0, 2000);
        RawFrames.Inject(net, RawFrames.Fragment(whole, 0, 1024, more: true, id: 1));
        Assert.True(net.Kernel.Frames.Outstanding > net.StartOutstanding);
        net.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_fragtimeout));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_otime_exceed_reassembly));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public void Overlapping_fragments_drop_the_whole_packet()
    {
        using var net = TwoVnets.Numbered();
        var whole = RawFrames.EchoRequest(RawFrames.AddressA, RawFrames.AddressB, 7, 0, 2000);
        RawFrames.Inject(net, RawFrames.Fragment(whole, 0, 1024, more: true, id: 2));
        RawFrames.Inject(net, RawFrames.Fragment(whole, 1016, 512, more: true, id: 2));
        Assert.Equal(2, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_fragdropped));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public void Maxfragpackets_bounds_the_packets_being_reassembled()
    {
        using var net = TwoVnets.Numbered();
        net.Kernel.Sysctl.Set("net.inet6.ip6.maxfragpackets", "2", net.Two);
        var whole = RawFrames.EchoRequest(RawFrames.AddressA, RawFrames.AddressB, 7, 0, 2000);
        for (uint id = 0; id < 3; id++)
            RawFrames.Inject(net, RawFrames.Fragment(whole, 0, 1024, more: true, id: id));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_fragoverflow));
        net.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public void A_non_final_fragment_not_a_multiple_of_8_is_a_parameter_problem()
    {
        using var net = TwoVnets.Numbered();
        var whole = RawFrames.EchoRequest(RawFrames.AddressA, RawFrames.AddressB, 7, 0, 2000);
        RawFrames.Inject(net, RawFrames.Fragment(whole, 0, 1001, more: true, id: 3));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_oparamprob_header));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public void Maxfrags_bounds_the_fragments_held_across_packets()
    {
        using var net = TwoVnets.Numbered();
        net.Kernel.Sysctl.Set("net.inet6.ip6.maxfrags", "3", net.Two);
        var whole = RawFrames.EchoRequest(RawFrames.AddressA, RawFrames.AddressB, 7, 0, 2000);
        for (uint id = 0; id < 5; id++)
            RawFrames.Inject(net, RawFrames.Fragment(whole, 0, 1024, more: true, id: id));
        Assert.Equal(2, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_fragdropped));
        net.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(3, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_fragtimeout));
        // With the queues gone there is room again.
        RawFrames.Inject(net, RawFrames.Fragment(whole, 1024, whole.Length - 40 - 1024, more: false, id: 9));
        RawFrames.Inject(net, RawFrames.Fragment(whole, 0, 1024, more: true, id: 9));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_reassembled));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }
}

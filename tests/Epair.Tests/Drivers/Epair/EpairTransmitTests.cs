using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// <c>epair_transmit</c> in the seed's order, in both dispatch modes: the checks that refuse a
/// frame, the tap, the peer check, the counters, and what the frame looks like when it arrives.
/// </summary>
public sealed class EpairTransmitTests
{
    public static TheoryData<string> DispatchModes => EpairTest.DispatchModes;

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task A_frame_arrives_on_the_peer_intact_and_is_counted_on_both_ends(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var rx = new Receiver(b);

        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1, 100)));
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 2, 1514)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([1, 2], rx.Sequences);
        Assert.All(rx.Deliveries, d => Assert.True(d.PayloadIntact));
        Assert.Equal([100, 1514], rx.Deliveries.Select(d => d.Length));
        Assert.Equal(new InterfaceCounters(0, 0, 2, 0, 0, 0, 1614, 0, 0, 0, 0, 0), a.Counters);
        Assert.Equal(new InterfaceCounters(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), b.Counters);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task Broadcast_and_multicast_frames_count_in_OMCASTS(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var rx = new Receiver(b);

        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1, 60, MacAddress.Broadcast)));
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 2, 70, EpairTest.Multicast)));
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 3, 80, EpairTest.Unicast)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal(3, a.Counters.OPackets);
        Assert.Equal(210, a.Counters.OBytes);
        Assert.Equal(2, a.Counters.OMcasts);
        Assert.Equal(3, b.Counters.IPackets);
        Assert.Equal([1, 2, 3], rx.Sequences);
        Assert.Equal(FrameFlags.Broadcast, rx.Deliveries[0].Flags & (FrameFlags.Broadcast | FrameFlags.Multicast));
        Assert.Equal(FrameFlags.Multicast, rx.Deliveries[1].Flags & (FrameFlags.Broadcast | FrameFlags.Multicast));
        Assert.Equal(FrameFlags.None, rx.Deliveries[2].Flags & (FrameFlags.Broadcast | FrameFlags.Multicast));
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task Both_directions_work_at_once(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var atA = new Receiver(a);
        var atB = new Receiver(b);

        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, i)));
            Assert.Equal(Errno.None, b.Transmit(EpairTest.NewFrame(kernel, 100 + i)));
        }
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal(Enumerable.Range(0, 20), atB.Sequences);
        Assert.Equal(Enumerable.Range(100, 20), atA.Sequences);
        Assert.All(atA.Deliveries, d => Assert.Same(a, d.Receiver));
        Assert.All(atB.Deliveries, d => Assert.Same(b, d.Receiver));
        Assert.Equal(20, a.Counters.IPackets);
        Assert.Equal(20, b.Counters.IPackets);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task An_end_that_is_not_running_refuses_with_ENXIO_before_anything_else(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host, up: false);
        var tap = new TapRecorder();
        using var _ = a.AttachTap(tap);
        var rx = new Receiver(b);
        b.Up();
        a.ClearDriverFlags(DriverFlags.Running);

        // Neither running nor up: RUNNING is checked first.
        Assert.Equal(Errno.ENXIO, a.Transmit(EpairTest.NewFrame(kernel, 1)));
        a.Up();
        Assert.Equal(Errno.ENXIO, a.Transmit(EpairTest.NewFrame(kernel, 2)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Empty(tap.Frames);
        Assert.Equal(0, rx.Count);
        Assert.Equal(default, a.Counters);
        Assert.Equal(default, b.Counters);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task A_destroyed_end_refuses_with_ENXIO(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        kernel.Host.DestroyInterface(a);

        Assert.Equal(Errno.ENXIO, a.Transmit(EpairTest.NewFrame(kernel, 1)));
        Assert.Equal(Errno.ENXIO, b.Transmit(EpairTest.NewFrame(kernel, 2)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal(0, a.Counters.OPackets);
        Assert.Equal(0, b.Counters.OPackets);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task An_end_that_is_not_up_refuses_with_ENETDOWN_before_the_tap(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host, up: false);
        var tap = new TapRecorder();
        using var _ = a.AttachTap(tap);
        var rx = new Receiver(b);
        b.Up();

        Assert.Equal(Errno.ENETDOWN, a.Transmit(EpairTest.NewFrame(kernel, 1)));
        a.Up();
        a.Down();
        Assert.Equal(Errno.ENETDOWN, a.Transmit(EpairTest.NewFrame(kernel, 2)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Empty(tap.Frames);
        Assert.Equal(0, rx.Count);
        Assert.Equal(default, a.Counters);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task The_tap_sees_every_frame_going_out_and_the_peers_tap_sees_it_come_in(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var tapA = new TapRecorder();
        var tapB = new TapRecorder();
        using var tapARegistration = a.AttachTap(tapA);
        using var tapBRegistration = b.AttachTap(tapB);
        _ = new Receiver(b);

        for (int i = 1; i <= 3; i++)
            Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, i, 60 + i)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([new(a, TapDirection.Out, 61, 1), new(a, TapDirection.Out, 62, 2), new(a, TapDirection.Out, 63, 3)], tapA.Frames);
        Assert.Equal([new(b, TapDirection.In, 61, 1), new(b, TapDirection.In, 62, 2), new(b, TapDirection.In, 63, 3)], tapB.Frames);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task A_peer_that_is_not_up_drops_the_frame_as_an_output_error_after_the_tap(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host, up: false);
        a.Up();
        var tap = new TapRecorder();
        using var _ = a.AttachTap(tap);
        var rx = new Receiver(b);

        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1)));
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 2)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([1, 2], tap.Frames.Select(f => f.Sequence));
        Assert.Equal(0, rx.Count);
        Assert.Equal(2, a.Counters.OErrors);
        Assert.Equal(0, a.Counters.OPackets);
        Assert.Equal(0, a.Counters.OBytes);
        Assert.Equal(default, b.Counters);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task A_peer_that_is_not_running_drops_the_frame_as_an_output_error(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var rx = new Receiver(b);
        b.ClearDriverFlags(DriverFlags.Running);

        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal(0, rx.Count);
        Assert.Equal(1, a.Counters.OErrors);
        Assert.Equal(0, a.Counters.OPackets);
        Assert.Equal(0, b.Counters.IPackets);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task A_frame_longer_than_mtu_plus_a_vlan_header_is_E2BIG_and_an_output_error(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var rx = new Receiver(b);
        var tap = new TapRecorder();
        using var _ = a.AttachTap(tap);

        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1, 1500 + 18)));
        Assert.Equal(Errno.E2BIG, a.Transmit(EpairTest.NewFrame(kernel, 2, 1500 + 19)));
        a.SetMtu(9000);
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 3, 9000 + 18)));
        Assert.Equal(Errno.E2BIG, a.Transmit(EpairTest.NewFrame(kernel, 4, 9000 + 19)));
        a.SetMtu(72);
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 5, 90)));
        Assert.Equal(Errno.E2BIG, a.Transmit(EpairTest.NewFrame(kernel, 6, 91)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([1, 3, 5], rx.Sequences);
        Assert.All(rx.Deliveries, d => Assert.True(d.PayloadIntact));
        Assert.Equal([1, 3, 5], tap.Frames.Select(f => f.Sequence));
        Assert.Equal(3, a.Counters.OErrors);
        Assert.Equal(3, a.Counters.OPackets);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task Jumbo_frames_cross_one_after_another(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var rx = new Receiver(b);
        a.SetMtu(9000);

        // A pooled frame that once held a jumbo frame goes back to its own small buffer; renting
        // it for another jumbo frame must still work.
        for (int i = 1; i <= 4; i++)
            Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, i, 9000 + 18 - i)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([1, 2, 3, 4], rx.Sequences);
        Assert.All(rx.Deliveries, d => Assert.True(d.PayloadIntact));
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task E2BIG_is_decided_by_the_senders_mtu_before_running_and_up(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host, up: false);
        b.SetMtu(9000);

        Assert.Equal(Errno.E2BIG, a.Transmit(EpairTest.NewFrame(kernel, 1, 2000)));
        a.ClearDriverFlags(DriverFlags.Running);
        Assert.Equal(Errno.E2BIG, a.Transmit(EpairTest.NewFrame(kernel, 2, 2000)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal(2, a.Counters.OErrors);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task Vlan_tag_priority_checksum_flags_and_flow_id_do_not_cross_the_wire(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var rx = new Receiver(b);
        var frame = EpairTest.NewFrame(kernel, 1, 200, EpairTest.Multicast);
        frame.Flags |= FrameFlags.VlanTagged;
        frame.VlanTag = 0x2005;
        frame.PriorityCodePoint = 5;
        frame.Checksum = ChecksumFlags.IpChecksumPending | ChecksumFlags.TransportChecksumPending | ChecksumFlags.IpChecksumValid;
        frame.FlowId = 0xdeadbeef;

        Assert.Equal(Errno.None, a.Transmit(frame));
        await EpairTest.QuiesceAsync(kernel);

        var d = Assert.Single(rx.Deliveries);
        Assert.Equal(FrameFlags.None, d.Flags & FrameFlags.VlanTagged);
        Assert.Equal(0, d.VlanTag);
        Assert.Equal(-1, d.PriorityCodePoint);
        Assert.Equal(ChecksumFlags.None, d.Checksum);
        Assert.Equal(0u, d.FlowId);
        Assert.Equal(FrameFlags.Multicast, d.Flags & FrameFlags.Multicast);
        Assert.True(d.PayloadIntact);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task Frames_are_delivered_to_the_receiving_end_in_the_vnet_it_was_moved_to(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var one = kernel.CreateVnet("one");
        var two = kernel.CreateVnet("two");
        var (a, b) = EpairTest.CreatePair(kernel.Host, up: false);
        kernel.Host.MoveInterface(a.Name, one);
        kernel.Host.MoveInterface(b.Name, two);
        one.GetInterface("epair0a").Up();
        two.GetInterface("epair0b").Up();
        var atA = new Receiver(a);
        var atB = new Receiver(b);

        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1)));
        Assert.Equal(Errno.None, b.Transmit(EpairTest.NewFrame(kernel, 2)));
        await EpairTest.QuiesceAsync(kernel);

        var toB = Assert.Single(atB.Deliveries);
        Assert.Same(b, toB.Receiver);
        Assert.Same(b, toB.ReceiveInterface);
        Assert.Same(two, toB.Vnet);
        var toA = Assert.Single(atA.Deliveries);
        Assert.Same(a, toA.ReceiveInterface);
        Assert.Same(one, toA.Vnet);
    }

    [Fact]
    public async Task Deferred_delivery_runs_on_the_netisr_thread_of_the_receiving_ends_cpu()
    {
        using var kernel = EpairTest.NewKernel("deferred");
        var pairs = Enumerable.Range(0, 4).Select(_ => EpairTest.CreatePair(kernel.Host)).ToList();
        var receivers = pairs.Select(p => (p.B, Rx: new Receiver(p.B))).ToList();

        foreach (var (a, _) in pairs)
            Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, a.Unit)));
        await EpairTest.QuiesceAsync(kernel);

        foreach (var (b, rx) in receivers)
        {
            var d = Assert.Single(rx.Deliveries);
            Assert.Equal($"netisr {b.Cpu}", d.ThreadName);
        }
        Assert.All(EpairTest.EpairWork(kernel), w => Assert.Equal(0, w.Dispatched));
        Assert.Equal(4, EpairTest.EpairWork(kernel).Sum(w => w.Queued));
        Assert.Equal(4, EpairTest.EpairWork(kernel).Sum(w => w.Handled));
    }

    [Fact]
    public void Direct_delivery_has_run_in_the_senders_thread_when_transmit_returns()
    {
        using var kernel = EpairTest.NewKernel("direct");
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var rx = new Receiver(b);

        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1)));

        var d = Assert.Single(rx.Deliveries);
        Assert.Equal(Environment.CurrentManagedThreadId, d.ThreadId);
        Assert.Equal(0, kernel.Frames.Outstanding);
        Assert.Equal(1, EpairTest.EpairWork(kernel).Sum(w => w.Dispatched));
        Assert.Equal(0, EpairTest.EpairWork(kernel).Sum(w => w.Queued));
    }

    [Fact]
    public async Task Switching_dispatch_mode_between_frames_loses_none()
    {
        using var kernel = EpairTest.NewKernel("deferred");
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var rx = new Receiver(b);

        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1)));
        kernel.Sysctl.Set("net.link.epair.dispatch", "direct");
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 2)));
        kernel.Sysctl.Set("net.link.epair.dispatch", "deferred");
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 3)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([1, 2, 3], rx.Sequences.Order());
        Assert.Equal(3, a.Counters.OPackets);
        Assert.Equal(3, b.Counters.IPackets);
        Assert.Equal("deferred", kernel.Sysctl.Get("net.link.epair.dispatch"));
        EpairTest.ThrowsErrno(Errno.EINVAL, () => kernel.Sysctl.Set("net.link.epair.dispatch", "hybrid"));
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task Without_an_input_handler_the_receiving_vnets_stack_takes_the_frame(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var jail = kernel.CreateVnet("one");
        var (a, b) = EpairTest.CreatePair(kernel.Host, up: false);
        kernel.Host.MoveInterface(b.Name, jail);
        a.Up();
        b.Up();

        // To b's own address with an EtherType no protocol claims: ether_demux counts NOPROTO.
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1, 64, b.MacAddress)));
        // To an address that is not b's: ether_input drops it before any protocol.
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 2, 64, EpairTest.Unicast)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal(2, b.Counters.IPackets);
        Assert.Equal(1, b.Counters.NoProto);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }
}

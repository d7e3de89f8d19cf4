using Epair.Dispatch;
using Epair.Drivers.Epair;
using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// The seed's "hardware queue" (the netisr queue, <c>net.link.epair.netisr_maxqlen</c>), the per-CPU
/// OACTIVE, <c>if_snd</c> as the fallback, the drain list, the drained-CPU restart and <c>qflush</c>.
/// A receiving handler held at a gate keeps the netisr thread busy, so the queue fills exactly
/// where the test says.
/// </summary>
public sealed class EpairBackpressureTests
{
    private const string QueueLimit = "net.link.epair.netisr_maxqlen";

    [Fact]
    public void Queue_limit_defaults_to_42_times_ifqmaxlen()
    {
        using var kernel = EpairTest.NewKernel();

        Assert.Equal(2100, kernel.Sysctl.GetInt64(QueueLimit));
        Assert.Equal(2100, EpairProtocol(kernel).QueueLimit);
    }

    [Fact]
    public void Queue_limit_follows_a_smaller_ifqmaxlen()
    {
        using var kernel = EpairTest.NewKernel("deferred", ("net.link.ifqmaxlen", "5"));

        Assert.Equal(210, kernel.Sysctl.GetInt64(QueueLimit));
    }

    [Fact]
    public void Queue_limit_tunable_is_applied_at_load_and_clamped_to_net_isr_maxqlimit()
    {
        using var small = EpairTest.NewKernel("deferred", (QueueLimit, "7"));
        using var large = EpairTest.NewKernel("deferred", (QueueLimit, "20000"));

        Assert.Equal(7, small.Sysctl.GetInt64(QueueLimit));
        Assert.Equal(7, EpairProtocol(small).QueueLimit);
        Assert.Equal(10240, large.Sysctl.GetInt64("net.isr.maxqlimit"));
        Assert.Equal(10240, large.Sysctl.GetInt64(QueueLimit));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("50", 50)]
    [InlineData("10240", 10240)]
    [InlineData("0x10", 16)]
    public void Setting_the_queue_limit_reaches_the_netisr_handler(string value, int expected)
    {
        using var kernel = EpairTest.NewKernel();

        string old = kernel.Sysctl.Set(QueueLimit, value);

        Assert.Equal("2100", old);
        Assert.Equal(expected, kernel.Sysctl.GetInt64(QueueLimit));
        Assert.Equal(expected, EpairProtocol(kernel).QueueLimit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("10241")]
    [InlineData("4294967296")]
    [InlineData("many")]
    [InlineData("")]
    public void A_queue_limit_below_1_or_above_maxqlimit_is_EINVAL_and_changes_nothing(string value)
    {
        using var kernel = EpairTest.NewKernel();

        var ex = EpairTest.ThrowsErrno(Errno.EINVAL, () => kernel.Sysctl.Set(QueueLimit, value));

        Assert.Equal($"{QueueLimit}: Invalid argument", ex.Message);
        Assert.Equal(2100, kernel.Sysctl.GetInt64(QueueLimit));
        Assert.Equal(2100, EpairProtocol(kernel).QueueLimit);
    }

    [Fact]
    public async Task A_full_queue_costs_one_frame_then_if_snd_holds_the_rest_until_the_drained_cpu_restarts_it()
    {
        using var kernel = EpairTest.NewKernel("deferred", (QueueLimit, "2"), ("net.link.ifqmaxlen", "5"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        using var gate = new SemaphoreSlim(0);
        var rx = new Receiver(b, gate);
        var dpcpu = EpairTest.Module(kernel).CpuState(b.Cpu);

        // Frame 1 is taken off the queue and held in the handler; 2 and 3 fill the queue.
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1)));
        await rx.WaitForArrivalAsync();
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 2)));
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 3)));
        Assert.Equal(DriverFlags.None, a.DriverFlags & DriverFlags.OActive);
        Assert.Equal(0, a.Counters.OErrors);

        // Frame 4 finds the queue full: lost, counted, and the hardware queue is marked full.
        Assert.Equal(Errno.ENOBUFS, a.Transmit(EpairTest.NewFrame(kernel, 4)));
        Assert.Equal(1, a.Counters.OErrors);
        Assert.Equal(1, EpairTest.EpairQueueDrops(kernel));
        Assert.Equal(DriverFlags.OActive, a.DriverFlags & DriverFlags.OActive);
        Assert.True(dpcpu.OutputActive);

        // Later frames wait in if_snd, and the sender waits on the drain list.
        for (int i = 5; i <= 9; i++)
        {
            Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, i)));
            Assert.Equal(i - 4, a.SendQueueLength);
        }
        lock (dpcpu.Lock)
            Assert.Equal([a], dpcpu.DrainList);

        // if_snd full: dropped as an output queue drop.
        Assert.Equal(Errno.ENOBUFS, a.Transmit(EpairTest.NewFrame(kernel, 10)));
        Assert.Equal(1, a.Counters.OQDrops);
        Assert.Equal(1, a.Counters.OErrors);
        Assert.Equal(5, a.SendQueueLength);
        Assert.Equal(3, a.Counters.OPackets);
        Assert.Equal(3, b.Counters.IPackets);
        Assert.Equal(1, EpairTest.EpairQueueDrops(kernel));

        gate.Release(1000);
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([1, 2, 3, 5, 6, 7, 8, 9], rx.Sequences);
        Assert.Equal(0, rx.GateTimeouts);
        Assert.Equal(0, a.SendQueueLength);
        Assert.Equal(DriverFlags.Running, a.DriverFlags);
        Assert.False(dpcpu.OutputActive);
        Assert.True(dpcpu.DrainListIsEmpty);
        Assert.Equal(8, a.Counters.OPackets);
        Assert.Equal(8, b.Counters.IPackets);
        Assert.Equal(1, a.Counters.OErrors);
        Assert.Equal(1, a.Counters.OQDrops);
        Assert.Equal(1, EpairTest.EpairQueueDrops(kernel));
        EpairTest.AssertNetisrLedgerBalances(kernel);
        Assert.Equal(8, EpairTest.EpairWork(kernel).Sum(w => w.Handled));
        Assert.Equal(0, kernel.Frames.Outstanding);

        // Nothing is stuck: the next frame goes straight through.
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 11)));
        await EpairTest.QuiesceAsync(kernel);
        Assert.Equal(11, rx.Sequences[^1]);
    }

    [Fact]
    public async Task A_queue_of_one_drains_a_long_if_snd_one_frame_at_a_time_in_order()
    {
        using var kernel = EpairTest.NewKernel("deferred", (QueueLimit, "1"), ("net.link.ifqmaxlen", "40"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        using var gate = new SemaphoreSlim(0);
        var rx = new Receiver(b, gate);

        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1)));
        await rx.WaitForArrivalAsync();
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 2)));
        Assert.Equal(Errno.ENOBUFS, a.Transmit(EpairTest.NewFrame(kernel, 3)));
        for (int i = 4; i <= 43; i++)
            Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, i)));
        Assert.Equal(40, a.SendQueueLength);

        gate.Release(1000);
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([1, 2, .. Enumerable.Range(4, 40)], rx.Sequences);
        Assert.Equal(42, a.Counters.OPackets);
        Assert.Equal(1, a.Counters.OErrors);
        Assert.Equal(0, a.Counters.OQDrops);
        Assert.Equal(DriverFlags.Running, a.DriverFlags);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task Every_interface_on_the_drain_list_of_a_cpu_is_restarted()
    {
        // One netisr thread: both pairs' receiving ends share the CPU, its queue and its OACTIVE.
        using var kernel = EpairTest.NewKernel("deferred", (QueueLimit, "2"), ("net.isr.maxthreads", "1"));
        var (a1, b1) = EpairTest.CreatePair(kernel.Host);
        var (a2, b2) = EpairTest.CreatePair(kernel.Host);
        using var gate = new SemaphoreSlim(0);
        var rx1 = new Receiver(b1, gate);
        var rx2 = new Receiver(b2);
        var dpcpu = EpairTest.Module(kernel).CpuState(0);

        Assert.Equal(Errno.None, a1.Transmit(EpairTest.NewFrame(kernel, 1)));
        await rx1.WaitForArrivalAsync();
        Assert.Equal(Errno.None, a1.Transmit(EpairTest.NewFrame(kernel, 2)));
        Assert.Equal(Errno.None, a1.Transmit(EpairTest.NewFrame(kernel, 3)));
        Assert.Equal(Errno.ENOBUFS, a1.Transmit(EpairTest.NewFrame(kernel, 4)));
        Assert.Equal(Errno.None, a1.Transmit(EpairTest.NewFrame(kernel, 5)));

        // The other pair never overflowed anything, yet the CPU's queue is full: it waits too.
        Assert.Equal(Errno.None, a2.Transmit(EpairTest.NewFrame(kernel, 101)));
        Assert.Equal(Errno.None, a2.Transmit(EpairTest.NewFrame(kernel, 102)));
        Assert.Equal(2, a2.SendQueueLength);
        Assert.Equal(DriverFlags.None, a2.DriverFlags & DriverFlags.OActive);
        lock (dpcpu.Lock)
            Assert.Equal([a1, a2], dpcpu.DrainList);

        gate.Release(1000);
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([1, 2, 3, 5], rx1.Sequences);
        Assert.Equal([101, 102], rx2.Sequences);
        Assert.Equal(0, a1.SendQueueLength);
        Assert.Equal(0, a2.SendQueueLength);
        Assert.Equal(DriverFlags.Running, a1.DriverFlags);
        Assert.Equal(DriverFlags.Running, a2.DriverFlags);
        Assert.True(dpcpu.DrainListIsEmpty);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task Down_flushes_if_snd_and_takes_the_interface_off_the_drain_list()
    {
        using var kernel = EpairTest.NewKernel("deferred", (QueueLimit, "2"), ("net.link.ifqmaxlen", "5"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        using var gate = new SemaphoreSlim(0);
        var rx = new Receiver(b, gate);
        var dpcpu = EpairTest.Module(kernel).CpuState(b.Cpu);
        await FillAsync(kernel, a, rx);
        Assert.Equal(5, a.SendQueueLength);

        a.Down();

        Assert.Equal(0, a.SendQueueLength);
        Assert.Equal(5, a.Counters.OQDrops);
        lock (dpcpu.Lock)
            Assert.DoesNotContain(a, dpcpu.DrainList);
        Assert.Equal(Errno.ENETDOWN, a.Transmit(EpairTest.NewFrame(kernel, 10)));
        Assert.Equal(2, kernel.Frames.Outstanding); // frames 2 and 3, still in the netisr queue

        gate.Release(1000);
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([1, 2, 3], rx.Sequences);
        Assert.Equal(3, a.Counters.OPackets);
        Assert.Equal(1, a.Counters.OErrors);
        Assert.Equal(5, a.Counters.OQDrops);
        Assert.False(dpcpu.OutputActive);
        Assert.True(dpcpu.DrainListIsEmpty);
        Assert.Equal(0, kernel.Frames.Outstanding);

        a.Up();
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 11)));
        await EpairTest.QuiesceAsync(kernel);
        Assert.Equal([1, 2, 3, 11], rx.Sequences);
    }

    [Fact]
    public async Task The_tap_sees_each_frame_once_even_when_it_waited_in_if_snd()
    {
        using var kernel = EpairTest.NewKernel("deferred", (QueueLimit, "2"), ("net.link.ifqmaxlen", "5"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        using var gate = new SemaphoreSlim(0);
        var rx = new Receiver(b, gate);
        var tap = new TapRecorder();
        using var _ = a.AttachTap(tap);
        await FillAsync(kernel, a, rx);

        gate.Release(1000);
        await EpairTest.QuiesceAsync(kernel);

        // Frame 4 was lost to the full queue but had been sent, as the seed taps before queueing.
        Assert.Equal(Enumerable.Range(1, 9), tap.Frames.Select(f => f.Sequence));
        Assert.All(tap.Frames, f => Assert.Equal(TapDirection.Out, f.Direction));
    }

    [Fact]
    public async Task Frames_that_waited_in_if_snd_arrive_with_their_metadata_cleared_too()
    {
        using var kernel = EpairTest.NewKernel("deferred", (QueueLimit, "2"), ("net.link.ifqmaxlen", "5"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        using var gate = new SemaphoreSlim(0);
        var rx = new Receiver(b, gate);
        await FillAsync(kernel, a, rx, frame =>
        {
            frame.Flags |= FrameFlags.VlanTagged;
            frame.VlanTag = 42;
            frame.PriorityCodePoint = 6;
            frame.Checksum = ChecksumFlags.TransportChecksumPending;
            frame.FlowId = 7;
        });

        gate.Release(1000);
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([1, 2, 3, 5, 6, 7, 8, 9], rx.Sequences);
        Assert.All(rx.Deliveries, d =>
        {
            Assert.Equal(FrameFlags.None, d.Flags & FrameFlags.VlanTagged);
            Assert.Equal(0, d.VlanTag);
            Assert.Equal(-1, d.PriorityCodePoint);
            Assert.Equal(ChecksumFlags.None, d.Checksum);
            Assert.Equal(0u, d.FlowId);
        });
    }

    [Fact]
    public async Task Down_does_not_leave_the_interface_OACTIVE()
    {
        using var kernel = EpairTest.NewKernel("deferred", (QueueLimit, "2"), ("net.link.ifqmaxlen", "5"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        using var gate = new SemaphoreSlim(0);
        var rx = new Receiver(b, gate);
        await FillAsync(kernel, a, rx);
        Assert.Equal(DriverFlags.OActive, a.DriverFlags & DriverFlags.OActive);

        a.Down();
        gate.Release(1000);
        await EpairTest.QuiesceAsync(kernel);
        a.Up();
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 10)));
        await EpairTest.QuiesceAsync(kernel);

        // Nothing of a's waits anywhere, and nothing will come to clear it later.
        Assert.Equal([1, 2, 3, 10], rx.Sequences);
        Assert.Equal(DriverFlags.Running, a.DriverFlags);
    }

    [Fact]
    public async Task Destroy_while_frames_wait_delivers_what_was_queued_and_frees_if_snd()
    {
        using var kernel = EpairTest.NewKernel("deferred", (QueueLimit, "2"), ("net.link.ifqmaxlen", "5"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        using var gate = new SemaphoreSlim(0);
        var rx = new Receiver(b, gate);
        var module = EpairTest.Module(kernel);
        await FillAsync(kernel, a, rx);

        // Destroy waits for the frames in flight to b, which wait for the gate.
        var destroy = EpairTest.Run(() => kernel.Host.DestroyInterface(a));
        await EpairTest.WaitUntilAsync(() => (a.DriverFlags & DriverFlags.Running) == 0, "destroy has stopped the pair");
        Assert.False(destroy.IsCompleted);
        gate.Release(1000);
        await destroy;

        Assert.Equal([1, 2, 3], rx.Sequences);
        Assert.Equal(3, a.Counters.OPackets);
        Assert.Equal(1, a.Counters.OErrors);
        Assert.Equal(5, a.Counters.OQDrops);
        Assert.Equal(0, a.SendQueueLength);
        await EpairTest.QuiesceAsync(kernel);
        Assert.True(module.CpuState(b.Cpu).DrainListIsEmpty);
        Assert.True(module.IsQuiescent);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task Direct_dispatch_has_no_queue_to_fill()
    {
        using var kernel = EpairTest.NewKernel("direct", (QueueLimit, "1"), ("net.link.ifqmaxlen", "1"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var rx = new Receiver(b);

        for (int i = 0; i < 100; i++)
            Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, i)));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal(Enumerable.Range(0, 100), rx.Sequences);
        Assert.Equal(DriverFlags.Running, a.DriverFlags);
        Assert.Equal(0, a.Counters.OErrors + a.Counters.OQDrops);
        Assert.Equal(0, EpairTest.EpairQueueDrops(kernel));
    }

    [Fact]
    public async Task Switching_to_direct_restarts_what_waits_in_if_snd()
    {
        using var kernel = EpairTest.NewKernel("deferred", (QueueLimit, "2"), ("net.link.ifqmaxlen", "5"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        using var gate = new SemaphoreSlim(0);
        var rx = new Receiver(b, gate);
        await FillAsync(kernel, a, rx);

        kernel.Sysctl.Set("net.link.epair.dispatch", "direct");
        gate.Release(1000);
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal([1, 2, 3, 5, 6, 7, 8, 9], rx.Sequences.Order());
        Assert.Equal(0, a.SendQueueLength);
        Assert.Equal(DriverFlags.Running, a.DriverFlags);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    /// <summary>
    /// Frame 1 held at the gate, 2 and 3 in the netisr queue (limit 2), 4 lost, 5-9 in if_snd.
    /// </summary>
    private static async Task FillAsync(Kernel kernel, EpairInterface a, Receiver rx, Action<Frame>? decorate = null)
    {
        Frame New(int sequence)
        {
            var frame = EpairTest.NewFrame(kernel, sequence);
            decorate?.Invoke(frame);
            return frame;
        }

        Assert.Equal(Errno.None, a.Transmit(New(1)));
        await rx.WaitForArrivalAsync();
        Assert.Equal(Errno.None, a.Transmit(New(2)));
        Assert.Equal(Errno.None, a.Transmit(New(3)));
        Assert.Equal(Errno.ENOBUFS, a.Transmit(New(4)));
        for (int i = 5; i <= 9; i++)
            Assert.Equal(Errno.None, a.Transmit(New(i)));
    }

    private static NetisrProtocolInfo EpairProtocol(Kernel kernel) =>
        Assert.Single(kernel.GetNetisrStatistics().Protocols, p => p.Name == "epair");
}

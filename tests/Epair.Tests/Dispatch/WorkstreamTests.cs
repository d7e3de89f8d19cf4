using Epair.Dispatch;
using Epair.Frames;
using Epair.Tests.TestSupport;

namespace Epair.Tests.Dispatch;

/// <summary>
/// One workstream's queue, counters and callbacks, driven through <see cref="Netisr"/> with a
/// single thread. Deterministic states come from a handler held at its gate: while it holds
/// the first frame, everything queued after it waits in the ring.
/// </summary>
public sealed class WorkstreamTests : IDisposable
{
    private readonly FramePool _pool = new();
    private readonly Netisr _netisr = new(maxThreads: 1, maxQueueLimit: 4096, defaultQueueLimit: 256);
    private readonly RecordingNetisrHandler _handler = new() { Gate = new ManualResetEventSlim() };

    public void Dispose()
    {
        _handler.Gate!.Set();
        _netisr.Dispose();
    }

    private Frame Numbered(int sequence) => TestFrames.Numbered(_pool, sequence);

    private NetisrWorkStatistics Stats(string protocol = "p") =>
        _netisr.Snapshot("deferred").Work.Single(w => w.Protocol == protocol);

    /// <summary>Queues frame 0 and waits until the worker holds it at the gate.</summary>
    private NetisrProtocol RegisterAndHold(int queueLimit)
    {
        var protocol = _netisr.Register("p", _handler, queueLimit);
        Assert.Equal(Errno.None, _netisr.Queue(protocol, Numbered(0)));
        Poll.Wait(_handler.Entered, "the worker to take the first frame");
        return protocol;
    }

    private async Task ReleaseAndQuiesce(int handled)
    {
        _handler.Gate!.Set();
        await Poll.UntilAsync(() => _handler.Handled == handled && _netisr.IsIdle, $"{handled} frames handled and the workstream idle");
    }

    [Fact]
    public async Task Frames_are_handled_in_order_in_batches_of_any_size()
    {
        _handler.Gate!.Set();
        var protocol = _netisr.Register("p", _handler, 4096);

        for (int i = 0; i < 1000; i++)
            Assert.Equal(Errno.None, _netisr.Queue(protocol, Numbered(i)));
        await Poll.UntilAsync(() => _handler.Handled == 1000, "1000 frames handled");

        Assert.Equal(Enumerable.Range(0, 1000), _handler.Sequences);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task A_full_queue_refuses_with_ENOBUFS_frees_the_frame_and_counts_a_drop()
    {
        var protocol = RegisterAndHold(queueLimit: 4);
        for (int i = 1; i <= 4; i++)
            Assert.Equal(Errno.None, _netisr.Queue(protocol, Numbered(i)));
        var refused = Numbered(5);

        Assert.Equal(Errno.ENOBUFS, _netisr.Queue(protocol, refused));

        Assert.False(refused.IsOwned);
        var held = Stats();
        Assert.Equal((4, 1, 5, 1), (held.Length, held.QueueDrops, held.Queued, held.Handled));
        await ReleaseAndQuiesce(5);
        Assert.Equal([0, 1, 2, 3, 4], _handler.Sequences);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task TryQueue_hands_a_refused_frame_back_without_counting_a_drop()
    {
        var protocol = RegisterAndHold(queueLimit: 1);
        Assert.Equal(Errno.None, _netisr.TryQueue(protocol, Numbered(1)));
        var refused = Numbered(2);

        Assert.Equal(Errno.ENOBUFS, _netisr.TryQueue(protocol, refused));

        Assert.True(refused.IsOwned);
        Assert.Equal(0, Stats().QueueDrops);
        refused.Free();
        await ReleaseAndQuiesce(2);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task The_watermark_is_the_longest_the_queue_has_been()
    {
        var protocol = RegisterAndHold(queueLimit: 100);
        for (int i = 1; i <= 7; i++)
            _netisr.Queue(protocol, Numbered(i));
        Assert.Equal(7, Stats().Watermark);

        await ReleaseAndQuiesce(8);
        _netisr.Queue(protocol, Numbered(8));
        await Poll.UntilAsync(() => _handler.Handled == 9, "the ninth frame");

        var stats = Stats();
        Assert.Equal(7, stats.Watermark);
        Assert.Equal(0, stats.Length);
    }

    [Fact]
    public async Task A_lower_qlimit_applies_to_the_queue_at_once()
    {
        var protocol = RegisterAndHold(queueLimit: 100);
        Assert.Equal(Errno.None, _netisr.SetQueueLimit(protocol, 2));
        _netisr.Queue(protocol, Numbered(1));
        _netisr.Queue(protocol, Numbered(2));

        Assert.Equal(Errno.ENOBUFS, _netisr.Queue(protocol, Numbered(3)));

        Assert.Equal(1, Stats().QueueDrops);
        await ReleaseAndQuiesce(3);
    }

    [Fact]
    public async Task Queued_and_handled_statistics_balance_once_idle()
    {
        _handler.Gate!.Set();
        var protocol = _netisr.Register("p", _handler, 4096);
        for (int i = 0; i < 300; i++)
            _netisr.Queue(protocol, Numbered(i));

        await Poll.UntilAsync(() => _handler.Handled == 300 && _netisr.IsIdle, "300 frames handled");

        var stats = Stats();
        Assert.Equal(300, stats.Queued);
        Assert.Equal(300, stats.Handled);
        Assert.Equal(0, stats.Length);
        Assert.Equal(0, stats.QueueDrops);
        Assert.Equal(0, stats.Dispatched);
        Assert.Equal(0, stats.HybridDispatched);
    }

    [Fact]
    public async Task The_drained_callback_runs_once_when_a_pass_empties_the_queue()
    {
        var protocol = RegisterAndHold(queueLimit: 100);
        for (int i = 1; i <= 5; i++)
            _netisr.Queue(protocol, Numbered(i));
        Assert.Equal(0, _handler.DrainedCalls);

        await ReleaseAndQuiesce(6);

        Assert.Equal([0], _handler.DrainedCpus);
    }

    [Fact]
    public async Task RequestDrainedCallbacks_runs_them_with_nothing_queued()
    {
        _netisr.Register("p", _handler, 10);

        _netisr.RequestDrainedCallbacks(0);

        await Poll.UntilAsync(() => _handler.DrainedCalls == 1 && _netisr.IsIdle, "the drained callback");
        Assert.Equal([0], _handler.DrainedCpus);
        Assert.Equal(0, _handler.Handled);
    }

    [Fact]
    public async Task Drained_callbacks_skip_unregistered_protocols()
    {
        var protocol = _netisr.Register("p", _handler, 10);
        _netisr.Unregister(protocol);

        _netisr.RequestDrainedCallbacks(0);

        await Poll.UntilAsync(() => _netisr.IsIdle, "the workstream to be idle");
        Assert.Equal(0, _handler.DrainedCalls);
    }

    [Fact]
    public async Task Unregister_purges_what_waits_and_the_ledger_balances()
    {
        var protocol = RegisterAndHold(queueLimit: 100);
        for (int i = 1; i <= 9; i++)
            _netisr.Queue(protocol, Numbered(i));
        long queued = Stats().Queued;

        _netisr.Unregister(protocol);
        _handler.Gate!.Set();
        await Poll.UntilAsync(() => _handler.Handled == 1 && _netisr.IsIdle, "the held frame to finish");

        // queued == handled + length + purged
        Assert.Equal(10, queued);
        Assert.Equal(9, _netisr.PurgedCount(protocol));
        Assert.Equal(queued, _handler.Handled + 0 + _netisr.PurgedCount(protocol));
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task The_ledger_balances_at_every_step()
    {
        var protocol = RegisterAndHold(queueLimit: 20);
        for (int i = 1; i <= 25; i++)
            _netisr.Queue(protocol, Numbered(i));

        var held = Stats();
        Assert.Equal(held.Queued, held.Handled + held.Length + _netisr.PurgedCount(protocol));
        Assert.Equal(5, held.QueueDrops);

        await ReleaseAndQuiesce(21);
        var idle = Stats();
        Assert.Equal(idle.Queued, idle.Handled + idle.Length + _netisr.PurgedCount(protocol));
        Assert.Equal(21, idle.Handled);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task A_handler_may_pump_its_own_workstream_to_handle_frames_queued_behind_it()
    {
        _handler.Gate!.Set();
        NetisrProtocol protocol = null!;
        bool pumped = false;
        int handledAfterPump = -1;
        int first = 0;
        _handler.AfterHandle = () =>
        {
            if (Interlocked.Exchange(ref first, 1) != 0)
                return;
            for (int i = 1; i <= 3; i++)
                _netisr.Queue(protocol, Numbered(i));
            pumped = _netisr.TryPumpCurrentWorkstream();
            handledAfterPump = _handler.Handled;
        };
        protocol = _netisr.Register("p", _handler, 10);

        _netisr.Queue(protocol, Numbered(0));
        await Poll.UntilAsync(() => handledAfterPump >= 0 && _netisr.IsIdle, "the handler to pump");

        Assert.True(pumped);
        Assert.Equal(4, handledAfterPump);
        Assert.Equal([0, 1, 2, 3], _handler.Sequences);
        Assert.Equal(4, Stats().Handled);
        Assert.Equal(0, _pool.Outstanding);
    }
}

using Epair.Dispatch;
using Epair.Frames;
using Epair.Tests.TestSupport;

namespace Epair.Tests.Dispatch;

public sealed class NetisrTests
{
    private readonly FramePool _pool = new();

    private static Netisr Create(int maxThreads = 2, int maxQueueLimit = 4096, int defaultQueueLimit = 256,
        Action<NetisrProtocol, Exception>? onFault = null) =>
        new(maxThreads, maxQueueLimit, defaultQueueLimit, onFault);

    private Frame FrameFor(int cpu, int sequence = 0)
    {
        var frame = TestFrames.Numbered(_pool, sequence);
        frame.FlowId = (uint)cpu;
        return frame;
    }

    private static NetisrWorkStatistics Total(Netisr netisr, string protocol)
    {
        var rows = netisr.Snapshot("deferred").Work.Where(w => w.Protocol == protocol).ToList();
        Assert.NotEmpty(rows);
        return new NetisrWorkStatistics(-1, -1, protocol, rows.Sum(r => r.Length), rows.Max(r => r.Watermark),
            rows.Sum(r => r.Dispatched), rows.Sum(r => r.HybridDispatched), rows.Sum(r => r.QueueDrops),
            rows.Sum(r => r.Queued), rows.Sum(r => r.Handled));
    }

    // --- threads and CPUs ------------------------------------------------------------------

    [Fact]
    public void One_workstream_per_thread_up_to_the_processor_count()
    {
        using var one = Create(maxThreads: 1);
        using var many = Create(maxThreads: 1024);

        Assert.Equal(1, one.WorkstreamCount);
        Assert.Equal(Environment.ProcessorCount, many.WorkstreamCount);
        Assert.Equal(1024, many.MaxThreads);
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(maxThreads: 0));
    }

    [Fact]
    public void GetCpuId_spreads_indexes_over_the_workstreams()
    {
        using var netisr = Create(maxThreads: 1024);
        int n = netisr.WorkstreamCount;

        for (int index = 0; index < 3 * n; index++)
            Assert.Equal(index % n, netisr.GetCpuId(index));
    }

    [Fact]
    public async Task Queued_frames_are_handled_on_the_netisr_thread_of_their_cpu()
    {
        using var netisr = Create(maxThreads: 1024);
        var handler = new RecordingNetisrHandler();
        var protocol = netisr.Register("test", handler, 64);
        var threads = new Dictionary<int, string?>();

        for (int cpu = 0; cpu < netisr.WorkstreamCount; cpu++)
        {
            handler.Threads.Clear();
            Assert.Equal(Errno.None, netisr.Queue(protocol, FrameFor(cpu)));
            int expected = cpu + 1;
            await Poll.UntilAsync(() => handler.Handled == expected, "the frame to be handled");
            threads[cpu] = Assert.Single(handler.Threads.Keys).Name;
        }

        foreach (var (cpu, name) in threads)
            Assert.Equal($"netisr {cpu}", name);
        Assert.Equal(0, _pool.Outstanding);
    }

    // --- register / unregister -------------------------------------------------------------

    [Fact]
    public void Register_numbers_protocols_and_clamps_their_queue_limit()
    {
        using var netisr = Create(maxQueueLimit: 100);
        var handler = new RecordingNetisrHandler();

        var a = netisr.Register("a", handler, 10);
        var b = netisr.Register("b", handler, 0);
        var c = netisr.Register("c", handler, 1_000_000);

        Assert.Equal((0, "a", 10), (a.Id, a.Name, Netisr.GetQueueLimit(a)));
        Assert.Equal((1, 1), (b.Id, b.QueueLimit));
        Assert.Equal((2, 100), (c.Id, c.QueueLimit));
        Assert.Same(handler, a.Handler);
        Assert.True(a.IsRegistered);
    }

    [Fact]
    public void A_name_registered_twice_is_EEXIST()
    {
        using var netisr = Create();
        netisr.Register("ip", new RecordingNetisrHandler(), 10);

        var ex = Assert.Throws<ErrnoException>(() => netisr.Register("ip", new RecordingNetisrHandler(), 10));

        Assert.Equal("netisr_register: ip: File exists", ex.Message);
    }

    [Fact]
    public void A_protocol_may_ask_for_its_fixed_number_which_is_then_taken()
    {
        using var netisr = Create();
        var epair = netisr.Register("epair", new RecordingNetisrHandler(), 10, id: 8);
        var other = netisr.Register("other", new RecordingNetisrHandler(), 10);

        Assert.Equal(8, epair.Id);
        Assert.Equal(0, other.Id);
        Assert.Equal(Errno.EEXIST, Assert.Throws<ErrnoException>(() => netisr.Register("late", new RecordingNetisrHandler(), 10, id: 8)).Errno);
        Assert.Throws<ArgumentOutOfRangeException>(() => netisr.Register("far", new RecordingNetisrHandler(), 10, id: Netisr.MaxProtocols));
    }

    [Fact]
    public void More_than_NETISR_MAXPROT_protocols_is_ENOSPC()
    {
        using var netisr = Create();
        for (int i = 0; i < Netisr.MaxProtocols; i++)
            netisr.Register($"p{i}", new RecordingNetisrHandler(), 10);

        var ex = Assert.Throws<ErrnoException>(() => netisr.Register("one-too-many", new RecordingNetisrHandler(), 10));

        Assert.Equal(Errno.ENOSPC, ex.Errno);
    }

    [Fact]
    public async Task An_unregistered_protocol_frees_its_name_and_slot()
    {
        using var netisr = Create();
        var handler = new RecordingNetisrHandler();
        var first = netisr.Register("epair", handler, 10);
        netisr.Unregister(first);

        var again = netisr.Register("epair", handler, 10);

        Assert.False(first.IsRegistered);
        Assert.True(again.IsRegistered);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(Errno.None, netisr.Queue(again, FrameFor(0)));
        await Poll.UntilAsync(() => handler.Handled == 1, "the re-registered protocol to handle a frame");
        Assert.Single(netisr.Snapshot("deferred").Protocols);
    }

    [Fact]
    public void Protocols_can_come_and_go_more_often_than_there_are_slots()
    {
        using var netisr = Create();

        for (int i = 0; i < 3 * Netisr.MaxProtocols; i++)
            netisr.Unregister(netisr.Register("cycling", new RecordingNetisrHandler(), 10));

        Assert.Empty(netisr.Snapshot("deferred").Protocols);
    }

    [Fact]
    public async Task Unregistering_twice_leaves_a_protocol_that_took_the_slot_alone()
    {
        using var netisr = Create();
        var old = netisr.Register("old", new RecordingNetisrHandler(), 10);
        netisr.Unregister(old);
        var handler = new RecordingNetisrHandler();
        var successor = netisr.Register("new", handler, 10);

        netisr.Unregister(old);

        Assert.True(successor.IsRegistered);
        Assert.Equal("new", Assert.Single(netisr.Snapshot("deferred").Protocols).Name);
        Assert.Equal(Errno.None, netisr.Queue(successor, FrameFor(0)));
        await Poll.UntilAsync(() => handler.Handled == 1, "the successor to handle its frame");
    }

    [Fact]
    public void Frames_for_an_unregistered_protocol_are_refused_and_freed()
    {
        using var netisr = Create();
        var protocol = netisr.Register("gone", new RecordingNetisrHandler(), 10);
        netisr.Unregister(protocol);
        var frame = FrameFor(0);

        Assert.Equal(Errno.ENOBUFS, netisr.Queue(protocol, frame));

        Assert.False(frame.IsOwned);
        Assert.Equal(0, _pool.Outstanding);
    }

    // --- qlimit ----------------------------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public void SetQueueLimit_below_one_or_above_maxqlimit_is_EINVAL(int limit)
    {
        using var netisr = Create(maxQueueLimit: 100);
        var protocol = netisr.Register("p", new RecordingNetisrHandler(), 10);

        Assert.Equal(Errno.EINVAL, netisr.SetQueueLimit(protocol, limit));
        Assert.Equal(10, Netisr.GetQueueLimit(protocol));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void SetQueueLimit_within_range_applies(int limit)
    {
        using var netisr = Create(maxQueueLimit: 100);
        var protocol = netisr.Register("p", new RecordingNetisrHandler(), 10);

        Assert.Equal(Errno.None, netisr.SetQueueLimit(protocol, limit));

        Assert.Equal(limit, Netisr.GetQueueLimit(protocol));
        Assert.Equal(limit, Assert.Single(netisr.Snapshot("deferred").Protocols).QueueLimit);
    }

    // --- direct dispatch -------------------------------------------------------------------

    [Fact]
    public void Dispatch_runs_the_handler_now_on_this_thread_and_counts_it_as_dispatched()
    {
        using var netisr = Create();
        var handler = new RecordingNetisrHandler();
        var protocol = netisr.Register("direct", handler, 10);

        for (int i = 0; i < 10; i++)
        {
            netisr.Dispatch(protocol, FrameFor(i % 2, i));
            Assert.Equal(i + 1, handler.Handled);
        }

        Assert.Equal(Thread.CurrentThread, Assert.Single(handler.Threads.Keys));
        Assert.Equal(Enumerable.Range(0, 10), handler.Sequences);
        var total = Total(netisr, "direct");
        Assert.Equal(10, total.Dispatched);
        Assert.Equal(0, total.Queued);
        Assert.Equal(0, total.Handled);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void A_throwing_handler_in_direct_dispatch_is_reported_not_thrown()
    {
        var faults = new List<(string, Exception)>();
        using var netisr = Create(onFault: (p, ex) => faults.Add((p.Name, ex)));
        var handler = new RecordingNetisrHandler { ThrowOnSequence = 3 };
        var protocol = netisr.Register("direct", handler, 10);

        netisr.Dispatch(protocol, FrameFor(0, 3));

        Assert.Equal("direct", Assert.Single(faults).Item1);
        Assert.Equal(0, _pool.Outstanding);
    }

    // --- faults ----------------------------------------------------------------------------

    [Fact]
    public async Task A_handler_exception_does_not_kill_the_worker()
    {
        var faults = new System.Collections.Concurrent.ConcurrentQueue<(string, Exception)>();
        using var netisr = Create(maxThreads: 1, onFault: (p, ex) => faults.Enqueue((p.Name, ex)));
        var handler = new RecordingNetisrHandler { ThrowOnSequence = 1 };
        var protocol = netisr.Register("faulty", handler, 64);

        for (int i = 0; i < 5; i++)
            Assert.Equal(Errno.None, netisr.Queue(protocol, FrameFor(0, i)));
        await Poll.UntilAsync(() => handler.Handled == 5, "all five frames to be handled");
        Assert.Equal(Errno.None, netisr.Queue(protocol, FrameFor(0, 5)));
        await Poll.UntilAsync(() => handler.Handled == 6, "a frame after the fault to be handled");

        var (name, ex) = Assert.Single(faults);
        Assert.Equal("faulty", name);
        Assert.Equal("handler fault on frame 1", ex.Message);
        Assert.Equal(Enumerable.Range(0, 6), handler.Sequences);
        Assert.True(Assert.Single(handler.Threads.Keys).IsAlive);
        Assert.Equal(0, _pool.Outstanding);
    }

    // --- snapshot --------------------------------------------------------------------------

    [Fact]
    public void Snapshot_lists_configuration_protocols_and_one_row_per_workstream_and_protocol()
    {
        using var netisr = Create(maxThreads: 1024, maxQueueLimit: 500, defaultQueueLimit: 77);
        netisr.Register("ether", new RecordingNetisrHandler(), 300);
        netisr.Register("ip", new RecordingNetisrHandler(), 20);

        var stats = netisr.Snapshot("deferred");

        Assert.Equal((1024, netisr.WorkstreamCount, 77, 500, "deferred"),
            (stats.MaxThreads, stats.Threads, stats.DefaultQueueLimit, stats.MaxQueueLimit, stats.Dispatch));
        Assert.Equal(
            [new NetisrProtocolInfo("ether", 0, 300, "cpu", "default", true), new NetisrProtocolInfo("ip", 1, 20, "cpu", "default", true)],
            stats.Protocols);
        Assert.Equal(2 * netisr.WorkstreamCount, stats.Work.Count);
        for (int ws = 0; ws < netisr.WorkstreamCount; ws++)
        {
            var rows = stats.Work.Where(w => w.Workstream == ws).ToList();
            Assert.Equal(["ether", "ip"], rows.Select(r => r.Protocol));
            Assert.All(rows, r => Assert.Equal(ws, r.Cpu));
            Assert.All(rows, r => Assert.Equal(0, r.Queued + r.Handled + r.Dispatched + r.QueueDrops + r.Length));
        }
    }

    // --- dispose ---------------------------------------------------------------------------

    [Fact]
    public async Task Dispose_stops_every_workstream_thread()
    {
        var netisr = Create(maxThreads: 1024);
        var handler = new RecordingNetisrHandler();
        var protocol = netisr.Register("p", handler, 64);
        for (int cpu = 0; cpu < netisr.WorkstreamCount; cpu++)
            netisr.Queue(protocol, FrameFor(cpu));
        await Poll.UntilAsync(() => handler.Handled == netisr.WorkstreamCount, "one frame per workstream");
        var threads = handler.Threads.Keys.ToList();
        Assert.Equal(netisr.WorkstreamCount, threads.Count);

        netisr.Dispose();
        netisr.Dispose();

        Assert.All(threads, t => Assert.False(t.IsAlive));
        var late = FrameFor(0);
        Assert.Equal(Errno.ENOBUFS, netisr.Queue(protocol, late));
        Assert.False(late.IsOwned);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task Dispose_from_a_handler_frees_what_waits_and_ends_the_thread()
    {
        var netisr = Create(maxThreads: 1);
        var gate = new ManualResetEventSlim();
        var disposed = new ManualResetEventSlim();
        int disposing = 0;
        var handler = new RecordingNetisrHandler
        {
            Gate = gate,
            AfterHandle = () =>
            {
                if (Interlocked.Exchange(ref disposing, 1) == 0)
                {
                    netisr.Dispose();
                    disposed.Set();
                }
            },
        };
        var protocol = netisr.Register("p", handler, 64);
        netisr.Queue(protocol, FrameFor(0, 0));
        Poll.Wait(handler.Entered, "the handler to start");
        for (int i = 1; i <= 10; i++)
            Assert.Equal(Errno.None, netisr.Queue(protocol, FrameFor(0, i)));

        gate.Set();
        Poll.Wait(disposed, "the handler to dispose the netisr");
        var worker = Assert.Single(handler.Threads.Keys);
        await Poll.UntilAsync(() => !worker.IsAlive, "the workstream thread to end");

        Assert.Equal(1, handler.Handled);
        Assert.Equal(10, netisr.PurgedCount(protocol));
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void TryPumpCurrentWorkstream_is_false_off_the_netisr_threads()
    {
        using var netisr = Create();

        Assert.False(netisr.TryPumpCurrentWorkstream());
        Assert.True(netisr.IsIdle);
    }
}

using System.Diagnostics;
using Epair.Concurrency;
using Epair.Frames;

namespace Epair.Dispatch;

/// <summary>
/// One netisr workstream (<c>struct netisr_workstream</c>): a dedicated thread for one CPU with a
/// bounded queue per protocol. Producers are any threads; the consumer is this thread alone,
/// except that a handler running on it may pump it re-entrantly (see <see cref="Pump"/>).
/// </summary>
internal sealed class Workstream : IDisposable
{
    private const int BatchSize = 64;
    // How many frames ahead of the one being handled the worker prefetches: enough misses in
    // flight to hide a cross-core transfer, few enough to stay within the core's fill buffers.
    private const int PrefetchDistance = 6;

    private readonly Netisr _netisr;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly NetisrQueue?[] _queues;
    private readonly ProtocolWork[] _work;
    private readonly Frame?[] _batch = new Frame?[BatchSize];
    // Direct dispatches happen on every sender's thread: striped, one counter per protocol.
    private readonly StripedCounters _dispatched = new(Netisr.MaxProtocols);
    private int _batchPosition;
    private int _batchCount;
    private int _batchProtocol;
    // 1 while the thread sleeps, or is about to, on _wake: the only time producers signal it.
    private int _parked;
    private int _drainRequested;
    private volatile bool _busy;
    private volatile bool _stopping;

    // Counters only this workstream's thread writes (Handled, Watermark), except Drops and Purged.
    private sealed class ProtocolWork
    {
        public long Handled;
        public long Drops;
        public long Purged;
        public int Watermark;
    }

    public Workstream(Netisr netisr, int id, int cpu, int maxProtocols)
    {
        _netisr = netisr;
        Id = id;
        Cpu = cpu;
        _queues = new NetisrQueue?[maxProtocols];
        _work = new ProtocolWork[maxProtocols];
        for (int i = 0; i < maxProtocols; i++)
            _work[i] = new ProtocolWork();
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = $"netisr {cpu}",
        };
        _thread.Start();
    }

    /// <summary><c>nws_wsid</c>.</summary>
    public int Id { get; }

    /// <summary><c>nws_cpu</c>.</summary>
    public int Cpu { get; }

    /// <summary>True when called on this workstream's own thread.</summary>
    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>True while nothing is queued and the thread is not handling frames.</summary>
    public bool IsIdle
    {
        get
        {
            // The queues before _busy: the worker sets _busy before it takes a batch, so a frame
            // gone from its queue is seen either still queued or being handled.
            if (HasWork())
                return false;
            return !_busy;
        }
    }

    public void AddProtocol(NetisrProtocol protocol, int capacity)
    {
        var ring = new NetisrQueue(capacity, protocol.QueueLimit);
        // The slot may have served a protocol since unregistered: its counters start over with
        // the new ring (FreeBSD zeroes nws_work on unregister), or the ledger would not balance.
        _work[protocol.Id] = new ProtocolWork();
        Volatile.Write(ref _queues[protocol.Id], ring);
    }

    public void SetQueueLimit(NetisrProtocol protocol, int limit)
    {
        if (_queues[protocol.Id] is { } ring)
            ring.Limit = limit;
    }

    /// <summary>
    /// <c>netisr_queue_workstream</c>: queues the frame, or refuses with ENOBUFS. A refused frame is
    /// freed and counted as a drop, unless <paramref name="keepOnFailure"/> hands it back to the
    /// caller (a driver's start routine that will put it back on its send queue).
    /// </summary>
    public Errno Enqueue(NetisrProtocol protocol, Frame frame, bool keepOnFailure = false)
    {
        var ring = _queues[protocol.Id];
        // An unregistered protocol's queue is never pumped again: a frame left there would leak.
        if (ring is not null && !_stopping && protocol.IsRegistered && ring.TryEnqueue(frame, restart: keepOnFailure))
        {
            Signal();
            return Errno.None;
        }
        if (!keepOnFailure)
        {
            Interlocked.Increment(ref _work[protocol.Id].Drops);
            frame.Free();
        }
        return Errno.ENOBUFS;
    }

    /// <summary>Counts a frame that <see cref="Netisr.Dispatch"/> handled in the sender's thread.</summary>
    public void CountDispatched(NetisrProtocol protocol) => _dispatched.Increment(protocol.Id);

    /// <summary>Asks the thread to run the drained callbacks even if no frame arrives.</summary>
    public void RequestDrainedCallbacks()
    {
        // A full fence, so that Signal's look at _parked cannot come before this write.
        Interlocked.Exchange(ref _drainRequested, 1);
        Signal();
    }

    private static void UpdateWatermark(ProtocolWork work, int length)
    {
        // Only this workstream's thread writes the watermark.
        if (length > work.Watermark)
            Volatile.Write(ref work.Watermark, length);
    }

    private void Signal()
    {
        // A worker that is awake (handling or polling) finds the frame by itself: the semaphore,
        // a lock and maybe a system call, is only for one that has parked. This read may pass
        // the enqueue before it; Park's process-wide barrier is what makes that safe.
        if (Volatile.Read(ref _parked) != 0 && Interlocked.Exchange(ref _parked, 0) != 0)
            _wake.Release();
    }

    // Anything to do: a drained callback asked for, or a frame queued. Counting (published: false)
    // sees an enqueue that has claimed its slot but not yet published it, which the decision to
    // sleep needs; the polling loop asks only for published frames, which reads lines the
    // producers write anyway rather than their enqueue position.
    private bool HasWork(bool published = false)
    {
        if (Volatile.Read(ref _drainRequested) != 0)
            return true;
        foreach (var q in _queues)
        {
            if (q is not null && (published ? q.HasPublishedItem : q.Count > 0))
                return true;
        }
        return false;
    }

    private void Run()
    {
        while (!_stopping)
        {
            _busy = true;
            Pump();
            _busy = false;
            if (!PollForWork())
                Park();
        }
    }

    // Sleeps until a producer signals, unless work arrived while the thread was deciding to.
    private void Park()
    {
        Volatile.Write(ref _parked, 1);
        // A lane's producer queues without a fence (NetisrQueue), so a fence here alone would
        // not do: this one acts as a fence on every thread, so each producer either queued
        // before it (and HasWork sees the frame) or reads _parked after it (and signals).
        Interlocked.MemoryBarrierProcessWide();
        if (HasWork() || _stopping)
        {
            // Unpark ourselves; if a producer got there first, its Release must be taken.
            if (Interlocked.Exchange(ref _parked, 0) == 0)
                _wake.Wait();
            return;
        }
        _wake.Wait();
    }

    // How long the thread keeps looking for new work before it sleeps on the semaphore: waking a
    // sleeping thread costs the sender a system call, far more than a frame's worth of work, so
    // a busy link keeps its worker awake (NAPI-style busy polling).
    private static readonly long s_pollTicks = Stopwatch.Frequency / 20_000; // 50 µs

    private bool PollForWork()
    {
        long deadline = Stopwatch.GetTimestamp() + s_pollTicks;
        do
        {
            if (_stopping)
                return false;
            if (HasWork(published: true))
                return true;
            Thread.SpinWait(16);
        }
        while (Stopwatch.GetTimestamp() < deadline);
        return false;
    }

    /// <summary>
    /// Handles everything queued on this workstream, then runs the drained callbacks of the
    /// protocols it emptied (as <c>netisr_process_workstream_proto</c> does). Re-entrant: a
    /// handler that must wait for frames queued behind it (interface destroy) pumps the queue
    /// from inside the handler instead of deadlocking.
    /// </summary>
    public void Pump()
    {
        bool drainRequested = Interlocked.Exchange(ref _drainRequested, 0) != 0;
        var protocols = _netisr.Protocols;
        for (int id = 0; id < _queues.Length; id++)
        {
            var ring = _queues[id];
            if (ring is null || protocols[id] is not { } protocol)
                continue;
            bool handledAny = ProcessQueue(ring, protocol);
            if ((handledAny || drainRequested) && protocol.IsRegistered)
                protocol.Handler.DrainedCpu(Cpu);
        }
    }

    private bool ProcessQueue(NetisrQueue ring, NetisrProtocol protocol)
    {
        bool handledAny = false;
        while (true)
        {
            if (_batchPosition == _batchCount)
            {
                _batchPosition = 0;
                _batchCount = 0;
                _batchProtocol = protocol.Id;
                // The queue only grows between two looks of its consumer, so its length right
                // before a batch is the highest it reached since the last one: the watermark is
                // kept here, off the producers' path.
                UpdateWatermark(_work[protocol.Id], ring.Count);
                int n = ring.DequeueBatch(_batch);
                if (n == 0)
                    return handledAny;
                _batchCount = n;
                for (int i = 0; i < PrefetchDistance && i < n; i++)
                    Frame.Prefetch(_batch[i]);
            }
            // A re-entrant pump may find a batch of another protocol half done; finish it with
            // that protocol's handler.
            var owner = _batchProtocol == protocol.Id ? protocol : _netisr.Protocols[_batchProtocol]!;
            // The frames were last written on the sender's core: start fetching the ones a few
            // places ahead so their misses overlap with the work on this one.
            if (_batchPosition + PrefetchDistance < _batchCount)
                Frame.Prefetch(_batch[_batchPosition + PrefetchDistance]);
            var frame = _batch[_batchPosition]!;
            _batch[_batchPosition++] = null;
            Volatile.Write(ref _work[owner.Id].Handled, _work[owner.Id].Handled + 1);
            handledAny |= owner == protocol;
            _netisr.Invoke(owner, frame);
        }
    }

    /// <summary>Frees every frame of <paramref name="protocol"/> still queued (unregister, shutdown).</summary>
    public void Purge(NetisrProtocol protocol)
    {
        var ring = _queues[protocol.Id];
        if (ring is null)
            return;
        while (ring.TryDequeue(out var frame))
        {
            Interlocked.Increment(ref _work[protocol.Id].Purged);
            frame.Free();
        }
    }

    public NetisrWorkStatistics Snapshot(NetisrProtocol protocol)
    {
        var ring = _queues[protocol.Id];
        var work = _work[protocol.Id];
        int length = ring?.Count ?? 0;
        // The length seen now is as much a high point as the ones the consumer recorded.
        return new NetisrWorkStatistics(
            Id, Cpu, protocol.Name, length, Math.Max(length, Volatile.Read(ref work.Watermark)),
            _dispatched.Read(protocol.Id), 0, Interlocked.Read(ref work.Drops),
            ring?.EnqueuedTotal ?? 0, Volatile.Read(ref work.Handled));
    }

    /// <summary>Frames freed from the queue without being handled (unregister, shutdown).</summary>
    public long PurgedCount(NetisrProtocol protocol) => Interlocked.Read(ref _work[protocol.Id].Purged);

    public void Dispose()
    {
        _stopping = true;
        // Whether it is parked or about to park, it sees _stopping after this.
        if (Interlocked.Exchange(ref _parked, 0) != 0)
            _wake.Release();
        if (!IsCurrentThread)
            _thread.Join();
        // Frames still in the batch belong to nobody once the thread is gone.
        for (int i = _batchPosition; i < _batchCount; i++)
        {
            if (_batch[i] is { } frame)
            {
                _batch[i] = null;
                Interlocked.Increment(ref _work[_batchProtocol].Purged);
                frame.Free();
            }
        }
        _batchPosition = _batchCount = 0;
        foreach (var protocol in _netisr.Protocols)
        {
            if (protocol is not null)
                Purge(protocol);
        }
        // _wake is deliberately not disposed: a producer that passed the _stopping check just
        // before shutdown may still Release it, and an undisposed SemaphoreSlim that nobody
        // waits on holds no kernel handle.
    }
}

using Epair.Frames;

namespace Epair.Dispatch;

/// <summary>
/// The netisr dispatcher (FreeBSD's <c>net/netisr.c</c>): protocols register handlers, frames are
/// queued to the workstream of the CPU their handler's <c>m2cpuid</c> picks, and one dedicated
/// thread per workstream handles them in batches.
/// </summary>
internal sealed class Netisr : IDisposable
{
    /// <summary><c>NETISR_MAXPROT</c>.</summary>
    public const int MaxProtocols = 16;

    private readonly Workstream[] _workstreams;
    private readonly NetisrProtocol?[] _protocols = new NetisrProtocol?[MaxProtocols];
    private readonly Action<NetisrProtocol, Exception>? _onHandlerFault;
    private int _disposed;

    /// <summary>Starts <paramref name="maxThreads"/> workstreams (at most one per processor).</summary>
    /// <param name="maxThreads">net.isr.maxthreads.</param>
    /// <param name="maxQueueLimit">net.isr.maxqlimit: the largest qlimit a protocol may ask for.</param>
    /// <param name="defaultQueueLimit">net.isr.defaultqlimit.</param>
    /// <param name="onHandlerFault">Told when a handler throws (the frame is then considered consumed).</param>
    public Netisr(int maxThreads, int maxQueueLimit, int defaultQueueLimit, Action<NetisrProtocol, Exception>? onHandlerFault = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        MaxThreads = maxThreads;
        MaxQueueLimit = maxQueueLimit;
        DefaultQueueLimit = defaultQueueLimit;
        _onHandlerFault = onHandlerFault;
        int count = Math.Min(maxThreads, Environment.ProcessorCount);
        _workstreams = new Workstream[count];
        for (int i = 0; i < count; i++)
            _workstreams[i] = new Workstream(this, i, i, MaxProtocols);
    }

    /// <summary>net.isr.maxthreads.</summary>
    public int MaxThreads { get; }

    /// <summary>net.isr.maxqlimit.</summary>
    public int MaxQueueLimit { get; }

    /// <summary>net.isr.defaultqlimit.</summary>
    public int DefaultQueueLimit { get; }

    /// <summary>net.isr.numthreads: the workstreams running.</summary>
    public int WorkstreamCount => _workstreams.Length;

    internal NetisrProtocol?[] Protocols => _protocols;

    /// <summary><c>netisr_get_cpuid</c>: the CPU for a flow or interface index, spread over the workstreams.</summary>
    public int GetCpuId(int index) => _workstreams[(int)((uint)index % (uint)_workstreams.Length)].Cpu;

    /// <summary><c>netisr_register</c>. A limit above net.isr.maxqlimit is clamped, as FreeBSD does.</summary>
    /// <param name="name">The protocol's name (<c>nh_name</c>).</param>
    /// <param name="handler">What handles its frames and drained queues.</param>
    /// <param name="queueLimit">Its queue limit (<c>nh_qlimit</c>).</param>
    /// <param name="id">Its fixed number (<c>nh_proto</c>, such as <c>NETISR_EPAIR</c>), or null for the lowest free one.</param>
    public NetisrProtocol Register(string name, INetisrHandler handler, int queueLimit, int? id = null)
    {
        lock (_protocols)
        {
            if (id is { } fixedId)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(fixedId);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fixedId, MaxProtocols);
                if (_protocols[fixedId] is not null)
                    throw new ErrnoException(Errno.EEXIST, $"netisr_register: {name}");
            }
            else
            {
                id = Array.FindIndex(_protocols, p => p is null);
                if (id < 0)
                    throw new ErrnoException(Errno.ENOSPC, $"netisr_register: {name}");
            }
            if (Array.Exists(_protocols, p => p?.Name == name))
                throw new ErrnoException(Errno.EEXIST, $"netisr_register: {name}");
            var protocol = new NetisrProtocol(id.Value, name, handler, Math.Clamp(queueLimit, 1, MaxQueueLimit));
            foreach (var ws in _workstreams)
                ws.AddProtocol(protocol, MaxQueueLimit);
            Volatile.Write(ref _protocols[id.Value], protocol);
            return protocol;
        }
    }

    /// <summary>
    /// <c>netisr_unregister</c>: frees whatever is still queued for the protocol and gives back its
    /// slot and name, so it can register again (<c>kldunload</c> then <c>kldload</c>).
    /// </summary>
    public void Unregister(NetisrProtocol protocol)
    {
        lock (_protocols)
        {
            // A second unregister must not purge or free a slot another protocol has taken since.
            if (!protocol.IsRegistered || _protocols[protocol.Id] != protocol)
                return;
            protocol.IsRegistered = false;
            foreach (var ws in _workstreams)
                ws.Purge(protocol);
            Volatile.Write(ref _protocols[protocol.Id], null);
        }
    }

    /// <summary><c>netisr_getqlimit</c>.</summary>
    public static int GetQueueLimit(NetisrProtocol protocol) => protocol.QueueLimit;

    /// <summary><c>netisr_setqlimit</c>: EINVAL below 1 or above net.isr.maxqlimit.</summary>
    public Errno SetQueueLimit(NetisrProtocol protocol, int limit)
    {
        if (limit < 1 || limit > MaxQueueLimit)
            return Errno.EINVAL;
        protocol.QueueLimit = limit;
        foreach (var ws in _workstreams)
            ws.SetQueueLimit(protocol, limit);
        return Errno.None;
    }

    /// <summary>
    /// <c>netisr_queue</c>: queues <paramref name="frame"/> to the workstream its handler's
    /// <c>m2cpuid</c> picks. On ENOBUFS the frame has been freed and the drop counted.
    /// </summary>
    public Errno Queue(NetisrProtocol protocol, Frame frame)
    {
        int cpu = protocol.Handler.MapToCpu(frame);
        return WorkstreamFor(cpu).Enqueue(protocol, frame);
    }

    /// <summary>
    /// Like <see cref="Queue"/>, but a refused frame stays the caller's and no drop is counted:
    /// for a start routine that puts it back on its send queue and waits for the queue to drain.
    /// </summary>
    public Errno TryQueue(NetisrProtocol protocol, Frame frame)
    {
        int cpu = protocol.Handler.MapToCpu(frame);
        return WorkstreamFor(cpu).Enqueue(protocol, frame, keepOnFailure: true);
    }

    /// <summary><c>netisr_dispatch</c> in direct mode: the handler runs now, in this thread.</summary>
    public void Dispatch(NetisrProtocol protocol, Frame frame)
    {
        WorkstreamFor(Thread.GetCurrentProcessorId()).CountDispatched(protocol);
        Invoke(protocol, frame);
    }

    /// <summary>Has the workstream of <paramref name="cpu"/> run the drained callbacks soon.</summary>
    public void RequestDrainedCallbacks(int cpu) => WorkstreamFor(cpu).RequestDrainedCallbacks();

    /// <summary>
    /// When called on a workstream thread, handles what waits in that workstream and returns true;
    /// elsewhere returns false. Lets a handler wait for frames queued behind itself.
    /// </summary>
    public bool TryPumpCurrentWorkstream()
    {
        foreach (var ws in _workstreams)
        {
            if (ws.IsCurrentThread)
            {
                ws.Pump();
                return true;
            }
        }
        return false;
    }

    /// <summary>True when no workstream holds or handles a frame.</summary>
    public bool IsIdle => Array.TrueForAll(_workstreams, ws => ws.IsIdle);

    /// <summary>Frames of <paramref name="protocol"/> freed from queues without being handled.</summary>
    public long PurgedCount(NetisrProtocol protocol)
    {
        long sum = 0;
        foreach (var ws in _workstreams)
            sum += ws.PurgedCount(protocol);
        return sum;
    }

    /// <summary>What <c>netstat -Q</c> prints.</summary>
    public NetisrStatistics Snapshot(string dispatchPolicy)
    {
        var protocols = new List<NetisrProtocolInfo>();
        var work = new List<NetisrWorkStatistics>();
        foreach (var p in _protocols)
        {
            if (p is null || !p.IsRegistered)
                continue;
            // No protocol here sets a dispatch policy of its own (nh_dispatch), so each follows
            // net.isr.dispatch: netstat -Q shows "default" for it, as for epair on FreeBSD.
            protocols.Add(new NetisrProtocolInfo(p.Name, p.Id, p.QueueLimit, "cpu", "default", true));
        }
        foreach (var ws in _workstreams)
        {
            foreach (var p in _protocols)
            {
                if (p is not null && p.IsRegistered)
                    work.Add(ws.Snapshot(p));
            }
        }
        return new NetisrStatistics(MaxThreads, _workstreams.Length, DefaultQueueLimit, MaxQueueLimit, dispatchPolicy, protocols, work);
    }

    internal void Invoke(NetisrProtocol protocol, Frame frame)
    {
        try
        {
            protocol.Handler.Handle(frame);
        }
        catch (Exception ex)
        {
            // A handler that throws must not take the workstream thread down with it.
            _onHandlerFault?.Invoke(protocol, ex);
        }
    }

    private Workstream WorkstreamFor(int cpu)
    {
        var workstreams = _workstreams;
        // CPU ids are workstream ids in all but odd cases, so skip the division when they are.
        return (uint)cpu < (uint)workstreams.Length ? workstreams[cpu] : workstreams[(int)((uint)cpu % (uint)workstreams.Length)];
    }

    /// <summary>Stops every workstream thread and frees every frame still queued.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        foreach (var ws in _workstreams)
            ws.Dispose();
    }
}

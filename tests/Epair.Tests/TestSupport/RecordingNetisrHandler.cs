using System.Collections.Concurrent;
using Epair.Dispatch;
using Epair.Frames;

namespace Epair.Tests.TestSupport;

/// <summary>
/// A netisr protocol handler for tests: maps a frame to the CPU in its <see cref="Frame.FlowId"/>,
/// frees what it handles, and records handled frames, threads and drained callbacks. It can be
/// made to stop inside the handler (<see cref="Gate"/>) or to throw.
/// </summary>
internal sealed class RecordingNetisrHandler : INetisrHandler
{
    private int _handled;
    private int _drained;

    /// <summary>Set when the handler has been entered at least once.</summary>
    public ManualResetEventSlim Entered { get; } = new();

    /// <summary>When not null, the handler waits for it before handling each frame.</summary>
    public ManualResetEventSlim? Gate { get; set; }

    /// <summary>When set, the handler frees the frame and then throws for frames with this sequence number.</summary>
    public int? ThrowOnSequence { get; set; }

    /// <summary>Runs inside the handler after the frame is freed.</summary>
    public Action? AfterHandle { get; set; }

    public int Handled => Volatile.Read(ref _handled);

    public int DrainedCalls => Volatile.Read(ref _drained);

    public ConcurrentQueue<int> Sequences { get; } = new();

    public ConcurrentQueue<int> DrainedCpus { get; } = new();

    public ConcurrentDictionary<Thread, bool> Threads { get; } = new();

    public void Handle(Frame frame)
    {
        Threads.TryAdd(Thread.CurrentThread, true);
        Entered.Set();
        if (Gate is { } gate)
            Poll.Wait(gate, "the test to open the handler's gate");
        int sequence = frame.Length >= 18 ? TestFrames.SequenceOf(frame) : -1;
        Sequences.Enqueue(sequence);
        frame.Free();
        Interlocked.Increment(ref _handled);
        AfterHandle?.Invoke();
        if (sequence == ThrowOnSequence)
            throw new InvalidOperationException($"handler fault on frame {sequence}");
    }

    public int MapToCpu(Frame frame) => (int)frame.FlowId;

    public void DrainedCpu(int cpu)
    {
        DrainedCpus.Enqueue(cpu);
        Interlocked.Increment(ref _drained);
    }
}

using Epair.Frames;

namespace Epair.Interfaces;

// Attach, in-flight references and destruction: what keeps invariant 2 (after destroy returns,
// no handler runs for the interface and no frame refers to it).
public abstract partial class NetInterface
{
    // The interfaces whose frames this thread is delivering right now, innermost last, so that
    // a destroy called from inside a handler does not wait for the very frame it runs in.
    [ThreadStatic]
    private static NetInterface?[]? t_delivering;
    [ThreadStatic]
    private static int t_deliveringDepth;

    /// <summary>The cloner that made the interface, if any.</summary>
    public InterfaceCloner? Cloner { get; internal set; }

    /// <summary>Frames on their way to this interface (queued or being handled).</summary>
    internal long InFlight => _counters.Read(InFlightSlot);

    /// <summary>Takes a reference for a frame about to be handed over, so the interface cannot go while it is in transit.</summary>
    /// <remarks>
    /// No fence: <see cref="WaitForInFlight"/> runs a process-wide barrier instead, once per
    /// destroy rather than once per frame (the asymmetric Dekker of membarrier(2) and RCU).
    /// </remarks>
    internal void AcquireInFlight() => _counters.AddPublished(InFlightSlot, 1);

    /// <summary>Drops a reference taken with <see cref="AcquireInFlight"/>.</summary>
    internal void ReleaseInFlight() => _counters.AddPublished(InFlightSlot, -1);

    /// <summary>Runs <see cref="Input"/> for a frame that holds an in-flight reference, then drops the reference.</summary>
    internal void DeliverInFlight(Frame frame)
    {
        var stack = t_delivering ??= new NetInterface?[8];
        int depth = t_deliveringDepth;
        if (depth == stack.Length)
        {
            Array.Resize(ref stack, depth * 2);
            t_delivering = stack;
        }
        stack[depth] = this;
        t_deliveringDepth = depth + 1;
        try
        {
            Input(frame);
        }
        finally
        {
            stack[depth] = null;
            t_deliveringDepth = depth;
            ReleaseInFlight();
        }
    }

    /// <summary>
    /// Marks the interface dying (<c>IFF_DYING</c>); false if someone else already began destroying
    /// it. Callers hold the kernel's interface lock, which orders this against moves.
    /// </summary>
    internal bool TryBeginDestroy()
    {
        int seen = Volatile.Read(ref _flags);
        while (true)
        {
            if ((seen & (int)InterfaceFlags.Dying) != 0)
                return false;
            int previous = Interlocked.CompareExchange(ref _flags, seen | (int)InterfaceFlags.Dying, seen);
            if (previous == seen)
                return true;
            seen = previous;
        }
    }

    /// <summary>
    /// Waits until no frame is in flight to this interface, except frames this thread itself is
    /// delivering further up its stack. On a netisr thread the waiting pumps that thread's queue,
    /// since the frames waited for may be queued behind the caller.
    /// </summary>
    internal void WaitForInFlight()
    {
        var netisr = Vnet.Kernel.Netisr;
        // The caller has already made the interface refuse new frames (RUNNING or UP cleared, or
        // unhooked from its parent). A sender takes its in-flight reference without a fence and
        // then checks that state; this barrier makes each such reference visible here unless
        // that sender's check comes after the barrier and so sees the refusal.
        Interlocked.MemoryBarrierProcessWide();
        var spin = new SpinWait();
        while (InFlight > HeldByCurrentThread())
        {
            if (netisr.TryPumpCurrentWorkstream())
                continue;
            spin.SpinOnce(sleep1Threshold: 30);
        }
    }

    private int HeldByCurrentThread()
    {
        var stack = t_delivering;
        int held = 0;
        for (int i = 0; i < t_deliveringDepth; i++)
        {
            if (ReferenceEquals(stack![i], this))
                held++;
        }
        return held;
    }
}

using Epair.Concurrency;
using Epair.Frames;

namespace Epair.Dispatch;

/// <summary>
/// One protocol's queue on one workstream (the mbuf queue of <c>nws_work[proto]</c>): a lane for
/// the thread that queues first (its owner), plus a shared ring for every other thread.
/// </summary>
/// <remarks>
/// <para>The owner queues into its lane with plain stores
/// (<see cref="BoundedRing{T}.TryEnqueueExclusive"/>); everyone else pays the shared ring's
/// compare-and-swap, whose fence would otherwise cost the sender a cross-core round trip per
/// frame. A thread's <see cref="ThreadSlot"/> names it; a slot passes to a new thread only
/// once its old thread has ended, so the lane never has two writers.</para>
/// <para>Order, as FreeBSD's single queue gives it, rests on two rules. The owner keeps using
/// its lane while the lane holds any of its frames, and moves to the shared ring only when the
/// lane is empty and the shared ring is not (then the shared ring may hold frames restarted
/// from its if_snd, which must go first); it comes back only once the shared ring is empty. So
/// the owner's frames waiting at any moment are all in one ring. And a restart from if_snd
/// (<c>restart</c> in <see cref="TryEnqueue"/>) is refused while the lane holds
/// frames: the driver keeps the frame in if_snd and restarts again once the worker has
/// drained the queue, so a restarted frame never overtakes frames its sender queued before it.</para>
/// <para>The limit (<c>qlimit</c>) applies to each of the two rings: exactly FreeBSD's with one
/// sending thread, at most twice it with several.</para>
/// <para>Lane frames are published without a fence, so a worker about to sleep runs
/// <see cref="Interlocked.MemoryBarrierProcessWide"/> before its last look (Workstream.Park).</para>
/// </remarks>
internal sealed class NetisrQueue(int capacity, int limit)
{
    private readonly BoundedRing<Frame> _lane = new(capacity) { Limit = limit };
    private readonly BoundedRing<Frame> _shared = new(capacity) { Limit = limit };
    private int _owner;

    public int Limit
    {
        set
        {
            _lane.Limit = value;
            _shared.Limit = value;
        }
    }

    /// <summary>Frames queued now.</summary>
    public int Count => _lane.Count + _shared.Count;

    /// <summary>Frames queued since creation.</summary>
    public long EnqueuedTotal => _lane.EnqueuedTotal + _shared.EnqueuedTotal;

    /// <summary>See <see cref="BoundedRing{T}.HasPublishedItem"/>.</summary>
    public bool HasPublishedItem => _lane.HasPublishedItem || _shared.HasPublishedItem;

    /// <summary>Queues <paramref name="frame"/>; false when the ring it belongs in is full, or (for a restart) the lane is busy.</summary>
    public bool TryEnqueue(Frame frame, bool restart)
    {
        if (restart)
            return _lane.Count == 0 && _shared.TryEnqueue(frame);
        int slot = ThreadSlot.Current;
        if (slot != 0 && IsOwner(slot))
        {
            if (_lane.Count > 0 || _shared.Count == 0)
                return _lane.TryEnqueueExclusive(frame);
        }
        return _shared.TryEnqueue(frame);
    }

    private bool IsOwner(int slot)
    {
        int owner = Volatile.Read(ref _owner);
        if (owner == 0)
            owner = Interlocked.CompareExchange(ref _owner, slot, 0) is var seen && seen == 0 ? slot : seen;
        return owner == slot;
    }

    /// <summary>Takes up to <paramref name="destination"/>.Length frames, the lane's first. Consumer only.</summary>
    public int DequeueBatch(Span<Frame?> destination)
    {
        int n = _lane.DequeueBatch(destination);
        if (n < destination.Length)
            n += _shared.DequeueBatch(destination[n..]);
        return n;
    }

    /// <summary>Takes one frame (purging on unregister and shutdown).</summary>
    public bool TryDequeue([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Frame? frame) =>
        _lane.TryDequeue(out frame) || _shared.TryDequeue(out frame);
}

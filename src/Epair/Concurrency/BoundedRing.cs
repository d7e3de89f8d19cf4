using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Epair.Concurrency;

/// <summary>
/// A bounded multi-producer multi-consumer ring (Dmitry Vyukov's sequence-numbered array queue).
/// One compare-and-swap per operation, no allocation after construction, and an exact
/// occupancy limit that may be lowered below the physical capacity at run time (netisr's
/// <c>qlimit</c>), so a full queue is detected without a separate length counter.
/// </summary>
internal sealed class BoundedRing<T> where T : class
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Slot
    {
        public long Sequence;
        public T? Item;
    }

    private readonly Slot[] _slots;
    private readonly long _mask;
    private PaddedLong _enqueuePosition;
    private PaddedLong _dequeuePosition;
    // The producers' last look at the dequeue position. It only ever lags the real one, so a
    // limit check against it is conservative; refreshing it only when the check fails keeps
    // producers off the consumer's cache line.
    private PaddedLong _cachedDequeuePosition;
    private int _limit;

    /// <summary>Creates a ring that can hold <paramref name="capacity"/> items (rounded up to a power of two).</summary>
    public BoundedRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 2));
        _slots = new Slot[size];
        for (int i = 0; i < size; i++)
            _slots[i].Sequence = i;
        _mask = size - 1;
        _limit = size;
    }

    /// <summary>The physical number of slots.</summary>
    public int Capacity => _slots.Length;

    /// <summary>How many items the ring accepts at once; at most <see cref="Capacity"/>.</summary>
    public int Limit
    {
        get => Volatile.Read(ref _limit);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, _slots.Length);
            Volatile.Write(ref _limit, value);
        }
    }

    /// <summary>Items enqueued since creation (netisr's <c>queued</c>).</summary>
    public long EnqueuedTotal => Volatile.Read(ref _enqueuePosition.Value);

    /// <summary>Items dequeued since creation (netisr's <c>handled</c>).</summary>
    public long DequeuedTotal => Volatile.Read(ref _dequeuePosition.Value);

    /// <summary>Items in the ring now; exact when no operation is in progress.</summary>
    public int Count
    {
        get
        {
            // Read the consumer side first so a racing enqueue can only make the answer larger.
            long head = Volatile.Read(ref _dequeuePosition.Value);
            long tail = Volatile.Read(ref _enqueuePosition.Value);
            return (int)Math.Max(0, tail - head);
        }
    }

    /// <summary>
    /// True when the oldest slot holds a published item: what a polling consumer asks. It reads
    /// the consumer's own position and a slot line the producer writes anyway, where
    /// <see cref="Count"/> reads the producers' position, which every enqueue must then fetch
    /// back from the polling core. A claimed slot not yet published reads as empty, so a consumer
    /// deciding to sleep must look at <see cref="Count"/> instead.
    /// </summary>
    public bool HasPublishedItem
    {
        get
        {
            long pos = Volatile.Read(ref _dequeuePosition.Value);
            return Volatile.Read(ref _slots[pos & _mask].Sequence) == pos + 1;
        }
    }

    /// <summary>Adds <paramref name="item"/>; false when <see cref="Limit"/> items are already queued.</summary>
    public bool TryEnqueue(T item)
    {
        var slots = _slots;
        long pos = Volatile.Read(ref _enqueuePosition.Value);
        while (true)
        {
            // The limit is checked against a dequeue position that can only be older than the
            // real one, so the occupancy after a successful claim never exceeds the limit.
            int limit = Volatile.Read(ref _limit);
            long head = Volatile.Read(ref _cachedDequeuePosition.Value);
            if (pos - head >= limit)
            {
                head = Volatile.Read(ref _dequeuePosition.Value);
                Volatile.Write(ref _cachedDequeuePosition.Value, head);
                if (pos - head >= limit)
                    return false;
            }

            ref Slot slot = ref slots[pos & _mask];
            long seq = Volatile.Read(ref slot.Sequence);
            long diff = seq - pos;
            if (diff == 0)
            {
                long seen = Interlocked.CompareExchange(ref _enqueuePosition.Value, pos + 1, pos);
                if (seen == pos)
                {
                    slot.Item = item;
                    // Publishing the sequence is the release that makes Item visible to the consumer.
                    Volatile.Write(ref slot.Sequence, pos + 1);
                    return true;
                }
                pos = seen;
            }
            else if (diff < 0)
            {
                // The slot still holds an item a lap behind: physically full.
                return false;
            }
            else
            {
                pos = Volatile.Read(ref _enqueuePosition.Value);
            }
        }
    }

    /// <summary>
    /// <see cref="TryEnqueue"/> for a thread that is, for now, the ring's only producer: the
    /// caller guarantees that no other thread enqueues until this call has returned and its
    /// caller has synchronised with whoever enqueues next (see <c>NetisrQueue</c>). The position
    /// is simply advanced, with no locked instruction. That matters more than the instruction
    /// itself: a fence makes the producer wait for all its pending stores, and an item just taken
    /// from a pool was last written on the consumer's core, so each fence would cost a cross-core
    /// round trip per item.
    /// </summary>
    public bool TryEnqueueExclusive(T item)
    {
        long pos = Volatile.Read(ref _enqueuePosition.Value);
        int limit = Volatile.Read(ref _limit);
        if (pos - Volatile.Read(ref _cachedDequeuePosition.Value) >= limit)
        {
            long head = Volatile.Read(ref _dequeuePosition.Value);
            Volatile.Write(ref _cachedDequeuePosition.Value, head);
            if (pos - head >= limit)
                return false;
        }
        ref Slot slot = ref _slots[pos & _mask];
        if (Volatile.Read(ref slot.Sequence) != pos)
            return false; // the consumer has claimed the slot a lap behind but not emptied it yet
        slot.Item = item;
        // The release that publishes Item to the consumer, then the position for Count.
        Volatile.Write(ref slot.Sequence, pos + 1);
        Volatile.Write(ref _enqueuePosition.Value, pos + 1);
        return true;
    }

    /// <summary>Removes the oldest item, or returns false when the ring is empty.</summary>
    public bool TryDequeue([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? item)
    {
        var slots = _slots;
        long pos = Volatile.Read(ref _dequeuePosition.Value);
        while (true)
        {
            ref Slot slot = ref slots[pos & _mask];
            long seq = Volatile.Read(ref slot.Sequence);
            long diff = seq - (pos + 1);
            if (diff == 0)
            {
                long seen = Interlocked.CompareExchange(ref _dequeuePosition.Value, pos + 1, pos);
                if (seen == pos)
                {
                    item = slot.Item!;
                    slot.Item = null;
                    // Hand the slot to the producer one lap ahead.
                    Volatile.Write(ref slot.Sequence, pos + _mask + 1);
                    return true;
                }
                pos = seen;
            }
            else if (diff < 0)
            {
                item = null;
                return false;
            }
            else
            {
                pos = Volatile.Read(ref _dequeuePosition.Value);
            }
        }
    }

    /// <summary>
    /// Dequeues up to <paramref name="destination"/>.Length items with a single compare-and-swap:
    /// the run of published slots is claimed at once, then emptied. Returns how many.
    /// </summary>
    public int DequeueBatch(Span<T?> destination)
    {
        var slots = _slots;
        while (true)
        {
            long pos = Volatile.Read(ref _dequeuePosition.Value);
            int n = 0;
            long diff = 0;
            while (n < destination.Length)
            {
                diff = Volatile.Read(ref slots[(pos + n) & _mask].Sequence) - (pos + n + 1);
                if (diff != 0)
                    break;
                n++;
            }
            if (n == 0)
            {
                if (diff < 0)
                    return 0; // empty
                continue;     // another consumer moved on; look again
            }
            if (Interlocked.CompareExchange(ref _dequeuePosition.Value, pos + n, pos) != pos)
                continue;
            for (int i = 0; i < n; i++)
            {
                ref Slot slot = ref slots[(pos + i) & _mask];
                destination[i] = slot.Item;
                slot.Item = null;
                // Hand the slot to the producer one lap ahead.
                Volatile.Write(ref slot.Sequence, pos + i + _mask + 1);
            }
            return n;
        }
    }
}

/// <summary>A long alone on its cache line, so producers and consumers do not false-share.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)]
    public long Value;
}

using System.Runtime.CompilerServices;

namespace Epair.Concurrency;

/// <summary>
/// A small fixed set of 64-bit counters, striped like FreeBSD's counter(9): every thread adds
/// to a stripe only it writes (see <see cref="ThreadSlot"/>), so an add is a plain add on a
/// cache line no other core wants, and a read sums the stripes. Threads without a slot of their
/// own share one stripe with atomic adds. Sums are exact once writers are quiet.
/// </summary>
internal sealed class StripedCounters
{
    // 16 longs = 128 bytes per stripe: two cache lines, so adjacent-line prefetching does not
    // pull a neighbour's stripe.
    private const int StripeWidth = 16;

    private readonly long[] _cells = new long[(ThreadSlot.Count + 1) * StripeWidth];

    /// <summary>Creates <paramref name="count"/> counters (at most 16).</summary>
    public StripedCounters(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, StripeWidth);
        Count = count;
    }

    /// <summary>How many counters there are.</summary>
    public int Count { get; }

    /// <summary>Adds <paramref name="value"/> to counter <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int index, long value)
    {
        int slot = ThreadSlot.Current;
        if (slot != 0)
            _cells[slot * StripeWidth + index] += value; // this thread is the stripe's only writer
        else
            Interlocked.Add(ref _cells[index], value);
    }

    /// <summary>
    /// Adds to this thread's own stripe with a release write and no fence, for a counter used as
    /// one side of a handshake (an in-flight reference, then a read of whether the interface
    /// still runs). The other side, rare, pays for both: it changes its state, then runs
    /// <see cref="Interlocked.MemoryBarrierProcessWide"/> before it reads the sum, which makes
    /// every add that came before another thread's read of that state visible to it. A locked
    /// add here would instead stall each frame until the frame's own pending stores drained.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddPublished(int index, long value)
    {
        int slot = ThreadSlot.Current;
        if (slot != 0)
        {
            ref long cell = ref _cells[slot * StripeWidth + index];
            // Volatile: the compiler must keep the write before the caller's next volatile read.
            Volatile.Write(ref cell, cell + value);
        }
        else
        {
            Interlocked.Add(ref _cells[index], value);
        }
    }

    /// <summary>Adds one to counter <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment(int index) => Add(index, 1);

    /// <summary>The sum of counter <paramref name="index"/> over every stripe.</summary>
    public long Read(int index)
    {
        long sum = 0;
        for (int s = 0; s <= ThreadSlot.Count; s++)
            sum += Volatile.Read(ref _cells[s * StripeWidth + index]);
        return sum;
    }

    /// <summary>Sets every counter to zero (only while no one adds).</summary>
    public void Reset() => Array.Clear(_cells);
}

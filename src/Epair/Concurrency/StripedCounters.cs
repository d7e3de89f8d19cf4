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
    /// Adds with a full fence, for counters used as a handshake (an in-flight reference that a
    /// destroyer must see before it reads whether the interface still runs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddAtomic(int index, long value) =>
        Interlocked.Add(ref _cells[ThreadSlot.Current * StripeWidth + index], value);

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

using System.Numerics;

namespace Epair.Concurrency;

/// <summary>
/// A small fixed set of 64-bit counters, striped by processor like FreeBSD's counter(9):
/// each processor adds to its own cache lines, and a read sums the stripes. Adds are atomic
/// (a thread can migrate between reading its processor id and adding), so sums are exact
/// once writers are quiet.
/// </summary>
internal sealed class StripedCounters
{
    // 16 longs = 128 bytes per stripe: two cache lines, so adjacent-line prefetching does not
    // pull a neighbour's stripe.
    private const int StripeWidth = 16;
    private static readonly int s_stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount);

    private readonly long[] _cells;

    /// <summary>Creates <paramref name="count"/> counters (at most 16).</summary>
    public StripedCounters(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, StripeWidth);
        Count = count;
        _cells = new long[(s_stripes + 1) * StripeWidth];
    }

    /// <summary>How many counters there are.</summary>
    public int Count { get; }

    /// <summary>Adds <paramref name="value"/> to counter <paramref name="index"/>.</summary>
    public void Add(int index, long value)
    {
        // Stripe 0 is left empty as padding against whatever object precedes the array.
        int stripe = (Thread.GetCurrentProcessorId() & (s_stripes - 1)) + 1;
        Interlocked.Add(ref _cells[stripe * StripeWidth + index], value);
    }

    /// <summary>Adds one to counter <paramref name="index"/>.</summary>
    public void Increment(int index) => Add(index, 1);

    /// <summary>The sum of counter <paramref name="index"/> over every stripe.</summary>
    public long Read(int index)
    {
        long sum = 0;
        for (int s = 1; s <= s_stripes; s++)
            sum += Volatile.Read(ref _cells[s * StripeWidth + index]);
        return sum;
    }

    /// <summary>Sets every counter to zero (only while no one adds).</summary>
    public void Reset() => Array.Clear(_cells);
}

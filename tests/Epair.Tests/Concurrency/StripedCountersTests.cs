using CsCheck;
using Epair.Concurrency;

namespace Epair.Tests.Concurrency;

public sealed class StripedCountersTests
{
    [Fact]
    public void Counters_start_at_zero()
    {
        var counters = new StripedCounters(13);

        Assert.Equal(13, counters.Count);
        for (int i = 0; i < counters.Count; i++)
            Assert.Equal(0, counters.Read(i));
    }

    [Fact]
    public void More_than_sixteen_counters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StripedCounters(17));
        Assert.Equal(16, new StripedCounters(16).Count);
    }

    [Fact]
    public void Adds_go_to_their_own_counter_only()
    {
        var counters = new StripedCounters(4);

        counters.Add(0, 10);
        counters.Increment(1);
        counters.Increment(1);
        counters.Add(3, -5);

        Assert.Equal(10, counters.Read(0));
        Assert.Equal(2, counters.Read(1));
        Assert.Equal(0, counters.Read(2));
        Assert.Equal(-5, counters.Read(3));
    }

    [Fact]
    public void Reset_zeroes_every_counter()
    {
        var counters = new StripedCounters(3);
        counters.Add(0, 1);
        counters.Add(2, long.MaxValue);

        counters.Reset();

        Assert.Equal(0, counters.Read(0));
        Assert.Equal(0, counters.Read(2));
    }

    [Fact]
    public void The_sum_is_exact_for_any_adds()
    {
        Gen.Select(Gen.Int[0, 15], Gen.Int[-1000, 1000]).Array[0, 100].Sample(adds =>
        {
            var counters = new StripedCounters(16);
            var expected = new long[16];
            foreach (var (index, value) in adds)
            {
                counters.Add(index, value);
                expected[index] += value;
            }
            for (int i = 0; i < 16; i++)
                Assert.Equal(expected[i], counters.Read(i));
        });
    }

    [Fact]
    public async Task Concurrent_adds_from_many_threads_sum_exactly()
    {
        var counters = new StripedCounters(2);
        const int Threads = 8, PerThread = 50_000;

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                counters.Increment(0);
                counters.Add(1, 3);
                // Yielding moves threads between processors, so several stripes take part.
                if (i % 1000 == 0)
                    Thread.Yield();
            }
        })));

        Assert.Equal(Threads * PerThread, counters.Read(0));
        Assert.Equal(3L * Threads * PerThread, counters.Read(1));
    }
}

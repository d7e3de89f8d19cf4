using CsCheck;
using Epair.Concurrency;
using Epair.Tests.TestSupport;

namespace Epair.Tests.Concurrency;

public sealed class BoundedRingTests
{
    private sealed class Item(int value)
    {
        public int Value { get; } = value;
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(64, 64)]
    [InlineData(100, 128)]
    public void Capacity_rounds_up_to_a_power_of_two_and_is_the_first_limit(int asked, int capacity)
    {
        var ring = new BoundedRing<Item>(asked);

        Assert.Equal(capacity, ring.Capacity);
        Assert.Equal(capacity, ring.Limit);
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void Capacity_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedRing<Item>(0));
    }

    [Fact]
    public void Items_come_out_in_the_order_they_went_in()
    {
        var ring = new BoundedRing<Item>(8);
        for (int i = 0; i < 5; i++)
            Assert.True(ring.TryEnqueue(new Item(i)));

        for (int i = 0; i < 5; i++)
        {
            Assert.True(ring.TryDequeue(out var item));
            Assert.Equal(i, item.Value);
        }
        Assert.False(ring.TryDequeue(out var none));
        Assert.Null(none);
    }

    [Fact]
    public void Enqueue_grows_the_count_and_refuses_at_capacity()
    {
        var ring = new BoundedRing<Item>(4);
        for (int i = 1; i <= 4; i++)
        {
            Assert.True(ring.TryEnqueue(new Item(i)));
            Assert.Equal(i, ring.Count);
        }

        Assert.False(ring.TryEnqueue(new Item(5)));
        Assert.Equal(4, ring.Count);
        Assert.Equal(4, ring.Count);
        Assert.Equal(4, ring.EnqueuedTotal);
    }

    [Fact]
    public void A_lowered_limit_refuses_early_and_a_raised_one_accepts_again()
    {
        var ring = new BoundedRing<Item>(16) { Limit = 2 };
        Assert.True(ring.TryEnqueue(new Item(1)));
        Assert.True(ring.TryEnqueue(new Item(2)));
        Assert.False(ring.TryEnqueue(new Item(3)));
        Assert.Equal(2, ring.Count);

        ring.Limit = 3;

        Assert.True(ring.TryEnqueue(new Item(3)));
        Assert.Equal(3, ring.Count);
    }

    [Fact]
    public void A_limit_lowered_below_the_count_refuses_until_drained_below_it()
    {
        var ring = new BoundedRing<Item>(8);
        for (int i = 0; i < 6; i++)
            ring.TryEnqueue(new Item(i));

        ring.Limit = 2;
        Assert.False(ring.TryEnqueue(new Item(99)));
        for (int i = 0; i < 4; i++)
            ring.TryDequeue(out _);
        Assert.False(ring.TryEnqueue(new Item(99)));
        ring.TryDequeue(out _);

        Assert.True(ring.TryEnqueue(new Item(100)));
        Assert.Equal(2, ring.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Limits_outside_one_to_capacity_are_refused(int limit)
    {
        var ring = new BoundedRing<Item>(8);

        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Limit = limit);
        Assert.Equal(8, ring.Limit);
    }

    [Fact]
    public void Totals_count_every_operation_across_laps()
    {
        var ring = new BoundedRing<Item>(4);
        Assert.True(ring.TryEnqueue(new Item(-1)));
        Assert.True(ring.TryEnqueue(new Item(-2)));
        for (int i = 0; i < 10; i++)
        {
            Assert.True(ring.TryEnqueue(new Item(i)));
            Assert.Equal(3, ring.Count);
            Assert.True(ring.TryDequeue(out _));
        }

        Assert.Equal(12, ring.EnqueuedTotal);
        Assert.Equal(10, ring.DequeuedTotal);
        Assert.Equal(2, ring.Count);
    }

    [Fact]
    public void DequeueBatch_takes_up_to_the_span_length_in_order()
    {
        var ring = new BoundedRing<Item>(16);
        for (int i = 0; i < 5; i++)
            ring.TryEnqueue(new Item(i));
        var batch = new Item?[3];

        Assert.Equal(3, ring.DequeueBatch(batch));
        Assert.Equal([0, 1, 2], batch.Select(i => i!.Value));
        Assert.Equal(2, ring.DequeueBatch(batch));
        Assert.Equal([3, 4], batch.Take(2).Select(i => i!.Value));
        Assert.Equal(0, ring.DequeueBatch(batch));
    }

    [Fact]
    public void Behaves_like_a_bounded_fifo_for_any_sequence_of_operations()
    {
        // Each op: 0 = enqueue, 1 = dequeue, 2 = change the limit to (arg % capacity) + 1.
        var ops = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 100]).Array[0, 300];
        ops.Sample(sequence =>
        {
            var ring = new BoundedRing<Item>(8);
            var model = new Queue<int>();
            int limit = 8, next = 0;
            long enqueued = 0, dequeued = 0;
            foreach (var (op, arg) in sequence)
            {
                switch (op)
                {
                    case 0:
                        bool accepted = ring.TryEnqueue(new Item(next));
                        Assert.Equal(model.Count < limit, accepted);
                        if (accepted)
                        {
                            model.Enqueue(next);
                            enqueued++;
                            Assert.Equal(model.Count, ring.Count);
                        }
                        next++;
                        break;
                    case 1:
                        bool got = ring.TryDequeue(out var item);
                        Assert.Equal(model.Count > 0, got);
                        if (got)
                        {
                            Assert.Equal(model.Dequeue(), item!.Value);
                            dequeued++;
                        }
                        break;
                    default:
                        limit = arg % ring.Capacity + 1;
                        ring.Limit = limit;
                        break;
                }
                Assert.Equal(model.Count, ring.Count);
                Assert.Equal(enqueued, ring.EnqueuedTotal);
                Assert.Equal(dequeued, ring.DequeuedTotal);
            }
        });
    }

    [Fact]
    public async Task Many_producers_and_consumers_lose_and_duplicate_nothing()
    {
        var ring = new BoundedRing<Item>(64);
        const int Producers = 2, Consumers = 2, PerProducer = 20_000;
        var seen = new int[Producers * PerProducer];
        int consumed = 0;

        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
        {
            for (int i = 0; i < PerProducer; i++)
            {
                var item = new Item(p * PerProducer + i);
                var spin = new SpinWait();
                while (!ring.TryEnqueue(item))
                    spin.SpinOnce();
            }
        })).ToArray();
        var consumers = Enumerable.Range(0, Consumers).Select(_ => Task.Run(() =>
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref consumed) < seen.Length)
            {
                if (ring.TryDequeue(out var item))
                {
                    Interlocked.Increment(ref seen[item.Value]);
                    Interlocked.Increment(ref consumed);
                }
                else
                {
                    spin.SpinOnce();
                }
            }
        })).ToArray();
        await Task.WhenAll(producers);
        await Task.WhenAll(consumers).WaitAsync(Poll.Timeout);

        Assert.All(seen, count => Assert.Equal(1, count));
        Assert.Equal(0, ring.Count);
        Assert.Equal(seen.Length, ring.EnqueuedTotal);
        Assert.Equal(seen.Length, ring.DequeuedTotal);
    }

    [Fact]
    public async Task Concurrent_producers_never_exceed_the_limit()
    {
        var ring = new BoundedRing<Item>(64) { Limit = 5 };
        int accepted = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                if (ring.TryEnqueue(new Item(i)))
                {
                    Interlocked.Increment(ref accepted);
                    Assert.InRange(ring.Count, 1, 5);
                }
            }
        })));

        Assert.Equal(5, accepted);
        Assert.Equal(5, ring.Count);
    }

    [Fact]
    public void HasPublishedItem_follows_the_oldest_slot()
    {
        var ring = new BoundedRing<object>(4);
        Assert.False(ring.HasPublishedItem);
        Assert.True(ring.TryEnqueue("a"));
        Assert.True(ring.TryEnqueue("b"));
        Assert.True(ring.HasPublishedItem);
        Assert.True(ring.TryDequeue(out _));
        Assert.True(ring.HasPublishedItem);
        Assert.True(ring.TryDequeue(out _));
        Assert.False(ring.HasPublishedItem);
        // A lap later the same slots read right again.
        for (int i = 0; i < 4; i++)
        {
            Assert.True(ring.TryEnqueue(i));
            Assert.True(ring.HasPublishedItem);
            Assert.True(ring.TryDequeue(out _));
            Assert.False(ring.HasPublishedItem);
        }
    }
}

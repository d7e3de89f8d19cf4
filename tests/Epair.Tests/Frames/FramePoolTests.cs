using CsCheck;
using Epair.Frames;

namespace Epair.Tests.Frames;

public sealed class FramePoolTests
{
    [Fact]
    public void A_new_pool_has_nothing_outstanding()
    {
        var pool = new FramePool();

        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(FramePool.DefaultFrameCapacity, pool.FrameCapacity);
    }

    [Fact]
    public void Outstanding_counts_frames_rented_and_not_freed()
    {
        var pool = new FramePool();
        var frames = Enumerable.Range(0, 5).Select(_ => pool.Rent(64)).ToList();

        Assert.Equal(5, pool.Outstanding);
        frames[0].Free();
        frames[1].Free();
        Assert.Equal(3, pool.Outstanding);
        foreach (var f in frames.Skip(2))
            f.Free();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Freed_frames_are_rented_again_instead_of_new_ones()
    {
        var pool = new FramePool();
        var first = pool.Rent(64);
        first.Free();

        var second = pool.Rent(128);

        Assert.Same(first, second);
        Assert.Equal(1, pool.Outstanding);
        second.Free();
    }

    [Fact]
    public void Frames_have_the_pool_capacity()
    {
        var pool = new FramePool(frameCapacity: 256);
        var frame = pool.Rent(10);

        Assert.Equal(256, pool.FrameCapacity);
        Assert.Equal(256, frame.Capacity);
        frame.Free();
    }

    [Fact]
    public void Rent_copies_the_bytes_given()
    {
        var pool = new FramePool();
        byte[] bytes = [1, 2, 3, 4, 5];

        var frame = pool.Rent(bytes);
        bytes[0] = 99;

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, frame.Data.ToArray());
        frame.Free();
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FramePool(frameCapacity: 63));
        var pool = new FramePool();
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(-1));
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void The_pool_keeps_at_most_maxFree_frames()
    {
        var pool = new FramePool(maxFree: 3);
        var frames = Enumerable.Range(0, 6).Select(_ => pool.Rent(64)).ToList();
        foreach (var f in frames)
            f.Free();
        Assert.Equal(0, pool.Outstanding);

        var again = Enumerable.Range(0, 6).Select(_ => pool.Rent(64)).ToList();

        // Only three of the six came back from the pool; the rest are new.
        Assert.Equal(3, again.Count(f => frames.Contains(f)));
        Assert.Equal(6, pool.Outstanding);
        foreach (var f in again)
            f.Free();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task Concurrent_rent_and_free_balance()
    {
        var pool = new FramePool(maxFree: 64);
        const int Threads = 4, PerThread = 20_000;

        var workers = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            var held = new Queue<Frame>();
            for (int i = 0; i < PerThread; i++)
            {
                var frame = pool.Rent(i % 1500);
                frame.Data.Fill((byte)t);
                held.Enqueue(frame);
                if (held.Count > 8)
                {
                    var old = held.Dequeue();
                    // Nobody else wrote into a frame we own.
                    Assert.True(old.Data.IndexOfAnyExcept((byte)t) < 0);
                    old.Free();
                }
            }
            while (held.TryDequeue(out var f))
                f.Free();
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Outstanding_follows_any_sequence_of_rents_and_frees()
    {
        // true = rent, false = free the oldest frame held.
        Gen.Bool.Array[0, 200].Sample(ops =>
        {
            var pool = new FramePool(maxFree: 8);
            var held = new Queue<Frame>();
            foreach (bool rent in ops)
            {
                if (rent)
                    held.Enqueue(pool.Rent(64));
                else if (held.TryDequeue(out var f))
                    f.Free();
                Assert.Equal(held.Count, pool.Outstanding);
            }
            while (held.TryDequeue(out var f))
                f.Free();
            Assert.Equal(0, pool.Outstanding);
        });
    }
}

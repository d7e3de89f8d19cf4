using CsCheck;
using Epair.Frames;
using Epair.Interfaces;
using Epair.Tests.TestSupport;

namespace Epair.Tests.Interfaces;

public sealed class SendQueueTests
{
    private readonly FramePool _pool = new();

    [Fact]
    public void Frames_leave_in_the_order_they_arrived()
    {
        var queue = new SendQueue(50);
        for (int i = 0; i < 3; i++)
            Assert.Equal(Errno.None, queue.Enqueue(TestFrames.Numbered(_pool, i)));

        Assert.Equal(3, queue.Length);
        Assert.False(queue.IsEmpty);
        for (int i = 0; i < 3; i++)
        {
            var frame = queue.Dequeue()!;
            Assert.Equal(i, TestFrames.SequenceOf(frame));
            frame.Free();
        }
        Assert.Null(queue.Dequeue());
        Assert.True(queue.IsEmpty);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void A_full_queue_frees_the_frame_counts_a_drop_and_says_ENOBUFS()
    {
        var queue = new SendQueue(2);
        queue.Enqueue(_pool.Rent(64));
        queue.Enqueue(_pool.Rent(64));
        var refused = _pool.Rent(64);

        Assert.Equal(Errno.ENOBUFS, queue.Enqueue(refused));

        Assert.False(refused.IsOwned);
        Assert.Equal(1, queue.Drops);
        Assert.Equal(2, queue.Length);
        Assert.Equal(2, queue.Purge());
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Prepend_puts_a_frame_back_at_the_head_even_past_the_limit()
    {
        var queue = new SendQueue(2);
        queue.Enqueue(TestFrames.Numbered(_pool, 1));
        queue.Enqueue(TestFrames.Numbered(_pool, 2));

        queue.Prepend(TestFrames.Numbered(_pool, 0));

        Assert.Equal(3, queue.Length);
        Assert.Equal(0, queue.Drops);
        var order = new List<int>();
        while (queue.Dequeue() is { } f)
        {
            order.Add(TestFrames.SequenceOf(f));
            f.Free();
        }
        Assert.Equal([0, 1, 2], order);
    }

    [Fact]
    public void The_queue_holds_more_than_its_initial_ring_when_the_limit_allows()
    {
        var queue = new SendQueue(500);
        // Start part-way around the ring so growing has to unwrap it.
        for (int i = 0; i < 10; i++)
            queue.Enqueue(_pool.Rent(64));
        for (int i = 0; i < 10; i++)
            queue.Dequeue()!.Free();

        for (int i = 0; i < 500; i++)
            Assert.Equal(Errno.None, queue.Enqueue(TestFrames.Numbered(_pool, i)));

        Assert.Equal(Errno.ENOBUFS, queue.Enqueue(_pool.Rent(64)));
        for (int i = 0; i < 500; i++)
        {
            var f = queue.Dequeue()!;
            Assert.Equal(i, TestFrames.SequenceOf(f));
            f.Free();
        }
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Purge_frees_everything_and_says_how_many()
    {
        var queue = new SendQueue(50);
        for (int i = 0; i < 7; i++)
            queue.Enqueue(_pool.Rent(64));

        Assert.Equal(7, queue.Purge());
        Assert.Equal(0, queue.Purge());
        Assert.True(queue.IsEmpty);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void A_lowered_limit_refuses_until_the_queue_drains_below_it()
    {
        var queue = new SendQueue(10);
        for (int i = 0; i < 5; i++)
            queue.Enqueue(_pool.Rent(64));

        queue.MaxLength = 3;

        Assert.Equal(3, queue.MaxLength);
        Assert.Equal(Errno.ENOBUFS, queue.Enqueue(_pool.Rent(64)));
        queue.Dequeue()!.Free();
        queue.Dequeue()!.Free();
        queue.Dequeue()!.Free();
        Assert.Equal(Errno.None, queue.Enqueue(_pool.Rent(64)));
        queue.Purge();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Behaves_like_a_bounded_deque_for_any_sequence_of_operations()
    {
        // 0 = enqueue, 1 = dequeue, 2 = prepend.
        Gen.Int[0, 2].Array[0, 300].Sample(ops =>
        {
            var pool = new FramePool();
            var queue = new SendQueue(5);
            var model = new LinkedList<int>();
            long drops = 0;
            int next = 0;
            foreach (int op in ops)
            {
                switch (op)
                {
                    case 0:
                        bool room = model.Count < 5;
                        Assert.Equal(room ? Errno.None : Errno.ENOBUFS, queue.Enqueue(TestFrames.Numbered(pool, next)));
                        if (room)
                            model.AddLast(next);
                        else
                            drops++;
                        break;
                    case 1:
                        var f = queue.Dequeue();
                        if (model.Count == 0)
                        {
                            Assert.Null(f);
                            break;
                        }
                        Assert.Equal(model.First!.Value, TestFrames.SequenceOf(f!));
                        model.RemoveFirst();
                        f!.Free();
                        break;
                    default:
                        queue.Prepend(TestFrames.Numbered(pool, next));
                        model.AddFirst(next);
                        break;
                }
                next++;
                Assert.Equal(model.Count, queue.Length);
                Assert.Equal(drops, queue.Drops);
                Assert.Equal(model.Count, pool.Outstanding);
            }
            Assert.Equal(model.Count, queue.Purge());
            Assert.Equal(0, pool.Outstanding);
        });
    }
}

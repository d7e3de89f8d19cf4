using Epair.Concurrency;
using Epair.Dispatch;
using Epair.Frames;

namespace Epair.Tests.Dispatch;

public class NetisrQueueTests
{
    private readonly FramePool _pool = new();

    private Frame Tagged(uint id)
    {
        var frame = _pool.Rent(64);
        frame.FlowId = id;
        return frame;
    }

    private static List<uint> Drain(NetisrQueue queue)
    {
        var ids = new List<uint>();
        var batch = new Frame?[64];
        int n;
        while ((n = queue.DequeueBatch(batch)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                ids.Add(batch[i]!.FlowId);
                batch[i]!.Free();
                batch[i] = null;
            }
        }
        return ids;
    }

    // Runs on a thread of its own, so it has a thread slot other than the test's (when the
    // process has a slot left for it: see ThreadSlot). A failed assertion there is rethrown
    // here, so it fails the test instead of taking the test host down.
    private static void OnOtherThread(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }

    [Fact]
    public void Frames_of_the_owner_and_of_another_thread_each_keep_their_order()
    {
        var queue = new NetisrQueue(64, 64);
        Assert.True(queue.TryEnqueue(Tagged(1), restart: false)); // the test thread owns the lane
        Assert.True(queue.TryEnqueue(Tagged(2), restart: false));
        OnOtherThread(() =>
        {
            Assert.True(queue.TryEnqueue(Tagged(101), restart: false));
            Assert.True(queue.TryEnqueue(Tagged(102), restart: false));
        });
        Assert.True(queue.TryEnqueue(Tagged(3), restart: false)); // its lane still holds 1 and 2: stays there
        Assert.Equal(5, queue.Count);
        Assert.Equal(5, queue.EnqueuedTotal);

        var ids = Drain(queue);
        Assert.Equal([1u, 2, 3], ids.Where(id => id < 100));
        Assert.Equal([101u, 102], ids.Where(id => id > 100));
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void A_restart_waits_while_the_lane_holds_frames_queued_before_it()
    {
        var queue = new NetisrQueue(64, 64);
        Assert.True(queue.TryEnqueue(Tagged(1), restart: false));
        var restarted = Tagged(2);
        Assert.False(queue.TryEnqueue(restarted, restart: true)); // would overtake frame 1's lane
        Assert.Equal([1u], Drain(queue));
        Assert.True(queue.TryEnqueue(restarted, restart: true));
        // The owner's next frame must not overtake the restarted one still in the shared ring.
        Assert.True(queue.TryEnqueue(Tagged(3), restart: false));
        Assert.Equal([2u, 3], Drain(queue));
        // With the shared ring empty again the owner is back in its lane.
        Assert.True(queue.TryEnqueue(Tagged(4), restart: false));
        Assert.True(queue.HasPublishedItem);
        Assert.Equal([4u], Drain(queue));
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void The_limit_holds_for_each_ring()
    {
        // The test thread gets the lane only with a thread slot of its own. Slots of ended
        // threads come back only after a collection, so a busy process (a parallel test run)
        // can run out; then its frames go to the shared ring, and the other thread's follow
        // them there (the lane's owner moves over while the shared ring holds frames).
        bool laneOwner = ThreadSlot.Current != 0;
        var queue = new NetisrQueue(8, 8) { Limit = 2 };
        Assert.True(queue.TryEnqueue(Tagged(1), restart: false));
        Assert.True(queue.TryEnqueue(Tagged(2), restart: false));
        var refused = Tagged(3);
        Assert.False(queue.TryEnqueue(refused, restart: false));
        refused.Free();
        OnOtherThread(() =>
        {
            var first = Tagged(101);
            bool accepted = queue.TryEnqueue(first, restart: false);
            Assert.Equal(laneOwner, accepted);
            if (!accepted)
            {
                first.Free();
                return;
            }
            Assert.True(queue.TryEnqueue(Tagged(102), restart: false));
            var alsoRefused = Tagged(103);
            Assert.False(queue.TryEnqueue(alsoRefused, restart: false));
            alsoRefused.Free();
        });
        int expected = laneOwner ? 4 : 2;
        Assert.Equal(expected, queue.Count);
        Assert.Equal(expected, Drain(queue).Count);
        Assert.Equal(0, _pool.Outstanding);
    }
}

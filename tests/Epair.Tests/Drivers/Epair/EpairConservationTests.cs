using Epair.Drivers.Epair;
using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// Invariant 1 under concurrent traffic: every frame handed to an end's transmit is delivered to
/// the peer exactly once, or freed and counted once on the sender (OERRORS or OQDROPS); the
/// netisr's ledger balances; the frame pool is back where it started. Invariant 2: after
/// destroy returns, no handler runs for the pair.
/// </summary>
public sealed class EpairConservationTests
{
    private const int SendersPerEnd = 3;
    private const int FramesPerSender = 3000;

    public static TheoryData<string> DispatchModes => EpairTest.DispatchModes;

    /// <summary>
    /// Dispatch mode and netisr threads: with one thread both ends share a CPU, its queue, its
    /// OACTIVE and its drain list; with two, each direction has its own.
    /// </summary>
    public static TheoryData<string, int> Configurations => new()
    {
        { "direct", 2 },
        { "deferred", 1 },
        { "deferred", 2 },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task Every_frame_sent_from_both_ends_is_delivered_or_counted_once(string dispatch, int netisrThreads)
    {
        var kernel = EpairTest.NewKernel(dispatch, ("net.isr.maxthreads", $"{netisrThreads}"),
            ("net.link.epair.netisr_maxqlen", "4"), ("net.link.ifqmaxlen", "8"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var toB = new Ledger(b);
        var toA = new Ledger(a);

        var senders = new List<Task<Tally>>();
        for (int s = 0; s < SendersPerEnd; s++)
        {
            int id = s;
            senders.Add(EpairTest.Run(() => Send(kernel, a, id, FramesPerSender)));
            senders.Add(EpairTest.Run(() => Send(kernel, b, SendersPerEnd + id, FramesPerSender)));
        }
        var tallies = await Task.WhenAll(senders);
        await EpairTest.QuiesceAsync(kernel);

        var fromA = Tally.Sum(tallies.Where(t => t.Sender == a));
        var fromB = Tally.Sum(tallies.Where(t => t.Sender == b));
        AssertBalanced(a, fromA, toB);
        AssertBalanced(b, fromB, toA);
        Assert.Equal(0, toA.OutOfOrder + toB.OutOfOrder);
        Assert.True(EpairTest.Module(kernel).IsQuiescent);
        EpairTest.AssertNetisrLedgerBalances(kernel);
        var work = EpairTest.EpairWork(kernel);
        Assert.Equal(toA.Count + toB.Count, work.Sum(w => w.Handled + w.Dispatched));
        Assert.Equal(a.Counters.OErrors + b.Counters.OErrors, work.Sum(w => w.QueueDrops));
        Assert.Equal(0, kernel.Frames.Outstanding);

        kernel.Dispose();
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task Destroying_a_pair_under_traffic_loses_no_frame_uncounted_and_no_handler_runs_after(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch,
            ("net.link.epair.netisr_maxqlen", "4"), ("net.link.ifqmaxlen", "8"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var toB = new Ledger(b);
        var toA = new Ledger(a);

        var senders = new List<Task<Tally>>();
        for (int s = 0; s < 2; s++)
        {
            int id = s;
            senders.Add(EpairTest.Run(() => SendUntilDestroyed(kernel, a, id)));
            senders.Add(EpairTest.Run(() => SendUntilDestroyed(kernel, b, 2 + id)));
        }
        // Destroy only once traffic flows both ways, however long the machine takes to get there.
        await EpairTest.WaitUntilAsync(() => toA.Count > 500 && toB.Count > 500, "traffic flows both ways");
        kernel.Host.DestroyInterface(a.Name);
        toA.Destroyed();
        toB.Destroyed();
        var tallies = await Task.WhenAll(senders);
        await EpairTest.QuiesceAsync(kernel);

        var fromA = Tally.Sum(tallies.Where(t => t.Sender == a));
        var fromB = Tally.Sum(tallies.Where(t => t.Sender == b));
        Assert.Equal(0, toA.AfterDestroy + toB.AfterDestroy);
        Assert.Equal(0, toA.OutOfOrder + toB.OutOfOrder);
        foreach (var (sender, sent, ledger) in (ReadOnlySpan<(EpairInterface, Tally, Ledger)>)[(a, fromA, toB), (b, fromB, toA)])
        {
            Assert.Equal(0, sent.Other);
            Assert.True(sent.NotRunning > 0);
            var c = sender.Counters;
            Assert.Equal(sent.Sent - sent.NotRunning, ledger.Count + c.OErrors + c.OQDrops);
            Assert.Equal(0, sender.SendQueueLength);
        }
        Assert.True(EpairTest.Module(kernel).IsQuiescent);
        EpairTest.AssertNetisrLedgerBalances(kernel);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task A_handler_may_destroy_its_own_pair_without_waiting_for_itself(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var delivered = new List<int>();
        int afterDestroy = 0;
        bool destroyed = false;
        b.InputHandler = (ifp, frame) =>
        {
            int sequence = EpairTest.SequenceOf(frame);
            frame.Free();
            lock (delivered)
                delivered.Add(sequence);
            if (Volatile.Read(ref destroyed))
                Interlocked.Increment(ref afterDestroy);
            if (sequence == 3)
            {
                // On the netisr thread (deferred) or the sender's (direct), with this frame and
                // maybe more queued behind it still counted in flight.
                ifp.Vnet.DestroyInterface(ifp);
                Volatile.Write(ref destroyed, true);
            }
        };

        var send = EpairTest.Run(() =>
        {
            var tally = new Tally(a);
            for (int i = 1; i <= 50; i++)
                tally.Count(a.Transmit(EpairTest.NewFrame(kernel, i)));
            return tally;
        });
        var sent = await send.WaitAsync(EpairTest.Patience);
        await EpairTest.WaitUntilAsync(() => Volatile.Read(ref destroyed), "the handler has destroyed the pair");
        await EpairTest.QuiesceAsync(kernel);

        Assert.Equal(0, afterDestroy);
        Assert.True(a.IsDying);
        Assert.Empty(kernel.Host.Interfaces);
        Assert.Equal(0, sent.Other + sent.NoBuffers);
        lock (delivered)
        {
            Assert.Contains(3, delivered);
            Assert.Equal(sent.Ok, delivered.Count + a.Counters.OErrors);
        }
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    private static void AssertBalanced(EpairInterface sender, Tally sent, Ledger delivered)
    {
        var c = sender.Counters;
        Assert.Equal(0, sent.Other);
        Assert.Equal(SendersPerEnd * FramesPerSender, sent.Sent);
        Assert.Equal(sent.Sent, delivered.Count + c.OErrors + c.OQDrops);
        // Success means delivered (the peer stays up); ENOBUFS means counted as lost.
        Assert.Equal(sent.Ok, delivered.Count);
        Assert.Equal(sent.NoBuffers, c.OErrors + c.OQDrops);
        Assert.Equal(delivered.Count, c.OPackets);
        Assert.Equal(delivered.Count, sender.Peer.Counters.IPackets);
        Assert.Equal(0, sender.SendQueueLength);
        Assert.Equal(DriverFlags.Running, sender.DriverFlags);
    }

    private static Tally Send(Kernel kernel, EpairInterface ifp, int senderId, int count)
    {
        var tally = new Tally(ifp);
        for (int k = 0; k < count; k++)
        {
            tally.Count(ifp.Transmit(EpairTest.NewFrame(kernel, Ledger.Sequence(senderId, k), 60 + k % 64)));
            // Give the netisr threads a chance now and then, so frames take every path: straight
            // into the queue, lost to a full queue, parked in if_snd and restarted, dropped there.
            if (k % 8 == 7)
                Thread.Yield();
        }
        return tally;
    }

    private static Tally SendUntilDestroyed(Kernel kernel, EpairInterface ifp, int senderId)
    {
        var tally = new Tally(ifp);
        for (int k = 0; ; k++)
        {
            var error = ifp.Transmit(EpairTest.NewFrame(kernel, Ledger.Sequence(senderId, k)));
            tally.Count(error);
            if (error == Errno.ENXIO)
                return tally;
        }
    }

    /// <summary>What one sender's transmits returned.</summary>
    private sealed class Tally(EpairInterface sender)
    {
        public EpairInterface Sender { get; } = sender;
        public long Sent { get; private set; }
        public long Ok { get; private set; }
        public long NoBuffers { get; private set; }
        public long NotRunning { get; private set; }
        public long Other { get; private set; }

        public void Count(Errno error)
        {
            Sent++;
            switch (error)
            {
                case Errno.None: Ok++; break;
                case Errno.ENOBUFS: NoBuffers++; break;
                case Errno.ENXIO: NotRunning++; break;
                default: Other++; break;
            }
        }

        public static Tally Sum(IEnumerable<Tally> tallies)
        {
            Tally? sum = null;
            foreach (var t in tallies)
            {
                sum ??= new Tally(t.Sender);
                sum.Sent += t.Sent;
                sum.Ok += t.Ok;
                sum.NoBuffers += t.NoBuffers;
                sum.NotRunning += t.NotRunning;
                sum.Other += t.Other;
            }
            return sum!;
        }
    }

    /// <summary>
    /// What arrived on one end: how many, whether each sender's frames kept their order, and
    /// whether any arrived after the pair's destroy had returned.
    /// </summary>
    private sealed class Ledger
    {
        private const int MaxSenders = 16;
        private readonly int[] _next = new int[MaxSenders];
        private long _count;
        private int _outOfOrder;
        private int _afterDestroy;
        private volatile bool _destroyed;

        public Ledger(NetInterface ifp) => ifp.InputHandler = Handle;

        public static int Sequence(int senderId, int k) => (senderId << 24) | k;

        public long Count => Interlocked.Read(ref _count);
        public int OutOfOrder => Volatile.Read(ref _outOfOrder);
        public int AfterDestroy => Volatile.Read(ref _afterDestroy);

        public void Destroyed() => _destroyed = true;

        private void Handle(NetInterface receiver, Frame frame)
        {
            if (_destroyed)
                Interlocked.Increment(ref _afterDestroy);
            int sequence = EpairTest.SequenceOf(frame);
            frame.Free();
            int sender = sequence >> 24, k = sequence & 0xFFFFFF;
            // Frames of one sender arrive one at a time (its own thread in direct mode, one
            // netisr thread in deferred mode), so this sender's slot has a single writer.
            if (k < _next[sender])
                Interlocked.Increment(ref _outOfOrder);
            _next[sender] = k + 1;
            Interlocked.Increment(ref _count);
        }
    }
}

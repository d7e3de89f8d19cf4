using System.Buffers.Binary;
using System.Collections.Concurrent;
using Epair.Dispatch;
using Epair.Drivers.Epair;
using Epair.Frames;
using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// What the epair driver tests share: kernels in a chosen dispatch mode, pairs, numbered test
/// frames, bounded waits and errno assertions.
/// </summary>
internal static class EpairTest
{
    /// <summary>How long any wait may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>IEEE 802 "local experimental" EtherType, so test frames mean nothing to any stack.</summary>
    public const ushort ExperimentalEtherType = 0x88B5;

    /// <summary>Ethernet header plus the 4-byte sequence number every test frame carries.</summary>
    public const int MinFrameLength = 18;

    public static readonly MacAddress Unicast = MacAddress.Parse("02:00:5e:10:00:01");
    public static readonly MacAddress Multicast = MacAddress.Parse("01:00:5e:00:00:fb");
    public static readonly MacAddress Source = MacAddress.Parse("02:00:5e:10:00:02");

    public static readonly TheoryData<string> DispatchModes = new() { "direct", "deferred" };

    /// <summary>
    /// Options for the driver's tests: no lo0, so a vnet's interfaces and indexes are the epair's
    /// alone and count from 1, as the seed's own reasoning about <c>if_index</c> does; lo0 has
    /// tests of its own.
    /// </summary>
    public static KernelOptions Options() => new() { Loopback = false };

    /// <summary>A kernel for the driver's tests (see <see cref="Options"/>) with FreeBSD's default dispatch.</summary>
    public static Kernel NewKernel() => new(Options());

    /// <summary>A kernel with <c>net.link.epair.dispatch</c> set to <paramref name="dispatch"/> and the given loader tunables.</summary>
    public static Kernel NewKernel(string dispatch, params (string Name, string Value)[] tunables)
    {
        var options = Options();
        foreach (var (name, value) in tunables)
            options.Tunables[name] = value;
        var kernel = new Kernel(options);
        kernel.Sysctl.Set("net.link.epair.dispatch", dispatch);
        return kernel;
    }

    /// <summary><c>ifconfig NAME create</c> in <paramref name="vnet"/>, optionally followed by <c>up</c> on both ends.</summary>
    public static (EpairInterface A, EpairInterface B) CreatePair(Vnet vnet, string name = "epair", bool up = true)
    {
        var a = (EpairInterface)vnet.CreateInterface(name);
        var b = a.Peer;
        if (up)
        {
            a.Up();
            b.Up();
        }
        return (a, b);
    }

    public static EpairCloner Cloner(Vnet vnet) => (EpairCloner)vnet.FindClonerByName("epair")!;

    public static EpairModule Module(Kernel kernel) => kernel.FindModule<EpairModule>()!;

    /// <summary>
    /// A frame of <paramref name="length"/> bytes (at least <see cref="MinFrameLength"/>) to
    /// <paramref name="destination"/>, carrying <paramref name="sequence"/> after the Ethernet header
    /// and a payload pattern derived from it.
    /// </summary>
    public static Frame NewFrame(Kernel kernel, int sequence, int length = 64, MacAddress? destination = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinFrameLength);
        var frame = kernel.Frames.Rent(length);
        var data = frame.Data;
        (destination ?? Unicast).CopyTo(data);
        Source.CopyTo(data[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(data[12..], ExperimentalEtherType);
        BinaryPrimitives.WriteInt32BigEndian(data[14..], sequence);
        for (int i = MinFrameLength; i < data.Length; i++)
            data[i] = PatternByte(sequence, i);
        return frame;
    }

    public static int SequenceOf(Frame frame) => BinaryPrimitives.ReadInt32BigEndian(frame.Data[14..]);

    /// <summary>True when the bytes after the sequence number are still the ones <see cref="NewFrame"/> wrote.</summary>
    public static bool HasIntactPayload(Frame frame)
    {
        var data = frame.Data;
        int sequence = SequenceOf(frame);
        for (int i = MinFrameLength; i < data.Length; i++)
        {
            if (data[i] != PatternByte(sequence, i))
                return false;
        }
        return true;
    }

    private static byte PatternByte(int sequence, int offset) => (byte)(sequence * 31 + offset);

    /// <summary><see cref="Kernel.QuiesceAsync"/>, failing the test instead of hanging when it never quiesces.</summary>
    public static async Task QuiesceAsync(Kernel kernel)
    {
        using var cts = new CancellationTokenSource(Patience);
        try
        {
            await kernel.QuiesceAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the kernel did not quiesce within {Patience.TotalSeconds} s");
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <see cref="Patience"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(1);
        }
    }

    /// <summary>Asserts that <paramref name="action"/> throws <see cref="ErrnoException"/> with <paramref name="expected"/>.</summary>
    public static ErrnoException ThrowsErrno(Errno expected, Action action)
    {
        var ex = Assert.Throws<ErrnoException>(action);
        Assert.Equal(expected, ex.Errno);
        return ex;
    }

    /// <summary>The epair protocol's rows of <c>netstat -Q</c>.</summary>
    public static List<NetisrWorkStatistics> EpairWork(Kernel kernel) =>
        kernel.GetNetisrStatistics().Work.Where(w => w.Protocol == "epair").ToList();

    /// <summary>Frames the netisr refused for epair because a queue was full, over every workstream.</summary>
    public static long EpairQueueDrops(Kernel kernel) => EpairWork(kernel).Sum(w => w.QueueDrops);

    /// <summary>Asserts the netisr's own ledger for epair: every frame queued was handled or still waits.</summary>
    public static void AssertNetisrLedgerBalances(Kernel kernel)
    {
        foreach (var w in EpairWork(kernel))
            Assert.Equal(w.Queued, w.Handled + w.Length);
    }

    /// <summary>Runs <paramref name="action"/>; true if it succeeded, false if it threw one of <paramref name="tolerated"/>.</summary>
    public static bool Tolerating(Action action, params Errno[] tolerated)
    {
        try
        {
            action();
            return true;
        }
        catch (ErrnoException ex) when (Array.IndexOf(tolerated, ex.Errno) >= 0)
        {
            return false;
        }
    }

    /// <summary>Starts <paramref name="body"/> on a thread of its own (the tests block, so not on the pool).</summary>
    public static Task Run(Action body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <inheritdoc cref="Run(Action)"/>
    public static Task<T> Run<T>(Func<T> body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Runs <paramref name="rounds"/> races on two threads of their own: each round,
    /// <paramref name="arrange"/>, then <paramref name="first"/> and <paramref name="second"/>
    /// released together, then <paramref name="check"/> once both are done. The first failure
    /// stops both threads and fails the test.
    /// </summary>
    public static async Task RaceAsync(int rounds, Action<int> arrange, Action<int> first, Action<int> second, Action<int> check)
    {
        using var failed = new CancellationTokenSource();
        using var barrier = new Barrier(2);
        var one = Run(() => Guarded(failed, () =>
        {
            for (int round = 0; round < rounds; round++)
            {
                arrange(round);
                barrier.SignalAndWait(failed.Token);
                first(round);
                barrier.SignalAndWait(failed.Token);
                check(round);
            }
        }));
        var two = Run(() => Guarded(failed, () =>
        {
            for (int round = 0; round < rounds; round++)
            {
                barrier.SignalAndWait(failed.Token);
                second(round);
                barrier.SignalAndWait(failed.Token);
            }
        }));
        await Task.WhenAll(one, two);
    }

    private static void Guarded(CancellationTokenSource failed, Action body)
    {
        try
        {
            body();
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // The other thread failed; its exception is the one that counts.
        }
        catch
        {
            failed.Cancel();
            throw;
        }
    }
}

/// <summary>A bpf consumer that remembers which frames it saw, on which interface, going which way.</summary>
internal sealed class TapRecorder : IFrameTap
{
    private readonly ConcurrentQueue<Seen> _seen = new();

    public readonly record struct Seen(NetInterface Interface, TapDirection Direction, int Length, int Sequence);

    public IReadOnlyList<Seen> Frames => [.. _seen];

    public void Tap(NetInterface ifp, Frame frame, TapDirection direction) =>
        _seen.Enqueue(new Seen(ifp, direction, frame.Length, frame.Length >= EpairTest.MinFrameLength ? EpairTest.SequenceOf(frame) : -1));
}

/// <summary>
/// The raw input hook of one interface: records what each delivered frame looked like when it
/// arrived and frees it. With a gate, every delivery first says it has arrived, then waits until
/// the test opens the gate, which keeps the netisr thread busy so its queue fills deterministically.
/// </summary>
internal sealed class Receiver
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly SemaphoreSlim? _gate;
    private int _gateTimeouts;

    public readonly record struct Delivery(
        NetInterface Receiver, NetInterface? ReceiveInterface, Vnet Vnet, int Sequence, int Length,
        bool PayloadIntact, FrameFlags Flags, ushort VlanTag, sbyte PriorityCodePoint,
        ChecksumFlags Checksum, uint FlowId, int ThreadId, string? ThreadName);

    public Receiver(NetInterface ifp, SemaphoreSlim? gate = null)
    {
        _gate = gate;
        ifp.InputHandler = Handle;
    }

    /// <summary>Released once each time a delivery starts, before it waits at the gate.</summary>
    public SemaphoreSlim Arrived { get; } = new(0);

    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    public int Count => _deliveries.Count;

    public IReadOnlyList<int> Sequences => [.. _deliveries.Select(d => d.Sequence)];

    /// <summary>How many deliveries gave up waiting at the gate (a test that never opened it).</summary>
    public int GateTimeouts => Volatile.Read(ref _gateTimeouts);

    /// <summary>Waits until a delivery has arrived and (with a gate) is blocked at it.</summary>
    public async Task WaitForArrivalAsync()
    {
        if (!await Arrived.WaitAsync(EpairTest.Patience))
            Assert.Fail("no frame arrived");
    }

    private void Handle(NetInterface receiver, Frame frame)
    {
        _deliveries.Enqueue(new Delivery(
            receiver, frame.ReceiveInterface, receiver.Vnet, EpairTest.SequenceOf(frame), frame.Length,
            EpairTest.HasIntactPayload(frame), frame.Flags, frame.VlanTag, frame.PriorityCodePoint,
            frame.Checksum, frame.FlowId, Environment.CurrentManagedThreadId, Thread.CurrentThread.Name));
        frame.Free();
        Arrived.Release();
        if (_gate is not null && !_gate.Wait(EpairTest.Patience))
            Interlocked.Increment(ref _gateTimeouts);
    }
}

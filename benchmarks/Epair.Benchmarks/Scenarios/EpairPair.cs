using System.Globalization;
using Epair.Dispatch;
using Epair.Drivers.Epair;
using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Benchmarks.Scenarios;

/// <summary>
/// The shared fixture: a kernel with one epair whose <c>a</c> end sends and whose <c>b</c> end
/// counts and frees what arrives, in either dispatch mode.
/// </summary>
internal sealed class EpairPair : IFrameScenario
{
    /// <summary>The frame size every scenario sends.</summary>
    public const int FrameLength = 64;

    /// <summary>
    /// <c>net.link.epair.netisr_maxqlen</c> for throughput runs: the largest netisr allows
    /// (<c>net.isr.maxqlimit</c>), five times the seed's 42 × <c>ifqmaxlen</c>, and the channel's
    /// capacity too, so that both absorb the same bursts.
    /// </summary>
    public const int QueueLimit = 10240;

    private readonly Kernel _kernel;
    private readonly EpairInterface _a;
    private long _delivered;

    public EpairPair(DispatchMode mode, int queueLimit = QueueLimit)
    {
        _kernel = new Kernel();
        try
        {
            _a = (EpairInterface)_kernel.Host.CreateInterface("epair");
            var b = _a.Peer;
            _a.Up();
            b.Up();
            _kernel.Sysctl.Set("net.link.epair.dispatch", mode == DispatchMode.Direct ? "direct" : "deferred");
            _kernel.Sysctl.Set("net.link.epair.netisr_maxqlen", queueLimit.ToString(CultureInfo.InvariantCulture));
            b.InputHandler = OnInput;
            PoolWarmer.Fill(_kernel.Frames, queueLimit);
            Mode = mode;
        }
        catch
        {
            _kernel.Dispose();
            throw;
        }
    }

    public DispatchMode Mode { get; }

    public string Name => Mode == DispatchMode.Direct ? "epair direct" : "epair deferred";

    public long OutstandingFrames => _kernel.Frames.Outstanding;

    // Frames the sending end freed and counted: ENOBUFS from a full netisr queue is OERRORS,
    // an overflow of if_snd while the hardware queue is marked full is OQDROPS.
    private long Dropped => _a.GetCounter(InterfaceCounter.OERRORS) + _a.GetCounter(InterfaceCounter.OQDROPS);

    public BatchResult Send(int frames)
    {
        long deliveredBefore = Volatile.Read(ref _delivered);
        long droppedBefore = Dropped;
        var a = _a;
        var pool = _kernel.Frames;
        long sent = 0;
        for (int accepted = 0; accepted < frames; sent++)
        {
            // Flow control, as a sender on FreeBSD sees it: while the driver says its hardware
            // queue is full (OACTIVE), wait for the drained callback instead of feeding if_snd
            // and the drop counters. The bounded channel's writer waits the same way.
            var spin = new SpinWait();
            while ((a.DriverFlags & DriverFlags.OActive) != 0)
                spin.SpinOnce(sleep1Threshold: -1);
            var error = a.Transmit(pool.Rent(FrameLength));
            if (error == Errno.None)
                accepted++;
            // ENOBUFS: the netisr queue (or if_snd behind it) was full; the frame is freed and
            // counted in OERRORS or OQDROPS, and we send another in its place.
            else if (error != Errno.ENOBUFS)
                throw new InvalidOperationException($"{a.Name}: transmit failed with {error}");
        }

        // Conservation: every frame sent is delivered once, or dropped and counted once.
        var spinner = new SpinWait();
        long delivered, dropped;
        while ((delivered = Volatile.Read(ref _delivered) - deliveredBefore) + (dropped = Dropped - droppedBefore) < sent)
        {
            // Never sleep: a millisecond is noise next to a batch of a few tens of milliseconds.
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        if (delivered != frames || delivered + dropped != sent)
            throw new InvalidOperationException($"{a.Name}: sent {sent}, accepted {frames}, delivered {delivered}, dropped {dropped}");
        return new BatchResult(sent, delivered, dropped);
    }

    private void OnInput(NetInterface receiver, Frame frame)
    {
        frame.Free();
        // One thread delivers at a time (b's netisr workstream, or the sender in direct mode),
        // so a plain increment published with a release write is enough.
        Volatile.Write(ref _delivered, _delivered + 1);
    }

    public void Dispose() => _kernel.Dispose();
}

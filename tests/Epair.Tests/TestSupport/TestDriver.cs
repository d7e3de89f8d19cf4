using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Tests.TestSupport;

/// <summary>
/// The smallest driver there is: whatever it transmits goes to <see cref="OnTransmit"/> (by
/// default, counted and freed). It exposes the protected helpers of <see cref="NetInterface"/>
/// so tests can drive the generic layer directly.
/// </summary>
internal sealed class TestDriver : NetInterface
{
    public TestDriver(string name = "test0", int unit = 0, InterfaceType type = InterfaceType.Ethernet, int sendQueueLength = 50)
        : base("test", unit, name, type, sendQueueLength)
    {
    }

    /// <summary>Replaces the driver's transmit; it owns the frame it is given.</summary>
    public Func<Frame, Errno>? OnTransmit { get; set; }

    /// <summary>Flags each transmitted frame carried when it reached the driver.</summary>
    public List<FrameFlags> TransmittedFlags { get; } = [];

    /// <summary>What the <c>SIOCSIFFLAGS</c>/<c>SIOCSIFMTU</c>/multicast hooks answer.</summary>
    public Errno FlagsResult { get; set; }

    public Errno MtuResult { get; set; }

    public Errno MulticastResult { get; set; }

    public int FlagsChangedCalls { get; private set; }

    public int MulticastChangedCalls { get; private set; }

    public int QueueFlushCalls { get; private set; }

    /// <summary>When set, the interface has media and accepts exactly this medium.</summary>
    public MediaInfo? Media { get; set; }

    protected override Errno TransmitCore(Frame frame)
    {
        TransmittedFlags.Add(frame.Flags);
        if (OnTransmit is { } transmit)
            return transmit(frame);
        frame.Free();
        return Errno.None;
    }

    protected internal override void QueueFlush()
    {
        QueueFlushCalls++;
        base.QueueFlush();
    }

    protected override Errno OnFlagsChanged()
    {
        FlagsChangedCalls++;
        return FlagsResult;
    }

    protected override Errno OnSetMtu(int mtu) => MtuResult != Errno.None ? MtuResult : base.OnSetMtu(mtu);

    protected override Errno OnMulticastChanged()
    {
        MulticastChangedCalls++;
        return MulticastResult;
    }

    protected override MediaInfo? GetMediaCore() => Media;

    protected override Errno OnSetMedia(MediaWord media) =>
        Media is { } m && m.Current == media ? Errno.None : base.OnSetMedia(media);

    public Errno Enqueue(Frame frame) => EnqueueToSendQueue(frame);

    public void Flush() => FlushSendQueue();

    public bool Tapped => HasTaps;
}

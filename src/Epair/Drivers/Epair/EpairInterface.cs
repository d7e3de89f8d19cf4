using Epair.Dispatch;
using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Drivers.Epair;

/// <summary>
/// One end of an epair: a virtual Ethernet interface whose every frame comes out of its
/// <see cref="Peer"/>, as if the two were joined by a cross-over cable.
/// </summary>
public sealed class EpairInterface : NetInterface
{
    /// <summary><c>sizeof(struct ether_vlan_header)</c>: how far a frame may exceed the MTU.</summary>
    public const int MaxHeaderLength = 18;

    /// <summary>The media epair reports: Ethernet 10Gbase-T full duplex, always active.</summary>
    private static readonly MediaWord s_media = MediaWord.Ethernet10GBaseT;
    private static readonly MediaWord s_activeMedia = new(MediaWord.Ethernet10GBaseT.Value | MediaWord.IFM_FDX);

    private readonly EpairModule _module;

    internal EpairInterface(EpairModule module, int unit, string name, int sendQueueLength)
        : base("epair", unit, name, InterfaceType.Ethernet, sendQueueLength)
    {
        _module = module;
        SetFlagBits(InterfaceFlags.Broadcast | InterfaceFlags.Simplex | InterfaceFlags.Multicast);
        Capabilities = InterfaceCapabilities.VlanMtu;
        EnabledCapabilities = InterfaceCapabilities.VlanMtu;
        Baudrate = 10_000_000_000L;
        SetMtuValue(1500);
    }

    /// <summary>The other end of the cable.</summary>
    public EpairInterface Peer { get; internal set; } = null!;

    /// <summary>The CPU (netisr workstream) that delivers frames to this end, fixed at creation from its index.</summary>
    public int Cpu { get; internal set; }

    internal void SetAddress(MacAddress mac) => SetMacAddressValue(mac);

    /// <summary><c>epair_transmit</c>.</summary>
    protected override Errno TransmitCore(Frame frame)
    {
        // Later FreeBSD: be a little like real hardware and refuse what no wire would carry.
        if (frame.Length > Mtu + MaxHeaderLength)
        {
            frame.Free();
            IncrementCounter(InterfaceCounter.OERRORS);
            return Errno.E2BIG;
        }
        if (_module.DispatchMode == DispatchMode.Direct)
            return TransmitUnlocked(frame, hardwareQueue: null);
        var dpcpu = _module.CpuState(Peer.Cpu);
        // While the peer's queue has room (no OACTIVE) the seed's per-CPU lock guards nothing a
        // sender touches, so the common case goes without it; only the fall-back to if_snd,
        // whose order the drained callback must keep, takes the lock.
        if (!dpcpu.OutputActive)
            return TransmitUnlocked(frame, dpcpu);
        lock (dpcpu.Lock)
            return TransmitLocked(frame, dpcpu);
    }

    /// <summary>
    /// The seed's transmit for the common case, without the per-CPU lock: into the peer's netisr
    /// queue (<paramref name="hardwareQueue"/> is its CPU's state), or straight into the peer's
    /// input when it is null (direct dispatch, as OpenBSD's pair(4) and gVisor's pipe do). The
    /// in-flight reference is taken before the peer is checked, so a destroy that clears RUNNING
    /// in between waits for this frame, which the lock guaranteed in the seed.
    /// </summary>
    private Errno TransmitUnlocked(Frame frame, EpairCpuState? hardwareQueue)
    {
        var refused = RefuseUnlessReady(frame);
        if (refused != Errno.None)
            return refused;

        Tap(frame, TapDirection.Out);

        var oifp = Peer;
        oifp.AcquireInFlight();
        if (!oifp.IsUpAndRunning)
        {
            oifp.ReleaseInFlight();
            IncrementCounter(InterfaceCounter.OERRORS);
            frame.Free();
            return Errno.None;
        }
        int length = frame.Length;
        var flags = frame.Flags;
        frame.ClearMetadata();
        frame.ReceiveInterface = oifp;

        if (hardwareQueue is null)
        {
            // Counted first, so the receiving handler, running right now, sees its own frame counted.
            CountSent(oifp, length, flags);
            _module.Netisr.Dispatch(_module.Protocol, frame);
            return Errno.None;
        }
        var error = _module.Netisr.Queue(_module.Protocol, frame);
        if (error == Errno.None)
        {
            CountSent(oifp, length, flags);
            return Errno.None;
        }
        // The packet was freed already.
        lock (hardwareQueue.Lock)
            MarkHardwareQueueFull(hardwareQueue);
        IncrementCounter(InterfaceCounter.OERRORS);
        oifp.ReleaseInFlight();
        return error;
    }

    /// <summary>The seed's first two checks: ENXIO when not running, ENETDOWN when down (the frame is freed then).</summary>
    private Errno RefuseUnlessReady(Frame frame)
    {
        if ((DriverFlags & DriverFlags.Running) == 0)
        {
            frame.Free();
            return Errno.ENXIO;
        }
        if ((Flags & InterfaceFlags.Up) == 0)
        {
            frame.Free();
            return Errno.ENETDOWN;
        }
        return Errno.None;
    }

    private void CountSent(EpairInterface oifp, int length, FrameFlags flags)
    {
        IncrementCounter(InterfaceCounter.OPACKETS);
        // if_transmit bypasses the handoff that counts bytes and multicasts, so count them here.
        AddCounter(InterfaceCounter.OBYTES, length);
        if ((flags & (FrameFlags.Broadcast | FrameFlags.Multicast)) != 0)
            IncrementCounter(InterfaceCounter.OMCASTS);
        // Someone else received the packet.
        oifp.IncrementCounter(InterfaceCounter.IPACKETS);
    }

    /// <summary><c>epair_transmit_locked</c>, in the seed's order.</summary>
    private Errno TransmitLocked(Frame frame, EpairCpuState dpcpu)
    {
        // The interface en/dequeue mechanism is not used on the transmit side: frames go straight
        // into the peer's netisr queue.
        var refused = RefuseUnlessReady(frame);
        if (refused != Errno.None)
            return refused;

        Tap(frame, TapDirection.Out);

        // In case the outgoing interface is not usable, drop the packet.
        var oifp = Peer;
        if (!oifp.IsUpAndRunning)
        {
            IncrementCounter(InterfaceCounter.OERRORS);
            frame.Free();
            return Errno.None;
        }
        int length = frame.Length;
        var flags = frame.Flags;

        if (dpcpu.OutputActive)
        {
            // Our hardware queue is full: fall back to if_snd, but do not start; the drained-CPU
            // callback will. Either we are lucky or the packet is gone.
            var error = EnqueueToSendQueue(frame);
            if (error == Errno.None)
                dpcpu.AddForDraining(this);
            return error;
        }

        // Add a reference so the interface cannot go while the packet is in transit, as delivery
        // relies on ReceiveInterface staying valid.
        oifp.AcquireInFlight();
        frame.ClearMetadata();
        frame.ReceiveInterface = oifp;
        var queued = _module.Netisr.Queue(_module.Protocol, frame);
        if (queued == Errno.None)
        {
            CountSent(oifp, length, flags);
        }
        else
        {
            // The packet was freed already.
            MarkHardwareQueueFull(dpcpu);
            IncrementCounter(InterfaceCounter.OERRORS);
            oifp.ReleaseInFlight();
        }
        return queued;
    }

    /// <summary><c>epair_start</c>: the <c>if_start</c> path.</summary>
    protected internal override void Start()
    {
        var dpcpu = _module.CpuState(Peer.Cpu);
        lock (dpcpu.Lock)
            StartLocked(dpcpu);
    }

    /// <summary>
    /// <c>epair_start_locked</c>: moves frames from <c>if_snd</c> into the peer's netisr queue.
    /// When that queue is full the frame goes back to the head of <c>if_snd</c> and the loop
    /// stops, as hardware drivers do with <c>IFQ_DRV_PREPEND</c>; the seed kept dequeuing and
    /// lost the rest of <c>if_snd</c> to the full queue. No tap here: every frame in
    /// <c>if_snd</c> was tapped by the transmit that queued it. The seed tapped again after
    /// <c>IFQ_DEQUEUE</c>, so bpf saw such frames twice; with the prepend, a frame refused again
    /// would be seen once more on every restart.
    /// </summary>
    internal void StartLocked(EpairCpuState dpcpu)
    {
        if ((DriverFlags & DriverFlags.Running) == 0)
            return;
        if ((Flags & InterfaceFlags.Up) == 0)
            return;

        var oifp = Peer;
        while (DequeueFromSendQueue() is { } frame)
        {
            if (!oifp.IsUpAndRunning)
            {
                IncrementCounter(InterfaceCounter.OERRORS);
                frame.Free();
                continue;
            }

            oifp.AcquireInFlight();
            frame.ClearMetadata();
            frame.ReceiveInterface = oifp;
            if (_module.Netisr.TryQueue(_module.Protocol, frame) == Errno.None)
            {
                IncrementCounter(InterfaceCounter.OPACKETS);
                oifp.IncrementCounter(InterfaceCounter.IPACKETS);
                continue;
            }
            oifp.ReleaseInFlight();
            frame.ReceiveInterface = null;
            PrependToSendQueue(frame);
            MarkHardwareQueueFull(dpcpu);
            break;
        }
    }

    private void MarkHardwareQueueFull(EpairCpuState dpcpu)
    {
        dpcpu.OutputActive = true;
        SetDriverFlags(DriverFlags.OActive);
        // The seed left this interface off the drain list here, so its OACTIVE, and the CPU's
        // when nothing else was queued, were never cleared. Listing it, and asking the workstream
        // for a drained callback in case it emptied while we held the lock, closes that gap.
        dpcpu.AddForDraining(this);
        _module.Netisr.RequestDrainedCallbacks(dpcpu.Cpu);
    }

    /// <summary>
    /// <c>epair_qflush</c>: off every drain list, then the generic flush of <c>if_snd</c>. Off the
    /// lists, no drained-CPU callback will ever clear this interface's OACTIVE, so it goes here;
    /// the seed left it set, and ifconfig showed OACTIVE on an idle interface from then on.
    /// </summary>
    protected internal override void QueueFlush()
    {
        _module.RemoveFromDraining(this);
        ClearDriverFlags(DriverFlags.OActive);
        base.QueueFlush();
    }

    /// <inheritdoc />
    protected override Errno OnSetMtu(int mtu)
    {
        // We basically allow all kinds of MTUs (the generic layer already kept it in 72-65535).
        SetMtuValue(mtu);
        return Errno.None;
    }

    /// <inheritdoc />
    protected override MediaInfo? GetMediaCore() =>
        new(s_media, s_activeMedia, MediaStatus.Valid | MediaStatus.Active, [s_media]);

    /// <inheritdoc />
    protected override Errno OnSetMedia(MediaWord media) =>
        // ifmedia_ioctl with a zero mask: only the one medium in the list matches.
        media == s_media ? Errno.None : Errno.ENXIO;
}

using System.Runtime.CompilerServices;
using Epair.Concurrency;
using Epair.Frames;
using Epair.Vnets;

namespace Epair.Interfaces;

/// <summary>
/// A network interface, this project's <c>struct ifnet</c>. Drivers derive from it and
/// implement the callbacks FreeBSD's ifnet layer calls (<see cref="TransmitCore"/> is
/// <c>if_transmit</c>, <see cref="Start"/> is <c>if_start</c>, <see cref="QueueFlush"/> is
/// <c>if_qflush</c>, the <c>On…</c> methods are <c>if_ioctl</c>); the base class holds the
/// state every interface has and does the generic checks before a driver is asked.
/// </summary>
/// <remarks>
/// Configuration methods throw <see cref="ErrnoException"/> with FreeBSD's ioctl name
/// (<c>SIOCSIFMTU: Invalid argument</c>); <see cref="Transmit"/> is a data-path call and
/// returns an <see cref="Errno"/> instead.
/// </remarks>
public abstract partial class NetInterface
{
    /// <summary><c>IFNAMSIZ</c>: names are at most 15 characters plus the terminating NUL.</summary>
    public const int NameSize = 16;
    /// <summary><c>IF_MINMTU</c>.</summary>
    public const int MinMtu = 72;
    /// <summary><c>IF_MAXMTU</c>.</summary>
    public const int MaxMtu = 65535;

    // Flags that SIOCSIFFLAGS cannot change (IFF_CANTCHANGE).
    private const InterfaceFlags CantChange = InterfaceFlags.Broadcast | InterfaceFlags.PointToPoint |
        InterfaceFlags.Simplex | InterfaceFlags.Multicast | InterfaceFlags.AllMulticast |
        InterfaceFlags.Promiscuous | InterfaceFlags.Dying;

    // Counter slots 0-11 are the IFCOUNTER_* counters; slot 12 counts frames in flight to this
    // interface (the seed's softc refcount), striped like the counters so that the sender's
    // acquire and the receiver's release never share a cache line.
    private const int InFlightSlot = 12;

    private readonly StripedCounters _counters = new(13);
    private readonly List<(MacAddress Address, int References)> _multicast = [];
    private int _flags;
    private int _driverFlags;
    private int _mtu = 1500;
    private int _linkState;
    private MacAddress _mac;
    private volatile IFrameTap[]? _taps;
    private volatile FrameHandler? _inputHandler;

    /// <summary>Creates an interface of driver <paramref name="driverName"/>, unit <paramref name="unit"/>.</summary>
    /// <param name="driverName">The driver name (<c>if_dname</c>), such as <c>epair</c>.</param>
    /// <param name="unit">The unit number (<c>if_dunit</c>).</param>
    /// <param name="name">The interface name (<c>if_xname</c>), 1 to 15 characters.</param>
    /// <param name="type">The interface type.</param>
    /// <param name="sendQueueLength">The length of <c>if_snd</c> (<c>net.link.ifqmaxlen</c>).</param>
    protected NetInterface(string driverName, int unit, string name, InterfaceType type, int sendQueueLength)
    {
        ValidateName(name);
        DriverName = driverName;
        Unit = unit;
        Name = name;
        Type = type;
        SendQueue = new SendQueue(sendQueueLength);
    }

    /// <summary>The interface name (<c>if_xname</c>), unique within its vnet.</summary>
    public string Name { get; internal set; }

    /// <summary>The driver name (<c>if_dname</c>).</summary>
    public string DriverName { get; }

    /// <summary>The unit number (<c>if_dunit</c>).</summary>
    public int Unit { get; }

    /// <summary>The interface type (<c>if_type</c>).</summary>
    public InterfaceType Type { get; }

    /// <summary>The interface index within its vnet (<c>if_index</c>); 0 once detached.</summary>
    public int Index { get; internal set; }

    /// <summary>The vnet the interface is in now (<c>if_vnet</c>).</summary>
    public Vnet Vnet { get; internal set; } = null!;

    /// <summary>The vnet the interface was created in (<c>if_home_vnet</c>); it goes back there when its vnet is removed.</summary>
    public Vnet HomeVnet { get; internal set; } = null!;

    /// <summary>Interface flags (<c>if_flags</c>).</summary>
    public InterfaceFlags Flags => (InterfaceFlags)Volatile.Read(ref _flags);

    /// <summary>Driver flags (<c>if_drv_flags</c>).</summary>
    public DriverFlags DriverFlags => (DriverFlags)Volatile.Read(ref _driverFlags);

    /// <summary>True when both <see cref="InterfaceFlags.Up"/> and <see cref="DriverFlags.Running"/> are set.</summary>
    public bool IsUpAndRunning => (Flags & InterfaceFlags.Up) != 0 && (DriverFlags & DriverFlags.Running) != 0;

    /// <summary>What the interface can do (<c>if_capabilities</c>).</summary>
    public InterfaceCapabilities Capabilities { get; protected set; }

    /// <summary>What is switched on (<c>if_capenable</c>).</summary>
    public InterfaceCapabilities EnabledCapabilities { get; protected set; }

    /// <summary>The MTU (<c>if_mtu</c>).</summary>
    public int Mtu => Volatile.Read(ref _mtu);

    /// <summary>The link-level address (<c>if_hw_addr</c>/<c>IF_LLADDR</c>).</summary>
    public MacAddress MacAddress => _mac;

    /// <summary>The link speed in bits per second (<c>if_baudrate</c>).</summary>
    public long Baudrate { get; protected set; }

    /// <summary>The link state (<c>if_link_state</c>).</summary>
    public LinkState LinkState => (LinkState)Volatile.Read(ref _linkState);

    /// <summary>Raised after the link state changes (<c>if_link_state_change</c>).</summary>
    public event EventHandler<LinkState>? LinkStateChanged;

    /// <summary>Raised after the link-level address changes (<c>iflladdr_event</c>).</summary>
    public event EventHandler<MacAddress>? LinkAddressChanged;

    /// <summary>
    /// A raw receive hook: when set, every frame the interface receives goes to it instead of the
    /// network stack, and the handler owns the frame. Set it to null to detach.
    /// </summary>
    public FrameHandler? InputHandler
    {
        get => _inputHandler;
        set => _inputHandler = value;
    }

    /// <summary>The multicast link addresses joined (<c>if_multiaddrs</c>).</summary>
    public IReadOnlyList<MacAddress> MulticastAddresses
    {
        get { lock (_multicast) return _multicast.ConvertAll(static m => m.Address); }
    }

    /// <summary>Frames waiting in the send queue (<c>if_snd.ifq_len</c>).</summary>
    public int SendQueueLength => SendQueue.Length;

    /// <summary>The send queue's capacity (<c>if_snd.ifq_maxlen</c>).</summary>
    public int SendQueueMaxLength => SendQueue.MaxLength;

    /// <summary>A snapshot of the twelve interface counters.</summary>
    public InterfaceCounters Counters => new(
        GetCounter(InterfaceCounter.IPACKETS), GetCounter(InterfaceCounter.IERRORS),
        GetCounter(InterfaceCounter.OPACKETS), GetCounter(InterfaceCounter.OERRORS),
        GetCounter(InterfaceCounter.COLLISIONS), GetCounter(InterfaceCounter.IBYTES),
        GetCounter(InterfaceCounter.OBYTES), GetCounter(InterfaceCounter.IMCASTS),
        GetCounter(InterfaceCounter.OMCASTS), GetCounter(InterfaceCounter.IQDROPS),
        GetCounter(InterfaceCounter.OQDROPS), GetCounter(InterfaceCounter.NOPROTO));

    /// <summary>One counter's value (<c>if_get_counter</c>).</summary>
    public long GetCounter(InterfaceCounter counter) => _counters.Read((int)counter);

    /// <summary>The send queue (<c>if_snd</c>).</summary>
    internal SendQueue SendQueue { get; }

    /// <summary>True once destruction has begun (<c>IFF_DYING</c>).</summary>
    public bool IsDying => (Flags & InterfaceFlags.Dying) != 0;

    /// <summary>
    /// Sends <paramref name="frame"/> (<c>if_transmit</c>), taking ownership of it whatever the
    /// outcome. Marks it broadcast or multicast from its destination address first, as
    /// <c>ether_output</c> does.
    /// </summary>
    /// <returns><see cref="Errno.None"/>, or the driver's error (the frame is freed then).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Errno Transmit(Frame frame)
    {
        var data = frame.Data;
        if (data.Length >= 6 && (data[0] & 1) != 0)
        {
            frame.Flags |= data[0] == 0xFF && data[1] == 0xFF && data[2] == 0xFF &&
                           data[3] == 0xFF && data[4] == 0xFF && data[5] == 0xFF
                ? FrameFlags.Broadcast
                : FrameFlags.Multicast;
        }
        return TransmitCore(frame);
    }

    /// <summary>The driver's transmit (<c>if_transmit</c>): owns <paramref name="frame"/> from here on.</summary>
    protected abstract Errno TransmitCore(Frame frame);

    /// <summary>The driver's start routine (<c>if_start</c>): drain <see cref="SendQueue"/> if it can.</summary>
    protected internal virtual void Start()
    {
    }

    /// <summary>The driver's queue flush (<c>if_qflush</c>): by default frees what waits in <c>if_snd</c>.</summary>
    protected internal virtual void QueueFlush() => FlushSendQueue();

    /// <summary>Frees every frame in <c>if_snd</c>, counting each as an output queue drop.</summary>
    protected void FlushSendQueue()
    {
        int n = SendQueue.Purge();
        if (n > 0)
            AddCounter(InterfaceCounter.OQDROPS, n);
    }

    /// <summary>Queues <paramref name="frame"/> on <c>if_snd</c>; when full it is freed and counted in OQDROPS.</summary>
    protected Errno EnqueueToSendQueue(Frame frame)
    {
        var error = SendQueue.Enqueue(frame);
        if (error != Errno.None)
            IncrementCounter(InterfaceCounter.OQDROPS);
        return error;
    }

    /// <summary>Takes the oldest frame off <c>if_snd</c>, or null.</summary>
    protected Frame? DequeueFromSendQueue() => SendQueue.Dequeue();

    /// <summary>Puts a frame the hardware refused back at the head of <c>if_snd</c> (<c>IFQ_DRV_PREPEND</c>).</summary>
    protected void PrependToSendQueue(Frame frame) => SendQueue.Prepend(frame);

    /// <summary>Adds to a counter (<c>if_inc_counter</c>); cheap under contention.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected internal void AddCounter(InterfaceCounter counter, long value) => _counters.Add((int)counter, value);

    /// <summary>Adds one to a counter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected internal void IncrementCounter(InterfaceCounter counter) => _counters.Add((int)counter, 1);

    /// <summary>Sets driver flags.</summary>
    protected internal void SetDriverFlags(DriverFlags flags) => Interlocked.Or(ref _driverFlags, (int)flags);

    /// <summary>Clears driver flags.</summary>
    protected internal void ClearDriverFlags(DriverFlags flags) => Interlocked.And(ref _driverFlags, ~(int)flags);

    /// <summary>Sets interface flags without asking the driver (<c>if_flags |=</c>).</summary>
    protected internal void SetFlagBits(InterfaceFlags flags) => Interlocked.Or(ref _flags, (int)flags);

    /// <summary>Clears interface flags without asking the driver.</summary>
    protected internal void ClearFlagBits(InterfaceFlags flags) => Interlocked.And(ref _flags, ~(int)flags);

    /// <summary>Sets the MTU without the generic range check (drivers and attach code).</summary>
    protected void SetMtuValue(int mtu) => Volatile.Write(ref _mtu, mtu);

    /// <summary>Sets the link-level address without telling anyone (<c>ether_ifattach</c>).</summary>
    protected void SetMacAddressValue(MacAddress mac) => _mac = mac;

    /// <summary>Changes the link state and raises <see cref="LinkStateChanged"/> (<c>if_link_state_change</c>).</summary>
    protected internal void ChangeLinkState(LinkState state)
    {
        if (Interlocked.Exchange(ref _linkState, (int)state) == (int)state)
            return;
        LinkStateChanged?.Invoke(this, state);
    }

    /// <summary>True when a bpf consumer listens (<c>bpf_peers_present</c>).</summary>
    protected bool HasTaps => _taps is not null;

    /// <summary>Shows <paramref name="frame"/> to every tap (<c>BPF_MTAP</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected internal void Tap(Frame frame, TapDirection direction)
    {
        var taps = _taps;
        if (taps is null)
            return;
        foreach (var tap in taps)
            tap.Tap(this, frame, direction);
    }

    /// <summary>Attaches a bpf consumer; dispose the result to detach it.</summary>
    public IDisposable AttachTap(IFrameTap tap)
    {
        ArgumentNullException.ThrowIfNull(tap);
        lock (_multicast)
            _taps = _taps is null ? [tap] : [.. _taps, tap];
        return new TapRegistration(this, tap);
    }

    private void DetachTap(IFrameTap tap)
    {
        lock (_multicast)
        {
            if (_taps is null)
                return;
            var remaining = Array.FindAll(_taps, t => !ReferenceEquals(t, tap));
            _taps = remaining.Length == 0 ? null : remaining;
        }
    }

    private sealed class TapRegistration(NetInterface ifp, IFrameTap tap) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                ifp.DetachTap(tap);
        }
    }

    /// <summary>
    /// Hands a received frame to the interface (<c>if_input</c>): the receive tap, then the raw
    /// <see cref="InputHandler"/> if one is set, else the vnet's network stack
    /// (<see cref="Vnets.Vnet.Inet"/>). Never throws: a handler's exception is counted as an
    /// input error and reported to the kernel.
    /// </summary>
    protected internal void Input(Frame frame)
    {
        frame.ReceiveInterface = this;
        Tap(frame, TapDirection.In);
        var handler = _inputHandler;
        if (handler is null)
        {
            if (Vnet is { } vnet)
            {
                vnet.Inet.Input(this, frame);
                return;
            }
            // Not attached to any vnet, so no stack to take it.
            IncrementCounter(InterfaceCounter.NOPROTO);
            frame.Free();
            return;
        }
        try
        {
            handler(this, frame);
        }
        catch (Exception ex)
        {
            IncrementCounter(InterfaceCounter.IERRORS);
            Vnet?.Kernel.ReportHandlerFault(this, ex);
        }
    }

    internal static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length >= NameSize)
            throw new ErrnoException(name.Length == 0 ? Errno.EINVAL : Errno.ENAMETOOLONG, name);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

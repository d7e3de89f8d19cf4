namespace Epair.Interfaces;

// The control-plane calls (FreeBSD's ifhwioctl): generic checks here, then the driver's hook.
public abstract partial class NetInterface
{
    /// <summary>
    /// Sets the changeable flags (<c>SIOCSIFFLAGS</c>): flags FreeBSD calls <c>IFF_CANTCHANGE</c>
    /// keep their values; clearing <see cref="InterfaceFlags.Up"/> brings the interface down
    /// (<c>if_down</c>, which flushes the send queue), setting it brings it up.
    /// </summary>
    public void SetFlags(InterfaceFlags flags)
    {
        var old = Flags;
        if ((old & InterfaceFlags.Up) != 0 && (flags & InterfaceFlags.Up) == 0)
            IfDown();
        else if ((old & InterfaceFlags.Up) == 0 && (flags & InterfaceFlags.Up) != 0)
            IfUp();

        // IFF_PPROMISC is the user's promiscuity; the driver sees it as IFF_PROMISC (ifpromisc).
        var next = (Flags & CantChange) | (flags & ~CantChange);
        if ((flags & InterfaceFlags.PermanentPromiscuous) != 0)
            next |= InterfaceFlags.Promiscuous;
        else if ((old & InterfaceFlags.PermanentPromiscuous) != 0)
            next &= ~InterfaceFlags.Promiscuous;
        Volatile.Write(ref _flags, (int)next);
        ErrnoException.ThrowIfError(OnFlagsChanged(), "SIOCSIFFLAGS");
    }

    /// <summary>Marks the interface up (<c>ifconfig IF up</c>).</summary>
    public void Up() => SetFlags(Flags | InterfaceFlags.Up);

    /// <summary>Marks the interface down (<c>ifconfig IF down</c>).</summary>
    public void Down() => SetFlags(Flags & ~InterfaceFlags.Up);

    private void IfUp()
    {
        SetFlagBits(InterfaceFlags.Up);
        Vnet?.Inet.OnInterfaceUpChanged(this, up: true);
    }

    private void IfDown()
    {
        // if_down -> if_unroute: clear IFF_UP, then flush what is queued for a link that is gone.
        ClearFlagBits(InterfaceFlags.Up);
        QueueFlush();
        Vnet?.Inet.OnInterfaceUpChanged(this, up: false);
    }

    /// <summary>Sets the MTU (<c>SIOCSIFMTU</c>); EINVAL outside 72–65535, then the driver decides.</summary>
    public void SetMtu(int mtu)
    {
        if (mtu < MinMtu || mtu > MaxMtu)
            throw new ErrnoException(Errno.EINVAL, "SIOCSIFMTU");
        ErrnoException.ThrowIfError(OnSetMtu(mtu), "SIOCSIFMTU");
    }

    /// <summary>
    /// Sets the link-level address (<c>SIOCSIFLLADDR</c>). An interface that is up is taken
    /// down and up again so the new address takes effect, as <c>if_setlladdr</c> does.
    /// </summary>
    public void SetMacAddress(MacAddress mac)
    {
        if (Type is not (InterfaceType.Ethernet or InterfaceType.L2Vlan or InterfaceType.Bridge))
            throw new ErrnoException(Errno.ENODEV, "SIOCSIFLLADDR");
        SetMacAddressValue(mac);
        if ((Flags & InterfaceFlags.Up) != 0)
        {
            ClearFlagBits(InterfaceFlags.Up);
            _ = OnFlagsChanged();
            SetFlagBits(InterfaceFlags.Up);
            _ = OnFlagsChanged();
        }
        Vnet?.Inet.OnLinkAddressChanged(this);
        LinkAddressChanged?.Invoke(this, mac);
    }

    /// <summary>Joins a link-level multicast group (<c>SIOCADDMULTI</c>); references are counted.</summary>
    public void AddMulticast(MacAddress group)
    {
        if (!group.IsMulticast)
            throw new ErrnoException(Errno.EADDRNOTAVAIL, "SIOCADDMULTI");
        lock (_multicast)
        {
            int i = _multicast.FindIndex(m => m.Address == group);
            if (i >= 0)
            {
                _multicast[i] = (group, _multicast[i].References + 1);
                return;
            }
            _multicast.Add((group, 1));
        }
        ErrnoException.ThrowIfError(OnMulticastChanged(), "SIOCADDMULTI");
    }

    /// <summary>Leaves a link-level multicast group (<c>SIOCDELMULTI</c>); ENOENT when not joined.</summary>
    public void DeleteMulticast(MacAddress group)
    {
        lock (_multicast)
        {
            int i = _multicast.FindIndex(m => m.Address == group);
            if (i < 0)
                throw new ErrnoException(Errno.ENOENT, "SIOCDELMULTI");
            if (_multicast[i].References > 1)
            {
                _multicast[i] = (group, _multicast[i].References - 1);
                return;
            }
            _multicast.RemoveAt(i);
        }
        ErrnoException.ThrowIfError(OnMulticastChanged(), "SIOCDELMULTI");
    }

    /// <summary>True when <paramref name="group"/> has been joined.</summary>
    public bool IsMulticastMember(MacAddress group)
    {
        // Ethernet input asks this for every multicast frame: a plain loop, no closure to allocate.
        lock (_multicast)
        {
            foreach (var (address, _) in _multicast)
            {
                if (address == group)
                    return true;
            }
            return false;
        }
    }

    /// <summary>The medium (<c>SIOCGIFMEDIA</c>); EINVAL for interfaces without media.</summary>
    public MediaInfo GetMedia() =>
        GetMediaCore() ?? throw new ErrnoException(Errno.EINVAL, "SIOCGIFMEDIA");

    /// <summary>Selects a medium (<c>SIOCSIFMEDIA</c>).</summary>
    public void SetMedia(MediaWord media) => ErrnoException.ThrowIfError(OnSetMedia(media), "SIOCSIFMEDIA");

    /// <summary>Driver hook for <c>SIOCSIFFLAGS</c>, after the flags changed.</summary>
    protected virtual Errno OnFlagsChanged() => Errno.None;

    /// <summary>Driver hook for <c>SIOCSIFMTU</c>, after the generic range check; sets the MTU by default.</summary>
    protected virtual Errno OnSetMtu(int mtu)
    {
        SetMtuValue(mtu);
        return Errno.None;
    }

    /// <summary>Driver hook for <c>SIOCADDMULTI</c>/<c>SIOCDELMULTI</c>.</summary>
    protected virtual Errno OnMulticastChanged() => Errno.None;

    /// <summary>Driver hook for <c>SIOCGIFMEDIA</c>: null when the interface has no media.</summary>
    protected virtual MediaInfo? GetMediaCore() => null;

    /// <summary>Driver hook for <c>SIOCSIFMEDIA</c>.</summary>
    protected virtual Errno OnSetMedia(MediaWord media) => Errno.EINVAL;

    /// <summary><c>net.ifdescr_maxlen</c>: the longest description, with its terminating NUL.</summary>
    public const int DescriptionMaxLength = 1024;

    /// <summary>
    /// The interface's description (<c>ifconfig IF description TEXT</c>, <c>SIOCSIFDESCR</c>), or
    /// null for none; an empty text clears it.
    /// </summary>
    /// <exception cref="ErrnoException">ENAMETOOLONG for a text of <see cref="DescriptionMaxLength"/> characters or more.</exception>
    public string? Description
    {
        get => Volatile.Read(ref _description);
        set
        {
            if (value is { Length: >= DescriptionMaxLength })
                throw new ErrnoException(Errno.ENAMETOOLONG, "SIOCSIFDESCR");
            Volatile.Write(ref _description, string.IsNullOrEmpty(value) ? null : value);
        }
    }

    private string? _description;

    /// <summary><c>rt_numfibs</c>: one routing table (FIB) per vnet here.</summary>
    public const int FibCount = 1;

    /// <summary>The interface's routing table (<c>if_fib</c>, <c>ifconfig IF fib N</c>).</summary>
    public int Fib => Volatile.Read(ref _fib);

    /// <summary><c>SIOCSIFFIB</c>: EINVAL for a FIB that does not exist (<see cref="FibCount"/> or more).</summary>
    public void SetFib(uint fib)
    {
        if (fib >= FibCount)
            throw new ErrnoException(Errno.EINVAL, "SIOCSIFFIB");
        Volatile.Write(ref _fib, (int)fib);
    }

    private int _fib;
}

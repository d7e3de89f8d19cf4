using System.Net;
using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv4.Statistics;
using Epair.Inet.Ipv4.Wire;
using Epair.Interfaces;
using Epair.Sysctl;

namespace Epair.Inet.Ipv4;

/// <summary>
/// ARP (RFC 826): resolution of IPv4 addresses on Ethernet, and the ARP table of one vnet,
/// keyed by (interface, address), with FreeBSD's timers, hold queue and statistics.
/// </summary>
public sealed partial class Arp
{
    /// <summary><c>MAX_GARP_RETRANSMITS</c>.</summary>
    public const int MaxGarpRetransmits = 16;

    private readonly InetStack _stack;
    private readonly Dictionary<(NetInterface, uint), ArpEntry> _table = [];
    private int _garpRexmitCount;

    internal Arp(InetStack stack) => _stack = stack;

    /// <summary>ARP statistics (<c>netstat -s -p arp</c>).</summary>
    public ArpStatistics Statistics { get; } = new();

    /// <summary><c>net.link.ether.inet.max_age</c>: seconds a resolved entry lives (<c>arpt_keep</c>).</summary>
    public int MaxAge { get; set; } = 20 * 60;

    /// <summary><c>net.link.ether.inet.maxtries</c>: requests before resolution reports failure.</summary>
    public int MaxTries { get; set; } = 5;

    /// <summary><c>net.link.ether.inet.wait</c>: seconds an incomplete entry lives (<c>arpt_down</c>).</summary>
    public int Wait { get; set; } = 20;

    /// <summary><c>net.link.ether.inet.maxhold</c>: packets held per incomplete entry (FreeBSD 13 and later: 16).</summary>
    public int MaxHold { get; set; } = 16;

    /// <summary>
    /// The most entries the table holds, static ones included; learning and resolution past it
    /// fail so that a flood cannot grow memory. FreeBSD bounds lltables only by memory; this is ours.
    /// </summary>
    public int MaxEntries { get; set; } = 4096;

    /// <summary>
    /// <c>net.link.ether.inet.garp_rexmit_count</c>: gratuitous ARP retransmissions after an
    /// address is added, at 1, 2, 4, … seconds; clamped to 0–16 as FreeBSD does.
    /// </summary>
    public int GarpRexmitCount
    {
        get => Volatile.Read(ref _garpRexmitCount);
        set => Volatile.Write(ref _garpRexmitCount, Math.Clamp(value, 0, MaxGarpRetransmits));
    }

    /// <summary>Registers this protocol's sysctls (per-vnet values read through <c>vnet.Inet</c>).</summary>
    internal static void RegisterSysctls(SysctlRegistry sysctl)
    {
        const SysctlAccess rw = SysctlAccess.ReadWrite | SysctlAccess.PerVnet;
        sysctl.RegisterInt("net.link.ether.inet.max_age", rw, "ARP entry lifetime in seconds",
            v => v.Inet.Arp.MaxAge, (v, x) => Positive(x, n => v.Inet.Arp.MaxAge = n));
        sysctl.RegisterInt("net.link.ether.inet.maxtries", rw, "ARP resolution attempts before returning error",
            v => v.Inet.Arp.MaxTries, (v, x) => Positive(x, n => v.Inet.Arp.MaxTries = n));
        sysctl.RegisterInt("net.link.ether.inet.wait", rw, "Incomplete ARP entry lifetime in seconds",
            v => v.Inet.Arp.Wait, (v, x) => Positive(x, n => v.Inet.Arp.Wait = n));
        sysctl.RegisterInt("net.link.ether.inet.maxhold", rw, "Number of packets to hold per ARP entry",
            v => v.Inet.Arp.MaxHold, (v, x) => Positive(x, n => v.Inet.Arp.MaxHold = n));
        sysctl.RegisterInt("net.link.ether.inet.garp_rexmit_count", rw,
            "Number of times to retransmit GARP packets; 0 to disable, maximum of 16",
            v => v.Inet.Arp.GarpRexmitCount, (v, x) => { v.Inet.Arp.GarpRexmitCount = (int)x; return Errno.None; });
    }

    private static Errno Positive(long value, Action<int> apply)
    {
        if (value < 1 || value > int.MaxValue)
            return Errno.EINVAL;
        apply((int)value);
        return Errno.None;
    }

    /// <summary>The ARP table (<c>arp -an</c>).</summary>
    public IReadOnlyList<ArpEntryInfo> Entries
    {
        get
        {
            long now = _stack.NowMs;
            lock (_stack.Lock)
            {
                var list = new List<ArpEntryInfo>(_table.Count);
                foreach (var e in _table.Values)
                {
                    list.Add(new ArpEntryInfo(e.Interface, InAddr.ToIPAddress(e.Address), e.Valid ? e.Mac : null, e.Static,
                        e.Static ? null : TimeSpan.FromMilliseconds(Math.Max(0, e.ExpiresMs - now)), e.InterfaceAddress)
                    { Published = e.Published });
                }
                return list;
            }
        }
    }

    /// <summary>
    /// Adds an entry by hand (<c>arp -s ADDRESS MAC [temp] [pub]</c>), replacing a learned or
    /// earlier one and sending what it held. Without <paramref name="expiresIn"/> it is
    /// permanent and learning never changes it; with it (<c>temp</c>) it ages like a learned
    /// entry. A <paramref name="published"/> entry is answered for (proxy ARP). EINVAL for a
    /// multicast MAC or an interface without ARP, EPERM for one of our own addresses (as
    /// FreeBSD's netlink replace refuses LLE_IFADDR entries).
    /// </summary>
    public void AddStatic(NetInterface ifp, IPAddress address, MacAddress mac, TimeSpan? expiresIn = null, bool published = false)
    {
        ArgumentNullException.ThrowIfNull(ifp);
        uint a = InAddr.FromIPAddress(address, "arp -s");
        if (mac.IsMulticast || !UsesArp(ifp) || ifp.Vnet?.Inet != _stack)
            throw new ErrnoException(Errno.EINVAL, "arp -s");
        long now = _stack.NowMs;
        Queue<Frame>? held;
        lock (_stack.Lock)
        {
            if (_table.TryGetValue((ifp, a), out var entry))
            {
                if (entry.InterfaceAddress)
                    throw new ErrnoException(Errno.EPERM, "arp -s");
            }
            else
            {
                if (_table.Count >= MaxEntries)
                    throw new ErrnoException(Errno.ENOBUFS, "arp -s");
                entry = new ArpEntry(ifp, a);
                _table.Add((ifp, a), entry);
            }
            entry.Mac = mac;
            entry.Valid = true;
            entry.Static = expiresIn is null;
            entry.Published = published;
            entry.Asked = 0;
            entry.ExpiresMs = expiresIn is { } t ? now + (long)t.TotalMilliseconds : 0;
            held = entry.Hold;
            entry.Hold = null;
        }
        SendHeld(ifp, held, mac);
    }

    /// <summary>Deletes an entry (<c>arp -d ADDRESS</c>); ESRCH when there is none, EPERM for our own addresses.</summary>
    public void Delete(IPAddress address, NetInterface? ifp = null)
    {
        uint a = InAddr.FromIPAddress(address, "arp -d");
        lock (_stack.Lock)
        {
            ArpEntry? found = null;
            foreach (var entry in _table.Values)
            {
                if (entry.Address == a && (ifp is null || ReferenceEquals(entry.Interface, ifp)))
                {
                    found = entry;
                    break;
                }
            }
            if (found is null)
                throw new ErrnoException(Errno.ESRCH, "arp -d");
            if (found.InterfaceAddress)
                throw new ErrnoException(Errno.EPERM, "arp -d");
            RemoveLocked(found);
        }
    }

    /// <summary>Deletes every entry but our own addresses' (<c>arp -d -a</c>), on one interface or all.</summary>
    public void Flush(NetInterface? ifp = null)
    {
        lock (_stack.Lock)
        {
            foreach (var entry in _table.Values)
            {
                if (!entry.InterfaceAddress && (ifp is null || ReferenceEquals(entry.Interface, ifp)))
                    _doomed.Add(entry);
            }
            foreach (var entry in _doomed)
                RemoveLocked(entry);
            _doomed.Clear();
        }
    }

    /// <summary>True for interfaces that resolve with ARP: broadcast-capable, not loopback, no IFF_NOARP.</summary>
    internal static bool UsesArp(NetInterface ifp) =>
        (ifp.Flags & (InterfaceFlags.Loopback | InterfaceFlags.NoArp | InterfaceFlags.PointToPoint)) == 0;

    private void RemoveLocked(ArpEntry entry)
    {
        _table.Remove((entry.Interface, entry.Address));
        entry.FreeHeld();
    }

    /// <summary>Sends frames that waited for <paramref name="mac"/>; called without the lock.</summary>
    private static void SendHeld(NetInterface ifp, Queue<Frame>? held, MacAddress mac)
    {
        if (held is null)
            return;
        while (held.TryDequeue(out var frame))
            _ = EtherOutput.Send(ifp, frame, mac, EtherInput.EtherTypeIpv4);
    }

    /// <summary><c>arprequest</c>: broadcasts a request for <paramref name="target"/> from <paramref name="sender"/>.</summary>
    internal Errno SendRequest(NetInterface ifp, uint sender, uint target)
    {
        var frame = EtherOutput.Rent(_stack.Vnet.Kernel.Frames, ArpPacket.EthernetIpv4Length);
        new ArpRepr(ArpPacket.OpRequest, ifp.MacAddress, sender, MacAddress.Zero, target).Emit(EtherOutput.Packet(frame));
        Statistics.Increment(ArpStat.TxRequests);
        var error = EtherOutput.Send(ifp, frame, MacAddress.Broadcast, EtherInput.EtherTypeArp);
        if (error != Errno.None)
            Statistics.Increment(ArpStat.TxErrors);
        return error;
    }

    private readonly List<ArpEntry> _doomed = [];

    internal void OnInterfaceDetaching(NetInterface ifp)
    {
        lock (_stack.Lock)
        {
            foreach (var entry in _table.Values)
            {
                if (ReferenceEquals(entry.Interface, ifp))
                    _doomed.Add(entry);
            }
            foreach (var entry in _doomed)
                RemoveLocked(entry);
            _doomed.Clear();
        }
        CancelAnnouncements(ifp);
    }

    /// <summary><c>arp_iflladdr</c>: our entries take the new MAC, and an up interface re-announces its addresses.</summary>
    internal void OnLinkAddressChanged(NetInterface ifp)
    {
        if (!UsesArp(ifp))
            return;
        lock (_stack.Lock)
        {
            foreach (var entry in _table.Values)
            {
                if (entry.InterfaceAddress && ReferenceEquals(entry.Interface, ifp))
                    entry.Mac = ifp.MacAddress;
            }
        }
        if ((ifp.Flags & InterfaceFlags.Up) == 0)
            return;
        foreach (var ia in _stack.Ipv4.GetAddresses(ifp))
            Announce(ifp, ia.AddressValue, scheduleRetransmits: true);
    }
}

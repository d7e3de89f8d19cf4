using Epair.Inet.Ipv4.Statistics;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

// arptimer (aging) and gratuitous ARP with its retransmissions (garp_rexmit).
public sealed partial class Arp
{
    private readonly List<Announcement> _announcements = [];

    private sealed class Announcement(NetInterface ifp, uint address, long dueMs)
    {
        public NetInterface Interface { get; } = ifp;
        public uint Address { get; } = address;
        public long DueMs = dueMs;
        public int Count;
    }

    /// <summary>
    /// <c>arp_ifinit</c>: a new address gets a permanent entry (so <c>arp -a</c> lists it and
    /// learning leaves it alone) and a gratuitous ARP, repeated when garp_rexmit_count says so.
    /// </summary>
    internal void OnAddressAdded(NetInterface ifp, uint address)
    {
        if (!UsesArp(ifp))
            return;
        lock (_stack.Lock)
        {
            if (_table.TryGetValue((ifp, address), out var old))
                RemoveLocked(old);
            var entry = new ArpEntry(ifp, address)
            {
                Mac = ifp.MacAddress,
                Valid = true,
                Static = true,
                InterfaceAddress = true,
            };
            _table.Add((ifp, address), entry);
        }
        Announce(ifp, address, scheduleRetransmits: true);
    }

    internal void OnAddressRemoved(NetInterface ifp, uint address)
    {
        lock (_stack.Lock)
        {
            if (_table.TryGetValue((ifp, address), out var entry) && entry.InterfaceAddress)
                RemoveLocked(entry);
            _announcements.RemoveAll(a => ReferenceEquals(a.Interface, ifp) && a.Address == address);
        }
    }

    internal void CancelAnnouncements(NetInterface ifp)
    {
        lock (_stack.Lock)
            _announcements.RemoveAll(a => ReferenceEquals(a.Interface, ifp));
    }

    /// <summary><c>arp_announce_ifaddr</c>: a request for our own address, from it.</summary>
    private void Announce(NetInterface ifp, uint address, bool scheduleRetransmits)
    {
        _ = SendRequest(ifp, address, address);
        if (!scheduleRetransmits || GarpRexmitCount == 0)
            return;
        lock (_stack.Lock)
        {
            _announcements.RemoveAll(a => ReferenceEquals(a.Interface, ifp) && a.Address == address);
            _announcements.Add(new Announcement(ifp, address, _stack.NowMs + 1000));
        }
    }

    /// <summary>The periodic callout: entries past their time go (their held frames counted as dropped), GARPs repeat.</summary>
    internal void OnTimer(long nowMs)
    {
        List<(NetInterface Ifp, uint Address)>? due = null;
        lock (_stack.Lock)
        {
            foreach (var entry in _table.Values)
            {
                if (!entry.Static && entry.ExpiresMs <= nowMs)
                    _doomed.Add(entry);
            }
            foreach (var entry in _doomed)
            {
                _table.Remove((entry.Interface, entry.Address));
                Statistics.Add(ArpStat.Dropped, entry.FreeHeld());
                Statistics.Increment(ArpStat.Timeouts);
            }
            _doomed.Clear();

            for (int i = _announcements.Count - 1; i >= 0; i--)
            {
                var a = _announcements[i];
                if (a.DueMs > nowMs)
                    continue;
                (due ??= []).Add((a.Interface, a.Address));
                a.Count++;
                // The interval doubles: 1, 2, 4, 8 … seconds.
                if (a.Count >= GarpRexmitCount)
                    _announcements.RemoveAt(i);
                else
                    a.DueMs = nowMs + (1000L << a.Count);
            }
        }
        // Transmit only after the lock is dropped.
        if (due is null)
            return;
        foreach (var (ifp, address) in due)
            _ = SendRequest(ifp, address, address);
    }
}

namespace Epair.Inet.Ipv4.Statistics;

/// <summary>ARP statistics of one vnet, FreeBSD's <c>struct arpstat</c> (<c>netstat -s -p arp</c>).</summary>
public sealed class ArpStatistics
{
    private readonly StatCounters _counters = new((int)ArpStat.Count);

    internal void Increment(ArpStat stat) => _counters.Increment((int)stat);

    /// <summary><c>netstat -z</c>: zero the counters.</summary>
    internal void Reset() => _counters.Reset();

    internal void Add(ArpStat stat, long value) => _counters.Add((int)stat, value);

    private long Read(ArpStat stat) => _counters.Read((int)stat);

    /// <summary><c>txrequests</c>: ARP requests sent.</summary>
    public long TxRequests => Read(ArpStat.TxRequests);
    /// <summary><c>txerrors</c>: ARP requests that failed to send.</summary>
    public long TxErrors => Read(ArpStat.TxErrors);
    /// <summary><c>txreplies</c>: ARP replies sent.</summary>
    public long TxReplies => Read(ArpStat.TxReplies);
    /// <summary><c>rxrequests</c>: ARP requests received.</summary>
    public long RxRequests => Read(ArpStat.RxRequests);
    /// <summary><c>rxreplies</c>: ARP replies received.</summary>
    public long RxReplies => Read(ArpStat.RxReplies);
    /// <summary><c>received</c>: ARP packets received.</summary>
    public long Received => Read(ArpStat.Received);
    /// <summary><c>dropped</c>: packets dropped due to no ARP entry (hold queue overflow or timeout).</summary>
    public long Dropped => Read(ArpStat.Dropped);
    /// <summary><c>timeouts</c>: ARP entries timed out.</summary>
    public long Timeouts => Read(ArpStat.Timeouts);
    /// <summary><c>dupips</c>: duplicate IP addresses seen.</summary>
    public long DupIps => Read(ArpStat.DupIps);
}

namespace Epair.Inet.Ipv4.Statistics;

/// <summary>The counters of <c>struct arpstat</c> (<c>net/if_arp.h</c>).</summary>
internal enum ArpStat
{
    TxRequests, TxErrors, TxReplies, RxRequests, RxReplies, Received, Dropped, Timeouts, DupIps, Count,
}

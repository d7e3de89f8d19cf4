namespace Epair.Inet.Ipv4.Statistics;

/// <summary>
/// IPv4 statistics of one vnet, FreeBSD's <c>struct ipstat</c> (<c>netstat -s -p ip</c>); each
/// property is the <c>ips_</c> field of the same name. Read-only; values grow as traffic flows.
/// </summary>
public sealed class IpStatistics
{
    internal StatCounters Counters { get; } = new((int)IpStat.Count);

    internal void Increment(IpStat stat) => Counters.Increment((int)stat);

    /// <summary><c>netstat -z</c>: zero the counters.</summary>
    internal void Reset() => Counters.Reset();

    internal void Add(IpStat stat, long value) => Counters.Add((int)stat, value);

    private long Read(IpStat stat) => Counters.Read((int)stat);

    /// <summary><c>ips_total</c>: total packets received.</summary>
    public long Total => Read(IpStat.Total);
    /// <summary><c>ips_badsum</c>: checksum bad.</summary>
    public long BadSum => Read(IpStat.BadSum);
    /// <summary><c>ips_tooshort</c>: packet too short (shorter than its total length).</summary>
    public long TooShort => Read(IpStat.TooShort);
    /// <summary><c>ips_toosmall</c>: not enough data for a header.</summary>
    public long TooSmall => Read(IpStat.TooSmall);
    /// <summary><c>ips_badhlen</c>: ip header length &lt; data size.</summary>
    public long BadHeaderLength => Read(IpStat.BadHeaderLength);
    /// <summary><c>ips_badlen</c>: ip length &lt; ip header length.</summary>
    public long BadLength => Read(IpStat.BadLength);
    /// <summary><c>ips_fragments</c>: fragments received.</summary>
    public long Fragments => Read(IpStat.Fragments);
    /// <summary><c>ips_fragdropped</c>: fragments dropped (dups, out of space).</summary>
    public long FragDropped => Read(IpStat.FragDropped);
    /// <summary><c>ips_fragtimeout</c>: fragments timed out.</summary>
    public long FragTimeout => Read(IpStat.FragTimeout);
    /// <summary><c>ips_forward</c>: packets forwarded.</summary>
    public long Forward => Read(IpStat.Forward);
    /// <summary><c>ips_fastforward</c>: packets fast forwarded.</summary>
    public long FastForward => Read(IpStat.FastForward);
    /// <summary><c>ips_cantforward</c>: packets received for unreachable destinations.</summary>
    public long CantForward => Read(IpStat.CantForward);
    /// <summary><c>ips_redirectsent</c>: redirects sent (never, here).</summary>
    public long RedirectSent => Read(IpStat.RedirectSent);
    /// <summary><c>ips_noproto</c>: unknown or unsupported protocol.</summary>
    public long NoProto => Read(IpStat.NoProto);
    /// <summary><c>ips_delivered</c>: datagrams delivered to an upper level.</summary>
    public long Delivered => Read(IpStat.Delivered);
    /// <summary><c>ips_localout</c>: total IP packets generated here.</summary>
    public long LocalOut => Read(IpStat.LocalOut);
    /// <summary><c>ips_odropped</c>: lost packets due to nobufs and the like.</summary>
    public long OutputDropped => Read(IpStat.OutputDropped);
    /// <summary><c>ips_reassembled</c>: total packets reassembled ok.</summary>
    public long Reassembled => Read(IpStat.Reassembled);
    /// <summary><c>ips_fragmented</c>: datagrams successfully fragmented.</summary>
    public long Fragmented => Read(IpStat.Fragmented);
    /// <summary><c>ips_ofragments</c>: output fragments created.</summary>
    public long OutputFragments => Read(IpStat.OutputFragments);
    /// <summary><c>ips_cantfrag</c>: don't fragment flag was set, etc.</summary>
    public long CantFrag => Read(IpStat.CantFrag);
    /// <summary><c>ips_badoptions</c>: error in option processing.</summary>
    public long BadOptions => Read(IpStat.BadOptions);
    /// <summary><c>ips_noroute</c>: packets discarded due to no route.</summary>
    public long NoRoute => Read(IpStat.NoRoute);
    /// <summary><c>ips_badvers</c>: ip version != 4.</summary>
    public long BadVersion => Read(IpStat.BadVersion);
    /// <summary><c>ips_rawout</c>: total raw ip packets generated.</summary>
    public long RawOut => Read(IpStat.RawOut);
    /// <summary><c>ips_toolong</c>: ip length &gt; max ip packet size.</summary>
    public long TooLong => Read(IpStat.TooLong);
    /// <summary><c>ips_notmember</c>: multicasts for unregistered groups.</summary>
    public long NotMember => Read(IpStat.NotMember);
    /// <summary><c>ips_nogif</c>: no match gif found.</summary>
    public long NoGif => Read(IpStat.NoGif);
    /// <summary><c>ips_badaddr</c>: invalid address on header.</summary>
    public long BadAddress => Read(IpStat.BadAddress);
}

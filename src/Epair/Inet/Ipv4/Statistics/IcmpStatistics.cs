using Epair.Inet.Ipv4.Wire;

namespace Epair.Inet.Ipv4.Statistics;

/// <summary>
/// ICMP statistics of one vnet, FreeBSD's <c>struct icmpstat</c> (<c>netstat -s -p icmp</c>),
/// including the input and output histograms by ICMP type.
/// </summary>
public sealed class IcmpStatistics
{
    private readonly StatCounters _counters = new((int)IcmpStat.Count);
    private readonly StatCounters _outHistogram = new(IcmpType.MaxType + 1);
    private readonly StatCounters _inHistogram = new(IcmpType.MaxType + 1);

    /// <summary><c>ICMP_MAXTYPE</c>: the histograms have this many plus one slots.</summary>
    public const int MaxType = IcmpType.MaxType;

    internal void Increment(IcmpStat stat) => _counters.Increment((int)stat);

    /// <summary><c>netstat -z</c>: zero the counters and both histograms.</summary>
    internal void Reset()
    {
        _counters.Reset();
        _outHistogram.Reset();
        _inHistogram.Reset();
    }

    internal void CountOutput(byte type)
    {
        if (type <= MaxType)
            _outHistogram.Increment(type);
    }

    internal void CountInput(byte type)
    {
        if (type <= MaxType)
            _inHistogram.Increment(type);
    }

    private long Read(IcmpStat stat) => _counters.Read((int)stat);

    /// <summary><c>icps_outhist[type]</c>: messages of <paramref name="type"/> sent.</summary>
    public long OutputHistogram(int type) => (uint)type <= MaxType ? _outHistogram.Read(type) : 0;

    /// <summary><c>icps_inhist[type]</c>: messages of <paramref name="type"/> received.</summary>
    public long InputHistogram(int type) => (uint)type <= MaxType ? _inHistogram.Read(type) : 0;

    /// <summary><c>icps_error</c>: calls to icmp_error.</summary>
    public long Error => Read(IcmpStat.Error);
    /// <summary><c>icps_oldshort</c>: no error because the old ip packet was too short.</summary>
    public long OldShort => Read(IcmpStat.OldShort);
    /// <summary><c>icps_oldicmp</c>: no error because the old packet was an ICMP error.</summary>
    public long OldIcmp => Read(IcmpStat.OldIcmp);
    /// <summary><c>icps_badcode</c>: icmp_code out of range.</summary>
    public long BadCode => Read(IcmpStat.BadCode);
    /// <summary><c>icps_tooshort</c>: packet &lt; ICMP_MINLEN.</summary>
    public long TooShort => Read(IcmpStat.TooShort);
    /// <summary><c>icps_checksum</c>: bad checksum.</summary>
    public long Checksum => Read(IcmpStat.Checksum);
    /// <summary><c>icps_badlen</c>: calculated bound mismatch.</summary>
    public long BadLength => Read(IcmpStat.BadLength);
    /// <summary><c>icps_reflect</c>: number of responses.</summary>
    public long Reflect => Read(IcmpStat.Reflect);
    /// <summary><c>icps_bmcastecho</c>: broadcast/multicast echo requests ignored.</summary>
    public long BroadcastMulticastEcho => Read(IcmpStat.BroadcastMulticastEcho);
    /// <summary><c>icps_bmcasttstamp</c>: broadcast/multicast timestamp requests ignored.</summary>
    public long BroadcastMulticastTimestamp => Read(IcmpStat.BroadcastMulticastTimestamp);
    /// <summary><c>icps_badaddr</c>: bad return address.</summary>
    public long BadAddress => Read(IcmpStat.BadAddress);
    /// <summary><c>icps_noroute</c>: no route back.</summary>
    public long NoRoute => Read(IcmpStat.NoRoute);
}

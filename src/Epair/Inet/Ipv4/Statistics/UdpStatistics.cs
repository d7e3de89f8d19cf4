namespace Epair.Inet.Ipv4.Statistics;

/// <summary>UDP statistics of one vnet, FreeBSD's <c>struct udpstat</c> (<c>netstat -s -p udp</c>).</summary>
public sealed class UdpStatistics
{
    private readonly StatCounters _counters = new((int)UdpStat.Count);

    internal void Increment(UdpStat stat) => _counters.Increment((int)stat);

    /// <summary><c>netstat -z</c>: zero the counters.</summary>
    internal void Reset() => _counters.Reset();

    private long Read(UdpStat stat) => _counters.Read((int)stat);

    /// <summary><c>udps_ipackets</c>: total input packets.</summary>
    public long InputPackets => Read(UdpStat.InputPackets);
    /// <summary><c>udps_hdrops</c>: packet shorter than header.</summary>
    public long HeaderDrops => Read(UdpStat.HeaderDrops);
    /// <summary><c>udps_badsum</c>: checksum error.</summary>
    public long BadSum => Read(UdpStat.BadSum);
    /// <summary><c>udps_nosum</c>: no checksum.</summary>
    public long NoSum => Read(UdpStat.NoSum);
    /// <summary><c>udps_badlen</c>: data length larger than packet.</summary>
    public long BadLength => Read(UdpStat.BadLength);
    /// <summary><c>udps_noport</c>: no socket on port.</summary>
    public long NoPort => Read(UdpStat.NoPort);
    /// <summary><c>udps_noportbcast</c>: of above, arrived as broadcast.</summary>
    public long NoPortBroadcast => Read(UdpStat.NoPortBroadcast);
    /// <summary><c>udps_fullsock</c>: not delivered, input socket full.</summary>
    public long FullSocket => Read(UdpStat.FullSocket);
    /// <summary><c>udpps_pcbcachemiss</c>: input packets missing pcb cache.</summary>
    public long PcbCacheMiss => Read(UdpStat.PcbCacheMiss);
    /// <summary><c>udpps_pcbhashmiss</c>: input packets not for hashed pcb.</summary>
    public long PcbHashMiss => Read(UdpStat.PcbHashMiss);
    /// <summary><c>udps_opackets</c>: total output packets.</summary>
    public long OutputPackets => Read(UdpStat.OutputPackets);
    /// <summary><c>udps_fastout</c>: output packets on fast path.</summary>
    public long FastOut => Read(UdpStat.FastOut);
    /// <summary><c>udps_noportmcast</c>: of no socket on port, multicast.</summary>
    public long NoPortMulticast => Read(UdpStat.NoPortMulticast);
    /// <summary><c>udps_filtermcast</c>: blocked by multicast filter.</summary>
    public long FilterMulticast => Read(UdpStat.FilterMulticast);
}

namespace Epair.Inet.Ipv4.Statistics;

/// <summary>The counters of <c>struct udpstat</c> (<c>netinet/udp_var.h</c>).</summary>
internal enum UdpStat
{
    InputPackets, HeaderDrops, BadSum, NoSum, BadLength, NoPort, NoPortBroadcast, FullSocket,
    PcbCacheMiss, PcbHashMiss, OutputPackets, FastOut, NoPortMulticast, FilterMulticast, Count,
}

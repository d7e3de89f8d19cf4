namespace Epair.Inet.Ipv4.Statistics;

/// <summary>The scalar counters of <c>struct icmpstat</c> (<c>netinet/icmp_var.h</c>).</summary>
internal enum IcmpStat
{
    Error, OldShort, OldIcmp, BadCode, TooShort, Checksum, BadLength, Reflect, BroadcastMulticastEcho,
    BroadcastMulticastTimestamp, BadAddress, NoRoute, Count,
}

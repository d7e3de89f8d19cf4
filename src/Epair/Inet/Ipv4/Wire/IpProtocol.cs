namespace Epair.Inet.Ipv4.Wire;

/// <summary>The IP protocol numbers this stack knows (<c>IPPROTO_*</c>).</summary>
internal static class IpProtocol
{
    public const byte Icmp = 1;
    public const byte Tcp = 6;
    public const byte Udp = 17;
}

namespace Epair.Inet.Ipv6.Wire;

/// <summary>The next-header values IPv6 input knows (<c>IPPROTO_*</c>).</summary>
internal static class IpProtocol
{
    public const byte HopOptions = 0;
    public const byte Udp = 17;
    public const byte Routing = 43;
    public const byte Fragment = 44;
    public const byte Icmpv6 = 58;
    public const byte NoNextHeader = 59;
    public const byte DestinationOptions = 60;
}

namespace Epair.Inet.Ipv6.Wire;

/// <summary>ICMPv6 message types and codes (<c>netinet/icmp6.h</c>).</summary>
internal static class Icmpv6Type
{
    public const byte DestinationUnreachable = 1;
    public const byte PacketTooBig = 2;
    public const byte TimeExceeded = 3;
    public const byte ParameterProblem = 4;
    public const byte EchoRequest = 128;
    public const byte EchoReply = 129;
    public const byte RouterSolicitation = 133;
    public const byte RouterAdvertisement = 134;
    public const byte NeighborSolicitation = 135;
    public const byte NeighborAdvertisement = 136;
    public const byte Redirect = 137;

    public const byte UnreachNoRoute = 0;
    public const byte UnreachAdmin = 1;
    public const byte UnreachBeyondScope = 2;
    public const byte UnreachAddress = 3;
    public const byte UnreachNoPort = 4;
    /// <summary><c>ICMP6_DST_UNREACH_REJECT</c>: reject route to destination (RFC 4443).</summary>
    public const byte UnreachReject = 6;

    public const byte TimeExceedTransit = 0;
    public const byte TimeExceedReassembly = 1;

    public const byte ParamProbHeader = 0;
    public const byte ParamProbNextHeader = 1;
    public const byte ParamProbOption = 2;

    /// <summary>Neighbor advertisement flags in the message word (<c>ND_NA_FLAG_*</c>).</summary>
    public const uint NaRouter = 0x8000_0000;
    public const uint NaSolicited = 0x4000_0000;
    public const uint NaOverride = 0x2000_0000;

    /// <summary>Error messages are types 0–127 (RFC 4443, section 2.1).</summary>
    public static bool IsError(byte type) => type < 128;
}

namespace Epair.Inet.Ipv4.Wire;

/// <summary>ICMP types and codes (<c>netinet/ip_icmp.h</c>).</summary>
internal static class IcmpType
{
    public const byte EchoReply = 0;
    public const byte Unreachable = 3;
    public const byte SourceQuench = 4;
    public const byte Redirect = 5;
    public const byte Echo = 8;
    public const byte TimeExceeded = 11;
    public const byte ParameterProblem = 12;
    public const byte Timestamp = 13;
    public const byte TimestampReply = 14;
    /// <summary><c>ICMP_MAXTYPE</c>.</summary>
    public const byte MaxType = 40;

    public const byte UnreachNet = 0;
    public const byte UnreachHost = 1;
    public const byte UnreachProtocol = 2;
    public const byte UnreachPort = 3;
    public const byte UnreachNeedFrag = 4;
    public const byte TimeExceededInTransit = 0;
    public const byte TimeExceededReassembly = 1;

    /// <summary><c>ICMP_INFOTYPE</c>: queries and replies, never errors.</summary>
    public static bool IsInfo(byte type) => type is EchoReply or Echo or 9 or 10 or Timestamp or TimestampReply or 15 or 16 or 17 or 18;
}

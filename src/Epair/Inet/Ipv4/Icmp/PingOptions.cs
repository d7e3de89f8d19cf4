using System.Net;

namespace Epair.Inet.Ipv4.Icmp;

/// <summary>What <c>ping(8)</c>'s flags set: <c>-c</c>, <c>-i</c>, <c>-s</c>, <c>-m</c>, <c>-t</c>, <c>-S</c>, <c>-D</c>.</summary>
public sealed record PingOptions
{
    /// <summary><c>-c</c>: echo requests to send; 0 sends until cancelled.</summary>
    public int Count { get; init; } = 5;

    /// <summary><c>-i</c>: time between requests (FreeBSD's default: one second).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>-s</c>: data bytes per request (default 56, so 64 ICMP bytes).</summary>
    public int Size { get; init; } = 56;

    /// <summary><c>-m</c>: the TTL of the requests; null for <c>net.inet.ip.ttl</c>.</summary>
    public int? Ttl { get; init; }

    /// <summary>
    /// <c>-t</c>: how long to wait after the last request for the replies still missing
    /// (FreeBSD's <c>MAXWAIT</c>, 10 seconds).
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>-S</c>: the source address; null lets the route choose.</summary>
    public IPAddress? Source { get; init; }

    /// <summary><c>-D</c>: set the Don't Fragment bit.</summary>
    public bool DontFragment { get; init; }
}

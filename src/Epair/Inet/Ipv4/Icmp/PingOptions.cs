using System.Net;

namespace Epair.Inet.Ipv4.Icmp;

/// <summary>What <c>ping(8)</c>'s flags set: <c>-c</c>, <c>-i</c>, <c>-s</c>, <c>-m</c>, <c>-W</c>, <c>-S</c>, <c>-D</c>, <c>-C</c>.</summary>
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

    /// <summary>
    /// <c>-D</c>: set the Don't Fragment bit. A request larger than the route's MTU then is not
    /// sent: the first fails with <c>sendto: Message too long</c> (EMSGSIZE), later ones count as lost.
    /// </summary>
    public bool DontFragment { get; init; }

    /// <summary>
    /// <c>-C</c>: the 802.1p priority (0–7) the requests leave with, as the <c>IP_VLAN_PCP</c>
    /// socket option sets it: an Ethernet interface sends them priority-tagged (VLAN id 0), a
    /// vlan(4) interface puts it in its own tag, and it wins over the interface's <c>pcp</c>.
    /// <see cref="Interfaces.NetInterface.NoPcp"/> (the default) leaves the interface's choice.
    /// </summary>
    public int Pcp { get; init; } = Interfaces.NetInterface.NoPcp;

    /// <summary>
    /// Told why a request could not be sent (ping's <c>warn("sendto")</c>), every time; the ping
    /// goes on and counts it as lost. Without it the first request's failure throws instead.
    /// </summary>
    public Action<Errno>? OnSendError { get; init; }

    /// <summary>
    /// <c>-f</c>: flood. Each reply sends the next request at once; without one, the next goes
    /// after <see cref="Interval"/> (ping sets 10 ms for <c>-f</c>).
    /// </summary>
    public bool Flood { get; init; }

    /// <summary>Called, on the pinging flow, after each request is handed to the stack, with its sequence number (ping <c>-f</c> prints a dot).</summary>
    public Action<int>? OnSent { get; init; }

    /// <summary>Called for every echo reply and every ICMP error about a request as it arrives, on the pinging flow.</summary>
    public Action<PingReply>? OnReply { get; init; }

    /// <summary>
    /// <c>-p</c>: up to 16 bytes repeated through the data after its 8-byte timestamp, instead
    /// of bytes counting up.
    /// </summary>
    public ReadOnlyMemory<byte> Pattern { get; init; }
}

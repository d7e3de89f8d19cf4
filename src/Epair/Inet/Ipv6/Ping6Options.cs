using System.Net;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

/// <summary>What <see cref="Ip6.PingAsync"/> sends, as <c>ping6</c>'s options choose it.</summary>
public sealed record Ping6Options
{
    /// <summary><c>-c</c>: echo requests to send; 0 sends until cancelled.</summary>
    public int Count { get; init; } = 1;

    /// <summary><c>-i</c>: time between requests.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>-s</c>: data bytes after the 8-byte ICMPv6 header (56 gives 64-byte messages).</summary>
    public int Size { get; init; } = 56;

    /// <summary><c>-m</c>: hop limit; the vnet's <c>net.inet6.ip6.hlim</c> when null.</summary>
    public int? HopLimit { get; init; }

    /// <summary><c>-W</c>/<c>-t</c>: how long to wait for outstanding replies after the last request.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>-S</c>: source address; chosen by the stack when null.</summary>
    public IPAddress? Source { get; init; }

    /// <summary><c>-I</c> or the <c>%zone</c> of a link-local destination: the interface for scoped destinations.</summary>
    public NetInterface? Interface { get; init; }

    /// <summary>
    /// <c>-D</c>: <c>IPV6_DONTFRAG</c>; a request larger than the path MTU is not fragmented but
    /// refused with EMSGSIZE (<c>sendmsg: Message too long</c>).
    /// </summary>
    public bool DontFragment { get; init; }

    /// <summary>
    /// <c>-C</c>: the 802.1p priority (0–7) of the requests (<c>IPV6_VLAN_PCP</c>); see
    /// <see cref="Ipv4.Icmp.PingOptions.Pcp"/>. <see cref="NetInterface.NoPcp"/> leaves the interface's choice.
    /// </summary>
    public int Pcp { get; init; } = NetInterface.NoPcp;

    /// <summary>Told, on the pinging flow, why a request could not be sent (ping's <c>warn("sendmsg")</c>).</summary>
    public Action<Errno>? OnSendError { get; init; }

    /// <summary>Called for every reply or error as it arrives, on the pinging flow.</summary>
    public Action<Ping6Reply>? OnReply { get; init; }

    /// <summary>
    /// <c>-f</c>: flood. Each reply sends the next request at once; without one, the next goes
    /// after <see cref="Interval"/> (ping sets 10 ms for <c>-f</c>).
    /// </summary>
    public bool Flood { get; init; }

    /// <summary>Called, on the pinging flow, after each request is handed to the stack, with its sequence number (ping <c>-f</c> prints a dot).</summary>
    public Action<int>? OnSent { get; init; }

    /// <summary>
    /// <c>-p</c>: up to 16 bytes repeated through the data after its 8-byte timestamp, instead
    /// of bytes counting up.
    /// </summary>
    public ReadOnlyMemory<byte> Pattern { get; init; }
}

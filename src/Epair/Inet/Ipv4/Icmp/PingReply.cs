using System.Globalization;
using System.Net;

namespace Epair.Inet.Ipv4.Icmp;

/// <summary>
/// One line of ping's output: an echo reply (<c>64 bytes from 192.0.2.2: icmp_seq=0 ttl=64
/// time=0.045 ms</c>) or an ICMP error about one of the requests (<c>Time to live exceeded</c>).
/// </summary>
/// <param name="Bytes">ICMP bytes received.</param>
/// <param name="From">Who sent it.</param>
/// <param name="Sequence">The <c>icmp_seq</c> it answers.</param>
/// <param name="Ttl">The TTL it arrived with.</param>
/// <param name="RoundTripTime">The round trip for an echo reply; null for errors.</param>
/// <param name="IcmpType">0 for an echo reply, else the error's ICMP type.</param>
/// <param name="IcmpCode">The error's ICMP code.</param>
/// <param name="IsDuplicate">A second reply to the same request (<c>DUP!</c>).</param>
/// <param name="Message">For errors, ping's words for it, such as <c>Destination Host Unreachable</c>.</param>
public sealed record PingReply(int Bytes, IPAddress From, int Sequence, int Ttl, TimeSpan? RoundTripTime, int IcmpType,
    int IcmpCode, bool IsDuplicate, string? Message)
{
    /// <summary>True for an echo reply, false for an ICMP error.</summary>
    public bool IsEchoReply => IcmpType == 0;

    /// <summary>For an error: the IP header of our request that it quotes (ping prints it under the error).</summary>
    public ReadOnlyMemory<byte> QuotedHeader { get; init; }

    /// <summary>ping's line(s) for it, with the round-trip time.</summary>
    public override string ToString() => ToString(timing: true);

    /// <summary>
    /// ping's line(s) for it: <c>64 bytes from 192.0.2.2: icmp_seq=0 ttl=64 time=0.045 ms</c>, without
    /// <c>time=</c> when <paramref name="timing"/> is false (ping sends fewer than 8 data bytes then);
    /// for an error, the message and the quoted header's dump (<c>pr_iph</c>) on two more lines.
    /// </summary>
    public string ToString(bool timing)
    {
        if (!IsEchoReply)
        {
            var dump = PingMessages.DumpHeader(QuotedHeader.Span);
            return string.Create(CultureInfo.InvariantCulture, $"{Bytes} bytes from {From}: {Message}") + (dump.Length > 0 ? "\n" + dump : "");
        }
        var time = timing && RoundTripTime is { } rtt
            ? string.Create(CultureInfo.InvariantCulture, $" time={rtt.TotalMilliseconds:F3} ms")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Bytes} bytes from {From}: icmp_seq={Sequence} ttl={Ttl}{time}{(IsDuplicate ? " (DUP!)" : "")}");
    }
}

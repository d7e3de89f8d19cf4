using System.Globalization;
using System.Net;
using System.Text;

namespace Epair.Inet.Ipv4.Icmp;

/// <summary>ping's summary: <c>5 packets transmitted, 5 packets received, 0.0% packet loss</c> and the round-trip line.</summary>
/// <param name="Destination">The address pinged.</param>
/// <param name="Transmitted">Echo requests sent.</param>
/// <param name="Received">Distinct echo replies received.</param>
/// <param name="Duplicates">Replies received again for the same request.</param>
/// <param name="Errors">ICMP errors received about the requests.</param>
/// <param name="Minimum">The shortest round trip, or null when nothing came back.</param>
/// <param name="Average">The mean round trip.</param>
/// <param name="Maximum">The longest round trip.</param>
/// <param name="StandardDeviation">The standard deviation of the round trips.</param>
public sealed record PingStatistics(IPAddress Destination, int Transmitted, int Received, int Duplicates, int Errors,
    TimeSpan? Minimum, TimeSpan? Average, TimeSpan? Maximum, TimeSpan? StandardDeviation)
{
    /// <summary>Lost requests in percent, as ping prints it.</summary>
    public double PacketLoss => Transmitted == 0 ? 0 : (Transmitted - Received) * 100.0 / Transmitted;

    /// <summary><c>-W</c>: replies that came later than the wait time (counted, not printed).</summary>
    public int OutOfWaitTime { get; init; }

    /// <summary>The summary lines of FreeBSD 14's <c>pr_summary</c>, with the round-trip line.</summary>
    public override string ToString() => ToString(timing: true);

    /// <summary>
    /// The summary lines of FreeBSD 14's <c>pr_summary</c> (after the <c>--- host ping statistics ---</c>
    /// line): counts, <c>+N duplicates</c>, loss, <c>N packets out of wait time</c>, and the
    /// round-trip line when there were replies and <paramref name="timing"/> (8 or more data bytes).
    /// ICMP errors are not counted there: FreeBSD's ping only prints them.
    /// </summary>
    public string ToString(bool timing)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"{Transmitted} packets transmitted, {Received} packets received, ");
        if (Duplicates > 0)
            text.Append(c, $"+{Duplicates} duplicates, ");
        if (Transmitted > 0)
        {
            if (Received > Transmitted)
                text.Append("-- somebody's duplicating packets!");
            else
                text.Append(c, $"{PacketLoss:F1}% packet loss");
        }
        if (OutOfWaitTime > 0)
            text.Append(c, $", {OutOfWaitTime} packets out of wait time");
        if (timing && Minimum is { } min)
        {
            text.Append(c, $"\nround-trip min/avg/max/stddev = {min.TotalMilliseconds:F3}/{Average!.Value.TotalMilliseconds:F3}/");
            text.Append(c, $"{Maximum!.Value.TotalMilliseconds:F3}/{StandardDeviation!.Value.TotalMilliseconds:F3} ms");
        }
        return text.ToString();
    }
}

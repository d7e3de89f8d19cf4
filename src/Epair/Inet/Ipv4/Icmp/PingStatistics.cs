using System.Net;

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

    /// <inheritdoc />
    public override string ToString()
    {
        var text = $"{Transmitted} packets transmitted, {Received} packets received, " +
            (Duplicates > 0 ? $"+{Duplicates} duplicates, " : "") + (Errors > 0 ? $"+{Errors} errors, " : "") +
            $"{PacketLoss:F1}% packet loss";
        if (Minimum is { } min)
        {
            text += $"\nround-trip min/avg/max/stddev = {min.TotalMilliseconds:F3}/{Average!.Value.TotalMilliseconds:F3}/" +
                $"{Maximum!.Value.TotalMilliseconds:F3}/{StandardDeviation!.Value.TotalMilliseconds:F3} ms";
        }
        return text;
    }
}

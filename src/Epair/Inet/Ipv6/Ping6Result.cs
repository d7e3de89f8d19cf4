using System.Globalization;
using System.Net;
using System.Text;

namespace Epair.Inet.Ipv6;

/// <summary>What a ping run saw, with <c>ping6</c>'s summary statistics.</summary>
public sealed class Ping6Result
{
    internal Ping6Result(IPAddress destination, int transmitted, IReadOnlyList<Ping6Reply> replies, IReadOnlyList<Errno> sendErrors)
    {
        Destination = destination;
        Transmitted = transmitted;
        Replies = replies;
        SendErrors = sendErrors;
        var times = new List<double>();
        foreach (var r in replies)
        {
            if (r.IsError)
            {
                Errors++;
                continue;
            }
            if (r.IsDuplicate)
                Duplicates++;
            else
                Received++;
            // ping6.c times every echo reply, duplicates too, and averages over both.
            times.Add(r.RoundTripTime.TotalMilliseconds);
        }
        if (times.Count > 0)
        {
            double sum = 0, squares = 0, min = double.MaxValue, max = 0;
            foreach (var t in times)
            {
                sum += t;
                squares += t * t;
                min = Math.Min(min, t);
                max = Math.Max(max, t);
            }
            double avg = sum / times.Count;
            Minimum = TimeSpan.FromMilliseconds(min);
            Average = TimeSpan.FromMilliseconds(avg);
            Maximum = TimeSpan.FromMilliseconds(max);
            StandardDeviation = TimeSpan.FromMilliseconds(Math.Sqrt(Math.Max(0, squares / times.Count - avg * avg)));
        }
    }

    /// <summary>The address pinged.</summary>
    public IPAddress Destination { get; }

    /// <summary>Echo requests sent.</summary>
    public int Transmitted { get; }

    /// <summary>Distinct echo replies.</summary>
    public int Received { get; }

    /// <summary>Duplicate replies.</summary>
    public int Duplicates { get; }

    /// <summary>ICMPv6 errors about our requests.</summary>
    public int Errors { get; }

    /// <summary>Every reply and error in arrival order.</summary>
    public IReadOnlyList<Ping6Reply> Replies { get; }

    /// <summary>Requests the stack refused to send (<c>ping6: sendmsg: No route to host</c>).</summary>
    public IReadOnlyList<Errno> SendErrors { get; }

    /// <summary>Fraction of requests unanswered, in percent.</summary>
    public double PacketLoss => Transmitted == 0 ? 0 : 100.0 * (Transmitted - Received) / Transmitted;

    /// <summary>Round-trip minimum; zero without replies.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>Round-trip average.</summary>
    public TimeSpan Average { get; }

    /// <summary>Round-trip maximum.</summary>
    public TimeSpan Maximum { get; }

    /// <summary>Round-trip standard deviation.</summary>
    public TimeSpan StandardDeviation { get; }

    /// <summary>The summary FreeBSD 14's <c>ping -6</c> prints at the end, for <see cref="Destination"/>.</summary>
    public override string ToString() => $"--- {Destination} ping statistics ---\n" + Summary(timing: true);

    /// <summary><c>-W</c>: replies later than the wait time (the caller decides; counted, not printed).</summary>
    public int OutOfWaitTime { get; set; }

    /// <summary>
    /// The lines after <c>--- host ping statistics ---</c> (FreeBSD 14's <c>pr_summary</c>, shared
    /// by both families): counts, <c>+N duplicates</c>, loss, and the round-trip line when there
    /// were replies and <paramref name="timing"/>. ICMPv6 errors are not counted there.
    /// </summary>
    public string Summary(bool timing)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Transmitted} packets transmitted, {Received} packets received, ");
        if (Duplicates > 0)
            text.Append(CultureInfo.InvariantCulture, $"+{Duplicates} duplicates, ");
        if (Transmitted > 0)
            text.Append(PacketLoss.ToString("0.0", CultureInfo.InvariantCulture)).Append("% packet loss");
        if (OutOfWaitTime > 0)
            text.Append(CultureInfo.InvariantCulture, $", {OutOfWaitTime} packets out of wait time");
        text.Append('\n');
        if (Received > 0 && timing)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"round-trip min/avg/max/stddev = {Ms(Minimum)}/{Ms(Average)}/{Ms(Maximum)}/{Ms(StandardDeviation)} ms\n");
        }
        return text.ToString();
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture);
}

namespace Epair.Inet;

/// <summary>What ping(8) does once its last request has gone, for both families.</summary>
internal static class PingTiming
{
    /// <summary>
    /// How long ping waits for stragglers after its last request: two of the longest round
    /// trips seen, in whole seconds and at least one, once any reply came back; otherwise the
    /// wait time (<c>-W</c>, 10 s by default). As ping.c and ping6.c set their final timer.
    /// </summary>
    public static TimeSpan AfterLastRequest(int received, double longestRoundTripMs, TimeSpan waitTime)
    {
        if (received == 0)
            return waitTime;
        long seconds = (long)(2 * longestRoundTripMs) / 1000;
        return TimeSpan.FromSeconds(Math.Max(1, seconds));
    }
}

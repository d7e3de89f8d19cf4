namespace Epair.Inet;

/// <summary>What ping(8) puts in its echo requests, for both families.</summary>
internal static class PingPayload
{
    /// <summary>The first data bytes carry the send time (ping's <c>TIMEVAL_LEN</c>).</summary>
    public const int TimestampLength = 8;

    /// <summary>The longest <c>-p</c> pattern: 16 bytes.</summary>
    public const int MaxPattern = 16;

    /// <summary>
    /// ping's data: past the timestamp, bytes counting up from 8, or the <c>-p</c> pattern
    /// repeated (<c>fill()</c> in ping's utils.c). Shorter data carries no timestamp and just counts.
    /// </summary>
    public static void Fill(Span<byte> data, ReadOnlySpan<byte> pattern)
    {
        for (int i = 0; i < data.Length; i++)
            data[i] = (byte)i;
        if (pattern.IsEmpty)
            return;
        for (int i = TimestampLength; i < data.Length; i++)
            data[i] = pattern[(i - TimestampLength) % pattern.Length];
    }
}

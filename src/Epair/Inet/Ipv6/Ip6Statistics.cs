namespace Epair.Inet.Ipv6;

/// <summary>The counters behind <see cref="Ip6Stat"/>, <see cref="Icmp6Stat"/> and their histograms; lock-free adds.</summary>
internal sealed class Ip6Statistics
{
    private readonly long[] _ip6 = new long[Enum.GetValues<Ip6Stat>().Length];
    private readonly long[] _icmp6 = new long[Enum.GetValues<Icmp6Stat>().Length];
    private readonly long[] _nextHeader = new long[256];
    private readonly long[] _icmpIn = new long[256];
    private readonly long[] _icmpOut = new long[256];

    public void Inc(Ip6Stat stat) => Interlocked.Increment(ref _ip6[(int)stat]);

    public void Add(Ip6Stat stat, long n) => Interlocked.Add(ref _ip6[(int)stat], n);

    public void Inc(Icmp6Stat stat) => Interlocked.Increment(ref _icmp6[(int)stat]);

    public void IncNextHeader(byte nh) => Interlocked.Increment(ref _nextHeader[nh]);

    public void IncIcmpIn(byte type) => Interlocked.Increment(ref _icmpIn[type]);

    public void IncIcmpOut(byte type) => Interlocked.Increment(ref _icmpOut[type]);

    public long Get(Ip6Stat stat) => Volatile.Read(ref _ip6[(int)stat]);

    /// <summary><c>netstat -z -p ip6</c>: zero ip6stat and its next-header histogram.</summary>
    public void ResetIp6()
    {
        Zero(_ip6);
        Zero(_nextHeader);
    }

    /// <summary><c>netstat -z -p icmp6</c>: zero icmp6stat and its histograms.</summary>
    public void ResetIcmp6()
    {
        Zero(_icmp6);
        Zero(_icmpIn);
        Zero(_icmpOut);
    }

    private static void Zero(long[] values)
    {
        for (int i = 0; i < values.Length; i++)
            Interlocked.Exchange(ref values[i], 0);
    }

    public long Get(Icmp6Stat stat) => Volatile.Read(ref _icmp6[(int)stat]);

    public long NextHeader(byte nh) => Volatile.Read(ref _nextHeader[nh]);

    public long IcmpIn(byte type) => Volatile.Read(ref _icmpIn[type]);

    public long IcmpOut(byte type) => Volatile.Read(ref _icmpOut[type]);
}

namespace Epair.Inet.Ipv6;

// Path MTU discovery (RFC 8201; icmp6_mtudisc_update): a packet too big lowers the MTU this host
// uses toward that destination, never below 1280, for ten minutes (FreeBSD's V_rt_mtu_expire).
public sealed partial class Ip6
{
    private const long PathMtuLifetimeMilliseconds = 10 * 60 * 1000;

    /// <summary>Learned path MTUs by destination, with when they expire; bounded so forged errors cannot grow it.</summary>
    private readonly Dictionary<UInt128, (int Mtu, long Expires)> _pathMtu = [];
    private const int MaxPathMtuEntries = 1024;

    private void LearnPathMtu(UInt128 destination, uint reported)
    {
        int mtu = (int)Math.Clamp(reported, (uint)MinimumMtu, (uint)ushort.MaxValue);
        if (_pathMtu.Count >= MaxPathMtuEntries && !_pathMtu.ContainsKey(destination))
            return;
        if (_pathMtu.TryGetValue(destination, out var known) && known.Mtu <= mtu && known.Expires > NowMilliseconds)
            return;
        _pathMtu[destination] = (mtu, NowMilliseconds + PathMtuLifetimeMilliseconds);
        Stats.Inc(Icmp6Stat.icp6s_pmtuchg);
    }

    /// <summary>The MTU toward <paramref name="destination"/> over a link of <paramref name="linkMtu"/>.</summary>
    private int PathMtu(UInt128 destination, int linkMtu)
    {
        if (_pathMtu.Count == 0 || !_pathMtu.TryGetValue(destination, out var known))
            return linkMtu;
        if (known.Expires <= NowMilliseconds)
        {
            _pathMtu.Remove(destination);
            return linkMtu;
        }
        return Math.Min(linkMtu, known.Mtu);
    }
}

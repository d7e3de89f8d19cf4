namespace Epair.Inet.Ipv6;

/// <summary>
/// The per-vnet IPv6 knobs behind the <c>net.inet6.*</c> sysctls, with FreeBSD's defaults.
/// Plain volatile fields: the data path reads them without the stack lock.
/// </summary>
internal sealed class Ip6Config
{
    /// <summary><c>net.inet6.ip6.forwarding</c>.</summary>
    public volatile int Forwarding;
    /// <summary><c>net.inet6.ip6.hlim</c>: default hop limit.</summary>
    public volatile int HopLimit = 64;
    /// <summary><c>net.inet6.ip6.dad_count</c>: DAD solicitations per address.</summary>
    public volatile int DadCount = 1;
    /// <summary><c>net.inet6.ip6.auto_linklocal</c>: new interfaces get <see cref="Nd6Flags.AUTO_LINKLOCAL"/>.</summary>
    public volatile int AutoLinkLocal = 1;
    /// <summary><c>net.inet6.ip6.maxfragpackets</c>: packets being reassembled at once.</summary>
    public volatile int MaxFragPackets = 1024;
    /// <summary><c>net.inet6.ip6.maxfrags</c>: fragments held across all packets (FreeBSD derives it from nmbclusters).</summary>
    public volatile int MaxFrags = 4096;
    /// <summary><c>net.inet6.ip6.maxfragsperpacket</c>.</summary>
    public volatile int MaxFragsPerPacket = 64;
    /// <summary><c>net.inet6.icmp6.errppslimit</c>: ICMPv6 errors per second.</summary>
    public volatile int ErrorPpsLimit = 100;
    /// <summary><c>net.inet6.icmp6.nd6_maxqueuelen</c>: packets held per unresolved neighbor.</summary>
    public volatile int NdMaxQueueLength = 16;
    /// <summary><c>net.inet6.icmp6.nd6_mmaxtries</c>: multicast solicitations before giving up.</summary>
    public volatile int NdMulticastMaxTries = 3;
    /// <summary><c>net.inet6.icmp6.nd6_umaxtries</c>: unicast probes before giving up.</summary>
    public volatile int NdUnicastMaxTries = 3;
    /// <summary><c>net.inet6.icmp6.nd6_delay</c>: seconds in DELAY before probing.</summary>
    public volatile int NdDelaySeconds = 5;
    /// <summary><c>net.inet6.icmp6.nd6_gctimer</c>: seconds a stale entry lives.</summary>
    public volatile int NdGcSeconds = 86_400;
}

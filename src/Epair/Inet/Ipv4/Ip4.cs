using Epair.Inet.Ipv4.Icmp;
using Epair.Inet.Ipv4.Routing;
using Epair.Inet.Ipv4.Statistics;
using Epair.Inet.Ipv4.Udp;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

/// <summary>
/// IPv4 of one vnet: addresses, routes, input, output and forwarding, fragmentation and
/// reassembly, ICMP (with an in-process ping) and UDP sockets.
/// </summary>
/// <remarks>
/// Tables live under the stack's lock; statistics are lock-free counters. Nothing here
/// transmits while holding the lock (see <see cref="InetStack"/>).
/// </remarks>
public sealed partial class Ip4
{
    /// <summary><c>IPDEFTTL</c>.</summary>
    public const int DefaultTtl = 64;
    /// <summary><c>IP_MAXPACKET</c>.</summary>
    public const int MaxPacket = 65535;

    private readonly InetStack _stack;
    private readonly RouteTable4 _routes = new();
    // in_ifaddrhead: every IPv4 address of the vnet, in the order they were added.
    private readonly List<InterfaceAddress4> _addresses = [];
    private int _ipId;

    internal Ip4(InetStack stack)
    {
        _stack = stack;
        Reassembly = new Reassembly4(this);
        Icmp = new Icmp4(this);
        Udp = new Udp4(this);
        // FreeBSD seeds ip_id randomly so that ids do not reveal traffic volume.
        _ipId = Random.Shared.Next();
    }

    internal InetStack Stack => _stack;

    internal Lock Lock => _stack.Lock;

    internal Reassembly4 Reassembly { get; }

    internal Icmp4 Icmp { get; }

    internal Udp4 Udp { get; }

    /// <summary>IP statistics (<c>netstat -s -p ip</c>).</summary>
    public IpStatistics Statistics { get; } = new();

    /// <summary>ICMP statistics (<c>netstat -s -p icmp</c>).</summary>
    public IcmpStatistics IcmpStatistics { get; } = new();

    /// <summary>UDP statistics (<c>netstat -s -p udp</c>).</summary>
    public UdpStatistics UdpStatistics { get; } = new();

    /// <summary><c>net.inet.ip.forwarding</c>: act as a router.</summary>
    public bool Forwarding { get; set; }

    /// <summary><c>net.inet.ip.ttl</c>: the TTL of packets this vnet sends.</summary>
    public int Ttl { get; internal set; } = DefaultTtl;

    internal ushort NextId() => (ushort)Interlocked.Increment(ref _ipId);

    internal void OnInterfaceAttached(NetInterface ifp) => _ = (_stack, ifp);

    /// <summary><c>if_detach</c>: the interface's addresses and every route through it go.</summary>
    internal void OnInterfaceDetaching(NetInterface ifp)
    {
        lock (Lock)
        {
            for (int i = _addresses.Count - 1; i >= 0; i--)
            {
                if (ReferenceEquals(_addresses[i].Interface, ifp))
                    RemoveAddressLocked(_addresses[i]);
            }
            foreach (var route in _routes.Snapshot())
            {
                if (ReferenceEquals(route.Interface, ifp))
                    _routes.Remove(route);
            }
        }
        _stack.Arp.CancelAnnouncements(ifp);
    }

    internal void OnInterfaceUpChanged(NetInterface ifp, bool up) => _ = (_stack, ifp, up);

    /// <summary>The vnet is going: waiting fragments are freed.</summary>
    internal void Shutdown() => Reassembly.Clear();

    /// <summary>Once a second (the callout): reassembly timeouts.</summary>
    internal void OnTimer(long nowMs) => Reassembly.Expire(nowMs);
}

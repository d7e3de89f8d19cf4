using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv4;
using Epair.Inet.Ipv6;
using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Inet;

/// <summary>
/// The network stack of one vnet: Ethernet input, ARP, IPv4, IPv6 and their tables and
/// statistics. Frames an interface receives reach it when no raw
/// <see cref="NetInterface.InputHandler"/> is attached.
/// </summary>
/// <remarks>
/// Locking rule: protocol state is guarded by <see cref="Lock"/>, and nothing transmits while
/// holding it. In direct dispatch a transmit runs the receiving stack in the same thread, so a
/// transmit under the lock could meet another thread doing the same the other way round.
/// </remarks>
public sealed class InetStack
{
    internal InetStack(Vnet vnet)
    {
        Vnet = vnet;
        Ethernet = new EtherInput(this);
        Arp = new Arp(this);
        Ipv4 = new Ip4(this);
        Ipv6 = new Ip6(this, vnet.Kernel.Time);
    }

    /// <summary>The vnet this stack belongs to.</summary>
    public Vnet Vnet { get; }

    /// <summary>Guards the protocol tables; never held across a transmit.</summary>
    internal Lock Lock { get; } = new();

    internal EtherInput Ethernet { get; }

    /// <summary>ARP (RFC 826) and the ARP table.</summary>
    public Arp Arp { get; }

    /// <summary>IPv4: addresses, routes, ICMP, UDP.</summary>
    public Ip4 Ipv4 { get; }

    /// <summary>IPv6: addresses, neighbor discovery, routes, ICMPv6, UDP.</summary>
    public Ip6 Ipv6 { get; }

    /// <summary>This vnet's loopback interface (<c>V_loif</c>), once attached.</summary>
    internal NetInterface? Loopback { get; private set; }

    /// <summary>Milliseconds since the kernel booted, on the kernel's clock (<c>time_uptime</c>, finer).</summary>
    internal long NowMs => Vnet.Kernel.UptimeMs;

    /// <summary>The periodic callout (FreeBSD's per-protocol timers): aging, retransmission, reassembly timeouts.</summary>
    internal void OnTimer()
    {
        long now = NowMs;
        Arp.OnTimer(now);
        Ipv4.OnTimer(now);
    }

    /// <summary>The vnet is going: frames the stack still holds (fragments waiting for the rest) are freed.</summary>
    internal void Shutdown() => Ipv4.Shutdown();

    /// <summary><c>ether_input</c> for a frame nobody else claimed; the stack owns it from here.</summary>
    internal void Input(NetInterface ifp, Frame frame) => Ethernet.Input(ifp, frame);

    /// <summary><c>if_attach</c> into this vnet: per-interface protocol state (<c>if_afdata</c>).</summary>
    internal void OnInterfaceAttached(NetInterface ifp)
    {
        if ((ifp.Flags & InterfaceFlags.Loopback) != 0 && Loopback is null)
            Loopback = ifp;
        Ipv4.OnInterfaceAttached(ifp);
        Ipv6.OnInterfaceAttached(ifp);
    }

    /// <summary><c>if_detach</c>/<c>if_vmove</c> out of this vnet: addresses, routes and neighbours go.</summary>
    internal void OnInterfaceDetaching(NetInterface ifp)
    {
        Ipv6.OnInterfaceDetaching(ifp);
        Ipv4.OnInterfaceDetaching(ifp);
        Arp.OnInterfaceDetaching(ifp);
        if (ReferenceEquals(Loopback, ifp))
            Loopback = null;
    }

    /// <summary>The interface went up (<c>if_up</c>) or down (<c>if_down</c>).</summary>
    internal void OnInterfaceUpChanged(NetInterface ifp, bool up)
    {
        Ipv4.OnInterfaceUpChanged(ifp, up);
        Ipv6.OnInterfaceUpChanged(ifp, up);
    }

    /// <summary>The link-level address changed (<c>iflladdr_event</c>).</summary>
    internal void OnLinkAddressChanged(NetInterface ifp)
    {
        Arp.OnLinkAddressChanged(ifp);
        Ipv6.OnLinkAddressChanged(ifp);
    }
}

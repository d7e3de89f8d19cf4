using Epair.Frames;
using Epair.Interfaces;
using Epair.Sysctl;

namespace Epair.Inet.Ipv4;

/// <summary>ARP (RFC 826): resolution of IPv4 addresses on Ethernet, and the ARP table.</summary>
public sealed class Arp
{
    private readonly InetStack _stack;

    internal Arp(InetStack stack) => _stack = stack;

    /// <summary>Registers this protocol's sysctls (per-vnet values read through <c>vnet.Inet</c>).</summary>
    internal static void RegisterSysctls(SysctlRegistry sysctl) => _ = sysctl;

    /// <summary><c>arpintr</c>: an ARP frame; the payload starts at <paramref name="offset"/>.</summary>
    internal void Input(NetInterface ifp, Frame frame, int offset)
    {
        _ = _stack;
        _ = offset;
        ifp.IncrementCounter(InterfaceCounter.NOPROTO);
        frame.Free();
    }

    internal void OnInterfaceDetaching(NetInterface ifp) => _ = (_stack, ifp);

    internal void OnLinkAddressChanged(NetInterface ifp) => _ = (_stack, ifp);
}

using Epair.Frames;
using Epair.Interfaces;
using Epair.Sysctl;

namespace Epair.Inet.Ipv6;

/// <summary>IPv6: addresses, neighbor discovery, routes, input, output and forwarding, ICMPv6 and UDP.</summary>
public sealed class Ip6
{
    private readonly InetStack _stack;

    internal Ip6(InetStack stack) => _stack = stack;

    /// <summary>Registers this protocol's sysctls (per-vnet values read through <c>vnet.Inet</c>).</summary>
    internal static void RegisterSysctls(SysctlRegistry sysctl) => _ = sysctl;

    /// <summary><c>ip6_input</c>: an IPv6 packet starting at <paramref name="offset"/>.</summary>
    internal void Input(NetInterface ifp, Frame frame, int offset)
    {
        _ = _stack;
        _ = offset;
        ifp.IncrementCounter(InterfaceCounter.NOPROTO);
        frame.Free();
    }

    internal void OnInterfaceAttached(NetInterface ifp) => _ = (_stack, ifp);

    internal void OnInterfaceDetaching(NetInterface ifp) => _ = (_stack, ifp);

    internal void OnInterfaceUpChanged(NetInterface ifp, bool up) => _ = (_stack, ifp, up);

    internal void OnLinkAddressChanged(NetInterface ifp) => _ = (_stack, ifp);
}

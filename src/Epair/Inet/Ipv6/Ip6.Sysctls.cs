using Epair.Sysctl;

namespace Epair.Inet.Ipv6;

// The net.inet6.ip6 and net.inet6.icmp6 sysctls, per vnet as in FreeBSD.
public sealed partial class Ip6
{
    private const SysctlAccess PerVnetRw = SysctlAccess.ReadWrite | SysctlAccess.PerVnet;

    /// <summary>Registers this protocol's sysctls (per-vnet values read through <c>vnet.Inet</c>).</summary>
    internal static void RegisterSysctls(SysctlRegistry sysctl)
    {
        Knob(sysctl, "net.inet6.ip6.forwarding", "Enable forwarding of IPv6 packets between interfaces",
            static c => c.Forwarding, static (c, v) => c.Forwarding = v, 0, 1);
        Knob(sysctl, "net.inet6.ip6.hlim", "Default hop limit",
            static c => c.HopLimit, static (c, v) => c.HopLimit = v, 0, 255);
        Knob(sysctl, "net.inet6.ip6.dad_count", "Number of Duplicate Address Detection probes to send",
            static c => c.DadCount, static (c, v) => c.DadCount = v, 0, 15);
        Knob(sysctl, "net.inet6.ip6.auto_linklocal", "Default value of per-interface flag for automatically adding an IPv6 link-local address to interfaces when attached",
            static c => c.AutoLinkLocal, static (c, v) => c.AutoLinkLocal = v, 0, 1);
        Knob(sysctl, "net.inet6.ip6.maxfragpackets", "Default maximum number of outstanding fragmented IPv6 packets",
            static c => c.MaxFragPackets, static (c, v) => c.MaxFragPackets = v, 0, int.MaxValue);
        Knob(sysctl, "net.inet6.ip6.maxfrags", "Maximum allowed number of outstanding IPv6 packet fragments",
            static c => c.MaxFrags, static (c, v) => c.MaxFrags = v, 0, int.MaxValue);
        Knob(sysctl, "net.inet6.ip6.maxfragsperpacket", "Maximum allowed number of fragments per packet",
            static c => c.MaxFragsPerPacket, static (c, v) => c.MaxFragsPerPacket = v, 1, int.MaxValue);
        Knob(sysctl, "net.inet6.icmp6.errppslimit", "Maximum number of ICMPv6 error messages per second",
            static c => c.ErrorPpsLimit, static (c, v) => c.ErrorPpsLimit = v, -1, int.MaxValue);
        Knob(sysctl, "net.inet6.icmp6.nd6_maxqueuelen", "Maximum number of packets held per unresolved neighbor",
            static c => c.NdMaxQueueLength, static (c, v) => c.NdMaxQueueLength = v, 1, int.MaxValue);
        Knob(sysctl, "net.inet6.icmp6.nd6_mmaxtries", "Maximum number of multicast neighbor solicitations",
            static c => c.NdMulticastMaxTries, static (c, v) => c.NdMulticastMaxTries = v, 0, int.MaxValue);
        Knob(sysctl, "net.inet6.icmp6.nd6_umaxtries", "Maximum number of unicast neighbor probes",
            static c => c.NdUnicastMaxTries, static (c, v) => c.NdUnicastMaxTries = v, 0, int.MaxValue);
        Knob(sysctl, "net.inet6.icmp6.nd6_delay", "Seconds in DELAY before probing",
            static c => c.NdDelaySeconds, static (c, v) => c.NdDelaySeconds = v, 0, int.MaxValue);
        Knob(sysctl, "net.inet6.icmp6.nd6_gctimer", "Seconds before a stale neighbor entry is removed",
            static c => c.NdGcSeconds, static (c, v) => c.NdGcSeconds = v, 0, int.MaxValue);
    }

    private static void Knob(SysctlRegistry sysctl, string name, string description,
        Func<Ip6Config, int> get, Action<Ip6Config, int> set, int min, int max)
    {
        sysctl.RegisterInt(name, PerVnetRw, description,
            vnet => get(vnet.Inet.Ipv6.Config),
            (vnet, value) =>
            {
                if (value < min || value > max)
                    return Errno.EINVAL;
                set(vnet.Inet.Ipv6.Config, (int)value);
                return Errno.None;
            });
    }
}

using Epair.Sysctl;

namespace Epair.Inet.Ipv4;

// net.inet.ip.*, net.inet.icmp.* and net.inet.udp.*: per vnet, as FreeBSD's VNET sysctls are.
public sealed partial class Ip4
{
    /// <summary>Registers this protocol's sysctls (per-vnet values read through <c>vnet.Inet</c>).</summary>
    internal static void RegisterSysctls(SysctlRegistry sysctl)
    {
        const SysctlAccess rw = SysctlAccess.ReadWrite | SysctlAccess.PerVnet;
        sysctl.RegisterInt("net.inet.ip.forwarding", rw, "Enable IP forwarding between interfaces",
            v => v.Inet.Ipv4.Forwarding ? 1 : 0,
            (v, x) => { v.Inet.Ipv4.Forwarding = x != 0; return Errno.None; });
        sysctl.RegisterInt("net.inet.ip.ttl", rw, "Maximum TTL on IP packets",
            v => v.Inet.Ipv4.Ttl,
            (v, x) => Set(x is >= 1 and <= 255, () => v.Inet.Ipv4.Ttl = (int)x));
        sysctl.RegisterInt("net.inet.ip.maxfragsperpacket", rw, "Maximum number of IPv4 fragments allowed per packet",
            v => v.Inet.Ipv4.Reassembly.MaxFragmentsPerPacket,
            (v, x) => { v.Inet.Ipv4.Reassembly.MaxFragmentsPerPacket = (int)x; return Errno.None; });
        sysctl.RegisterInt("net.inet.ip.maxfragpackets", rw, "Maximum number of IPv4 fragment reassembly queue entries",
            v => v.Inet.Ipv4.Reassembly.MaxPackets,
            (v, x) => Set(x >= -1, () => v.Inet.Ipv4.Reassembly.MaxPackets = (int)x));
        sysctl.RegisterInt("net.inet.ip.fragpackets", SysctlAccess.Read | SysctlAccess.PerVnet,
            "Current number of IPv4 fragment reassembly queue entries", v => v.Inet.Ipv4.Reassembly.Count);
        sysctl.RegisterInt("net.inet.ip.portrange.first", rw, "First port of the ephemeral range",
            v => v.Inet.Ipv4.Udp.PortRangeFirst,
            (v, x) => Set(x is >= 1 and <= 65535, () => v.Inet.Ipv4.Udp.PortRangeFirst = (int)x));
        sysctl.RegisterInt("net.inet.ip.portrange.last", rw, "Last port of the ephemeral range",
            v => v.Inet.Ipv4.Udp.PortRangeLast,
            (v, x) => Set(x is >= 1 and <= 65535, () => v.Inet.Ipv4.Udp.PortRangeLast = (int)x));
        sysctl.RegisterInt("net.inet.icmp.bmcastecho", rw, "Reply to multicast and broadcast echo requests",
            v => v.Inet.Ipv4.Icmp.BroadcastEcho ? 1 : 0,
            (v, x) => { v.Inet.Ipv4.Icmp.BroadcastEcho = x != 0; return Errno.None; });
        sysctl.RegisterInt("net.inet.icmp.quotelen", rw, "Number of bytes from original packet to quote in ICMP reply",
            v => v.Inet.Ipv4.Icmp.QuoteLength,
            (v, x) => Set(x is >= 0 and <= MaxPacket, () => v.Inet.Ipv4.Icmp.QuoteLength = (int)x));
        sysctl.RegisterInt("net.inet.udp.checksum", rw, "compute udp checksum",
            v => v.Inet.Ipv4.Udp.ComputeChecksum ? 1 : 0,
            (v, x) => { v.Inet.Ipv4.Udp.ComputeChecksum = x != 0; return Errno.None; });
        sysctl.RegisterInt("net.inet.udp.maxdgram", rw, "Maximum outgoing UDP datagram size",
            v => v.Inet.Ipv4.Udp.MaxDatagram,
            (v, x) => Set(x is >= 0 and <= MaxPacket, () => v.Inet.Ipv4.Udp.MaxDatagram = (int)x), SysctlType.ULong);
        sysctl.RegisterInt("net.inet.udp.recvspace", rw, "Maximum space for incoming UDP datagrams",
            v => v.Inet.Ipv4.Udp.ReceiveSpace,
            (v, x) => Set(x is >= 1 and <= int.MaxValue, () => v.Inet.Ipv4.Udp.ReceiveSpace = (int)x), SysctlType.ULong);
    }

    private static Errno Set(bool valid, Action apply)
    {
        if (!valid)
            return Errno.EINVAL;
        apply();
        return Errno.None;
    }
}

using Epair.Inet.Ipv4;
using Epair.Inet.Ipv6;
using Epair.Sysctl;

namespace Epair.Inet;

/// <summary>The <c>net.inet.*</c>, <c>net.inet6.*</c> and <c>net.link.ether.*</c> sysctls; most are per vnet.</summary>
internal static class InetSysctls
{
    public static void Register(SysctlRegistry sysctl)
    {
        Arp.RegisterSysctls(sysctl);
        Ip4.RegisterSysctls(sysctl);
        Ip6.RegisterSysctls(sysctl);
    }
}

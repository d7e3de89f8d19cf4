using System.Text;
using Epair.Interfaces;

namespace Epair.Cli.Output;

/// <summary>
/// af_inet6.c's in6_status: <c>inet6 fe80::1%epair0a prefixlen 64 scopeid 0x2</c>, one line
/// per address; the library formats each line as ifconfig does.
/// </summary>
internal sealed class Inet6Status : IAddressStatus
{
    public string Family => "inet6";

    public bool HasAddress(NetInterface ifp) => ifp.Vnet.Inet.Ipv6.GetAddresses(ifp).Count > 0;

    public void AppendStatus(StringBuilder sb, NetInterface ifp)
    {
        foreach (var address in ifp.Vnet.Inet.Ipv6.GetAddresses(ifp))
            sb.Append('\t').Append(address.ToIfconfigString()).Append('\n');
    }
}

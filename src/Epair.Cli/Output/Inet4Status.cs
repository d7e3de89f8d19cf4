using System.Globalization;
using System.Text;
using Epair.Interfaces;

namespace Epair.Cli.Output;

/// <summary>
/// af_inet.c's in_status: <c>inet 192.0.2.1 netmask 0xffffff00 broadcast 192.0.2.255</c>, one
/// line per address, the primary first.
/// </summary>
internal sealed class Inet4Status : IAddressStatus
{
    public string Family => "inet";

    public bool HasAddress(NetInterface ifp) => ifp.Vnet.Inet.Ipv4.GetAddresses(ifp).Count > 0;

    public void AppendStatus(StringBuilder sb, NetInterface ifp)
    {
        foreach (var ia in ifp.Vnet.Inet.Ipv4.GetAddresses(ifp))
        {
            // ifconfig prints the mask as one hex word, not dotted or as a prefix length.
            uint mask = ia.PrefixLength == 0 ? 0 : uint.MaxValue << (32 - ia.PrefixLength);
            sb.Append(CultureInfo.InvariantCulture, $"\tinet {ia.Address} netmask 0x{mask:x8}");
            // Only broadcast-capable interfaces have one; lo0 and /31, /32 show none.
            if ((ifp.Flags & InterfaceFlags.Broadcast) != 0 && ia.Broadcast is { } broadcast)
                sb.Append(CultureInfo.InvariantCulture, $" broadcast {broadcast}");
            sb.Append('\n');
        }
    }
}

using System.Globalization;
using System.Text;
using Epair.Interfaces;

namespace Epair.Cli.Output;

/// <summary>What <c>ifconfig IF</c> and <c>netstat -i</c> print for an interface.</summary>
internal static class InterfaceDescription
{
    /// <summary>The ifconfig(8) block for <paramref name="ifp"/>.</summary>
    public static string Ifconfig(NetInterface ifp)
    {
        var sb = new StringBuilder();
        long flags = (long)ifp.Flags | (long)ifp.DriverFlags;
        sb.Append(CultureInfo.InvariantCulture,
            $"{ifp.Name}: flags={BitNames.Format(flags, BitNames.InterfaceFlags)} metric 0 mtu {ifp.Mtu}\n");
        if (ifp.EnabledCapabilities != InterfaceCapabilities.None)
            sb.Append(CultureInfo.InvariantCulture, $"\toptions={BitNames.Format((long)ifp.EnabledCapabilities, BitNames.Capabilities)}\n");
        if (ifp.Type is InterfaceType.Ethernet or InterfaceType.L2Vlan or InterfaceType.Bridge)
            sb.Append(CultureInfo.InvariantCulture, $"\tether {ifp.MacAddress}\n");
        if (ifp.Cloner is not null)
            sb.Append(CultureInfo.InvariantCulture, $"\tgroups: {ifp.Cloner.Name}\n");
        try
        {
            var media = ifp.GetMedia();
            sb.Append(CultureInfo.InvariantCulture, $"\tmedia: {media.Describe()}\n");
            sb.Append(CultureInfo.InvariantCulture, $"\tstatus: {media.DescribeStatus()}\n");
        }
        catch (ErrnoException)
        {
            // No media: ifconfig prints neither line.
        }
        return sb.ToString();
    }

    /// <summary>The <c>netstat -i</c> header.</summary>
    public const string NetstatHeader =
        "Name    Mtu Network       Address              Ipkts Ierrs Idrop    Opkts Oerrs  Coll";

    /// <summary>The <c>netstat -i</c> link row for <paramref name="ifp"/>.</summary>
    public static string NetstatLink(NetInterface ifp)
    {
        var c = ifp.Counters;
        return string.Create(CultureInfo.InvariantCulture,
            $"{ifp.Name,-7} {ifp.Mtu,5} {"<Link#" + ifp.Index + ">",-13} {ifp.MacAddress,-17} {c.IPackets,8} {c.IErrors,5} {c.IQDrops,5} {c.OPackets,8} {c.OErrors,5} {c.Collisions,5}");
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// <c>netstat -i</c> / <c>-I IF</c> (if.c's <c>intpr</c>), in FreeBSD 14's measured column
/// layout: a link row per interface, then one row per address (<c>192.0.2.0/24 192.0.2.1</c>,
/// <c>fe80::%epair0a/64 fe80::…%epair0a</c>); <c>-f inet|inet6|link</c> keeps one family;
/// <c>-b</c> bytes, <c>-d</c> drops.
/// </summary>
internal static class NetstatInterfaces
{
    private const string Program = "netstat";

    private sealed record Row(NetInterface Ifp, string Network, string Address, bool Link);

    /// <summary>intpr(): measure every column first, then print.</summary>
    public static int Run(CommandContext context, NetstatOptions flags)
    {
        var rows = new List<Row>();
        foreach (var ifp in context.Vnet.Interfaces)
        {
            if (flags.Interface is not null && ifp.Name != flags.Interface)
                continue;
            // lo0 has no link-level address: link_ntoa prints the name its sockaddr_dl carries.
            var link = ifp.Type == InterfaceType.Loopback ? ifp.Name : ifp.MacAddress.ToString();
            if (flags.Family is null or "link")
                rows.Add(new Row(ifp, $"<Link#{ifp.Index.ToString(CultureInfo.InvariantCulture)}>", link, Link: true));
            if (flags.Family is null or "inet")
                AddInet4(rows, ifp, flags.Numeric);
            if (flags.Family is null or "inet6")
                AddInet6(rows, ifp, flags.Numeric);
        }
        if (flags.Interface is not null && context.Vnet.FindInterface(flags.Interface) is null)
            return context.Fail(Program, $"interface {flags.Interface} not found", ExitCodes.DataError);

        int nameWidth = 5, netWidth = "Network ".Length, addrWidth = "Address ".Length;
        int packetWidth = 8, errorWidth = 5, byteWidth = 10;
        foreach (var row in rows)
        {
            var c = row.Ifp.Counters;
            nameWidth = Math.Max(nameWidth, DisplayName(row.Ifp).Length);
            netWidth = Math.Max(netWidth, row.Network.Length);
            addrWidth = Math.Max(addrWidth, row.Address.Length);
            packetWidth = NumberWidth(NumberWidth(packetWidth, c.IPackets), c.OPackets);
            errorWidth = NumberWidth(NumberWidth(NumberWidth(errorWidth, c.IErrors), c.IQDrops), c.Collisions);
            if (flags.Drops)
                errorWidth = NumberWidth(errorWidth, c.OQDrops);
            if (flags.Bytes)
                byteWidth = NumberWidth(NumberWidth(byteWidth, c.IBytes), c.OBytes);
        }

        var sb = new StringBuilder();
        sb.Append(Left("Name", nameWidth)).Append(' ').Append(Right("Mtu", 5)).Append(' ')
            .Append(Left("Network", netWidth)).Append("  ").Append(Left("Address", addrWidth)).Append(' ')
            .Append(Right("Ipkts", packetWidth)).Append(' ').Append(Right("Ierrs", errorWidth)).Append(' ').Append(Right("Idrop", errorWidth));
        if (flags.Bytes)
            sb.Append(' ').Append(Right("Ibytes", byteWidth));
        sb.Append(' ').Append(Right("Opkts", packetWidth)).Append(' ').Append(Right("Oerrs", errorWidth));
        if (flags.Bytes)
            sb.Append(' ').Append(Right("Obytes", byteWidth));
        sb.Append(' ').Append(Right("Coll", errorWidth));
        if (flags.Drops)
            sb.Append(' ').Append(Right("Drop", errorWidth));
        sb.Append('\n');

        foreach (var row in rows)
        {
            var c = row.Ifp.Counters;
            // Only the link row has an MTU; address rows show "-" there.
            sb.Append(Left(DisplayName(row.Ifp), nameWidth)).Append(row.Link ? Right(row.Ifp.Mtu, 6) : Right("-", 6)).Append(' ')
                .Append(Left(row.Network, netWidth)).Append("  ").Append(Left(row.Address, addrWidth)).Append(' ');
            // show_stat: a value, or "-" for what this row does not count; a space after each but the last.
            Stat(sb, c.IPackets, packetWidth, true);
            Stat(sb, c.IErrors, errorWidth, row.Link);
            Stat(sb, c.IQDrops, errorWidth, row.Link);
            if (flags.Bytes)
                Stat(sb, c.IBytes, byteWidth, true);
            Stat(sb, c.OPackets, packetWidth, true);
            Stat(sb, c.OErrors, errorWidth, row.Link);
            if (flags.Bytes)
                Stat(sb, c.OBytes, byteWidth, true);
            sb.Append(row.Link ? Right(c.Collisions, errorWidth) : Right("-", errorWidth));
            if (flags.Drops)
                sb.Append(' ').Append(row.Link ? Right(c.OQDrops, errorWidth) : Right("-", errorWidth));
            sb.Append('\n');
        }
        context.Out.Write(sb.ToString());
        return 0;
    }

    // An interface that is down is marked with a star.
    private static string DisplayName(NetInterface ifp) => (ifp.Flags & InterfaceFlags.Up) == 0 ? ifp.Name + "*" : ifp.Name;

    // max_num_len: one column per digit, plus the separating space, as netstat counts them.
    private static int NumberWidth(int width, long value)
    {
        int length = 2;
        for (ulong n = (ulong)Math.Max(0, value); n > 10; length++)
            n /= 10;
        return Math.Max(width, length);
    }

    private static void Stat(StringBuilder sb, long value, int width, bool show) =>
        sb.Append(show ? Right(value, width) : Right("-", width)).Append(' ');

    private static string Left(string text, int width) => text.Length >= width ? text[..width] : text.PadRight(width);

    private static string Right(string text, int width) => text.Length >= width ? text : text.PadLeft(width);

    private static string Right(long value, int width) => Right(value.ToString(CultureInfo.InvariantCulture), width);

    // One row per IPv4 address: its network (netname4) and the address (routename).
    private static void AddInet4(List<Row> rows, NetInterface ifp, bool numeric)
    {
        foreach (var ia in ifp.Vnet.Inet.Ipv4.GetAddresses(ifp))
        {
            var bytes = ia.Address.GetAddressBytes();
            var mask = RouteText.Mask4(ia.PrefixLength).GetAddressBytes();
            for (int i = 0; i < 4; i++)
                bytes[i] &= mask[i];
            rows.Add(new Row(ifp, RouteText.Network4(new IPAddress(bytes), ia.PrefixLength),
                RouteText.HostName(ia.Address, ifp.Vnet, numeric), Link: false));
        }
    }

    // One row per IPv6 address: its prefix (netname6, with the zone) and the address.
    private static void AddInet6(List<Row> rows, NetInterface ifp, bool numeric)
    {
        foreach (var ia in ifp.Vnet.Inet.Ipv6.GetAddresses(ifp))
        {
            var bytes = ia.Address.GetAddressBytes();
            var mask = RouteText.Mask6(ia.PrefixLength).GetAddressBytes();
            for (int i = 0; i < 16; i++)
                bytes[i] &= mask[i];
            var prefix = new IPAddress(bytes, ia.Address.ScopeId);
            // netname6 prints a name instead of the number when the resolver has one: ::1/128 is localhost.
            string network = !numeric && ia.PrefixLength == 128 && ia.Address.Equals(IPAddress.IPv6Loopback)
                ? "localhost" : RouteText.Network6(prefix, ia.PrefixLength, ifp.Vnet);
            rows.Add(new Row(ifp, network,
                RouteText.HostName(ia.Address, ifp.Vnet, numeric), Link: false));
        }
    }
}

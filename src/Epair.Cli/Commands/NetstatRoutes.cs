using System.Globalization;
using System.Net;
using System.Text;
using Epair.Inet.Ipv4.Routing;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// <c>netstat -r</c> (route.c and route_netlink.c): <c>Routing tables</c>, then per family
/// (<c>Internet:</c>, <c>Internet6:</c>) the header and one row per route in the radix tree's
/// order — destination (<c>default</c>, <c>192.0.2.0/24</c>, a host), gateway (an address or
/// <c>link#N</c>), flag letters, interface. Each family's own addresses appear as host routes
/// through <c>lo0</c>, as FreeBSD's loopback routes do. Without <c>-n</c> the loopback
/// addresses are <c>localhost</c> and columns are cut to their width; with it nothing is cut
/// and a wide cell pushes the next one right.
/// </summary>
internal static class NetstatRoutes
{
    internal sealed record Row(byte[] Key, int PrefixLength, string Destination, string Gateway, int Flags, string Interface, int Mtu);

    private sealed record Widths(int Destination, int Gateway, int Flags, int Interface);

    public static int Run(CommandContext context, NetstatOptions o)
    {
        if (o.Json)
            return NetstatRoutesJson.Run(context, o);
        var sb = new StringBuilder("Routing tables\n");
        if (o.Family is null or "inet")
            Family(sb, "Internet", Rows4(context, o.Numeric), new Widths(18, 18, 6, o.Wide ? 10 : 8), o);
        if (o.Family is null or "inet6")
            Family(sb, "Internet6", Rows6(context, o.Numeric), new Widths(o.Numeric ? 33 : 18, o.Numeric ? 29 : 18, 6, 8), o);
        context.Out.Write(sb.ToString());
        return 0;
    }

    /// <summary>
    /// <c>netstat -rs</c>: rt_stats, the five rtstat counters. No redirect is ever taken and
    /// no route is made on the fly here, so each is zero (and hidden with <c>-rss</c>).
    /// </summary>
    public static int Statistics(CommandContext context, int sflag)
    {
        var sb = new StringBuilder("routing:\n");
        var w = new NetstatStatWriter(sb, sflag);
        w.P(0, "\t{0} bad routing redirect{1}\n");
        w.P(0, "\t{0} dynamically created route{1}\n");
        w.P(0, "\t{0} new gateway{1} due to redirects\n");
        w.P(0, "\t{0} destination{1} found unreachable\n");
        w.P(0, "\t{0} use{1} of a wildcard route\n");
        context.Out.Write(sb.ToString());
        return 0;
    }

    /// <summary>The radix tree walks keys in byte order; for one key the longer mask comes first.</summary>
    internal static void SortRadix(List<Row> rows) =>
        rows.Sort(static (a, b) =>
        {
            int c = a.Key.AsSpan().SequenceCompareTo(b.Key);
            return c != 0 ? c : b.PrefixLength.CompareTo(a.PrefixLength);
        });

    private static void Family(StringBuilder sb, string name, List<Row> rows, Widths w, NetstatOptions o)
    {
        if (rows.Count == 0)
            return;
        SortRadix(rows);
        sb.Append('\n').Append(name).Append(":\n");
        if (o.Wide)
        {
            sb.Append(Left("Destination", w.Destination, true)).Append(' ').Append(Left("Gateway", w.Gateway, true)).Append(' ')
                .Append(Left("Flags", w.Flags, true)).Append(' ').Append(Right("Nhop#", 6)).Append(' ').Append(Right("Mtu", 6)).Append(' ')
                .Append(Right("Netif", w.Interface)).Append(' ').Append(Right("Expire", 6)).Append('\n');
        }
        else
        {
            sb.Append(Left("Destination", w.Destination, true)).Append(' ').Append(Left("Gateway", w.Gateway, true)).Append(' ')
                .Append(Left("Flags", w.Flags, true)).Append(' ').Append(Right("Netif", w.Interface)).Append(' ').Append(Right("Expire", 6)).Append('\n');
        }
        bool cut = !o.Numeric && !o.Wide;
        var nexthops = new Dictionary<(string, int, string), int>();
        foreach (var row in rows)
        {
            // p_sockaddr: a cell wider than its column (with -n or -W) takes room from the next one.
            int protrusion = Cell(sb, row.Destination, w.Destination, cut);
            protrusion = Cell(sb, row.Gateway, w.Gateway - protrusion, cut);
            sb.Append(Left(RouteText.FlagLetters(row.Flags), Math.Max(0, w.Flags - protrusion), false)).Append(' ');
            if (o.Wide)
                sb.Append(Right(NextHop(nexthops, row), 6)).Append(' ').Append(Right(row.Mtu.ToString(CultureInfo.InvariantCulture), 6)).Append(' ');
            sb.Append(o.Wide ? Right(row.Interface, w.Interface) : Right(Cut(row.Interface, w.Interface), w.Interface)).Append('\n');
        }
    }

    // -W's Nhop#: routes sharing gateway, flags and interface share a nexthop, numbered as first seen.
    private static string NextHop(Dictionary<(string, int, string), int> nexthops, Row row)
    {
        var key = (row.Gateway, row.Flags, row.Interface);
        if (!nexthops.TryGetValue(key, out int index))
            nexthops[key] = index = nexthops.Count + 1;
        return index.ToString(CultureInfo.InvariantCulture);
    }

    private static int Cell(StringBuilder sb, string text, int width, bool cut)
    {
        width = Math.Max(width, 0);
        sb.Append(Left(text, width, cut)).Append(' ');
        return cut ? 0 : Math.Max(0, text.Length - width);
    }

    internal static List<Row> Rows4(CommandContext context, bool numeric)
    {
        var rows = new List<Row>();
        var vnet = context.Vnet;
        foreach (var r in vnet.Inet.Ipv4.Routes)
        {
            bool host = (r.Flags & RouteFlags.Host) != 0;
            string destination = host ? RouteText.HostName(r.Destination, vnet, numeric) : RouteText.Network4(r.Destination, r.PrefixLength);
            string gateway = r.Gateway is { } gw ? RouteText.HostName(gw, vnet, numeric) : "link#" + LinkIndex(r).ToString(CultureInfo.InvariantCulture);
            int flags = (int)(r.Flags & ~(RouteFlags.Local | RouteFlags.Pinned));
            rows.Add(new Row(r.Destination.GetAddressBytes(), r.PrefixLength, destination, gateway, flags, r.Interface.Name, r.Interface.Mtu));
        }
        return rows;
    }

    // A local route's gateway is the link of the interface that has the address, not lo0.
    private static int LinkIndex(Route4 r)
    {
        if ((r.Flags & RouteFlags.Local) != 0)
        {
            foreach (var ia in r.Interface.Vnet.Inet.Ipv4.Addresses)
            {
                if (ia.Address.Equals(r.Destination))
                    return ia.Interface.Index;
            }
        }
        return r.Interface.Index;
    }

    internal static List<Row> Rows6(CommandContext context, bool numeric)
    {
        var rows = new List<Row>();
        var vnet = context.Vnet;
        foreach (var r in vnet.Inet.Ipv6.GetRoutes())
        {
            bool host = (r.Flags & Route6Flags.Host) != 0 || r.PrefixLength == 128;
            string destination = host ? RouteText.HostName(r.Destination, vnet, numeric) : RouteText.Network6(r.Destination, r.PrefixLength, vnet);
            string gateway = r.Gateway is { } gw ? RouteText.HostName(gw, vnet, numeric) : "link#" + r.Interface.Index.ToString(CultureInfo.InvariantCulture);
            rows.Add(new Row(Key6(r.Destination), r.PrefixLength, destination, gateway, (int)r.Flags, r.Interface.Name, r.Interface.Mtu));
        }
        // Every address of ours is reached through lo0 (in6_ifaddloop): UHS, gateway the address' own link.
        var lo = vnet.Loopback;
        foreach (var ifp in vnet.Interfaces)
        {
            foreach (var ia in vnet.Inet.Ipv6.GetAddresses(ifp))
            {
                rows.Add(new Row(Key6(ia.Address), 128, RouteText.HostName(ia.Address, vnet, numeric),
                    "link#" + ifp.Index.ToString(CultureInfo.InvariantCulture),
                    (int)(RouteFlags.Up | RouteFlags.Host | RouteFlags.Static), (lo ?? ifp).Name, (lo ?? ifp).Mtu));
            }
        }
        return rows;
    }

    // The kernel keeps a link-local key with its zone in bytes 2 and 3, which orders fe80::%lo0 before fe80::%epair0a.
    private static byte[] Key6(IPAddress a)
    {
        var bytes = a.GetAddressBytes();
        if (a.ScopeId != 0)
        {
            bytes[2] = (byte)(a.ScopeId >> 8);
            bytes[3] = (byte)a.ScopeId;
        }
        return bytes;
    }

    private static string Cut(string text, int width) => text.Length > width ? text[..width] : text;

    private static string Left(string text, int width, bool cut) =>
        text.Length >= width ? (cut ? text[..width] : text) : text.PadRight(width);

    private static string Right(string text, int width) => text.Length >= width ? text : text.PadLeft(width);
}

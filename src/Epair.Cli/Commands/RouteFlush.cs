using System.Net;
using System.Net.Sockets;
using System.Text;
using Epair.Inet.Ipv4.Routing;
using Epair.Inet.Ipv6;

namespace Epair.Cli.Commands;

/// <summary>
/// <c>route [-q] flush [-4|-6|-inet|-inet6]</c> (route.c's <c>flushroutes</c>): deletes every
/// gateway route, printing <c>destination gateway done</c> for each in 20-column fields.
/// Connected and interface routes stay, as they do on FreeBSD.
/// </summary>
internal static class RouteFlush
{
    public static int Run(CommandContext context, IReadOnlyList<string> args, int start, AddressFamily family, bool quiet, bool numeric)
    {
        for (int i = start; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-4" or "-inet": family = AddressFamily.InterNetwork; break;
                case "-6" or "-inet6": family = AddressFamily.InterNetworkV6; break;
                default:
                    context.Warn("route", $"bad keyword: {(args[i].StartsWith('-') ? args[i][1..] : args[i])}");
                    return context.Fail("route", "usage: route [-j jail] [-46dnqtv] command [[modifiers] args]", ExitCodes.Usage);
            }
        }
        var sb = new StringBuilder();
        if (family != AddressFamily.InterNetworkV6)
            Flush4(context, sb, numeric);
        if (family != AddressFamily.InterNetwork)
            Flush6(context, sb, numeric);
        if (!quiet)
            context.Out.Write(sb.ToString());
        return 0;
    }

    private static void Flush4(CommandContext context, StringBuilder sb, bool numeric)
    {
        var ip4 = context.Vnet.Inet.Ipv4;
        // The dump walks the radix tree: keys in byte order, the default route first.
        var routes = new List<Route4>(ip4.Routes);
        routes.Sort(static (a, b) =>
        {
            int c = a.Destination.GetAddressBytes().AsSpan().SequenceCompareTo(b.Destination.GetAddressBytes());
            return c != 0 ? c : b.PrefixLength.CompareTo(a.PrefixLength);
        });
        foreach (var r in routes)
        {
            if ((r.Flags & RouteFlags.Gateway) == 0)
                continue;
            try
            {
                ip4.DeleteRoute(r.Destination, r.PrefixLength);
            }
            catch (ErrnoException)
            {
                continue; // someone else removed it meanwhile
            }
            bool host = (r.Flags & RouteFlags.Host) != 0;
            Line(sb, host ? RouteText.HostName(r.Destination, context.Vnet, numeric) : RouteText.Network4(r.Destination, r.PrefixLength),
                RouteText.HostName(r.Gateway!, context.Vnet, numeric));
        }
    }

    private static void Flush6(CommandContext context, StringBuilder sb, bool numeric)
    {
        var ip6 = context.Vnet.Inet.Ipv6;
        var routes = new List<Route6Info>(ip6.GetRoutes());
        routes.Sort(static (a, b) =>
        {
            int c = a.Destination.GetAddressBytes().AsSpan().SequenceCompareTo(b.Destination.GetAddressBytes());
            return c != 0 ? c : b.PrefixLength.CompareTo(a.PrefixLength);
        });
        foreach (var r in routes)
        {
            if ((r.Flags & Route6Flags.Gateway) == 0)
                continue;
            try
            {
                ip6.DeleteRoute(r.Destination, r.PrefixLength, r.Interface);
            }
            catch (ErrnoException)
            {
                continue;
            }
            bool host = r.PrefixLength == 128;
            Line(sb, host ? RouteText.HostName(r.Destination, context.Vnet, numeric) : RouteText.Network6(r.Destination, r.PrefixLength, context.Vnet),
                RouteText.HostName(r.Gateway ?? IPAddress.IPv6Any, context.Vnet, numeric));
        }
    }

    // printf("%-20.20s %-20.20s done\n", …).
    private static void Line(StringBuilder sb, string destination, string gateway) =>
        sb.Append(Field(destination)).Append(' ').Append(Field(gateway)).Append(" done\n");

    private static string Field(string text) => text.Length > 20 ? text[..20] : text.PadRight(20);
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Epair.Inet.Ipv4;
using Epair.Inet.Ipv4.Routing;

namespace Epair.Cli.Commands;

/// <summary>
/// route(8) for IPv4 (FreeBSD 14's route.c): <c>route [-4] [-n] [-q] add|delete [-net|-host]
/// DEST [GW] [-blackhole] [-reject]</c>, <c>default</c> for 0.0.0.0/0. It reports as route
/// does, on stdout: <c>add net 198.51.100.0: gateway 192.0.2.2</c>, or the same line ending in
/// <c>: route already in table</c>.
/// </summary>
internal static class RouteCommand
{
    public static readonly CommandInfo Info = new("route", Run);

    private const string Program = "route";

    private const string UsageText = "usage: route [-j jail] [-46dnqtv] command [[modifiers] args]";

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        int i = 0;
        bool quiet = false;
        // route's own options come before the command; -n and -4 change nothing here.
        for (; i < args.Count && args[i].StartsWith('-'); i++)
        {
            foreach (char c in args[i].AsSpan(1))
            {
                if (c == 'q')
                    quiet = true;
                else if (c is not ('n' or '4' or 'd' or 'v' or 't'))
                    return context.Usage(UsageText);
            }
        }
        if (i >= args.Count)
            return context.Usage(UsageText);
        string command = args[i++];
        if (command is not ("add" or "delete"))
            return context.Usage(UsageText);

        bool? isHost = null;
        var flags = RouteFlags.None;
        var words = new List<string>();
        for (; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-net": isHost = false; break;
                case "-host": isHost = true; break;
                case "-blackhole": flags |= RouteFlags.Blackhole; break;
                case "-reject": flags |= RouteFlags.Reject; break;
                case "-inet" or "-static": break;
                default: words.Add(args[i]); break;
            }
        }
        if (words.Count is < 1 or > 2)
            return context.Usage(UsageText);

        if (!ParseDestination(words[0], isHost, out var destination, out int prefix, out string shown))
            return context.Fail(Program, $"bad address: {words[0]}", ExitCodes.Usage);
        IPAddress? gateway = null;
        if (words.Count == 2 && (!IPAddress.TryParse(words[1], out gateway) || gateway.AddressFamily != AddressFamily.InterNetwork))
            return context.Fail(Program, $"bad address: {words[1]}", ExitCodes.Usage);

        Errno error = Errno.None;
        try
        {
            if (command == "add")
                context.Vnet.Inet.Ipv4.AddRoute(destination, prefix, gateway, flags);
            else
                context.Vnet.Inet.Ipv4.DeleteRoute(destination, prefix);
        }
        catch (ErrnoException ex)
        {
            error = ex.Errno;
        }
        // rtmsg warns on stderr when the kernel has no such route, before newroute's own line.
        if (error == Errno.ESRCH)
            context.Warn(Program, "route has not been found");
        if (!quiet)
        {
            var line = $"{command} {(prefix == 32 ? "host" : "net")} {shown}";
            if (gateway is not null)
                line += $": gateway {gateway}";
            if (error != Errno.None)
                line += ": " + Ip4.DescribeRouteError(error);
            context.Out.Write(line + "\n");
        }
        return error == Errno.None ? 0 : 1;
    }

    // getaddr(RTAX_DST): "default", A/P, or A; -net without a length takes the class's mask.
    private static bool ParseDestination(string text, bool? isHost, out IPAddress address, out int prefix, out string shown)
    {
        prefix = 32;
        shown = text;
        if (text == "default")
        {
            address = IPAddress.Any;
            prefix = 0;
            return true;
        }
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        var plain = slash < 0 ? text : text[..slash];
        shown = plain;
        if (!IPAddress.TryParse(plain, out address!) || address.AddressFamily != AddressFamily.InterNetwork)
            return false;
        if (slash >= 0)
            return isHost != true && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) && prefix <= 32;
        if (isHost == false)
        {
            byte first = address.GetAddressBytes()[0];
            prefix = first < 128 ? 8 : first < 192 ? 16 : 24;
        }
        return true;
    }
}

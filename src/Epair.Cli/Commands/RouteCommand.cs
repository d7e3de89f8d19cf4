using System.Net.Sockets;
using Epair.Inet.Ipv4.Routing;

namespace Epair.Cli.Commands;

/// <summary>
/// route(8) (FreeBSD 14's route.c): <c>route [-j jail] [-46dnqtv] add|delete|change|get|show [modifiers]
/// DEST [GW] [MASK]</c> for IPv4 and IPv6, see <see cref="RouteRequest"/> for the modifiers.
/// add, delete and change report on stdout as <c>newroute</c> does:
/// <c>add net 198.51.100.0: gateway 192.0.2.2</c> on success, and on failure the same line
/// with <c> fib 0: route already in table</c> (or <c>not in table</c>, or the errno's text),
/// exit 1, after the routing socket's warning on stderr. get prints <see cref="RouteGet"/>'s block;
/// flush is <see cref="RouteFlush"/>.
/// </summary>
internal static class RouteCommand
{
    public static readonly CommandInfo Info = new("route", Run);

    private const string Program = "route";

    private const string UsageText = "usage: route [-j jail] [-46dnqtv] command [[modifiers] args]";

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var getopt = new Getopt(args, "46dj:nqtv", message => context.Warn(Program, message));
        bool quiet = false, numeric = false;
        string? jail = null;
        var family = AddressFamily.Unspecified;
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'q': quiet = true; break;
                case 'n': numeric = true; break;
                case '4': family = AddressFamily.InterNetwork; break;
                case '6': family = AddressFamily.InterNetworkV6; break;
                case 'j': jail = getopt.Argument; break;
                case 'd' or 't' or 'v': break;
                default: return Usage(context, null);
            }
        }
        if (jail is not null)
        {
            // -j: the command runs in that jail's vnet, as after jail_attach.
            var vnet = context.Jails.Find(jail);
            if (vnet is null)
                return context.Fail(Program, $"jail \"{jail}\" not found");
            context = context.In(vnet);
        }
        int at = getopt.Index;
        if (at >= args.Count)
            return Usage(context, null);
        string command = args[at] == "show" ? "get" : args[at];
        if (command == "flush")
            return RouteFlush.Run(context, args, at + 1, family, quiet, numeric);
        if (command is not ("add" or "delete" or "change" or "get"))
            return Usage(context, args[at]);

        var request = RouteRequest.Parse(command, args, at + 1, family, context.Vnet, out var failure);
        if (request is null)
            return Report(context, failure!);
        if (command == "get")
            return RouteGet.Run(context, request, numeric);

        var error = Apply(context, request);
        return Print(context, request, error, quiet);
    }

    private static int Usage(CommandContext context, string? keyword)
    {
        if (keyword is not null)
            context.Warn(Program, $"bad keyword: {keyword}");
        return context.Fail(Program, UsageText, ExitCodes.Usage);
    }

    private static int Report(CommandContext context, RouteFailure failure)
    {
        if (failure.IsUsage)
            return Usage(context, failure.BadKeyword);
        return context.Fail(Program, failure.Message ?? "", failure.Status);
    }

    /// <summary>The kernel's answer to RTM_ADD/RTM_DELETE/RTM_CHANGE.</summary>
    private static Errno Apply(CommandContext context, RouteRequest r)
    {
        try
        {
            if (r.Family == AddressFamily.InterNetwork)
                Apply4(context, r);
            else
                Apply6(context, r);
            return Errno.None;
        }
        catch (ErrnoException ex)
        {
            return ex.Errno;
        }
    }

    private static void Apply4(CommandContext context, RouteRequest r)
    {
        var ip4 = context.Vnet.Inet.Ipv4;
        switch (r.Command)
        {
            case "add": ip4.AddRoute(r.Destination, r.PrefixLength, r.Gateway, r.Flags, r.Interface); break;
            case "change": ip4.ChangeRoute(r.Destination, r.PrefixLength, r.Gateway, r.Flags, r.Interface); break;
            default: ip4.DeleteRoute(r.Destination, r.PrefixLength); break;
        }
    }

    private static void Apply6(CommandContext context, RouteRequest r)
    {
        var ip6 = context.Vnet.Inet.Ipv6;
        // RTF_BLACKHOLE and RTF_REJECT have the same bits in both families.
        var flags = (Epair.Inet.Ipv6.Route6Flags)(int)(r.Flags & (RouteFlags.Blackhole | RouteFlags.Reject));
        switch (r.Command)
        {
            case "add": ip6.AddRoute(r.Destination, r.PrefixLength, r.Gateway, r.Interface, flags); break;
            case "change": ip6.ChangeRoute(r.Destination, r.PrefixLength, r.Gateway, r.Interface, flags); break;
            default: ip6.DeleteRoute(r.Destination, r.PrefixLength, ScopeOf(context, r)); break;
        }
    }

    private static Epair.Interfaces.NetInterface? ScopeOf(CommandContext context, RouteRequest r) =>
        r.Interface ?? (r.Destination.ScopeId != 0 ? context.Vnet.FindInterface((int)r.Destination.ScopeId) : null);

    // newroute's report: the routing socket's warning first (stderr), then the line (stdout).
    private static int Print(CommandContext context, RouteRequest r, Errno error, bool quiet)
    {
        if (error == Errno.ESRCH)
            context.Warn(Program, "route has not been found");
        else if (error is not Errno.None)
            context.Warn(Program, "writing to routing socket: " + ErrnoText.Of(error));
        if (quiet)
            return error == Errno.None ? 0 : 1;
        var line = $"{r.Command} {(r.IsHost ? "host" : "net")} {r.DestinationText}";
        if (r.GatewayText.Length > 0)
            line += $": gateway {r.GatewayText}";
        if (error != Errno.None)
            line += " fib 0: " + Describe(error);
        context.Out.Write(line + "\n");
        return error == Errno.None ? 0 : 1;
    }

    private static string Describe(Errno error) => error switch
    {
        Errno.ESRCH => "not in table",
        Errno.EBUSY => "entry in use",
        Errno.ENOBUFS => "not enough memory",
        Errno.EADDRINUSE => "gateway uses the same route",
        Errno.EEXIST => "route already in table",
        _ => ErrnoText.Of(error),
    };
}

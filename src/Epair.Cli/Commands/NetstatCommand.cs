namespace Epair.Cli.Commands;

/// <summary>What netstat's options asked for (main.c's flag variables).</summary>
internal sealed class NetstatOptions
{
    public bool Interfaces, Bytes, Drops, Wide, Netisr, Routes, Numeric, Zero;
    /// <summary><c>--libxo json</c>: libxo's JSON instead of text (the routing tables have it).</summary>
    public bool Json;
    /// <summary><c>-s</c> given this many times: 2 and more hide the zero lines.</summary>
    public int Statistics;
    /// <summary><c>-I IF</c>.</summary>
    public string? Interface;
    /// <summary><c>-p</c>'s protocol.</summary>
    public string? Protocol;
    /// <summary><c>-f</c>/<c>-4</c>/<c>-6</c>: null for every family, else "inet", "inet6" or "link".</summary>
    public string? Family;
    /// <summary><c>-F</c>'s fib.</summary>
    public string? Fib;
}

/// <summary>
/// netstat(1) (FreeBSD 14's usr.bin/netstat): the interface table (<c>-i</c>, <c>-I IF</c>,
/// <see cref="NetstatInterfaces"/>), the routing tables (<c>-r</c>, <see cref="NetstatRoutes"/>),
/// the protocol statistics (<c>-s</c>, <c>-p</c>, <see cref="NetstatProtocols"/>) and the netisr
/// statistics (<c>-Q</c>, <see cref="NetstatNetisr"/>). The socket list (the default display)
/// has no sockets to list here.
/// </summary>
internal static class NetstatCommand
{
    public static readonly CommandInfo Info = new("netstat", Run, Exclusive: false);

    private const string Program = "netstat";

    private const string UsageText =
        "usage: netstat [-46AaCLnRSTWx] [-f protocol_family | -p protocol]\n" +
        "               [-M core] [-N system]\n" +
        "       netstat -i | -I interface [-46abdhnW] [-f address_family]\n" +
        "               [-M core] [-N system]\n" +
        "       netstat -w wait [-I interface] [-46d] [-M core] [-N system]\n" +
        "               [-q howmany]\n" +
        "       netstat -s [-46sz] [-f protocol_family | -p protocol]\n" +
        "               [-M core] [-N system]\n" +
        "       netstat -i | -I interface -s [-46s]\n" +
        "               [-f protocol_family | -p protocol] [-M core] [-N system]\n" +
        "       netstat -m [-M core] [-N system]\n" +
        "       netstat -B [-z] [-I interface]\n" +
        "       netstat -r [-46AnW] [-F fibnum] [-f address_family]\n" +
        "               [-M core] [-N system]\n" +
        "       netstat -rs [-s] [-M core] [-N system]\n" +
        "       netstat -g [-46W] [-f address_family] [-M core] [-N system]\n" +
        "       netstat -gs [-46s] [-f address_family] [-M core] [-N system]\n" +
        "       netstat -Q";

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var o = new NetstatOptions();
        args = TakeLibxo(args, o);
        var getopt = new Getopt(args, "46AaBbCdF:f:ghI:ij:LlM:mN:nOoP:p:Qq:RrSsTtuWw:xz", message => context.Warn(Program, message));
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'i': o.Interfaces = true; break;
                case 'I': o.Interfaces = true; o.Interface = getopt.Argument; break;
                case 'b': o.Bytes = true; break;
                case 'd': o.Drops = true; break;
                case 'W': o.Wide = true; break;
                case 'Q': o.Netisr = true; break;
                case 'r': o.Routes = true; break;
                case 's': o.Statistics++; break;
                case 'n': o.Numeric = true; break;
                case 'z': o.Zero = true; break;
                case 'p': o.Protocol = getopt.Argument; break;
                case 'F': o.Fib = getopt.Argument; break;
                case 'j':
                    // -j: report on that jail's vnet.
                    var vnet = context.Jails.Find(getopt.Argument!);
                    if (vnet is null)
                        return context.Fail(Program, $"jail \"{getopt.Argument}\" not found");
                    context = context.In(vnet);
                    break;
                case '4': o.Family = "inet"; break;
                case '6': o.Family = "inet6"; break;
                case 'f':
                    if (!TryFamily(getopt.Argument!, out o.Family))
                        return context.Fail(Program, $"{getopt.Argument}: unknown address family", 1);
                    break;
                case 'a' or 'h' or 'A' or 'L' or 'x' or 'T' or 'S' or 'R' or 'C': break;
                case '?': return Usage(context);
                default:
                    return context.Fail(Program, $"-{getopt.Option}: not available here", 1);
            }
        }
        if (getopt.Remaining.Count > 0)
            return Usage(context);
        return Dispatch(context, o);
    }

    // main.c's order: -Q, -i (unless -s), -r, then the protocol statistics.
    private static int Dispatch(CommandContext context, NetstatOptions o)
    {
        if (o.Netisr)
            return NetstatNetisr.Run(context);
        if (o.Interfaces && o.Statistics == 0)
            return NetstatInterfaces.Run(context, o);
        if (o.Routes)
        {
            if (o.Fib is not null && o.Fib != "0")
                return context.Fail(Program, $"{o.Fib}: invalid fib", 1);
            return o.Statistics > 0 ? NetstatRoutes.Statistics(context, o.Statistics) : NetstatRoutes.Run(context, o);
        }
        if (o.Statistics > 0)
            return NetstatProtocols.Run(context, o);
        if (o.Protocol is not null && !NetstatProtocols.Knows(o.Protocol))
            return context.Fail(Program, $"{o.Protocol}: unknown or uninstrumented protocol", 1);
        return context.Fail(Program, "sockets (the default display) are not available: there are no sockets to list", 1);
    }

    // xo_parse_args: --libxo STYLE, --libxo=STYLE or --libxo:STYLE, before getopt sees the rest.
    private static List<string> TakeLibxo(IReadOnlyList<string> args, NetstatOptions o)
    {
        var rest = new List<string>(args.Count);
        for (int i = 0; i < args.Count; i++)
        {
            string? style = null;
            if (args[i] == "--libxo" && i + 1 < args.Count)
                style = args[++i];
            else if (args[i].StartsWith("--libxo=", StringComparison.Ordinal) || args[i].StartsWith("--libxo:", StringComparison.Ordinal))
                style = args[i]["--libxo=".Length..];
            if (style is null)
            {
                rest.Add(args[i]);
                continue;
            }
            foreach (var part in style.Split(','))
            {
                if (part == "json")
                    o.Json = true;
            }
        }
        return rest;
    }

    // -f: the families netstat knows by name (pfsync, netgraph … are not here).
    private static bool TryFamily(string name, out string? family)
    {
        family = name switch
        {
            "inet" => "inet",
            "inet6" => "inet6",
            "link" => "link",
            _ => null,
        };
        return family is not null;
    }

    private static int Usage(CommandContext context)
    {
        context.Usage(UsageText);
        return 1;
    }
}

using System.Globalization;
using System.Text;
using Epair.Cli.Jails;

namespace Epair.Cli.Commands;

/// <summary>jls(8): the jails, in FreeBSD's default columns, or their parameters with <c>-n</c>/<c>-s</c>/<c>-h</c>.</summary>
internal static class JlsCommand
{
    public static readonly CommandInfo Info = new("jls", Run, Exclusive: false);

    private const string Program = "jls";

    // The parameters jls "all" lists, in sort_param's order: top-level names first, then dotted.
    private static readonly string[] s_all = ["dying", "jid", "name", "parent", "path", "persist", "vnet", "host.hostid", "host.hostname", "host.hostuuid"];

    private static readonly HashSet<string> s_booleans = ["dying", "persist"];

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        bool header = false, nameValue = false, quoted = false, byName = false, verbose = false;
        string? only = null;
        var getopt = new Getopt(args, "adj:hNnqsv", message => context.Warn(Program, message));
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'a' or 'd': break;
                case 'j': only = getopt.Argument; break;
                case 'h': header = true; verbose = false; break;
                case 'N': byName = true; break;
                case 'n': nameValue = true; verbose = false; break;
                case 'q': quoted = true; break;
                case 's': nameValue = true; quoted = true; header = false; verbose = false; break;
                case 'v': verbose = true; header = nameValue = false; break;
                default: return context.Fail(Program, "usage: jls [-dhNnqv] [-j jail] [param ...]");
            }
        }
        var parameters = getopt.Remaining.ToList();
        foreach (var p in parameters)
        {
            if (Array.IndexOf(s_all, p) < 0 && p is not ("all" or "lastjid" or "ip4.addr" or "ip6.addr"))
                return context.Fail(Program, $"unknown parameter: {p}");
        }

        IReadOnlyList<JailInfo> jails = context.Jails.All;
        if (only is not null)
        {
            var vnet = context.Jails.Find(only);
            if (vnet is null)
                return context.Fail(Program, $"jail \"{only}\" not found");
            jails = [context.Jails.Get(vnet)];
        }

        var o = context.Out;
        if (parameters.Count == 0 && !header && !nameValue)
        {
            if (verbose)
                return Verbose(o, jails);
            if (byName)
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $" {"JID",-15} {"IP Address",-15} {"Hostname",-29} Path"));
            else
                o.WriteLine("   JID  IP Address      Hostname                      Path");
            foreach (var jail in jails)
            {
                string key = byName
                    ? string.Create(CultureInfo.InvariantCulture, $" {jail.Vnet.Name,-15} ")
                    : string.Create(CultureInfo.InvariantCulture, $"{jail.Vnet.Id,6}  ");
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}{"",-15} {Truncate(jail.Hostname, 29),-29} {Truncate(jail.Path, 74)}"));
            }
            return 0;
        }

        if (parameters.Count == 0 || parameters.Contains("all"))
            parameters = [.. s_all];
        parameters.RemoveAll(p => p is "all" or "lastjid");
        if (header)
            o.WriteLine(string.Join(' ', parameters));
        foreach (var jail in jails)
        {
            var line = new StringBuilder();
            foreach (var p in parameters)
            {
                if (line.Length > 0)
                    line.Append(' ');
                string value = Value(jail, p);
                if (nameValue && s_booleans.Contains(p))
                {
                    line.Append(value == "true" ? p : "no" + p);
                    continue;
                }
                if (nameValue)
                    line.Append(p).Append('=');
                line.Append(Quote(value, quoted, nameValue));
            }
            o.WriteLine(line.ToString());
        }
        return 0;
    }

    private static int Verbose(TextWriter o, IReadOnlyList<JailInfo> jails)
    {
        o.WriteLine("   JID  Hostname                      Path");
        o.WriteLine("        Name                          State");
        o.WriteLine("        CPUSetID");
        o.WriteLine("        IP Address(es)");
        foreach (var jail in jails)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{jail.Vnet.Id,6}  {Truncate(jail.Hostname, 29),-29} {Truncate(jail.Path, 74)}"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"        {Truncate(jail.Vnet.Name, 29),-29} ACTIVE"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"        {jail.Vnet.Id + 1}"));
        }
        return 0;
    }

    private static string Value(JailInfo jail, string parameter) => parameter switch
    {
        "jid" => jail.Vnet.Id.ToString(CultureInfo.InvariantCulture),
        "name" => jail.Vnet.Name,
        "dying" => "false",
        "parent" => "0",
        "path" => jail.Path,
        "persist" => jail.Persist ? "true" : "false",
        "vnet" => "new",
        "host.hostid" => jail.Vnet.HostId.ToString(CultureInfo.InvariantCulture),
        "host.hostname" => jail.Hostname,
        "host.hostuuid" => jail.Vnet.HostUuid,
        _ => "",
    };

    private static string Quote(string value, bool quoted, bool nameValue)
    {
        if (value.Length == 0)
            return quoted ? "\"\"" : nameValue ? "" : "-";
        char q = value.Contains('\'', StringComparison.Ordinal) ? '"'
            : value.Contains('"', StringComparison.Ordinal) ? '\''
            : value.Contains(' ', StringComparison.Ordinal) || value.Contains('\t', StringComparison.Ordinal) ? '"'
            : '\0';
        return q != '\0' && quoted ? q + value + q : value;
    }

    private static string Truncate(string text, int width) => text.Length <= width ? text : text[..width];
}

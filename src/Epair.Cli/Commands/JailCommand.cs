using System.Globalization;
using Epair.Vnets;

namespace Epair.Cli.Commands;

/// <summary>
/// jail(8) for vnet jails: <c>jail -c name=N vnet [persist] [host.hostid=H] [vnet.interface=IF]</c>,
/// <c>jail -m name=N param=value…</c> and <c>jail -r N…</c>.
/// </summary>
internal static class JailCommand
{
    public static readonly CommandInfo Info = new("jail", Run);

    private const string Program = "jail";

    private const string UsageText =
        "usage: jail [-dhilqv] [-J jid_file] [-u username] [-U username]\n" +
        "            -[cmr] param=value ... [command=command ...]\n" +
        "       jail [-dqv] [-f file] -[cmr] [jail]\n" +
        "       jail [-qv] [-f file] -[rR] ['*' | jail ...]\n" +
        "       jail [-dhilqv] [-J jid_file] [-u username] [-U username]\n" +
        "            [-n jailname] [-s securelevel]\n" +
        "            path hostname ip[,...] command ...";

    private sealed class Flags
    {
        public bool Create, Modify, Remove, Quiet, PrintJid, Verbose;
    }

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var flags = new Flags();
        var getopt = new Getopt(args, "cdf:hiJ:lmn:p:qrRs:u:U:v", message => context.Warn(Program, message));
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'c': flags.Create = true; break;
                case 'm': flags.Modify = true; break;
                case 'r' or 'R': flags.Remove = true; break;
                case 'q': flags.Quiet = true; break;
                case 'i': flags.PrintJid = true; break;
                case 'v': flags.Verbose = true; break;
                case 'd' or 'f' or 'h' or 'J' or 'l' or 'n' or 'p' or 's' or 'u' or 'U': break;
                default: return Usage(context);
            }
        }
        var rest = getopt.Remaining;
        if (flags.Remove && flags.Modify)
            return Usage(context);
        if (flags.Remove && flags.Create)
            return rest.Count == 0 ? Usage(context) : Restart(context, rest, flags);
        if (flags.Remove)
            return rest.Count == 0 ? Usage(context) : Remove(context, rest, flags);
        if (!flags.Create && !flags.Modify)
            return Usage(context);
        if (rest.Count == 0)
            return Usage(context);
        // -cm: modify the jail if it exists, else create it.
        bool exists = context.Jails.All.Any(j => rest.Contains("name=" + j.Vnet.Name));
        return flags.Modify && (exists || !flags.Create) ? Modify(context, rest, flags) : Create(context, rest, flags);
    }

    // -rc: "restart an existing jail": removed, then created again from the same parameters.
    private static int Restart(CommandContext context, IReadOnlyList<string> words, Flags flags)
    {
        int status = Parse(context, words, out var parameters);
        if (status != 0)
            return status;
        var existing = parameters.Name is null ? null : context.Jails.Find(parameters.Name);
        if (existing is null)
            return context.Fail(Program, $"\"{parameters.Name}\" not found");
        RemoveJail(context, existing);
        if (flags.Verbose && !flags.Quiet)
            context.Out.WriteLine($"{existing.Name}: removed");
        return Create(context, words, flags);
    }

    private static int Usage(CommandContext context)
    {
        context.Usage(UsageText);
        return 1;
    }

    /// <summary>The parameters of one -c or -m line.</summary>
    private sealed class Parameters
    {
        public string? Name;
        public bool Vnet;
        public bool? Persist;
        public ulong? HostId;
        public string? Hostname;
        public string? Path;
        public string? Command;
        public List<string> Interfaces { get; } = [];
    }

    private static int Parse(CommandContext context, IReadOnlyList<string> words, out Parameters parameters)
    {
        parameters = new Parameters();
        for (int i = 0; i < words.Count; i++)
        {
            string word = words[i];
            int eq = word.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? word : word[..eq];
            string? value = eq < 0 ? null : word[(eq + 1)..];
            switch (key)
            {
                case "name":
                    parameters.Name = value;
                    break;
                case "vnet":
                    if (value is not (null or "new"))
                        return context.Fail(Program, $"vnet: only vnet=new is supported here");
                    parameters.Vnet = true;
                    break;
                case "novnet":
                    return context.Fail(Program, "only vnet jails are supported here");
                case "persist":
                    parameters.Persist = true;
                    break;
                case "nopersist":
                    parameters.Persist = false;
                    break;
                case "host.hostid":
                    if (value is null || !Sysctl.SysctlRegistry.TryParseUnsigned(value, out ulong hostId))
                        return context.Fail(Program, $"host.hostid: invalid value \"{value}\"");
                    parameters.HostId = hostId;
                    break;
                case "host.hostname":
                    parameters.Hostname = value ?? "";
                    break;
                case "path":
                    parameters.Path = value ?? "";
                    break;
                case "vnet.interface":
                    if (string.IsNullOrEmpty(value))
                        return context.Fail(Program, "vnet.interface: no value");
                    // A list parameter, as ip4.addr: "vnet.interface=epair0a,epair1a".
                    parameters.Interfaces.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries));
                    break;
                case "command" or "exec.start":
                    // The rest of the line is the command (jail(8) takes the words after command=).
                    parameters.Command = string.Join(' ', new[] { value ?? "" }.Concat(words.Skip(i + 1)));
                    i = words.Count;
                    break;
                default:
                    if (key.StartsWith("allow.", StringComparison.Ordinal) || key.StartsWith("exec.", StringComparison.Ordinal) ||
                        key is "children.max" or "securelevel" or "enforce_statfs" or "devfs_ruleset" or "mount.devfs" or "host" or "ip4" or "ip6")
                        break; // accepted and without effect in a jail that has no processes
                    return context.Fail(Program, $"unknown parameter: {key}");
            }
        }
        return 0;
    }

    private static int Create(CommandContext context, IReadOnlyList<string> words, Flags flags)
    {
        int status = Parse(context, words, out var parameters);
        if (status != 0)
            return status;
        if (parameters.Command is not null)
            return context.Fail(Program, "command=: jails here run no processes; use persist and jexec");
        if (!parameters.Vnet)
            return context.Fail(Program, "only vnet jails are supported here (add the vnet parameter)");
        string name = parameters.Name ?? "";
        Vnet vnet;
        try
        {
            vnet = context.Kernel.CreateVnet(name, parameters.HostId);
        }
        catch (ErrnoException ex) when (ex.Errno == Errno.EEXIST)
        {
            return context.Fail(Program, $"\"{name}\" already exists");
        }
        catch (ErrnoException ex)
        {
            return context.Fail(Program, $"jail_set: {ErrnoText.Of(ex.Errno)}");
        }
        var info = context.Jails.Get(vnet);
        info.Hostname = parameters.Hostname ?? Jails.JailTable.HostHostname;
        info.Path = parameters.Path ?? "/";
        info.Persist = parameters.Persist ?? false;

        // vnet.interface: jail(8) runs "ifconfig IF vnet JID" for each, and undoes the jail when one fails.
        foreach (var ifname in parameters.Interfaces)
        {
            try
            {
                context.Vnet.MoveInterface(ifname, vnet);
            }
            catch (ErrnoException ex)
            {
                if (ex.Errno == Errno.ENXIO)
                    context.Warn("ifconfig", $"interface {ifname} does not exist");
                else
                    context.Warn("ifconfig", $"SIOCSIFVNET: {ErrnoText.Of(ex.Errno)}");
                context.Warn(Program, $"{vnet.Name}: /sbin/ifconfig {ifname} vnet {vnet.Id.ToString(CultureInfo.InvariantCulture)}: failed");
                RemoveJail(context, vnet);
                return 1;
            }
        }
        if (flags.PrintJid)
            context.Out.WriteLine(vnet.Id.ToString(CultureInfo.InvariantCulture));
        // jail_note(j, "created") only for a jail named in jail.conf, or with -v: a jail made from
        // parameters on the command line is made silently.
        if (flags.Verbose && !flags.Quiet)
            context.Out.WriteLine($"{vnet.Name}: created");
        // With neither persist nor a process, the jail goes as soon as it is made.
        if (!info.Persist)
            RemoveJail(context, vnet);
        return 0;
    }

    private static int Modify(CommandContext context, IReadOnlyList<string> words, Flags flags)
    {
        int status = Parse(context, words, out var parameters);
        if (status != 0)
            return status;
        var vnet = parameters.Name is null ? null : context.Jails.Find(parameters.Name);
        if (vnet is null)
            return context.Fail(Program, $"\"{parameters.Name}\" not found");
        var info = context.Jails.Get(vnet);
        if (parameters.Hostname is not null)
            info.Hostname = parameters.Hostname;
        if (parameters.Persist is bool persist)
            info.Persist = persist;
        if (parameters.HostId is ulong hostId)
            vnet.HostId = hostId;
        foreach (var ifname in parameters.Interfaces)
        {
            try
            {
                context.Vnet.MoveInterface(ifname, vnet);
            }
            catch (ErrnoException ex)
            {
                return context.Fail("ifconfig", $"SIOCSIFVNET: {ErrnoText.Of(ex.Errno)}");
            }
        }
        if (flags.Verbose && !flags.Quiet)
            context.Out.WriteLine($"{vnet.Name}: updated");
        if (!info.Persist)
            RemoveJail(context, vnet);
        return 0;
    }

    private static int Remove(CommandContext context, IReadOnlyList<string> names, Flags flags)
    {
        int status = 0;
        var targets = names is ["*"] ? context.Jails.All.Select(j => j.Vnet.Name).ToList() : names.ToList();
        foreach (var name in targets)
        {
            var vnet = context.Jails.Find(name);
            if (vnet is null)
            {
                context.Warn(Program, $"\"{name}\" not found");
                status = 1;
                continue;
            }
            RemoveJail(context, vnet);
            if (!flags.Quiet)
                context.Out.WriteLine($"{vnet.Name}: removed");
        }
        return status;
    }

    /// <summary>Removes the jail: interfaces lent to it go home, the ones made in it are destroyed.</summary>
    private static void RemoveJail(CommandContext context, Vnet vnet)
    {
        try
        {
            context.Kernel.RemoveVnet(vnet);
        }
        catch (ErrnoException)
        {
            // Removed meanwhile: the outcome is the one asked for.
        }
        context.Jails.Forget(vnet);
    }
}

using Epair.Sysctl;

namespace Epair.Cli.Commands;

/// <summary>
/// sysctl(8): <c>sysctl [-adeiNnq] name[=value] …</c> and <c>sysctl -a</c>, read and written in
/// the vnet the command runs in. The exit status is the number of names that failed, as
/// sysctl.c's main returns its warning count.
/// </summary>
internal static class SysctlCommand
{
    public static readonly CommandInfo Info = new("sysctl", Run);

    private const string Program = "sysctl";

    private const string UsageText =
        "usage: sysctl [-j jail] [-bdehiNnoqTtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n" +
        "       sysctl [-j jail] [-bdehNnoqTtWx] [ -B <bufsize> ] -a";

    private sealed class Flags
    {
        public bool All, Describe, EqualsSign, IgnoreUnknown, NamesOnly, ValuesOnly, Quiet, Writable, Tunables, Types;
    }

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var flags = new Flags();
        string? jail = null;
        var getopt = new Getopt(args, "AabB:def:hiJ:j:NnoqTtWxX", message => context.Warn(Program, message));
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'a' or 'A' or 'X': flags.All = true; break;
                case 'd': flags.Describe = true; break;
                case 'e': flags.EqualsSign = true; break;
                case 'i': flags.IgnoreUnknown = true; break;
                case 'j': jail = getopt.Argument; break;
                case 'N': flags.NamesOnly = true; break;
                case 'n': flags.ValuesOnly = true; break;
                case 'q': flags.Quiet = true; break;
                case 'W': flags.Writable = true; break;
                case 'T': flags.Tunables = true; break;
                case 't': flags.Types = true; break;
                case 'b' or 'B' or 'f' or 'h' or 'J' or 'o' or 'x': break;
                default: return Usage(context);
            }
        }
        var names = getopt.Remaining;
        if (jail is not null)
        {
            var vnet = context.Jails.Find(jail);
            if (vnet is null)
                return context.Fail(Program, $"jail \"{jail}\" not found");
            context = context.In(vnet);
        }
        if (flags.NamesOnly && flags.ValuesOnly)
            return Usage(context);
        if (flags.All)
        {
            if (names.Count > 0)
                return Usage(context);
            foreach (var node in context.Kernel.Sysctl.List())
                Show(context, node, flags);
            return 0;
        }
        if (names.Count == 0)
            return Usage(context);
        int failures = 0;
        foreach (var name in names)
            failures += Parse(context, name, flags);
        return failures;
    }

    private static int Usage(CommandContext context)
    {
        context.Usage(UsageText);
        return 1;
    }

    /// <summary>One <c>name</c> or <c>name=value</c> (sysctl.c's <c>parse</c>); 0 or 1 failure.</summary>
    private static int Parse(CommandContext context, string text, Flags flags)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        string name = eq < 0 ? text : text[..eq];
        string? value = eq < 0 ? null : text[(eq + 1)..];
        var registry = context.Kernel.Sysctl;
        var node = registry.Find(name);
        var children = node is null ? registry.List(name) : [];
        if (node is null && children.Count == 0)
        {
            if (flags.IgnoreUnknown)
                return 0;
            if (!flags.Quiet)
                context.Warn(Program, $"unknown oid '{name}'");
            return 1;
        }
        if (value is null)
        {
            if (node is not null)
                Show(context, node, flags);
            else
                foreach (var child in children)
                    Show(context, child, flags);
            return 0;
        }
        if (node is null)
        {
            context.Warn(Program, $"oid '{name}' isn't a leaf node");
            return 1;
        }
        if (!node.IsWritable)
        {
            if ((node.Access & SysctlAccess.Tunable) != 0)
            {
                context.Warn(Program, $"oid '{name}' is a read only tunable");
                context.Warn(Program, "Tunable values are set in /boot/loader.conf");
            }
            else
            {
                context.Warn(Program, $"oid '{name}' is read only");
            }
            return 1;
        }
        if (node.Type != SysctlType.String)
        {
            if (value.Length == 0)
            {
                context.Warn(Program, "empty numeric value");
                return 1;
            }
            if (!IsInteger(node.Type, value))
            {
                context.Warn(Program, $"invalid {TypeWords(node.Type)} '{value}'");
                return 1;
            }
        }
        string old;
        try
        {
            old = registry.Set(name, value, context.Vnet);
        }
        catch (ErrnoException ex)
        {
            context.Warn(Program, $"{name}: {ErrnoText.Of(ex.Errno)}");
            return 1;
        }
        string current = registry.Get(name, context.Vnet);
        if (flags.Quiet)
            return 0;
        if (flags.ValuesOnly)
            context.Out.WriteLine($"{old} -> {current}");
        else
            context.Out.WriteLine($"{name}: {old} -> {current}");
        return 0;
    }

    private static void Show(CommandContext context, SysctlNode node, Flags flags)
    {
        if (flags.Writable && !node.IsWritable)
            return;
        if (flags.Tunables && (node.Access & SysctlAccess.Tunable) == 0)
            return;
        if (flags.NamesOnly)
        {
            context.Out.WriteLine(node.Name);
            return;
        }
        // show_var: -d prints the description instead of the value, -t the type (both with -d -t).
        string separator = flags.EqualsSign ? "=" : ": ";
        string value = (flags.Describe, flags.Types) switch
        {
            (true, true) => TypeName(node.Type) + separator + node.Description,
            (true, false) => node.Description,
            (false, true) => TypeName(node.Type),
            _ => context.Kernel.Sysctl.Get(node.Name, context.Vnet),
        };
        context.Out.WriteLine(flags.ValuesOnly ? value : node.Name + separator + value);
    }

    private static bool IsInteger(SysctlType type, string value) => type switch
    {
        SysctlType.UInt or SysctlType.ULong => SysctlRegistry.TryParseUnsigned(value, out _),
        _ => SysctlRegistry.TryParseInteger(value, out _),
    };

    // sysctl.c's ctl_typename, what -t prints.
    private static string TypeName(SysctlType type) => type switch
    {
        SysctlType.Int => "integer",
        SysctlType.UInt => "unsigned integer",
        SysctlType.Long => "long integer",
        SysctlType.ULong => "unsigned long",
        _ => "string",
    };

    private static string TypeWords(SysctlType type) => type switch
    {
        SysctlType.UInt => "unsigned integer",
        SysctlType.Long => "long integer",
        SysctlType.ULong => "unsigned long integer",
        _ => "integer",
    };
}

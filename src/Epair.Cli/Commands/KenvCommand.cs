namespace Epair.Cli.Commands;

/// <summary>
/// kenv(1): the kernel environment, where loader tunables live. <c>kenv NAME=VALUE</c> sets one
/// (read when a module next loads, e.g. <c>net.link.epair.netisr_maxqlen</c> before
/// <c>kldload if_epair</c>), <c>kenv NAME</c> prints it, <c>kenv</c> lists them, <c>kenv -u NAME</c> unsets.
/// </summary>
internal static class KenvCommand
{
    public static readonly CommandInfo Info = new("kenv", Run);

    private const string Program = "kenv";

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        bool quiet = false, unset = false, namesOnly = false;
        var getopt = new Getopt(args, "hlNqsu", message => context.Warn(Program, message));
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'h' or 'l' or 's': break;
                case 'N': namesOnly = true; break;
                case 'q': quiet = true; break;
                case 'u': unset = true; break;
                default: return Usage(context);
            }
        }
        var rest = getopt.Remaining;
        if (rest.Count > 1)
            return Usage(context);
        if (rest.Count == 0)
        {
            if (unset)
                return Usage(context);
            foreach (var (name, value) in context.Jails.KernelEnvironment)
                context.Out.WriteLine(namesOnly ? name : $"{name}=\"{value}\"");
            return 0;
        }
        string word = rest[0];
        int eq = word.IndexOf('=', StringComparison.Ordinal);
        if (eq >= 0)
        {
            if (unset)
                return context.Fail(Program, "an assignment cannot be combined with -u");
            string name = word[..eq], value = word[(eq + 1)..];
            // Only the host may change the kernel's environment.
            if (!context.Vnet.IsHost)
                return quiet ? 1 : context.Fail(Program, $"unable to set {name} to {value}");
            context.Jails.SetKenv(name, value);
            if (!quiet)
                context.Out.WriteLine($"{name}=\"{value}\"");
            return 0;
        }
        if (unset)
        {
            if (!context.Vnet.IsHost || !context.Jails.UnsetKenv(word))
                return quiet ? 1 : context.Fail(Program, $"unable to unset {word}");
            return 0;
        }
        var current = context.Jails.GetKenv(word);
        if (current is null)
            return quiet ? 1 : context.Fail(Program, $"unable to get {word}");
        context.Out.WriteLine(namesOnly ? word : current);
        return 0;
    }

    private static int Usage(CommandContext context)
    {
        context.Usage("usage: kenv [-l|-s] [-hNq]\n       kenv [-qv] variable[=value]\n       kenv [-q] -u variable");
        return 1;
    }
}

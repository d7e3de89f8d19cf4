namespace Epair.Cli.Commands;

/// <summary>
/// jexec(8): <c>jexec [-l] [-u user | -U user] jail command …</c> runs one of this tool's
/// commands inside the jail's vnet. There are no processes here, so the command must be one
/// the daemon knows (ifconfig, sysctl, netstat, …), not a program.
/// </summary>
internal static class JexecCommand
{
    // Not exclusive: the nested command takes the lock itself if it needs it.
    public static readonly CommandInfo Info = new("jexec", Run, Exclusive: false);

    private const string Program = "jexec";

    private const string UsageText = "usage: jexec [-l] [-d working-directory] [-u username | -U username] jail [command ...]";

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var getopt = new Getopt(args, "d:lnu:U:", message => context.Warn(Program, message));
        while (getopt.Next())
        {
            if (getopt.Option == '?')
                return Usage(context);
            // -l (clean environment), -u/-U (user) and -d change nothing for a built-in command.
        }
        var rest = getopt.Remaining;
        if (rest.Count < 1)
            return Usage(context);
        var vnet = context.Jails.Find(rest[0]);
        if (vnet is null)
            return context.Fail(Program, $"jail \"{rest[0]}\" not found");
        if (rest.Count == 1)
            return context.Fail(Program, "no command given: this jail has no shell; name one of: " + string.Join(' ', CommandTable.Names));
        var nested = rest.Skip(1).ToArray();
        if (CommandTable.Find(nested[0]) is null)
            return context.Fail(Program, $"execvp: {nested[0]}: No such file or directory");
        return context.Host.Execute(context.In(vnet), nested);
    }

    private static int Usage(CommandContext context)
    {
        context.Usage(UsageText);
        return 1;
    }
}

namespace Epair.Cli.Commands;

/// <summary>Runs one command with its arguments (without the command name) and returns its exit status.</summary>
internal delegate int CommandHandler(CommandContext context, IReadOnlyList<string> args);

/// <summary>A command the daemon runs.</summary>
/// <param name="Name">The name, as FreeBSD spells it.</param>
/// <param name="Run">The handler.</param>
/// <param name="Exclusive">
/// True when the command runs alone with respect to other exclusive commands (configuration
/// commands, so that e.g. two <c>ifconfig</c> keyword lists never interleave). Commands that run
/// for long and only read (ping, tcpdump) or that only dispatch (jexec) say false.
/// </param>
internal sealed record CommandInfo(string Name, CommandHandler Run, bool Exclusive = true);

/// <summary>
/// Every command the daemon knows. A new command is one file in this folder with a
/// <c>public static readonly CommandInfo Info</c>, plus one line here.
/// </summary>
internal static class CommandTable
{
    private static readonly Dictionary<string, CommandInfo> s_commands = Build(
        IfconfigCommand.Info,
        JailCommand.Info,
        JexecCommand.Info,
        JlsCommand.Info,
        SysctlCommand.Info,
        KldloadCommand.Info,
        KldunloadCommand.Info,
        KldstatCommand.Info,
        KenvCommand.Info,
        NetstatCommand.Info,
        PingCommand.Info,
        PingCommand.Info6,
        RouteCommand.Info,
        ArpCommand.Info,
        NdpCommand.Info,
        IfmcstatCommand.Info,
        TcpdumpCommand.Info);

    /// <summary>The command names, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_commands.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The command called <paramref name="name"/>, or null.</summary>
    public static CommandInfo? Find(string name) => s_commands.GetValueOrDefault(name);

    private static Dictionary<string, CommandInfo> Build(params CommandInfo[] commands)
    {
        var table = new Dictionary<string, CommandInfo>(StringComparer.Ordinal);
        foreach (var command in commands)
            table.Add(command.Name, command);
        return table;
    }
}

using Epair.Cli.Jails;
using Epair.Vnets;

namespace Epair.Cli.Commands;

/// <summary>What a command printed and how it ended.</summary>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error.</param>
/// <param name="ExitCode">The exit status.</param>
internal sealed record CommandResult(string Stdout, string Stderr, int ExitCode);

/// <summary>
/// The command layer over one kernel: the daemon runs every request through it, and tests call
/// it in-process. Exclusive commands take one lock, so that each runs start to finish against a
/// kernel nobody else is reconfiguring; a failure becomes an error message, never a crash.
/// </summary>
internal sealed class CommandHost
{
    private readonly Lock _exclusive = new();

    public CommandHost(Kernel kernel)
    {
        Kernel = kernel;
        Jails = new JailTable(kernel);
    }

    /// <summary>The kernel commands work on.</summary>
    public Kernel Kernel { get; }

    /// <summary>The jails and their jail(8) parameters.</summary>
    public JailTable Jails { get; }

    /// <summary>Runs <paramref name="argv"/> (a command name and its arguments) in the host vnet.</summary>
    public CommandResult Run(IReadOnlyList<string> argv, string? workingDirectory = null) =>
        Run(argv, workingDirectory, CancellationToken.None);

    /// <summary>Runs <paramref name="argv"/> and collects its output; <paramref name="interrupted"/> plays Ctrl-C.</summary>
    public CommandResult Run(IReadOnlyList<string> argv, string? workingDirectory, CancellationToken interrupted)
    {
        // Synchronized: a long command (ping) writes from the stack's threads while a test may read.
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int status = Run(argv, workingDirectory ?? "/", TextWriter.Synchronized(output), TextWriter.Synchronized(error), interrupted);
        return new CommandResult(output.ToString(), error.ToString(), status);
    }

    /// <summary>
    /// Runs <paramref name="argv"/> in the host vnet, writing to <paramref name="output"/> and
    /// <paramref name="error"/> as it goes (the daemon streams them to the client).
    /// </summary>
    public int Run(IReadOnlyList<string> argv, string workingDirectory, TextWriter output, TextWriter error, CancellationToken interrupted)
    {
        var context = new CommandContext(this, Kernel.Host, output, error, workingDirectory, interrupted);
        return Execute(context, argv);
    }

    /// <inheritdoc cref="Run(IReadOnlyList{string}, string?)"/>
    public CommandResult Run(params string[] argv) => Run((IReadOnlyList<string>)argv);

    /// <summary>Runs a command line in <paramref name="context"/> (jexec calls this for its nested command).</summary>
    public int Execute(CommandContext context, IReadOnlyList<string> argv)
    {
        if (argv.Count == 0)
            return context.Usage("usage: epair command [argument ...]\ncommands: " + string.Join(' ', CommandTable.Names));
        var command = CommandTable.Find(argv[0]);
        if (command is null)
            return context.Fail("epair", $"{argv[0]}: unknown command (known: {string.Join(' ', CommandTable.Names)})", ExitCodes.Usage);
        var args = argv.Skip(1).ToArray();
        try
        {
            if (!command.Exclusive)
                return command.Run(context, args);
            lock (_exclusive)
                return command.Run(context, args);
        }
        catch (ErrnoException ex)
        {
            // A path a command did not foresee: report it the way err(3) would.
            return context.Fail(command.Name, ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return context.Fail(command.Name, $"internal error: {ex.GetType().Name}: {ex.Message}", ExitCodes.Software);
        }
    }

    /// <summary>The vnet called <paramref name="nameOrId"/> as jail(8) finds it, or null.</summary>
    public Vnet? FindJail(string nameOrId) => Jails.Find(nameOrId);
}

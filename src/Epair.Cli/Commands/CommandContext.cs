using Epair.Cli.Jails;
using Epair.Vnets;

namespace Epair.Cli.Commands;

/// <summary>
/// What a command runs with: the kernel, the jail table, the vnet it runs in (the host, or the
/// jail of <c>jexec</c>/<c>ifconfig -j</c>), its output streams, and the token that tells a
/// long-running command (ping, tcpdump) that the user pressed Ctrl-C or went away.
/// </summary>
internal sealed class CommandContext
{
    public CommandContext(CommandHost host, Vnet vnet, TextWriter output, TextWriter error, string workingDirectory,
        CancellationToken interrupted = default)
    {
        Host = host;
        Vnet = vnet;
        Out = output;
        Err = error;
        WorkingDirectory = workingDirectory;
        Interrupted = interrupted;
    }

    /// <summary>The command layer this context belongs to.</summary>
    public CommandHost Host { get; }

    /// <summary>The kernel every command works on.</summary>
    public Kernel Kernel => Host.Kernel;

    /// <summary>The jails and what jail(8) remembers about them.</summary>
    public JailTable Jails => Host.Jails;

    /// <summary>The vnet the command runs in.</summary>
    public Vnet Vnet { get; }

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Err { get; }

    /// <summary>The client's working directory.</summary>
    public string WorkingDirectory { get; }

    /// <summary>
    /// Fires when the client sends SIGINT or SIGTERM, disconnects, or the daemon stops: the
    /// command should stop as FreeBSD's does on SIGINT (ping and tcpdump print their summaries).
    /// </summary>
    public CancellationToken Interrupted { get; }

    /// <summary>The same context in another vnet (<c>jexec</c>, <c>ifconfig -j</c>).</summary>
    public CommandContext In(Vnet vnet) => new(Host, vnet, Out, Err, WorkingDirectory, Interrupted);

    /// <summary>A token source that fires on <see cref="Interrupted"/>, or after <paramref name="limit"/> when given.</summary>
    public CancellationTokenSource InterruptedOrAfter(TimeSpan? limit)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(Interrupted);
        if (limit is { } after)
            source.CancelAfter(after);
        return source;
    }

    /// <summary>Resolves <paramref name="path"/> against the client's working directory.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary>err(3)/errx(3): prints <c>program: message</c> on stderr and returns <paramref name="status"/>.</summary>
    public int Fail(string program, string message, int status = 1)
    {
        Err.Write(program);
        Err.Write(": ");
        Err.WriteLine(message);
        return status;
    }

    /// <summary>warnx(3): prints <c>program: message</c> on stderr.</summary>
    public void Warn(string program, string message)
    {
        Err.Write(program);
        Err.Write(": ");
        Err.WriteLine(message);
    }

    /// <summary>Prints a usage text on stderr and returns <see cref="ExitCodes.Usage"/>.</summary>
    public int Usage(string text)
    {
        Err.WriteLine(text);
        return ExitCodes.Usage;
    }
}

/// <summary>sysexits(3) values the tools use.</summary>
internal static class ExitCodes
{
    /// <summary><c>EX_USAGE</c>: the command was used incorrectly.</summary>
    public const int Usage = 64;

    /// <summary><c>EX_DATAERR</c>: the input data was incorrect.</summary>
    public const int DataError = 65;

    /// <summary><c>EX_NOHOST</c>: host name unknown.</summary>
    public const int NoHost = 68;

    /// <summary><c>EX_UNAVAILABLE</c>: a service is unavailable.</summary>
    public const int Unavailable = 69;

    /// <summary><c>EX_SOFTWARE</c>: an internal software error.</summary>
    public const int Software = 70;

    /// <summary><c>EX_OSERR</c>: an operating system error.</summary>
    public const int OsError = 71;

    /// <summary><c>EX_PROTOCOL</c>: remote error in protocol.</summary>
    public const int Protocol = 76;

    /// <summary><c>EX_NOPERM</c>: permission denied.</summary>
    public const int NoPermission = 77;
}

using Epair.Cli.Commands;

namespace Epair.Tests.Cli.Commands;

/// <summary>A kernel and the command layer over it, in-process: what the daemon runs, without the socket.</summary>
public abstract class CommandTestBase : IDisposable
{
    private protected CommandTestBase()
    {
        Kernel = new Kernel();
        Host = new CommandHost(Kernel);
    }

    private protected Kernel Kernel { get; }

    private protected CommandHost Host { get; }

    /// <summary>Runs a command line such as <c>"ifconfig epair create"</c> (words split on spaces).</summary>
    private protected CommandResult Run(string commandLine) => Host.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Runs a command that must succeed and returns its stdout.</summary>
    private protected string Ok(string commandLine)
    {
        var result = Run(commandLine);
        Assert.True(result.ExitCode == 0, $"{commandLine}: exit {result.ExitCode}, stderr: {result.Stderr}");
        Assert.Equal("", result.Stderr);
        return result.Stdout;
    }

    public void Dispose()
    {
        Kernel.Dispose();
        GC.SuppressFinalize(this);
    }
}

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

    /// <summary>
    /// An IPv6 wire: epair0a (2001:db8::1/64) here and epair0b (2001:db8::2/64) in jail "one",
    /// usable at once (no DAD: these tests run on the real clock).
    /// </summary>
    private protected void Wire6()
    {
        Ok("sysctl net.inet6.ip6.dad_count=0");
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 2001:db8::1/64");
        Ok("jail -c name=one vnet persist vnet.interface=epair0b");
        Ok("jexec one sysctl net.inet6.ip6.dad_count=0");
        Ok("jexec one ifconfig epair0b inet6 2001:db8::2/64 up");
    }

    public void Dispose()
    {
        Kernel.Dispose();
        GC.SuppressFinalize(this);
    }
}

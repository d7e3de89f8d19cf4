using System.Diagnostics;
using Epair.Cli.Daemon;

namespace Epair.Tests.Cli.Daemon;

/// <summary>
/// The tool as a user runs it: separate processes, the first of which starts the daemon on its
/// own. Each test has its own EPAIR_SOCKET in a temporary directory, and stops its daemon and
/// removes the directory whatever the outcome.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("epair-e2e.").FullName;

    private string SocketFile => Path.Combine(_directory, "epair.sock");

    public void Dispose()
    {
        try
        {
            Epair("daemon", "stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private (int Status, string Stdout, string Stderr) Epair(params string[] args)
    {
        // The tests run under dotnet; the tool is the Epair.Cli.dll copied next to them.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(DaemonClient).Assembly.Location);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment[SocketPath.EnvironmentVariable] = SocketFile;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"epair {string.Join(' ', args)} did not finish");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void The_first_command_starts_the_daemon_and_state_lasts_between_commands()
    {
        Assert.Equal((0, "epair0a\n", ""), Epair("ifconfig", "epair", "create"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketFile));
        Assert.Equal((0, "", ""), Epair("jail", "-c", "name=one", "vnet", "persist"));
        Assert.Equal(0, Epair("ifconfig", "epair0b", "vnet", "one").Status);
        Assert.Equal((0, "lo0 epair0b\n", ""), Epair("jexec", "one", "ifconfig", "-l"));
        var missing = Epair("ifconfig", "nosuch0");
        Assert.Equal((1, "", "ifconfig: interface nosuch0 does not exist\n"), missing);
        var second = Epair("daemon");
        Assert.Equal(1, second.Status);
        Assert.Contains("already running", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Epair("daemon", "stop").Status);
        Assert.False(File.Exists(SocketFile));
    }

    [Fact]
    public void Wrong_usage_of_the_tool_itself_is_EX_USAGE()
    {
        Assert.Equal(64, Epair("daemon", "sideways").Status);
        Assert.Equal(64, Epair("frobnicate").Status);
    }
}

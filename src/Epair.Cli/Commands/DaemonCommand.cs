using Epair.Cli.Daemon;

namespace Epair.Cli.Commands;

/// <summary>
/// <c>epair daemon</c>: run the daemon in the foreground (the first command of a session starts
/// one in the background by itself); <c>epair daemon stop</c>: end the one that is running.
/// </summary>
internal static class DaemonCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string path = SocketPath.Resolve();
        if (args is ["stop"])
            return await StopAsync(path, stderr).ConfigureAwait(false);
        if (args.Count != 0)
        {
            await stderr.WriteLineAsync("usage: epair daemon [stop]").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        if (Environment.GetEnvironmentVariable(DaemonClient.DetachVariable) == "1")
        {
            // Leave the client's session and process group: its Ctrl-C or kill is not for us.
            _ = Interop.SetSessionId();
        }
        DaemonServer server;
        try
        {
            server = DaemonServer.Start(path, stderr);
        }
        catch (DaemonRunningException ex)
        {
            await stderr.WriteLineAsync($"epair daemon: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"epair daemon: {path}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.OsError;
        }
        await using (server.ConfigureAwait(false))
        {
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; server.Stop(); });
            using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGINT, ctx => { ctx.Cancel = true; server.Stop(); });
            await stdout.WriteLineAsync($"epair daemon: listening on {path}").ConfigureAwait(false);
            await stdout.FlushAsync().ConfigureAwait(false);
            await server.RunAsync().ConfigureAwait(false);
        }
        return 0;
    }

    private static async Task<int> StopAsync(string path, TextWriter stderr)
    {
        var socket = DaemonClient.TryConnect(path);
        if (socket is null)
        {
            await stderr.WriteLineAsync($"epair daemon: no daemon is running on {path}").ConfigureAwait(false);
            return 1;
        }
        using var stdout = Stream.Null;
        using var error = Console.OpenStandardError();
        int status = await DaemonClient.SendAsync(socket, ["daemon", "stop"], stdout, error).ConfigureAwait(false);
        // Wait until the socket is gone, so that "stop; start" in a script never meets the old daemon.
        for (int i = 0; i < 500 && File.Exists(path); i++)
            await Task.Delay(10).ConfigureAwait(false);
        return status;
    }
}

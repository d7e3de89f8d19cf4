using System.Diagnostics;
using System.Net.Sockets;
using Epair.Cli.Commands;

namespace Epair.Cli.Daemon;

/// <summary>
/// The client side of every FreeBSD command: send argv and the working directory to the daemon,
/// print what comes back, exit with its status. Starts a daemon when none answers.
/// </summary>
internal static class DaemonClient
{
    /// <summary>Set in a spawned daemon's environment: it should leave the client's session.</summary>
    public const string DetachVariable = "EPAIR_DAEMON_DETACH";

    // A daemon's first start JIT-compiles the kernel; on a loaded two-core machine that takes a while.
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="args"/> in the daemon at <paramref name="path"/>, starting one if needed.</summary>
    public static async Task<int> RunAsync(string path, IReadOnlyList<string> args, Stream stdout, Stream stderr)
    {
        Socket socket;
        try
        {
            socket = await ConnectOrStartAsync(path).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            await WriteAsync(stderr, $"epair: cannot reach the daemon at {path}: {ex.Message}\n").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
        using var signals = new SignalForwarder();
        return await SendAsync(socket, args, stdout, stderr, signals.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one request on a connected socket and relays the response. When
    /// <paramref name="interrupt"/> fires (the user's Ctrl-C), the daemon is told and the response
    /// is still relayed to its end: ping and tcpdump print their summaries then.
    /// </summary>
    public static async Task<int> SendAsync(Socket socket, IReadOnlyList<string> args, Stream stdout, Stream stderr,
        CancellationToken interrupt = default)
    {
        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            try
            {
                await Protocol.WriteRequestAsync(stream, new Request(Environment.CurrentDirectory, args), CancellationToken.None).ConfigureAwait(false);
                using var tell = interrupt.Register(() => TellInterrupted(socket));
                // A closed stdout is SIGPIPE for the command: tcpdump stops and still reports on stderr.
                return await Protocol.ReadResponseAsync(stream, stdout, stderr, () => TellInterrupted(socket), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or InvalidDataException)
            {
                await WriteAsync(stderr, $"epair: the daemon went away: {ex.Message}\n").ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }
        }
    }

    // One byte on the socket; a failure means the daemon is gone, which the read loop reports.
    private static void TellInterrupted(Socket socket)
    {
        try
        {
            socket.Send([Protocol.SignalInterrupt]);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Nothing to tell.
        }
    }

    /// <summary>Connects; when nobody answers, spawns <c>epair daemon</c> and waits until it does.</summary>
    private static async Task<Socket> ConnectOrStartAsync(string path)
    {
        var socket = TryConnect(path);
        if (socket is not null)
            return socket;
        SocketPath.PrepareDirectory(path);
        SpawnDaemon();
        var deadline = Stopwatch.StartNew();
        int delay = 10;
        while (deadline.Elapsed < s_startTimeout)
        {
            await Task.Delay(delay).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 100);
            socket = TryConnect(path);
            if (socket is not null)
                return socket;
        }
        throw new TimeoutException($"no daemon answered within {s_startTimeout.TotalSeconds} s");
    }

    /// <summary>A connected socket, or null when nobody listens.</summary>
    public static Socket? TryConnect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Starts <c>epair daemon</c> (this same program) in the background, its standard streams
    /// on /dev/null so that a caller capturing our output (<c>$(epair ifconfig epair create)</c>)
    /// does not wait for the daemon to exit. The daemon outlives us.
    /// </summary>
    private static void SpawnDaemon()
    {
        var (program, prefix) = SelfInvocation();
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("\"$@\" </dev/null >/dev/null 2>&1 &");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(program);
        foreach (var argument in prefix)
            start.ArgumentList.Add(argument);
        start.ArgumentList.Add("daemon");
        start.Environment[DetachVariable] = "1";
        using var shell = Process.Start(start) ?? throw new IOException("cannot start /bin/sh");
        shell.WaitForExit();
    }

    /// <summary>How to run this program again: the apphost, or <c>dotnet Epair.Cli.dll</c>.</summary>
    internal static (string Program, string[] Prefix) SelfInvocation()
    {
        var process = Environment.ProcessPath ?? throw new IOException("cannot tell which program this is");
        var assembly = typeof(DaemonClient).Assembly.Location;
        bool viaHost = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return viaHost ? (process, [assembly]) : (process, []);
    }

    private static async Task WriteAsync(Stream stream, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        await stream.WriteAsync(bytes).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
    }
}

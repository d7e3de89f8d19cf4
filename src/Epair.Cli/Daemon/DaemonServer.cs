using System.Net.Sockets;
using Epair.Cli.Commands;

namespace Epair.Cli.Daemon;

/// <summary>
/// The daemon: one kernel, one Unix socket, one task per connection. Each connection carries
/// one request and its response. A live daemon is never replaced: the lock file next to the
/// socket is held for the daemon's life, and a second daemon that cannot take it exits.
/// </summary>
internal sealed class DaemonServer : IAsyncDisposable
{
    // Long enough for any sane client, short enough that a silent connection does not pin a task forever.
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _listener;
    private readonly FileStream _lock;
    private readonly Kernel _kernel;
    private readonly CommandHost _commands;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TextWriter _log;
    private int _connections;
    private int _disposed;

    private DaemonServer(string path, Socket listener, FileStream lockFile, Kernel kernel, TextWriter log)
    {
        SocketPath = path;
        _listener = listener;
        _lock = lockFile;
        _kernel = kernel;
        _commands = new CommandHost(kernel);
        _log = log;
    }

    /// <summary>The socket this daemon listens on.</summary>
    public string SocketPath { get; }

    /// <summary>The command layer (tests look at its kernel).</summary>
    public CommandHost Commands => _commands;

    /// <summary>Completes when <see cref="Stop"/> is called (or <c>epair daemon stop</c> arrives).</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Takes the socket path: refuses when another daemon holds it, replaces a stale socket file
    /// that nobody answers on, binds with mode 0600 and listens.
    /// </summary>
    /// <exception cref="DaemonRunningException">Another daemon owns the path.</exception>
    public static DaemonServer Start(string path, TextWriter log, KernelOptions? options = null)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("the epair daemon needs Unix sockets and file modes");
        Daemon.SocketPath.PrepareDirectory(path);
        FileStream lockFile;
        try
        {
            // .NET takes an exclusive advisory lock (flock) for FileShare.None; the kernel drops it
            // when the process dies, so a crashed daemon never blocks the next one.
            lockFile = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DaemonRunningException(path);
        }
        try
        {
            if (File.Exists(path))
            {
                if (Answers(path))
                    throw new DaemonRunningException(path);
                File.Delete(path); // stale: its daemon died without cleaning up
            }
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                listener.Bind(new UnixDomainSocketEndPoint(path));
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                listener.Listen(128);
            }
            catch
            {
                listener.Dispose();
                throw;
            }
            var kernel = new Kernel(options);
            return new DaemonServer(path, listener, lockFile, kernel, log);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>True when something accepts connections on <paramref name="path"/>.</summary>
    internal static bool Answers(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Accepts connections until stopped, then waits for the ones in progress.</summary>
    public async Task RunAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException ex)
            {
                _log.WriteLine($"epair daemon: accept: {ex.Message}");
                continue;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
        // Let commands that are running finish and answer; new ones are no longer accepted.
        for (int i = 0; i < 500 && Volatile.Read(ref _connections) > 0; i++)
            await Task.Delay(10).ConfigureAwait(false);
    }

    /// <summary>Stops accepting; <see cref="RunAsync"/> returns once the connections in progress are answered.</summary>
    public void Stop()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: already stopped.
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            using (client)
            await using (var stream = new NetworkStream(client, ownsSocket: false))
            {
                if (!PeerCredentials.IsSameUser(client))
                {
                    await Protocol.WriteOutputAsync(stream, ResponseKind.Stderr, "epair: permission denied: the daemon belongs to another user\n").ConfigureAwait(false);
                    await Protocol.WriteExitAsync(stream, ExitCodes.NoPermission).ConfigureAwait(false);
                    return;
                }
                Request request;
                using (var timeout = new CancellationTokenSource(s_requestTimeout))
                {
                    try
                    {
                        request = await Protocol.ReadRequestAsync(stream, timeout.Token).ConfigureAwait(false);
                    }
                    catch (InvalidDataException ex)
                    {
                        await Protocol.WriteOutputAsync(stream, ResponseKind.Stderr, $"epair: malformed request: {ex.Message}\n").ConfigureAwait(false);
                        await Protocol.WriteExitAsync(stream, ExitCodes.Protocol).ConfigureAwait(false);
                        return;
                    }
                }
                if (request.Arguments is ["daemon", "stop"])
                {
                    await Protocol.WriteExitAsync(stream, 0).ConfigureAwait(false);
                    Stop();
                    return;
                }
                await RunCommandAsync(stream, request).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or EndOfStreamException or ObjectDisposedException)
        {
            // The client went away (or never finished its request): nothing to answer, nothing broken.
        }
        catch (Exception ex)
        {
            _log.WriteLine($"epair daemon: connection failed: {ex}");
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    /// <summary>
    /// Runs the request on a thread of its own (a tcpdump may run for hours), streaming its
    /// output, while another task listens to the client: a signal byte, the client closing its
    /// side or dying, or the daemon stopping all interrupt the command.
    /// </summary>
    private async Task RunCommandAsync(NetworkStream stream, Request request)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        using var finished = new CancellationTokenSource();
        var response = new ResponseStream(stream, () => Interrupt(interrupt));
        var watcher = WatchClientAsync(stream, interrupt, finished.Token);
        int status = await Task.Factory.StartNew(
            () => _commands.Run(request.Arguments, request.WorkingDirectory, response.Out, response.Err, interrupt.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        response.Flush();
        await finished.CancelAsync().ConfigureAwait(false);
        await watcher.ConfigureAwait(false);
        if (!response.IsBroken)
            await Protocol.WriteExitAsync(stream, status).ConfigureAwait(false);
    }

    private static async Task WatchClientAsync(NetworkStream stream, CancellationTokenSource interrupt, CancellationToken finished)
    {
        var buffer = new byte[1];
        try
        {
            while (true)
            {
                int n = await stream.ReadAsync(buffer, finished).ConfigureAwait(false);
                // EOF: the client closed its side or died. Any other byte is a signal.
                Interrupt(interrupt);
                if (n == 0)
                    return;
            }
        }
        catch (OperationCanceledException)
        {
            // The command ended first.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Interrupt(interrupt);
        }
    }

    private static void Interrupt(CancellationTokenSource interrupt)
    {
        try
        {
            interrupt.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command has finished and its token is gone.
        }
    }

    /// <summary>Closes the socket, removes its file, releases the lock and shuts the kernel down.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Stop();
        _listener.Dispose();
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
            // Someone removed it already.
        }
        await _kernel.DisposeAsync().ConfigureAwait(false);
        // The lock goes last, so a new daemon never sees our socket file half-removed. The lock
        // file itself stays: deleting it could let two daemons lock two different files.
        await _lock.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}

/// <summary>Another daemon already serves this socket path.</summary>
internal sealed class DaemonRunningException(string path)
    : Exception($"a daemon is already running on {path}")
{
    /// <summary>The socket path.</summary>
    public string SocketPath { get; } = path;
}

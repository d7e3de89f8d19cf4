using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Epair.Cli.Daemon;

namespace Epair.Tests.Cli.Daemon;

/// <summary>A real daemon on a socket in a temporary directory, removed after each test whatever happens.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DaemonServerTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("epair-daemon-test.").FullName;
    private DaemonServer? _server;
    private Task? _running;

    private string SocketFile => Path.Combine(_directory, "epair.sock");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            _server.Stop();
            if (_running is not null)
                await _running;
            await _server.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    private void StartServer()
    {
        _server = DaemonServer.Start(SocketFile, TextWriter.Null);
        _running = _server.RunAsync();
    }

    private async Task<(int Status, string Stdout, string Stderr)> SendAsync(params string[] args)
    {
        var socket = DaemonClient.TryConnect(SocketFile) ?? throw new InvalidOperationException("daemon not answering");
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        int status = await DaemonClient.SendAsync(socket, args, stdout, stderr);
        return (status, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task The_socket_is_mode_0600_and_answers_commands()
    {
        StartServer();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketFile));
        Assert.Equal((0, "epair0a\n", ""), await SendAsync("ifconfig", "epair", "create"));
        Assert.Equal((1, "", "ifconfig: interface nosuch0 does not exist\n"), await SendAsync("ifconfig", "nosuch0"));
    }

    [Fact]
    public async Task A_stale_socket_file_is_replaced()
    {
        // A socket file nobody listens on: what a daemon that was killed leaves behind.
        // .NET unlinks a socket's file when the socket is disposed, so the file is moved aside first.
        string aside = SocketFile + ".aside";
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new UnixDomainSocketEndPoint(SocketFile));
            File.Move(SocketFile, aside);
        }
        File.Move(aside, SocketFile);
        Assert.True(File.Exists(SocketFile));
        StartServer();
        Assert.Equal(0, (await SendAsync("ifconfig", "-l")).Status);
    }

    [Fact]
    public async Task A_live_daemon_is_never_hijacked()
    {
        StartServer();
        await SendAsync("ifconfig", "epair", "create");
        Assert.Throws<DaemonRunningException>(() => DaemonServer.Start(SocketFile, TextWriter.Null));
        // The first daemon still has its state.
        Assert.Equal((0, "lo0 epair0a epair0b\n", ""), await SendAsync("ifconfig", "-l"));
    }

    [Fact]
    public async Task Many_clients_at_once_each_get_their_own_answer()
    {
        StartServer();
        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() => SendAsync("ifconfig", "epair", "create"))));
        Assert.All(results, r => Assert.Equal(0, r.Status));
        Assert.Equal(24, results.Select(r => r.Stdout).Distinct().Count());
        Assert.Equal(1 + 48, _server!.Commands.Kernel.Host.Interfaces.Count); // lo0 and 24 pairs
    }

    [Fact]
    public async Task A_client_that_leaves_mid_request_does_not_hurt_the_daemon()
    {
        StartServer();
        using (var socket = DaemonClient.TryConnect(SocketFile)!)
        {
            var header = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(header, 100);
            socket.Send(header);
            socket.Send("EPR1"u8.ToArray()); // then gone, 92 bytes short
        }
        using (var socket = DaemonClient.TryConnect(SocketFile)!)
        {
            // A complete request whose answer nobody reads.
            await Protocol.WriteRequestAsync(new NetworkStream(socket), new Request("/", ["ifconfig", "epair", "create"]));
        }
        Assert.Equal(0, (await SendAsync("ifconfig", "-l")).Status);
    }

    [Fact]
    public async Task A_malformed_request_gets_an_error_reply()
    {
        StartServer();
        using var socket = DaemonClient.TryConnect(SocketFile)!;
        var garbage = new byte[4 + 12];
        BinaryPrimitives.WriteInt32BigEndian(garbage, 12);
        "NOPE"u8.CopyTo(garbage.AsSpan(4));
        socket.Send(garbage);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        int status = await Protocol.ReadResponseAsync(new NetworkStream(socket), stdout, stderr);
        Assert.Equal(76, status);
        Assert.StartsWith("epair: malformed request", Encoding.UTF8.GetString(stderr.ToArray()), StringComparison.Ordinal);
        Assert.Equal(0, (await SendAsync("ifconfig", "-l")).Status);
    }

    [Fact]
    public async Task Daemon_stop_ends_the_daemon_and_removes_its_socket()
    {
        StartServer();
        Assert.Equal(0, (await SendAsync("daemon", "stop")).Status);
        await _running!;
        await _server!.DisposeAsync();
        Assert.False(File.Exists(SocketFile));
        _server = null;
    }
}

using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Epair.Capture;
using Epair.Cli.Daemon;
using Epair.Interfaces;
using Epair.Tests.Cli.Commands;

namespace Epair.Tests.Cli.Daemon;

/// <summary>
/// Long-running commands through the daemon: output that streams, Ctrl-C that reaches the
/// command, and clients that die. The daemon runs in-process; clients are in-process calls or
/// real processes (to send them real signals).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LongCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("epair-long.").FullName;
    private DaemonServer _server = null!;
    private Task _running = null!;

    private string SocketFile => Path.Combine(_directory, "epair.sock");

    private NetInterface Epair0a => _server.Commands.Kernel.Host.GetInterface("epair0a");

    public async Task InitializeAsync()
    {
        _server = DaemonServer.Start(SocketFile, TextWriter.Null);
        _running = _server.RunAsync();
        foreach (var line in (string[])["ifconfig epair create up", "ifconfig epair0a inet 192.0.2.1/24",
            "jail -c name=one vnet persist vnet.interface=epair0b", "jexec one ifconfig epair0b inet 192.0.2.2/24 up", "ping -c 1 192.0.2.2"])
            Assert.Equal(0, (await SendAsync(line.Split(' '))).Status);
    }

    public async Task DisposeAsync()
    {
        _server.Stop();
        await _running;
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A stream that lets a test look at what arrived so far.</summary>
    private sealed class Collector : Stream
    {
        private readonly MemoryStream _bytes = new();

        public string Text
        {
            get
            {
                lock (_bytes)
                    return Encoding.UTF8.GetString(_bytes.ToArray());
            }
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_bytes)
                _bytes.Write(buffer, offset, count);
        }
    }

    private async Task<(int Status, string Stdout, string Stderr)> SendAsync(string[] args, Collector? stdout = null,
        Collector? stderr = null, CancellationToken interrupt = default)
    {
        var socket = DaemonClient.TryConnect(SocketFile) ?? throw new InvalidOperationException("daemon not answering");
        stdout ??= new Collector();
        stderr ??= new Collector();
        int status = await DaemonClient.SendAsync(socket, args, stdout, stderr, interrupt);
        return (status, stdout.Text, stderr.Text);
    }

    private static bool Tapped(NetInterface ifp) =>
        typeof(NetInterface).GetField("_taps", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(ifp) is not null;

    private static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < s_patience, $"gave up waiting: {what}");
            await Task.Delay(20);
        }
    }

    private Task<(int Status, string Stdout, string Stderr)> Ping(int count = 1) =>
        SendAsync(["ping", "-c", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "0.05", "192.0.2.2"]);

    [Fact]
    public async Task Tcpdump_lines_stream_while_it_runs_and_ctrl_c_brings_the_statistics()
    {
        var stdout = new Collector();
        using var interrupt = new CancellationTokenSource();
        var capture = SendAsync(["tcpdump", "-n", "-l", "-i", "epair0a"], stdout, interrupt: interrupt.Token);
        await Until(() => Tapped(Epair0a), "tcpdump listening");
        await Ping();

        await Until(() => stdout.Text.Contains("ICMP echo reply", StringComparison.Ordinal), "a line before the end");
        Assert.False(capture.IsCompleted);
        await interrupt.CancelAsync();
        var (status, text, errors) = await capture.WaitAsync(s_patience);

        Assert.Equal(0, status);
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
        Assert.Matches(@"\n\d+ packets? captured\n\d+ packets? received by filter\n0 packets dropped by kernel\n$", errors);
        await Until(() => !Tapped(Epair0a), "the tap freed");
    }

    /// <summary>A pipe whose reader went away after the first chunk (<c>epair tcpdump | head -1</c>).</summary>
    private sealed class ClosedAfterFirstWrite : Stream
    {
        private int _writes;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Interlocked.Increment(ref _writes) > 1)
                throw new IOException("Broken pipe");
        }
    }

    [Fact]
    public async Task A_closed_stdout_stops_tcpdump_like_sigpipe_and_its_statistics_still_come()
    {
        var stderr = new Collector();
        var socket = DaemonClient.TryConnect(SocketFile)!;
        var capture = DaemonClient.SendAsync(socket, ["tcpdump", "-n", "-l", "-i", "epair0a"], new ClosedAfterFirstWrite(), stderr);
        await Until(() => Tapped(Epair0a), "tcpdump listening");
        // Enough lines that one is written after the pipe closed.
        for (int i = 0; i < 3 && !capture.IsCompleted; i++)
            await Ping();

        int status = await capture.WaitAsync(s_patience);

        Assert.Equal(0, status);
        Assert.Matches(@"\n\d+ packets? captured\n\d+ packets? received by filter\n0 packets dropped by kernel\n$", stderr.Text);
        await Until(() => !Tapped(Epair0a), "the tap freed");
    }

    [Fact]
    public async Task Ping_without_count_stops_on_ctrl_c_with_its_statistics_and_status_0()
    {
        var stdout = new Collector();
        using var interrupt = new CancellationTokenSource();
        var ping = SendAsync(["ping", "-i", "0.05", "192.0.2.2"], stdout, interrupt: interrupt.Token);

        await Until(() => stdout.Text.Contains("icmp_seq=1 ", StringComparison.Ordinal), "two replies");
        await interrupt.CancelAsync();
        var (status, text, _) = await ping.WaitAsync(s_patience);

        Assert.Equal(0, status);
        Assert.Contains("\n--- 192.0.2.2 ping statistics ---\n", text, StringComparison.Ordinal);
        Assert.Matches(@"\n\d+ packets transmitted, \d+ packets received, [0-9.]+% packet loss\nround-trip ", text);
    }

    [Fact]
    public async Task A_client_that_disconnects_stops_its_command_and_frees_its_tap()
    {
        var socket = DaemonClient.TryConnect(SocketFile)!;
        await using (var stream = new NetworkStream(socket, ownsSocket: true))
        {
            await Protocol.WriteRequestAsync(stream, new Request(_directory, ["tcpdump", "-i", "epair0a"]));
            await Until(() => Tapped(Epair0a), "tcpdump listening");
        }

        await Until(() => !Tapped(Epair0a), "the tap freed after the client left");
        Assert.Equal((0, "lo0 epair0a\n", ""), await SendAsync(["ifconfig", "-l"]));
    }

    [Fact]
    public async Task A_client_killed_mid_capture_leaves_whole_records_and_a_healthy_daemon()
    {
        using var client = StartClient("tcpdump", "-i", "epair0a", "-w", "killed.pcap");
        await Until(() => Tapped(Epair0a), "tcpdump listening");
        await Ping(3);
        string file = Path.Combine(_directory, "killed.pcap");
        await Until(() => new FileInfo(file).Length >= 24 + 6 * (16 + 98), "six records on disk");

        client.Kill(); // SIGKILL: no handler runs in the client.
        await client.WaitForExitAsync().WaitAsync(s_patience);

        await Until(() => !Tapped(Epair0a), "the daemon noticed and freed the tap");
        Assert.Equal((0, "lo0 epair0a\n", ""), await SendAsync(["ifconfig", "-l"]));
        Assert.Equal(0, (await Ping()).Status);
        // A valid savefile of whole records: its length adds up and every record reads.
        int records = 0;
        using (var reader = PcapReader.Open(file))
        {
            while (reader.ReadNext((in CapturedPacket p) => records++))
            {
            }
        }
        Assert.Equal(6, records);
        Assert.Equal(24 + 6 * (16 + 98), new FileInfo(file).Length);
        var icmp = Tshark.Fields(file, "ip.src", "icmp.type");
        Assert.Equal(["8", "0", "8", "0", "8", "0"], icmp.Select(f => f[1]));
    }

    [Fact]
    public async Task Sigint_to_a_real_client_prints_tcpdumps_statistics_and_exits_0()
    {
        using var client = StartClient("tcpdump", "-n", "-i", "epair0a");
        var stdout = client.StandardOutput.ReadToEndAsync();
        var stderr = client.StandardError.ReadToEndAsync();
        await Until(() => Tapped(Epair0a), "tcpdump listening");
        await Ping();
        await Task.Delay(300);

        Signal(client, "INT");
        await client.WaitForExitAsync().WaitAsync(s_patience);

        Assert.Equal(0, client.ExitCode);
        Assert.EndsWith("length 64\n\n", await stdout, StringComparison.Ordinal);
        Assert.Matches(@"^tcpdump: verbose output suppressed, use -v\[v\]\.\.\. for full protocol decode\nlistening on epair0a, .*\n" +
            @"\d+ packets? captured\n\d+ packets? received by filter\n0 packets dropped by kernel\n$", await stderr);
        await Until(() => !Tapped(Epair0a), "the tap freed");
    }

    [Fact]
    public async Task Sigterm_to_a_real_ping_client_prints_the_statistics()
    {
        long sent = Epair0a.Counters.OPackets;
        using var client = StartClient("ping", "-i", "0.05", "192.0.2.2");
        var stdout = client.StandardOutput.ReadToEndAsync();
        await Until(() => Epair0a.Counters.OPackets >= sent + 2, "two echo requests sent");

        Signal(client, "TERM");
        await client.WaitForExitAsync().WaitAsync(s_patience);

        Assert.Equal(0, client.ExitCode);
        Assert.Matches(@"^PING 192\.0\.2\.2 \(192\.0\.2\.2\): 56 data bytes\n(64 bytes from 192\.0\.2\.2: icmp_seq=\d+ ttl=64 time=[0-9.]+ ms\n)+\n" +
            @"--- 192\.0\.2\.2 ping statistics ---\n", await stdout);
    }

    private Process StartClient(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        start.ArgumentList.Add(typeof(DaemonClient).Assembly.Location);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment[SocketPath.EnvironmentVariable] = SocketFile;
        return Process.Start(start)!;
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}

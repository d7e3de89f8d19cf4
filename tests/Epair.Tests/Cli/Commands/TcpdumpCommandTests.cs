using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Epair.Cli.Commands;
using Epair.Interfaces;

namespace Epair.Tests.Cli.Commands;

/// <summary>tcpdump(1) over an epair between the host and a vnet jail, in-process.</summary>
public sealed partial class TcpdumpCommandTests : CommandTestBase, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("epair-tcpdump.").FullName;

    public new void Dispose()
    {
        base.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private const string Listening = "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n" +
        "listening on epair0a, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n";

    [GeneratedRegex(@"^\d\d:\d\d:\d\d\.\d{6} IP 192\.0\.2\.(1 > 192\.0\.2\.2: ICMP echo request|2 > 192\.0\.2\.1: ICMP echo reply), id \d+, seq \d+, length 64$")]
    private static partial Regex EchoLine();

    private void Wire()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Ok("jail -c name=one vnet persist vnet.interface=epair0b");
        Ok("jexec one ifconfig epair0b inet 192.0.2.2/24 up");
        // Resolve ARP now, so that a capture sees only the echoes.
        Ok("ping -c 1 192.0.2.2");
    }

    // bpf_peers_present: a capture is listening on the interface.
    private static bool Tapped(NetInterface ifp) =>
        typeof(NetInterface).GetField("_taps", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(ifp) is not null;

    /// <summary>Starts a capture, waits until it listens on <paramref name="ifp"/>, and pings until it ends or <paramref name="interrupt"/> is asked.</summary>
    private async Task<CommandResult> CaptureWhilePinging(string commandLine, NetInterface ifp, CancellationTokenSource? interrupt = null,
        string? directory = null, string ping = "ping -c 1 -i 0.05 192.0.2.2")
    {
        var capture = Task.Run(() => Host.Run(commandLine.Split(' '), directory ?? _directory, interrupt?.Token ?? default));
        var deadline = Stopwatch.StartNew();
        while (!Tapped(ifp) && !capture.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(10);
        Assert.True(capture.IsCompleted || Tapped(ifp), "the capture never attached");
        for (int i = 0; i < 3 && !capture.IsCompleted; i++)
            Ok(ping);
        if (interrupt is not null)
        {
            // Time to print what came before Ctrl-C, as a user would wait; what is left unread still counts as received.
            await Task.Delay(300);
            await interrupt.CancelAsync();
        }
        return await capture.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Count_stops_after_n_packets_and_prints_the_statistics()
    {
        Wire();

        var result = await CaptureWhilePinging("tcpdump -n -c 2 -i epair0a", Kernel.Host.GetInterface("epair0a"));

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Matches(EchoLine(), line));
        Assert.Matches(@"^" + Regex.Escape(Listening) + @"2 packets captured\n\d+ packets received by filter\n0 packets dropped by kernel\n$", result.Stderr);
    }

    [Fact]
    public async Task Ctrl_C_ends_the_capture_with_an_extra_newline_the_statistics_and_status_0()
    {
        Wire();
        using var interrupt = new CancellationTokenSource();

        var result = await CaptureWhilePinging("tcpdump -n -i epair0a", Kernel.Host.GetInterface("epair0a"), interrupt);

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("length 64\n\n", result.Stdout, StringComparison.Ordinal);
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.InRange(lines.Length, 1, 6);
        Assert.All(lines, line => Assert.Matches(EchoLine(), line));
        Assert.Equal(Listening + $"{lines.Length} packet{(lines.Length == 1 ? "" : "s")} captured\n6 packets received by filter\n0 packets dropped by kernel\n",
            result.Stderr);
    }

    [Fact]
    public async Task Jexec_captures_in_the_jails_vnet_and_e_shows_the_link_header()
    {
        Wire();
        var inJail = Host.FindJail("one")!.GetInterface("epair0b");

        var result = await CaptureWhilePinging("jexec one tcpdump -e -n -c 1 -i epair0b", inJail);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{6} ([0-9a-f]{2}:){5}[0-9a-f]{2} > ([0-9a-f]{2}:){5}[0-9a-f]{2}, ethertype IPv4 \(0x0800\), length 98: " +
            @"192\.0\.2\.\d > 192\.0\.2\.\d: ICMP echo re(quest|ply), id \d+, seq \d+, length 64\n$", result.Stdout);
        Assert.Contains("listening on epair0b, link-type EN10MB (Ethernet)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_i_the_first_up_interface_that_is_not_loopback_is_used()
    {
        Wire();

        var result = await CaptureWhilePinging("tcpdump -c 1", Kernel.Host.GetInterface("epair0a"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith(Listening, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("1.epair0a [Up, Running, Connected]\n", Ok("tcpdump -D").Split('\n')[0] + "\n");
    }

    [Fact]
    public async Task W_writes_a_pcap_file_in_the_clients_directory_that_r_and_tshark_read()
    {
        Wire();

        var written = await CaptureWhilePinging("tcpdump -c 2 -w cap.pcap -i epair0a", Kernel.Host.GetInterface("epair0a"));

        Assert.Equal(0, written.ExitCode);
        Assert.Equal("", written.Stdout);
        Assert.StartsWith("tcpdump: listening on epair0a, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n2 packets captured\n",
            written.Stderr, StringComparison.Ordinal);
        string file = Path.Combine(_directory, "cap.pcap");
        Assert.Equal(24 + 2 * (16 + 98), new FileInfo(file).Length);

        var read = Host.Run(["tcpdump", "-n", "-r", "cap.pcap"], _directory);
        Assert.Equal((0, "reading from file cap.pcap, link-type EN10MB (Ethernet), snapshot length 262144\n"), (read.ExitCode, read.Stderr));
        Assert.All(read.Stdout.TrimEnd('\n').Split('\n'), line => Assert.Matches(EchoLine(), line));
        Assert.Equal("2 packets\n", Host.Run(["tcpdump", "--count", "-r", file]).Stdout);

        var tshark = Tshark.Fields(file, "ip.src", "ip.dst", "icmp.type", "icmp.seq");
        Assert.Equal(2, tshark.Count);
        Assert.All(tshark, f => Assert.True(f is ["192.0.2.1", "192.0.2.2", "8", _] or ["192.0.2.2", "192.0.2.1", "0", _], string.Join(' ', f)));

        // tshark's own files are pcapng; tcpdump -r reads them the same.
        Tshark.Run("-r", file, "-w", Path.Combine(_directory, "cap.pcapng"));
        var again = Host.Run(["tcpdump", "-n", "-r", "cap.pcapng"], _directory);
        Assert.Equal((0, read.Stdout), (again.ExitCode, again.Stdout));
        Assert.Equal("reading from file cap.pcapng, link-type EN10MB (Ethernet), snapshot length 262144\n", again.Stderr);
    }

    [Fact]
    public async Task A_fragmented_ping_shows_the_first_fragment_decoded_and_the_rest_by_protocol()
    {
        Wire();

        var result = await CaptureWhilePinging("tcpdump -n -c 2 -i epair0a", Kernel.Host.GetInterface("epair0a"),
            ping: "ping -c 1 -s 2000 192.0.2.2");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{6} IP 192\.0\.2\.1 > 192\.0\.2\.2: ICMP echo request, id \d+, seq 0, length 1480\n" +
            @"\d\d:\d\d:\d\d\.\d{6} IP 192\.0\.2\.1 > 192\.0\.2\.2: ip-proto-1\n$", result.Stdout);
    }

    [Fact]
    public async Task Ping6_shows_neighbor_discovery_and_the_echoes()
    {
        Wire6();

        var result = await CaptureWhilePinging("tcpdump -n -c 4 -i epair0a", Kernel.Host.GetInterface("epair0a"),
            ping: "ping6 -c 1 2001:db8::2");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.TrimEnd('\n').Split('\n').Select(l => l[16..]).ToArray();
        Assert.Equal("IP6 2001:db8::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has 2001:db8::2, length 32", lines[0]);
        Assert.Equal("IP6 2001:db8::2 > 2001:db8::1: ICMP6, neighbor advertisement, tgt is 2001:db8::2, length 32", lines[1]);
        Assert.Matches(@"^IP6 2001:db8::1 > 2001:db8::2: ICMP6, echo request, id \d+, seq 0, length 16$", lines[2]);
        Assert.Matches(@"^IP6 2001:db8::2 > 2001:db8::1: ICMP6, echo reply, id \d+, seq 0, length 16$", lines[3]);
    }

    [Fact]
    public async Task V_on_real_traffic_shows_headers_and_finds_every_checksum_right()
    {
        Wire();

        var result = await CaptureWhilePinging("tcpdump -v -n -c 2 -i epair0a", Kernel.Host.GetInterface("epair0a"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("tcpdump: listening on epair0a, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n", result.Stderr, StringComparison.Ordinal);
        // An ARP exchange may fall into the capture (seen once in a loaded parallel run); it too
        // must read as -v prints it. Every echo must show its header and no "bad cksum".
        const string Echo = @"\d\d:\d\d:\d\d\.\d{6} IP \(tos 0x0, ttl 64, id \d+, offset 0, flags \[(none|DF)\], proto ICMP \(1\), length 84\)\n" +
            @"    192\.0\.2\.\d > 192\.0\.2\.\d: ICMP echo re(quest|ply), id \d+, seq \d+, length 64\n";
        const string Arp = @"\d\d:\d\d:\d\d\.\d{6} ARP, Ethernet \(len 6\), IPv4 \(len 4\), (Request who-has 192\.0\.2\.\d( \([0-9a-f:]{17}\))? tell 192\.0\.2\.\d|Reply 192\.0\.2\.\d is-at [0-9a-f:]{17}), length 28\n";
        Assert.Matches($"^(({Echo})|({Arp})){{2}}$", result.Stdout);
        Assert.Matches(Echo, result.Stdout);
    }

    [Fact]
    public async Task V_on_ping6_shows_neighbor_discovery_options_and_right_checksums()
    {
        Wire6();

        var result = await CaptureWhilePinging("tcpdump -v -n -c 4 -i epair0a", Kernel.Host.GetInterface("epair0a"),
            ping: "ping6 -c 1 2001:db8::2");

        Assert.Equal(0, result.ExitCode);
        string mac = @"([0-9a-f]{2}:){5}[0-9a-f]{2}";
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{6} IP6 \(hlim 255, next-header ICMPv6 \(58\) payload length: 32\) 2001:db8::1 > ff02::1:ff00:2: " +
            @"\[icmp6 sum ok\] ICMP6, neighbor solicitation, length 32, who has 2001:db8::2\n\t  source link-address option \(1\), length 8 \(1\): " + mac + @"\n" +
            @"\d\d:\d\d:\d\d\.\d{6} IP6 \(hlim 255, next-header ICMPv6 \(58\) payload length: 32\) 2001:db8::2 > 2001:db8::1: " +
            @"\[icmp6 sum ok\] ICMP6, neighbor advertisement, length 32, tgt is 2001:db8::2, Flags \[[a-z, ]+\]\n\t  destination link-address option \(2\), length 8 \(1\): " + mac + @"\n" +
            @"\d\d:\d\d:\d\d\.\d{6} IP6 \(hlim 64, next-header ICMPv6 \(58\) payload length: 16\) 2001:db8::1 > 2001:db8::2: \[icmp6 sum ok\] ICMP6, echo request, id \d+, seq 0\n" +
            @"\d\d:\d\d:\d\d\.\d{6} IP6 \(hlim 64, next-header ICMPv6 \(58\) payload length: 16\) 2001:db8::2 > 2001:db8::1: \[icmp6 sum ok\] ICMP6, echo reply, id \d+, seq 0\n$",
            result.Stdout);
    }

    [Fact]
    public void R_reports_a_file_cut_inside_a_record_after_the_whole_ones()
    {
        Wire();
        var file = Path.Combine(_directory, "cut.pcap");
        using (var writer = Epair.Capture.PcapWriter.Create(file))
        {
            writer.Write(new byte[42], 42, DateTimeOffset.UtcNow);
            writer.Write(new byte[98], 98, DateTimeOffset.UtcNow);
        }
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..(24 + 16 + 42 + 16 + 10)]);

        var result = Host.Run(["tcpdump", "-n", "-r", file]);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stdout.TrimEnd('\n').Split('\n'));
        Assert.EndsWith("tcpdump: pcap_loop: truncated dump file; tried to read 98 captured bytes, only got 10\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_cannot_be_opened()
    {
        Assert.Equal((1, "tcpdump: nosuch.pcap: No such file or directory\n"), Short(Host.Run(["tcpdump", "-r", "nosuch.pcap"], _directory)));
        File.WriteAllText(Path.Combine(_directory, "text"), "hello, world");
        Assert.Equal((1, "tcpdump: unknown file format\n"), Short(Host.Run(["tcpdump", "-r", "text"], _directory)));
        Ok("ifconfig epair create up");
        Assert.Equal((1, "tcpdump: no/such/dir/x.pcap: No such file or directory\n"),
            Short(Host.Run(["tcpdump", "-i", "epair0a", "-w", "no/such/dir/x.pcap"], _directory)));
    }

    private static (int, string) Short(CommandResult result) => (result.ExitCode, result.Stderr);

    [Fact]
    public void Standard_input_and_output_are_refused_rather_than_taken_for_a_file_named_dash()
    {
        Assert.Equal((1, "tcpdump: -w -: standard input and output are not supported here; name a file\n"), Short(Run("tcpdump -w -")));
        Assert.Equal((1, "tcpdump: -r -: standard input and output are not supported here; name a file\n"), Short(Run("tcpdump -r -")));
        Assert.False(File.Exists(Path.Combine(_directory, "-")));
    }

    [Fact]
    public void An_unknown_interface_is_libpcaps_no_such_device()
    {
        var result = Run("tcpdump -i epair9a");
        Assert.Equal((1, "", "tcpdump: epair9a: No such device exists\n(BIOCSETIF failed: Device not configured)\n"),
            (result.ExitCode, result.Stdout, result.Stderr));
        Assert.Equal((1, "tcpdump: Invalid adapter index 7: only 1 interfaces found\n"), Short(Run("tcpdump -i 7")));
    }

    [Fact]
    public void Filter_expressions_are_refused_for_now()
    {
        Ok("ifconfig epair create up");
        Assert.Equal((1, "tcpdump: filter expressions are not supported yet: icmp and host 192.0.2.2\n"),
            Short(Run("tcpdump -i epair0a icmp and host 192.0.2.2 -n")));
    }

    [Fact]
    public void Bad_usage_prints_the_version_and_usage_and_exits_1()
    {
        var result = Run("tcpdump -g");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("tcpdump: invalid option -- g\ntcpdump version 4.99.4\nlibpcap version 1.10.4\n", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\nUsage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("[ -z postrotate-command ] [ -Z user ] [ expression ]\n", result.Stderr, StringComparison.Ordinal);

        Assert.StartsWith("tcpdump: option requires an argument -- c\n", Run("tcpdump -c").Stderr, StringComparison.Ordinal);
        Assert.StartsWith("tcpdump: unrecognized option `--bogus'\n", Run("tcpdump --bogus").Stderr, StringComparison.Ordinal);
        Assert.StartsWith("tcpdump: option `--interface' requires an argument\n", Run("tcpdump --interface").Stderr, StringComparison.Ordinal);
        Assert.Equal(1, Run("tcpdump --bogus").ExitCode);
        Assert.Equal((1, "tcpdump: invalid packet count 0\n"), Short(Run("tcpdump -c 0")));
        Assert.Equal((1, "tcpdump: invalid packet count x\n"), Short(Run("tcpdump -cx")));
        Assert.Equal((1, "tcpdump: invalid snaplen 300000 (must be >= 0 and <= 262144)\n"), Short(Run("tcpdump -s 300000")));
        Assert.Equal((1, "tcpdump: unknown capture direction 'sideways'\n"), Short(Run("tcpdump -Q sideways")));
    }

    [Fact]
    public void Help_and_version_go_to_stdout_with_status_0()
    {
        var help = Run("tcpdump -h");
        Assert.Equal((0, ""), (help.ExitCode, help.Stderr));
        Assert.Contains("Usage: tcpdump ", help.Stdout, StringComparison.Ordinal);
        Assert.Equal("tcpdump version 4.99.4\nlibpcap version 1.10.4\nOpenSSL 3.0.15 3 Sep 2024\n", Ok("tcpdump --version"));
    }

    [Fact]
    public void L_lists_the_link_types()
    {
        Ok("ifconfig epair create up");
        var result = Run("tcpdump -L -i epair0a");
        Assert.Equal((0, "Data link types for epair0a (use option -y to set):\n  EN10MB (Ethernet)\n"), (result.ExitCode, result.Stderr));
        Assert.Equal("Data link types for lo0 (use option -y to set):\n  NULL (BSD loopback)\n", Run("tcpdump -L -i lo0").Stderr);
    }

    [Fact]
    public async Task A_destroyed_interface_ends_the_capture_with_status_1()
    {
        Ok("ifconfig epair create up");
        var ifp = Kernel.Host.GetInterface("epair0a");
        var capture = Task.Run(() => Host.Run(["tcpdump", "-i", "epair0a"]));
        var deadline = Stopwatch.StartNew();
        while (!Tapped(ifp) && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(10);
        Ok("ifconfig epair0a destroy");

        var result = await capture.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("tcpdump: pcap_loop: The interface disappeared\n0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n",
            result.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>Runs tshark, which the test suite needs (scripts/install-deps.sh installs it).</summary>
internal static class Tshark
{
    /// <summary>One row per packet of <paramref name="file"/>, one column per field.</summary>
    public static List<string[]> Fields(string file, params string[] fields)
    {
        string stdout = Run(["-n", "-r", file, "-T", "fields", .. fields.SelectMany(f => new[] { "-e", f })]);
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))];
    }

    /// <summary>Runs tshark with <paramref name="arguments"/>; its standard output.</summary>
    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"tshark is needed for this test and is missing ({ex.Message}): run scripts/install-deps.sh");
            throw;
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "tshark did not finish");
            Assert.True(process.ExitCode == 0, $"tshark {string.Join(' ', arguments)}: exit {process.ExitCode}: {stderr.Result}");
            return stdout;
        }
    }
}

using System.Globalization;
using Epair.Capture;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// tcpdump(1) as FreeBSD 14 ships it (tcpdump 4.99, libpcap 1.10), over the library's bpf taps:
/// <c>tcpdump [-eflnpqtUvxX#] [-c count] [-i interface] [-Q in|out|inout] [-r file] [-s snaplen]
/// [-w file] [-D] [-L] [--count] [--immediate-mode] [--print]</c>. It prints tcpdump's one-line
/// text (and some of what <c>-v</c> adds), writes classic pcap files and reads them and pcapng, and on Ctrl-C (or a client that
/// goes away) stops and prints its three statistics lines on stderr, exit status 0. Filter
/// expressions are not supported yet: asking for one is an error.
/// </summary>
internal static partial class TcpdumpCommand
{
    // Not exclusive: a capture runs until stopped and only reads the configuration.
    public static readonly CommandInfo Info = new("tcpdump", Run, Exclusive: false);

    private const string Program = "tcpdump";

    private const string VersionText =
        "tcpdump version 4.99.4\nlibpcap version 1.10.4\nOpenSSL 3.0.15 3 Sep 2024\n";

    private const string UsageText =
        "Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n" +
        "\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]\n" +
        "\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]\n" +
        "\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]\n" +
        "\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]\n" +
        "\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]\n" +
        "\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]\n" +
        "\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]\n";

    // tcpdump 4.99's SHORTOPTS on FreeBSD; a letter followed by ':' takes an argument.
    private const string ShortOptions = "aAbB:c:C:dDeE:fF:G:hHi:IjJ:KlLm:M:nNOpqQ:r:s:StT:uUvV:w:W:xXy:Yz:Z:#";

    // Options tcpdump has that change what it prints or writes in ways not built here.
    private const string Unsupported = "ACdFGVWyYz";

    // What libpcap's bpf reader waits before it looks again (tcpdump sets 100 ms when printing).
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromMilliseconds(100);

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var options = new Options();
        int? failed = Parse(context, args, options);
        if (failed is { } status)
            return status;
        if (options.Hex > 0 && options.HexAscii)
            context.Warn(Program, "-x[x] and -X[X] are mutually exclusive. -x[x] ignored.");
        if (options.HexAscii)
            options.Hex = options.AsciiLevel;
        if (options.Help)
        {
            context.Out.Write(VersionText + UsageText);
            return 0;
        }
        if (options.Version)
        {
            context.Out.Write(VersionText);
            return 0;
        }
        if (options.ListDevices)
            return ListDevices(context);
        // The daemon's output to the client is text: "-" (standard input or output) has no pcap path here.
        if (options.WriteFile == "-" || options.ReadFile == "-")
            return context.Fail(Program, $"{(options.WriteFile == "-" ? "-w" : "-r")} -: standard input and output are not supported here; name a file");
        return options.ReadFile is not null ? ReadFile(context, options) : Capture(context, options);
    }

    private static int? RefuseExpression(CommandContext context, Options options) =>
        options.Expression.Count == 0 ? null
            : context.Fail(Program, $"filter expressions are not supported yet: {string.Join(' ', options.Expression)}");

    private static PacketPrinter Printer(LinkType linkType, Options options) => new(linkType, new PacketPrinterOptions
    {
        LinkHeader = options.LinkHeader,
        Quick = options.Quick,
        Numeric = options.Numeric,
        Timestamps = options.Timestamps,
        Hex = options.Hex,
        HexAscii = options.HexAscii,
        Verbose = options.Verbose,
    });

    // pcap_dump_open's error: the name as given, then strerror.
    private static PcapWriter? OpenOutput(CommandContext context, Options options, LinkType linkType, int snapLength)
    {
        string path = context.ResolvePath(options.WriteFile!);
        try
        {
            return PcapWriter.Create(path, linkType, snapLength);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Fail(Program, $"{options.WriteFile}: {FileError(ex, path)}");
            return null;
        }
    }

    private static string FileError(Exception ex, string path) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException when Directory.Exists(path) => "Is a directory",
        UnauthorizedAccessException => "Permission denied",
        _ => ex.Message,
    };

    private static int Capture(CommandContext context, Options options)
    {
        var ifp = FindDevice(context, options.Interface, out string error);
        if (ifp is null)
            return context.Fail(Program, error);
        var linkType = ifp.Type == InterfaceType.Loopback ? LinkType.Null : LinkType.Ethernet;
        if (options.ListLinkTypes)
        {
            context.Err.Write($"Data link types for {ifp.Name} (use option -y to set):\n  {LinkTypeNames.Name(linkType)} ({LinkTypeNames.Description(linkType)})\n");
            return 0;
        }
        if (RefuseExpression(context, options) is { } refused)
            return refused;
        int snapLength = options.SnapLength == 0 ? CaptureTap.DefaultSnapLength : options.SnapLength;
        using var writer = options.WriteFile is null ? null : OpenOutput(context, options, linkType, snapLength);
        if (options.WriteFile is not null && writer is null)
            return 1;
        context.Err.Write(options.Verbose == 0 && writer is null
            ? $"{Program}: verbose output suppressed, use -v[v]... for full protocol decode\n"
            : $"{Program}: ");
        context.Err.Write(string.Create(CultureInfo.InvariantCulture,
            $"listening on {ifp.Name}, link-type {LinkTypeNames.Name(linkType)} ({LinkTypeNames.Description(linkType)}), snapshot length {snapLength} bytes\n"));
        context.Err.Flush();

        using var tap = new CaptureTap(linkType, snapLength) { Direction = options.Direction };
        var sink = new PacketSink(context, options, writer, writer is null || options.Print ? Printer(linkType, options) : null);
        tap.Attach(ifp);
        var (captured, outcome) = Loop(context, options, tap, ifp, sink);
        tap.Dispose();
        if (writer is null && outcome == LoopOutcome.Interrupted)
            context.Out.Write('\n');
        context.Out.Flush();
        if (outcome == LoopOutcome.InterfaceGone)
            context.Warn(Program, "pcap_loop: The interface disappeared");
        context.Err.Write(string.Create(CultureInfo.InvariantCulture,
            $"{captured} packet{Plural(captured)} captured\n{tap.Received} packet{Plural(tap.Received)} received by filter\n{tap.Dropped} packet{Plural(tap.Dropped)} dropped by kernel\n"));
        return outcome == LoopOutcome.InterfaceGone ? 1 : 0;
    }

    private enum LoopOutcome
    {
        Counted,
        Interrupted,
        InterfaceGone,
    }

    // pcap_loop: wait, read what came, until -c is reached, the user interrupts or the interface goes.
    private static (long Captured, LoopOutcome Outcome) Loop(CommandContext context, Options options, CaptureTap tap, NetInterface ifp, PacketSink sink)
    {
        int limit = options.Count > 0 ? options.Count : int.MaxValue;
        while (sink.Captured < limit)
        {
            if (context.Interrupted.IsCancellationRequested)
                return (sink.Captured, LoopOutcome.Interrupted);
            if ((ifp.Flags & InterfaceFlags.Dying) != 0)
                return (sink.Captured, LoopOutcome.InterfaceGone);
            if (!tap.WaitForPackets(s_readTimeout, context.Interrupted))
                continue;
            tap.Read(sink.Handler, (int)Math.Min(limit - sink.Captured, int.MaxValue));
            context.Out.Flush();
        }
        return (sink.Captured, LoopOutcome.Counted);
    }

    private static string Plural(long n) => n == 1 ? "" : "s";

    // tcpdump -r: no statistics, errors in the middle of the file end the loop with status 1.
    private static int ReadFile(CommandContext context, Options options)
    {
        string path = context.ResolvePath(options.ReadFile!);
        PcapReader reader;
        try
        {
            reader = PcapReader.Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return context.Fail(Program, ex is InvalidDataException ? ex.Message : $"{options.ReadFile}: {FileError(ex, path)}");
        }
        using (reader)
        {
            context.Err.Write(string.Create(CultureInfo.InvariantCulture,
                $"reading from file {options.ReadFile}, link-type {LinkTypeNames.Name(reader.LinkType)} ({LinkTypeNames.Description(reader.LinkType)}), snapshot length {reader.SnapLength}\n"));
            if (RefuseExpression(context, options) is { } refused)
                return refused;
            using var writer = options.WriteFile is null ? null : OpenOutput(context, options, reader.LinkType, reader.SnapLength);
            if (options.WriteFile is not null && writer is null)
                return 1;
            var sink = new PacketSink(context, options, writer, writer is null || options.Print ? Printer(reader.LinkType, options) : null);
            int status = 0;
            try
            {
                while ((options.Count == 0 || sink.Captured < options.Count) && !context.Interrupted.IsCancellationRequested &&
                    reader.ReadNext(sink.Handler))
                {
                }
            }
            catch (InvalidDataException ex)
            {
                context.Out.Flush();
                context.Warn(Program, $"pcap_loop: {ex.Message}");
                status = 1;
            }
            if (options.CountOnly)
                context.Out.Write(string.Create(CultureInfo.InvariantCulture, $"{sink.Captured} packet{Plural(sink.Captured)}\n"));
            context.Out.Flush();
            return status;
        }
    }

    /// <summary>Where each captured packet goes: the pcap file, the text printer, or both (<c>--print</c>).</summary>
    private sealed class PacketSink
    {
        private readonly CommandContext _context;
        private readonly Options _options;
        private readonly PcapWriter? _writer;
        private readonly PacketPrinter? _printer;

        public PacketSink(CommandContext context, Options options, PcapWriter? writer, PacketPrinter? printer)
        {
            _context = context;
            _options = options;
            _writer = writer;
            _printer = printer;
            Handler = OnPacket;
        }

        /// <summary>The one delegate the capture calls for every packet.</summary>
        public CapturedPacketHandler Handler { get; }

        /// <summary>tcpdump's packets_captured.</summary>
        public long Captured { get; private set; }

        private void OnPacket(in CapturedPacket packet)
        {
            Captured++;
            _writer?.Write(in packet);
            if (_printer is null || _options.CountOnly)
                return;
            if (_options.Numbered)
                _context.Out.Write(string.Create(CultureInfo.InvariantCulture, $"{Captured,5}  "));
            _context.Out.Write(_printer.Format(in packet));
            _context.Out.Write('\n');
            if (_options.LineBuffered)
                _context.Out.Flush();
        }
    }
}

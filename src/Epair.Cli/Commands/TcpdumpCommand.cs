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
internal static class TcpdumpCommand
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

    private sealed class Options
    {
        public int Count;
        public string? Interface;
        public string? ReadFile;
        public string? WriteFile;
        public int SnapLength;
        public bool LinkHeader, Quick, Numeric, LineBuffered, Numbered, Print, CountOnly;
        public int Verbose;
        public bool ListDevices, ListLinkTypes, Help, Version;
        public TimestampStyle Timestamps;
        public int Hex;
        public int AsciiLevel;
        public bool HexAscii;
        public TapDirection? Direction;
        public List<string> Expression { get; } = [];
    }

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

    private static int? Parse(CommandContext context, IReadOnlyList<string> args, Options options)
    {
        // getopt_long permutes: options may follow the expression's words, until "--".
        for (int i = 0; i < args.Count; i++)
        {
            string word = args[i];
            if (word == "--")
            {
                options.Expression.AddRange(args.Skip(i + 1));
                break;
            }
            int? status = word.StartsWith("--", StringComparison.Ordinal) ? ParseLong(context, args, ref i, options)
                : word.Length > 1 && word[0] == '-' ? ParseCluster(context, args, ref i, options)
                : AddWord(options, word);
            if (status is not null)
                return status;
        }
        return null;
    }

    private static int? AddWord(Options options, string word)
    {
        options.Expression.Add(word);
        return null;
    }

    private static int? ParseLong(CommandContext context, IReadOnlyList<string> args, ref int i, Options options)
    {
        string word = args[i];
        int equals = word.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? word[2..] : word[2..equals];
        char? letter = name switch
        {
            "help" => 'h',
            "interface" => 'i',
            "list-interfaces" => 'D',
            "list-data-link-types" => 'L',
            "no-promiscuous-mode" => 'p',
            "snapshot-length" => 's',
            "packet-buffered" => 'U',
            "direction" => 'Q',
            "number" => '#',
            "dont-verify-checksums" => 'K',
            "no-optimize" => 'O',
            "absolute-tcp-sequence-numbers" => 'S',
            _ => null,
        };
        switch (name)
        {
            case "version":
                options.Version = true;
                return null;
            case "count":
                options.CountOnly = true;
                return null;
            case "print":
                options.Print = true;
                return null;
            case "immediate-mode" or "micro":
                return null;
        }
        if (letter is not { } c)
            return UsageError(context, $"unrecognized option `--{name}'");
        bool takesArgument = ShortOptions.Contains(c + ":", StringComparison.Ordinal);
        string? argument = equals >= 0 ? word[(equals + 1)..] : null;
        if (takesArgument && argument is null)
        {
            if (i + 1 >= args.Count)
                return UsageError(context, $"option `--{name}' requires an argument");
            argument = args[++i];
        }
        return Apply(context, c, argument, options);
    }

    private static int? ParseCluster(CommandContext context, IReadOnlyList<string> args, ref int i, Options options)
    {
        string word = args[i];
        for (int at = 1; at < word.Length; at++)
        {
            char c = word[at];
            int spec = c == ':' ? -1 : ShortOptions.IndexOf(c, StringComparison.Ordinal);
            if (spec < 0)
                return UsageError(context, $"invalid option -- {c}");
            if (spec + 1 < ShortOptions.Length && ShortOptions[spec + 1] == ':')
            {
                string argument;
                if (at + 1 < word.Length)
                    argument = word[(at + 1)..];
                else if (i + 1 < args.Count)
                    argument = args[++i];
                else
                    return UsageError(context, $"option requires an argument -- {c}");
                return Apply(context, c, argument, options);
            }
            if (Apply(context, c, null, options) is { } status)
                return status;
        }
        return null;
    }

    // FreeBSD's getopt_long is built GNU_COMPATIBLE: "invalid option -- g", "unrecognized option `--x'".
    private static int UsageError(CommandContext context, string message)
    {
        context.Warn(Program, message);
        context.Err.Write(VersionText + UsageText);
        return 1;
    }

    private static int? Apply(CommandContext context, char option, string? argument, Options options)
    {
        string arg = argument ?? "";
        if (Unsupported.Contains(option, StringComparison.Ordinal))
            return context.Fail(Program, $"-{option}: not supported by this tcpdump");
        switch (option)
        {
            case 'c':
                options.Count = Atoi(arg);
                if (options.Count <= 0)
                    return context.Fail(Program, $"invalid packet count {arg}");
                break;
            case 's':
                if (!TryStrtol(arg, out long snap) || snap is < 0 or > CaptureTap.DefaultSnapLength)
                    return context.Fail(Program, $"invalid snaplen {arg} (must be >= 0 and <= {CaptureTap.DefaultSnapLength})");
                options.SnapLength = (int)snap;
                break;
            case 'Q':
                switch (arg.ToLowerInvariant())
                {
                    case "in": options.Direction = TapDirection.In; break;
                    case "out": options.Direction = TapDirection.Out; break;
                    case "inout": options.Direction = null; break;
                    default: return context.Fail(Program, $"unknown capture direction '{arg}'");
                }
                break;
            case 't':
                if (options.Timestamps == TimestampStyle.SinceFirst)
                    return context.Fail(Program, "only -t, -tt, -ttt, -tttt and -ttttt are supported");
                options.Timestamps++;
                break;
            case 'm':
                context.Err.Write($"{Program}: ignoring option '-m {arg}' (no libsmi support)\n");
                break;
            case 'i': options.Interface = arg; break;
            case 'r': options.ReadFile = arg; break;
            case 'w': options.WriteFile = arg; break;
            case 'e': options.LinkHeader = true; break;
            case 'q': options.Quick = true; break;
            case 'n': options.Numeric = true; break;
            case 'l': options.LineBuffered = true; break;
            case 'v': options.Verbose++; break;
            case '#': options.Numbered = true; break;
            case 'x': options.Hex++; break;
            case 'X': options.HexAscii = true; options.AsciiLevel++; break;
            case 'D': options.ListDevices = true; break;
            case 'L': options.ListLinkTypes = true; break;
            case 'h': options.Help = true; break;
            // Nothing to do here: promiscuity, buffering, checksums, optimizer, privileges, crypto.
            default: break;
        }
        return null;
    }

    // atoi(3): leading blanks, a sign, digits; whatever follows is ignored.
    private static int Atoi(string text)
    {
        var span = text.AsSpan().TrimStart();
        int end = span.Length > 0 && span[0] is '+' or '-' ? 1 : 0;
        while (end < span.Length && char.IsAsciiDigit(span[end]))
            end++;
        return long.TryParse(span[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? (int)Math.Clamp(value, int.MinValue, int.MaxValue) : 0;
    }

    // strtol(3) with base 0 over the whole word: decimal, 0x hexadecimal or 0 octal.
    private static bool TryStrtol(string text, out long value)
    {
        value = 0;
        if (text.Length == 0)
            return false;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return text.Length > 2 && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        if (text.Length > 1 && text[0] == '0')
        {
            foreach (char c in text)
            {
                if (c is < '0' or > '7')
                    return false;
                value = value * 8 + (c - '0');
            }
            return true;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    // pcap_findalldevs, best first (get_figure_of_merit): running, up, connected, not loopback.
    private static List<NetInterface> Devices(CommandContext context)
    {
        var devices = new List<NetInterface>(context.Vnet.Interfaces);
        var merits = new Dictionary<NetInterface, long>();
        foreach (var ifp in devices)
            merits[ifp] = Merit(ifp);
        // A stable sort: equal merits keep the interfaces' order.
        return [.. devices.Select((ifp, at) => (ifp, at)).OrderBy(p => merits[p.ifp]).ThenBy(p => p.at).Select(p => p.ifp)];
    }

    private static long Merit(NetInterface ifp)
    {
        int end = ifp.Name.Length;
        int start = end;
        while (start > 0 && char.IsAsciiDigit(ifp.Name[start - 1]))
            start--;
        long merit = start < end ? long.Parse(ifp.Name.AsSpan(start), CultureInfo.InvariantCulture) : 0;
        if ((ifp.DriverFlags & DriverFlags.Running) == 0)
            merit |= 0x80000000;
        if ((ifp.Flags & InterfaceFlags.Up) == 0)
            merit |= 0x40000000;
        if ((ifp.Flags & InterfaceFlags.Loopback) == 0 && ifp.LinkState == LinkState.Down)
            merit |= 0x20000000;
        if ((ifp.Flags & InterfaceFlags.Loopback) != 0)
            merit |= 0x10000000;
        return merit;
    }

    // tcpdump -D: "1.epair0a [Up, Running, Connected]".
    private static int ListDevices(CommandContext context)
    {
        int n = 0;
        foreach (var ifp in Devices(context))
        {
            var flags = new List<string>();
            if ((ifp.Flags & InterfaceFlags.Up) != 0)
                flags.Add("Up");
            if ((ifp.DriverFlags & DriverFlags.Running) != 0)
                flags.Add("Running");
            bool loopback = (ifp.Flags & InterfaceFlags.Loopback) != 0;
            if (loopback)
                flags.Add("Loopback");
            string text = flags.Count == 0 ? "none" : string.Join(", ", flags);
            if (!loopback)
                text += ifp.LinkState switch { LinkState.Up => ", Connected", LinkState.Down => ", Disconnected", _ => ", Unknown" };
            context.Out.Write(string.Create(CultureInfo.InvariantCulture, $"{++n}.{ifp.Name} [{text}]\n"));
        }
        return 0;
    }

    private static NetInterface? FindDevice(CommandContext context, string? name, out string error)
    {
        error = "";
        var devices = Devices(context);
        if (name is null)
        {
            if (devices.Count == 0)
                error = "no interfaces available for capture";
            return devices.Count > 0 ? devices[0] : null;
        }
        var ifp = context.Vnet.FindInterface(name);
        if (ifp is not null)
            return ifp;
        // An all-numeric name is a 1-based index into tcpdump -D's list.
        if (name.Length > 0 && name.All(char.IsAsciiDigit) && long.TryParse(name, CultureInfo.InvariantCulture, out long index))
        {
            if (index <= 0)
                error = $"Invalid adapter index {name}";
            else if (index > devices.Count)
                error = string.Create(CultureInfo.InvariantCulture, $"Invalid adapter index {index}: only {devices.Count} interfaces found");
            else
                return devices[(int)index - 1];
            return null;
        }
        error = $"{name}: No such device exists\n(BIOCSETIF failed: Device not configured)";
        return null;
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

using System.Globalization;
using Epair.Capture;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

// tcpdump's command line, parsed as FreeBSD's getopt_long does it (permuting, GNU-compatible messages).
internal static partial class TcpdumpCommand
{
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
}

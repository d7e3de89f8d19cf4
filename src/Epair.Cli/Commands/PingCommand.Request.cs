using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

// What ping was asked: its options, read and checked with each family's own messages.
internal static partial class PingCommand
{
    /// <summary>What the options asked for, parsed with each family's own messages.</summary>
    private sealed class PingRequest(string program, bool inet6)
    {
        public string Program { get; } = program;
        public bool Inet6 { get; } = inet6;
        public int Count { get; private set; }
        public TimeSpan Interval { get; private set; } = TimeSpan.FromSeconds(1);
        public int Size { get; private set; } = inet6 ? 8 : 56; // DEFDATALEN of ping.c and ping6.c
        public int? HopLimit { get; private set; }
        public int Pcp { get; private set; } = NetInterface.NoPcp;
        public bool DontFragment { get; private set; }
        public bool Quiet { get; private set; }
        public bool QuietErrors { get; private set; }
        public bool Verbose { get; private set; }
        public bool Once { get; private set; }
        public bool Flood { get; private set; }
        public byte[] Pattern { get; private set; } = [];
        private bool _intervalGiven;
        public double? WaitMilliseconds { get; private set; }
        public TimeSpan? Limit { get; private set; }
        public string? SourceText { get; private set; }
        public string? InterfaceName { get; private set; }
        public IPAddress? Source { get; private set; }
        public string SourceName { get; private set; } = "";
        public IPAddress? Destination { get; private set; }
        public string HostName { get; private set; } = "";
        public NetInterface? Interface { get; private set; }

        /// <summary>ping times replies only when the data holds a timestamp (8 bytes or more).</summary>
        public bool Timing => Size >= 8;

        /// <summary>-W, else MAXWAIT: how long to wait for replies after the last request.</summary>
        public TimeSpan WaitTime => TimeSpan.FromMilliseconds(WaitMilliseconds ?? 10_000);

        /// <summary>ping.c's option loop: EX_USAGE (64) with its messages.</summary>
        public int Parse4(CommandContext context, List<(char Option, string Argument)> given)
        {
            foreach (var (option, arg) in given)
            {
                string? error = option switch
                {
                    'C' => Number(arg, -1, 7, out long pcp) ? Set(() => Pcp = (int)pcp) : $"invalid PCP: `{arg}'",
                    'c' => Number(arg, 1, long.MaxValue, out long count) ? Set(() => Count = (int)Math.Min(count, int.MaxValue))
                        : $"invalid count of packets to transmit: `{arg}'",
                    'D' => Set(() => DontFragment = true),
                    'G' or 'g' or 'h' => Number(arg, 1, int.MaxValue, out _) ? Unsupported(option) : $"invalid packet size: `{arg}'",
                    'I' => IPAddress.TryParse(arg, out var ifaddr) && ifaddr.AddressFamily == AddressFamily.InterNetwork
                        ? Unsupported(option) : $"invalid multicast interface: `{arg}'",
                    'f' => Set(() => Flood = true),
                    'i' => Seconds(arg, out double wait) ? Set(() => SetInterval(wait)) : $"invalid timing interval: `{arg}'",
                    'l' => Number(arg, 0, int.MaxValue, out _) ? Unsupported(option) : $"invalid preload value: `{arg}'",
                    'M' => arg.Length > 0 && "MmTt".Contains(arg[0], StringComparison.Ordinal) ? Unsupported(option)
                        : $"invalid message: `{(arg.Length > 0 ? arg[0] : ' ')}'",
                    'm' => Number(arg, 0, 255, out long ttl) ? Set(() => HopLimit = (int)ttl) : $"invalid TTL: `{arg}'",
                    'o' => Set(() => Once = true),
                    'p' => IsHex(arg) ? Set(() => Pattern = ParsePattern(arg)) : "patterns must be specified as hex digits",
                    'Q' => Set(() => QuietErrors = true),
                    'q' => Set(() => Quiet = true),
                    'S' => Set(() => SourceText = arg),
                    's' => Number(arg, 0, int.MaxValue, out long size) ? Set(() => Size = (int)size) : $"invalid packet size: `{arg}'",
                    'T' => Number(arg, 0, 255, out _) ? Unsupported(option) : $"invalid multicast TTL: `{arg}'",
                    't' => Timeout(arg),
                    'v' => Set(() => Verbose = true),
                    'W' => Milliseconds(arg, out double ms) ? Set(() => WaitMilliseconds = ms) : $"invalid timing interval: `{arg}'",
                    'z' => Number(arg, 0, 255, out _) ? Unsupported(option) : $"invalid TOS: `{arg}'",
                    _ => null, // -4 -A -a -d -H -L -n -R -r: nothing to do here
                };
                if (error is not null)
                    return context.Fail(Program, error, error.StartsWith('-') ? 1 : ExitCodes.Usage);
            }
            // IP_MAXPACKET less the IP and ICMP headers.
            const int maxPayload = 65_535 - 20 - 8;
            if (Size > maxPayload)
                return context.Fail(Program, $"packet size too large: {Size} > {maxPayload}", ExitCodes.Usage);
            return 0;
        }

        /// <summary>ping6.c's option loop: most of its complaints exit 1.</summary>
        public int Parse6(CommandContext context, List<(char Option, string Argument)> given)
        {
            foreach (var (option, arg) in given)
            {
                int status = 1;
                string? error = option switch
                {
                    'C' => !long.TryParse(arg, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long pcp)
                        ? $"illegal vlan pcp {arg}" : pcp is < -1 or > 7 ? $"illegal vlan pcp -- {arg}" : Set(() => Pcp = (int)pcp),
                    'c' => long.TryParse(arg, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long count) && count > 0
                        ? Set(() => Count = (int)Math.Min(count, int.MaxValue)) : $"illegal number of packets -- {arg}",
                    'D' => Set(() => DontFragment = true),
                    'I' => Set(() => InterfaceName = arg),
                    'f' => Set(() => Flood = true),
                    'i' => Seconds(arg, out double wait) ? Set(() => SetInterval(wait)) : $"illegal timing interval {arg}",
                    'm' => !long.TryParse(arg, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long hops)
                        ? $"illegal hoplimit {arg}" : hops is < -1 or > 255 ? $"illegal hoplimit -- {arg}"
                        : Set(() => HopLimit = hops < 0 ? null : (int)hops),
                    'o' => Set(() => Once = true),
                    'q' => Set(() => Quiet = true),
                    'S' => IPAddress.TryParse(arg, out _) ? Set(() => SourceText = arg) : $"invalid source address: {NoName}",
                    's' => !long.TryParse(arg, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long size) || size <= 0
                        ? $"illegal datalen value -- {arg}"
                        : size > MaxData6 ? $"datalen value too large, maximum is {MaxData6}" : Set(() => Size = (int)size),
                    't' => Timeout(arg),
                    'v' => Set(() => Verbose = true),
                    'W' => Milliseconds(arg, out double ms) ? Set(() => WaitMilliseconds = ms) : $"invalid timing interval: `{arg}'",
                    'p' => IsHex(arg) ? Set(() => Pattern = ParsePattern(arg)) : "patterns must be specified as hex digits",
                    'b' or 'e' or 'k' or 'l' or 'N' or 'O' or 'u' or 'y' or 'Y' or 'z' => Unsupported(option),
                    _ => null, // -6 -A -a -d -H -n: nothing to do here
                };
                if (option is 't' or 'W')
                    status = ExitCodes.Usage;
                if (error is not null)
                    return context.Fail(Program, error, status);
            }
            return 0;
        }

        // ping6.c's MAXDATALEN: MAXPACKETLEN (131072) less the IPv6 and ICMPv6 echo headers.
        private const int MaxData6 = 131_072 - 40 - 8;

        /// <summary>ping.c's target and -S: numbers, or localhost; anything else is an unknown host.</summary>
        public int Resolve4(CommandContext context, string target)
        {
            if (SourceText is { } text)
            {
                if (Lookup4(text) is not { } source)
                    return context.Fail(Program, $"cannot resolve {text}: Unknown host", NoHost);
                (Source, SourceName) = (source, text);
                if (!IsOurs(context, source))
                    return context.Fail(Program, $"bind: {ErrnoText.Of(Errno.EADDRNOTAVAIL)}");
            }
            if (Lookup4(target) is not { } destination)
                return context.Fail(Program, $"cannot resolve {target}: Unknown host", NoHost);
            (Destination, HostName) = (destination, target);
            if (Flood && _intervalGiven)
                return context.Fail(Program, "-f and -i: incompatible options", ExitCodes.Usage);
            if (Flood && (destination.GetAddressBytes()[0] & 0xf0) == 0xe0)
                return context.Fail(Program, "-f flag cannot be used with multicast destination", ExitCodes.Usage);
            return 0;
        }

        /// <summary>ping6.c's getaddrinfo: a literal (with an optional %interface) or localhost.</summary>
        public int Resolve6(CommandContext context, string target)
        {
            if (InterfaceName is { } name)
            {
                Interface = context.Vnet.FindInterface(name);
                if (Interface is null)
                    return context.Fail(Program, $"{name}: invalid interface name");
            }
            var destination = Lookup6(context, target);
            if (destination is null)
                return context.Fail(Program, $"cannot resolve {target}: {NoName}", NoHost);
            if (SourceText is { } text)
            {
                Source = Lookup6(context, text);
                if (Source is null || !IsOurs(context, Source))
                    return context.Fail(Program, $"bind: {ErrnoText.Of(Errno.EADDRNOTAVAIL)}");
            }
            (Destination, HostName) = (destination, target);
            if (Flood && _intervalGiven)
                return context.Fail(Program, "-f and -i incompatible options");
            return 0;
        }

        // ping binds its socket to -S: bind(2) takes only an address of this vnet.
        private static bool IsOurs(CommandContext context, IPAddress address)
        {
            var bare = new IPAddress(address.GetAddressBytes());
            foreach (var ifp in context.Vnet.Interfaces)
            {
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    foreach (var a in context.Vnet.Inet.Ipv4.GetAddresses(ifp))
                    {
                        if (a.Address.Equals(bare))
                            return true;
                    }
                }
                else
                {
                    foreach (var a in context.Vnet.Inet.Ipv6.GetAddresses(ifp))
                    {
                        if (new IPAddress(a.Address.GetAddressBytes()).Equals(bare))
                            return true;
                    }
                }
            }
            return false;
        }

        private static IPAddress? Lookup4(string name)
        {
            if (name == "localhost")
                return IPAddress.Loopback;
            return IPAddress.TryParse(name, out var address) && address.AddressFamily == AddressFamily.InterNetwork ? address : null;
        }

        private static IPAddress? Lookup6(CommandContext context, string name)
        {
            if (name == "localhost")
                return IPAddress.IPv6Loopback;
            int percent = name.IndexOf('%', StringComparison.Ordinal);
            var text = percent < 0 ? name : name[..percent];
            if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
                return null;
            if (percent >= 0)
            {
                // A zone is an interface name (or its index), as getaddrinfo takes it.
                var zone = name[(percent + 1)..];
                var ifp = context.Vnet.FindInterface(zone) ??
                    (int.TryParse(zone, CultureInfo.InvariantCulture, out int index) ? context.Vnet.FindInterface(index) : null);
                if (ifp is null)
                    return null;
                address.ScopeId = ifp.Index;
            }
            return address;
        }

        private string? Timeout(string arg)
        {
            // strtoul(3) with base 0: decimal, 0x hex or 0 octal.
            if (!ParseUnsigned(arg, out ulong seconds) || seconds < 1)
                return $"invalid timeout: `{arg}'";
            if (seconds > MaxAlarm)
                return $"invalid timeout: `{arg}' > {MaxAlarm}";
            Limit = TimeSpan.FromSeconds(seconds);
            return null;
        }

        // -f sends every 10 ms at most (and on every reply); -i cannot be given with it.
        private void SetInterval(double seconds)
        {
            Interval = TimeSpan.FromSeconds(seconds);
            _intervalGiven = true;
        }

        /// <summary>What the loop waits between requests: 10 ms for -f, as ping's flood timer.</summary>
        public TimeSpan Pace => Flood ? TimeSpan.FromMilliseconds(10) : Interval;

        private static string? Set(Action apply)
        {
            apply();
            return null;
        }

        private static string Unsupported(char option) => $"-{option}: not supported by this ping";

        private static bool Number(string text, long min, long max, out long value) =>
            long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

        private static bool Seconds(string text, out double seconds) =>
            double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds) && seconds * 1000 <= int.MaxValue;

        private static bool Milliseconds(string text, out double ms) =>
            double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out ms) && ms <= int.MaxValue;

        // fill(): sscanf with sixteen "%2x": two hex digits a byte (a last lone digit is a byte too).
        private static byte[] ParsePattern(string text)
        {
            var bytes = new List<byte>();
            for (int i = 0; i < text.Length && bytes.Count < 16; i += 2)
                bytes.Add(byte.Parse(text.AsSpan(i, Math.Min(2, text.Length - i)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            return [.. bytes];
        }

        private static bool IsHex(string text)
        {
            foreach (char c in text)
            {
                if (!char.IsAsciiHexDigit(c))
                    return false;
            }
            return true;
        }

        private static bool ParseUnsigned(string text, out ulong value)
        {
            value = 0;
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
            if (text.Length > 1 && text[0] == '0')
            {
                foreach (char c in text.AsSpan(1))
                {
                    if (c is < '0' or > '7')
                        return false;
                    value = value * 8 + (ulong)(c - '0');
                }
                return true;
            }
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
    }
}

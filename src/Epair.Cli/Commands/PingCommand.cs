using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Epair.Inet.Ipv4.Icmp;

namespace Epair.Cli.Commands;

/// <summary>
/// ping(8) for IPv4 (FreeBSD 14's ping.c): <c>-c -i -s -t -W -m -q -n -S</c>, clustered options
/// as getopt takes them. It prints each reply as it arrives (the daemon streams stdout), then
/// the statistics. Exit status: 0 when a reply came back, 2 when none did, 68 for a host it
/// cannot resolve, 64 for bad usage.
/// </summary>
internal static class PingCommand
{
    // Not exclusive: a ping runs for seconds and only reads the configuration.
    public static readonly CommandInfo Info = new("ping", Run, Exclusive: false);

    /// <summary>ping6: FreeBSD 14's ping6 is ping with -6 (one program, as here).</summary>
    public static readonly CommandInfo Info6 = new("ping6", (context, args) => Run(context, ["-6", .. args]), Exclusive: false);

    private const string Program = "ping";

    private const string UsageText =
        "usage: ping [-4AaDdfHnoQqRrv] [-C pcp] [-c count] [-G sweepmaxsize]\n" +
        "\t    [-g sweepminsize] [-h sweepincrsize] [-i wait] [-l preload]\n" +
        "\t    [-M mask | time] [-m ttl] [-P policy] [-p pattern] [-S src_addr]\n" +
        "\t    [-s packetsize] [-t timeout] [-W waittime] [-z tos] IPv4-host";

    /// <summary>EX_NOHOST from sysexits(3).</summary>
    private const int NoHost = 68;

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var getopt = new Getopt(args, "46c:i:m:nqS:s:t:W:");
        bool? inet6 = null;
        var options = new PingOptions { Count = int.MaxValue }; // ping runs until stopped without -c
        bool quiet = false;
        TimeSpan? limit = null;
        while (getopt.Next())
        {
            string arg = getopt.Argument ?? "";
            switch (getopt.Option)
            {
                case '4' or '6':
                    inet6 = getopt.Option == '6';
                    break;
                case 'n':
                    break; // addresses are never looked up by name here
                case 'q':
                    quiet = true;
                    break;
                case 'c':
                    if (!long.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count < 1)
                        return context.Fail(Program, $"invalid count of packets to transmit: `{arg}'", ExitCodes.Usage);
                    options = options with { Count = (int)Math.Min(count, int.MaxValue) };
                    break;
                case 'i':
                    if (!double.TryParse(arg, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double wait) || wait <= 0)
                        return context.Fail(Program, $"invalid timing interval: `{arg}'", ExitCodes.Usage);
                    options = options with { Interval = TimeSpan.FromSeconds(wait) };
                    break;
                case 's':
                    if (!int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int size))
                        return context.Fail(Program, $"invalid packet size: `{arg}'", ExitCodes.Usage);
                    options = options with { Size = size };
                    break;
                case 'm':
                    if (!int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int ttl) || ttl is < 1 or > 255)
                        return context.Fail(Program, $"invalid TTL: `{arg}'", ExitCodes.Usage);
                    options = options with { Ttl = ttl };
                    break;
                case 't':
                    if (!int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds < 1)
                        return context.Fail(Program, $"invalid timeout: `{arg}'", ExitCodes.Usage);
                    limit = TimeSpan.FromSeconds(seconds);
                    break;
                case 'W':
                    if (!int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int ms))
                        return context.Fail(Program, $"invalid timing interval: `{arg}'", ExitCodes.Usage);
                    options = options with { Timeout = TimeSpan.FromMilliseconds(ms) };
                    break;
                case 'S':
                    if (!IPAddress.TryParse(arg, out var source))
                        return context.Fail(Program, $"invalid source address: {arg}", NoHost);
                    options = options with { Source = source };
                    break;
                default:
                    return context.Usage(UsageText);
            }
        }
        if (getopt.Remaining.Count != 1)
            return context.Usage(UsageText);
        string target = getopt.Remaining[0];
        // Without -4 or -6 the family is the literal's; a name would need a resolver we lack.
        if (!IPAddress.TryParse(target, out var destination) ||
            (inet6 is { } six && six != (destination.AddressFamily == AddressFamily.InterNetworkV6)))
            return context.Fail(Program, $"cannot resolve {target}: Unknown host", NoHost);
        if (options.Source is { } src && src.AddressFamily != destination.AddressFamily)
            return context.Fail(Program, $"invalid source address: {src}", NoHost);
        return destination.AddressFamily == AddressFamily.InterNetworkV6
            ? Ping6(context, destination, options, quiet, limit)
            : Ping(context, destination, options, quiet, limit);
    }

    private static int Ping(CommandContext context, IPAddress destination, PingOptions options, bool quiet, TimeSpan? limit)
    {
        var from = options.Source is null ? "" : $" from {options.Source}";
        context.Out.Write($"PING {destination} ({destination}){from}: {options.Size.ToString(CultureInfo.InvariantCulture)} data bytes\n");
        context.Out.Flush();
        // -t: ping stops after this long whatever is left, and still prints the summary.
        using var cts = context.InterruptedOrAfter(limit);
        var gate = new Lock();
        void OnReply(PingReply reply)
        {
            if (quiet)
                return;
            // Replies arrive on the stack's threads; one line at a time, flushed so the client sees it now.
            lock (gate)
            {
                context.Out.Write(reply.ToString());
                context.Out.Write('\n');
                context.Out.Flush();
            }
        }

        PingStatistics statistics;
        try
        {
            statistics = context.Vnet.Inet.Ipv4.PingAsync(destination, options, OnReply, cts.Token).GetAwaiter().GetResult();
        }
        catch (ErrnoException ex)
        {
            // The first request could not be sent: ping reports sendto's error and counts it lost.
            context.Warn(Program, $"{ex.Operation}: {ErrnoText.Of(ex.Errno)}");
            statistics = new PingStatistics(destination, 1, 0, 0, 0, null, null, null, null);
        }
        lock (gate)
        {
            context.Out.Write($"\n--- {destination} ping statistics ---\n{statistics}\n");
            context.Out.Flush();
        }
        return statistics.Received > 0 ? 0 : 2;
    }

    private static int Ping6(CommandContext context, IPAddress destination, PingOptions options, bool quiet, TimeSpan? limit)
    {
        var ip6 = context.Vnet.Inet.Ipv6;
        var source = options.Source ?? GuessSource(context, destination);
        int size = options.Size;
        context.Out.Write($"PING6({(40 + 8 + size).ToString(CultureInfo.InvariantCulture)}=40+8+{size.ToString(CultureInfo.InvariantCulture)} bytes) {source} --> {destination}\n");
        context.Out.Flush();
        using var cts = context.InterruptedOrAfter(limit);
        var gate = new Lock();
        var ping6 = new Epair.Inet.Ipv6.Ping6Options
        {
            Count = options.Count,
            Interval = options.Interval,
            Size = size,
            HopLimit = options.Ttl,
            Timeout = options.Timeout,
            Source = options.Source,
            OnReply = reply =>
            {
                if (quiet)
                    return;
                lock (gate)
                {
                    context.Out.Write(reply.ToString());
                    context.Out.Write('\n');
                    context.Out.Flush();
                }
            },
        };
        try
        {
            var result = ip6.PingAsync(destination, ping6, cts.Token).GetAwaiter().GetResult();
            lock (gate)
            {
                context.Out.Write("\n" + result);
                context.Out.Flush();
            }
            return result.Received > 0 ? 0 : 2;
        }
        catch (ErrnoException ex)
        {
            context.Warn(Program, $"{ex.Operation}: {ErrnoText.Of(ex.Errno)}");
            context.Out.Write($"\n--- {destination} ping6 statistics ---\n1 packets transmitted, 0 packets received, 100.0% packet loss\n");
            return 2;
        }
    }

    // ping6 learns its source by connecting a UDP socket; here: an address of ours on the
    // destination's prefix, else the first global one, else the unspecified address.
    private static IPAddress GuessSource(CommandContext context, IPAddress destination)
    {
        var dst = destination.GetAddressBytes();
        IPAddress? global = null;
        foreach (var ifp in context.Vnet.Interfaces)
        {
            foreach (var a in context.Vnet.Inet.Ipv6.GetAddresses(ifp))
            {
                if (a.Address.IsIPv6LinkLocal || IPAddress.IsLoopback(a.Address))
                    continue;
                global ??= a.Address;
                var mine = a.Address.GetAddressBytes();
                int bits = a.PrefixLength, i = 0;
                for (; bits >= 8 && mine[i] == dst[i]; bits -= 8, i++) { }
                if (bits < 8 && (bits == 0 || (mine[i] ^ dst[i]) >> (8 - bits) == 0))
                    return a.Address;
            }
        }
        return global ?? IPAddress.IPv6Any;
    }
}

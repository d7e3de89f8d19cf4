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
        var getopt = new Getopt(args, "4c:i:m:nqS:s:t:W:");
        var options = new PingOptions { Count = int.MaxValue }; // ping runs until stopped without -c
        bool quiet = false;
        TimeSpan? limit = null;
        while (getopt.Next())
        {
            string arg = getopt.Argument ?? "";
            switch (getopt.Option)
            {
                case '4' or 'n':
                    break; // IPv4 only, and addresses are never looked up by name here
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
                    if (!IPAddress.TryParse(arg, out var source) || source.AddressFamily != AddressFamily.InterNetwork)
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
        if (!IPAddress.TryParse(target, out var destination) || destination.AddressFamily != AddressFamily.InterNetwork)
            return context.Fail(Program, $"cannot resolve {target}: Unknown host", NoHost);
        return Ping(context, destination, options, quiet, limit);
    }

    private static int Ping(CommandContext context, IPAddress destination, PingOptions options, bool quiet, TimeSpan? limit)
    {
        var from = options.Source is null ? "" : $" from {options.Source}";
        context.Out.Write($"PING {destination} ({destination}){from}: {options.Size.ToString(CultureInfo.InvariantCulture)} data bytes\n");
        context.Out.Flush();
        // -t: ping stops after this long whatever is left, and still prints the summary.
        using var cts = limit is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
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
}

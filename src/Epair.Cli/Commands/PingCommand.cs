using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Epair.Inet.Ipv4.Icmp;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// ping(8) as FreeBSD 14 has it (sbin/ping: main.c, ping.c, ping6.c): one program for both
/// families, ping6 being ping -6. IPv4: <c>-4 -C -c -D -i -m -o -Q -q -S -s -t -v -W</c>;
/// IPv6: <c>-6 -C -c -D -I -i -m -o -q -S -s -t -v -W</c>; <c>-a -A -d -H -n -L -R -r</c> are
/// accepted and change nothing here. It prints each reply as it arrives (the daemon streams
/// stdout), then the statistics. Exit status: 0 when a reply came back, 2 when none did,
/// 68 for a host it cannot resolve, 64 for a bad option value, 1 for usage.
/// </summary>
internal static partial class PingCommand
{
    // Not exclusive: a ping runs for seconds and only reads the configuration.
    public static readonly CommandInfo Info = new("ping", Run, Exclusive: false);

    /// <summary>ping6: FreeBSD 14's ping6 is ping with -6 (one program, as here).</summary>
    public static readonly CommandInfo Info6 = new("ping6", (context, args) => Run(context, args, "ping6"), Exclusive: false);

    // FreeBSD's main.c usage(): both forms of ping and the IPv6 one, then exit(1).
    private const string UsageText =
        "usage:\n" +
        "\tping [-4AaDdfHnoQqRrv] [-C pcp] [-c count] [-G sweepmaxsize]\n" +
        "\t    [-g sweepminsize] [-h sweepincrsize] [-i wait] [-l preload]\n" +
        "\t    [-M mask | time] [-m ttl] [-p pattern] [-S src_addr] \n" +
        "\t    [-s packetsize] [-t timeout] [-W waittime] [-z tos] IPv4-host\n" +
        "\tping [-4AaDdfHLnoQqRrv] [-C pcp] [-c count] [-I iface] [-i wait]\n" +
        "\t    [-l preload] [-M mask | time] [-m ttl] [-p pattern]\n" +
        "\t    [-S src_addr] [-s packetsize] [-T ttl] [-t timeout] [-W waittime]\n" +
        "\t    [-z tos] IPv4-mcast-group\n" +
        "\tping [-6AaDdfHnNoOquvyY] [-b bufsiz] [-C pcp] [-c count] [-e gateway]\n" +
        "\t    [-I interface] [-i wait] [-k addrtype] [-l preload] [-m hoplimit]\n" +
        "\t    [-p pattern] [-S sourceaddr] [-s packetsize] [-t timeout]\n" +
        "\t    [-W waittime] [-z tclass] [IPv6-hops ...] IPv6-host";

    // getopt strings of main.h (PING4OPTS, PING6OPTS) without the optional-argument '.'.
    private const string Ping4Spec = "4AaC:c:DdfG:g:Hh:I:i:Ll:M:m:nop:QqRrS:s:T:t:vW:z:";
    private const string Ping6Spec = "6Aab:C:c:Dde:fHI:i:k:l:m:nNoOp:qS:s:t:uvyYW:z:";
    private const string AllOptions = Ping4Spec + "6b:e:k:NOuyY";

    /// <summary>EX_NOHOST from sysexits(3).</summary>
    private const int NoHost = 68;

    /// <summary>getaddrinfo's EAI_NONAME in FreeBSD's words (gai_strerror).</summary>
    private const string NoName = "hostname nor servname provided, or not known";

    /// <summary>ping's MAXALARM: -t is at most an hour.</summary>
    private const int MaxAlarm = 60 * 60;

    public static int Run(CommandContext context, IReadOnlyList<string> args) => Run(context, args, "ping");

    private static int Run(CommandContext context, IReadOnlyList<string> args, string program)
    {
        var getopt = new Getopt(args, AllOptions, message => context.Warn(program, message));
        var given = new List<(char Option, string Argument)>();
        while (getopt.Next())
        {
            if (getopt.Option == '?')
                return Usage(context);
            given.Add((getopt.Option, getopt.Argument ?? ""));
        }
        var rest = getopt.Remaining;
        if (rest.Count == 0)
            return Usage(context);
        bool four = given.Exists(o => o.Option == '4'), six = given.Exists(o => o.Option == '6');
        if (four && six)
            return context.Fail(program, "-4 and -6 cannot be used simultaneously");
        bool? family6 = program == "ping6" ? true : ChooseInet6(given, rest[^1]);
        if (family6 is not { } inet6)
            return context.Fail(program, $"cannot resolve {rest[^1]}: {NoName}", NoHost);
        if (!AllKnown(given, inet6 ? Ping6Spec : Ping4Spec) || (!inet6 && rest.Count != 1))
            return Usage(context);
        var request = new PingRequest(program, inet6);
        int status = inet6 ? request.Parse6(context, given) : request.Parse4(context, given);
        if (status != 0)
            return status;
        status = inet6 ? request.Resolve6(context, rest[^1]) : request.Resolve4(context, rest[^1]);
        if (status != 0)
            return status;
        WarmUp();
        return inet6 ? Ping6(context, request) : Ping4(context, request);
    }

    // Process-wide on purpose: what it records (the JIT's work) is process-wide too.
    private static int s_warm;

    // The first echo through a fresh daemon spends tens of milliseconds compiling the stack's
    // paths, and ping would print that as its round trip (FreeBSD's kernel is compiled already).
    // One ping over lo0 in a throwaway kernel compiles them without touching any real vnet.
    private static void WarmUp()
    {
        if (Interlocked.Exchange(ref s_warm, 1) != 0)
            return;
        try
        {
            using var scratch = new Kernel();
            var quick = new PingOptions { Count = 1, Interval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(1) };
            _ = scratch.Host.Inet.Ipv4.PingAsync(IPAddress.Loopback, quick).GetAwaiter().GetResult();
            var quick6 = new Ping6Options { Count = 1, Interval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(1) };
            _ = scratch.Host.Inet.Ipv6.PingAsync(IPAddress.IPv6Loopback, quick6).GetAwaiter().GetResult();
        }
        catch (ErrnoException)
        {
            // Only a warm-up: the real ping reports its own errors.
        }
    }

    private static int Usage(CommandContext context)
    {
        context.Usage(UsageText);
        return 1;
    }

    private static bool AllKnown(List<(char Option, string Argument)> given, string spec)
    {
        foreach (var (option, _) in given)
        {
            if (spec.IndexOf(option, StringComparison.Ordinal) < 0)
                return false;
        }
        return true;
    }

    // main.c: the first -4, -6 or numeric -S decides; else the target's family (a literal, or
    // the first address getaddrinfo gives: ::1 for localhost, as FreeBSD's hosts file orders it).
    // Null: no option decides and getaddrinfo knows no such name.
    private static bool? ChooseInet6(List<(char Option, string Argument)> given, string target)
    {
        foreach (var (option, argument) in given)
        {
            if (option is '4' or '6')
                return option == '6';
            if (option == 'S' && IPAddress.TryParse(argument, out var source))
                return source.AddressFamily == AddressFamily.InterNetworkV6;
        }
        if (IPAddress.TryParse(target.Split('%')[0], out var literal))
            return literal.AddressFamily == AddressFamily.InterNetworkV6;
        return target == "localhost" ? true : null;
    }

    private static int Ping4(CommandContext context, PingRequest request)
    {
        var destination = request.Destination!;
        var from = request.Source is null ? "" : $" from {request.SourceName}";
        WritePattern(context, request);
        context.Out.Write($"PING {request.HostName} ({destination}){from}: {request.Size.ToString(CultureInfo.InvariantCulture)} data bytes\n");
        context.Out.Flush();
        // -t: ping stops after this long whatever is left, and still prints the summary.
        using var stop = context.InterruptedOrAfter(request.Limit);
        var output = new ReplyPrinter(context, request, stop);
        var options = new PingOptions
        {
            Count = request.Count,
            Interval = request.Pace,
            Flood = request.Flood,
            Pattern = request.Pattern,
            OnSent = _ => output.Sent(),
            Size = request.Size,
            Ttl = request.HopLimit,
            Timeout = request.WaitTime,
            Source = request.Source,
            DontFragment = request.DontFragment,
            Pcp = request.Pcp,
            OnSendError = error => context.Warn(request.Program, $"sendto: {ErrnoText.Of(error)}"),
            OnReply = output.Print4,
        };
        PingStatistics statistics;
        try
        {
            statistics = context.Vnet.Inet.Ipv4.PingAsync(destination, options, stop.Token).GetAwaiter().GetResult();
        }
        catch (ErrnoException ex)
        {
            return context.Fail(request.Program, $"{ex.Operation}: {ErrnoText.Of(ex.Errno)}");
        }
        statistics = statistics with { OutOfWaitTime = output.OutOfWaitTime };
        output.Write($"\n--- {request.HostName} ping statistics ---\n{statistics.ToString(request.Timing)}\n");
        return statistics.Received > 0 ? 0 : 2;
    }

    private static int Ping6(CommandContext context, PingRequest request)
    {
        var destination = request.Destination!;
        var source = request.Source;
        if (source is null)
        {
            // ping6 learns its source by connecting a UDP socket to the destination, and gives
            // up when that fails (no route, no usable address): err(1, "UDP connect").
            try
            {
                source = context.Vnet.Inet.Ipv6.SelectSourceAddress(destination, request.Interface);
            }
            catch (ErrnoException ex)
            {
                return context.Fail(request.Program, $"UDP connect: {ErrnoText.Of(ex.Errno)}");
            }
        }
        int size = request.Size;
        WritePattern(context, request);
        context.Out.Write($"PING({(48 + size).ToString(CultureInfo.InvariantCulture)}=40+8+{size.ToString(CultureInfo.InvariantCulture)} bytes) " +
            $"{Format6(context, source)} --> {Format6(context, destination)}\n");
        context.Out.Flush();
        using var stop = context.InterruptedOrAfter(request.Limit);
        var output = new ReplyPrinter(context, request, stop);
        int failures = 0;
        var options = new Ping6Options
        {
            Count = request.Count,
            Interval = request.Pace,
            Flood = request.Flood,
            Pattern = request.Pattern,
            OnSent = _ => output.Sent(),
            Size = size,
            HopLimit = request.HopLimit,
            Timeout = request.WaitTime,
            Source = request.Source,
            Interface = request.Interface,
            DontFragment = request.DontFragment,
            Pcp = request.Pcp,
            OnReply = reply => output.Print6(reply),
            OnSendError = error =>
            {
                failures++;
                context.Warn(request.Program, $"sendmsg: {ErrnoText.Of(error)}");
                output.Write($"ping: wrote {request.HostName} {(8 + size).ToString(CultureInfo.InvariantCulture)} chars, ret=-1\n");
            },
        };
        Ping6Result result;
        try
        {
            result = context.Vnet.Inet.Ipv6.PingAsync(destination, options, stop.Token).GetAwaiter().GetResult();
        }
        catch (ErrnoException ex)
        {
            // bind (-S not ours) and the scope checks fail before anything is sent: err(1, ...).
            return context.Fail(request.Program, $"{ex.Operation}: {ErrnoText.Of(ex.Errno)}");
        }
        result.OutOfWaitTime = output.OutOfWaitTime;
        output.Write($"\n--- {request.HostName} ping statistics ---\n{result.Summary(request.Timing)}");
        if (result.Received > 0)
            return 0;
        return result.Transmitted > failures ? 2 : ExitCodes.OsError;
    }

    // fill(): the pattern -p gave, said once before anything else (not with -q).
    private static void WritePattern(CommandContext context, PingRequest request)
    {
        if (request.Pattern.Length > 0 && !request.Quiet)
            context.Out.Write($"PATTERN: 0x{Convert.ToHexStringLower(request.Pattern)}\n");
    }

    // ping6 prints scoped addresses with the interface's name (getnameinfo), not its index.
    private static string Format6(CommandContext context, IPAddress address)
    {
        if (address.ScopeId == 0)
            return address.ToString();
        var name = context.Vnet.FindInterface((int)address.ScopeId)?.Name;
        var bare = new IPAddress(address.GetAddressBytes());
        return name is null ? address.ToString() : $"{bare}%{name}";
    }
}

using System.CommandLine;
using System.Globalization;
using System.Net;
using Epair.Inet.Ipv4.Icmp;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// <c>epair demo</c>: the README's first command. In one process, with no daemon and no root, it
/// plays the FreeBSD script that every vnet test starts with: create an epair, put its ends into
/// two vnet jails, address them, ping across both ways (IPv4 and IPv6), and show what
/// <c>ifconfig</c> and <c>netstat</c> say inside each jail.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var count = new Option<int>("-c") { Description = "Echo requests to send each way", DefaultValueFactory = _ => 3 };
        var command = new Command("demo", "Create an epair between two vnet jails and ping across it, in-process") { count };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(count), parse.InvocationConfiguration.Output, ct));
        return command;
    }

    public static async Task<int> RunAsync(int count, TextWriter output, CancellationToken cancellationToken)
    {
        using var kernel = new Kernel();
        var host = new CommandHost(kernel);
        var session = new Session(host, output);

        var ep = (await session.Run("ifconfig epair create")).TrimEnd()[..^1]; // epair0a -> epair0
        await session.Run("jail -c name=one vnet persist");
        await session.Run("jail -c name=two vnet persist");
        await session.Run($"ifconfig {ep}a vnet one");
        await session.Run($"ifconfig {ep}b vnet two");

        var one = kernel.FindVnet("one")!;
        var two = kernel.FindVnet("two")!;
        var a = one.GetInterface(ep + "a");
        var b = two.GetInterface(ep + "b");
        await session.Say($"jexec one ifconfig {a.Name} inet 192.0.2.1/24 up; jexec one ifconfig {a.Name} inet6 2001:db8::1/64");
        one.Inet.Ipv4.AddAddress(a, IPAddress.Parse("192.0.2.1"), 24);
        one.Inet.Ipv6.AddAddress(a, IPAddress.Parse("2001:db8::1"), 64);
        await session.Say($"jexec two ifconfig {b.Name} inet 192.0.2.2/24 up; jexec two ifconfig {b.Name} inet6 2001:db8::2/64");
        two.Inet.Ipv4.AddAddress(b, IPAddress.Parse("192.0.2.2"), 24);
        two.Inet.Ipv6.AddAddress(b, IPAddress.Parse("2001:db8::2"), 64);

        var interval = TimeSpan.FromMilliseconds(200);
        bool v4 = await Ping(session, one, "one", IPAddress.Parse("192.0.2.2"), count, interval, cancellationToken);
        bool v4Back = await Ping(session, two, "two", IPAddress.Parse("192.0.2.1"), count, interval, cancellationToken);
        await WaitForDad(one, a, two, b, cancellationToken);
        bool v6 = await Ping6(session, two, "two", IPAddress.Parse("2001:db8::1"), count, interval, cancellationToken);

        await session.Run($"jexec one ifconfig {a.Name}");
        await session.Run($"jexec two ifconfig {b.Name}");
        await session.Run($"jexec one netstat -i -I {a.Name}");
        await session.Run($"jexec two netstat -i -I {b.Name}");
        await session.Run($"jexec one ifconfig {a.Name} destroy");
        await session.Run("jail -r one");
        await session.Run("jail -r two");
        await session.Run("ifconfig -l");
        return v4 && v4Back && v6 ? 0 : 1;
    }

    private static async Task<bool> Ping(Session session, Vnets.Vnet vnet, string jail, IPAddress to, int count,
        TimeSpan interval, CancellationToken cancellationToken)
    {
        await session.Say($"jexec {jail} ping -c {count} {to}");
        await session.Output.WriteLineAsync($"PING {to} ({to}): 56 data bytes");
        var replies = new List<string>();
        var options = new PingOptions
        {
            Count = count,
            Interval = interval,
            Timeout = TimeSpan.FromSeconds(5),
            OnReply = reply => { lock (replies) replies.Add(reply.ToString()); },
        };
        var stats = await vnet.Inet.Ipv4.PingAsync(to, options, cancellationToken);
        foreach (var line in replies)
            await session.Output.WriteLineAsync(line);
        await session.Output.WriteLineAsync($"\n--- {to} ping statistics ---\n{stats}");
        return stats.Received == count;
    }

    private static async Task<bool> Ping6(Session session, Vnets.Vnet vnet, string jail, IPAddress to, int count,
        TimeSpan interval, CancellationToken cancellationToken)
    {
        await session.Say($"jexec {jail} ping6 -c {count} -s 56 {to}");
        var replies = new List<string>();
        var options = new Ping6Options
        {
            Count = count,
            Interval = interval,
            Size = 56,
            Timeout = TimeSpan.FromSeconds(5),
            OnReply = reply => { lock (replies) replies.Add(reply.ToString()); },
        };
        var result = await vnet.Inet.Ipv6.PingAsync(to, options, cancellationToken);
        var source = vnet.Inet.Ipv6.GetAddresses(vnet.Interfaces.First(i => i.Type == InterfaceType.Ethernet))
            .First(x => !x.Address.IsIPv6LinkLocal).Address;
        // FreeBSD 14's ping prints one heading for both families.
        await session.Output.WriteLineAsync($"PING(104=40+8+56 bytes) {source} --> {to}");
        foreach (var line in replies)
            await session.Output.WriteLineAsync(line);
        // Ping6Result prints ping6's closing block, statistics header included.
        await session.Output.WriteLineAsync($"\n{result.ToString().TrimEnd()}");
        return result.Received == count;
    }

    // Duplicate address detection keeps new IPv6 addresses tentative for a second, as on FreeBSD.
    private static async Task WaitForDad(Vnets.Vnet one, NetInterface a, Vnets.Vnet two, NetInterface b, CancellationToken cancellationToken)
    {
        for (int i = 0; i < 100; i++)
        {
            bool tentative = one.Inet.Ipv6.GetAddresses(a).Concat(two.Inet.Ipv6.GetAddresses(b))
                .Any(x => (x.Flags & In6AddressFlags.Tentative) != 0);
            if (!tentative)
                return;
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Runs command lines through the tool's own command layer and echoes them as a shell would.</summary>
    private sealed class Session(CommandHost host, TextWriter output)
    {
        public TextWriter Output => output;

        public async Task Say(string commandLine) => await output.WriteLineAsync($"\n# {commandLine}");

        public async Task<string> Run(string commandLine)
        {
            await Say(commandLine);
            var result = host.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            await output.WriteAsync(result.Stdout);
            await output.WriteAsync(result.Stderr);
            if (result.ExitCode != 0)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"(exit {result.ExitCode})"));
            return result.Stdout;
        }
    }
}

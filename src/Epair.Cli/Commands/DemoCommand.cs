using System.Buffers.Binary;
using System.CommandLine;
using Epair.Cli.Output;
using Epair.Drivers.Epair;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// <c>epair demo</c>: the README's first command. In one process, with no daemon and no root:
/// create an epair, move its ends into two vnet jails, send frames both ways, and print what
/// <c>ifconfig</c> and <c>netstat -i</c> would show inside each jail.
/// </summary>
internal static class DemoCommand
{
    private const ushort ExperimentalEtherType = 0x88B5; // IEEE 802 local experimental

    public static Command Create()
    {
        var count = new Option<int>("-c") { Description = "Frames to send each way", DefaultValueFactory = _ => 3 };
        var command = new Command("demo", "Create an epair between two vnets and send frames across, in-process") { count };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(count), parse.InvocationConfiguration.Output, ct));
        return command;
    }

    public static async Task<int> RunAsync(int count, TextWriter output, CancellationToken cancellationToken)
    {
        using var kernel = new Kernel();

        var a = (EpairInterface)kernel.Host.CreateInterface("epair");
        var b = a.Peer;
        await output.WriteLineAsync($"# ifconfig epair create\n{a.Name}");
        var one = kernel.CreateVnet("one");
        var two = kernel.CreateVnet("two");
        await output.WriteLineAsync("# jail -c name=one vnet persist; jail -c name=two vnet persist");
        kernel.Host.MoveInterface(a.Name, one);
        kernel.Host.MoveInterface(b.Name, two);
        await output.WriteLineAsync($"# ifconfig {a.Name} vnet one; ifconfig {b.Name} vnet two");
        a.Up();
        b.Up();
        await output.WriteLineAsync($"# jexec one ifconfig {a.Name} up; jexec two ifconfig {b.Name} up");

        int receivedByA = 0, receivedByB = 0;
        a.InputHandler = (_, frame) => { Interlocked.Increment(ref receivedByA); frame.Free(); };
        b.InputHandler = (_, frame) => { Interlocked.Increment(ref receivedByB); frame.Free(); };

        for (int i = 0; i < count; i++)
        {
            Send(kernel, a, b.MacAddress, i);
            Send(kernel, b, a.MacAddress, i);
        }
        await kernel.QuiesceAsync(cancellationToken);
        await output.WriteLineAsync($"# {count} frames sent each way; {b.Name} received {receivedByB}, {a.Name} received {receivedByA}");

        foreach (var (jail, ifp) in new[] { ("one", (NetInterface)a), ("two", b) })
        {
            await output.WriteLineAsync($"\n# jexec {jail} ifconfig {ifp.Name}");
            await output.WriteAsync(InterfaceDescription.Ifconfig(ifp));
            await output.WriteLineAsync($"# jexec {jail} netstat -i -I {ifp.Name}");
            await output.WriteLineAsync(InterfaceDescription.NetstatHeader);
            await output.WriteLineAsync(InterfaceDescription.NetstatLink(ifp));
        }

        one.DestroyInterface(a.Name);
        await output.WriteLineAsync($"\n# jexec one ifconfig {a.Name} destroy\n# ifconfig -l (host): {string.Join(' ', kernel.Host.Interfaces.Select(i => i.Name))}");
        return receivedByA == count && receivedByB == count ? 0 : 1;
    }

    private static void Send(Kernel kernel, NetInterface from, MacAddress to, int sequence)
    {
        var frame = kernel.Frames.Rent(64);
        var data = frame.Data;
        data.Clear();
        to.CopyTo(data);
        from.MacAddress.CopyTo(data[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(data[12..], ExperimentalEtherType);
        BinaryPrimitives.WriteInt32BigEndian(data[14..], sequence);
        _ = from.Transmit(frame);
    }
}

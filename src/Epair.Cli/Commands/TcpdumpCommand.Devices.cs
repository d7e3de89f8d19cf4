using System.Globalization;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

// Which interface: libpcap's device list (pcap_findalldevs), -D, -i by name or by number.
internal static partial class TcpdumpCommand
{
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
}

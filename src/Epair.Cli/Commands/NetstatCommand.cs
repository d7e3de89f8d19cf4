using System.Globalization;
using System.Text;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>One row group of <c>netstat -i</c> an address family adds under the link row (the stacks add theirs).</summary>
internal interface INetstatAddressRows
{
    /// <summary>The (network, address) pairs of <paramref name="ifp"/> in this family, in order.</summary>
    IEnumerable<(string Network, string Address)> Rows(NetInterface ifp);
}

/// <summary>
/// netstat(1): the interface table (<c>-i</c>, <c>-I IF</c>, with <c>-b</c>, <c>-d</c>, <c>-W</c>)
/// in FreeBSD 14's measured column layout, and the netisr statistics (<c>-Q</c>). The statistics
/// and routing tables (<c>-s</c>, <c>-r</c>) arrive with the IP stack, one file each.
/// </summary>
internal static class NetstatCommand
{
    public static readonly CommandInfo Info = new("netstat", Run, Exclusive: false);

    private const string Program = "netstat";

    /// <summary>Per-family rows after each interface's link row; inet and inet6 go here.</summary>
    public static IReadOnlyList<INetstatAddressRows> AddressFamilies { get; } = [];

    private const string UsageText =
        "usage: netstat [-46AaCLnRSTWx] [-f protocol_family | -p protocol]\n" +
        "               [-M core] [-N system]\n" +
        "       netstat -i | -I interface [-46abdhnW] [-f address_family]\n" +
        "               [-M core] [-N system]\n" +
        "       netstat -w wait [-I interface] [-46d] [-M core] [-N system]\n" +
        "               [-q howmany]\n" +
        "       netstat -s [-46sz] [-f protocol_family | -p protocol]\n" +
        "               [-M core] [-N system]\n" +
        "       netstat -i | -I interface -s [-46s]\n" +
        "               [-f protocol_family | -p protocol] [-M core] [-N system]\n" +
        "       netstat -m [-M core] [-N system]\n" +
        "       netstat -B [-z] [-I interface]\n" +
        "       netstat -r [-46AnW] [-F fibnum] [-f address_family]\n" +
        "               [-M core] [-N system]\n" +
        "       netstat -rs [-s] [-M core] [-N system]\n" +
        "       netstat -g [-46W] [-f address_family] [-M core] [-N system]\n" +
        "       netstat -gs [-46s] [-f address_family] [-M core] [-N system]\n" +
        "       netstat -Q";

    private sealed class Flags
    {
        public bool Interfaces, Bytes, Drops, Wide, Netisr;
        public string? Interface;
    }

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var flags = new Flags();
        var getopt = new Getopt(args, "46AaBbCdF:f:ghI:iLlM:mN:nOoP:p:Qq:RrSsTtuWw:xz");
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'i': flags.Interfaces = true; break;
                case 'I': flags.Interfaces = true; flags.Interface = getopt.Argument; break;
                case 'b': flags.Bytes = true; break;
                case 'd': flags.Drops = true; break;
                case 'W': flags.Wide = true; break;
                case 'Q': flags.Netisr = true; break;
                case 'n' or 'a' or 'h' or '4' or '6' or 'f': break;
                case '?': return Usage(context);
                default:
                    return context.Fail(Program, $"-{getopt.Option}: not available until the IP stack lands", 1);
            }
        }
        if (getopt.Remaining.Count > 0)
            return Usage(context);
        if (flags.Netisr)
            return Netisr(context);
        if (flags.Interfaces)
            return Interfaces(context, flags);
        return context.Fail(Program, "sockets (the default display) are not available until the IP stack lands", 1);
    }

    private static int Usage(CommandContext context)
    {
        context.Usage(UsageText);
        return 1;
    }

    private sealed record Row(NetInterface Ifp, string Network, string Address, bool Link);

    /// <summary>intpr(): measure every column first, then print.</summary>
    private static int Interfaces(CommandContext context, Flags flags)
    {
        var rows = new List<Row>();
        foreach (var ifp in context.Vnet.Interfaces)
        {
            if (flags.Interface is not null && ifp.Name != flags.Interface)
                continue;
            // lo0 has no link-level address: link_ntoa prints the name its sockaddr_dl carries.
            var link = ifp.Type == InterfaceType.Loopback ? ifp.Name : ifp.MacAddress.ToString();
            rows.Add(new Row(ifp, $"<Link#{ifp.Index.ToString(CultureInfo.InvariantCulture)}>", link, Link: true));
            foreach (var family in AddressFamilies)
                foreach (var (network, address) in family.Rows(ifp))
                    rows.Add(new Row(ifp, network, address, Link: false));
        }
        if (flags.Interface is not null && rows.Count == 0)
            return context.Fail(Program, $"interface {flags.Interface} not found", ExitCodes.DataError);

        int nameWidth = 5, netWidth = "Network ".Length, addrWidth = "Address ".Length;
        int packetWidth = 8, errorWidth = 5, byteWidth = 10;
        foreach (var row in rows)
        {
            var c = row.Ifp.Counters;
            nameWidth = Math.Max(nameWidth, DisplayName(row.Ifp).Length);
            netWidth = Math.Max(netWidth, row.Network.Length);
            addrWidth = Math.Max(addrWidth, row.Address.Length);
            packetWidth = NumberWidth(NumberWidth(packetWidth, c.IPackets), c.OPackets);
            errorWidth = NumberWidth(NumberWidth(NumberWidth(errorWidth, c.IErrors), c.IQDrops), c.Collisions);
            if (flags.Drops)
                errorWidth = NumberWidth(errorWidth, c.OQDrops);
            if (flags.Bytes)
                byteWidth = NumberWidth(NumberWidth(byteWidth, c.IBytes), c.OBytes);
        }

        var sb = new StringBuilder();
        sb.Append(Left("Name", nameWidth)).Append(' ').Append(Right("Mtu", 5)).Append(' ')
            .Append(Left("Network", netWidth)).Append("  ").Append(Left("Address", addrWidth)).Append(' ')
            .Append(Right("Ipkts", packetWidth)).Append(' ').Append(Right("Ierrs", errorWidth)).Append(' ').Append(Right("Idrop", errorWidth));
        if (flags.Bytes)
            sb.Append(' ').Append(Right("Ibytes", byteWidth));
        sb.Append(' ').Append(Right("Opkts", packetWidth)).Append(' ').Append(Right("Oerrs", errorWidth));
        if (flags.Bytes)
            sb.Append(' ').Append(Right("Obytes", byteWidth));
        sb.Append(' ').Append(Right("Coll", errorWidth));
        if (flags.Drops)
            sb.Append(' ').Append(Right("Drop", errorWidth));
        sb.Append('\n');

        foreach (var row in rows)
        {
            var c = row.Ifp.Counters;
            sb.Append(Left(DisplayName(row.Ifp), nameWidth)).Append(Right(row.Ifp.Mtu, 6)).Append(' ')
                .Append(Left(row.Network, netWidth)).Append("  ").Append(Left(row.Address, addrWidth)).Append(' ');
            // show_stat: a value, or "-" for what this row does not count; a space after each but the last.
            Stat(sb, c.IPackets, packetWidth, true);
            Stat(sb, c.IErrors, errorWidth, row.Link);
            Stat(sb, c.IQDrops, errorWidth, row.Link);
            if (flags.Bytes)
                Stat(sb, c.IBytes, byteWidth, true);
            Stat(sb, c.OPackets, packetWidth, true);
            Stat(sb, c.OErrors, errorWidth, row.Link);
            if (flags.Bytes)
                Stat(sb, c.OBytes, byteWidth, true);
            sb.Append(row.Link ? Right(c.Collisions, errorWidth) : Right("-", errorWidth));
            if (flags.Drops)
                sb.Append(' ').Append(row.Link ? Right(c.OQDrops, errorWidth) : Right("-", errorWidth));
            sb.Append('\n');
        }
        context.Out.Write(sb.ToString());
        return 0;
    }

    // An interface that is down is marked with a star.
    private static string DisplayName(NetInterface ifp) => (ifp.Flags & InterfaceFlags.Up) == 0 ? ifp.Name + "*" : ifp.Name;

    // max_num_len: one column per digit, plus the separating space, as netstat counts them.
    private static int NumberWidth(int width, long value)
    {
        int length = 2;
        for (ulong n = (ulong)Math.Max(0, value); n > 10; length++)
            n /= 10;
        return Math.Max(width, length);
    }

    private static void Stat(StringBuilder sb, long value, int width, bool show) =>
        sb.Append(show ? Right(value, width) : Right("-", width)).Append(' ');

    private static string Left(string text, int width) => text.Length >= width ? text[..width] : text.PadRight(width);

    private static string Right(string text, int width) => text.Length >= width ? text : text.PadLeft(width);

    private static string Right(long value, int width) => Right(value.ToString(CultureInfo.InvariantCulture), width);

    /// <summary><c>netstat -Q</c>: netisr configuration, protocols and per-workstream counters (netisr.c).</summary>
    private static int Netisr(CommandContext context)
    {
        var stats = context.Kernel.GetNetisrStatistics();
        var o = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        o.Append("Configuration:\n");
        o.Append(inv, $"{"Setting",-25} {"Current",12} {"Limit",12}\n");
        o.Append(inv, $"{"Thread count",-25} {stats.Threads,12} {stats.MaxThreads,12}\n");
        o.Append(inv, $"{"Default queue limit",-25} {stats.DefaultQueueLimit,12} {stats.MaxQueueLimit,12}\n");
        o.Append(inv, $"{"Dispatch policy",-25} {stats.Dispatch,12} {"n/a",12}\n");
        o.Append(inv, $"{"Threads bound to CPUs",-25} {"disabled",12} {"n/a",12}\n");
        o.Append('\n');
        o.Append("Protocols:\n");
        o.Append(inv, $"{"Name",-6} {"Proto",5} {"QLimit",6} {"Policy",-6} {"Dispatch",-8} {"Flags",-5}\n");
        foreach (var p in stats.Protocols)
        {
            // C: the protocol picks CPUs itself (m2cpuid); D: it wants to hear of drained queues.
            string protocolFlags = "C" + (p.HasDrainedCallback ? "D" : "-") + "-";
            o.Append(inv, $"{p.Name,-6} {p.Id,5} {p.QueueLimit,6} {p.Policy,6} {p.Dispatch,8}   {protocolFlags}\n");
        }
        o.Append('\n');
        o.Append("Workstreams:\n");
        o.Append(inv, $"{"WSID",4} {"CPU",3}   {"Name",-6} {"Len",5} {"WMark",5} {"Disp'd",8} {"HDisp'd",8} {"QDrops",8} {"Queued",8} {"Handled",8}\n");
        foreach (var w in stats.Work)
        {
            o.Append(inv, $"{w.Workstream,4} {w.Cpu,3}   {w.Protocol,-6} {w.Length,5} {w.Watermark,5} {w.Dispatched,8} {w.HybridDispatched,8} {w.QueueDrops,8} {w.Queued,8} {w.Handled,8}\n");
        }
        context.Out.Write(o.ToString());
        return 0;
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using Epair.Inet.Ipv6;

namespace Epair.Cli.Output;

/// <summary>
/// ndp.c's neighbor table (print_entry over netlink, FreeBSD 14 and later): the header, then
/// <c>2001:db8::2  90:10:00:01:02:03 epair0a permanent R </c> with its adaptive column widths.
/// </summary>
internal static class NdpEntryFormat
{
    // ndp.h: W_ADDR, W_LL, W_IF; a wide column takes room from the ones after it.
    private const int AddressWidth = 36;
    private const int LinkWidth = 17;
    private const int InterfaceWidth = 6;

    /// <summary>The header line, with its newline.</summary>
    public static string Header { get; } =
        $"{"Neighbor",-AddressWidth} {"Linklayer Address",-LinkWidth} {"Netif",InterfaceWidth} {"Expire",-9} S Flags\n";

    /// <summary>What getnameinfo(NI_NUMERICHOST) prints: the address, with <c>%interface</c> for a scoped one.</summary>
    public static string HostName(IPAddress address, string interfaceName)
    {
        var plain = new IPAddress(address.GetAddressBytes()).ToString();
        return address.ScopeId != 0 ? plain + "%" + interfaceName : plain;
    }

    /// <summary>The entry's line, with its newline.</summary>
    public static string Line(NeighborInfo entry)
    {
        string host = HostName(entry.Address, entry.Interface.Name);
        string link = entry.LinkAddress?.ToString() ?? "(incomplete)";
        string ifname = entry.Interface.Name;
        int addressWidth = Math.Max(host.Length, AddressWidth);
        int linkWidth = Math.Max(link.Length, AddressWidth + LinkWidth - addressWidth);
        int interfaceWidth = Math.Max(ifname.Length, AddressWidth + LinkWidth + InterfaceWidth - addressWidth - linkWidth);

        var line = new StringBuilder();
        line.Append(host.PadRight(addressWidth)).Append(' ');
        line.Append(link.PadRight(linkWidth)).Append(' ');
        line.Append(ifname.PadLeft(interfaceWidth)).Append(' ');
        line.Append(Fit(Expire(entry), 9)).Append(' ');
        line.Append(StateLetter(entry.State)).Append(' ');
        if (entry.IsRouter)
            line.Append('R');
        if (entry.IsProxy)
            line.Append('p');
        if (entry.Probes != 0)
            line.Append(CultureInfo.InvariantCulture, $" {entry.Probes}");
        return line.Append('\n').ToString();
    }

    private static string Expire(NeighborInfo entry)
    {
        if (entry.Expire is not { } left)
            return "permanent";
        // The kernel counts whole seconds to the state's next timer; rounding up shows a timer
        // just started at its full length, as FreeBSD does within the same second.
        long seconds = (long)Math.Ceiling(left.TotalSeconds);
        return seconds > 0 ? SecondsToString(seconds) : "expired";
    }

    /// <summary>ndp.c's sec2str: <c>23h59m50s</c>, <c>1d0h0m0s</c>, <c>30s</c>.</summary>
    public static string SecondsToString(long total)
    {
        long days = total / 3600 / 24, hours = total / 3600 % 24, minutes = total / 60 % 60, seconds = total % 60;
        var text = new StringBuilder();
        bool first = true;
        if (days != 0)
        {
            first = false;
            text.Append(CultureInfo.InvariantCulture, $"{days}d");
        }
        if (!first || hours != 0)
        {
            first = false;
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }
        if (!first || minutes != 0)
            text.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        return text.Append(CultureInfo.InvariantCulture, $"{seconds}s").ToString();
    }

    /// <summary>printf's <c>%-9.9s</c>: padded, and cut when longer.</summary>
    private static string Fit(string text, int width) => text.Length > width ? text[..width] : text.PadRight(width);

    private static char StateLetter(NeighborState state) => state switch
    {
        NeighborState.INCOMPLETE => 'I',
        NeighborState.REACHABLE => 'R',
        NeighborState.STALE => 'S',
        NeighborState.DELAY => 'D',
        NeighborState.PROBE => 'P',
        _ => 'N',
    };
}

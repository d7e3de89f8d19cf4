using System.Globalization;
using System.Text;
using Epair.Inet.Ipv4;
using Epair.Interfaces;

namespace Epair.Cli.Output;

/// <summary>
/// arp.c's print_entry (the netlink one, FreeBSD 14 and later):
/// <c>? (198.51.100.2) at 90:10:00:01:02:03 on epair0a expires in 1199 seconds [ethernet]</c>.
/// </summary>
internal static class ArpEntryFormat
{
    /// <summary>The entry's line, with its newline.</summary>
    public static string Line(ArpEntryInfo entry)
    {
        // gethostbyaddr fails without a resolver, and arp prints "?" for the name then, -n or not.
        var line = new StringBuilder("? (");
        line.Append(entry.Address).Append(") at ");
        if (entry.MacAddress is { } mac)
            line.Append(mac.ToString());
        else
            line.Append("(incomplete)");
        line.Append(" on ").Append(entry.Interface.Name);
        AppendExpiry(line, entry);
        if (entry.Published)
            line.Append(" published");
        if (TypeName(entry.Interface.Type) is { } type)
            line.Append(" [").Append(type).Append(']');
        return line.Append('\n').ToString();
    }

    private static void AppendExpiry(StringBuilder line, ArpEntryInfo entry)
    {
        if (entry.Permanent || entry.ExpiresIn is null)
        {
            line.Append(" permanent");
            return;
        }
        // An incomplete entry's la_expire is the second of its last request, already past: "expired".
        // A valid one counts whole seconds down from net.link.ether.inet.max_age; rounding up shows
        // max_age itself for an entry learned this very second, as the kernel's seconds clock does.
        long seconds = entry.MacAddress is null ? 0 : (long)Math.Ceiling(entry.ExpiresIn.Value.TotalSeconds);
        if (seconds > 0)
            line.Append(CultureInfo.InvariantCulture, $" expires in {seconds} seconds");
        else
            line.Append(" expired");
    }

    /// <summary>The bracketed link type arp prints, or null for types it does not name.</summary>
    public static string? TypeName(InterfaceType type) => type switch
    {
        InterfaceType.Ethernet => "ethernet",
        InterfaceType.L2Vlan => "vlan",
        InterfaceType.Bridge => "bridge",
        _ => null,
    };
}

using System.Text;

namespace Epair.Cli.Output;

/// <summary>FreeBSD's <c>printb</c>: a value in hex followed by the names of its set bits.</summary>
internal static class BitNames
{
    /// <summary>IFFBITS from ifconfig.c: bit number (1-based) and name.</summary>
    public static readonly (int Bit, string Name)[] InterfaceFlags =
    [
        (1, "UP"), (2, "BROADCAST"), (3, "DEBUG"), (4, "LOOPBACK"), (5, "POINTOPOINT"), (7, "RUNNING"),
        (8, "NOARP"), (9, "PROMISC"), (10, "ALLMULTI"), (11, "OACTIVE"), (12, "SIMPLEX"), (13, "LINK0"),
        (14, "LINK1"), (15, "LINK2"), (16, "MULTICAST"), (18, "PPROMISC"), (19, "MONITOR"),
        (20, "STATICARP"), (21, "STICKYARP"),
    ];

    /// <summary>IFCAPBITS from ifconfig.c.</summary>
    public static readonly (int Bit, string Name)[] Capabilities =
    [
        (1, "RXCSUM"), (2, "TXCSUM"), (3, "NETCONS"), (4, "VLAN_MTU"), (5, "VLAN_HWTAGGING"),
        (6, "JUMBO_MTU"), (7, "POLLING"), (8, "VLAN_HWCSUM"), (9, "TSO4"), (10, "TSO6"), (11, "LRO"),
        (12, "WOL_UCAST"), (13, "WOL_MCAST"), (14, "WOL_MAGIC"), (15, "TOE4"), (16, "TOE6"),
        (17, "VLAN_HWFILTER"), (19, "VLAN_HWTSO"), (20, "LINKSTATE"), (21, "NETMAP"),
        (22, "RXCSUM_IPV6"), (23, "TXCSUM_IPV6"),
    ];

    /// <summary>ND6BITS from af_nd6.c.</summary>
    public static readonly (int Bit, string Name)[] Nd6Flags =
    [
        (1, "PERFORMNUD"), (2, "ACCEPT_RTADV"), (3, "PREFER_SOURCE"), (4, "IFDISABLED"), (5, "DONT_SET_IFROUTE"),
        (6, "AUTO_LINKLOCAL"), (7, "NO_RADR"), (8, "NO_PREFER_IFACE"), (9, "NO_DAD"), (10, "IPV6_ONLY"),
        (11, "IPV6_ONLY_MANUAL"), (16, "DEFAULTIF"),
    ];

    /// <summary>Formats <paramref name="value"/> as <c>8843&lt;UP,BROADCAST,…&gt;</c>.</summary>
    public static string Format(long value, (int Bit, string Name)[] names)
    {
        var sb = new StringBuilder();
        sb.Append(value.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append('<');
        bool first = true;
        foreach (var (bit, name) in names)
        {
            if ((value & (1L << (bit - 1))) == 0)
                continue;
            if (!first)
                sb.Append(',');
            sb.Append(name);
            first = false;
        }
        return sb.Append('>').ToString();
    }
}

namespace Epair.Capture;

/// <summary>The link-layer header types (<c>DLT_*</c>/<c>LINKTYPE_*</c>) a capture here can have.</summary>
public enum LinkType
{
    /// <summary><c>DLT_NULL</c>: BSD loopback, a 4-byte address family in host byte order, then the packet (lo0).</summary>
    Null = 0,

    /// <summary><c>DLT_EN10MB</c>: Ethernet (epair, vlan).</summary>
    Ethernet = 1,
}

/// <summary>libpcap's names for link types, as tcpdump prints them.</summary>
public static class LinkTypeNames
{
    /// <summary><c>pcap_datalink_val_to_name</c>: <c>EN10MB</c>, <c>NULL</c>.</summary>
    public static string Name(LinkType type) => type switch
    {
        LinkType.Ethernet => "EN10MB",
        LinkType.Null => "NULL",
        _ => ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary><c>pcap_datalink_val_to_description</c>: <c>Ethernet</c>, <c>BSD loopback</c>.</summary>
    public static string Description(LinkType type) => type switch
    {
        LinkType.Ethernet => "Ethernet",
        LinkType.Null => "BSD loopback",
        _ => "unknown",
    };
}

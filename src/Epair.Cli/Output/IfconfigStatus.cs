using System.Globalization;
using System.Text;
using Epair.Drivers.Vlan;
using Epair.Interfaces;

namespace Epair.Cli.Output;

/// <summary>
/// One line group ifconfig(8) prints for an address family, between the link address and
/// <c>groups:</c> (<c>inet …</c>, <c>inet6 …</c>). The IPv4 and IPv6 stacks add theirs here.
/// </summary>
internal interface IAddressStatus
{
    /// <summary>The family's name on ifconfig's command line (<c>inet</c>, <c>inet6</c>).</summary>
    string Family { get; }

    /// <summary>True when <paramref name="ifp"/> has an address of this family.</summary>
    bool HasAddress(NetInterface ifp);

    /// <summary>Appends this family's lines for <paramref name="ifp"/> (each starting with a tab), or nothing.</summary>
    void AppendStatus(StringBuilder sb, NetInterface ifp);
}

/// <summary>
/// The block <c>ifconfig IF</c> prints on FreeBSD 14, in its order: flags and MTU, options,
/// the link address and pcp, the address families, groups, the vlan line, media and status,
/// and the IPv6 per-interface options.
/// </summary>
internal static class IfconfigStatus
{
    /// <summary>The address-family sections, in the order ifconfig prints them: inet, then inet6.</summary>
    public static IReadOnlyList<IAddressStatus> AddressFamilies { get; } = [new Inet4Status(), new Inet6Status()];

    /// <summary>The names ifconfig gives the link-level family (af_link.c).</summary>
    private static readonly string[] s_linkFamilies = ["link", "ether", "lladdr"];

    /// <summary>True when <paramref name="word"/> names an address family ifconfig lists by.</summary>
    public static bool IsFamily(string word) =>
        Array.IndexOf(s_linkFamilies, word) >= 0 || FindFamily(word) is not null;

    /// <summary>
    /// match_iface: with a family named, only interfaces that have an address of it are listed
    /// (for <c>ether</c>, an Ethernet address; every interface has a <c>link</c> address).
    /// </summary>
    public static bool Matches(NetInterface ifp, string? family) => family switch
    {
        null or "link" or "lladdr" => true,
        "ether" => HasEthernetAddress(ifp),
        _ => FindFamily(family)?.HasAddress(ifp) ?? false,
    };

    /// <summary>
    /// The status block of <paramref name="ifp"/>; with <paramref name="family"/>, status_nl's
    /// view of one family: the flags and options lines, that family's lines, and its own other
    /// status (nd6 options for inet6), without groups, vlan or media.
    /// </summary>
    /// <param name="ifp">The interface.</param>
    /// <param name="family">Only this family's lines (<c>ifconfig IF inet6</c>), or null for all.</param>
    /// <param name="supported">ifconfig's <c>-m</c>: the capabilities and media the interface supports, too.</param>
    public static string Format(NetInterface ifp, string? family = null, bool supported = false)
    {
        bool all = family is null;
        var sb = new StringBuilder();
        long flags = (long)ifp.Flags | (long)ifp.DriverFlags;
        sb.Append(CultureInfo.InvariantCulture,
            $"{ifp.Name}: flags={BitNames.Format(flags, BitNames.InterfaceFlags)} metric 0 mtu {ifp.Mtu}\n");
        if (ifp.Description is { } description)
            sb.Append(CultureInfo.InvariantCulture, $"\tdescription: {description}\n");
        if (ifp.EnabledCapabilities != InterfaceCapabilities.None)
            sb.Append(CultureInfo.InvariantCulture, $"\toptions={BitNames.Format((long)ifp.EnabledCapabilities, BitNames.Capabilities)}\n");
        if (supported && ifp.Capabilities != InterfaceCapabilities.None)
            sb.Append(CultureInfo.InvariantCulture, $"\tcapabilities={BitNames.Format((long)ifp.Capabilities, BitNames.Capabilities)}\n");
        if ((all || Array.IndexOf(s_linkFamilies, family) >= 0) && HasEthernetAddress(ifp))
        {
            sb.Append(CultureInfo.InvariantCulture, $"\tether {ifp.MacAddress}\n");
            // vlan(4) shows its priority on the vlan line, not as the link's pcp.
            if (ifp is not VlanInterface && ifp.Pcp != NetInterface.NoPcp)
                sb.Append(CultureInfo.InvariantCulture, $"\tpcp {ifp.Pcp}\n");
        }
        foreach (var addresses in AddressFamilies)
        {
            if (all || addresses.Family == family)
                addresses.AppendStatus(sb, ifp);
        }
        if (all)
        {
            if (ifp.Groups.Count > 0)
                sb.Append(CultureInfo.InvariantCulture, $"\tgroups: {string.Join(' ', ifp.Groups)}\n");
            if (ifp is VlanInterface vlan)
                AppendVlan(sb, vlan);
            AppendMedia(sb, ifp, supported);
        }
        if (all || family == "inet6")
        {
            // The interface's own ND6_IFF_* flags: lo0 has no IFDISABLED, and inet6 addresses clear it.
            var nd6 = ifp.Vnet.Inet.Ipv6.GetNd6Flags(ifp);
            sb.Append(CultureInfo.InvariantCulture, $"\tnd6 options={BitNames.Format((long)nd6, BitNames.Nd6Flags)}\n");
        }
        return sb.ToString();
    }

    private static bool HasEthernetAddress(NetInterface ifp) =>
        ifp.Type is InterfaceType.Ethernet or InterfaceType.L2Vlan or InterfaceType.Bridge;

    private static IAddressStatus? FindFamily(string name)
    {
        foreach (var family in AddressFamilies)
        {
            if (family.Family == name)
                return family;
        }
        return null;
    }

    // vlan_status in ifconfig's vlan.c.
    private static void AppendVlan(StringBuilder sb, VlanInterface vlan)
    {
        string protocol = vlan.Protocol switch
        {
            VlanInterface.Protocol8021Q => "802.1q",
            VlanInterface.Protocol8021AD => "802.1ad",
            var other => "0x" + other.ToString("x4", CultureInfo.InvariantCulture),
        };
        string parent = vlan.Parent?.Name ?? "<none>";
        sb.Append(CultureInfo.InvariantCulture,
            $"\tvlan: {vlan.Tag} vlanproto: {protocol} vlanpcp: {Math.Max(vlan.Pcp, 0)} parent interface: {parent}\n");
    }

    private static void AppendMedia(StringBuilder sb, NetInterface ifp, bool supported)
    {
        MediaInfo media;
        try
        {
            media = ifp.GetMedia();
        }
        catch (ErrnoException)
        {
            // SIOCGIFMEDIA fails: ifconfig prints neither media nor status.
            return;
        }
        sb.Append(CultureInfo.InvariantCulture, $"\tmedia: {media.Describe()}\n");
        var status = media.DescribeStatus();
        if (status.Length > 0)
            sb.Append(CultureInfo.InvariantCulture, $"\tstatus: {status}\n");
        if (!supported || media.Supported.Count == 0)
            return;
        // media.c's print_media_ifconfig for each entry of the list: "media X [mediaopt Y]".
        sb.Append("\tsupported media:\n");
        foreach (var word in media.Supported)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\t\tmedia {word.SubtypeName}");
            if (word.OptionsText is { } options)
                sb.Append(CultureInfo.InvariantCulture, $" mediaopt {options}");
            sb.Append('\n');
        }
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// ifconfig's <c>inet6</c> keywords (af_inet6.c and af_nd6.c): <c>inet6 A/P [alias]</c>,
/// <c>inet6 A prefixlen N</c>, <c>inet6 A -alias</c> (or <c>delete</c>), <c>inet6 [-]ifdisabled</c>
/// and the other nd6 flags (<c>[-]nud</c>, <c>[-]accept_rtadv</c>, <c>[-]auto_linklocal</c>,
/// <c>[-]no_radr</c>, <c>[-]no_prefer_iface</c>, <c>[-]no_dad</c>).
/// </summary>
internal sealed class Inet6Family : IIfconfigFamily
{
    private const string Program = "ifconfig";

    public string Name => "inet6";

    public bool LooksLikeAddress(string word)
    {
        int slash = word.IndexOf('/', StringComparison.Ordinal);
        var text = slash < 0 ? word : word[..slash];
        return text.Contains(':', StringComparison.Ordinal) && TryParse(text, out _);
    }

    /// <summary>An nd6 flag keyword on its own, after other keywords (<c>ifconfig IF up no_dad</c>); false when <paramref name="word"/> is none.</summary>
    public static bool TryApplyNd6Flag(NetInterface ifp, string word)
    {
        if (Nd6Flag(word) is not { } nd6)
            return false;
        ifp.Vnet.Inet.Ipv6.SetNd6Flags(ifp, nd6, word[0] != '-');
        return true;
    }

    public int Apply(CommandContext context, NetInterface ifp, string[] words, ref int index)
    {
        if (index >= words.Length)
            return context.Fail(Program, "'inet6' requires argument");
        string word = words[index++];
        var ip6 = ifp.Vnet.Inet.Ipv6;
        if (word is "ifdisabled" or "-ifdisabled")
        {
            // setnd6flags: SIOCSIFINFO_IN6 with ND6_IFF_IFDISABLED set or cleared.
            ip6.SetInterfaceDisabled(ifp, word[0] != '-');
            return 0;
        }
        if (Nd6Flag(word) is { } nd6)
        {
            // The other af_nd6.c keywords: the interface's ND6_IFF_* flags, no address needed.
            ip6.SetNd6Flags(ifp, nd6, word[0] != '-');
            return 0;
        }

        int slash = word.IndexOf('/', StringComparison.Ordinal);
        if (!TryParse(slash < 0 ? word : word[..slash], out var address))
            return context.Fail(Program, $"{word}: bad value");
        int prefix = 64; // in6_getprefix's default when none is given
        if (slash >= 0 && !TryPrefix(word[(slash + 1)..], out prefix))
            return context.Fail(Program, $"{word[(slash + 1)..]}: bad value");

        bool delete = false;
        var flags = In6AddressFlags.None;
        while (index < words.Length)
        {
            switch (words[index])
            {
                case "alias" or "add":
                    break; // inet6 addresses are always added beside the others
                case var word6 when AddressFlag(word6) is { } flag:
                    // af_inet6.c's setip6flags: the flag goes with the address; "-" takes it off.
                    flags = word6[0] == '-' ? flags & ~flag : flags | flag;
                    break;
                case "-alias" or "delete":
                    delete = true;
                    break;
                case "netmask" or "broadcast":
                    // An IPv4 notion; FreeBSD's ifconfig refuses it here (bug 286910) before
                    // touching the address.
                    return context.Fail(Program, $"{words[index]}: invalid option for inet6");
                case "prefixlen":
                    if (++index >= words.Length)
                        return context.Fail(Program, "'prefixlen' requires argument");
                    if (!TryPrefix(words[index], out prefix))
                        return context.Fail(Program, $"{words[index]}: bad value");
                    break;
                case var flag when Nd6Flag(flag) is { } trailing:
                    // ifconfig runs such keywords as it reads them and adds the address last, so
                    // 'inet6 A/64 no_dad' adds A without DAD.
                    ip6.SetNd6Flags(ifp, trailing, flag[0] != '-');
                    break;
                default:
                    return Commit(context, ifp, address, prefix, delete, flags);
            }
            index++;
        }
        return Commit(context, ifp, address, prefix, delete, flags);
    }

    // af_inet6.c's address flags, each but anycast with its "-" form.
    private static In6AddressFlags? AddressFlag(string word) => word switch
    {
        "anycast" => In6AddressFlags.Anycast,
        "deprecated" or "-deprecated" => In6AddressFlags.Deprecated,
        "autoconf" or "-autoconf" => In6AddressFlags.Autoconf,
        "prefer_source" or "-prefer_source" => In6AddressFlags.PreferSource,
        _ => null,
    };

    private static int Commit(CommandContext context, NetInterface ifp, IPAddress address, int prefix, bool delete, In6AddressFlags flags)
    {
        var ip6 = ifp.Vnet.Inet.Ipv6;
        // A link-local address without %zone belongs to the interface it is configured on.
        if (address.IsIPv6LinkLocal && address.ScopeId == 0)
            address = new IPAddress(address.GetAddressBytes(), ifp.Index);
        try
        {
            if (delete)
                ip6.RemoveAddress(ifp, address);
            else
                ip6.AddAddress(ifp, address, prefix, flags);
            return 0;
        }
        catch (ErrnoException ex)
        {
            return context.Fail(Program, $"ioctl ({(delete ? "SIOCDIFADDR" : "SIOCAIFADDR")}): {ErrnoText.Of(ex.Errno)}");
        }
    }

    // af_nd6.c's DEF_CMDs besides ifdisabled, each with its "-" form.
    private static Nd6Flags? Nd6Flag(string word) => word.TrimStart('-') switch
    {
        "nud" => Nd6Flags.PERFORMNUD,
        "accept_rtadv" => Nd6Flags.ACCEPT_RTADV,
        "auto_linklocal" => Nd6Flags.AUTO_LINKLOCAL,
        "no_radr" => Nd6Flags.NO_RADR,
        "no_prefer_iface" => Nd6Flags.NO_PREFER_IFACE,
        "no_dad" => Nd6Flags.NO_DAD,
        _ => null,
    };

    private static bool TryParse(string text, out IPAddress address)
    {
        // getaddrinfo accepts fe80::1%epair0a; the zone is the interface, which we already know.
        int percent = text.IndexOf('%', StringComparison.Ordinal);
        var plain = percent < 0 ? text : text[..percent];
        if (IPAddress.TryParse(plain, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6)
        {
            address = parsed;
            return true;
        }
        address = IPAddress.IPv6None;
        return false;
    }

    private static bool TryPrefix(string text, out int prefix) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) && prefix <= 128;
}

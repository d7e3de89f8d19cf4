using System.Net;
using System.Net.Sockets;
using System.Text;
using Epair.Vnets;

namespace Epair.Cli.Commands;

/// <summary>
/// How route(8) and netstat(1) spell addresses and route flags: <c>routename</c> (with the
/// one name FreeBSD's <c>/etc/hosts</c> always resolves, <c>localhost</c>, since there is no
/// resolver here), scoped IPv6 addresses as <c>fe80::1%epair0a</c>, and <c>printb</c>'s
/// <c>&lt;UP,GATEWAY,DONE,STATIC&gt;</c>.
/// </summary>
internal static class RouteText
{
    /// <summary><c>RTF_DONE</c>: the kernel answered the message (route get reports it).</summary>
    public const int Done = 0x40;

    // route.c's routeflags: the bit and its name, in bit order.
    private static readonly (int Bit, string Name)[] s_routeFlags =
    [
        (0x1, "UP"), (0x2, "GATEWAY"), (0x4, "HOST"), (0x8, "REJECT"), (0x10, "DYNAMIC"), (0x20, "MODIFIED"),
        (0x40, "DONE"), (0x200, "XRESOLVE"), (0x400, "LLINFO"), (0x800, "STATIC"), (0x1000, "BLACKHOLE"),
        (0x4000, "PROTO2"), (0x8000, "PROTO1"), (0x10000, "PRCLONING"), (0x20000, "WASCLONED"), (0x40000, "PROTO3"),
        (0x80000, "FIXEDMTU"), (0x100000, "PINNED"), (0x200000, "LOCAL"), (0x400000, "BROADCAST"),
        (0x800000, "MULTICAST"), (0x10000000, "STICKY"),
    ];

    // netstat's rt_bits: the letters of the flags column, in its order.
    private static readonly (int Bit, char Letter)[] s_flagLetters =
    [
        (0x1, 'U'), (0x2, 'G'), (0x4, 'H'), (0x8, 'R'), (0x10, 'D'), (0x20, 'M'), (0x40, 'd'), (0x200, 'X'),
        (0x800, 'S'), (0x8000, '1'), (0x4000, '2'), (0x40000, '3'), (0x1000, 'B'), (0x400000, 'b'),
    ];

    /// <summary><c>printb(flags, routeflags)</c>: <c>&lt;UP,GATEWAY&gt;</c>, or nothing for no flags.</summary>
    public static string FlagNames(int flags)
    {
        var sb = new StringBuilder();
        foreach (var (bit, name) in s_routeFlags)
        {
            if ((flags & bit) == 0)
                continue;
            sb.Append(sb.Length == 0 ? '<' : ',').Append(name);
        }
        if (sb.Length > 0)
            sb.Append('>');
        return sb.ToString();
    }

    /// <summary>netstat's <c>p_flags</c>: <c>UGS</c>.</summary>
    public static string FlagLetters(int flags)
    {
        var sb = new StringBuilder(8);
        foreach (var (bit, letter) in s_flagLetters)
        {
            if ((flags & bit) != 0)
                sb.Append(letter);
        }
        return sb.ToString();
    }

    /// <summary>
    /// <c>routename</c>: the address, or with <paramref name="numeric"/> false the name
    /// <c>/etc/hosts</c> gives it (only the loopback addresses have one here).
    /// </summary>
    public static string HostName(IPAddress address, Vnet vnet, bool numeric)
    {
        if (!numeric && (address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback)))
            return "localhost";
        return Numeric(address, vnet);
    }

    /// <summary><c>inet_ntop</c>, with a scoped IPv6 address' zone as the interface name (<c>fe80::1%lo0</c>).</summary>
    public static string Numeric(IPAddress address, Vnet vnet)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || address.ScopeId == 0)
            return address.ToString();
        var bare = new IPAddress(address.GetAddressBytes()).ToString();
        var ifp = vnet.FindInterface((int)address.ScopeId);
        return bare + "%" + (ifp?.Name ?? address.ScopeId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>An IPv6 prefix as netstat's <c>netname6</c> writes it: <c>fe80::%lo0/64</c>, <c>default</c> for <c>::/0</c>.</summary>
    public static string Network6(IPAddress prefix, int length, Vnet vnet) =>
        length == 0 && prefix.Equals(IPAddress.IPv6Any) ? "default" : Numeric(prefix, vnet) + "/" + length.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An IPv4 prefix as netstat's <c>netname4</c> writes it: <c>192.0.2.0/24</c>, <c>default</c> for <c>0.0.0.0/0</c>.</summary>
    public static string Network4(IPAddress prefix, int length) =>
        length == 0 ? "default" : prefix + "/" + length.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The IPv4 netmask of a prefix length (<c>255.255.255.0</c>).</summary>
    public static IPAddress Mask4(int length)
    {
        uint mask = length == 0 ? 0 : uint.MaxValue << (32 - length);
        return new IPAddress([(byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask]);
    }

    /// <summary>The IPv6 netmask of a prefix length (<c>ffff:ffff:ffff:ffff::</c>).</summary>
    public static IPAddress Mask6(int length)
    {
        var bytes = new byte[16];
        for (int i = 0; i < 16; i++)
        {
            int bits = Math.Clamp(length - i * 8, 0, 8);
            bytes[i] = (byte)(0xFF00 >> bits);
        }
        return new IPAddress(bytes);
    }
}

using System.Globalization;
using System.Text;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// ndp.c's ifinfo (<c>ndp -i IF [[-]flag …] [basereachable=ms] [retrans=ms]</c>): applies each
/// word in turn, then prints <c>linkmtu=0, maxmtu=1500, curhlim=64, basereachable=30s0ms,
/// reachable=30s, retrans=1s0ms</c> and the flags line.
/// </summary>
internal static class NdpInterfaceInfo
{
    private const string Program = "ndp";

    // SETFLAG's words, in the order the Flags line prints them.
    private static readonly (string Name, Nd6Flags Flag)[] s_flags =
    [
        ("disabled", Nd6Flags.IFDISABLED),
        ("nud", Nd6Flags.PERFORMNUD),
        ("accept_rtadv", Nd6Flags.ACCEPT_RTADV),
        ("auto_linklocal", Nd6Flags.AUTO_LINKLOCAL),
        ("no_prefer_iface", Nd6Flags.NO_PREFER_IFACE),
    ];

    public static int Run(CommandContext context, string name, IReadOnlyList<string> words)
    {
        var ifp = context.Vnet.FindInterface(name);
        var ip6 = context.Vnet.Inet.Ipv6;
        try
        {
            if (ifp is null)
                throw new ErrnoException(Errno.ENXIO, "SIOCGIFINFO_IN6");
            _ = ip6.GetNd6Flags(ifp);
        }
        catch (ErrnoException)
        {
            return context.Fail(Program, $"ioctl(SIOCGIFINFO_IN6): {ErrnoText.Of(Errno.ENXIO)}");
        }
        foreach (var word in words)
        {
            if (Apply(context, ip6, ifp, word) is { } failure)
                return failure;
        }
        context.Out.Write(Describe(context, ip6, ifp));
        return 0;
    }

    /// <summary>One word: a flag to set or clear (unknown words are ignored, as ndp does), or a value.</summary>
    private static int? Apply(CommandContext context, Ip6 ip6, NetInterface ifp, string word)
    {
        bool clear = word.StartsWith('-');
        var text = clear ? word[1..] : word;
        foreach (var (flagName, flag) in s_flags)
        {
            if (text != flagName)
                continue;
            if (flag == Nd6Flags.IFDISABLED)
                ip6.SetInterfaceDisabled(ifp, !clear);
            else
                ip6.SetNd6Flags(ifp, flag, !clear);
            return null;
        }
        // SETVALUE matches by prefix; 0 means "leave it".
        foreach (var field in (string[])["basereachable", "retrans", "curhlim"])
        {
            if (!text.StartsWith(field, StringComparison.Ordinal))
                continue;
            int equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
                return context.Fail(Program, $"syntax error in {field} field: {ErrnoText.Of(Errno.None)}");
            if (!TryParseUnsigned(text[(equals + 1)..], out uint value))
                return context.Fail(Program, $"syntax error in {field}'s value: {ErrnoText.Of(Errno.ERANGE)}");
            // curhlim is per interface in FreeBSD; here the hop limit is the vnet's (net.inet6.ip6.hlim).
            if (field != "curhlim")
                ip6.SetNdTimers(ifp, field == "basereachable" ? (int)Math.Min(value, int.MaxValue) : 0, field == "retrans" ? (int)Math.Min(value, int.MaxValue) : 0);
            return null;
        }
        return null;
    }

    /// <summary>strtoul(…, 0): decimal, 0x hex or 0 octal; what it cannot read counts as 0.</summary>
    private static bool TryParseUnsigned(string text, out uint value)
    {
        value = 0;
        int end = 0;
        int radix = 10;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            radix = 16;
            end = 2;
        }
        else if (text.StartsWith('0'))
        {
            radix = 8;
        }
        ulong total = 0;
        for (; end < text.Length; end++)
        {
            int digit = char.IsAsciiDigit(text[end]) ? text[end] - '0' : char.IsAsciiLetter(text[end]) ? char.ToLowerInvariant(text[end]) - 'a' + 10 : 99;
            if (digit >= radix)
                break;
            total = total * (ulong)radix + (ulong)digit;
            if (total > uint.MaxValue)
                return false;
        }
        value = (uint)total;
        return true;
    }

    private static string Describe(CommandContext context, Ip6 ip6, NetInterface ifp)
    {
        var (reachable, retrans) = ip6.GetNdTimers(ifp);
        var flags = ip6.GetNd6Flags(ifp);
        int hopLimit = context.Vnet.Inet.Ipv6.Config.HopLimit;
        var text = new StringBuilder();
        // linkmtu stays 0 until a router advertisement sets it; maxmtu is the interface's MTU.
        text.Append(CultureInfo.InvariantCulture,
            $"linkmtu=0, maxmtu={ifp.Mtu}, curhlim={hopLimit}, basereachable={reachable / 1000}s{reachable % 1000}ms, ");
        text.Append(CultureInfo.InvariantCulture, $"reachable={reachable / 1000}s, retrans={retrans / 1000}s{retrans % 1000}ms");
        if (flags != Nd6Flags.None)
        {
            text.Append("\nFlags: ");
            foreach (var (flagName, flag) in s_flags)
            {
                if ((flags & flag) != 0)
                    text.Append(flagName).Append(' ');
            }
        }
        return text.Append('\n').ToString();
    }
}

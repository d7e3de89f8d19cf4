using System.Globalization;
using System.Text;

namespace Epair.Inet.Ipv6;

/// <summary>Prints <see cref="Nd6Flags"/> the way <c>ifconfig</c> does.</summary>
public static class Nd6FlagsFormat
{
    // ifconfig's ND6BITS order and spelling.
    private static readonly (Nd6Flags Flag, string Name)[] s_names =
    [
        (Nd6Flags.PERFORMNUD, "PERFORMNUD"),
        (Nd6Flags.ACCEPT_RTADV, "ACCEPT_RTADV"),
        (Nd6Flags.PREFER_SOURCE, "PREFER_SOURCE"),
        (Nd6Flags.IFDISABLED, "IFDISABLED"),
        (Nd6Flags.DONT_SET_IFROUTE, "DONT_SET_IFROUTE"),
        (Nd6Flags.AUTO_LINKLOCAL, "AUTO_LINKLOCAL"),
        (Nd6Flags.NO_RADR, "NO_RADR"),
        (Nd6Flags.NO_PREFER_IFACE, "NO_PREFER_IFACE"),
        (Nd6Flags.NO_DAD, "NO_DAD"),
    ];

    /// <summary><c>nd6 options=29&lt;PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL&gt;</c>.</summary>
    public static string ToIfconfigString(this Nd6Flags flags)
    {
        var text = new StringBuilder("nd6 options=");
        text.Append(((int)flags).ToString("x", CultureInfo.InvariantCulture)).Append('<');
        bool first = true;
        foreach (var (flag, name) in s_names)
        {
            if ((flags & flag) == 0)
                continue;
            if (!first)
                text.Append(',');
            text.Append(name);
            first = false;
        }
        return text.Append('>').ToString();
    }
}

using System.Globalization;

namespace Epair.Drivers.Vlan;

/// <summary>
/// The create parameters <c>ifconfig vlan create</c> passes (<c>struct vlanreq</c>):
/// <c>vlan N</c>, <c>vlandev IF</c>, <c>vlanproto 802.1q|802.1ad</c>, and <c>vlanpcp N</c>.
/// </summary>
/// <param name="Parent">The parent's name, or null when not given.</param>
/// <param name="Vid">The VID, or -1 when not given.</param>
/// <param name="Protocol">The TPID.</param>
/// <param name="Pcp">The priority, or -1 when not given.</param>
internal readonly record struct VlanRequest(string? Parent, int Vid, ushort Protocol, int Pcp)
{
    /// <summary>True when a parent or a VID was asked for.</summary>
    public bool HasBinding => Parent is not null || Vid >= 0;

    /// <summary>Parses the parameter words; EINVAL for an unknown word or a bad value.</summary>
    public static Errno Parse(IReadOnlyList<string> parameters, out VlanRequest request)
    {
        request = new VlanRequest(null, -1, VlanInterface.Protocol8021Q, -1);
        for (int i = 0; i < parameters.Count; i += 2)
        {
            if (i + 1 >= parameters.Count)
                return Errno.EINVAL;
            string value = parameters[i + 1];
            switch (parameters[i])
            {
                case "vlan":
                    if (!TryParseNumber(value, ushort.MaxValue, out int vid))
                        return Errno.EINVAL;
                    request = request with { Vid = vid };
                    break;
                case "vlandev":
                    request = request with { Parent = value };
                    break;
                case "vlanproto":
                    ushort? protocol = value switch
                    {
                        "802.1q" or "802.1Q" => VlanInterface.Protocol8021Q,
                        "802.1ad" or "802.1AD" => VlanInterface.Protocol8021AD,
                        _ => null,
                    };
                    if (protocol is null)
                        return Errno.EINVAL;
                    request = request with { Protocol = protocol.Value };
                    break;
                case "vlanpcp":
                    if (!TryParseNumber(value, 7, out int pcp))
                        return Errno.EINVAL;
                    request = request with { Pcp = pcp };
                    break;
                default:
                    return Errno.EINVAL;
            }
        }
        return Errno.None;
    }

    /// <summary><c>strtoul(val, &amp;endp, 0)</c> as ifconfig reads numbers: decimal, or hex after <c>0x</c>.</summary>
    private static bool TryParseNumber(string text, int max, out int value)
    {
        bool parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return parsed && value >= 0 && value <= max;
    }
}

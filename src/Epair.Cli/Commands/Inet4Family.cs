using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// ifconfig's <c>inet</c> keywords (af_inet.c): <c>inet A/P [alias]</c>, <c>inet A netmask M</c>,
/// <c>inet A -alias</c> (or <c>delete</c>), and a bare IPv4 address with no family word.
/// </summary>
internal sealed class Inet4Family : IIfconfigFamily
{
    private const string Program = "ifconfig";

    public string Name => "inet";

    public bool LooksLikeAddress(string word)
    {
        int slash = word.IndexOf('/', StringComparison.Ordinal);
        var text = slash < 0 ? word : word[..slash];
        return text.Contains('.', StringComparison.Ordinal) && IPAddress.TryParse(text, out var a) && a.AddressFamily == AddressFamily.InterNetwork;
    }

    public int Apply(CommandContext context, NetInterface ifp, string[] words, ref int index)
    {
        if (index >= words.Length)
            return context.Fail(Program, "'inet' requires argument");
        string word = words[index++];
        int slash = word.IndexOf('/', StringComparison.Ordinal);
        // in_getaddr: inet_aton, then the prefix length after a slash.
        if (!IPAddress.TryParse(slash < 0 ? word : word[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork)
            return context.Fail(Program, $"{word}: bad value");
        int? prefix = null;
        if (slash >= 0)
        {
            if (!int.TryParse(word.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p > 32)
                return context.Fail(Program, $"{word[(slash + 1)..]}: bad value");
            prefix = p;
        }

        // The keywords that qualify this address; any other word is the main loop's again.
        bool alias = false, delete = false;
        while (index < words.Length)
        {
            switch (words[index])
            {
                case "alias" or "add":
                    alias = true;
                    break;
                case "-alias" or "delete":
                    delete = true;
                    break;
                case "netmask":
                    if (++index >= words.Length)
                        return context.Fail(Program, "'netmask' requires argument");
                    if (ParseMask(words[index]) is not { } length)
                        return context.Fail(Program, $"{words[index]}: bad value");
                    prefix = length;
                    break;
                case "broadcast":
                    // The kernel derives the broadcast address from the mask; the word is taken and checked only.
                    if (++index >= words.Length)
                        return context.Fail(Program, "'broadcast' requires argument");
                    break;
                default:
                    return Commit(context, ifp, address, prefix, alias, delete);
            }
            index++;
        }
        return Commit(context, ifp, address, prefix, alias, delete);
    }

    private static int Commit(CommandContext context, NetInterface ifp, IPAddress address, int? prefix, bool alias, bool delete)
    {
        var ip4 = ifp.Vnet.Inet.Ipv4;
        try
        {
            if (delete)
                ip4.RemoveAddress(ifp, address);
            else
                ip4.AddAddress(ifp, address, prefix ?? ClassfulPrefix(address), alias);
            return 0;
        }
        catch (ErrnoException ex)
        {
            return context.Fail(Program, $"ioctl ({(delete ? "SIOCDIFADDR" : "SIOCAIFADDR")}): {ErrnoText.Of(ex.Errno)}");
        }
    }

    // With no mask given, the kernel's in_aifaddr falls back to the address's class.
    private static int ClassfulPrefix(IPAddress address)
    {
        byte first = address.GetAddressBytes()[0];
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    // in_getaddr for a netmask: 0x hex or dotted; only contiguous masks make a prefix length.
    private static int? ParseMask(string text)
    {
        uint mask;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out mask))
                return null;
        }
        else if (IPAddress.TryParse(text, out var dotted) && dotted.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = dotted.GetAddressBytes();
            mask = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        }
        else
        {
            return null;
        }
        int length = System.Numerics.BitOperations.LeadingZeroCount(~mask);
        return length == 32 || mask << length == 0 ? length : null;
    }
}

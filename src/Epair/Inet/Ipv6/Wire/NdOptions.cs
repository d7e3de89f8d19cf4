using Epair.Interfaces;

namespace Epair.Inet.Ipv6.Wire;

/// <summary>Neighbor discovery options (RFC 4861, section 4.6), as <c>nd6_options</c> walks them.</summary>
internal static class NdOptions
{
    public const byte SourceLinkAddress = 1;
    public const byte TargetLinkAddress = 2;
    public const byte Nonce = 14;

    /// <summary>A link-layer address option for Ethernet: type, length 1 (8 bytes), the address.</summary>
    public const int LinkAddressLength = 8;

    /// <summary>
    /// Walks the options; false when one is malformed (zero length or running past the end),
    /// which makes the whole message invalid. <paramref name="linkAddress"/> is the first option
    /// of type <paramref name="wanted"/>, if any.
    /// </summary>
    public static bool TryFindLinkAddress(ReadOnlySpan<byte> options, byte wanted, out MacAddress? linkAddress)
    {
        linkAddress = null;
        while (options.Length > 0)
        {
            if (options.Length < 2)
                return false;
            int length = options[1] * 8;
            if (length == 0 || length > options.Length)
                return false;
            if (options[0] == wanted && linkAddress is null && length >= LinkAddressLength)
                linkAddress = new MacAddress(options[2..8]);
            options = options[length..];
        }
        return true;
    }

    public static void WriteLinkAddress(Span<byte> option, byte type, MacAddress address)
    {
        option[0] = type;
        option[1] = 1;
        address.CopyTo(option[2..]);
    }
}

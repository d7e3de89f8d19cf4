using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

/// <summary>
/// IPv6 address arithmetic on <see cref="UInt128"/> (network order, first byte most significant):
/// the <c>IN6_IS_ADDR_*</c> tests, masks, solicited-node groups and the modified EUI-64.
/// The stack keeps addresses as numbers so the data path compares and hashes without allocating.
/// </summary>
internal static class In6
{
    public static readonly UInt128 AllNodes = new(0xff02_0000_0000_0000UL, 1);
    public static readonly UInt128 AllRouters = new(0xff02_0000_0000_0000UL, 2);
    public static readonly UInt128 LinkLocalPrefix = new(0xfe80_0000_0000_0000UL, 0);

    public static UInt128 Read(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt128BigEndian(bytes);

    public static bool IsUnspecified(UInt128 a) => a == UInt128.Zero;

    public static bool IsLoopback(UInt128 a) => a == UInt128.One;

    public static bool IsMulticast(UInt128 a) => (byte)(a >> 120) == 0xFF;

    public static bool IsLinkLocal(UInt128 a) => ((ushort)(a >> 112) & 0xFFC0) == 0xFE80;

    /// <summary>IPv4-mapped (<c>::ffff:0:0/96</c>), never valid on the wire (RFC 4291, section 2.5.5.2).</summary>
    public static bool IsV4Mapped(UInt128 a) => (a >> 32) == 0xFFFF;

    /// <summary>The scope nibble of a multicast address.</summary>
    public static int MulticastScope(UInt128 a) => (int)(a >> 112) & 0xF;

    /// <summary>Link-local unicast and interface/link-local multicast carry a zone: the interface.</summary>
    public static bool NeedsScope(UInt128 a) => IsLinkLocal(a) || (IsMulticast(a) && MulticastScope(a) <= 2);

    /// <summary>The solicited-node group <c>ff02::1:ffXX:XXXX</c> of <paramref name="a"/> (RFC 4291, section 2.7.1).</summary>
    public static UInt128 SolicitedNode(UInt128 a) =>
        new(0xff02_0000_0000_0000UL, 0x0000_0001_ff00_0000UL | ((ulong)a & 0xFF_FFFF));

    /// <summary>The Ethernet group of an IPv6 multicast address: <c>33:33</c> and its low 32 bits (RFC 2464, section 7).</summary>
    public static MacAddress MulticastMac(UInt128 group) => MacAddress.FromUInt64(0x3333_0000_0000UL | (uint)(ulong)group);

    public static UInt128 Mask(int prefixLength) =>
        prefixLength <= 0 ? UInt128.Zero : prefixLength >= 128 ? UInt128.MaxValue : UInt128.MaxValue << (128 - prefixLength);

    public static bool PrefixMatches(UInt128 a, UInt128 prefix, int prefixLength) => ((a ^ prefix) & Mask(prefixLength)) == 0;

    /// <summary>How many leading bits two addresses share, for source address selection (RFC 6724 rule 8).</summary>
    public static int CommonPrefixLength(UInt128 a, UInt128 b) => (int)UInt128.LeadingZeroCount(a ^ b);

    /// <summary>The link-local address with a modified EUI-64 interface id (RFC 4291, appendix A).</summary>
    public static UInt128 LinkLocalFromMac(MacAddress mac)
    {
        ulong id = ((ulong)(mac[0] ^ 0x02) << 56) | ((ulong)mac[1] << 48) | ((ulong)mac[2] << 40) |
                   (0xFFFEUL << 24) | ((ulong)mac[3] << 16) | ((ulong)mac[4] << 8) | mac[5];
        return new UInt128(0xfe80_0000_0000_0000UL, id);
    }

    /// <summary>The number of an IPv6 <see cref="IPAddress"/>; EAFNOSUPPORT for other families.</summary>
    public static UInt128 FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            throw new ErrnoException(Errno.EAFNOSUPPORT, address.ToString());
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return Read(bytes);
    }

    /// <summary>An <see cref="IPAddress"/> with the scope id set for scoped addresses.</summary>
    public static IPAddress ToIPAddress(UInt128 a, long scopeId = 0)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, a);
        return new IPAddress(bytes, NeedsScope(a) ? scopeId : 0);
    }
}

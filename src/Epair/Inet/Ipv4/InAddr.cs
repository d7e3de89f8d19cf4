using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Epair.Inet.Ipv4;

/// <summary>
/// IPv4 addresses as host-order <see cref="uint"/> (what the data path compares and masks),
/// and the conversions to and from <see cref="IPAddress"/> at the API's edge.
/// </summary>
internal static class InAddr
{
    public const uint Any = 0;
    public const uint Broadcast = 0xFFFF_FFFF;
    public const uint Loopback = 0x7F00_0001;

    public static uint FromIPAddress(IPAddress address, string operation)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new ErrnoException(Errno.EAFNOSUPPORT, operation);
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress ToIPAddress(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }

    /// <summary>The netmask of a prefix length (0 to 32).</summary>
    public static uint Mask(int prefixLength) => prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);

    public static bool IsMulticast(uint a) => (a & 0xF000_0000) == 0xE000_0000;

    public static bool IsLoopback(uint a) => (a >> 24) == 127;

    /// <summary><c>IN_LINKLOCAL</c>: 169.254/16.</summary>
    public static bool IsLinkLocal(uint a) => (a & 0xFFFF_0000) == 0xA9FE_0000;

    /// <summary><c>IN_EXPERIMENTAL</c>/<c>IN_BADCLASS</c>: 240/4 but not the limited broadcast.</summary>
    public static bool IsExperimental(uint a) => (a & 0xF000_0000) == 0xF000_0000 && a != Broadcast;

    /// <summary>Zeronet (0/8): a source only while booting, never a destination.</summary>
    public static bool IsZeroNet(uint a) => (a >> 24) == 0;

    public static string Format(uint a) => ToIPAddress(a).ToString();
}

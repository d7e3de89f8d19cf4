using System.Buffers.Binary;

namespace Epair.Inet.Ipv6.Wire;

/// <summary>The upper-layer checksum over the IPv6 pseudo-header (RFC 8200, section 8.1), used by ICMPv6 and UDP.</summary>
internal static class PseudoHeader
{
    public static ushort Checksum(UInt128 source, UInt128 destination, byte nextHeader, ReadOnlySpan<byte> upperLayer)
    {
        Span<byte> pseudo = stackalloc byte[40];
        BinaryPrimitives.WriteUInt128BigEndian(pseudo, source);
        BinaryPrimitives.WriteUInt128BigEndian(pseudo[16..], destination);
        BinaryPrimitives.WriteUInt32BigEndian(pseudo[32..], (uint)upperLayer.Length);
        BinaryPrimitives.WriteUInt32BigEndian(pseudo[36..], nextHeader);
        return Inet.Checksum.Finish(Inet.Checksum.Add(Inet.Checksum.Add(0, pseudo), upperLayer));
    }
}

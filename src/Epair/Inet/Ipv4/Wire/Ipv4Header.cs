using System.Buffers.Binary;

namespace Epair.Inet.Ipv4.Wire;

/// <summary>
/// The parsed form of an IPv4 header without options (smoltcp's <c>Ipv4Repr</c>): what output
/// code fills in and <see cref="Emit"/> writes, checksum included.
/// </summary>
internal record struct Ipv4Header(
    uint Source,
    uint Destination,
    byte Protocol,
    byte Ttl,
    int TotalLength,
    ushort Identification = 0,
    ushort FlagsAndOffset = 0,
    byte Tos = 0)
{
    /// <summary>Reads the fields of a checked view.</summary>
    public static Ipv4Header Parse(Ipv4Packet packet) => new(packet.Source, packet.Destination, packet.Protocol,
        packet.Ttl, packet.TotalLength, packet.Identification, packet.FlagsAndOffset, packet.Tos);

    /// <summary>Writes a 20-byte header into <paramref name="bytes"/> with its checksum.</summary>
    public readonly void Emit(Span<byte> bytes)
    {
        bytes[0] = 0x45;
        bytes[1] = Tos;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], (ushort)TotalLength);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[4..], Identification);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[6..], FlagsAndOffset);
        bytes[8] = Ttl;
        bytes[9] = Protocol;
        bytes[10] = 0;
        bytes[11] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(bytes[12..], Source);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[16..], Destination);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[10..], Checksum.Compute(bytes[..Ipv4Packet.MinHeaderLength]));
    }
}

using System.Buffers.Binary;

namespace Epair.Inet.Ipv4.Wire;

/// <summary>A checked view over a UDP header (RFC 768).</summary>
internal readonly ref struct UdpPacket
{
    public const int HeaderLength = 8;

    private readonly Span<byte> _bytes;

    private UdpPacket(Span<byte> bytes) => _bytes = bytes;

    public static bool TryCreate(Span<byte> bytes, out UdpPacket packet)
    {
        packet = new UdpPacket(bytes);
        return bytes.Length >= HeaderLength;
    }

    public static UdpPacket CreateUnchecked(Span<byte> bytes) => new(bytes);

    public Span<byte> Bytes => _bytes;
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_bytes);
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_bytes[2..]);
    public int Length => BinaryPrimitives.ReadUInt16BigEndian(_bytes[4..]);
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_bytes[6..]);

    /// <summary>Writes the header; the checksum is filled by <see cref="FillChecksum"/>.</summary>
    public void WriteHeader(ushort sourcePort, ushort destinationPort, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_bytes, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(_bytes[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(_bytes[4..], (ushort)length);
        _bytes[6] = 0;
        _bytes[7] = 0;
    }

    /// <summary>The one's-complement sum over the pseudo-header and <paramref name="datagram"/>; 0 when right.</summary>
    public static ushort ComputeChecksum(uint source, uint destination, ReadOnlySpan<byte> datagram)
    {
        uint sum = (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) +
            IpProtocol.Udp + (uint)datagram.Length;
        return Inet.Checksum.Finish(Inet.Checksum.Add(sum, datagram));
    }

    /// <summary>Computes the checksum over the pseudo-header; 0 is sent as 0xFFFF (RFC 768).</summary>
    public void FillChecksum(uint source, uint destination)
    {
        ushort sum = ComputeChecksum(source, destination, _bytes[..Length]);
        BinaryPrimitives.WriteUInt16BigEndian(_bytes[6..], sum == 0 ? (ushort)0xFFFF : sum);
    }
}

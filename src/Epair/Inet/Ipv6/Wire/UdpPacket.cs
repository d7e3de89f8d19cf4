using System.Buffers.Binary;

namespace Epair.Inet.Ipv6.Wire;

/// <summary>A view over a UDP datagram (RFC 768) carried by IPv6, where the checksum is mandatory.</summary>
internal readonly ref struct UdpPacket
{
    public const int HeaderLength = 8;

    private readonly Span<byte> _buffer;

    private UdpPacket(Span<byte> buffer) => _buffer = buffer;

    /// <summary>Checks the header is whole and its length field fits the buffer (and covers the header).</summary>
    public static bool TryCreate(Span<byte> buffer, out UdpPacket packet)
    {
        packet = default;
        if (buffer.Length < HeaderLength)
            return false;
        int length = BinaryPrimitives.ReadUInt16BigEndian(buffer[4..]);
        if (length < HeaderLength || length > buffer.Length)
            return false;
        packet = new UdpPacket(buffer[..length]);
        return true;
    }

    public static UdpPacket CreateUnchecked(Span<byte> buffer) => new(buffer);

    public Span<byte> Bytes => _buffer;

    public ushort SourcePort
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer, value);
    }

    public ushort DestinationPort
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[2..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], value);
    }

    public ushort Length
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[4..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[4..], value);
    }

    public ushort Checksum
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[6..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[6..], value);
    }

    public Span<byte> Payload => _buffer[HeaderLength..];

    /// <summary>Fills in the checksum; a computed 0 is sent as 0xffff (RFC 8200, section 8.1).</summary>
    public void FillChecksum(UInt128 source, UInt128 destination)
    {
        Checksum = 0;
        ushort sum = PseudoHeader.Checksum(source, destination, IpProtocol.Udp, _buffer);
        Checksum = sum == 0 ? (ushort)0xFFFF : sum;
    }
}

using System.Buffers.Binary;

namespace Epair.Inet.Ipv6.Wire;

/// <summary>
/// A view over an ICMPv6 message (RFC 4443): the common header and the fields of the echo,
/// error and neighbor discovery messages, chosen by the caller from <see cref="Type"/>.
/// </summary>
internal readonly ref struct Icmpv6Packet
{
    /// <summary>Type, code, checksum and the 4-byte message-specific word.</summary>
    public const int HeaderLength = 8;

    /// <summary>Neighbor solicitation and advertisement: header and target address.</summary>
    public const int NeighborMessageLength = 24;

    private readonly Span<byte> _buffer;

    private Icmpv6Packet(Span<byte> buffer) => _buffer = buffer;

    public static bool TryCreate(Span<byte> buffer, out Icmpv6Packet packet)
    {
        packet = buffer.Length >= HeaderLength ? new Icmpv6Packet(buffer) : default;
        return buffer.Length >= HeaderLength;
    }

    public static Icmpv6Packet CreateUnchecked(Span<byte> buffer) => new(buffer);

    public Span<byte> Bytes => _buffer;

    public byte Type { get => _buffer[0]; set => _buffer[0] = value; }

    public byte Code { get => _buffer[1]; set => _buffer[1] = value; }

    public ushort Checksum
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[2..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], value);
    }

    /// <summary>Echo identifier.</summary>
    public ushort Identifier
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[4..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[4..], value);
    }

    /// <summary>Echo sequence number.</summary>
    public ushort Sequence
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[6..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[6..], value);
    }

    /// <summary>The message-specific word: MTU of packet too big, pointer of parameter problem, flags of NA.</summary>
    public uint Word
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_buffer[4..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_buffer[4..], value);
    }

    /// <summary>Everything after the 8-byte header: echo data, or the invoking packet of an error.</summary>
    public Span<byte> Body => _buffer[HeaderLength..];

    /// <summary>The target address of a neighbor solicitation or advertisement (needs 24 bytes).</summary>
    public UInt128 Target
    {
        get => BinaryPrimitives.ReadUInt128BigEndian(_buffer[8..]);
        set => BinaryPrimitives.WriteUInt128BigEndian(_buffer[8..], value);
    }

    /// <summary>The options after a neighbor message's target.</summary>
    public Span<byte> NeighborOptions => _buffer[NeighborMessageLength..];

    /// <summary>The checksum over the pseudo-header (RFC 8200, section 8.1) and the message; 0 when right.</summary>
    public static ushort ComputeChecksum(UInt128 source, UInt128 destination, ReadOnlySpan<byte> message) =>
        PseudoHeader.Checksum(source, destination, IpProtocol.Icmpv6, message);

    /// <summary>Fills in the checksum field of a finished message.</summary>
    public void FillChecksum(UInt128 source, UInt128 destination)
    {
        Checksum = 0;
        Checksum = ComputeChecksum(source, destination, _buffer);
    }
}

using System.Buffers.Binary;

namespace Epair.Inet.Ipv6.Wire;

/// <summary>
/// A view over an IPv6 header and its payload (RFC 8200, section 3), smoltcp's <c>Ipv6Packet</c>:
/// no copying, and after <see cref="TryCreate"/> every accessor stays inside the buffer.
/// </summary>
internal readonly ref struct Ipv6Packet
{
    /// <summary><c>sizeof(struct ip6_hdr)</c>.</summary>
    public const int HeaderLength = 40;

    private readonly Span<byte> _buffer;

    private Ipv6Packet(Span<byte> buffer) => _buffer = buffer;

    /// <summary>
    /// Checks that <paramref name="buffer"/> holds a whole header and the payload its length field
    /// claims; bytes past the payload (link padding) are left out of the view.
    /// </summary>
    public static bool TryCreate(Span<byte> buffer, out Ipv6Packet packet)
    {
        packet = default;
        if (buffer.Length < HeaderLength)
            return false;
        int total = HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(buffer[4..]);
        if (total > buffer.Length)
            return false;
        packet = new Ipv6Packet(buffer[..total]);
        return true;
    }

    /// <summary>A view without the length checks, for a buffer the caller is about to fill.</summary>
    public static Ipv6Packet CreateUnchecked(Span<byte> buffer) => new(buffer);

    /// <summary>Header and payload.</summary>
    public Span<byte> Bytes => _buffer;

    public int Version => _buffer[0] >> 4;

    public byte TrafficClass => (byte)((BinaryPrimitives.ReadUInt16BigEndian(_buffer) >> 4) & 0xFF);

    public uint FlowLabel => BinaryPrimitives.ReadUInt32BigEndian(_buffer) & 0xFFFFF;

    public ushort PayloadLength
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer[4..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer[4..], value);
    }

    public byte NextHeader
    {
        get => _buffer[6];
        set => _buffer[6] = value;
    }

    public byte HopLimit
    {
        get => _buffer[7];
        set => _buffer[7] = value;
    }

    public UInt128 Source
    {
        get => BinaryPrimitives.ReadUInt128BigEndian(_buffer[8..]);
        set => BinaryPrimitives.WriteUInt128BigEndian(_buffer[8..], value);
    }

    public UInt128 Destination
    {
        get => BinaryPrimitives.ReadUInt128BigEndian(_buffer[24..]);
        set => BinaryPrimitives.WriteUInt128BigEndian(_buffer[24..], value);
    }

    /// <summary>The payload, exactly <see cref="PayloadLength"/> bytes once checked.</summary>
    public Span<byte> Payload => _buffer[HeaderLength..];
}

/// <summary>The fields of an IPv6 header this stack reads and writes (smoltcp's <c>Ipv6Repr</c>).</summary>
internal readonly record struct Ipv6Repr(UInt128 Source, UInt128 Destination, byte NextHeader, int PayloadLength, byte HopLimit)
{
    public static Ipv6Repr Parse(Ipv6Packet packet) =>
        new(packet.Source, packet.Destination, packet.NextHeader, packet.PayloadLength, packet.HopLimit);

    /// <summary>Writes a header with version 6, traffic class and flow label 0.</summary>
    public void Emit(Span<byte> header)
    {
        BinaryPrimitives.WriteUInt32BigEndian(header, 6u << 28);
        var packet = Ipv6Packet.CreateUnchecked(header);
        packet.PayloadLength = (ushort)PayloadLength;
        packet.NextHeader = NextHeader;
        packet.HopLimit = HopLimit;
        packet.Source = Source;
        packet.Destination = Destination;
    }
}

using System.Buffers.Binary;

namespace Epair.Inet.Ipv4.Wire;

/// <summary>A checked view over an ICMP message (RFC 792): at least the 8-byte header (<c>ICMP_MINLEN</c>).</summary>
internal readonly ref struct IcmpPacket
{
    /// <summary><c>ICMP_MINLEN</c>.</summary>
    public const int HeaderLength = 8;

    private readonly Span<byte> _bytes;

    private IcmpPacket(Span<byte> bytes) => _bytes = bytes;

    public static bool TryCreate(Span<byte> bytes, out IcmpPacket packet)
    {
        packet = new IcmpPacket(bytes);
        return bytes.Length >= HeaderLength;
    }

    public static IcmpPacket CreateUnchecked(Span<byte> bytes) => new(bytes);

    public Span<byte> Bytes => _bytes;
    public byte Type => _bytes[0];
    public byte Code => _bytes[1];
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_bytes[2..]);
    /// <summary>Echo identifier (<c>icmp_id</c>).</summary>
    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(_bytes[4..]);
    /// <summary>Echo sequence number (<c>icmp_seq</c>).</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_bytes[6..]);
    /// <summary>The next-hop MTU of a "fragmentation needed" message (<c>icmp_nextmtu</c>).</summary>
    public ushort NextHopMtu => BinaryPrimitives.ReadUInt16BigEndian(_bytes[6..]);
    public Span<byte> Data => _bytes[HeaderLength..];

    public bool VerifyChecksum() => Inet.Checksum.Compute(_bytes) == 0;

    public void SetType(byte type) => _bytes[0] = type;

    public void FillChecksum()
    {
        _bytes[2] = 0;
        _bytes[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(_bytes[2..], Inet.Checksum.Compute(_bytes));
    }
}

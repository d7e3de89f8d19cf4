using System.Buffers.Binary;

namespace Epair.Inet.Ipv4.Wire;

/// <summary>
/// A checked view over an IPv4 header (RFC 791) in place: <see cref="TryCreate"/> makes sure
/// the fixed header is there, so the accessors never read past the span.
/// </summary>
internal readonly ref struct Ipv4Packet
{
    /// <summary>The fixed header, without options.</summary>
    public const int MinHeaderLength = 20;
    /// <summary><c>IP_DF</c> in the flags-and-offset word.</summary>
    public const ushort DontFragment = 0x4000;
    /// <summary><c>IP_MF</c>.</summary>
    public const ushort MoreFragments = 0x2000;
    /// <summary><c>IP_OFFMASK</c>: the fragment offset in 8-byte units.</summary>
    public const ushort OffsetMask = 0x1FFF;

    private readonly Span<byte> _bytes;

    private Ipv4Packet(Span<byte> bytes) => _bytes = bytes;

    /// <summary>A view when at least the fixed header fits; no other check.</summary>
    public static bool TryCreate(Span<byte> bytes, out Ipv4Packet packet)
    {
        packet = new Ipv4Packet(bytes);
        return bytes.Length >= MinHeaderLength;
    }

    /// <summary>A view over a buffer the caller sized; for writing headers.</summary>
    public static Ipv4Packet CreateUnchecked(Span<byte> bytes) => new(bytes);

    public Span<byte> Bytes => _bytes;
    public int Version => _bytes[0] >> 4;
    public int HeaderLength => (_bytes[0] & 0x0F) * 4;
    public byte Tos => _bytes[1];
    public int TotalLength => BinaryPrimitives.ReadUInt16BigEndian(_bytes[2..]);
    public ushort Identification => BinaryPrimitives.ReadUInt16BigEndian(_bytes[4..]);
    public ushort FlagsAndOffset => BinaryPrimitives.ReadUInt16BigEndian(_bytes[6..]);
    public bool DontFragmentSet => (FlagsAndOffset & DontFragment) != 0;
    public bool MoreFragmentsSet => (FlagsAndOffset & MoreFragments) != 0;
    /// <summary>The fragment offset in bytes.</summary>
    public int FragmentOffset => (FlagsAndOffset & OffsetMask) * 8;
    public bool IsFragment => (FlagsAndOffset & (MoreFragments | OffsetMask)) != 0;
    public byte Ttl => _bytes[8];
    public byte Protocol => _bytes[9];
    public ushort HeaderChecksum => BinaryPrimitives.ReadUInt16BigEndian(_bytes[10..]);
    public uint Source => BinaryPrimitives.ReadUInt32BigEndian(_bytes[12..]);
    public uint Destination => BinaryPrimitives.ReadUInt32BigEndian(_bytes[16..]);

    /// <summary>True when the header (options included) sums to zero, as a right checksum does.</summary>
    public bool VerifyChecksum() => Checksum.Compute(_bytes[..HeaderLength]) == 0;

    /// <summary>The payload after the header, up to <see cref="TotalLength"/>; the caller checked both fit.</summary>
    public Span<byte> Payload => _bytes[HeaderLength..TotalLength];

    public void SetTtl(byte ttl) => _bytes[8] = ttl;
    public void SetTotalLength(int length) => BinaryPrimitives.WriteUInt16BigEndian(_bytes[2..], (ushort)length);
    public void SetFlagsAndOffset(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(_bytes[6..], value);
    public void SetSource(uint address) => BinaryPrimitives.WriteUInt32BigEndian(_bytes[12..], address);
    public void SetDestination(uint address) => BinaryPrimitives.WriteUInt32BigEndian(_bytes[16..], address);

    /// <summary>Recomputes the header checksum over <see cref="HeaderLength"/> bytes.</summary>
    public void FillChecksum()
    {
        _bytes[10] = 0;
        _bytes[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(_bytes[10..], Checksum.Compute(_bytes[..HeaderLength]));
    }
}

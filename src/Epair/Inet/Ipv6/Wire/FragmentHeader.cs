using System.Buffers.Binary;

namespace Epair.Inet.Ipv6.Wire;

/// <summary>A view over the fragment header (RFC 8200, section 4.5).</summary>
internal readonly ref struct FragmentHeader
{
    public const int Length = 8;

    private readonly Span<byte> _buffer;

    private FragmentHeader(Span<byte> buffer) => _buffer = buffer;

    public static bool TryCreate(Span<byte> buffer, out FragmentHeader header)
    {
        header = buffer.Length >= Length ? new FragmentHeader(buffer) : default;
        return buffer.Length >= Length;
    }

    public static FragmentHeader CreateUnchecked(Span<byte> buffer) => new(buffer);

    public byte NextHeader { get => _buffer[0]; set => _buffer[0] = value; }

    /// <summary>Offset of this fragment's data in the original payload, in bytes (a multiple of 8).</summary>
    public int Offset => BinaryPrimitives.ReadUInt16BigEndian(_buffer[2..]) & 0xFFF8;

    /// <summary>The M flag: more fragments follow.</summary>
    public bool MoreFragments => (_buffer[3] & 1) != 0;

    public uint Identification
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_buffer[4..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(_buffer[4..], value);
    }

    public void Emit(byte nextHeader, int offset, bool more, uint identification)
    {
        _buffer[0] = nextHeader;
        _buffer[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(offset | (more ? 1 : 0)));
        Identification = identification;
    }
}

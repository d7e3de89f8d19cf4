using System.Buffers.Binary;

namespace Epair.Inet;

/// <summary>The Internet checksum (RFC 1071): one's-complement sum of 16-bit words.</summary>
internal static class Checksum
{
    /// <summary>Adds <paramref name="data"/> to a running 32-bit sum (not yet folded).</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length)
            sum += (uint)data[i] << 8;
        return sum;
    }

    /// <summary>Folds a running sum to 16 bits and complements it.</summary>
    public static ushort Finish(uint sum)
    {
        while ((sum >> 16) != 0)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>The checksum of <paramref name="data"/>; 0 when <paramref name="data"/> already holds a right checksum.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));
}

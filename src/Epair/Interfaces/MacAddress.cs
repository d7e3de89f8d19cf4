using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Epair.Interfaces;

/// <summary>A 48-bit Ethernet address, printed as FreeBSD prints it (<c>02:5e:1f:aa:3c:0a</c>).</summary>
public readonly struct MacAddress : IEquatable<MacAddress>, ISpanFormattable
{
    private readonly ulong _value;

    private MacAddress(ulong value) => _value = value & 0xFFFF_FFFF_FFFFUL;

    /// <summary>The broadcast address <c>ff:ff:ff:ff:ff:ff</c>.</summary>
    public static MacAddress Broadcast { get; } = new(0xFFFF_FFFF_FFFFUL);

    /// <summary>The all-zero address.</summary>
    public static MacAddress Zero => default;

    /// <summary>Reads an address from its six network-order bytes.</summary>
    public MacAddress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 6)
            throw new ArgumentException("An Ethernet address is six bytes.", nameof(bytes));
        _value = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes[2..]);
    }

    /// <summary>Makes an address from the low 48 bits of <paramref name="value"/>, first octet most significant.</summary>
    public static MacAddress FromUInt64(ulong value) => new(value);

    /// <summary>The address as a 48-bit number, first octet most significant.</summary>
    public ulong ToUInt64() => _value;

    /// <summary>Octet <paramref name="index"/> (0–5).</summary>
    public byte this[int index] => (uint)index < 6
        ? (byte)(_value >> ((5 - index) * 8))
        : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>True for group (multicast or broadcast) addresses: the I/G bit of the first octet.</summary>
    public bool IsMulticast => (this[0] & 0x01) != 0;

    /// <summary>True for <c>ff:ff:ff:ff:ff:ff</c>.</summary>
    public bool IsBroadcast => _value == 0xFFFF_FFFF_FFFFUL;

    /// <summary>True for locally administered addresses: the U/L bit of the first octet.</summary>
    public bool IsLocallyAdministered => (this[0] & 0x02) != 0;

    /// <summary>Writes the six octets to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(_value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)_value);
    }

    /// <summary>Parses <c>x:x:x:x:x:x</c> with one or two hex digits per octet, as <c>ether_aton(3)</c> does.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out MacAddress address)
    {
        address = default;
        if (text is null)
            return false;
        var parts = text.Split(':');
        if (parts.Length != 6)
            return false;
        ulong value = 0;
        foreach (var part in parts)
        {
            if (part.Length is < 1 or > 2 || !byte.TryParse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var octet))
                return false;
            value = (value << 8) | octet;
        }
        address = new MacAddress(value);
        return true;
    }

    /// <summary>Parses an address or throws <see cref="FormatException"/>.</summary>
    public static MacAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"Not an Ethernet address: '{text}'.");

    /// <inheritdoc />
    public bool Equals(MacAddress other) => _value == other._value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MacAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value.GetHashCode();

    /// <summary>Equality.</summary>
    public static bool operator ==(MacAddress left, MacAddress right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(MacAddress left, MacAddress right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => string.Create(17, this, static (span, mac) => mac.TryFormat(span, out _, default, null));

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        if (destination.Length < 17)
            return false;
        for (int i = 0; i < 6; i++)
        {
            if (i > 0)
                destination[charsWritten++] = ':';
            byte b = this[i];
            destination[charsWritten++] = "0123456789abcdef"[b >> 4];
            destination[charsWritten++] = "0123456789abcdef"[b & 0xF];
        }
        return true;
    }
}

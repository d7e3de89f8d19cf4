using System.Buffers.Binary;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4.Wire;

/// <summary>
/// A checked view over an ARP packet (RFC 826) for Ethernet and IPv4: <see cref="TryCreate"/>
/// checks the length the header's own address lengths imply, as <c>arpintr</c> does.
/// </summary>
internal readonly ref struct ArpPacket
{
    /// <summary>The fixed part (<c>struct arphdr</c>).</summary>
    public const int FixedLength = 8;
    /// <summary>The whole packet for Ethernet and IPv4.</summary>
    public const int EthernetIpv4Length = 28;
    public const ushort HardwareEthernet = 1;
    public const ushort HardwareIeee802 = 6;
    public const ushort OpRequest = 1;
    public const ushort OpReply = 2;

    private readonly Span<byte> _bytes;

    private ArpPacket(Span<byte> bytes) => _bytes = bytes;

    /// <summary>A view when the fixed header and the addresses it announces all fit.</summary>
    public static bool TryCreate(Span<byte> bytes, out ArpPacket packet)
    {
        packet = new ArpPacket(bytes);
        return bytes.Length >= FixedLength && bytes.Length >= FixedLength + 2 * (bytes[4] + bytes[5]);
    }

    /// <summary>A view over a buffer of <see cref="EthernetIpv4Length"/> bytes, for writing.</summary>
    public static ArpPacket CreateUnchecked(Span<byte> bytes) => new(bytes);

    public ushort HardwareType => BinaryPrimitives.ReadUInt16BigEndian(_bytes);
    public ushort ProtocolType => BinaryPrimitives.ReadUInt16BigEndian(_bytes[2..]);
    public byte HardwareLength => _bytes[4];
    public byte ProtocolLength => _bytes[5];
    public ushort Operation => BinaryPrimitives.ReadUInt16BigEndian(_bytes[6..]);
    // The address accessors assume Ethernet and IPv4 lengths; callers check them first.
    public MacAddress SenderHardware => new(_bytes[8..]);
    public uint SenderProtocol => BinaryPrimitives.ReadUInt32BigEndian(_bytes[14..]);
    public MacAddress TargetHardware => new(_bytes[18..]);
    public uint TargetProtocol => BinaryPrimitives.ReadUInt32BigEndian(_bytes[24..]);

    /// <summary>True for Ethernet hardware addresses and IPv4 protocol addresses.</summary>
    public bool IsEthernetIpv4 =>
        (HardwareType == HardwareEthernet || HardwareType == HardwareIeee802) && HardwareLength == 6 &&
        ProtocolType == Ethernet.EtherInput.EtherTypeIpv4 && ProtocolLength == 4;
}

using System.Buffers.Binary;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4.Wire;

/// <summary>An Ethernet/IPv4 ARP packet's fields, parsed or to be emitted.</summary>
internal record struct ArpRepr(ushort Operation, MacAddress SenderHardware, uint SenderProtocol,
    MacAddress TargetHardware, uint TargetProtocol)
{
    public static ArpRepr Parse(ArpPacket packet) => new(packet.Operation, packet.SenderHardware,
        packet.SenderProtocol, packet.TargetHardware, packet.TargetProtocol);

    /// <summary>Writes <see cref="ArpPacket.EthernetIpv4Length"/> bytes.</summary>
    public readonly void Emit(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt16BigEndian(bytes, ArpPacket.HardwareEthernet);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], Ethernet.EtherInput.EtherTypeIpv4);
        bytes[4] = 6;
        bytes[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[6..], Operation);
        SenderHardware.CopyTo(bytes[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[14..], SenderProtocol);
        TargetHardware.CopyTo(bytes[18..]);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[24..], TargetProtocol);
    }
}

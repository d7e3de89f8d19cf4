using System.Buffers.Binary;
using Epair.Inet.Ipv6.Wire;

namespace Epair.Tests.Inet.Ipv6;

/// <summary>Hand-made IPv6 packets pushed straight onto the wire from the a end, bypassing vnet one's stack.</summary>
internal static class RawFrames
{
    public static readonly UInt128 AddressA = UInt128.Parse("42540766411282592856903984951653826561"); // 2001:db8::1
    public static readonly UInt128 AddressB = AddressA + 1; // 2001:db8::2

    /// <summary>Sends <paramref name="packet"/> (an IPv6 packet) from a to b's MAC.</summary>
    public static Errno Inject(TwoVnets net, ReadOnlySpan<byte> packet, Epair.Interfaces.MacAddress? destination = null)
    {
        var frame = net.Kernel.Frames.Rent(14 + packet.Length);
        var data = frame.Data;
        (destination ?? net.B.MacAddress).CopyTo(data);
        net.A.MacAddress.CopyTo(data[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(data[12..], 0x86DD);
        packet.CopyTo(data[14..]);
        return net.A.Transmit(frame);
    }

    /// <summary>An IPv6 header plus <paramref name="payload"/>, payload length set from it.</summary>
    public static byte[] Ipv6(UInt128 source, UInt128 destination, byte nextHeader, ReadOnlySpan<byte> payload, byte hopLimit = 64)
    {
        var bytes = new byte[40 + payload.Length];
        new Ipv6Repr(source, destination, nextHeader, payload.Length, hopLimit).Emit(bytes);
        payload.CopyTo(bytes.AsSpan(40));
        return bytes;
    }

    /// <summary>An echo request with a right checksum.</summary>
    public static byte[] EchoRequest(UInt128 source, UInt128 destination, ushort id, ushort seq, int dataLength, byte hopLimit = 64)
    {
        var icmp = new byte[8 + dataLength];
        icmp[0] = 128;
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(6), seq);
        for (int i = 8; i < icmp.Length; i++)
            icmp[i] = (byte)i;
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(2), PseudoHeader.Checksum(source, destination, 58, icmp));
        return Ipv6(source, destination, 58, icmp, hopLimit);
    }

    /// <summary>Fragment <paramref name="offset"/>..+<paramref name="length"/> of <paramref name="whole"/>'s payload, as its own packet.</summary>
    public static byte[] Fragment(byte[] whole, int offset, int length, bool more, uint id)
    {
        var repr = Ipv6Repr.Parse(Ipv6Packet.CreateUnchecked(whole));
        var payload = new byte[8 + length];
        FragmentHeader.CreateUnchecked(payload).Emit(repr.NextHeader, offset, more, id);
        whole.AsSpan(40 + offset, length).CopyTo(payload.AsSpan(8));
        return Ipv6(repr.Source, repr.Destination, 44, payload, repr.HopLimit);
    }

    /// <summary>A neighbor solicitation or advertisement with a link-layer option, hop limit 255 unless told.</summary>
    public static byte[] Neighbor(byte type, UInt128 source, UInt128 destination, UInt128 target, uint flags,
        Epair.Interfaces.MacAddress? linkAddress, byte hopLimit = 255)
    {
        var icmp = new byte[24 + (linkAddress is null ? 0 : 8)];
        icmp[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(icmp.AsSpan(4), flags);
        BinaryPrimitives.WriteUInt128BigEndian(icmp.AsSpan(8), target);
        if (linkAddress is { } mac)
            NdOptions.WriteLinkAddress(icmp.AsSpan(24), type == 135 ? NdOptions.SourceLinkAddress : NdOptions.TargetLinkAddress, mac);
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(2), PseudoHeader.Checksum(source, destination, 58, icmp));
        return Ipv6(source, destination, 58, icmp, hopLimit);
    }
}

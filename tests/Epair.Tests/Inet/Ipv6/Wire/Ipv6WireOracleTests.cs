using System.Buffers.Binary;
using System.Net;
using CsCheck;
using Epair.Inet.Ipv6.Wire;
using PacketDotNet.Utils;

namespace Epair.Tests.Inet.Ipv6.Wire;

/// <summary>Our views against PacketDotNet, an independent implementation, on generated packets.</summary>
public sealed class Ipv6WireOracleTests
{
    // Documentation addresses only: 2001:db8::/32 with random low 96 bits.
    private static readonly Gen<UInt128> DocAddress =
        Gen.Select(Gen.UInt, Gen.ULong, (hi, lo) => new UInt128(0x2001_0db8_0000_0000UL | hi, lo));

    private static readonly Gen<(UInt128 Src, UInt128 Dst, byte Hlim, ushort SrcPort, ushort DstPort, byte[] Data)> Datagram =
        Gen.Select(DocAddress, DocAddress, Gen.Byte, Gen.UShort, Gen.UShort, Gen.Byte.Array[0, 600]);

    private static IPAddress Ip(UInt128 a)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, a);
        return new IPAddress(bytes);
    }

    private static byte[] OurUdp(UInt128 src, UInt128 dst, byte hlim, ushort sport, ushort dport, byte[] data)
    {
        var bytes = new byte[40 + 8 + data.Length];
        new Ipv6Repr(src, dst, IpProtocol.Udp, 8 + data.Length, hlim).Emit(bytes);
        var udp = UdpPacket.CreateUnchecked(bytes.AsSpan(40));
        udp.SourcePort = sport;
        udp.DestinationPort = dport;
        udp.Length = (ushort)(8 + data.Length);
        data.CopyTo(udp.Payload);
        udp.FillChecksum(src, dst);
        return bytes;
    }

    [Fact]
    public void PacketDotNet_reads_what_we_write()
    {
        Datagram.Sample(d =>
        {
            var bytes = OurUdp(d.Src, d.Dst, d.Hlim, d.SrcPort, d.DstPort, d.Data);
            var ip = new PacketDotNet.IPv6Packet(new ByteArraySegment(bytes));
            Assert.Equal(6, (int)ip.Version);
            Assert.Equal(Ip(d.Src), ip.SourceAddress);
            Assert.Equal(Ip(d.Dst), ip.DestinationAddress);
            Assert.Equal(d.Hlim, ip.HopLimit);
            Assert.Equal(8 + d.Data.Length, ip.PayloadLength);
            var udp = Assert.IsType<PacketDotNet.UdpPacket>(ip.PayloadPacket);
            Assert.Equal(d.SrcPort, udp.SourcePort);
            Assert.Equal(d.DstPort, udp.DestinationPort);
            Assert.True(udp.ValidUdpChecksum);
            // Read the payload as bytes after the UDP header: on some well-known ports (1701,
            // L2TP) PacketDotNet decodes the payload as a packet of its own and PayloadData is null.
            Assert.Equal(d.Data, udp.Bytes.AsSpan(8).ToArray());
        }, iter: 300);
    }

    [Fact]
    public void We_read_what_PacketDotNet_writes()
    {
        Datagram.Sample(d =>
        {
            var ip = new PacketDotNet.IPv6Packet(Ip(d.Src), Ip(d.Dst)) { HopLimit = d.Hlim };
            var udp = new PacketDotNet.UdpPacket(d.SrcPort, d.DstPort) { PayloadData = d.Data };
            ip.PayloadPacket = udp;
            ip.UpdateCalculatedValues();
            udp.UpdateUdpChecksum();
            var bytes = ip.Bytes;

            Assert.True(Ipv6Packet.TryCreate(bytes, out var view));
            var repr = Ipv6Repr.Parse(view);
            Assert.Equal(new Ipv6Repr(d.Src, d.Dst, IpProtocol.Udp, 8 + d.Data.Length, d.Hlim), repr);
            Assert.True(UdpPacket.TryCreate(view.Payload, out var ours));
            Assert.Equal(d.SrcPort, ours.SourcePort);
            Assert.Equal(d.DstPort, ours.DestinationPort);
            Assert.Equal(udp.Checksum, ours.Checksum);
            Assert.Equal(0, PseudoHeader.Checksum(d.Src, d.Dst, IpProtocol.Udp, ours.Bytes));
            Assert.Equal(d.Data, ours.Payload.ToArray());
        }, iter: 300);
    }

    [Fact]
    public void Our_ICMPv6_checksums_are_right_by_PacketDotNet()
    {
        Gen.Select(DocAddress, DocAddress, Gen.UShort, Gen.UShort, Gen.Int[0, 300]).Sample((src, dst, id, seq, size) =>
        {
            var bytes = RawFrames.EchoRequest(src, dst, id, seq, size);
            var ip = new PacketDotNet.IPv6Packet(new ByteArraySegment(bytes));
            var icmp = Assert.IsType<PacketDotNet.IcmpV6Packet>(ip.PayloadPacket);
            Assert.Equal(PacketDotNet.IcmpV6Type.EchoRequest, icmp.Type);
            Assert.True(icmp.ValidIcmpChecksum);
            Assert.True(Icmpv6Packet.TryCreate(bytes.AsSpan(40), out var ours));
            Assert.Equal(id, ours.Identifier);
            Assert.Equal(seq, ours.Sequence);
            Assert.Equal(icmp.Checksum, ours.Checksum);
        }, iter: 300);
    }

    [Fact]
    public void The_fragment_header_round_trips()
    {
        Gen.Select(Gen.Byte, Gen.Int[0, 8191], Gen.Bool, Gen.UInt).Sample((nh, units, more, id) =>
        {
            var bytes = new byte[8];
            var header = FragmentHeader.CreateUnchecked(bytes);
            header.Emit(nh, units * 8, more, id);
            Assert.True(FragmentHeader.TryCreate(bytes, out var back));
            Assert.Equal(nh, back.NextHeader);
            Assert.Equal(units * 8, back.Offset);
            Assert.Equal(more, back.MoreFragments);
            Assert.Equal(id, back.Identification);
        });
    }

    [Fact]
    public void Views_refuse_short_buffers()
    {
        Assert.False(Ipv6Packet.TryCreate(new byte[39], out _));
        var header = new byte[40];
        header[0] = 0x60;
        header[5] = 1;
        Assert.False(Ipv6Packet.TryCreate(header, out _));
        Assert.False(Icmpv6Packet.TryCreate(new byte[7], out _));
        Assert.False(FragmentHeader.TryCreate(new byte[7], out _));
        Assert.False(UdpPacket.TryCreate(new byte[] { 0, 1, 0, 2, 0, 7, 0, 0 }, out _));
        Assert.False(NdOptions.TryFindLinkAddress(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }, 1, out _));
        Assert.False(NdOptions.TryFindLinkAddress(new byte[] { 1, 2, 0, 0, 0, 0, 0, 0 }, 1, out _));
    }
}

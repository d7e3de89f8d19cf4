using System.Net;
using System.Net.NetworkInformation;
using CsCheck;
using Epair.Inet.Ipv4;
using Epair.Inet.Ipv4.Statistics;
using Epair.Inet.Ipv4.Wire;
using Epair.Interfaces;
using PacketDotNet;
using PacketDotNet.Utils;

namespace Epair.Tests.Inet.Ipv4.Wire;

/// <summary>Our views and emitters against PacketDotNet as an independent oracle, on generated packets.</summary>
public sealed class WireOracleTests
{
    private static readonly Gen<Ipv4Header> GenHeader =
        Gen.Select(Gen.UInt, Gen.UInt, Gen.Byte, Gen.Byte[1, 255], Gen.Int[0, 1400], Gen.UShort,
            Gen.UShort[0, 0x1FFF], Gen.Int[0, 2])
        .Select((src, dst, proto, ttl, payload, id, offset, flags) =>
            new Ipv4Header(src, dst, proto, ttl, 20 + payload, id, (ushort)(offset | (flags << 13))));

    private static IPAddress Address(uint a) => InAddr.ToIPAddress(a);

    [Fact]
    public void Emitted_ipv4_headers_parse_the_same_in_PacketDotNet()
    {
        GenHeader.Sample(header =>
        {
            var bytes = new byte[header.TotalLength];
            header.Emit(bytes);
            var theirs = new IPv4Packet(new ByteArraySegment(bytes));

            Assert.Equal(4, (int)theirs.Version);
            Assert.Equal(header.TotalLength, theirs.TotalLength);
            Assert.Equal(header.Identification, theirs.Id);
            Assert.Equal(header.Ttl, theirs.TimeToLive);
            Assert.Equal(header.Protocol, (byte)theirs.Protocol);
            Assert.Equal(Address(header.Source), theirs.SourceAddress);
            Assert.Equal(Address(header.Destination), theirs.DestinationAddress);
            Assert.Equal(header.FlagsAndOffset & 0x1FFF, theirs.FragmentOffset);
            Assert.Equal(header.FlagsAndOffset >> 13, theirs.FragmentFlags);
            Assert.True(theirs.ValidIPChecksum);
            Assert.Equal(theirs.CalculateIPChecksum(), theirs.Checksum);
        });
    }

    [Fact]
    public void PacketDotNet_ipv4_headers_parse_the_same_in_our_view()
    {
        GenHeader.Sample(header =>
        {
            var theirs = new IPv4Packet(Address(header.Source), Address(header.Destination))
            {
                TimeToLive = header.Ttl,
                Protocol = (PacketDotNet.ProtocolType)header.Protocol,
                Id = header.Identification,
                FragmentOffset = header.FlagsAndOffset & 0x1FFF,
                FragmentFlags = (byte)(header.FlagsAndOffset >> 13),
                PayloadData = new byte[header.TotalLength - 20],
            };
            theirs.UpdateCalculatedValues();
            theirs.UpdateIPChecksum();
            var bytes = theirs.Bytes;

            Assert.True(Ipv4Packet.TryCreate(bytes, out var ours));
            Assert.Equal(IpStat.Count, Ip4.Check(bytes));
            var parsed = Ipv4Header.Parse(ours);
            Assert.Equal(header with { Tos = parsed.Tos }, parsed);
            Assert.Equal(theirs.Checksum, ours.HeaderChecksum);
            Assert.True(ours.VerifyChecksum());
        });
    }

    [Fact]
    public void Arp_packets_agree_both_ways()
    {
        Gen.Select(Gen.UShort[1, 2], Gen.ULong[0, 0xFEFF_FFFF_FFFF], Gen.UInt, Gen.ULong[0, 0xFFFF_FFFF_FFFF], Gen.UInt)
        .Sample((op, sha, spa, tha, tpa) =>
        {
            var repr = new ArpRepr(op, MacAddress.FromUInt64(sha & ~0x0100_0000_0000UL), spa, MacAddress.FromUInt64(tha), tpa);
            var bytes = new byte[Epair.Inet.Ipv4.Wire.ArpPacket.EthernetIpv4Length];
            repr.Emit(bytes);
            var theirs = new PacketDotNet.ArpPacket(new ByteArraySegment(bytes));

            Assert.Equal(op, (ushort)theirs.Operation);
            Assert.Equal(repr.SenderHardware.ToString().Replace(":", "", StringComparison.Ordinal).ToUpperInvariant(),
                theirs.SenderHardwareAddress.ToString());
            Assert.Equal(Address(spa), theirs.SenderProtocolAddress);
            Assert.Equal(Address(tpa), theirs.TargetProtocolAddress);

            var built = new PacketDotNet.ArpPacket((ArpOperation)op, PhysicalAddress.Parse(repr.TargetHardware.ToString().Replace(':', '-')),
                Address(tpa), PhysicalAddress.Parse(repr.SenderHardware.ToString().Replace(':', '-')), Address(spa));
            Assert.True(Epair.Inet.Ipv4.Wire.ArpPacket.TryCreate(built.Bytes, out var view));
            Assert.True(view.IsEthernetIpv4);
            Assert.Equal(repr, ArpRepr.Parse(view));
        });
    }

    [Fact]
    public void Udp_checksums_agree_with_PacketDotNet()
    {
        Gen.Select(Gen.UInt, Gen.UInt, Gen.UShort, Gen.UShort, Gen.Byte.Array[0, 600])
        .Sample((src, dst, sport, dport, data) =>
        {
            var udp = new PacketDotNet.UdpPacket(sport, dport) { PayloadData = data };
            var ip = new IPv4Packet(Address(src), Address(dst)) { PayloadPacket = udp, Protocol = PacketDotNet.ProtocolType.Udp };
            udp.UpdateCalculatedValues();
            ip.UpdateCalculatedValues();
            udp.UpdateUdpChecksum();
            var theirs = udp.Bytes;

            var mine = new byte[8 + data.Length];
            var view = Epair.Inet.Ipv4.Wire.UdpPacket.CreateUnchecked(mine);
            view.WriteHeader(sport, dport, mine.Length);
            data.CopyTo(mine, 8);
            view.FillChecksum(src, dst);

            Assert.Equal(udp.Length, view.Length);
            Assert.Equal(udp.Checksum == 0 ? 0xFFFF : udp.Checksum, view.Checksum);
            Assert.Equal(0, Epair.Inet.Ipv4.Wire.UdpPacket.ComputeChecksum(src, dst, theirs));
        });
    }

    [Fact]
    public void Icmp_echo_checksums_agree_with_PacketDotNet()
    {
        Gen.Select(Gen.UShort, Gen.UShort, Gen.Byte.Array[0, 200]).Sample((id, seq, data) =>
        {
            var bytes = RawFrames.Echo(id, seq, data.Length);
            data.CopyTo(bytes, 8);
            Epair.Inet.Ipv4.Wire.IcmpPacket.CreateUnchecked(bytes).FillChecksum();
            var theirs = new IcmpV4Packet(new ByteArraySegment(bytes));

            Assert.Equal(IcmpV4TypeCode.EchoRequest, theirs.TypeCode);
            Assert.Equal(id, theirs.Id);
            Assert.Equal(seq, theirs.Sequence);
            Assert.True(theirs.ValidIcmpChecksum);
        });
    }
}

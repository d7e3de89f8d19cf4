using System.Buffers.Binary;
using System.Net;
using CsCheck;
using Epair.Inet.Ipv6;
using Epair.Interfaces;
using PacketDotNet.Utils;

namespace Epair.Tests.Inet.Ipv6;

/// <summary>ip6_input on bad and unusual packets: counted drops or the right ICMPv6 error, never a throw or a leak.</summary>
public sealed class Ip6InputTests
{
    private static readonly UInt128 A = RawFrames.AddressA;
    private static readonly UInt128 B = RawFrames.AddressB;

    private static TwoVnets Numbered()
    {
        var net = TwoVnets.Numbered();
        // Let errors go back to A without waiting for resolution.
        net.Ip6Two.AddStaticNeighbor(IPAddress.Parse("2001:db8::1"), net.A.MacAddress);
        return net;
    }

    private static void AssertNoLeak(TwoVnets net)
    {
        net.Clock.Advance(TimeSpan.FromSeconds(120));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public void Truncated_and_malformed_headers_are_counted_drops()
    {
        using var net = Numbered();
        RawFrames.Inject(net, new byte[20]);
        var badVersion = RawFrames.EchoRequest(A, B, 1, 1, 8);
        badVersion[0] = 0x40;
        RawFrames.Inject(net, badVersion);
        var tooLong = RawFrames.EchoRequest(A, B, 1, 1, 8);
        BinaryPrimitives.WriteUInt16BigEndian(tooLong.AsSpan(4), 500);
        RawFrames.Inject(net, tooLong);
        var multicastSource = RawFrames.EchoRequest(UInt128.Parse("338963523518870617245727861364146307073"), B, 1, 1, 8); // ff02::1
        RawFrames.Inject(net, multicastSource);

        Assert.Equal(1, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_toosmall));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_badvers));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_tooshort));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_badscope));
        Assert.Equal(0, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_reflect));
        AssertNoLeak(net);
    }

    [Fact]
    public void A_wrong_ICMPv6_checksum_is_dropped_and_counted()
    {
        using var net = Numbered();
        var echo = RawFrames.EchoRequest(A, B, 1, 1, 8);
        echo[^1] ^= 0xFF;
        RawFrames.Inject(net, echo);
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_checksum));
        Assert.Equal(0, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_reflect));
        AssertNoLeak(net);
    }

    [Fact]
    public void Padding_past_the_payload_is_ignored_and_the_echo_answered()
    {
        using var net = Numbered();
        var echo = RawFrames.EchoRequest(A, B, 1, 1, 8);
        RawFrames.Inject(net, [.. echo, 0, 0, 0, 0]);
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_reflect));
        AssertNoLeak(net);
    }

    [Fact]
    public void An_unknown_next_header_gets_a_parameter_problem_pointing_at_it()
    {
        using var net = Numbered();
        var captured = new List<byte[]>();
        net.A.InputHandler = (ifp, frame) => { captured.Add(frame.Data[14..].ToArray()); frame.Free(); };
        RawFrames.Inject(net, RawFrames.Ipv6(A, B, 253, new byte[16]));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_oparamprob_nextheader));
        var error = Assert.Single(captured);
        var ip = new PacketDotNet.IPv6Packet(new ByteArraySegment(error));
        var icmp = Assert.IsType<PacketDotNet.IcmpV6Packet>(ip.PayloadPacket);
        Assert.True(icmp.ValidIcmpChecksum);
        Assert.Equal(PacketDotNet.IcmpV6Type.ParameterProblem, icmp.Type);
        Assert.Equal(1, icmp.Code);
        Assert.Equal(6u, BinaryPrimitives.ReadUInt32BigEndian(error.AsSpan(44)));
        Assert.Equal(IPAddress.Parse("2001:db8::2"), ip.SourceAddress);
        net.A.InputHandler = null;
        AssertNoLeak(net);
    }

    [Fact]
    public void Options_act_on_their_high_bits_and_hop_by_hop_must_come_first()
    {
        using var net = Numbered();
        // Destination options with an unknown option of action 10: parameter problem, code 2.
        byte[] destinationOptions = [59, 0, 0x80, 4, 0, 0, 0, 0];
        RawFrames.Inject(net, RawFrames.Ipv6(A, B, 60, destinationOptions));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_oparamprob_option));
        // Action 01: silently discarded.
        byte[] discard = [59, 0, 0x40, 4, 0, 0, 0, 0];
        RawFrames.Inject(net, RawFrames.Ipv6(A, B, 60, discard));
        Assert.Equal(2, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_badoptions));
        // A PadN-only header passes; hop-by-hop after it is an unrecognized next header.
        byte[] late = [0, 0, 1, 4, 0, 0, 0, 0, 59, 0, 1, 4, 0, 0, 0, 0];
        RawFrames.Inject(net, RawFrames.Ipv6(A, B, 60, late));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_oparamprob_nextheader));
        AssertNoLeak(net);
    }

    [Fact]
    public void Errors_are_never_sent_about_errors_or_beyond_the_rate_limit()
    {
        using var net = Numbered();
        // An ICMPv6 error whose hop limit runs out at a router earns no time exceeded (RFC 4443, 2.4 (e)).
        net.Kernel.Sysctl.Set("net.inet6.ip6.forwarding", "1", net.Two);
        var elsewhere = UInt128.Parse("42540766411283801782723599580828532737"); // 2001:db8:1::1
        byte[] error = [1, 0, 0, 0, 0, 0, 0, 0, .. RawFrames.EchoRequest(elsewhere, A, 1, 1, 8)];
        BinaryPrimitives.WriteUInt16BigEndian(error.AsSpan(2), Epair.Inet.Ipv6.Wire.PseudoHeader.Checksum(A, elsewhere, 58, error));
        RawFrames.Inject(net, RawFrames.Ipv6(A, elsewhere, 58, error, hopLimit: 1));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_error));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_canterror));
        Assert.Equal(0, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_otime_exceed_transit));
        net.Kernel.Sysctl.Set("net.inet6.ip6.forwarding", "0", net.Two);

        net.Kernel.Sysctl.Set("net.inet6.icmp6.errppslimit", "10", net.Two);
        for (int i = 0; i < 15; i++)
            RawFrames.Inject(net, RawFrames.Ipv6(A, B, 253, new byte[8]));
        Assert.Equal(10, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_oparamprob_nextheader));
        Assert.Equal(5, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_toofreq));
        AssertNoLeak(net);
    }

    [Fact]
    public void Packets_for_a_tentative_address_or_an_unjoined_group_are_dropped()
    {
        using var net = Numbered();
        net.Ip6Two.AddAddress(net.B, IPAddress.Parse("2001:db8::3"), 64);
        RawFrames.Inject(net, RawFrames.EchoRequest(A, B + 1, 1, 1, 8));
        var group = UInt128.Parse("338963523518870617245727861364146307075"); // ff02::3
        RawFrames.Inject(net, RawFrames.EchoRequest(A, group, 1, 1, 8), MacAddress.Parse("33:33:00:00:00:03"));
        Assert.Equal(0, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_reflect));
        AssertNoLeak(net);
    }

    [Fact]
    public void Random_and_mutated_packets_never_throw_or_leak()
    {
        using var net = Numbered();
        var valid = RawFrames.EchoRequest(A, B, 1, 1, 40);
        var mutated = Gen.Select(Gen.Int[0, valid.Length - 1].Array[1, 6], Gen.Byte.Array[6], (at, with) =>
        {
            var copy = (byte[])valid.Clone();
            for (int i = 0; i < at.Length; i++)
                copy[at[i]] = with[i];
            return copy;
        });
        var random = Gen.Byte.Array[0, 200].Select(bytes =>
        {
            if (bytes.Length >= 40)
            {
                bytes[0] = 0x60;
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), (ushort)(bytes.Length - 40));
                BinaryPrimitives.WriteUInt128BigEndian(bytes.AsSpan(24), B);
            }
            return bytes;
        });
        Gen.OneOf(mutated, random).Sample(packet => RawFrames.Inject(net, packet), iter: 2000, threads: 1);
        AssertNoLeak(net);
    }
}

using Epair.Tests.TestSupport;
using System.Buffers.Binary;
using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Interfaces;
using Epair.Tests.Drivers.Vlan;
using PacketDotNet;

namespace Epair.Tests.Inet.Ethernet;

/// <summary>
/// <c>ether_output_frame</c>'s 802.1p handling, and FreeBSD's if_epair_test.sh "pcp" (PR 270736)
/// at the frame level: an interface priority and a per-packet priority (<c>ping -C</c>) give
/// exactly one 802.1Q header, never two.
/// </summary>
public sealed class EtherOutputFrameVlanTests
{
    [Fact]
    public void Interface_pcp_then_per_packet_pcp_each_give_exactly_one_priority_tag()
    {
        // jexec one ifconfig epair0a 192.0.2.1/24 pcp 3 up; jexec two ifconfig epair0b 192.0.2.2/24 up
        using var bench = new VlanBench();
        bench.A.SetPcp(3);
        var wire = new List<(byte[] Bytes, sbyte Pcp, FrameFlags Flags)>();
        bench.B.InputHandler = (_, frame) =>
        {
            wire.Add((frame.Data.ToArray(), frame.PriorityCodePoint, frame.Flags));
            frame.Free();
        };

        // ping -c 1 192.0.2.2
        Assert.Equal(Errno.None, bench.A.OutputFrame(bench.EthernetFrame(bench.A, bench.B.MacAddress, 0x0800, 84)));
        // ping -C5 -c 1 192.0.2.2: this used to lead to double tagging and a failed ping.
        var withPriority = bench.EthernetFrame(bench.A, bench.B.MacAddress, 0x0800, 84);
        withPriority.PriorityCodePoint = 5;
        Assert.Equal(Errno.None, bench.A.OutputFrame(withPriority));

        Assert.Equal(2, wire.Count);
        AssertOneTag(wire[0].Bytes, vid: 0, pcp: 3);
        AssertOneTag(wire[1].Bytes, vid: 0, pcp: 5);
        // epair clears the per-packet metadata on the way: nothing is left to tag again.
        Assert.All(wire, w => Assert.Equal(-1, w.Pcp));
        Assert.All(wire, w => Assert.Equal(FrameFlags.None, w.Flags & FrameFlags.VlanTagged));
        bench.AssertClean();
    }

    [Fact]
    public void A_frame_already_tagged_is_never_tagged_again()
    {
        using var bench = new VlanBench();
        bench.A.SetPcp(3);
        var wire = VlanBench.Capture(bench.B);
        var tagged = bench.TaggedFrame(bench.A, bench.B.MacAddress, 9, pcp: 1);
        byte[] sent = tagged.Data.ToArray();
        var taggedWithPriority = bench.TaggedFrame(bench.A, bench.B.MacAddress, 9, pcp: 1);
        taggedWithPriority.PriorityCodePoint = 6;

        bench.A.OutputFrame(tagged);
        bench.A.OutputFrame(taggedWithPriority);

        Assert.Equal(sent, wire[0]);
        Assert.Equal(sent, wire[1]);
        bench.AssertClean();
    }

    [Fact]
    public void A_vlan_on_a_parent_with_a_pcp_sends_its_own_tag_only()
    {
        using var bench = new VlanBench();
        bench.A.SetPcp(3);
        var ifv = bench.Vlan(bench.A, 5);
        ifv.SetVlanPcp(2);
        var wire = VlanBench.Capture(bench.B);

        ifv.OutputFrame(bench.EthernetFrame(ifv, bench.B.MacAddress, 0x0800, 84));
        var withPriority = bench.EthernetFrame(ifv, bench.B.MacAddress, 0x0800, 84);
        withPriority.PriorityCodePoint = 7;
        ifv.OutputFrame(withPriority);

        AssertOneTag(wire[0], vid: 5, pcp: 2);
        AssertOneTag(wire[1], vid: 5, pcp: 7);
        bench.AssertClean();
    }

    [Fact]
    public void Without_any_priority_frames_leave_untagged()
    {
        using var bench = new VlanBench();
        var wire = VlanBench.Capture(bench.B);
        var frame = bench.EthernetFrame(bench.A, bench.B.MacAddress, 0x0800, 84);
        byte[] sent = frame.Data.ToArray();

        bench.A.OutputFrame(frame);
        bench.A.SetPcp(4);
        bench.A.SetPcp(NetInterface.NoPcp);
        bench.A.OutputFrame(bench.EthernetFrame(bench.A, bench.B.MacAddress, 0x0800, 84));

        Assert.Equal(sent, wire[0]);
        Assert.Equal(sent, wire[1]);
        bench.AssertClean();
    }

    [Fact]
    public void The_stacks_output_applies_the_interface_priority()
    {
        using var bench = new VlanBench();
        bench.A.SetPcp(6);
        var wire = VlanBench.Capture(bench.B);
        var frame = EtherOutput.Rent(bench.Kernel.Frames, 20);
        EtherOutput.Packet(frame).Fill(0x45);

        Assert.Equal(Errno.None, EtherOutput.Send(bench.A, frame, bench.B.MacAddress, EtherInput.EtherTypeIpv4));

        AssertOneTag(Assert.Single(wire), vid: 0, pcp: 6);
        bench.AssertClean();
    }

    [Theory]
    [InlineData(8)]
    [InlineData(-2)]
    [InlineData(255)]
    public void Setting_a_pcp_outside_0_to_7_is_EINVAL(int pcp)
    {
        using var bench = new VlanBench();
        var error = Assert.Throws<ErrnoException>(() => bench.A.SetPcp(pcp));
        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Equal("SIOCSLANPCP", error.Operation);
        Assert.Equal(NetInterface.NoPcp, bench.A.Pcp);
        bench.AssertClean();
    }

    [Fact]
    public void A_frame_too_short_to_tag_is_dropped_and_counted()
    {
        using var bench = new VlanBench();
        bench.A.SetPcp(1);

        Assert.Equal(Errno.None, bench.A.OutputFrame(bench.Kernel.Frames.Rent(10)));

        Assert.Equal(1, bench.A.Counters.OErrors);
        Assert.Equal(0, bench.A.Counters.OPackets);
        bench.AssertClean();
    }

    [Fact]
    public void A_priority_tagged_frame_is_received_on_the_parent_as_untagged()
    {
        using var bench = new VlanBench();
        bench.A.SetPcp(3);
        var ifv = bench.Vlan(bench.B, 5);
        var vlanGot = VlanBench.Capture(ifv);

        // No raw handler on epair0b: the frame goes through Ethernet input, which strips the
        // priority tag and hands the frame to the (unknown) EtherType 0x88b5 on epair0b itself.
        bench.A.OutputFrame(bench.EthernetFrame(bench.A, bench.B.MacAddress, 0x88B5));

        Assert.Empty(vlanGot);
        Assert.Equal(1, bench.B.Counters.NoProto);
        Assert.Equal(0, bench.B.Counters.IErrors);
        bench.AssertClean();
    }

    [Fact]
    public void Priority_tagging_allocates_nothing_per_frame()
    {
        using var bench = new VlanBench();
        bench.A.SetPcp(3);
        long received = 0;
        bench.B.InputHandler = (_, frame) => { received++; frame.Free(); };
        var destination = bench.B.MacAddress;

        for (int i = 0; i < 64; i++)
            bench.A.OutputFrame(bench.EthernetFrame(bench.A, destination));
        long allocated = SteadyState.AllocatedBytes(() =>
        {
            for (int i = 0; i < 1000; i++)
                bench.A.OutputFrame(bench.EthernetFrame(bench.A, destination));
        });

        Assert.Equal(64 + SteadyState.Rounds * 1000, received);
        Assert.Equal(0, allocated);
        bench.AssertClean();
    }

    /// <summary>Exactly one 802.1Q header, read by PacketDotNet, with this VID and priority.</summary>
    private static void AssertOneTag(byte[] bytes, int vid, int pcp)
    {
        var ethernet = Assert.IsType<EthernetPacket>(Packet.ParsePacket(LinkLayers.Ethernet, bytes));
        Assert.Equal(EthernetType.VLanTaggedFrame, ethernet.Type);
        var dot1q = ethernet.Extract<Ieee8021QPacket>();
        Assert.Equal(vid, dot1q.VlanIdentifier);
        Assert.Equal(pcp, (int)dot1q.PriorityControlPoint);
        Assert.NotEqual(EthernetType.VLanTaggedFrame, dot1q.Type);
        Assert.NotEqual(EthernetType.QInQ, dot1q.Type);
        Assert.NotEqual((ushort)0x8100, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(16)));
    }
}

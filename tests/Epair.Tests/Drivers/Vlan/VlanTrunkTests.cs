using Epair.Drivers.Vlan;
using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Tests.Drivers.Vlan;

/// <summary>Input: frames that arrive tagged on a parent reach the vlan of their VID, untagged.</summary>
public sealed class VlanTrunkTests
{
    [Fact]
    public void Tagged_frames_reach_the_vlan_of_their_vid_untagged_and_counted()
    {
        using var bench = new VlanBench();
        var v5 = bench.Vlan(bench.B, 5);
        var v6 = bench.Vlan(bench.B, 6);
        var got5 = VlanBench.Capture(v5);
        var got6 = VlanBench.Capture(v6);
        var plain = bench.EthernetFrame(bench.A, bench.B.MacAddress, 0x88B5, 50);
        byte[] untagged = plain.Data.ToArray();
        plain.Free();

        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 5, payloadLength: 50));
        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 6, payloadLength: 50));
        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 6, payloadLength: 50));

        Assert.Equal(untagged, Assert.Single(got5));
        Assert.Equal(2, got6.Count);
        Assert.Equal(untagged, got6[1]);
        Assert.Equal(1, v5.Counters.IPackets);
        Assert.Equal(2, v6.Counters.IPackets);
        Assert.Equal(3, bench.B.Counters.IPackets);
        Assert.Equal(3 * 68, bench.B.Counters.IBytes);
        Assert.Equal(0, bench.B.Counters.NoProto);
        bench.AssertClean();
    }

    [Fact]
    public void The_receiving_vlan_sees_the_tag_and_its_priority_on_the_frame()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.B, 100);
        ushort tag = 0;
        FrameFlags flags = default;
        NetInterface? receivedOn = null;
        ifv.InputHandler = (ifp, frame) =>
        {
            tag = frame.VlanTag;
            flags = frame.Flags;
            receivedOn = frame.ReceiveInterface;
            frame.Free();
        };

        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 100, pcp: 5));

        Assert.Same(ifv, receivedOn);
        Assert.Equal(100, VlanHeader.VidOf(tag));
        Assert.Equal(5, VlanHeader.PcpOf(tag));
        Assert.Equal(FrameFlags.VlanTagged, flags & FrameFlags.VlanTagged);
        bench.AssertClean();
    }

    [Fact]
    public void Vlan_to_vlan_over_an_epair_between_two_vnets()
    {
        using var bench = new VlanBench();
        var left = bench.Vlan(bench.A, 42);
        var right = bench.Vlan(bench.B, 42);
        var got = VlanBench.Capture(right);
        var frame = bench.EthernetFrame(left, right.MacAddress, 0x88B5, 100);
        byte[] sent = frame.Data.ToArray();

        Assert.Equal(Errno.None, left.Transmit(frame));

        Assert.Equal(sent, Assert.Single(got));
        Assert.Equal(1, left.Counters.OPackets);
        Assert.Equal(1, right.Counters.IPackets);
        Assert.Same(bench.Two, right.Vnet);
        bench.AssertClean();
    }

    [Fact]
    public void Unknown_vids_and_vlans_that_are_down_count_NOPROTO_on_the_parent()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.B, 5);
        var got = VlanBench.Capture(ifv);

        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 7));
        ifv.Down();
        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 5));

        Assert.Empty(got);
        Assert.Equal(2, bench.B.Counters.NoProto);
        Assert.Equal(0, ifv.Counters.IPackets);
        bench.AssertClean();
    }

    [Fact]
    public void Tagged_frames_on_a_parent_without_vlans_count_NOPROTO()
    {
        using var bench = new VlanBench();
        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 5));
        Assert.Equal(1, bench.B.Counters.NoProto);
        Assert.Equal(0, bench.B.Counters.IErrors);
        bench.AssertClean();
    }

    [Fact]
    public void Untagged_frames_are_not_delivered_to_vlans()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.B, 5);
        var got = VlanBench.Capture(ifv);

        bench.A.Transmit(bench.EthernetFrame(bench.A, bench.B.MacAddress, 0x88B5));
        bench.A.Transmit(bench.EthernetFrame(bench.A, MacAddress.Broadcast, 0x88B5));

        Assert.Empty(got);
        Assert.Equal(0, ifv.Counters.IPackets);
        bench.AssertClean();
    }

    [Fact]
    public void A_raw_handler_on_the_parent_sees_tagged_frames_before_any_vlan()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.B, 5);
        var vlanGot = VlanBench.Capture(ifv);
        var parentGot = VlanBench.Capture(bench.B);

        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 5));

        Assert.Empty(vlanGot);
        Assert.Equal(0x81, Assert.Single(parentGot)[12]);
        bench.AssertClean();
    }

    [Fact]
    public void Frames_for_another_station_are_not_taken_by_the_vlan()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.B, 5);
        var got = VlanBench.Capture(ifv);

        bench.A.Transmit(bench.TaggedFrame(bench.A, MacAddress.Parse("02:00:00:00:00:99"), 5));

        Assert.Empty(got);
        bench.AssertClean();
    }

    [Fact]
    public void Q_in_Q_frames_go_through_both_vlans_each_way()
    {
        using var bench = new VlanBench();
        var outerA = bench.Vlan(bench.A, 5, "vlanproto", "802.1ad");
        var innerA = bench.Vlan(outerA, 42);
        var outerB = bench.Vlan(bench.B, 5, "vlanproto", "802.1ad");
        var innerB = bench.Vlan(outerB, 42);
        var wire = new List<byte[]>();
        using var tap = bench.B.AttachTap(new RecordingTap(wire));
        var got = VlanBench.Capture(innerB);
        var frame = bench.EthernetFrame(innerA, innerB.MacAddress, 0x88B5, 40);
        byte[] sent = frame.Data.ToArray();

        Assert.Equal(Errno.None, innerA.Transmit(frame));

        byte[] onWire = Assert.Single(wire);
        Assert.Equal(sent.Length + 8, onWire.Length);
        Assert.Equal([0x88, 0xA8, 0x00, 0x05, 0x81, 0x00, 0x00, 0x2A], onWire[12..20]);
        Assert.Equal(sent, Assert.Single(got));
        Assert.Equal(1, outerB.Counters.IPackets);
        Assert.Equal(1, innerB.Counters.IPackets);
        bench.AssertClean();
    }

    [Fact]
    public void Destroying_a_vlan_stops_delivery_and_frees_its_vid()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.B, 5);
        VlanBench.Capture(ifv);

        bench.Two.DestroyInterface(ifv);
        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 5));

        Assert.Equal(0, ifv.Index);
        Assert.False(bench.B.HasVlans);
        Assert.Equal(1, bench.B.Counters.NoProto);
        Assert.Equal("epair0b.5", bench.Two.CreateInterface("epair0b.5").Name);
        bench.AssertClean();
    }

    [Fact]
    public void A_vlan_destroyed_from_its_own_handler_finishes_cleanly()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.B, 5);
        ifv.InputHandler = (self, frame) =>
        {
            frame.Free();
            self.Vnet.DestroyInterface(self);
        };

        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 5));

        Assert.Equal(0, ifv.Index);
        bench.AssertClean();
    }

    [Fact]
    public async Task Deferred_dispatch_delivers_every_tagged_frame_to_its_vlan()
    {
        using var bench = new VlanBench();
        bench.Kernel.Sysctl.Set("net.link.epair.dispatch", "deferred");
        var left = bench.Vlan(bench.A, 10);
        var right = bench.Vlan(bench.B, 10);
        var other = bench.Vlan(bench.B, 11);
        long toRight = 0, toOther = 0;
        right.InputHandler = (_, frame) => { Interlocked.Increment(ref toRight); frame.Free(); };
        other.InputHandler = (_, frame) => { Interlocked.Increment(ref toOther); frame.Free(); };

        int sent = 0;
        for (int i = 0; i < 40; i++)
        {
            if (left.Transmit(bench.EthernetFrame(left, right.MacAddress)) == Errno.None)
                sent++;
            await bench.Kernel.QuiesceAsync();
        }

        Assert.Equal(40, sent);
        Assert.Equal(40, Interlocked.Read(ref toRight));
        Assert.Equal(0, Interlocked.Read(ref toOther));
        Assert.Equal(40, right.Counters.IPackets);
        bench.AssertClean();
    }

    private sealed class RecordingTap(List<byte[]> frames) : IFrameTap
    {
        public void Tap(NetInterface ifp, Frame frame, TapDirection direction)
        {
            if (direction == TapDirection.In)
                frames.Add(frame.Data.ToArray());
        }
    }
}

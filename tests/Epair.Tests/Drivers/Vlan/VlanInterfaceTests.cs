using Epair.Tests.TestSupport;
using System.Buffers.Binary;
using Epair.Drivers.Epair;
using Epair.Drivers.Vlan;
using Epair.Frames;
using Epair.Interfaces;
using PacketDotNet;

namespace Epair.Tests.Drivers.Vlan;

public sealed class VlanInterfaceTests
{
    [Fact]
    public void A_configured_vlan_takes_the_parents_address_flags_speed_and_link()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.A, 5);

        Assert.Equal(bench.A.MacAddress, ifv.MacAddress);
        Assert.Equal(InterfaceFlags.Broadcast | InterfaceFlags.Multicast | InterfaceFlags.Simplex | InterfaceFlags.Up, ifv.Flags);
        Assert.Equal(DriverFlags.Running, ifv.DriverFlags);
        Assert.Equal(bench.A.Baudrate, ifv.Baudrate);
        Assert.Equal(LinkState.Up, ifv.LinkState);
        Assert.Equal(InterfaceCapabilities.None, ifv.EnabledCapabilities);
        var media = ifv.GetMedia();
        Assert.Equal(bench.A.GetMedia().Current, media.Current);
        Assert.Single(media.Supported);
        bench.AssertClean();
    }

    [Fact]
    public void The_vlan_follows_the_parents_link_state_and_address()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.A, 5);
        var states = new List<LinkState>();
        ifv.LinkStateChanged += (_, s) => states.Add(s);

        bench.A.ChangeLinkState(LinkState.Down);
        bench.A.ChangeLinkState(LinkState.Up);
        var mac = MacAddress.Parse("02:00:00:00:00:55");
        bench.A.SetMacAddress(mac);

        Assert.Equal([LinkState.Down, LinkState.Up], states);
        Assert.Equal(mac, ifv.MacAddress);
        bench.AssertClean();
    }

    [Fact]
    public void Mtu_is_the_parents_when_the_parent_has_VLAN_MTU_and_4_less_otherwise()
    {
        using var bench = new VlanBench();
        bench.A.SetMtu(9000);
        var outer = bench.Vlan(bench.A, 5);
        // A vlan has no VLAN_MTU capability, so a vlan stacked on it loses the 4 bytes of its tag.
        var inner = (VlanInterface)bench.One.CreateInterface("vlan", "vlan", "6", "vlandev", outer.Name);

        Assert.Equal(InterfaceCapabilities.VlanMtu, bench.A.EnabledCapabilities & InterfaceCapabilities.VlanMtu);
        Assert.Equal(9000, outer.Mtu);
        Assert.Equal(8996, inner.Mtu);
        bench.AssertClean();
    }

    [Fact]
    public void Setting_the_mtu_is_bounded_by_the_parent_and_needs_one()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.A, 5);

        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => ifv.SetMtu(1501)).Errno);
        ifv.SetMtu(1400);
        Assert.Equal(1400, ifv.Mtu);
        ifv.SetMtu(1500);
        Assert.Equal(1500, ifv.Mtu);

        var loose = (VlanInterface)bench.One.CreateInterface("vlan");
        var error = Assert.Throws<ErrnoException>(() => loose.SetMtu(1400));
        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Equal("SIOCSIFMTU", error.Operation);
        bench.AssertClean();
    }

    [Fact]
    public void Retagging_on_the_same_parent_moves_the_vlan_and_other_parents_are_EBUSY()
    {
        using var bench = new VlanBench();
        var other = (EpairInterface)bench.One.CreateInterface("epair5");
        var v5 = bench.Vlan(bench.A, 5);
        bench.Vlan(bench.A, 7);

        v5.SetVlan("epair0a", 6);
        Assert.Equal(6, v5.Tag);
        v5.SetTag(8);
        Assert.Equal(8, v5.Tag);

        Assert.Equal(Errno.EEXIST, Assert.Throws<ErrnoException>(() => v5.SetTag(7)).Errno);
        Assert.Equal(8, v5.Tag);
        Assert.Equal(Errno.EBUSY, Assert.Throws<ErrnoException>(() => v5.SetVlan(other.Name, 9)).Errno);
        bench.Vlan(other, 9);
        Assert.Equal(Errno.EBUSY, Assert.Throws<ErrnoException>(() => v5.SetVlan(other.Name, 9)).Errno);
        Assert.Equal(Errno.ENOENT, Assert.Throws<ErrnoException>(() => v5.SetVlan("epair0b", 9)).Errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => v5.SetTag(4095)).Errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => v5.SetVlan(v5.Name, 9)).Errno);

        // Off the parent, then onto another one.
        v5.ClearVlan();
        Assert.Null(v5.Parent);
        Assert.Equal(LinkState.Unknown, v5.LinkState);
        v5.SetVlan(other.Name, 10, VlanInterface.Protocol8021AD);
        Assert.Same(other, v5.Parent);
        Assert.Equal(0x88A8, v5.Protocol);
        Assert.False(bench.B.HasVlans);
        bench.AssertClean();
    }

    [Fact]
    public void Retagged_vlans_receive_on_the_new_vid_only()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.B, 5);
        var got = VlanBench.Capture(ifv);

        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 5));
        ifv.SetTag(6);
        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 5));
        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 6));

        Assert.Equal(2, got.Count);
        Assert.Equal(1, bench.B.Counters.NoProto);
        bench.AssertClean();
    }

    [Fact]
    public void Transmit_inserts_the_8021Q_header_byte_for_byte()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.A, 0x123);
        var wire = VlanBench.Capture(bench.B);
        var frame = bench.EthernetFrame(ifv, MacAddress.Broadcast, 0x88B5, 46);
        byte[] untagged = frame.Data.ToArray();

        Assert.Equal(Errno.None, ifv.Transmit(frame));

        byte[] expected = [.. untagged[..12], 0x81, 0x00, 0x01, 0x23, .. untagged[12..]];
        Assert.Equal(expected, Assert.Single(wire));
        Assert.Equal(1, ifv.Counters.OPackets);
        Assert.Equal(60, ifv.Counters.OBytes);
        Assert.Equal(1, ifv.Counters.OMcasts);
        Assert.Equal(64, bench.A.Counters.OBytes);
        bench.AssertClean();
    }

    [Theory]
    [InlineData(5, -1, -1, 0)]
    [InlineData(5, 3, -1, 3)]
    [InlineData(5, 3, 6, 6)]
    [InlineData(4094, 7, 0, 0)]
    [InlineData(1, 0, 7, 7)]
    public void Transmit_tags_with_the_per_packet_priority_else_the_vlans(int vid, int vlanPcp, int packetPcp, int expectedPcp)
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.A, vid);
        if (vlanPcp >= 0)
            ifv.SetVlanPcp(vlanPcp);
        var wire = VlanBench.Capture(bench.B);
        var frame = bench.EthernetFrame(ifv, bench.B.MacAddress, 0x0800, 50);
        frame.PriorityCodePoint = (sbyte)packetPcp;

        ifv.Transmit(frame);

        // PacketDotNet as an independent reading of the header.
        var packet = Assert.IsType<EthernetPacket>(Packet.ParsePacket(LinkLayers.Ethernet, Assert.Single(wire)));
        Assert.Equal(EthernetType.VLanTaggedFrame, packet.Type);
        Assert.Equal(bench.B.MacAddress.ToString(), FormatMac(packet.DestinationHardwareAddress.GetAddressBytes()));
        var tag = packet.Extract<Ieee8021QPacket>();
        Assert.NotNull(tag);
        Assert.Equal(vid, tag.VlanIdentifier);
        Assert.Equal(expectedPcp, (int)tag.PriorityControlPoint);
        Assert.False(tag.CanonicalFormatIndicator);
        Assert.Equal(EthernetType.IPv4, tag.Type);
        bench.AssertClean();
    }

    [Fact]
    public void Setting_the_vlan_priority_checks_its_range()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.A, 5);
        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => ifv.SetVlanPcp(8)).Errno);
        ifv.SetVlanPcp(7);
        Assert.Equal(7, ifv.Pcp);
        bench.AssertClean();
    }

    [Fact]
    public void Transmit_without_a_usable_parent_is_ENETDOWN_and_counted()
    {
        using var bench = new VlanBench();
        var loose = (VlanInterface)bench.One.CreateInterface("vlan");
        loose.Up();
        var ifv = bench.Vlan(bench.A, 5);
        bench.A.Down();

        Assert.Equal(Errno.ENETDOWN, loose.Transmit(bench.EthernetFrame(bench.A, bench.B.MacAddress)));
        Assert.Equal(Errno.ENETDOWN, ifv.Transmit(bench.EthernetFrame(bench.A, bench.B.MacAddress)));
        Assert.Equal(1, loose.Counters.OErrors);
        Assert.Equal(1, ifv.Counters.OErrors);
        Assert.Equal(0, bench.A.Counters.OPackets);
        bench.AssertClean();
    }

    [Fact]
    public void Destroying_the_parent_leaves_its_vlans_unconfigured()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.A, 5);
        var dotted = (VlanInterface)bench.One.CreateInterface("epair0a.6");

        bench.One.DestroyInterface(bench.A);

        foreach (var v in new[] { ifv, dotted })
        {
            Assert.Null(v.Parent);
            Assert.Equal(0, v.Tag);
            Assert.Equal(LinkState.Unknown, v.LinkState);
            Assert.Equal(DriverFlags.None, v.DriverFlags & DriverFlags.Running);
            Assert.Same(v, bench.One.FindInterface(v.Name));
        }
        Assert.Equal(Errno.ENETDOWN, ifv.Transmit(bench.Kernel.Frames.Rent(60)));

        // The vlan can be put on a new parent.
        var fresh = (EpairInterface)bench.One.CreateInterface("epair");
        ifv.SetVlan(fresh.Name, 5);
        Assert.Same(fresh, ifv.Parent);
        Assert.NotEqual(bench.A.MacAddress, fresh.MacAddress);
        Assert.Equal(fresh.MacAddress, ifv.MacAddress);
        bench.AssertClean();
    }

    [Fact]
    public void A_parent_moved_to_another_vnet_takes_its_vlans_off()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.A, 5);
        var three = bench.Kernel.CreateVnet("three");

        bench.One.MoveInterface(bench.A.Name, three);

        Assert.Null(ifv.Parent);
        Assert.False(bench.A.HasVlans);
        Assert.Same(bench.One, ifv.Vnet);
        bench.AssertClean();
    }

    [Fact]
    public void A_vlan_moved_to_another_vnet_keeps_its_parent_and_receives_there()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.B, 5);
        var three = bench.Kernel.CreateVnet("three");
        bench.Two.MoveInterface(ifv.Name, three);
        ifv.Up();
        var got = VlanBench.Capture(ifv);

        bench.A.Transmit(bench.TaggedFrame(bench.A, bench.B.MacAddress, 5));

        Assert.Same(three, ifv.Vnet);
        Assert.Same(bench.B, ifv.Parent);
        Assert.Single(got);
        // The jail cannot re-point what it was lent.
        Assert.Equal(Errno.EPERM, Assert.Throws<ErrnoException>(() => ifv.SetVlan("epair0b", 6)).Errno);
        bench.AssertClean();
    }

    [Fact]
    public void Multicast_groups_joined_on_the_vlan_are_joined_on_the_parent()
    {
        using var bench = new VlanBench();
        var group = MacAddress.Parse("33:33:00:00:00:01");
        var ifv = (VlanInterface)bench.One.CreateInterface("vlan");
        ifv.AddMulticast(group);
        Assert.False(bench.A.IsMulticastMember(group));

        ifv.SetVlan(bench.A.Name, 5);
        Assert.True(bench.A.IsMulticastMember(group));
        ifv.DeleteMulticast(group);
        Assert.False(bench.A.IsMulticastMember(group));
        ifv.AddMulticast(group);
        ifv.ClearVlan();
        Assert.False(bench.A.IsMulticastMember(group));
        bench.AssertClean();
    }

    [Fact]
    public void The_tag_and_untag_paths_allocate_nothing_per_frame()
    {
        using var bench = new VlanBench();
        var sender = bench.Vlan(bench.A, 5);
        var receiver = bench.Vlan(bench.B, 5);
        long received = 0;
        receiver.InputHandler = (_, frame) => { received++; frame.Free(); };
        var destination = bench.B.MacAddress;

        for (int i = 0; i < 64; i++)
            sender.Transmit(bench.EthernetFrame(sender, destination));
        long allocated = SteadyState.AllocatedBytes(() =>
        {
            for (int i = 0; i < 1000; i++)
                sender.Transmit(bench.EthernetFrame(sender, destination));
        });

        Assert.Equal(64 + SteadyState.Rounds * 1000, received);
        Assert.Equal(0, allocated);
        bench.AssertClean();
    }

    private static string FormatMac(byte[] bytes) => new MacAddress(bytes).ToString();
}

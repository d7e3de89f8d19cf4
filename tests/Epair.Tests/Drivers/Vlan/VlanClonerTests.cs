using Epair.Drivers.Vlan;
using Epair.Interfaces;

namespace Epair.Tests.Drivers.Vlan;

public sealed class VlanClonerTests
{
    [Fact]
    public void Vlan_create_with_vlan_and_vlandev_takes_the_lowest_unit_and_configures_the_vlan()
    {
        using var bench = new VlanBench();
        var v0 = (VlanInterface)bench.One.CreateInterface("vlan", "vlan", "5", "vlandev", "epair0a");
        var v1 = (VlanInterface)bench.One.CreateInterface("vlan", "vlandev", "epair0a", "vlan", "6");

        Assert.Equal("vlan0", v0.Name);
        Assert.Equal("vlan1", v1.Name);
        Assert.Equal(0, v0.Unit);
        Assert.Same(bench.A, v0.Parent);
        Assert.Equal(5, v0.Tag);
        Assert.Equal(6, v1.Tag);
        Assert.Equal(0x8100, v0.Protocol);
        Assert.Equal("802.1q", v0.ProtocolName);
        Assert.Equal(0, v0.Pcp);
        Assert.Equal(InterfaceType.L2Vlan, v0.Type);
        Assert.Equal("vlan", v0.DriverName);
        Assert.Same(bench.One, v0.Vnet);
        Assert.True(bench.A.HasVlans);
        bench.AssertClean();
    }

    [Fact]
    public void A_unit_asked_for_is_used_and_a_freed_unit_is_reused()
    {
        using var bench = new VlanBench();
        var v7 = bench.One.CreateInterface("vlan7", "vlan", "7", "vlandev", "epair0a");
        Assert.Equal("vlan7", v7.Name);
        Assert.Equal("vlan0", bench.One.CreateInterface("vlan", "vlan", "8", "vlandev", "epair0a").Name);

        bench.One.DestroyInterface("vlan0");
        Assert.Equal("vlan0", bench.One.CreateInterface("vlan", "vlan", "9", "vlandev", "epair0a").Name);

        var taken = Assert.Throws<ErrnoException>(() => bench.One.CreateInterface("vlan7"));
        Assert.Equal(Errno.EEXIST, taken.Errno);
        bench.AssertClean();
    }

    [Fact]
    public void The_dotted_form_keeps_its_name_and_takes_parent_and_vid_from_it()
    {
        using var bench = new VlanBench();
        var ifv = (VlanInterface)bench.One.CreateInterface("epair0a.42");

        Assert.Equal("epair0a.42", ifv.Name);
        Assert.Same(bench.A, ifv.Parent);
        Assert.Equal(42, ifv.Tag);
        Assert.Equal(-1, ifv.Unit);
        Assert.IsType<VlanCloner>(ifv.Cloner);

        // Without a unit it frees none: a wildcard vlan still starts at 0.
        bench.One.DestroyInterface(ifv);
        Assert.Null(bench.One.FindInterface("epair0a.42"));
        Assert.Equal("vlan0", bench.One.CreateInterface("vlan").Name);
        bench.AssertClean();
    }

    [Fact]
    public void The_dotted_form_matches_only_a_parent_of_this_vnet()
    {
        using var bench = new VlanBench();
        Assert.NotNull(bench.One.FindCloner("epair0a.5"));
        Assert.Null(bench.One.FindCloner("epair0b.5"));
        Assert.Null(bench.One.FindCloner("epair0a."));
        Assert.Null(bench.One.FindCloner("epair0a.5x"));

        // No cloner matches: SIOCIFCREATE2 says EINVAL, as FreeBSD does for an unknown name.
        var error = Assert.Throws<ErrnoException>(() => bench.One.CreateInterface("epair0b.5"));
        Assert.Equal(Errno.EINVAL, error.Errno);
        bench.AssertClean();
    }

    [Fact]
    public void Q_in_Q_stacks_with_both_forms()
    {
        using var bench = new VlanBench();
        bench.One.CreateInterface("vlan5", "vlandev", "epair0a", "vlan", "5", "vlanproto", "802.1ad");
        var inner = (VlanInterface)bench.One.CreateInterface("vlan5.42");

        var outer = bench.One.GetInterface<VlanInterface>("vlan5");
        Assert.Equal(0x88A8, outer.Protocol);
        Assert.Equal("802.1ad", outer.ProtocolName);
        Assert.Same(outer, inner.Parent);
        Assert.Equal(42, inner.Tag);

        // A vlan that carries other vlans cannot go first.
        var busy = Assert.Throws<ErrnoException>(() => bench.One.DestroyInterface(outer));
        Assert.Equal(Errno.EBUSY, busy.Errno);
        bench.One.DestroyInterface(inner);
        bench.One.DestroyInterface(outer);
        bench.AssertClean();
    }

    [Fact]
    public void A_vlan_moved_in_from_another_vnet_holds_its_name_and_the_wildcard_skips_it()
    {
        using var kernel = new Kernel();
        var jail = kernel.CreateVnet("j");
        var visitor = kernel.Host.CreateInterface("vlan");
        kernel.Host.MoveInterface("vlan0", jail);

        // ifc_alloc_unit: the jail's unit 0 is free, but its name is taken here.
        var own = jail.CreateInterface("vlan");
        Assert.Equal("vlan1", own.Name);
        Assert.Equal(1, own.Unit);
        Assert.Equal(Errno.EEXIST, Assert.Throws<ErrnoException>(() => jail.CreateInterface("vlan0")).Errno);
        Assert.Same(visitor, jail.FindInterface("vlan0"));
        // The visitor goes home with its vnet's end; the jail's own vlan goes with the jail.
        kernel.RemoveVnet(jail);
        Assert.Same(visitor, kernel.Host.FindInterface("vlan0"));
    }

    [Fact]
    public void Vlan_create_without_parameters_gives_an_unconfigured_vlan()
    {
        using var bench = new VlanBench();
        var ifv = (VlanInterface)bench.One.CreateInterface("vlan");

        Assert.Null(ifv.Parent);
        Assert.Equal(0, ifv.Tag);
        Assert.Equal(0, ifv.Protocol);
        Assert.Equal(VlanInterface.DefaultMtu, ifv.Mtu);
        Assert.Equal(LinkState.Unknown, ifv.LinkState);
        Assert.Equal(DriverFlags.None, ifv.DriverFlags & DriverFlags.Running);
        Assert.Equal(MacAddress.Zero, ifv.MacAddress);
        bench.AssertClean();
    }

    [Theory]
    [InlineData(new[] { "vlan", "5", "vlandev", "nosuch0" }, Errno.ENXIO)]
    [InlineData(new[] { "vlan", "0", "vlandev", "epair0a" }, Errno.EINVAL)]
    [InlineData(new[] { "vlan", "4095", "vlandev", "epair0a" }, Errno.EINVAL)]
    [InlineData(new[] { "vlan", "4096", "vlandev", "epair0a" }, Errno.EINVAL)]
    [InlineData(new[] { "vlan", "65536", "vlandev", "epair0a" }, Errno.EINVAL)]
    [InlineData(new[] { "vlan", "-1", "vlandev", "epair0a" }, Errno.EINVAL)]
    [InlineData(new[] { "vlan", "five", "vlandev", "epair0a" }, Errno.EINVAL)]
    [InlineData(new[] { "vlan", "5" }, Errno.EINVAL)]
    [InlineData(new[] { "vlandev", "epair0a" }, Errno.EINVAL)]
    [InlineData(new[] { "vlan", "5", "vlandev", "epair0a", "vlanproto", "802.3" }, Errno.EINVAL)]
    [InlineData(new[] { "vlan", "5", "vlandev", "epair0a", "bogus", "1" }, Errno.EINVAL)]
    [InlineData(new[] { "vlan", "5", "vlandev" }, Errno.EINVAL)]
    public void Bad_create_parameters_fail_as_FreeBSD_does_and_leave_nothing_behind(string[] parameters, Errno expected)
    {
        using var bench = new VlanBench();
        var error = Assert.Throws<ErrnoException>(() => bench.One.CreateInterface("vlan", parameters));

        Assert.Equal(expected, error.Errno);
        Assert.Equal("SIOCIFCREATE2", error.Operation);
        Assert.DoesNotContain(bench.One.Interfaces, i => i is VlanInterface);
        Assert.False(bench.A.HasVlans);
        // The failed create freed its unit.
        Assert.Equal("vlan0", bench.One.CreateInterface("vlan").Name);
        bench.AssertClean();
    }

    [Theory]
    [InlineData("epair0a.0")]
    [InlineData("epair0a.4095")]
    [InlineData("epair0a.99999")]
    public void A_dotted_name_with_a_reserved_or_too_large_vid_is_EINVAL(string name)
    {
        using var bench = new VlanBench();
        var error = Assert.Throws<ErrnoException>(() => bench.One.CreateInterface(name));
        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Null(bench.One.FindInterface(name));
        bench.AssertClean();
    }

    [Fact]
    public void The_boundary_vids_1_and_4094_are_accepted()
    {
        using var bench = new VlanBench();
        Assert.Equal(1, ((VlanInterface)bench.One.CreateInterface("vlan", "vlan", "1", "vlandev", "epair0a")).Tag);
        Assert.Equal(4094, ((VlanInterface)bench.One.CreateInterface("vlan", "vlan", "0xffe", "vlandev", "epair0a")).Tag);
        bench.AssertClean();
    }

    [Fact]
    public void A_vid_already_on_the_parent_is_EEXIST_whichever_form_asks()
    {
        using var bench = new VlanBench();
        bench.One.CreateInterface("vlan", "vlan", "5", "vlandev", "epair0a");

        Assert.Equal(Errno.EEXIST, Assert.Throws<ErrnoException>(() => bench.One.CreateInterface("vlan", "vlan", "5", "vlandev", "epair0a")).Errno);
        Assert.Equal(Errno.EEXIST, Assert.Throws<ErrnoException>(() => bench.One.CreateInterface("epair0a.5")).Errno);
        // The same VID on another parent is another VLAN.
        var other = bench.Two.CreateInterface("epair0b.5");
        Assert.Equal("epair0b.5", other.Name);
        Assert.Single(bench.One.Interfaces, i => i is VlanInterface);
        bench.AssertClean();
    }

    [Fact]
    public void A_dotted_name_with_a_different_vlandev_is_EINVAL()
    {
        using var bench = new VlanBench(twoVnets: false);
        var error = Assert.Throws<ErrnoException>(() =>
            bench.One.CreateInterface("epair0a.5", "vlan", "5", "vlandev", "epair0b"));
        Assert.Equal(Errno.EINVAL, error.Errno);
        bench.AssertClean();
    }

    [Fact]
    public void An_unconfigured_vlan_is_an_acceptable_parent_for_legacy_Q_in_Q()
    {
        using var bench = new VlanBench();
        var plain = (VlanInterface)bench.One.CreateInterface("vlan");
        var stacked = (VlanInterface)bench.One.CreateInterface("vlan", "vlan", "3", "vlandev", plain.Name);
        Assert.Same(plain, stacked.Parent);
        bench.AssertClean();
    }

    [Fact]
    public void A_parent_that_is_not_Ethernet_or_lacks_broadcast_and_multicast_is_EPROTONOSUPPORT()
    {
        using var bench = new VlanBench();
        var tunnel = new PointToPointInterface();
        lock (bench.Kernel.IfnetLock)
            bench.One.Attach(tunnel);
        var error = Assert.Throws<ErrnoException>(() => bench.One.CreateInterface("vlan", "vlan", "5", "vlandev", tunnel.Name));
        Assert.Equal(Errno.EPROTONOSUPPORT, error.Errno);
        Assert.False(tunnel.HasVlans);
        lock (bench.Kernel.IfnetLock)
            bench.One.Detach(tunnel);
        bench.AssertClean();
    }

    /// <summary>A stand-in for a gif/tun-like interface: not Ethernet, point to point.</summary>
    private sealed class PointToPointInterface : NetInterface
    {
        public PointToPointInterface()
            : base("ptp", 0, "ptp0", InterfaceType.Other, 50) =>
            SetFlagBits(InterfaceFlags.PointToPoint | InterfaceFlags.Multicast);

        protected override Errno TransmitCore(global::Epair.Frames.Frame frame)
        {
            frame.Free();
            return Errno.None;
        }
    }

    [Fact]
    public void Unloading_if_vlan_destroys_every_vlan_and_frees_the_parents()
    {
        using var bench = new VlanBench();
        bench.One.CreateInterface("vlan5", "vlandev", "epair0a", "vlan", "5", "vlanproto", "802.1ad");
        bench.One.CreateInterface("vlan5.42");
        bench.Two.CreateInterface("epair0b.7");

        bench.Kernel.UnloadModule("if_vlan");

        Assert.DoesNotContain(bench.One.Interfaces, i => i is VlanInterface);
        Assert.DoesNotContain(bench.Two.Interfaces, i => i is VlanInterface);
        Assert.False(bench.A.HasVlans);
        Assert.False(bench.B.HasVlans);
        Assert.Null(bench.One.FindCloner("vlan"));
        bench.AssertClean();
    }

    [Fact]
    public void Removing_the_vnet_destroys_the_vlans_made_there()
    {
        using var bench = new VlanBench();
        var ifv = bench.Vlan(bench.A, 5);

        bench.Kernel.RemoveVnet(bench.One);

        Assert.True(ifv.Index == 0);
        Assert.False(bench.A.HasVlans);
        bench.AssertClean();
    }
}

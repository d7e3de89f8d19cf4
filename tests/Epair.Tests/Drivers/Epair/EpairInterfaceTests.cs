using CsCheck;
using Epair.Drivers.Epair;
using Epair.Interfaces;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// What an epair end is once created (flags, capabilities, media, link state) and its
/// ioctl-equivalents (<c>epair_ioctl</c>: flags, multicast, media, MTU, then ether_ioctl).
/// </summary>
public sealed class EpairInterfaceTests
{
    private const InterfaceFlags SeedFlags = InterfaceFlags.Broadcast | InterfaceFlags.Simplex | InterfaceFlags.Multicast;

    [Fact]
    public void Both_ends_start_as_the_seed_sets_them_up()
    {
        using var kernel = EpairTest.NewKernel();
        var (a, b) = EpairTest.CreatePair(kernel.Host, up: false);

        foreach (var ifp in (EpairInterface[])[a, b])
        {
            Assert.Equal(SeedFlags, ifp.Flags);
            Assert.Equal(InterfaceCapabilities.VlanMtu, ifp.Capabilities);
            Assert.Equal(InterfaceCapabilities.VlanMtu, ifp.EnabledCapabilities);
            Assert.Equal(10_000_000_000L, ifp.Baudrate);
            Assert.Equal(1500, ifp.Mtu);
            Assert.Equal(DriverFlags.Running, ifp.DriverFlags);
            Assert.Equal(LinkState.Up, ifp.LinkState);
            Assert.Equal(50, ifp.SendQueueMaxLength);
            Assert.Equal(0, ifp.SendQueueLength);
            Assert.Equal(default, ifp.Counters);
            Assert.False(ifp.IsUpAndRunning);
        }
    }

    [Fact]
    public void Send_queue_length_is_net_link_ifqmaxlen()
    {
        using var kernel = EpairTest.NewKernel("deferred", ("net.link.ifqmaxlen", "7"));
        var (a, b) = EpairTest.CreatePair(kernel.Host);

        Assert.Equal(7, a.SendQueueMaxLength);
        Assert.Equal(7, b.SendQueueMaxLength);
    }

    [Fact]
    public void Each_end_gets_the_netisr_cpu_of_its_index()
    {
        using var kernel = EpairTest.NewKernel();
        for (int i = 0; i < 6; i++)
        {
            var (a, b) = EpairTest.CreatePair(kernel.Host, up: false);
            Assert.Equal(kernel.Netisr.GetCpuId(a.Index), a.Cpu);
            Assert.Equal(kernel.Netisr.GetCpuId(b.Index), b.Cpu);
        }
    }

    [Fact]
    public void Media_is_Ethernet_10GbaseT_full_duplex_valid_and_active()
    {
        using var kernel = EpairTest.NewKernel();
        var (a, b) = EpairTest.CreatePair(kernel.Host, up: false);

        foreach (var ifp in (EpairInterface[])[a, b])
        {
            var media = ifp.GetMedia();
            Assert.Equal(MediaWord.Ethernet10GBaseT, media.Current);
            Assert.Equal(new MediaWord(MediaWord.IFM_ETHER | MediaWord.IFM_10G_T | MediaWord.IFM_FDX), media.Active);
            Assert.Equal(MediaStatus.Valid | MediaStatus.Active, media.Status);
            Assert.Equal([MediaWord.Ethernet10GBaseT], media.Supported);
            Assert.Equal("Ethernet 10Gbase-T (10Gbase-T <full-duplex>)", media.Describe());
            Assert.Equal("active", media.DescribeStatus());
        }
    }

    [Fact]
    public void Setting_the_one_medium_succeeds_and_changes_nothing()
    {
        using var kernel = EpairTest.NewKernel();
        var (a, _) = EpairTest.CreatePair(kernel.Host);

        a.SetMedia(MediaWord.Ethernet10GBaseT);

        Assert.Equal("Ethernet 10Gbase-T (10Gbase-T <full-duplex>)", a.GetMedia().Describe());
        Assert.Equal(LinkState.Up, a.LinkState);
    }

    [Theory]
    [InlineData(MediaWord.IFM_ETHER | MediaWord.IFM_AUTO)]
    [InlineData(MediaWord.IFM_ETHER | MediaWord.IFM_1000_T)]
    [InlineData(MediaWord.IFM_ETHER | MediaWord.IFM_10G_T | MediaWord.IFM_FDX)] // ifmedia_match with a zero mask: options must match too
    [InlineData(MediaWord.IFM_ETHER | MediaWord.IFM_NONE)]
    [InlineData(MediaWord.IFM_10G_T)]
    public void Setting_any_other_medium_is_ENXIO(int word)
    {
        using var kernel = EpairTest.NewKernel();
        var (a, _) = EpairTest.CreatePair(kernel.Host);

        var ex = EpairTest.ThrowsErrno(Errno.ENXIO, () => a.SetMedia(new MediaWord(word)));

        Assert.Equal("SIOCSIFMEDIA: Device not configured", ex.Message);
        Assert.Equal(MediaWord.Ethernet10GBaseT, a.GetMedia().Current);
    }

    [Fact]
    public void Set_flags_changes_UP_and_keeps_what_cannot_change()
    {
        using var kernel = EpairTest.NewKernel();
        var (a, b) = EpairTest.CreatePair(kernel.Host, up: false);

        a.SetFlags(InterfaceFlags.Up);
        Assert.Equal(SeedFlags | InterfaceFlags.Up, a.Flags);
        Assert.True(a.IsUpAndRunning);
        Assert.False(b.IsUpAndRunning);

        a.SetFlags(InterfaceFlags.Up | InterfaceFlags.Link0 | InterfaceFlags.Loopback | InterfaceFlags.PointToPoint);
        Assert.Equal(SeedFlags | InterfaceFlags.Up | InterfaceFlags.Link0 | InterfaceFlags.Loopback, a.Flags);

        a.SetFlags(InterfaceFlags.None);
        Assert.Equal(SeedFlags, a.Flags);
        Assert.Equal(DriverFlags.Running, a.DriverFlags);
        Assert.Equal(LinkState.Up, a.LinkState);
    }

    [Fact]
    public void Link_goes_down_and_running_clears_on_both_ends_at_destroy_destroyed_end_first()
    {
        using var kernel = EpairTest.NewKernel();
        var jail = kernel.CreateVnet("one");
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        kernel.Host.MoveInterface(b.Name, jail);
        var events = new List<(string Name, LinkState State)>();
        a.LinkStateChanged += (_, state) => events.Add((a.Name, state));
        b.LinkStateChanged += (_, state) => events.Add((b.Name, state));

        jail.DestroyInterface("epair0b");

        Assert.Equal([("epair0b", LinkState.Down), ("epair0a", LinkState.Down)], events);
        Assert.Equal(DriverFlags.None, a.DriverFlags & DriverFlags.Running);
        Assert.Equal(DriverFlags.None, b.DriverFlags & DriverFlags.Running);
        Assert.Equal(LinkState.Down, a.LinkState);
        Assert.Equal(LinkState.Down, b.LinkState);
    }

    [Theory]
    [InlineData(72)]
    [InlineData(1280)]
    [InlineData(9000)]
    [InlineData(16384)]
    [InlineData(65535)]
    public void Any_mtu_from_72_to_65535_is_taken_as_it_is(int mtu)
    {
        using var kernel = EpairTest.NewKernel();
        var (a, b) = EpairTest.CreatePair(kernel.Host);

        a.SetMtu(mtu);

        Assert.Equal(mtu, a.Mtu);
        Assert.Equal(1500, b.Mtu);
    }

    [Theory]
    [InlineData(71)]
    [InlineData(65536)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void An_mtu_outside_72_to_65535_is_EINVAL(int mtu)
    {
        using var kernel = EpairTest.NewKernel();
        var (a, _) = EpairTest.CreatePair(kernel.Host);

        var ex = EpairTest.ThrowsErrno(Errno.EINVAL, () => a.SetMtu(mtu));

        Assert.Equal("SIOCSIFMTU: Invalid argument", ex.Message);
        Assert.Equal(1500, a.Mtu);
    }

    [Fact]
    public void Mtu_is_accepted_exactly_in_the_generic_range_for_any_value()
    {
        using var kernel = EpairTest.NewKernel();
        var (a, _) = EpairTest.CreatePair(kernel.Host);

        Gen.Int.Sample(mtu =>
        {
            int before = a.Mtu;
            if (mtu is >= NetInterface.MinMtu and <= NetInterface.MaxMtu)
            {
                a.SetMtu(mtu);
                Assert.Equal(mtu, a.Mtu);
            }
            else
            {
                EpairTest.ThrowsErrno(Errno.EINVAL, () => a.SetMtu(mtu));
                Assert.Equal(before, a.Mtu);
            }
        }, iter: 5000, threads: 1);
        Gen.Int[NetInterface.MinMtu, NetInterface.MaxMtu].Sample(mtu =>
        {
            a.SetMtu(mtu);
            Assert.Equal(mtu, a.Mtu);
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void Set_mac_address_changes_it_tells_listeners_and_keeps_the_interface_up()
    {
        using var kernel = EpairTest.NewKernel();
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var peerBefore = b.MacAddress;
        var told = new List<MacAddress>();
        a.LinkAddressChanged += (_, mac) => told.Add(mac);
        var mac = MacAddress.Parse("02:00:5e:aa:bb:cc");

        a.SetMacAddress(mac);

        Assert.Equal(mac, a.MacAddress);
        Assert.Equal([mac], told);
        Assert.True(a.IsUpAndRunning);
        Assert.Equal(peerBefore, b.MacAddress);
    }

    [Fact]
    public void Multicast_groups_are_joined_with_references_and_left()
    {
        using var kernel = EpairTest.NewKernel();
        var (a, _) = EpairTest.CreatePair(kernel.Host);
        var group = MacAddress.Parse("01:00:5e:00:00:01");
        var other = MacAddress.Parse("33:33:00:00:00:01");

        a.AddMulticast(group);
        a.AddMulticast(group);
        a.AddMulticast(other);
        Assert.Equal([group, other], a.MulticastAddresses);

        a.DeleteMulticast(group);
        Assert.True(a.IsMulticastMember(group));
        a.DeleteMulticast(group);
        Assert.False(a.IsMulticastMember(group));
        Assert.Equal([other], a.MulticastAddresses);

        var ex = EpairTest.ThrowsErrno(Errno.ENOENT, () => a.DeleteMulticast(group));
        Assert.Equal("SIOCDELMULTI: No such file or directory", ex.Message);
    }

    [Fact]
    public void Joining_a_unicast_address_as_a_group_is_EADDRNOTAVAIL()
    {
        using var kernel = EpairTest.NewKernel();
        var (a, _) = EpairTest.CreatePair(kernel.Host);

        EpairTest.ThrowsErrno(Errno.EADDRNOTAVAIL, () => a.AddMulticast(MacAddress.Parse("02:00:5e:00:00:01")));

        Assert.Empty(a.MulticastAddresses);
    }
}

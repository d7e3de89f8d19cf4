using Epair.Frames;
using Epair.Interfaces;
using Epair.Tests.TestSupport;

namespace Epair.Tests.Interfaces;

public sealed class NetInterfaceTests
{
    private readonly FramePool _pool = new();

    private sealed class RecordingTap : IFrameTap
    {
        public List<(string Interface, TapDirection Direction, int Length)> Seen { get; } = [];

        public void Tap(NetInterface ifp, Frame frame, TapDirection direction) =>
            Seen.Add((ifp.Name, direction, frame.Length));
    }

    // --- identity --------------------------------------------------------------------------

    [Fact]
    public void A_new_interface_is_down_detached_and_silent()
    {
        var ifp = new TestDriver("test7", unit: 7, sendQueueLength: 42);

        Assert.Equal("test7", ifp.Name);
        Assert.Equal("test7", ifp.ToString());
        Assert.Equal("test", ifp.DriverName);
        Assert.Equal(7, ifp.Unit);
        Assert.Equal(InterfaceType.Ethernet, ifp.Type);
        Assert.Equal(InterfaceFlags.None, ifp.Flags);
        Assert.Equal(DriverFlags.None, ifp.DriverFlags);
        Assert.False(ifp.IsUpAndRunning);
        Assert.False(ifp.IsDying);
        Assert.Equal(1500, ifp.Mtu);
        Assert.Equal(LinkState.Unknown, ifp.LinkState);
        Assert.Equal(0, ifp.Index);
        Assert.Equal(42, ifp.SendQueueMaxLength);
        Assert.Equal(0, ifp.SendQueueLength);
        Assert.Equal(default, ifp.Counters);
        Assert.Empty(ifp.MulticastAddresses);
    }

    [Theory]
    [InlineData("", Errno.EINVAL)]
    [InlineData("sixteen_chars_xx", Errno.ENAMETOOLONG)]
    public void Names_must_fit_IFNAMSIZ(string name, Errno errno)
    {
        var ex = Assert.Throws<ErrnoException>(() => new TestDriver(name));

        Assert.Equal(errno, ex.Errno);
    }

    [Fact]
    public void Fifteen_characters_fit()
    {
        Assert.Equal(15, new TestDriver("fifteen_chars_x").Name.Length);
    }

    // --- transmit --------------------------------------------------------------------------

    [Fact]
    public void Transmit_marks_broadcast_and_multicast_from_the_destination()
    {
        var ifp = new TestDriver();

        ifp.Transmit(TestFrames.Ethernet(_pool, MacAddress.Broadcast));
        ifp.Transmit(TestFrames.Ethernet(_pool, TestFrames.Multicast));
        ifp.Transmit(TestFrames.Ethernet(_pool, TestFrames.Unicast));
        ifp.Transmit(_pool.Rent([0xff, 0xff, 0xff]));

        Assert.Equal([FrameFlags.Broadcast, FrameFlags.Multicast, FrameFlags.None, FrameFlags.None], ifp.TransmittedFlags);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Transmit_returns_the_drivers_answer()
    {
        var ifp = new TestDriver
        {
            OnTransmit = frame =>
            {
                frame.Free();
                return Errno.ENETDOWN;
            },
        };

        Assert.Equal(Errno.ENETDOWN, ifp.Transmit(_pool.Rent(64)));
        Assert.Equal(0, _pool.Outstanding);
    }

    // --- flags -----------------------------------------------------------------------------

    [Fact]
    public void Up_and_Down_set_and_clear_IFF_UP_and_tell_the_driver()
    {
        var ifp = new TestDriver();

        ifp.Up();
        Assert.Equal(InterfaceFlags.Up, ifp.Flags);
        ifp.SetDriverFlags(DriverFlags.Running);
        Assert.True(ifp.IsUpAndRunning);
        ifp.Down();

        Assert.Equal(InterfaceFlags.None, ifp.Flags);
        Assert.False(ifp.IsUpAndRunning);
        Assert.Equal(2, ifp.FlagsChangedCalls);
    }

    [Fact]
    public void Going_down_flushes_the_send_queue_as_output_drops()
    {
        var ifp = new TestDriver();
        ifp.Up();
        for (int i = 0; i < 3; i++)
            Assert.Equal(Errno.None, ifp.Enqueue(_pool.Rent(64)));

        ifp.Down();

        Assert.Equal(1, ifp.QueueFlushCalls);
        Assert.Equal(0, ifp.SendQueueLength);
        Assert.Equal(3, ifp.Counters.OQDrops);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Flags_that_cannot_change_keep_their_values()
    {
        var ifp = new TestDriver();
        ifp.SetFlagBits(InterfaceFlags.Broadcast | InterfaceFlags.Simplex);

        // Try to drop BROADCAST|SIMPLEX and add POINTOPOINT|MULTICAST|DYING along with LINK0.
        ifp.SetFlags(InterfaceFlags.PointToPoint | InterfaceFlags.Multicast | InterfaceFlags.Dying | InterfaceFlags.Link0);

        Assert.Equal(InterfaceFlags.Broadcast | InterfaceFlags.Simplex | InterfaceFlags.Link0, ifp.Flags);
    }

    [Fact]
    public void PPROMISC_is_the_users_promiscuity_and_sets_PROMISC()
    {
        var ifp = new TestDriver();

        ifp.SetFlags(InterfaceFlags.PermanentPromiscuous);
        Assert.Equal(InterfaceFlags.PermanentPromiscuous | InterfaceFlags.Promiscuous, ifp.Flags);
        ifp.SetFlags(InterfaceFlags.None);

        Assert.Equal(InterfaceFlags.None, ifp.Flags);
    }

    [Fact]
    public void A_driver_refusing_new_flags_is_SIOCSIFFLAGS_error()
    {
        var ifp = new TestDriver { FlagsResult = Errno.EINVAL };

        var ex = Assert.Throws<ErrnoException>(() => ifp.SetFlags(InterfaceFlags.Link1));

        Assert.Equal("SIOCSIFFLAGS: Invalid argument", ex.Message);
    }

    // --- MTU -------------------------------------------------------------------------------

    [Theory]
    [InlineData(72)]
    [InlineData(1500)]
    [InlineData(9000)]
    [InlineData(65535)]
    public void MTUs_from_72_to_65535_reach_the_driver(int mtu)
    {
        var ifp = new TestDriver();

        ifp.SetMtu(mtu);

        Assert.Equal(mtu, ifp.Mtu);
    }

    [Theory]
    [InlineData(71)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void MTUs_outside_IF_MINMTU_IF_MAXMTU_are_EINVAL(int mtu)
    {
        var ifp = new TestDriver();

        var ex = Assert.Throws<ErrnoException>(() => ifp.SetMtu(mtu));

        Assert.Equal("SIOCSIFMTU: Invalid argument", ex.Message);
        Assert.Equal(1500, ifp.Mtu);
    }

    [Fact]
    public void The_driver_may_refuse_an_MTU_the_generic_layer_allows()
    {
        var ifp = new TestDriver { MtuResult = Errno.EOPNOTSUPP };

        var ex = Assert.Throws<ErrnoException>(() => ifp.SetMtu(9000));

        Assert.Equal(Errno.EOPNOTSUPP, ex.Errno);
        Assert.Equal(1500, ifp.Mtu);
    }

    // --- link-level address ----------------------------------------------------------------

    [Fact]
    public void SetMacAddress_changes_the_address_and_raises_the_event()
    {
        var ifp = new TestDriver();
        var mac = MacAddress.Parse("02:aa:bb:cc:dd:ee");
        var seen = new List<MacAddress>();
        ifp.LinkAddressChanged += (sender, m) => { Assert.Same(ifp, sender); seen.Add(m); };

        ifp.SetMacAddress(mac);

        Assert.Equal(mac, ifp.MacAddress);
        Assert.Equal([mac], seen);
        Assert.Equal(0, ifp.FlagsChangedCalls);
    }

    [Fact]
    public void SetMacAddress_on_an_up_interface_bounces_it_and_leaves_it_up()
    {
        var ifp = new TestDriver();
        ifp.Up();
        int before = ifp.FlagsChangedCalls;

        ifp.SetMacAddress(MacAddress.Parse("02:00:00:00:00:99"));

        Assert.Equal(before + 2, ifp.FlagsChangedCalls);
        Assert.Equal(InterfaceFlags.Up, ifp.Flags & InterfaceFlags.Up);
    }

    [Fact]
    public void Only_Ethernet_like_interfaces_take_a_link_level_address()
    {
        var loopback = new TestDriver("lo0", type: InterfaceType.Loopback);

        var ex = Assert.Throws<ErrnoException>(() => loopback.SetMacAddress(TestFrames.Unicast));

        Assert.Equal("SIOCSIFLLADDR: Operation not supported by device", ex.Message);
        Assert.Equal(MacAddress.Zero, loopback.MacAddress);
        new TestDriver("vlan0", type: InterfaceType.L2Vlan).SetMacAddress(TestFrames.Unicast);
        new TestDriver("bridge0", type: InterfaceType.Bridge).SetMacAddress(TestFrames.Unicast);
    }

    // --- multicast -------------------------------------------------------------------------

    [Fact]
    public void Multicast_memberships_are_reference_counted()
    {
        var ifp = new TestDriver();
        var group = TestFrames.Multicast;

        ifp.AddMulticast(group);
        ifp.AddMulticast(group);
        Assert.Equal([group], ifp.MulticastAddresses);
        Assert.Equal(1, ifp.MulticastChangedCalls);

        ifp.DeleteMulticast(group);
        Assert.True(ifp.IsMulticastMember(group));
        ifp.DeleteMulticast(group);

        Assert.False(ifp.IsMulticastMember(group));
        Assert.Empty(ifp.MulticastAddresses);
        Assert.Equal(2, ifp.MulticastChangedCalls);
    }

    [Fact]
    public void Only_group_addresses_can_be_joined()
    {
        var ifp = new TestDriver();

        var ex = Assert.Throws<ErrnoException>(() => ifp.AddMulticast(TestFrames.Unicast));

        Assert.Equal("SIOCADDMULTI: Can't assign requested address", ex.Message);
        Assert.Empty(ifp.MulticastAddresses);
    }

    [Fact]
    public void Leaving_a_group_not_joined_is_ENOENT()
    {
        var ifp = new TestDriver();

        var ex = Assert.Throws<ErrnoException>(() => ifp.DeleteMulticast(TestFrames.Multicast));

        Assert.Equal("SIOCDELMULTI: No such file or directory", ex.Message);
    }

    [Fact]
    public void The_drivers_multicast_error_is_reported()
    {
        var ifp = new TestDriver { MulticastResult = Errno.ENOSPC };

        var ex = Assert.Throws<ErrnoException>(() => ifp.AddMulticast(TestFrames.Multicast));

        Assert.Equal(Errno.ENOSPC, ex.Errno);
    }

    // --- media -----------------------------------------------------------------------------

    [Fact]
    public void An_interface_without_media_says_EINVAL()
    {
        var ifp = new TestDriver();

        Assert.Equal("SIOCGIFMEDIA: Invalid argument", Assert.Throws<ErrnoException>(ifp.GetMedia).Message);
        Assert.Equal("SIOCSIFMEDIA: Invalid argument",
            Assert.Throws<ErrnoException>(() => ifp.SetMedia(MediaWord.Ethernet10GBaseT)).Message);
    }

    [Fact]
    public void Media_come_from_the_driver()
    {
        var info = new MediaInfo(MediaWord.Ethernet10GBaseT, MediaWord.Ethernet10GBaseT, MediaStatus.Valid, [MediaWord.Ethernet10GBaseT]);
        var ifp = new TestDriver { Media = info };

        Assert.Same(info, ifp.GetMedia());
        ifp.SetMedia(MediaWord.Ethernet10GBaseT);
        Assert.Throws<ErrnoException>(() => ifp.SetMedia(new MediaWord(MediaWord.IFM_ETHER | MediaWord.IFM_1000_T)));
    }

    // --- link state, counters --------------------------------------------------------------

    [Fact]
    public void Link_state_events_fire_only_on_change()
    {
        var ifp = new TestDriver();
        var seen = new List<LinkState>();
        ifp.LinkStateChanged += (_, state) => seen.Add(state);

        ifp.ChangeLinkState(LinkState.Up);
        ifp.ChangeLinkState(LinkState.Up);
        ifp.ChangeLinkState(LinkState.Down);

        Assert.Equal([LinkState.Up, LinkState.Down], seen);
        Assert.Equal(LinkState.Down, ifp.LinkState);
    }

    [Fact]
    public void Each_counter_is_its_own_and_the_snapshot_indexes_them_by_name()
    {
        var ifp = new TestDriver();
        var all = Enum.GetValues<InterfaceCounter>();
        for (int i = 0; i < all.Length; i++)
            ifp.AddCounter(all[i], i + 1);
        ifp.IncrementCounter(InterfaceCounter.NOPROTO);

        var snapshot = ifp.Counters;

        Assert.Equal(12, all.Length);
        for (int i = 0; i < all.Length - 1; i++)
        {
            Assert.Equal(i + 1, snapshot[all[i]]);
            Assert.Equal(i + 1, ifp.GetCounter(all[i]));
        }
        Assert.Equal(13, snapshot.NoProto);
        Assert.Equal(1, snapshot.IPackets);
        Assert.Equal(11, snapshot.OQDrops);
        Assert.Throws<ArgumentOutOfRangeException>(() => snapshot[(InterfaceCounter)12]);
    }

    // --- send queue ------------------------------------------------------------------------

    [Fact]
    public void A_full_send_queue_counts_OQDROPS_and_frees_the_frame()
    {
        var ifp = new TestDriver(sendQueueLength: 1);
        Assert.Equal(Errno.None, ifp.Enqueue(_pool.Rent(64)));

        Assert.Equal(Errno.ENOBUFS, ifp.Enqueue(_pool.Rent(64)));

        Assert.Equal(1, ifp.Counters.OQDrops);
        Assert.Equal(1, ifp.SendQueueLength);
        Assert.Equal(1, _pool.Outstanding);
        ifp.Flush();
        Assert.Equal(2, ifp.Counters.OQDrops);
        Assert.Equal(0, _pool.Outstanding);
    }

    // --- taps ------------------------------------------------------------------------------

    [Fact]
    public void Taps_see_frames_both_ways_until_detached()
    {
        var ifp = new TestDriver { InputHandler = (_, f) => f.Free() };
        var first = new RecordingTap();
        var second = new RecordingTap();
        var registration = ifp.AttachTap(first);
        using (ifp.AttachTap(second))
        {
            Assert.True(ifp.Tapped);
            var frame = _pool.Rent(60);
            ifp.Tap(frame, TapDirection.Out);
            frame.Free();
            ifp.Input(_pool.Rent(70));
        }
        registration.Dispose();
        registration.Dispose();
        ifp.Input(_pool.Rent(80));

        Assert.False(ifp.Tapped);
        Assert.Equal([("test0", TapDirection.Out, 60), ("test0", TapDirection.In, 70)], first.Seen);
        Assert.Equal(first.Seen, second.Seen);
        Assert.Throws<ArgumentNullException>(() => ifp.AttachTap(null!));
        Assert.Equal(0, _pool.Outstanding);
    }

    // --- input -----------------------------------------------------------------------------

    [Fact]
    public void Input_hands_the_frame_to_the_handler_with_its_receive_interface()
    {
        var ifp = new TestDriver();
        NetInterface? receiver = null, rcvif = null;
        ifp.InputHandler = (r, f) => { receiver = r; rcvif = f.ReceiveInterface; f.Free(); };

        ifp.Input(_pool.Rent(64));

        Assert.Same(ifp, receiver);
        Assert.Same(ifp, rcvif);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Input_with_no_handler_is_NOPROTO_and_frees_the_frame()
    {
        var ifp = new TestDriver();

        ifp.Input(_pool.Rent(64));

        Assert.Equal(1, ifp.Counters.NoProto);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void A_throwing_handler_is_an_input_error_reported_to_the_kernel()
    {
        using var kernel = TestKernels.Create(epair: false);
        TestCloner.AddTo(kernel.Host);
        var ifp = (TestDriver)kernel.Host.CreateInterface("test");
        var faults = new List<HandlerFault>();
        kernel.HandlerFaulted += (_, fault) => faults.Add(fault);
        ifp.InputHandler = (_, f) =>
        {
            f.Free();
            throw new InvalidOperationException("boom");
        };

        ifp.Input(kernel.Frames.Rent(64));
        ifp.Input(kernel.Frames.Rent(64));

        Assert.Equal(2, ifp.Counters.IErrors);
        Assert.Equal(2, faults.Count);
        Assert.Equal("test0", faults[0].Source);
        Assert.Equal("boom", faults[0].Exception.Message);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Fact]
    public void A_throwing_handler_on_a_detached_interface_is_still_only_an_input_error()
    {
        var ifp = new TestDriver { InputHandler = (_, f) => { f.Free(); throw new InvalidOperationException(); } };

        ifp.Input(_pool.Rent(64));

        Assert.Equal(1, ifp.Counters.IErrors);
    }

    [Fact]
    public void A_description_is_kept_cleared_by_an_empty_text_and_bounded_by_ifdescr_maxlen()
    {
        var ifp = new TestDriver();

        ifp.Description = "uplink to the lab";
        Assert.Equal("uplink to the lab", ifp.Description);
        ifp.Description = "";
        Assert.Null(ifp.Description);
        Assert.Equal(Errno.ENAMETOOLONG, Assert.Throws<ErrnoException>(() => ifp.Description = new string('d', NetInterface.DescriptionMaxLength)).Errno);
        ifp.Description = new string('d', NetInterface.DescriptionMaxLength - 1);
        Assert.Equal(NetInterface.DescriptionMaxLength - 1, ifp.Description!.Length);
    }

    [Fact]
    public void Groups_keep_their_order_refuse_a_second_join_and_a_missing_leave()
    {
        var ifp = new TestDriver();

        ifp.AddGroup("lab");
        ifp.AddGroup("uplinks");

        Assert.Equal(["lab", "uplinks"], ifp.Groups);
        Assert.Equal(Errno.EEXIST, Assert.Throws<ErrnoException>(() => ifp.AddGroup("lab")).Errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => ifp.AddGroup("")).Errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => ifp.AddGroup(new string('g', NetInterface.NameSize))).Errno);
        ifp.RemoveGroup("lab");
        Assert.Equal(["uplinks"], ifp.Groups);
        Assert.Equal(Errno.ENOENT, Assert.Throws<ErrnoException>(() => ifp.RemoveGroup("lab")).Errno);
    }
}

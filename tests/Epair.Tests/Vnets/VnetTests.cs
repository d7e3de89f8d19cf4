using Epair.Drivers.Epair;
using Epair.Interfaces;
using Epair.Tests.TestSupport;
using Epair.Vnets;

namespace Epair.Tests.Vnets;

public sealed class VnetTests : IDisposable
{
    private readonly Kernel _kernel = TestKernels.Create();
    private readonly Vnet _host;

    public VnetTests()
    {
        _host = _kernel.Host;
        TestCloner.AddTo(_host);
    }

    public void Dispose() => _kernel.Dispose();

    private Vnet Jail(string name = "one")
    {
        var jail = _kernel.CreateVnet(name);
        TestCloner.AddTo(jail);
        return jail;
    }

    private static ErrnoException Fails(Action action) => Assert.Throws<ErrnoException>(action);

    // --- identity --------------------------------------------------------------------------

    [Fact]
    public void The_host_is_vnet0_and_jails_are_named()
    {
        var jail = _kernel.CreateVnet("one", hostId: 5);

        Assert.Equal(("0", 0, true, "vnet0"), (_host.Name, _host.Id, _host.IsHost, _host.ToString()));
        Assert.Equal(("one", 1, false, "one"), (jail.Name, jail.Id, jail.IsHost, jail.ToString()));
        Assert.Same(_kernel, jail.Kernel);
        Assert.Equal(5UL, jail.HostId);
        Assert.Equal(_host.HostUuid, jail.HostUuid);
        Assert.False(jail.IsRemoved);
    }

    [Fact]
    public void Host_identity_can_be_changed_but_the_uuid_cannot_be_null()
    {
        var jail = Jail();

        jail.HostId = 0xfeed;
        jail.HostUuid = "uuid";

        Assert.Equal((0xfeedUL, "uuid"), (jail.HostId, jail.HostUuid));
        Assert.Throws<ArgumentNullException>(() => jail.HostUuid = null!);
    }

    [Fact]
    public void Every_vnet_has_its_own_cloners()
    {
        var jail = Jail();

        Assert.Contains(_host.Cloners, c => c.Name == "epair");
        Assert.Contains(jail.Cloners, c => c.Name == "epair");
        Assert.NotSame(_host.FindClonerByName("epair"), jail.FindClonerByName("epair"));
        Assert.Same(jail, jail.FindClonerByName("epair")!.Vnet);
        Assert.Same(_host.FindClonerByName("epair"), _host.FindCloner("epair12"));
        Assert.Null(_host.FindCloner("epair0a"));
        Assert.Null(_host.FindClonerByName("epair0"));
    }

    // --- create ----------------------------------------------------------------------------

    [Theory]
    [InlineData("", Errno.EINVAL)]
    [InlineData("sixteen_chars_xx", Errno.ENAMETOOLONG)]
    [InlineData("nosuch0", Errno.EINVAL)]
    [InlineData("epair0a", Errno.EINVAL)]
    [InlineData("test00", Errno.EINVAL)]
    public void Create_refuses_bad_names_with_SIOCIFCREATE2_errors(string name, Errno errno)
    {
        var ex = Fails(() => _host.CreateInterface(name));

        Assert.Equal(errno, ex.Errno);
        Assert.Equal("SIOCIFCREATE2", ex.Operation);
        Assert.Equal([_host.Loopback!], _host.Interfaces); // nothing but lo0
    }

    [Fact]
    public void Create_of_an_existing_name_is_EEXIST()
    {
        _host.CreateInterface("test3");

        var ex = Fails(() => _host.CreateInterface("test3"));

        Assert.Equal("SIOCIFCREATE2: File exists", ex.Message);
        Assert.Equal(["lo0", "test3"], _host.Interfaces.Select(i => i.Name));
    }

    [Fact]
    public void Indexes_are_per_vnet_lowest_free_after_lo0()
    {
        var jail = Jail();
        var t0 = _host.CreateInterface("test");
        var t1 = _host.CreateInterface("test");
        var t2 = _host.CreateInterface("test");
        var j0 = jail.CreateInterface("test");

        // Every vnet's lo0 holds index 1, as vnet_loif_init attaches it first on FreeBSD.
        Assert.Equal((1, 1), (_host.Loopback!.Index, jail.Loopback!.Index));
        Assert.Equal((2, 3, 4), (t0.Index, t1.Index, t2.Index));
        Assert.Equal(2, j0.Index);

        _host.DestroyInterface("test1");
        var again = _host.CreateInterface("test7");

        Assert.Equal(3, again.Index);
        Assert.Equal(5, _host.CreateInterface("test").Index);
    }

    [Fact]
    public void The_index_table_grows_past_its_first_size()
    {
        var created = Enumerable.Range(0, 20).Select(_ => _host.CreateInterface("test")).ToList();

        Assert.Equal(Enumerable.Range(2, 20), created.Select(i => i.Index)); // lo0 is 1
        Assert.All(created, i => Assert.Same(i, _host.FindInterface(i.Index)));
    }

    [Fact]
    public void Interfaces_are_listed_in_attach_order()
    {
        var a = _host.CreateInterface("test5");
        var pair = _host.CreateEpair();
        var b = _host.CreateInterface("test1");

        Assert.Equal([_host.Loopback!, a, pair, pair.Peer, b], _host.Interfaces);
        Assert.All(_host.Interfaces, i => Assert.Same(_host, i.Vnet));
        Assert.All(_host.Interfaces, i => Assert.Same(_host, i.HomeVnet));
    }

    // --- find ------------------------------------------------------------------------------

    [Fact]
    public void FindInterface_by_name_and_index()
    {
        var ifp = _host.CreateInterface("test");

        Assert.Same(ifp, _host.FindInterface("test0"));
        Assert.Same(ifp, _host.FindInterface(2));
        Assert.Same(_host.Loopback, _host.FindInterface(1));
        Assert.Same(ifp, _host.GetInterface("test0"));
        Assert.Same(ifp, _host.GetInterface<TestDriver>("test0"));
        Assert.Null(_host.FindInterface("test1"));
        Assert.Null(_host.FindInterface("TEST0"));
        Assert.Null(_host.FindInterface(0));
        Assert.Null(_host.FindInterface(-1));
        Assert.Null(_host.FindInterface(1000));
    }

    [Fact]
    public void GetInterface_is_ENXIO_for_a_missing_name_or_the_wrong_type()
    {
        _host.CreateInterface("test");

        Assert.Equal(Errno.ENXIO, Fails(() => _host.GetInterface("nope0")).Errno);
        Assert.Equal(Errno.ENXIO, Fails(() => _host.GetInterface<EpairInterface>("test0")).Errno);
    }

    // --- destroy ---------------------------------------------------------------------------

    [Fact]
    public void Destroy_of_an_unknown_name_is_ENXIO()
    {
        Assert.Equal("SIOCIFDESTROY: Device not configured", Fails(() => _host.DestroyInterface("test9")).Message);
    }

    [Fact]
    public void Destroy_of_an_interface_no_cloner_made_is_EINVAL()
    {
        var plain = new TestDriver("plain0");
        lock (_kernel.IfnetLock)
            _host.Attach(plain);

        Assert.Equal(Errno.EINVAL, Fails(() => _host.DestroyInterface("plain0")).Errno);
        Assert.Same(plain, _host.FindInterface("plain0"));
    }

    [Fact]
    public void Destroy_through_a_vnet_the_interface_is_not_in_is_ENXIO()
    {
        var jail = Jail();
        var ifp = jail.CreateInterface("test");

        Assert.Equal(Errno.ENXIO, Fails(() => _host.DestroyInterface(ifp)).Errno);
        Assert.Same(ifp, jail.FindInterface("test0"));
    }

    [Fact]
    public void Destroy_detaches_and_frees_the_index()
    {
        var ifp = _host.CreateInterface("test");

        _host.DestroyInterface(ifp);

        Assert.Equal([_host.Loopback!], _host.Interfaces);
        Assert.Null(_host.FindInterface(2));
        Assert.Equal(0, ifp.Index);
        Assert.True(ifp.IsDying);
    }

    // --- move ------------------------------------------------------------------------------

    [Fact]
    public void A_moved_interface_keeps_its_name_takes_a_new_index_and_arrives_down()
    {
        var jail = Jail();
        jail.CreateInterface("test");
        var ifp = _host.CreateInterface("test5");
        ifp.Up();

        _host.MoveInterface("test5", jail);

        Assert.Equal("test5", ifp.Name);
        Assert.Same(jail, ifp.Vnet);
        Assert.Same(_host, ifp.HomeVnet);
        Assert.Equal(3, ifp.Index); // after the jail's lo0 (1) and test0 (2)
        Assert.Equal(0, (int)(ifp.Flags & InterfaceFlags.Up));
        Assert.Same(ifp, jail.FindInterface("test5"));
        Assert.Same(ifp, jail.FindInterface(3));
        Assert.Null(_host.FindInterface("test5"));
        Assert.Null(_host.FindInterface(2));
        Assert.Equal([_host.Loopback!], _host.Interfaces);
    }

    [Fact]
    public void Moving_flushes_what_waits_in_the_send_queue()
    {
        var jail = Jail();
        var ifp = (TestDriver)_host.CreateInterface("test");
        ifp.Up();
        ifp.Enqueue(_kernel.Frames.Rent(64));

        _host.MoveInterface("test0", jail);

        Assert.Equal(0, ifp.SendQueueLength);
        Assert.Equal(1, ifp.Counters.OQDrops);
        Assert.Equal(0, _kernel.Frames.Outstanding);
    }

    [Fact]
    public void The_index_a_move_frees_is_reused_in_the_source()
    {
        var jail = Jail();
        _host.CreateInterface("test");
        _host.CreateInterface("test");

        _host.MoveInterface("test0", jail);

        Assert.Equal(2, _host.CreateInterface("test").Index); // test0's, the lowest free after lo0
    }

    [Fact]
    public void Moving_onto_a_name_the_target_has_is_EEXIST()
    {
        var jail = Jail();
        var mine = _host.CreateEpair();
        jail.CreateEpair();

        var ex = Fails(() => _host.MoveInterface("epair0a", jail));

        Assert.Equal("SIOCSIFVNET: File exists", ex.Message);
        Assert.Same(_host, mine.Vnet);
    }

    [Fact]
    public void Moving_into_the_same_vnet_is_EEXIST()
    {
        var ifp = _host.CreateInterface("test");

        Assert.Equal(Errno.EEXIST, Fails(() => _host.MoveInterface("test0", _host)).Errno);
        Assert.Equal(2, ifp.Index);
    }

    [Fact]
    public void Moving_an_unknown_interface_is_ENXIO()
    {
        var jail = Jail();

        Assert.Equal("SIOCSIFVNET: Device not configured", Fails(() => _host.MoveInterface("test0", jail)).Message);
    }

    [Fact]
    public void Moving_into_a_removed_vnet_is_ENXIO()
    {
        var jail = Jail();
        _host.CreateInterface("test");
        _kernel.RemoveVnet(jail);

        Assert.Equal(Errno.ENXIO, Fails(() => _host.MoveInterface("test0", jail)).Errno);
        Assert.Same(_host, _host.FindInterface("test0")!.Vnet);
    }

    [Fact]
    public void Both_ends_of_a_pair_still_talk_after_moving_to_two_vnets()
    {
        var left = Jail("left");
        var right = Jail("right");
        var a = _host.CreateEpair();
        var b = a.Peer;
        _host.MoveInterface(a.Name, left);
        _host.MoveInterface(b.Name, right);
        a.Up();
        b.Up();
        int received = 0;
        b.InputHandler = (ifp, f) => { Assert.Same(right, ifp.Vnet); received++; f.Free(); };

        Assert.Equal(Errno.None, a.Transmit(TestFrames.Ethernet(_kernel.Frames, TestFrames.Unicast)));

        Assert.Equal(1, received);
        Assert.Equal((2, 2), (a.Index, b.Index)); // each the first after its vnet's lo0
        Assert.Equal(0, _kernel.Frames.Outstanding);
    }

    // --- reclaim ---------------------------------------------------------------------------

    [Fact]
    public void Reclaim_takes_an_interface_back_from_a_child()
    {
        var jail = Jail();
        var ifp = _host.CreateInterface("test");
        _host.MoveInterface("test0", jail);
        ifp.Up();

        var back = _host.ReclaimInterface("test0", jail);

        Assert.Same(ifp, back);
        Assert.Same(_host, ifp.Vnet);
        Assert.Equal(2, ifp.Index); // the lowest free after lo0
        Assert.Equal(0, (int)(ifp.Flags & InterfaceFlags.Up));
        Assert.Null(jail.FindInterface("test0"));
    }

    [Fact]
    public void Reclaiming_what_the_child_does_not_have_is_ENXIO()
    {
        var jail = Jail();

        Assert.Equal("SIOCSIFRVNET: Device not configured", Fails(() => _host.ReclaimInterface("test0", jail)).Message);
    }

    [Fact]
    public void Reclaiming_onto_a_name_taken_here_is_EEXIST()
    {
        var jail = Jail();
        var theirs = jail.CreateInterface("test0");
        _host.CreateInterface("test0");

        Assert.Equal(Errno.EEXIST, Fails(() => _host.ReclaimInterface("test0", jail)).Errno);
        Assert.Equal(Errno.EEXIST, Fails(() => jail.ReclaimInterface("test0", jail)).Errno);
        Assert.Same(jail, theirs.Vnet);
    }

    [Fact]
    public void A_removed_vnet_refuses_new_interfaces_with_ENXIO()
    {
        var jail = Jail();
        _kernel.RemoveVnet(jail);

        Assert.Equal(Errno.ENXIO, Fails(() => jail.CreateInterface("epair")).Errno);
        Assert.True(jail.IsRemoved);
    }

    // --- rename ----------------------------------------------------------------------------

    [Fact]
    public void Rename_keeps_index_and_cloner_and_refuses_taken_empty_and_long_names()
    {
        var a = _host.CreateInterface("test");
        var b = _host.CreateInterface("test");
        int index = a.Index;

        _host.RenameInterface(a, "uplink");

        Assert.Equal("uplink", a.Name);
        Assert.Same(a, _host.FindInterface("uplink"));
        Assert.Null(_host.FindInterface("test0"));
        Assert.Equal(index, a.Index);
        Assert.Equal(Errno.EEXIST, Fails(() => _host.RenameInterface(b, "uplink")).Errno);
        Assert.Equal(Errno.EINVAL, Fails(() => _host.RenameInterface(b, "")).Errno);
        Assert.Equal(Errno.ENAMETOOLONG, Fails(() => _host.RenameInterface(b, new string('x', 16))).Errno);
        Assert.Equal(Errno.ENXIO, Fails(() => Jail().RenameInterface(b, "elsewhere")).Errno);
        // Its own name again is no change.
        _host.RenameInterface(a, "uplink");
        _host.DestroyInterface("uplink");
        Assert.Null(_host.FindInterface("uplink"));
    }
}

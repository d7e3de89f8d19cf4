using System.Security.Cryptography;
using System.Text;
using Epair.Drivers.Epair;
using Epair.Interfaces;
using Epair.Tests.TestSupport;
using Epair.Vnets;

namespace Epair.Tests.Vnets;

public sealed partial class KernelTests
{
    private static ErrnoException Fails(Action action) => Assert.Throws<ErrnoException>(action);

    private static void AssertDestroyed(NetInterface ifp)
    {
        Assert.True(ifp.IsDying);
        Assert.Equal(0, ifp.Index);
        Assert.Equal(DriverFlags.None, ifp.DriverFlags & DriverFlags.Running);
        Assert.Equal(LinkState.Down, ifp.LinkState);
        Assert.Null(ifp.Vnet.FindInterface(ifp.Name));
    }

    // --- boot ------------------------------------------------------------------------------

    [Fact]
    public void The_host_identity_comes_from_the_options()
    {
        using var kernel = new Kernel(new KernelOptions { HostUuid = TestKernels.HostUuid, HostId = 42 });

        Assert.Equal(TestKernels.HostUuid, kernel.Host.HostUuid);
        Assert.Equal(42UL, kernel.Host.HostId);
    }

    [Fact]
    public void Without_a_hostid_it_is_derived_from_the_uuid_as_rc_d_hostid_does()
    {
        using var kernel = new Kernel(new KernelOptions { HostUuid = TestKernels.HostUuid });
        // rc.d/hostid: hostid=0x$(md5 -qs "$uuid" | cut -c1-8)
#pragma warning disable CA5351 // FreeBSD's rule, not security.
        var md5 = Convert.ToHexString(MD5.HashData(Encoding.ASCII.GetBytes(TestKernels.HostUuid)));
#pragma warning restore CA5351

        Assert.Equal(Convert.ToUInt64(md5[..8], 16), kernel.Host.HostId);
    }

    [Fact]
    public void Each_kernel_gets_its_own_uuid_by_default()
    {
        using var a = new Kernel();
        using var b = new Kernel();

        Assert.True(Guid.TryParse(a.Host.HostUuid, out _));
        Assert.NotEqual(a.Host.HostUuid, b.Host.HostUuid);
    }

    // --- vnets -----------------------------------------------------------------------------

    [Fact]
    public void CreateVnet_numbers_jails_from_one_and_inherits_the_host_identity()
    {
        using var kernel = TestKernels.Create();

        var one = kernel.CreateVnet("one");
        var two = kernel.CreateVnet("two", hostId: 99);

        Assert.Equal((1, 2), (one.Id, two.Id));
        Assert.Equal(kernel.Host.HostId, one.HostId);
        Assert.Equal(99UL, two.HostId);
        Assert.Equal(kernel.Host.HostUuid, two.HostUuid);
        Assert.Equal([one, two], kernel.Vnets);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("5")]
    [InlineData("0")]
    [InlineData("2")]
    public void CreateVnet_refuses_empty_dotted_and_numeric_names_other_than_its_jid_with_EINVAL(string name)
    {
        using var kernel = TestKernels.Create();

        var ex = Fails(() => kernel.CreateVnet(name));

        Assert.Equal("jail: Invalid argument", ex.Message);
        Assert.Empty(kernel.Vnets);
    }

    [Fact]
    public void A_numeric_name_equal_to_the_next_jid_is_allowed()
    {
        using var kernel = TestKernels.Create();
        kernel.CreateVnet("one");

        var two = kernel.CreateVnet("2");

        Assert.Equal(("2", 2), (two.Name, two.Id));
    }

    [Fact]
    public void CreateVnet_of_a_taken_name_is_EEXIST()
    {
        using var kernel = TestKernels.Create();
        kernel.CreateVnet("one");

        Assert.Equal("jail: File exists", Fails(() => kernel.CreateVnet("one")).Message);
        Assert.Single(kernel.Vnets);
    }

    [Fact]
    public void FindVnet_by_name_or_jail_id()
    {
        using var kernel = TestKernels.Create();
        var one = kernel.CreateVnet("one");
        var two = kernel.CreateVnet("two");

        Assert.Same(kernel.Host, kernel.FindVnet("0"));
        Assert.Same(one, kernel.FindVnet("one"));
        Assert.Same(two, kernel.FindVnet("2"));
        Assert.Null(kernel.FindVnet("3"));
        Assert.Null(kernel.FindVnet("three"));
    }

    [Fact]
    public void Jail_ids_are_not_reused()
    {
        using var kernel = TestKernels.Create();
        kernel.RemoveVnet(kernel.CreateVnet("one"));

        Assert.Equal(2, kernel.CreateVnet("one").Id);
    }

    [Fact]
    public void The_host_cannot_be_removed()
    {
        using var kernel = TestKernels.Create();

        Assert.Equal(Errno.EPERM, Fails(() => kernel.RemoveVnet(kernel.Host)).Errno);
        Assert.False(kernel.Host.IsRemoved);
    }

    [Fact]
    public void A_vnet_is_removed_once()
    {
        using var kernel = TestKernels.Create();
        var jail = kernel.CreateVnet("one");

        kernel.RemoveVnet(jail);

        Assert.True(jail.IsRemoved);
        Assert.Empty(kernel.Vnets);
        Assert.Null(kernel.FindVnet("one"));
        Assert.Null(kernel.FindVnet("1"));
        Assert.Equal("jail_remove: Device not configured", Fails(() => kernel.RemoveVnet(jail)).Message);
    }

    [Fact]
    public void RemoveVnet_returns_moved_in_interfaces_to_their_home_vnet_down()
    {
        using var kernel = TestKernels.Create();
        var jail = kernel.CreateVnet("one");
        var a = kernel.Host.CreateEpair();
        var b = a.Peer;
        kernel.Host.MoveInterface(b.Name, jail);
        b.Up();

        kernel.RemoveVnet(jail);

        Assert.Same(kernel.Host, b.Vnet);
        Assert.Same(b, kernel.Host.FindInterface("epair0b"));
        Assert.Equal(3, b.Index); // back home after lo0 (1) and epair0a (2)
        Assert.Equal(0, (int)(b.Flags & InterfaceFlags.Up));
        Assert.False(b.IsDying);
        Assert.Equal(DriverFlags.Running, b.DriverFlags & DriverFlags.Running);
        Assert.Same(a, b.Peer);
    }

    [Fact]
    public void RemoveVnet_sends_a_lent_interface_back_to_the_jail_it_came_from()
    {
        using var kernel = TestKernels.Create();
        var home = kernel.CreateVnet("home");
        var away = kernel.CreateVnet("away");
        var a = home.CreateEpair();
        home.MoveInterface(a.Name, away);

        kernel.RemoveVnet(away);

        Assert.Same(home, a.Vnet);
        Assert.Same(a, home.FindInterface("epair0a"));
    }

    [Fact]
    public void RemoveVnet_destroys_the_interfaces_made_in_it_wherever_they_are()
    {
        using var kernel = TestKernels.Create();
        var jail = kernel.CreateVnet("one");
        var other = kernel.CreateVnet("two");
        var a = jail.CreateEpair("epair5");
        var b = a.Peer;
        var c = jail.CreateEpair();
        jail.MoveInterface(a.Name, kernel.Host);
        jail.MoveInterface(c.Peer.Name, other);

        kernel.RemoveVnet(jail);

        foreach (var ifp in new NetInterface[] { a, b, c, c.Peer })
            AssertDestroyed(ifp);
        Assert.Equal([kernel.Host.Loopback!], kernel.Host.Interfaces);
        Assert.Equal([other.Loopback!], other.Interfaces);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Fact]
    public void After_RemoveVnet_the_host_can_create_the_same_names_again()
    {
        using var kernel = TestKernels.Create();
        var jail = kernel.CreateVnet("one");
        var a = jail.CreateEpair();
        jail.MoveInterface(a.Name, kernel.Host);
        kernel.RemoveVnet(jail);

        var again = kernel.Host.CreateEpair();

        Assert.Equal("epair0a", again.Name);
    }

    // --- quiesce ---------------------------------------------------------------------------

    [Fact]
    public async Task QuiesceAsync_returns_once_every_deferred_frame_is_delivered()
    {
        using var kernel = TestKernels.Create(direct: false);
        var a = kernel.Host.CreateEpair();
        var b = a.Peer;
        a.Up();
        b.Up();
        int received = 0;
        b.InputHandler = (_, f) => { Interlocked.Increment(ref received); f.Free(); };

        for (int i = 0; i < 1000; i++)
            Assert.Equal(Errno.None, a.Transmit(TestFrames.Numbered(kernel.Frames, i)));
        await kernel.QuiesceAsync();

        Assert.Equal(1000, Volatile.Read(ref received));
        Assert.Equal(1000, b.Counters.IPackets);
        Assert.Equal(0, kernel.Frames.Outstanding);
        var stats = kernel.GetNetisrStatistics().Work.Where(w => w.Protocol == "epair").ToList();
        Assert.Equal(1000, stats.Sum(w => w.Queued));
        Assert.Equal(1000, stats.Sum(w => w.Handled));
    }

    [Fact]
    public async Task QuiesceAsync_honours_cancellation()
    {
        using var kernel = TestKernels.Create();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kernel.QuiesceAsync(cancelled.Token));
    }

    // --- handler faults --------------------------------------------------------------------

    [Fact]
    public void An_observer_that_throws_does_not_break_the_data_path()
    {
        using var kernel = TestKernels.Create();
        var a = kernel.Host.CreateEpair();
        var b = a.Peer;
        a.Up();
        b.Up();
        int faults = 0;
        kernel.HandlerFaulted += (_, _) => { faults++; throw new InvalidOperationException("observer"); };
        b.InputHandler = (_, f) => { f.Free(); throw new InvalidOperationException("handler"); };

        Assert.Equal(Errno.None, a.Transmit(kernel.Frames.Rent(64)));
        Assert.Equal(Errno.None, a.Transmit(kernel.Frames.Rent(64)));

        Assert.Equal(2, faults);
        Assert.Equal(2, b.Counters.IErrors);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    // --- dispose ---------------------------------------------------------------------------

    [Fact]
    public async Task Dispose_stops_every_netisr_thread()
    {
        var kernel = TestKernels.Create(direct: false);
        var handler = new RecordingNetisrHandler();
        var protocol = kernel.Netisr.Register("test", handler, 16);
        int threads = kernel.Netisr.WorkstreamCount;
        for (int cpu = 0; cpu < threads; cpu++)
        {
            var frame = kernel.Frames.Rent(64);
            frame.FlowId = (uint)cpu;
            kernel.Netisr.Queue(protocol, frame);
        }
        await Poll.UntilAsync(() => handler.Handled == threads, "a frame on every workstream");

        kernel.Dispose();

        Assert.Equal(threads, handler.Threads.Count);
        Assert.All(handler.Threads.Keys, t => Assert.False(t.IsAlive));
    }

    [Fact]
    public void Dispose_destroys_every_interface_and_vnet_and_unloads_the_modules()
    {
        var kernel = TestKernels.Create();
        var jail = kernel.CreateVnet("one");
        var host = kernel.Host.CreateEpair();
        var inJail = jail.CreateEpair("epair7");
        kernel.Host.MoveInterface(host.Peer.Name, jail);

        kernel.Dispose();
        kernel.Dispose();

        foreach (var ifp in new NetInterface[] { host, host.Peer, inJail, inJail.Peer })
            AssertDestroyed(ifp);
        Assert.True(jail.IsRemoved);
        Assert.Empty(kernel.Vnets);
        Assert.Empty(kernel.LoadedModules);
        Assert.Throws<ObjectDisposedException>(() => kernel.CreateVnet("two"));
    }

    [Fact]
    public async Task Dispose_in_the_middle_of_deferred_traffic_frees_every_frame()
    {
        var kernel = TestKernels.Create(direct: false);
        var jail = kernel.CreateVnet("one");
        // A short netisr queue sends some of the burst through if_snd and the drain list.
        kernel.Sysctl.Set("net.link.epair.netisr_maxqlen", "4");
        var pairs = new[] { kernel.Host.CreateEpair(), kernel.Host.CreateEpair(), jail.CreateEpair() };
        foreach (var a in pairs)
        {
            a.Up();
            a.Peer.Up();
        }
        pairs[0].Peer.InputHandler = (_, f) => f.Free();
        pairs[2].Peer.InputHandler = (_, f) => { Thread.Yield(); f.Free(); };

        var senders = pairs.Select(a => Task.Run(() =>
        {
            for (int i = 0; i < 2000; i++)
                a.Transmit(TestFrames.Numbered(kernel.Frames, i));
        })).ToArray();
        await Task.WhenAll(senders);
        await kernel.DisposeAsync();

        Assert.Equal(0, kernel.Frames.Outstanding);
        Assert.All(pairs, a => AssertDestroyed(a));
    }

    [Fact]
    public async Task Dispose_from_a_deferred_input_handler_completes_and_frees_everything()
    {
        var kernel = TestKernels.Create(direct: false);
        var a = kernel.Host.CreateEpair();
        var b = a.Peer;
        a.Up();
        b.Up();
        var disposed = new ManualResetEventSlim();
        Thread? worker = null;
        b.InputHandler = (_, f) =>
        {
            f.Free();
            if (worker is null)
            {
                worker = Thread.CurrentThread;
                kernel.Dispose();
                disposed.Set();
            }
        };

        for (int i = 0; i < 20; i++)
            a.Transmit(TestFrames.Numbered(kernel.Frames, i));
        Poll.Wait(disposed, "the handler to dispose the kernel");
        await Poll.UntilAsync(() => !worker!.IsAlive, "the netisr thread to end");

        AssertDestroyed(a);
        AssertDestroyed(b);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }
}

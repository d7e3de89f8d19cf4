using Epair.Drivers.Epair;
using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// Epair ends and vnets: cloners per vnet, moving ends (<c>if_vmove</c>), and what removing a
/// vnet does to the ends lent to it and to the pairs made in it.
/// </summary>
public sealed class EpairVnetTests
{
    [Fact]
    public void Every_vnet_has_its_own_epair_cloner_and_units()
    {
        using var kernel = EpairTest.NewKernel();
        var jail = kernel.CreateVnet("one");

        var hostEnd = kernel.Host.CreateInterface("epair");
        var jailEnd = jail.CreateInterface("epair");

        Assert.Equal("epair0a", hostEnd.Name);
        Assert.Equal("epair0a", jailEnd.Name);
        Assert.NotSame(hostEnd.Cloner, jailEnd.Cloner);
        Assert.Same(jail, jailEnd.Vnet);
        Assert.Equal(1, hostEnd.Index);
        Assert.Equal(1, jailEnd.Index);
    }

    [Fact]
    public async Task A_moved_end_keeps_name_unit_cpu_and_running_gets_a_new_index_and_arrives_down()
    {
        using var kernel = EpairTest.NewKernel();
        var jail = kernel.CreateVnet("one");
        kernel.Host.CreateInterface("epair5");
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        int cpu = b.Cpu;

        kernel.Host.MoveInterface(b.Name, jail);

        Assert.Same(jail, b.Vnet);
        Assert.Same(kernel.Host, b.HomeVnet);
        Assert.Same(b, jail.FindInterface("epair0b"));
        Assert.Null(kernel.Host.FindInterface("epair0b"));
        Assert.Equal(1, b.Index);
        Assert.Equal(0, b.Unit);
        Assert.Equal(cpu, b.Cpu);
        Assert.Equal(InterfaceFlags.None, b.Flags & InterfaceFlags.Up);
        Assert.Equal(DriverFlags.Running, b.DriverFlags);
        Assert.Equal(LinkState.Up, b.LinkState);
        Assert.Same(a, b.Peer);

        var rx = new Receiver(b);
        jail.GetInterface("epair0b").Up();
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1)));
        await EpairTest.QuiesceAsync(kernel);
        Assert.Equal([1], rx.Sequences);
    }

    [Fact]
    public void Moving_an_end_where_its_name_is_taken_is_EEXIST()
    {
        using var kernel = EpairTest.NewKernel();
        var jail = kernel.CreateVnet("one");
        EpairTest.CreatePair(kernel.Host);
        EpairTest.CreatePair(jail);

        var ex = EpairTest.ThrowsErrno(Errno.EEXIST, () => kernel.Host.MoveInterface("epair0b", jail));

        Assert.Equal("SIOCSIFVNET: File exists", ex.Message);
        Assert.NotNull(kernel.Host.FindInterface("epair0b"));
    }

    [Fact]
    public void Moving_a_destroyed_end_is_ENXIO()
    {
        using var kernel = EpairTest.NewKernel();
        var jail = kernel.CreateVnet("one");
        EpairTest.CreatePair(kernel.Host);
        kernel.Host.DestroyInterface("epair0a");

        EpairTest.ThrowsErrno(Errno.ENXIO, () => kernel.Host.MoveInterface("epair0b", jail));

        Assert.Empty(jail.Interfaces);
    }

    [Fact]
    public void Removing_a_vnet_returns_the_ends_lent_to_it_home()
    {
        using var kernel = EpairTest.NewKernel();
        var jail = kernel.CreateVnet("one");
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        kernel.Host.MoveInterface(a.Name, jail);
        kernel.Host.MoveInterface(b.Name, jail);

        kernel.RemoveVnet(jail);

        Assert.Same(kernel.Host, a.Vnet);
        Assert.Same(kernel.Host, b.Vnet);
        Assert.Equal(["epair0a", "epair0b"], kernel.Host.Interfaces.Select(i => i.Name).Order());
        Assert.Empty(jail.Interfaces);
        Assert.False(a.IsDying);
        kernel.Host.DestroyInterface("epair0b");
        Assert.Empty(kernel.Host.Interfaces);
    }

    [Fact]
    public void Removing_a_vnet_destroys_the_pairs_made_in_it_wherever_their_ends_are()
    {
        using var kernel = EpairTest.NewKernel();
        var jail = kernel.CreateVnet("one");
        var (a, b) = EpairTest.CreatePair(jail);
        jail.MoveInterface(a.Name, kernel.Host);

        kernel.RemoveVnet(jail);

        Assert.True(a.IsDying);
        Assert.True(b.IsDying);
        Assert.Empty(kernel.Host.Interfaces);
        Assert.Empty(jail.Interfaces);
        Assert.Equal(LinkState.Down, a.LinkState);
    }

    [Fact]
    public void Creating_in_a_removed_vnet_is_ENXIO()
    {
        using var kernel = EpairTest.NewKernel();
        var jail = kernel.CreateVnet("one");
        kernel.RemoveVnet(jail);

        EpairTest.ThrowsErrno(Errno.ENXIO, () => jail.CreateInterface("epair"));

        Assert.Empty(jail.Interfaces);
    }

    [Fact]
    public async Task An_end_cannot_be_moved_into_a_vnet_whose_removal_has_begun()
    {
        using var kernel = EpairTest.NewKernel("deferred");
        var host = kernel.Host;
        var jail = kernel.CreateVnet("one");
        // A pair made in the jail, with a frame held in its receiver: removing the jail has to
        // destroy the pair, and that destroy waits for the frame.
        var (ja, jb) = EpairTest.CreatePair(jail);
        using var gate = new SemaphoreSlim(0);
        var rx = new Receiver(jb, gate);
        Assert.Equal(Errno.None, ja.Transmit(EpairTest.NewFrame(kernel, 1)));
        await rx.WaitForArrivalAsync();
        var (a, b) = EpairTest.CreatePair(host, "epair3");

        var remove = EpairTest.Run(() => kernel.RemoveVnet(jail));
        await EpairTest.WaitUntilAsync(() => (ja.DriverFlags & DriverFlags.Running) == 0, "the jail's pair is being destroyed");
        bool moved = EpairTest.Tolerating(() => host.MoveInterface(b.Name, jail), Errno.ENXIO);
        gate.Release(1000);
        await remove;

        Assert.False(moved);
        Assert.Same(host, b.Vnet);
        Assert.Same(b, host.FindInterface(b.Name));
        Assert.Empty(jail.Interfaces);
        Assert.True(ja.IsDying);
        host.DestroyInterface(a);
        Assert.Empty(host.Interfaces);
    }

    [Fact]
    public async Task An_epair_cannot_be_created_in_a_vnet_whose_removal_has_begun()
    {
        using var kernel = EpairTest.NewKernel("deferred");
        var jail = kernel.CreateVnet("one");
        var (ja, jb) = EpairTest.CreatePair(jail);
        using var gate = new SemaphoreSlim(0);
        var rx = new Receiver(jb, gate);
        Assert.Equal(Errno.None, ja.Transmit(EpairTest.NewFrame(kernel, 1)));
        await rx.WaitForArrivalAsync();

        var remove = EpairTest.Run(() => kernel.RemoveVnet(jail));
        await EpairTest.WaitUntilAsync(() => (ja.DriverFlags & DriverFlags.Running) == 0, "the jail's pair is being destroyed");
        var ex = Assert.Throws<ErrnoException>(() => jail.CreateInterface("epair"));
        gate.Release(1000);
        await remove;

        Assert.Equal(Errno.ENXIO, ex.Errno);
        Assert.Empty(jail.Interfaces);
    }

    [Fact]
    public async Task A_move_racing_the_vnet_removal_never_strands_an_end_in_the_removed_vnet()
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;
        EpairInterface a = null!, b = null!;
        Vnet jail = null!;

        await EpairTest.RaceAsync(500,
            arrange: round =>
            {
                (a, b) = EpairTest.CreatePair(host, up: false);
                jail = kernel.CreateVnet($"race{round}");
            },
            first: _ => EpairTest.Tolerating(() => host.MoveInterface(b.Name, jail), Errno.ENXIO),
            second: _ => kernel.RemoveVnet(jail),
            check: _ =>
            {
                Assert.Same(host, b.Vnet);
                Assert.Same(b, host.FindInterface(b.Name));
                Assert.Empty(jail.Interfaces);
                host.DestroyInterface(a);
            });

        Assert.Empty(host.Interfaces);
        Assert.Empty(kernel.Vnets);
    }

    [Fact]
    public async Task A_create_racing_the_vnet_removal_leaves_nothing_behind_in_it()
    {
        using var kernel = EpairTest.NewKernel();
        Vnet jail = null!;
        EpairCloner cloner = null!;

        await EpairTest.RaceAsync(500,
            arrange: round =>
            {
                jail = kernel.CreateVnet($"race{round}");
                cloner = EpairTest.Cloner(jail);
            },
            // Before the removal: created, then destroyed with the vnet. During or after: ENXIO,
            // or EINVAL when the cloner is already gone from the vnet.
            first: _ => EpairTest.Tolerating(() => jail.CreateInterface("epair"), Errno.ENXIO, Errno.EINVAL),
            second: _ => kernel.RemoveVnet(jail),
            check: _ =>
            {
                Assert.Empty(jail.Interfaces);
                Assert.Empty(cloner.Members);
                Assert.False(cloner.Units.IsAllocated(0));
            });

        Assert.Empty(kernel.Host.Interfaces);
    }
}

using Epair.Drivers.Epair;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// The <c>if_epair</c> module (<c>epair_modevent</c>, <c>vnet_epair_init</c>/<c>uninit</c>,
/// <c>epair_uninit</c>): loading registers the netisr handler, the sysctls and a cloner in every
/// vnet; unloading destroys every pair and takes all of it away again.
/// </summary>
public sealed class EpairModuleTests
{
    private static readonly string[] s_sysctls =
        ["net.link.epair.netisr_maxqlen", "net.link.epair.ether_gen_addr", "net.link.epair.dispatch"];

    [Fact]
    public void Loading_registers_the_handler_the_sysctls_and_a_cloner_in_every_vnet()
    {
        var options = EpairTest.Options();
        options.Modules.Clear();
        using var kernel = new Kernel(options);
        var jail = kernel.CreateVnet("one");
        Assert.Null(kernel.Host.FindClonerByName("epair"));

        kernel.LoadModule("if_epair");

        Assert.Equal(["if_epair"], kernel.LoadedModules);
        Assert.NotNull(kernel.Host.FindClonerByName("epair"));
        Assert.NotNull(jail.FindClonerByName("epair"));
        Assert.NotNull(kernel.CreateVnet("two").FindClonerByName("epair"));
        Assert.All(s_sysctls, name => Assert.NotNull(kernel.Sysctl.Find(name)));
        var protocol = Assert.Single(kernel.GetNetisrStatistics().Protocols, p => p.Name == "epair");
        Assert.Equal("cpu", protocol.Policy);
        // NETISR_EPAIR, and no dispatch policy of its own: netstat -Q prints "epair 8 2100 cpu default CD-".
        Assert.Equal(8, protocol.Id);
        Assert.Equal("default", protocol.Dispatch);
        Assert.True(protocol.HasDrainedCallback);
    }

    [Fact]
    public async Task Unloading_destroys_every_pair_in_every_vnet_and_takes_the_module_away()
    {
        using var kernel = EpairTest.NewKernel("deferred");
        var jail = kernel.CreateVnet("one");
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var (c, d) = EpairTest.CreatePair(jail, "epair1");
        kernel.Host.MoveInterface(b.Name, jail);
        jail.MoveInterface(c.Name, kernel.Host);
        _ = new Receiver(d);
        for (int i = 0; i < 20; i++)
            c.Transmit(EpairTest.NewFrame(kernel, i));

        kernel.UnloadModule("if_epair");
        await EpairTest.QuiesceAsync(kernel);

        Assert.All((EpairInterface[])[a, b, c, d], ifp => Assert.True(ifp.IsDying));
        Assert.Empty(kernel.Host.Interfaces);
        Assert.Empty(jail.Interfaces);
        Assert.DoesNotContain("if_epair", kernel.LoadedModules);
        Assert.Null(kernel.Host.FindClonerByName("epair"));
        Assert.Null(jail.FindClonerByName("epair"));
        EpairTest.ThrowsErrno(Errno.EINVAL, () => kernel.Host.CreateInterface("epair"));
        Assert.All(s_sysctls, name => EpairTest.ThrowsErrno(Errno.ENOENT, () => kernel.Sysctl.Get(name)));
        Assert.DoesNotContain(kernel.GetNetisrStatistics().Protocols, p => p.Name == "epair");
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task The_module_can_be_loaded_again_after_unloading_with_tunables_read_anew()
    {
        using var kernel = EpairTest.NewKernel("deferred");
        var (first, peer) = EpairTest.CreatePair(kernel.Host, "epair3");
        _ = new Receiver(peer);
        for (int i = 0; i < 10; i++)
            Assert.Equal(Errno.None, first.Transmit(EpairTest.NewFrame(kernel, i)));
        await EpairTest.QuiesceAsync(kernel);
        kernel.UnloadModule("if_epair");
        kernel.SetTunable("net.link.epair.netisr_maxqlen", "77");

        kernel.LoadModule("if_epair");

        Assert.Equal(77, kernel.Sysctl.GetInt64("net.link.epair.netisr_maxqlen"));
        Assert.Equal(77, Assert.Single(kernel.GetNetisrStatistics().Protocols, p => p.Name == "epair").QueueLimit);
        kernel.Sysctl.Set("net.link.epair.dispatch", "deferred");
        var (a, b) = EpairTest.CreatePair(kernel.Host, "epair3");
        var rx = new Receiver(b);
        Assert.Equal(Errno.None, a.Transmit(EpairTest.NewFrame(kernel, 1)));
        await EpairTest.QuiesceAsync(kernel);
        Assert.Equal([1], rx.Sequences);
        // The netisr counters are the new registration's alone.
        EpairTest.AssertNetisrLedgerBalances(kernel);
        Assert.Equal(1, EpairTest.EpairWork(kernel).Sum(w => w.Queued));
        Assert.Equal(1, EpairTest.EpairWork(kernel).Sum(w => w.Handled));
    }

    [Fact]
    public void Loading_twice_is_EEXIST_and_unloading_what_is_not_loaded_is_ENOENT()
    {
        using var kernel = EpairTest.NewKernel();

        EpairTest.ThrowsErrno(Errno.EEXIST, () => kernel.LoadModule("if_epair"));
        kernel.UnloadModule("if_epair");
        EpairTest.ThrowsErrno(Errno.ENOENT, () => kernel.UnloadModule("if_epair"));
    }
}

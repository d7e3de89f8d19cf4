using Epair.Drivers.Epair;
using Epair.Interfaces;
using Epair.Tests.TestSupport;

namespace Epair.Tests.Vnets;

// kldload / kldunload / kldstat.
public sealed partial class KernelTests
{
    [Fact]
    public void If_epair_and_if_vlan_are_loaded_at_boot_by_default()
    {
        using var kernel = new Kernel();

        Assert.Equal(["if_epair", "if_vlan"], kernel.LoadedModules);
        Assert.Contains("if_epair", Kernel.AvailableModules);
        Assert.NotNull(kernel.Host.FindClonerByName("epair"));
        Assert.Contains(kernel.GetNetisrStatistics().Protocols, p => p.Name == "epair");
    }

    [Fact]
    public void A_kernel_can_boot_without_modules_and_load_them_later_into_every_vnet()
    {
        using var kernel = TestKernels.Create(epair: false);
        var jail = kernel.CreateVnet("one");
        Assert.Empty(kernel.LoadedModules);
        Assert.Equal(Errno.EINVAL, Fails(() => kernel.Host.CreateInterface("epair")).Errno);

        kernel.LoadModule("if_epair");

        Assert.Equal(["if_epair"], kernel.LoadedModules);
        Assert.IsType<EpairInterface>(kernel.Host.CreateInterface("epair"));
        Assert.IsType<EpairInterface>(jail.CreateInterface("epair"));
        Assert.IsType<EpairInterface>(kernel.CreateVnet("two").CreateInterface("epair"));
    }

    [Fact]
    public void Loading_an_unknown_module_is_ENOENT()
    {
        using var kernel = TestKernels.Create();

        Assert.Equal("kldload: No such file or directory", Fails(() => kernel.LoadModule("if_nope")).Message);
        Assert.Equal(["if_epair", "if_vlan"], kernel.LoadedModules);
    }

    [Fact]
    public void Loading_a_loaded_module_is_EEXIST()
    {
        using var kernel = TestKernels.Create();

        Assert.Equal("kldload: File exists", Fails(() => kernel.LoadModule("if_epair")).Message);
        Assert.Equal(["if_epair", "if_vlan"], kernel.LoadedModules);
    }

    [Fact]
    public void Unloading_a_module_not_loaded_is_ENOENT()
    {
        using var kernel = TestKernels.Create(epair: false);

        Assert.Equal("kldunload: No such file or directory", Fails(() => kernel.UnloadModule("if_epair")).Message);
    }

    [Fact]
    public void Kldunload_if_epair_destroys_every_epair_in_every_vnet()
    {
        using var kernel = TestKernels.Create();
        var jail = kernel.CreateVnet("one");
        var inHost = kernel.Host.CreateEpair();
        var inJail = jail.CreateEpair();
        var lent = kernel.Host.CreateEpair();
        kernel.Host.MoveInterface(lent.Name, jail);
        TestCloner.AddTo(kernel.Host);
        var other = kernel.Host.CreateInterface("test");

        kernel.UnloadModule("if_epair");

        foreach (var ifp in new NetInterface[] { inHost, inHost.Peer, inJail, inJail.Peer, lent, lent.Peer })
            AssertDestroyed(ifp);
        Assert.Equal([kernel.Host.Loopback!, other], kernel.Host.Interfaces);
        Assert.Equal([jail.Loopback!], jail.Interfaces);
        Assert.Equal(["if_vlan"], kernel.LoadedModules);
        Assert.Null(kernel.Host.FindClonerByName("epair"));
        Assert.Null(jail.FindClonerByName("epair"));
        Assert.Empty(kernel.Sysctl.List("net.link.epair"));
        Assert.DoesNotContain(kernel.GetNetisrStatistics().Protocols, p => p.Name == "epair");
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Fact]
    public void If_epair_can_be_loaded_again_after_unloading()
    {
        using var kernel = TestKernels.Create();
        kernel.Host.CreateEpair();

        kernel.UnloadModule("if_epair");
        kernel.LoadModule("if_epair");
        kernel.Sysctl.Set("net.link.epair.dispatch", "direct");

        var a = kernel.Host.CreateEpair();
        var b = a.Peer;
        a.Up();
        b.Up();
        int received = 0;
        b.InputHandler = (_, f) => { received++; f.Free(); };
        Assert.Equal(Errno.None, a.Transmit(TestFrames.Ethernet(kernel.Frames, TestFrames.Unicast)));
        Assert.Equal("epair0a", a.Name);
        Assert.Equal(1, received);
        Assert.Equal("2100", kernel.Sysctl.Get("net.link.epair.netisr_maxqlen"));
    }

    [Fact]
    public void If_epair_survives_many_load_unload_cycles()
    {
        using var kernel = TestKernels.Create();

        for (int i = 0; i < 20; i++)
        {
            kernel.UnloadModule("if_epair");
            kernel.LoadModule("if_epair");
        }

        Assert.Equal("epair0a", kernel.Host.CreateInterface("epair").Name);
        Assert.Single(kernel.GetNetisrStatistics().Protocols, p => p.Name == "epair");
    }
}

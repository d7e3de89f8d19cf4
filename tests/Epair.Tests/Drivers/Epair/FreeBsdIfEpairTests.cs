using Epair.Drivers.Epair;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// FreeBSD's <c>tests/sys/net/if_epair.c</c>, ported. Its one case, <c>params</c>, loads
/// if_epair, requires the module, and creates an epair with <c>SIOCIFCREATE2</c> whose
/// <c>ifr_data</c> is a bogus pointer: epair must never look at the parameters.
/// </summary>
public sealed class FreeBsdIfEpairTests
{
    [Fact]
    public void Params()
    {
        var options = EpairTest.Options();
        options.Modules.Clear();
        using var kernel = new Kernel(options);

        // kldload("if_epair"); ATF_REQUIRE_KERNEL_MODULE("if_epair");
        kernel.LoadModule("if_epair");
        Assert.Contains("if_epair", kernel.LoadedModules);
        // The suite's kldload() helper tolerates a module that is already there.
        EpairTest.ThrowsErrno(Errno.EEXIST, () => kernel.LoadModule("if_epair"));

        // ifr_name = "epair", ifr_data = (caddr_t)-1: the closest thing is no parameter list at all.
        var a = Assert.IsType<EpairInterface>(kernel.Host.CreateInterface("epair", null!));

        Assert.Equal("epair0a", a.Name);
        Assert.Same(a.Peer, kernel.Host.FindInterface("epair0b"));
    }

    [Fact]
    public void Params_that_are_garbage_are_ignored_too()
    {
        using var kernel = EpairTest.NewKernel();

        var a = (EpairInterface)kernel.Host.CreateInterface("epair", null!, "\0", "-1", new string('\xff', 4096));

        Assert.Equal("epair0a", a.Name);
        Assert.Equal("epair0b", a.Peer.Name);
        Assert.Equal(1500, a.Mtu);
        Assert.Equal(2, kernel.Host.Interfaces.Count);
    }
}

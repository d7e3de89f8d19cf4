using Epair.Interfaces;
using Epair.Tests.TestSupport;

namespace Epair.Tests.Interfaces;

public sealed class InterfaceClonerTests
{
    [Theory]
    [InlineData("test", true)]
    [InlineData("test0", true)]
    [InlineData("test12", true)]
    [InlineData("test007", true)]
    [InlineData("test0a", false)]
    [InlineData("testx", false)]
    [InlineData("tes", false)]
    [InlineData("tst0", false)]
    [InlineData("xtest0", false)]
    [InlineData("Test0", false)]
    [InlineData("", false)]
    public void Match_accepts_the_name_alone_or_followed_by_digits(string name, bool matches)
    {
        using var kernel = TestKernels.Create(epair: false);
        var cloner = TestCloner.AddTo(kernel.Host);

        Assert.Equal(matches, cloner.Match(name));
    }

    [Fact]
    public void A_cloner_knows_its_name_vnet_and_members()
    {
        using var kernel = TestKernels.Create(epair: false);
        var cloner = TestCloner.AddTo(kernel.Host);

        var a = kernel.Host.CreateInterface("test");
        var b = kernel.Host.CreateInterface("test");

        Assert.Equal("test", cloner.Name);
        Assert.Same(kernel.Host, cloner.Vnet);
        Assert.Equal([a, b], cloner.Members);
        Assert.Same(cloner, a.Cloner);
        Assert.Same(cloner, kernel.Host.FindClonerByName("test"));
        Assert.Contains(cloner, kernel.Host.Cloners);
    }

    [Fact]
    public void Create_is_given_the_extra_parameters()
    {
        using var kernel = TestKernels.Create(epair: false);
        var cloner = TestCloner.AddTo(kernel.Host);

        kernel.Host.CreateInterface("test3", "mtu", "9000");

        Assert.Equal(["mtu", "9000"], cloner.CreateParameters.Single());
        Assert.True(cloner.IsUnitAllocated(3));
    }

    [Fact]
    public void Destroying_a_member_forgets_it_and_frees_its_unit()
    {
        using var kernel = TestKernels.Create(epair: false);
        var cloner = TestCloner.AddTo(kernel.Host);
        var a = kernel.Host.CreateInterface("test");
        kernel.Host.CreateInterface("test");

        kernel.Host.DestroyInterface("test0");

        Assert.DoesNotContain(a, cloner.Members);
        Assert.False(cloner.IsUnitAllocated(0));
        Assert.Equal("test0", kernel.Host.CreateInterface("test").Name);
    }

    [Fact]
    public void DestroyAll_destroys_every_member()
    {
        using var kernel = TestKernels.Create(epair: false);
        var cloner = TestCloner.AddTo(kernel.Host);
        for (int i = 0; i < 4; i++)
            kernel.Host.CreateInterface("test");

        cloner.DestroyAll();

        Assert.Empty(cloner.Members);
        Assert.Equal([kernel.Host.Loopback!], kernel.Host.Interfaces); // lo0 is no member
        Assert.False(cloner.IsUnitAllocated(0));
    }
}

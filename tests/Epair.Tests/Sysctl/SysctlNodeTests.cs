using Epair.Sysctl;
using Epair.Tests.TestSupport;

namespace Epair.Tests.Sysctl;

public sealed class SysctlNodeTests
{
    [Fact]
    public void A_node_without_a_setter_is_read_only_whatever_it_asked_for()
    {
        using var kernel = TestKernels.Create(epair: false);
        var node = new SysctlNode("test.ro", SysctlType.Int, SysctlAccess.ReadWrite | SysctlAccess.Tunable, "read only", _ => "5", null);

        Assert.Equal(SysctlAccess.Read | SysctlAccess.Tunable, node.Access);
        Assert.False(node.IsWritable);
        Assert.Equal(Errno.EPERM, node.Set(kernel.Host, "1"));
        Assert.Equal("5", node.Get(kernel.Host));
    }

    [Fact]
    public void A_node_passes_the_callers_vnet_to_its_handlers()
    {
        using var kernel = TestKernels.Create(epair: false);
        var jail = kernel.CreateVnet("jail");
        var seen = new List<string>();
        var node = new SysctlNode("test.rw", SysctlType.String, SysctlAccess.ReadWrite | SysctlAccess.PerVnet, "per vnet",
            vnet => vnet.Name, (vnet, value) => { seen.Add($"{vnet.Name}={value}"); return Errno.None; });

        Assert.Equal("jail", node.Get(jail));
        Assert.Equal(Errno.None, node.Set(jail, "x"));

        Assert.Equal(["jail=x"], seen);
        Assert.True(node.IsWritable);
        Assert.Equal(("test.rw", SysctlType.String, "per vnet"), (node.Name, node.Type, node.Description));
    }
}

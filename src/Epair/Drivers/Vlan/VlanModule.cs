using Epair.Vnets;

namespace Epair.Drivers.Vlan;

/// <summary>The <c>if_vlan</c> module: a <c>vlan</c> cloner in every vnet.</summary>
internal sealed class VlanModule : KernelModule
{
    private readonly Dictionary<Vnet, VlanCloner> _cloners = [];
    private Kernel _kernel = null!;

    public override string Name => "if_vlan";

    public Kernel Kernel => _kernel;

    public override void Load(Kernel kernel) => _kernel = kernel;

    public override void AttachVnet(Vnet vnet)
    {
        var cloner = new VlanCloner(this, vnet);
        lock (_cloners)
            _cloners[vnet] = cloner;
        vnet.AddCloner(cloner);
    }

    public override void DetachVnet(Vnet vnet)
    {
        VlanCloner? cloner;
        lock (_cloners)
        {
            if (!_cloners.Remove(vnet, out cloner))
                return;
        }
        vnet.RemoveCloner(cloner);
        cloner.UnconfigureAll();
        cloner.DestroyAll();
    }

    public override void Unload()
    {
    }
}

using Epair.Vnets;

namespace Epair.Drivers.Vlan;

/// <summary>The <c>if_vlan</c> module: a <c>vlan</c> cloner in every vnet.</summary>
internal sealed class VlanModule : ClonerModule<VlanCloner>
{
    private Kernel _kernel = null!;

    public override string Name => "if_vlan";

    public Kernel Kernel => _kernel;

    public override void Load(Kernel kernel) => _kernel = kernel;

    protected override VlanCloner CreateCloner(Vnet vnet) => new(this, vnet);

    protected override void Teardown(VlanCloner cloner)
    {
        cloner.UnconfigureAll();
        cloner.DestroyAll();
    }

    public override void Unload()
    {
    }
}

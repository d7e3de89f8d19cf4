using Epair.Interfaces;
using Epair.Vnets;

namespace Epair;

/// <summary>
/// A module whose per-vnet part is one interface cloner (<c>VNET_SYSINIT</c> attaching it,
/// <c>VNET_SYSUNINIT</c> detaching it and destroying what it made), as if_epair and if_vlan are.
/// </summary>
internal abstract class ClonerModule<TCloner> : KernelModule where TCloner : InterfaceCloner
{
    private readonly Dictionary<Vnet, TCloner> _cloners = [];

    /// <summary>Makes this module's cloner for <paramref name="vnet"/>.</summary>
    protected abstract TCloner CreateCloner(Vnet vnet);

    /// <summary>Takes down what a detached cloner made; by default destroys every interface it made.</summary>
    protected virtual void Teardown(TCloner cloner) => cloner.DestroyAll();

    public sealed override void AttachVnet(Vnet vnet)
    {
        var cloner = CreateCloner(vnet);
        lock (_cloners)
            _cloners[vnet] = cloner;
        vnet.AddCloner(cloner);
    }

    public sealed override void DetachVnet(Vnet vnet)
    {
        TCloner? cloner;
        lock (_cloners)
        {
            if (!_cloners.Remove(vnet, out cloner))
                return;
        }
        vnet.RemoveCloner(cloner);
        Teardown(cloner);
    }
}

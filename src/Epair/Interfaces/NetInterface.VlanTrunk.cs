namespace Epair.Interfaces;

// if_vlantrunk: the vlan(4) interfaces stacked on this one, if any.
public abstract partial class NetInterface
{
    private volatile IVlanTrunk? _vlanTrunk;

    /// <summary>The vlan(4) interfaces configured on this one (<c>if_vlantrunk</c>), or null.</summary>
    internal IVlanTrunk? VlanTrunk
    {
        get => _vlanTrunk;
        set => _vlanTrunk = value;
    }

    /// <summary>True while vlan(4) interfaces are configured on this one.</summary>
    public bool HasVlans => _vlanTrunk is not null;
}

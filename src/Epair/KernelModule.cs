using Epair.Vnets;

namespace Epair;

/// <summary>
/// A loadable kernel module (<c>kldload</c>): global state set up at load, a per-vnet part set
/// up in every vnet (FreeBSD's <c>VNET_SYSINIT</c>), and teardown in reverse on unload.
/// </summary>
internal abstract class KernelModule
{
    /// <summary>The module name, such as <c>if_epair</c>.</summary>
    public abstract string Name { get; }

    /// <summary><c>MOD_LOAD</c> and the global <c>SYSINIT</c>s.</summary>
    public abstract void Load(Kernel kernel);

    /// <summary>The <c>VNET_SYSINIT</c>s for one vnet (the host's included).</summary>
    public abstract void AttachVnet(Vnet vnet);

    /// <summary>The <c>VNET_SYSUNINIT</c>s for one vnet, which destroy what the module made there.</summary>
    public abstract void DetachVnet(Vnet vnet);

    /// <summary>The global <c>SYSUNINIT</c>s, after every vnet was detached.</summary>
    public abstract void Unload();

    /// <summary>True when the module holds no frame in its own queues.</summary>
    public virtual bool IsQuiescent => true;
}

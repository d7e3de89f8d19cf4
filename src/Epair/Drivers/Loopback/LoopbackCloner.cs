using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Drivers.Loopback;

/// <summary>
/// The <c>lo</c> cloner of one vnet (if_loop.c): unit 0 is the vnet's <c>lo0</c>, made with the
/// vnet and never destroyed while it lives (<c>lo_clone_destroy</c> refuses it with EINVAL);
/// <c>ifconfig lo create</c> makes lo1, lo2, …, which may move to other vnets like any interface.
/// </summary>
internal sealed class LoopbackCloner(Vnet vnet) : InterfaceCloner("lo", vnet)
{
    private Kernel Kernel => Vnet.Kernel;

    /// <summary>Makes and attaches the vnet's lo0 (unit 0).</summary>
    public LoopbackInterface AttachLo0()
    {
        lock (Kernel.IfnetLock)
        {
            int unit = 0;
            var error = Units.Allocate(ref unit);
            if (error != Errno.None)
                throw new ErrnoException(error, "lo0");
            var lo = new LoopbackInterface(Kernel.IfqMaxLen, unit);
            Vnet.Attach(lo);
            AddMember(lo);
            return lo;
        }
    }

    /// <summary><c>lo_clone_create</c>: <c>lo</c> takes the lowest free unit, <c>loN</c> that one.</summary>
    protected internal override Errno Create(string name, IReadOnlyList<string> parameters, out NetInterface? created)
    {
        created = null;
        lock (Kernel.IfnetLock)
        {
            var error = AllocateUnit(name, out int unit, out _);
            if (error != Errno.None)
                return error;
            var lo = new LoopbackInterface(Kernel.IfqMaxLen, unit);
            Vnet.Attach(lo);
            AddMember(lo);
            created = lo;
        }
        return Errno.None;
    }

    /// <summary><c>lo_clone_destroy</c>: any loopback but lo0, wherever it is now.</summary>
    protected internal override Errno Destroy(NetInterface ifp) => Destroy(ifp, force: false);

    /// <summary>Destroys <paramref name="ifp"/>; <paramref name="force"/> takes lo0 too (<c>IFC_F_FORCE</c>, the vnet going away).</summary>
    public Errno Destroy(NetInterface ifp, bool force)
    {
        if (ifp.Unit == 0 && !force)
            return Errno.EINVAL;
        lock (Kernel.IfnetLock)
        {
            if (!ifp.TryBeginDestroy())
                return Errno.ENXIO;
            // looutput refuses once RUNNING is gone, so nothing new starts after this.
            ifp.ClearDriverFlags(DriverFlags.Running);
        }
        ifp.WaitForInFlight();
        lock (Kernel.IfnetLock)
        {
            if (ifp.Index != 0)
                ifp.Vnet.Detach(ifp);
        }
        RemoveMember(ifp);
        Units.Free(ifp.Unit);
        return Errno.None;
    }

    /// <summary><c>if_clone_detach</c> for a vnet going away: every loopback it made, lo0 last.</summary>
    public void DestroyAllForced()
    {
        foreach (var ifp in Members.OrderByDescending(m => m.Unit))
            Destroy(ifp, force: true);
    }
}

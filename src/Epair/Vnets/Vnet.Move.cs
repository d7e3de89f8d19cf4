using Epair.Interfaces;

namespace Epair.Vnets;

// if_vmove and friends: interfaces change vnets, keep their names and get a new index.
public sealed partial class Vnet
{
    /// <summary>
    /// Moves the interface <paramref name="name"/> of this vnet into <paramref name="target"/>
    /// (<c>ifconfig NAME vnet JAIL</c>, <c>SIOCSIFVNET</c>, <c>if_vmove_loan</c>). The name is kept
    /// and a new index is taken there; the interface arrives down, as <c>if_detach</c> leaves it.
    /// ENXIO if there is no such interface, EEXIST if the target is this vnet or already has the name.
    /// </summary>
    public void MoveInterface(string name, Vnet target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (Kernel.IfnetLock)
        {
            ThrowIfRemoved("SIOCSIFVNET");
            target.ThrowIfRemoved("SIOCSIFVNET");
            var ifp = FindInterface(name);
            if (ifp is null || ifp.IsDying)
                throw new ErrnoException(Errno.ENXIO, "SIOCSIFVNET");
            if (target == this)
                throw new ErrnoException(Errno.EEXIST, "SIOCSIFVNET");
            if (target.FindInterface(name) is not null)
                throw new ErrnoException(Errno.EEXIST, "SIOCSIFVNET");
            Kernel.MoveLocked(ifp, target);
        }
    }

    /// <summary>
    /// Takes the interface <paramref name="name"/> back from the child vnet <paramref name="child"/>
    /// into this one (<c>ifconfig NAME -vnet JAIL</c>, <c>SIOCSIFRVNET</c>, <c>if_vmove_reclaim</c>).
    /// ENXIO if the child has no such interface, EEXIST if this vnet already has the name.
    /// </summary>
    public NetInterface ReclaimInterface(string name, Vnet child)
    {
        ArgumentNullException.ThrowIfNull(child);
        lock (Kernel.IfnetLock)
        {
            ThrowIfRemoved("SIOCSIFRVNET");
            child.ThrowIfRemoved("SIOCSIFRVNET");
            var ifp = child.FindInterface(name);
            if (ifp is null || ifp.IsDying)
                throw new ErrnoException(Errno.ENXIO, "SIOCSIFRVNET");
            if (child == this || FindInterface(name) is not null)
                throw new ErrnoException(Errno.EEXIST, "SIOCSIFRVNET");
            Kernel.MoveLocked(ifp, this);
            return ifp;
        }
    }
}

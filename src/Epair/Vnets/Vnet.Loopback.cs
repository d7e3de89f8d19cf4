using System.Net;
using Epair.Drivers.Loopback;

namespace Epair.Vnets;

// Every vnet has lo0 with 127.0.0.1/8, as a FreeBSD vnet jail has once rc.d brings lo0 up.
public sealed partial class Vnet
{
    /// <summary>This vnet's <c>lo0</c>.</summary>
    public LoopbackInterface? Loopback { get; private set; }

    internal void AttachLoopback()
    {
        var lo = new LoopbackInterface(Kernel.IfqMaxLen);
        lock (Kernel.IfnetLock)
            Attach(lo);
        Loopback = lo;
        Inet.Ipv4.AddAddress(lo, IPAddress.Loopback, 8);
    }

    /// <summary>Takes lo0 away when the vnet goes (it has no cloner to destroy it).</summary>
    internal void DetachLoopback()
    {
        var lo = Loopback;
        if (lo is null)
            return;
        lock (Kernel.IfnetLock)
        {
            if (ReferenceEquals(lo.Vnet, this) && lo.Index != 0)
            {
                lo.ClearDriverFlags(global::Epair.Interfaces.DriverFlags.Running);
                Detach(lo);
            }
        }
        Loopback = null;
    }
}

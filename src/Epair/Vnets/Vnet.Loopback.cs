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
}

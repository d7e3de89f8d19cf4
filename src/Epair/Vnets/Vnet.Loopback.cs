using System.Net;
using Epair.Drivers.Loopback;

namespace Epair.Vnets;

// Every vnet has lo0 with 127.0.0.1/8, as a FreeBSD vnet jail has once rc.d brings lo0 up, and
// a "lo" cloner for more loopbacks (ifconfig lo create).
public sealed partial class Vnet
{
    private LoopbackCloner? _loopbackCloner;

    /// <summary>This vnet's <c>lo0</c>.</summary>
    public LoopbackInterface? Loopback { get; private set; }

    internal void AttachLoopback()
    {
        var cloner = new LoopbackCloner(this);
        _loopbackCloner = cloner;
        AddCloner(cloner);
        var lo = cloner.AttachLo0();
        Loopback = lo;
        Inet.Ipv4.AddAddress(lo, IPAddress.Loopback, 8);
    }

    /// <summary>Takes the loopbacks made here away when the vnet goes, lo0 last.</summary>
    internal void DetachLoopback()
    {
        var cloner = _loopbackCloner;
        if (cloner is null)
            return;
        RemoveCloner(cloner);
        cloner.DestroyAllForced();
        _loopbackCloner = null;
        Loopback = null;
    }
}

using System.Net;
using Epair.Drivers.Epair;
using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Tests.Inet.Ipv4;

/// <summary>
/// A kernel on a manual clock with direct dispatch, and helpers to wire vnets with epairs:
/// every test is deterministic and ends by checking that no frame leaked.
/// </summary>
internal sealed class Ipv4TestBed : IDisposable
{
    public Ipv4TestBed(bool loopback = true)
    {
        Kernel = new Kernel(new KernelOptions { TimeProvider = Time, Loopback = loopback });
        Kernel.Sysctl.Set("net.link.epair.dispatch", "direct");
        Kernel.HandlerFaulted += (_, fault) => Faults.Add(fault);
    }

    /// <summary>Exceptions that escaped into the data path; every test expects none.</summary>
    public List<HandlerFault> Faults { get; } = [];

    public ManualClock Time { get; } = new();

    public Kernel Kernel { get; }

    public static IPAddress Ip(string text) => IPAddress.Parse(text);

    /// <summary>An epair whose ends sit in <paramref name="left"/> and <paramref name="right"/>, addressed, both up.</summary>
    public (EpairInterface A, EpairInterface B) Connect(Vnet left, string leftAddress, Vnet right, string rightAddress, int prefixLength = 24)
    {
        var a = (EpairInterface)Kernel.Host.CreateInterface("epair");
        var b = a.Peer;
        if (!left.IsHost)
            Kernel.Host.MoveInterface(a.Name, left);
        if (!right.IsHost)
            Kernel.Host.MoveInterface(b.Name, right);
        left.Inet.Ipv4.AddAddress(a, Ip(leftAddress), prefixLength);
        right.Inet.Ipv4.AddAddress(b, Ip(rightAddress), prefixLength);
        return (a, b);
    }

    /// <summary>Two vnets, one (192.0.2.1) and two (192.0.2.2), on one epair.</summary>
    public (Vnet One, Vnet Two, EpairInterface A, EpairInterface B) TwoVnets()
    {
        var one = Kernel.CreateVnet("one");
        var two = Kernel.CreateVnet("two");
        var (a, b) = Connect(one, "192.0.2.1", two, "192.0.2.2");
        return (one, two, a, b);
    }

    /// <summary>Sends raw bytes as a frame out of <paramref name="ifp"/>, as a foreign host would.</summary>
    public Errno Inject(NetInterface ifp, ReadOnlySpan<byte> bytes)
    {
        var frame = Kernel.Frames.Rent(bytes.Length);
        bytes.CopyTo(frame.Data);
        return ifp.Transmit(frame);
    }

    public long Outstanding => Kernel.Frames.Outstanding;

    public void Dispose()
    {
        Kernel.Dispose();
        Assert.Empty(Faults);
    }
}

using System.Net;
using Epair.Drivers.Epair;
using Epair.Inet.Ipv6;
using Epair.Vnets;

namespace Epair.Tests.Inet.Ipv6;

/// <summary>
/// Two vnets, "one" and "two", joined by an epair (a in one, b in two), direct dispatch and a
/// manual clock: everything the IPv6 tests start from.
/// </summary>
internal sealed class TwoVnets : IDisposable
{
    /// <param name="enable">Bring both ends up with IPv6 enabled.</param>
    /// <param name="deferred">Keep the default netisr dispatch and the real clock instead of direct dispatch and <see cref="Clock"/>.</param>
    public TwoVnets(bool enable = true, bool deferred = false)
    {
        Kernel = new Kernel();
        if (!deferred)
            Kernel.Sysctl.Set("net.link.epair.dispatch", "direct");
        One = Kernel.CreateVnet("one");
        Two = Kernel.CreateVnet("two");
        if (!deferred)
        {
            One.Inet.Ipv6.Time = Clock;
            Two.Inet.Ipv6.Time = Clock;
        }
        else
        {
            // No waiting for DAD on the real clock.
            Kernel.Sysctl.Set("net.inet6.ip6.dad_count", "0", One);
            Kernel.Sysctl.Set("net.inet6.ip6.dad_count", "0", Two);
        }
        var a = (EpairInterface)Kernel.Host.CreateInterface("epair");
        var b = a.Peer;
        Kernel.Host.MoveInterface(a.Name, One);
        Kernel.Host.MoveInterface(b.Name, Two);
        A = a;
        B = b;
        StartOutstanding = Kernel.Frames.Outstanding;
        if (enable)
        {
            A.Up();
            B.Up();
            One.Inet.Ipv6.SetInterfaceDisabled(A, false);
            Two.Inet.Ipv6.SetInterfaceDisabled(B, false);
        }
    }

    public Kernel Kernel { get; }

    public ManualClock Clock { get; } = new();

    public Vnet One { get; }

    public Vnet Two { get; }

    public EpairInterface A { get; }

    public EpairInterface B { get; }

    public Ip6 Ip6One => One.Inet.Ipv6;

    public Ip6 Ip6Two => Two.Inet.Ipv6;

    public long StartOutstanding { get; }

    /// <summary>Lets every DAD run finish (dad_count 1, RetransTimer 1 s).</summary>
    public void FinishDad() => Clock.Advance(TimeSpan.FromSeconds(2));

    /// <summary>2001:db8::1 on A and 2001:db8::2 on B, both past DAD: where most IPv6 tests start.</summary>
    public static TwoVnets Numbered()
    {
        var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.Ip6Two.AddAddress(net.B, IPAddress.Parse("2001:db8::2"), 64);
        net.FinishDad();
        return net;
    }

    public static IPAddress LinkLocal(Ip6 ip6, Epair.Interfaces.NetInterface ifp)
    {
        foreach (var a in ip6.GetAddresses(ifp))
        {
            if (a.Address.IsIPv6LinkLocal)
                return a.Address;
        }
        throw new InvalidOperationException("no link-local address");
    }

    public void Dispose() => Kernel.Dispose();
}

using System.Net;
using Epair.Interfaces;

namespace Epair.Tests.Drivers.Loopback;

/// <summary>The <c>lo</c> cloner: <c>ifconfig lo create</c>, as FreeBSD's vnet_mkloopback uses it.</summary>
public sealed class LoopbackClonerTests
{
    [Fact]
    public void Lo_creates_the_lowest_free_unit_and_lo0_is_unit_0_of_the_same_cloner()
    {
        using var kernel = new Kernel();
        var host = kernel.Host;

        var lo1 = host.CreateInterface("lo");
        var lo7 = host.CreateInterface("lo7");
        var lo2 = host.CreateInterface("lo");

        Assert.Equal(["lo1", "lo7", "lo2"], new[] { lo1.Name, lo7.Name, lo2.Name });
        Assert.All([lo1, lo7, lo2], lo => Assert.Equal(InterfaceType.Loopback, lo.Type));
        Assert.Same(host.Loopback!.Cloner, lo1.Cloner);
        Assert.Equal("lo", lo1.Cloner!.Name);
        Assert.Equal(Errno.EEXIST, Assert.Throws<ErrnoException>(() => host.CreateInterface("lo7")).Errno);
        // lo0 lives as long as its vnet (lo_clone_destroy).
        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => host.DestroyInterface("lo0")).Errno);

        host.DestroyInterface("lo1");
        Assert.Null(host.FindInterface("lo1"));
        Assert.Equal("lo1", host.CreateInterface("lo").Name);
    }

    [Fact]
    public void A_loopback_moved_into_a_jail_holds_its_name_there_and_comes_home_when_the_jail_goes()
    {
        using var kernel = new Kernel();
        var jail = kernel.CreateVnet("b");
        var lo1 = kernel.Host.CreateInterface("lo");
        kernel.Host.MoveInterface("lo1", jail);

        // The jail's own cloner skips the name the visitor holds.
        Assert.Equal("lo2", jail.CreateInterface("lo").Name);
        lo1.Up();
        // ::1 stays with the jail's lo0; the visitor gets only its link-local.
        jail.Inet.Ipv6.SetInterfaceDisabled(lo1, false);
        Assert.DoesNotContain(jail.Inet.Ipv6.GetAddresses(lo1), a => a.Address.Equals(IPAddress.IPv6Loopback));
        Assert.Contains(jail.Inet.Ipv6.GetAddresses(lo1), a => a.Address.IsIPv6LinkLocal);

        kernel.RemoveVnet(jail);

        Assert.Same(lo1, kernel.Host.FindInterface("lo1"));
        kernel.Host.DestroyInterface("lo1");
        Assert.Null(kernel.Host.FindInterface("lo1"));
    }

    [Fact]
    public async Task Addresses_on_a_cloned_loopback_answer_pings_from_the_wire()
    {
        // lpm.sh's shape: the destination sits on jail b's lo1, reached through an epair.
        using var kernel = new Kernel();
        kernel.Sysctl.Set("net.link.epair.dispatch", "direct");
        var a = kernel.CreateVnet("a");
        var b = kernel.CreateVnet("b");
        var ea = kernel.Host.CreateInterface("epair");
        var eb = ((global::Epair.Drivers.Epair.EpairInterface)ea).Peer;
        kernel.Host.MoveInterface(ea.Name, a);
        kernel.Host.MoveInterface(eb.Name, b);
        kernel.Host.CreateInterface("lo");
        kernel.Host.MoveInterface("lo1", b);
        var lo1 = b.GetInterface("lo1");
        ea.Up();
        eb.Up();
        lo1.Up();
        a.Inet.Ipv4.AddAddress(ea, IPAddress.Parse("203.0.113.1"), 30);
        b.Inet.Ipv4.AddAddress(eb, IPAddress.Parse("203.0.113.2"), 30);
        b.Inet.Ipv4.AddAddress(lo1, IPAddress.Parse("198.51.100.0"), 32);
        a.Inet.Ipv4.AddRoute(IPAddress.Parse("198.51.100.0"), 32, IPAddress.Parse("203.0.113.2"));

        var result = await a.Inet.Ipv4.PingAsync(IPAddress.Parse("198.51.100.0"), new() { Count = 3, Interval = TimeSpan.Zero });

        Assert.Equal((3, 3), (result.Transmitted, result.Received));
    }
}

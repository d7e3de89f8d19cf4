using Epair.Inet.Ipv4.Routing;
using static Epair.Tests.Inet.Ipv4.Ipv4TestBed;

namespace Epair.Tests.Inet.Ipv4;

public sealed class AddressAndRouteTests
{
    [Fact]
    public void Adding_an_address_brings_the_interface_up_with_connected_and_local_routes()
    {
        using var bed = new Ipv4TestBed();
        var one = bed.Kernel.CreateVnet("one");
        var a = (global::Epair.Drivers.Epair.EpairInterface)bed.Kernel.Host.CreateInterface("epair");
        bed.Kernel.Host.MoveInterface(a.Name, one);
        Assert.Equal(global::Epair.Interfaces.InterfaceFlags.None, a.Flags & global::Epair.Interfaces.InterfaceFlags.Up);

        var ia = one.Inet.Ipv4.AddAddress(a, Ip("192.0.2.1"), 24);

        Assert.NotEqual(global::Epair.Interfaces.InterfaceFlags.None, a.Flags & global::Epair.Interfaces.InterfaceFlags.Up);
        Assert.Equal(Ip("192.0.2.255"), ia.Broadcast);
        var connected = one.Inet.Ipv4.GetRoute(Ip("192.0.2.77"));
        Assert.Equal(24, connected.PrefixLength);
        Assert.Same(a, connected.Interface);
        Assert.Null(connected.Gateway);
        Assert.Equal(RouteFlags.Up, connected.Flags & (RouteFlags.Up | RouteFlags.Gateway | RouteFlags.Host));
        var local = one.Inet.Ipv4.GetRoute(Ip("192.0.2.1"));
        Assert.Equal(32, local.PrefixLength);
        Assert.Same(one.Loopback, local.Interface);
        Assert.Equal(RouteFlags.Up | RouteFlags.Host | RouteFlags.Static, local.Flags & (RouteFlags.Up | RouteFlags.Host | RouteFlags.Static));
    }

    [Fact]
    public void The_first_address_is_replaced_unless_alias_and_an_address_added_again_is_replaced()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, a, _) = bed.TwoVnets();

        one.Inet.Ipv4.AddAddress(a, Ip("198.51.100.1"), 24);
        Assert.Equal([Ip("198.51.100.1")], one.Inet.Ipv4.GetAddresses(a).Select(x => x.Address));
        Assert.Throws<ErrnoException>(() => one.Inet.Ipv4.GetRoute(Ip("192.0.2.9")));

        one.Inet.Ipv4.AddAddress(a, Ip("203.0.113.1"), 24, alias: true);
        Assert.Equal(2, one.Inet.Ipv4.GetAddresses(a).Count);

        // in_aifaddr_ioctl: the same address again replaces it, here with a longer mask; another
        // interface of the vnet cannot have it too.
        one.Inet.Ipv4.AddAddress(a, Ip("203.0.113.1"), 25, alias: true);
        Assert.Equal([24, 25], one.Inet.Ipv4.GetAddresses(a).Select(x => x.PrefixLength));
        var lo1 = one.CreateInterface("lo");
        var dup = Assert.Throws<ErrnoException>(() => one.Inet.Ipv4.AddAddress(lo1, Ip("203.0.113.1"), 32, alias: true));
        Assert.Equal(Errno.EEXIST, dup.Errno);
        var missing = Assert.Throws<ErrnoException>(() => one.Inet.Ipv4.RemoveAddress(a, Ip("192.0.2.200")));
        Assert.Equal(Errno.EADDRNOTAVAIL, missing.Errno);

        one.Inet.Ipv4.RemoveAddress(a, Ip("203.0.113.1"));
        Assert.Throws<ErrnoException>(() => one.Inet.Ipv4.GetRoute(Ip("203.0.113.5")));
    }

    [Fact]
    public void Routes_use_longest_prefix_match_and_FreeBSD_errors()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();
        var ip4 = one.Inet.Ipv4;

        var net = ip4.AddRoute(Ip("198.51.100.0"), 24, Ip("192.0.2.2"));
        var host = ip4.AddRoute(Ip("198.51.100.7"), 32, Ip("192.0.2.3"));
        var def = ip4.AddRoute(Ip("0.0.0.0"), 0, Ip("192.0.2.4"));

        Assert.Same(host, ip4.GetRoute(Ip("198.51.100.7")));
        Assert.Same(net, ip4.GetRoute(Ip("198.51.100.8")));
        Assert.Same(def, ip4.GetRoute(Ip("203.0.113.1")));
        Assert.Equal(RouteFlags.Up | RouteFlags.Gateway | RouteFlags.Host | RouteFlags.Static, host.Flags);
        Assert.Equal(Ip("192.0.2.2"), net.Gateway);

        var exists = Assert.Throws<ErrnoException>(() => ip4.AddRoute(Ip("198.51.100.0"), 24, Ip("192.0.2.5")));
        Assert.Equal(Errno.EEXIST, exists.Errno);
        Assert.Equal("route already in table", Epair.Inet.Ipv4.Ip4.DescribeRouteError(exists.Errno));
        var unreachable = Assert.Throws<ErrnoException>(() => ip4.AddRoute(Ip("203.0.113.0"), 24, Ip("198.51.100.99")));
        Assert.Equal(Errno.ENETUNREACH, unreachable.Errno);

        ip4.DeleteRoute(Ip("198.51.100.7"), 32);
        Assert.Same(net, ip4.GetRoute(Ip("198.51.100.7")));
        var gone = Assert.Throws<ErrnoException>(() => ip4.DeleteRoute(Ip("198.51.100.7"), 32));
        Assert.Equal(Errno.ESRCH, gone.Errno);
        Assert.Equal("not in table", Epair.Inet.Ipv4.Ip4.DescribeRouteError(gone.Errno));
    }

    [Fact]
    public void Moving_an_interface_away_takes_its_addresses_and_routes()
    {
        using var bed = new Ipv4TestBed();
        var (one, two, a, _) = bed.TwoVnets();
        one.Inet.Ipv4.AddRoute(Ip("198.51.100.0"), 24, Ip("192.0.2.2"));

        one.MoveInterface(a.Name, two);

        Assert.Empty(one.Inet.Ipv4.GetAddresses(a));
        Assert.DoesNotContain(one.Inet.Ipv4.Routes, r => ReferenceEquals(r.Interface, a));
        Assert.DoesNotContain(one.Inet.Arp.Entries, e => ReferenceEquals(e.Interface, a));
    }
}

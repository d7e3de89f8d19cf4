using System.Net;
using Epair.Inet.Ipv6;

namespace Epair.Tests.Inet.Ipv6;

public sealed class RouteTable6Tests
{
    private static UInt128 A(string text) => In6.FromIPAddress(IPAddress.Parse(text));

    [Fact]
    public void The_longest_matching_prefix_wins_and_duplicates_are_EEXIST()
    {
        using var net = new TwoVnets();
        var table = new RouteTable6();
        Assert.Equal(Errno.None, table.Add(new Route6(0, 0, A("2001:db8::1"), net.A, Route6Flags.Up | Route6Flags.Gateway)));
        Assert.Equal(Errno.None, table.Add(new Route6(A("2001:db8::"), 32, 0, net.A, Route6Flags.Up)));
        Assert.Equal(Errno.None, table.Add(new Route6(A("2001:db8:1::5"), 128, 0, net.A, Route6Flags.Up | Route6Flags.Host)));
        Assert.Equal(Errno.None, table.Add(new Route6(A("2001:db8:1::"), 48, 0, net.A, Route6Flags.Up)));
        Assert.Equal(Errno.EEXIST, table.Add(new Route6(A("2001:db8::"), 32, 0, net.A, Route6Flags.Up)));

        Assert.Equal(128, table.Lookup(A("2001:db8:1::5"), null)!.PrefixLength);
        Assert.Equal(48, table.Lookup(A("2001:db8:1::6"), null)!.PrefixLength);
        Assert.Equal(32, table.Lookup(A("2001:db8:2::6"), null)!.PrefixLength);
        Assert.Equal(0, table.Lookup(A("2001:db9::1"), null)!.PrefixLength);
        Assert.Null(table.Lookup(A("2001:db8::1"), net.B));

        Assert.Equal(Errno.None, table.Remove(A("2001:db8:1::"), 48, null));
        Assert.Equal(Errno.ESRCH, table.Remove(A("2001:db8:1::"), 48, null));
        Assert.Equal(32, table.Lookup(A("2001:db8:1::6"), null)!.PrefixLength);
    }

    [Fact]
    public void Scoped_prefixes_exist_once_per_interface()
    {
        using var net = new TwoVnets();
        var table = new RouteTable6();
        Assert.Equal(Errno.None, table.Add(new Route6(A("fe80::"), 64, 0, net.A, Route6Flags.Up)));
        Assert.Equal(Errno.None, table.Add(new Route6(A("fe80::"), 64, 0, net.B, Route6Flags.Up)));
        Assert.Equal(net.B, table.Lookup(A("fe80::1"), net.B)!.Interface);
    }

    [Fact]
    public void Route_commands_check_their_gateways()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        Assert.Equal(Errno.ENETUNREACH, Assert.Throws<ErrnoException>(() =>
            net.Ip6One.AddRoute(IPAddress.IPv6Any, 0, IPAddress.Parse("2001:db8:9::1"))).Errno);
        Assert.Equal(Errno.ENETUNREACH, Assert.Throws<ErrnoException>(() =>
            net.Ip6One.AddRoute(IPAddress.IPv6Any, 0, IPAddress.Parse("fe80::1"))).Errno);
        net.Ip6One.AddRoute(IPAddress.IPv6Any, 0, IPAddress.Parse("2001:db8::2"));
        net.Ip6One.AddRoute(IPAddress.Parse("2001:db8:5::1"), 128, new IPAddress(IPAddress.Parse("fe80::2").GetAddressBytes(), net.A.Index));
        var routes = net.Ip6One.GetRoutes();
        Assert.Equal(128, routes[0].PrefixLength);
        Assert.Equal(Route6Flags.Up | Route6Flags.Static | Route6Flags.Host | Route6Flags.Gateway, routes[0].Flags);
        Assert.Equal(0, routes[^1].PrefixLength);
        net.Ip6One.DeleteRoute(IPAddress.IPv6Any, 0);
        Assert.Equal(Errno.ESRCH, Assert.Throws<ErrnoException>(() => net.Ip6One.DeleteRoute(IPAddress.IPv6Any, 0)).Errno);
    }
}

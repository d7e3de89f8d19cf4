using System.Net;
using Epair.Inet.Ipv6;

namespace Epair.Tests.Inet.Ipv6;

/// <summary>Source selection as <c>connect(2)</c> on a UDP socket sees it (<see cref="Ip6.SelectSourceAddress"/>).</summary>
public sealed class Ip6OutputTests
{
    private static readonly IPAddress Far = IPAddress.Parse("2001:db8:2::1");

    [Fact]
    public void Our_own_address_is_its_own_source()
    {
        using var net = TwoVnets.Numbered();
        var ll = TwoVnets.LinkLocal(net.Ip6One, net.A);

        Assert.Equal(IPAddress.Parse("2001:db8::1"), net.Ip6One.SelectSourceAddress(IPAddress.Parse("2001:db8::1")));
        Assert.Equal(ll, net.Ip6One.SelectSourceAddress(ll));
        Assert.Equal(IPAddress.IPv6Loopback, net.Ip6One.SelectSourceAddress(IPAddress.IPv6Loopback));
    }

    [Fact]
    public void A_global_address_on_the_way_out_beats_a_link_local_one()
    {
        using var net = TwoVnets.Numbered();

        Assert.Equal(IPAddress.Parse("2001:db8::1"), net.Ip6One.SelectSourceAddress(IPAddress.Parse("2001:db8::2")));
        Assert.Equal(TwoVnets.LinkLocal(net.Ip6One, net.A), net.Ip6One.SelectSourceAddress(TwoVnets.LinkLocal(net.Ip6Two, net.B)));
    }

    [Fact]
    public void With_only_link_local_addresses_the_outgoing_interfaces_own_is_chosen_never_another_links()
    {
        // lpm6.sh: a host route through the peer's link-local address and nothing global on our
        // side. lo0's fe80::1 is usable but belongs to another link (in6_selectsrc's zone check).
        using var net = new TwoVnets();
        net.FinishDad();
        var peer = TwoVnets.LinkLocal(net.Ip6Two, net.B);
        net.Ip6One.AddRoute(Far, 128, new IPAddress(peer.GetAddressBytes()), net.A);

        var source = net.Ip6One.SelectSourceAddress(Far);

        Assert.Equal(TwoVnets.LinkLocal(net.Ip6One, net.A), source);
        Assert.Equal(net.A.Index, source.ScopeId);
    }

    [Fact]
    public void No_route_reject_and_blackhole_routes_and_no_usable_address_are_connects_errors()
    {
        using var net = new TwoVnets();
        Assert.Equal(Errno.EHOSTUNREACH, Refused(net, Far));
        Assert.Equal(Errno.EHOSTUNREACH, Refused(net, IPAddress.Parse("fe80::1234")));

        // Tentative until DAD is done: nothing to send from yet.
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        Assert.Equal(Errno.EADDRNOTAVAIL, Refused(net, IPAddress.Parse("2001:db8::2")));
        net.FinishDad();
        Assert.Equal(IPAddress.Parse("2001:db8::1"), net.Ip6One.SelectSourceAddress(IPAddress.Parse("2001:db8::2")));

        net.Ip6One.AddRoute(IPAddress.Parse("2001:db8:2::"), 64, IPAddress.IPv6Loopback, flags: Route6Flags.Blackhole);
        net.Ip6One.AddRoute(IPAddress.Parse("2001:db8:3::1"), 128, IPAddress.IPv6Loopback, flags: Route6Flags.Reject);
        Assert.Equal(Errno.ENETUNREACH, Refused(net, Far));
        Assert.Equal(Errno.EHOSTUNREACH, Refused(net, IPAddress.Parse("2001:db8:3::1")));
    }

    private static Errno Refused(TwoVnets net, IPAddress destination) =>
        Assert.Throws<ErrnoException>(() => net.Ip6One.SelectSourceAddress(destination)).Errno;
}

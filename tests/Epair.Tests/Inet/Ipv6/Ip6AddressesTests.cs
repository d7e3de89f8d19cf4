using System.Net;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Tests.Inet.Ipv6;

public sealed class Ip6AddressesTests
{
    [Fact]
    public void A_fresh_interface_has_FreeBSDs_nd6_defaults_and_no_address()
    {
        using var net = new TwoVnets(enable: false);
        var flags = net.Ip6One.GetNd6Flags(net.A);
        Assert.Equal(Nd6Flags.PERFORMNUD | Nd6Flags.IFDISABLED | Nd6Flags.AUTO_LINKLOCAL, flags);
        Assert.Equal(0x29, (int)flags);
        Assert.Equal("nd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>", flags.ToIfconfigString());
        net.A.Up();
        Assert.Empty(net.Ip6One.GetAddresses(net.A));
    }

    [Fact]
    public void Clearing_ifdisabled_on_an_up_interface_adds_a_tentative_EUI64_link_local()
    {
        using var net = new TwoVnets(enable: false);
        net.A.Up();
        net.Ip6One.SetInterfaceDisabled(net.A, false);

        var ll = Assert.Single(net.Ip6One.GetAddresses(net.A));
        var mac = net.A.MacAddress;
        var expected = IPAddress.Parse(FormattableString.Invariant(
            $"fe80::{mac[0] ^ 2:x2}{mac[1]:x2}:{mac[2]:x2}ff:fe{mac[3]:x2}:{mac[4]:x2}{mac[5]:x2}"));
        Assert.Equal(expected.GetAddressBytes(), ll.Address.GetAddressBytes());
        Assert.Equal(net.A.Index, ll.Address.ScopeId);
        Assert.Equal(64, ll.PrefixLength);
        Assert.Equal(In6AddressFlags.Tentative, ll.Flags);
        Assert.Equal(
            $"inet6 {new IPAddress(expected.GetAddressBytes())}%{net.A.Name} prefixlen 64 tentative scopeid 0x{net.A.Index:x}",
            ll.ToIfconfigString());

        net.FinishDad();
        Assert.Equal(In6AddressFlags.None, Assert.Single(net.Ip6One.GetAddresses(net.A)).Flags);
        Assert.Equal(Nd6Flags.PERFORMNUD | Nd6Flags.AUTO_LINKLOCAL, net.Ip6One.GetNd6Flags(net.A));
    }

    [Fact]
    public void Adding_an_address_clears_ifdisabled_and_joins_the_solicited_node_groups()
    {
        using var net = new TwoVnets(enable: false);
        net.A.Up();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);

        Assert.Equal(0, (int)(net.Ip6One.GetNd6Flags(net.A) & Nd6Flags.IFDISABLED));
        var addresses = net.Ip6One.GetAddresses(net.A);
        Assert.Equal(2, addresses.Count);
        Assert.Contains(addresses, a => a.Address.Equals(IPAddress.Parse("2001:db8::1")) && a.Flags == In6AddressFlags.Tentative);
        Assert.Contains(addresses, a => a.Address.IsIPv6LinkLocal);
        Assert.True(net.A.IsMulticastMember(MacAddress.Parse("33:33:00:00:00:01")));
        Assert.True(net.A.IsMulticastMember(MacAddress.Parse("33:33:ff:00:00:01")));
        Assert.Contains(net.Ip6One.GetRoutes(), r => r.PrefixLength == 64 && r.Destination.Equals(IPAddress.Parse("2001:db8::")) && r.Interface == net.A);
    }

    [Fact]
    public void The_first_address_brings_the_interface_up()
    {
        using var net = new TwoVnets(enable: false);
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        Assert.NotEqual(0, (int)(net.A.Flags & InterfaceFlags.Up));
        Assert.Equal(2, net.Ip6One.GetAddresses(net.A).Count);
    }

    [Fact]
    public void Adding_again_updates_flags_but_not_the_prefix_and_removing_a_missing_address_is_EADDRNOTAVAIL()
    {
        using var net = new TwoVnets();
        var address = IPAddress.Parse("2001:db8::1");
        net.Ip6One.AddAddress(net.A, address, 64);
        net.Ip6One.AddAddress(net.A, address, 64, In6AddressFlags.PreferSource);
        Assert.Equal(In6AddressFlags.PreferSource, net.Ip6One.GetAddresses(net.A).Single(x => x.Address.Equals(address)).Flags & In6AddressFlags.PreferSource);
        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => net.Ip6One.AddAddress(net.A, address, 48)).Errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => net.Ip6One.AddAddress(net.A, IPAddress.Parse("ff02::1"), 64)).Errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::2"), 129)).Errno);

        net.Ip6One.RemoveAddress(net.A, address);
        Assert.Equal(Errno.EADDRNOTAVAIL, Assert.Throws<ErrnoException>(() => net.Ip6One.RemoveAddress(net.A, address)).Errno);
        Assert.False(net.A.IsMulticastMember(MacAddress.Parse("33:33:ff:00:00:01")));
        Assert.DoesNotContain(net.Ip6One.GetRoutes(), r => r.PrefixLength == 64 && !r.Destination.IsIPv6LinkLocal);
    }

    [Fact]
    public void Ifdisabled_makes_addresses_tentative_and_down_up_runs_DAD_again()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.FinishDad();
        Assert.All(net.Ip6One.GetAddresses(net.A), a => Assert.Equal(In6AddressFlags.None, a.Flags));

        net.A.Down();
        Assert.All(net.Ip6One.GetAddresses(net.A), a => Assert.Equal(In6AddressFlags.Tentative, a.Flags));
        net.A.Up();
        net.FinishDad();
        Assert.All(net.Ip6One.GetAddresses(net.A), a => Assert.Equal(In6AddressFlags.None, a.Flags));

        net.Ip6One.SetInterfaceDisabled(net.A, true);
        Assert.All(net.Ip6One.GetAddresses(net.A), a => Assert.Equal(In6AddressFlags.Tentative, a.Flags));
        Assert.NotEqual(0, (int)(net.Ip6One.GetNd6Flags(net.A) & Nd6Flags.IFDISABLED));
    }

    [Fact]
    public void Moving_an_interface_away_takes_its_addresses_routes_and_groups()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.One.MoveInterface(net.A.Name, net.Kernel.Host);
        // Only the vnet's own lo0 routes (fe80::%lo0/64) are left.
        Assert.All(net.Ip6One.GetRoutes(), r => Assert.Same(net.One.Loopback, r.Interface));
        Assert.Empty(net.A.MulticastAddresses);
        Assert.Equal(0x29, (int)net.Kernel.Host.Inet.Ipv6.GetNd6Flags(net.A));
    }

    [Fact]
    public void Destroying_an_interface_frees_what_its_stack_held()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.FinishDad();
        using var socket = net.Ip6One.OpenUdp();
        // Nobody answers for ::77: the datagram waits in the hold queue.
        socket.SendTo(new byte[100], new IPEndPoint(IPAddress.Parse("2001:db8::77"), 9));
        Assert.True(net.Kernel.Frames.Outstanding > net.StartOutstanding);
        net.One.DestroyInterface(net.A);
        Assert.Empty(net.Ip6One.GetNeighbors());
        Assert.All(net.Ip6One.GetRoutes(), r => Assert.Same(net.One.Loopback, r.Interface)); // lo0's stay
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public void Multicast_groups_are_listed_newest_first_with_the_interfaces_scope()
    {
        using var net = TwoVnets.Numbered();
        var linkLocal = TwoVnets.LinkLocal(net.Ip6One, net.A).GetAddressBytes();

        var groups = net.Ip6One.GetMulticastGroups(net.A);

        // Up with IPv6 enabled: all-nodes and the link-local's solicited-node group; then
        // 2001:db8::1's solicited-node group, the newest.
        Assert.Equal(IPAddress.Parse("ff02::1:ff00:1"), new IPAddress(groups[0].GetAddressBytes()));
        var solicited = IPAddress.Parse($"ff02::1:ff{linkLocal[13]:x2}:{linkLocal[14]:x2}{linkLocal[15]:x2}");
        Assert.Equal(solicited, new IPAddress(groups[1].GetAddressBytes()));
        Assert.Equal(3, groups.Count);
        Assert.Equal(IPAddress.Parse("ff02::1"), new IPAddress(groups[^1].GetAddressBytes()));
        Assert.All(groups, g => Assert.Equal(net.A.Index, g.ScopeId));
        net.Ip6One.RemoveAddress(net.A, IPAddress.Parse("2001:db8::1"));
        Assert.DoesNotContain(net.Ip6One.GetMulticastGroups(net.A), g => new IPAddress(g.GetAddressBytes()).Equals(IPAddress.Parse("ff02::1:ff00:1")));
    }
}

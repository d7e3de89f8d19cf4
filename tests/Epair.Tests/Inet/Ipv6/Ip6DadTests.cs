using System.Net;
using Epair.Inet.Ipv6;

namespace Epair.Tests.Inet.Ipv6;

public sealed class Ip6DadTests
{
    private static In6AddressFlags FlagsOf(Ip6 ip6, Epair.Interfaces.NetInterface ifp, string address)
    {
        var wanted = IPAddress.Parse(address);
        foreach (var a in ip6.GetAddresses(ifp))
        {
            if (a.Address.Equals(wanted))
                return a.Flags;
        }
        throw new InvalidOperationException(address + " not found");
    }

    [Fact]
    public void An_address_stays_tentative_until_the_retransmit_timer_passes()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(In6AddressFlags.Tentative, FlagsOf(net.Ip6One, net.A, "2001:db8::1"));
        net.Clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(In6AddressFlags.None, FlagsOf(net.Ip6One, net.A, "2001:db8::1"));
    }

    [Fact]
    public void An_address_another_node_already_holds_is_duplicated()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.FinishDad();
        net.Ip6Two.AddAddress(net.B, IPAddress.Parse("2001:db8::1"), 64);
        net.FinishDad();
        Assert.Equal(In6AddressFlags.None, FlagsOf(net.Ip6One, net.A, "2001:db8::1"));
        Assert.Equal(In6AddressFlags.Duplicated, FlagsOf(net.Ip6Two, net.B, "2001:db8::1"));
        Assert.Equal("inet6 2001:db8::1 prefixlen 64 duplicated",
            net.Ip6Two.GetAddresses(net.B).Single(a => !a.Address.IsIPv6LinkLocal).ToIfconfigString());
    }

    [Fact]
    public void Two_nodes_probing_the_same_address_at_once_both_learn_of_it_from_the_later_probe()
    {
        using var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.Ip6Two.AddAddress(net.B, IPAddress.Parse("2001:db8::1"), 64);
        net.FinishDad();
        // A was still tentative when B's probe arrived, so A knows; B heard nothing during its own probe.
        Assert.Equal(In6AddressFlags.Duplicated, FlagsOf(net.Ip6One, net.A, "2001:db8::1"));
    }

    [Fact]
    public void Dad_count_zero_makes_addresses_usable_at_once()
    {
        using var net = new TwoVnets(enable: false);
        net.Kernel.Sysctl.Set("net.inet6.ip6.dad_count", "0", net.One);
        net.A.Up();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        Assert.All(net.Ip6One.GetAddresses(net.A), a => Assert.Equal(In6AddressFlags.None, a.Flags));
        Assert.Equal("1", net.Kernel.Sysctl.Get("net.inet6.ip6.dad_count", net.Two));
    }

    [Fact]
    public void A_duplicated_hardware_link_local_disables_IPv6_on_the_interface()
    {
        using var net = new TwoVnets(enable: false);
        net.B.SetMacAddress(net.A.MacAddress);
        net.A.Up();
        net.B.Up();
        net.Ip6One.SetInterfaceDisabled(net.A, false);
        net.FinishDad();
        net.Ip6Two.SetInterfaceDisabled(net.B, false);
        net.FinishDad();

        var ll = Assert.Single(net.Ip6Two.GetAddresses(net.B));
        Assert.Equal(In6AddressFlags.Duplicated, ll.Flags);
        Assert.NotEqual(0, (int)(net.Ip6Two.GetNd6Flags(net.B) & Nd6Flags.IFDISABLED));
        // RFC 4862, 5.4.5: it stays off until someone sorts the hardware out.
        net.Ip6Two.SetInterfaceDisabled(net.B, false);
        Assert.NotEqual(0, (int)(net.Ip6Two.GetNd6Flags(net.B) & Nd6Flags.IFDISABLED));
        Assert.Equal(In6AddressFlags.None, Assert.Single(net.Ip6One.GetAddresses(net.A)).Flags);
    }

    [Fact]
    public void A_fault_in_the_timer_is_reported_and_the_timers_go_on()
    {
        // A timer callback has no caller: an exception there must not end the process.
        using var net = new TwoVnets();
        var faults = new List<HandlerFault>();
        net.Kernel.HandlerFaulted += (_, fault) => faults.Add(fault);
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);

        net.Clock.FailNextRead = true;
        net.Clock.Advance(TimeSpan.FromMilliseconds(500));
        net.Clock.Advance(TimeSpan.FromSeconds(3));

        var fault = Assert.Single(faults);
        Assert.Equal("inet6 timer", fault.Source);
        Assert.IsType<InvalidOperationException>(fault.Exception);
        // DAD finished all the same, a second late.
        Assert.DoesNotContain(net.Ip6One.GetAddresses(net.A), a => (a.Flags & In6AddressFlags.Tentative) != 0);
    }
}

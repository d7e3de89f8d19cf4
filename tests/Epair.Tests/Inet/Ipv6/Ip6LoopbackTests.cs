using System.Net;
using Epair.Frames;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Tests.Inet.Ipv6;

/// <summary>IPv6 on a vnet's loopback interfaces.</summary>
public sealed class Ip6LoopbackTests
{
    [Fact]
    public async Task Loopback_gets_localhost_and_fe80_1_and_answers_ping6()
    {
        using var net = new TwoVnets();
        var lo = net.One.Loopback!;
        Assert.Equal(Nd6Flags.PERFORMNUD | Nd6Flags.AUTO_LINKLOCAL, net.Ip6One.GetNd6Flags(lo));

        var addresses = net.Ip6One.GetAddresses(lo);
        Assert.Equal(["inet6 ::1 prefixlen 128", $"inet6 fe80::1%lo0 prefixlen 64 scopeid 0x{lo.Index:x}"],
            addresses.Select(a => a.ToIfconfigString()));
        var result = await net.Ip6One.PingAsync(IPAddress.IPv6Loopback, new Ping6Options { Count = 2, Interval = TimeSpan.Zero });
        Assert.Equal(2, result.Received);
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public void A_second_loopback_gets_fe80_1_but_leaves_localhost_to_lo0()
    {
        // in6_ifattach: ::1 only when no interface of the vnet has it yet.
        using var net = new TwoVnets();
        var lo1 = net.One.CreateInterface("lo");
        lo1.Up();

        Assert.Equal([$"inet6 fe80::1%lo1 prefixlen 64 scopeid 0x{lo1.Index:x}"],
            net.Ip6One.GetAddresses(lo1).Select(a => a.ToIfconfigString()));
    }

    [Fact]
    public void Loopback_addresses_from_a_wire_are_dropped()
    {
        using var net = new TwoVnets();
        RawFrames.Inject(net, RawFrames.EchoRequest(UInt128.One, RawFrames.AddressB, 1, 1, 8));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_badscope));
    }
}

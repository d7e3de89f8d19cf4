using System.Net;
using Epair.Frames;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Tests.Inet.Ipv6;

/// <summary>IPv6 on a loopback interface (lo0 comes from the IPv4 side; a stand-in here).</summary>
public sealed class Ip6LoopbackTests
{
    private sealed class StandInLoopback : NetInterface
    {
        public StandInLoopback() : base("lo", 0, "lo0", InterfaceType.Loopback, 50)
        {
            SetFlagBits(InterfaceFlags.Loopback | InterfaceFlags.Multicast);
            SetDriverFlags(DriverFlags.Running);
        }

        protected override Errno TransmitCore(Frame frame)
        {
            frame.Free();
            return Errno.None;
        }
    }

    [Fact]
    public async Task Loopback_gets_localhost_and_fe80_1_and_answers_ping6()
    {
        using var net = new TwoVnets();
        var lo = new StandInLoopback();
        lock (net.Kernel.IfnetLock)
            net.One.Attach(lo);
        Assert.Equal(Nd6Flags.PERFORMNUD | Nd6Flags.AUTO_LINKLOCAL, net.Ip6One.GetNd6Flags(lo));
        lo.Up();

        var addresses = net.Ip6One.GetAddresses(lo);
        Assert.Equal(["inet6 ::1 prefixlen 128", $"inet6 fe80::1%lo0 prefixlen 64 scopeid 0x{lo.Index:x}"],
            addresses.Select(a => a.ToIfconfigString()));
        var result = await net.Ip6One.PingAsync(IPAddress.IPv6Loopback, new Ping6Options { Count = 2, Interval = TimeSpan.Zero });
        Assert.Equal(2, result.Received);
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public void Loopback_addresses_from_a_wire_are_dropped()
    {
        using var net = new TwoVnets();
        RawFrames.Inject(net, RawFrames.EchoRequest(UInt128.One, RawFrames.AddressB, 1, 1, 8));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Ip6Stat.ip6s_badscope));
    }
}

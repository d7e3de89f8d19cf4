using System.Net;
using System.Text;
using Epair.Interfaces;

namespace Epair.Tests.Drivers.Loopback;

public sealed class LoopbackInterfaceTests
{
    [Fact]
    public void Every_vnet_has_lo0_with_127_0_0_1()
    {
        using var kernel = new Kernel(new KernelOptions { Loopback = true });
        var vnet = kernel.CreateVnet("one");

        foreach (var v in new[] { kernel.Host, vnet })
        {
            var lo = v.GetInterface("lo0");
            Assert.Same(v.Loopback, lo);
            Assert.Equal(InterfaceType.Loopback, lo.Type);
            Assert.Equal(16384, lo.Mtu);
            Assert.Equal(InterfaceFlags.Up | InterfaceFlags.Loopback | InterfaceFlags.Multicast, lo.Flags);
            Assert.True(lo.IsUpAndRunning);
            var ia = Assert.Single(v.Inet.Ipv4.GetAddresses(lo));
            Assert.Equal(IPAddress.Loopback, ia.Address);
            Assert.Equal(8, ia.PrefixLength);
        }
    }

    [Fact]
    public async Task Udp_to_127_0_0_1_is_delivered_through_lo0()
    {
        using var kernel = new Kernel(new KernelOptions { Loopback = true });
        kernel.Sysctl.Set("net.link.epair.dispatch", "direct");
        long start = kernel.Frames.Outstanding;
        var ip4 = kernel.Host.Inet.Ipv4;
        using var server = ip4.OpenUdp(new IPEndPoint(IPAddress.Loopback, 7));
        using var client = ip4.OpenUdp();

        Assert.Equal(Errno.None, client.SendTo("echo"u8, new IPEndPoint(IPAddress.Loopback, 7)));
        var datagram = await server.ReceiveAsync();

        Assert.Equal("echo", Encoding.ASCII.GetString(datagram.Data.Span));
        Assert.Equal(IPAddress.Loopback, datagram.RemoteEndPoint.Address);
        Assert.Equal(1, kernel.Host.Loopback!.Counters.OPackets);
        Assert.Equal(1, kernel.Host.Loopback!.Counters.IPackets);
        Assert.Equal(start, kernel.Frames.Outstanding);
    }

    [Fact]
    public void A_loopback_that_is_down_refuses_with_network_is_down()
    {
        using var kernel = new Kernel(new KernelOptions { Loopback = true });
        var lo = kernel.Host.Loopback!;
        lo.Down();
        using var client = kernel.Host.Inet.Ipv4.OpenUdp();

        Assert.Equal(Errno.ENETDOWN, client.SendTo("x"u8, new IPEndPoint(IPAddress.Loopback, 7)));
        Assert.Equal(0, kernel.Frames.Outstanding);
    }

    [Fact]
    public void Without_the_option_there_is_no_lo0()
    {
        using var kernel = new Kernel(new KernelOptions { Loopback = false });

        Assert.Null(kernel.Host.Loopback);
        Assert.Null(kernel.CreateVnet("one").FindInterface("lo0"));
    }
}

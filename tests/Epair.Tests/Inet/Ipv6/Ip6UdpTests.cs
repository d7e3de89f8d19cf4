using System.Net;
using Epair.Inet.Ipv6;

namespace Epair.Tests.Inet.Ipv6;

public sealed class Ip6UdpTests
{
    [Fact]
    public async Task Datagrams_go_both_ways_with_the_senders_endpoint()
    {
        using var net = TwoVnets.Numbered();
        using var server = net.Ip6Two.OpenUdp(new IPEndPoint(IPAddress.IPv6Any, 5353));
        using var client = net.Ip6One.OpenUdp();

        Assert.Equal(Errno.None, client.SendTo("hello"u8, new IPEndPoint(IPAddress.Parse("2001:db8::2"), 5353)));
        var request = await server.ReceiveAsync();
        Assert.Equal("hello"u8.ToArray(), request.Data.ToArray());
        Assert.Equal(IPAddress.Parse("2001:db8::1"), request.RemoteEndPoint.Address);
        Assert.Equal(client.LocalEndPoint.Port, request.RemoteEndPoint.Port);
        Assert.Equal(IPAddress.Parse("2001:db8::2"), request.LocalAddress);

        Assert.Equal(Errno.None, server.SendTo("world"u8, request.RemoteEndPoint));
        var reply = await client.ReceiveAsync();
        Assert.Equal("world"u8.ToArray(), reply.Data.ToArray());
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task Link_local_datagrams_carry_the_scope()
    {
        using var net = TwoVnets.Numbered();
        using var server = net.Ip6Two.OpenUdp(new IPEndPoint(IPAddress.IPv6Any, 7));
        using var client = net.Ip6One.OpenUdp();
        var llB = TwoVnets.LinkLocal(net.Ip6Two, net.B);
        var target = new IPAddress(llB.GetAddressBytes(), net.A.Index);
        Assert.Equal(Errno.None, client.SendTo(new byte[3000], new IPEndPoint(target, 7)));
        var got = await server.ReceiveAsync();
        Assert.Equal(3000, got.Data.Length);
        Assert.True(got.RemoteEndPoint.Address.IsIPv6LinkLocal);
        Assert.Equal(net.B.Index, got.RemoteEndPoint.Address.ScopeId);
    }

    [Fact]
    public void A_closed_port_answers_port_unreachable()
    {
        using var net = TwoVnets.Numbered();
        using var client = net.Ip6One.OpenUdp();
        Assert.Equal(Errno.None, client.SendTo("x"u8, new IPEndPoint(IPAddress.Parse("2001:db8::2"), 9)));
        Assert.Equal(1, net.Ip6Two.GetStatistic(Icmp6Stat.icp6s_odst_unreach_noport));
        Assert.Equal(Errno.ECONNREFUSED, client.LastError);
    }

    [Fact]
    public void The_receive_queue_is_bounded_and_ports_are_exclusive()
    {
        using var net = TwoVnets.Numbered();
        using var server = net.Ip6Two.OpenUdp(new IPEndPoint(IPAddress.IPv6Any, 4000), receiveQueueLength: 2);
        using var client = net.Ip6One.OpenUdp();
        for (int i = 0; i < 5; i++)
            client.SendTo("x"u8, new IPEndPoint(IPAddress.Parse("2001:db8::2"), 4000));
        Assert.Equal(3, server.Dropped);
        Assert.Equal(Errno.EADDRINUSE, Assert.Throws<ErrnoException>(() => net.Ip6Two.OpenUdp(new IPEndPoint(IPAddress.IPv6Any, 4000))).Errno);
        Assert.Equal(Errno.EADDRNOTAVAIL, Assert.Throws<ErrnoException>(() => net.Ip6Two.OpenUdp(new IPEndPoint(IPAddress.Parse("2001:db8::9"), 1))).Errno);
    }
}

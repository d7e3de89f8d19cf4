using System.Net;
using System.Text;
using static Epair.Tests.Inet.Ipv4.Ipv4TestBed;

namespace Epair.Tests.Inet.Ipv4;

public sealed class UdpTests
{
    [Fact]
    public async Task Datagrams_cross_the_epair_both_ways()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (one, two, _, _) = bed.TwoVnets();
        using var server = two.Inet.Ipv4.OpenUdp(new IPEndPoint(IPAddress.Any, 5353));
        using var client = one.Inet.Ipv4.OpenUdp();

        Assert.Equal(Errno.None, client.SendTo("hello"u8, new IPEndPoint(Ip("192.0.2.2"), 5353)));
        var request = await server.ReceiveAsync();
        Assert.Equal(Errno.None, server.SendTo("world"u8, request.RemoteEndPoint));
        var response = await client.ReceiveAsync();

        Assert.Equal("hello", Encoding.ASCII.GetString(request.Data.Span));
        Assert.Equal(Ip("192.0.2.1"), request.RemoteEndPoint.Address);
        Assert.Equal(client.LocalEndPoint.Port, request.RemoteEndPoint.Port);
        Assert.Equal(Ip("192.0.2.2"), request.LocalAddress);
        Assert.Equal("world", Encoding.ASCII.GetString(response.Data.Span));
        Assert.Equal(new IPEndPoint(Ip("192.0.2.2"), 5353), response.RemoteEndPoint);
        Assert.Equal(1, one.Inet.Ipv4.UdpStatistics.OutputPackets);
        Assert.Equal(1, two.Inet.Ipv4.UdpStatistics.InputPackets);
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public void Ephemeral_ports_come_from_the_portrange_sysctls()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();
        Assert.Equal("10000", bed.Kernel.Sysctl.Get("net.inet.ip.portrange.first", one));
        Assert.Equal("65535", bed.Kernel.Sysctl.Get("net.inet.ip.portrange.last", one));
        bed.Kernel.Sysctl.Set("net.inet.ip.portrange.first", "49152", one);

        using var socket = one.Inet.Ipv4.OpenUdp();

        Assert.InRange(socket.LocalEndPoint.Port, 49152, 65535);
    }

    [Fact]
    public void Binding_a_taken_port_or_a_foreign_address_fails_as_FreeBSD_does()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();
        using var first = one.Inet.Ipv4.OpenUdp(new IPEndPoint(Ip("192.0.2.1"), 7));

        var inUse = Assert.Throws<ErrnoException>(() => one.Inet.Ipv4.OpenUdp(new IPEndPoint(IPAddress.Any, 7)));
        var notOurs = Assert.Throws<ErrnoException>(() => one.Inet.Ipv4.OpenUdp(new IPEndPoint(Ip("198.51.100.1"), 7)));

        Assert.Equal(Errno.EADDRINUSE, inUse.Errno);
        Assert.Equal(Errno.EADDRNOTAVAIL, notOurs.Errno);
        first.Dispose();
        using var again = one.Inet.Ipv4.OpenUdp(new IPEndPoint(IPAddress.Any, 7));
    }

    [Fact]
    public async Task A_closed_port_answers_port_unreachable_and_counts_noport()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (one, two, _, _) = bed.TwoVnets();
        using var client = one.Inet.Ipv4.OpenUdp();

        Assert.Equal(Errno.None, client.SendTo("anyone?"u8, new IPEndPoint(Ip("192.0.2.2"), 9)));
        await Task.Yield();

        Assert.Equal(1, two.Inet.Ipv4.UdpStatistics.NoPort);
        Assert.Equal(1, two.Inet.Ipv4.IcmpStatistics.OutputHistogram(3));
        Assert.Equal(1, one.Inet.Ipv4.IcmpStatistics.InputHistogram(3));
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public void A_full_receive_queue_drops_and_counts_fullsock()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (one, two, _, _) = bed.TwoVnets();
        bed.Kernel.Sysctl.Set("net.inet.udp.recvspace", "1000", two);
        using var server = two.Inet.Ipv4.OpenUdp(new IPEndPoint(IPAddress.Any, 5000));
        using var client = one.Inet.Ipv4.OpenUdp();
        var payload = new byte[400];

        for (int i = 0; i < 5; i++)
            Assert.Equal(Errno.None, client.SendTo(payload, new IPEndPoint(Ip("192.0.2.2"), 5000)));

        Assert.Equal(3, two.Inet.Ipv4.UdpStatistics.FullSocket);
        Assert.Equal(800, server.ReceiveQueueBytes);
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public void Oversize_datagrams_fail_with_message_too_long()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();
        using var client = one.Inet.Ipv4.OpenUdp();

        Assert.Equal(Errno.EMSGSIZE, client.SendTo(new byte[9217], new IPEndPoint(Ip("192.0.2.2"), 9)));
        Assert.Equal("Message too long", ErrnoText.Of(Errno.EMSGSIZE));
    }

    [Fact]
    public async Task Cancelling_a_receive_throws_and_closing_wakes_receivers()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();
        var socket = one.Inet.Ipv4.OpenUdp();
        using var cts = new CancellationTokenSource();
        var pending = socket.ReceiveAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);

        var waiting = socket.ReceiveAsync();
        socket.Dispose();
        var closed = await Assert.ThrowsAsync<ErrnoException>(async () => await waiting);
        Assert.Equal(Errno.EBADF, closed.Errno);
    }
}

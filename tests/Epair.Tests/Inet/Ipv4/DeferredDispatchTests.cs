using System.Net;
using Epair.Drivers.Epair;
using Epair.Inet.Ipv4.Icmp;
using static Epair.Tests.Inet.Ipv4.Ipv4TestBed;

namespace Epair.Tests.Inet.Ipv4;

/// <summary>The default dispatch: netisr threads deliver, so locking and conservation are exercised for real.</summary>
public sealed class DeferredDispatchTests
{
    [Fact]
    public async Task Ping_and_udp_work_over_netisr_threads_and_every_frame_is_accounted_for()
    {
        var time = new ManualClock();
        using var kernel = new Kernel(new KernelOptions { TimeProvider = time, Loopback = true });
        long start = kernel.Frames.Outstanding;
        var one = kernel.CreateVnet("one");
        var two = kernel.CreateVnet("two");
        var a = (EpairInterface)kernel.Host.CreateInterface("epair");
        var b = a.Peer;
        kernel.Host.MoveInterface(a.Name, one);
        kernel.Host.MoveInterface(b.Name, two);
        one.Inet.Ipv4.AddAddress(a, Ip("192.0.2.1"), 24);
        two.Inet.Ipv4.AddAddress(b, Ip("192.0.2.2"), 24);

        // Resolve ARP first: twenty back-to-back requests would overflow the hold queue (maxhold 16)
        // before the reply came back, and FreeBSD would lose those too.
        await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), new PingOptions { Count = 1 });
        // The manual clock never moves: ping returns because every reply arrives, not because time passed.
        var options = new PingOptions { Count = 20, Interval = TimeSpan.Zero };
        var pings = await Task.WhenAll(
            one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), options),
            two.Inet.Ipv4.PingAsync(Ip("192.0.2.1"), options));
        using var server = two.Inet.Ipv4.OpenUdp(new IPEndPoint(IPAddress.Any, 9000));
        using var client = one.Inet.Ipv4.OpenUdp();
        for (int i = 0; i < 10; i++)
            Assert.Equal(Errno.None, client.SendTo(new byte[3000], new IPEndPoint(Ip("192.0.2.2"), 9000)));
        for (int i = 0; i < 10; i++)
            Assert.Equal(3000, (await server.ReceiveAsync()).Data.Length);
        await kernel.QuiesceAsync();

        Assert.All(pings, p => Assert.Equal(20, p.Received));
        // Conservation on the wire: everything a sent reached b, and the other way round.
        Assert.Equal(a.Counters.OPackets, b.Counters.IPackets);
        Assert.Equal(b.Counters.OPackets, a.Counters.IPackets);
        Assert.Equal(start, kernel.Frames.Outstanding);
    }

    [Fact]
    public void Removing_a_vnet_frees_the_fragments_it_was_waiting_on()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (_, two, a, b) = bed.TwoVnets();
        bed.Inject(a, RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.2"), 17, new byte[64],
            flagsAndOffset: 0x2000, id: 9));
        Assert.NotEqual(start, bed.Outstanding);

        bed.Kernel.RemoveVnet(two);

        Assert.Null(two.Loopback);
        Assert.Equal(start, bed.Outstanding);
    }
}

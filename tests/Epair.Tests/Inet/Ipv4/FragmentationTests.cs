using System.Net;
using Epair.Frames;
using Epair.Inet.Ipv4.Icmp;
using static Epair.Tests.Inet.Ipv4.Ipv4TestBed;

namespace Epair.Tests.Inet.Ipv4;

public sealed class FragmentationTests
{
    [Fact]
    public async Task A_datagram_longer_than_the_mtu_is_fragmented_and_reassembled()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (one, two, a, _) = bed.TwoVnets();
        using var server = two.Inet.Ipv4.OpenUdp(new IPEndPoint(IPAddress.Any, 4000));
        using var client = one.Inet.Ipv4.OpenUdp();
        var payload = new byte[4000];
        new Random(7).NextBytes(payload);
        var seen = new List<int>();
        using var tap = a.AttachTap(new LengthTap(seen));

        Assert.Equal(Errno.None, client.SendTo(payload, new IPEndPoint(Ip("192.0.2.2"), 4000)));
        var received = await server.ReceiveAsync();

        Assert.Equal(payload, received.Data.ToArray());
        Assert.Equal(1, one.Inet.Ipv4.Statistics.Fragmented);
        Assert.Equal(3, one.Inet.Ipv4.Statistics.OutputFragments);
        Assert.Equal(3, two.Inet.Ipv4.Statistics.Fragments);
        Assert.Equal(1, two.Inet.Ipv4.Statistics.Reassembled);
        Assert.All(seen.FindAll(l => l > 100), l => Assert.True(l <= 1500 + 14));
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public async Task Dont_fragment_gives_message_too_long()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();
        using var client = one.Inet.Ipv4.OpenUdp();
        client.DontFragment = true;

        Assert.Equal(Errno.EMSGSIZE, client.SendTo(new byte[2000], new IPEndPoint(Ip("192.0.2.2"), 9)));
        Assert.Equal(1, one.Inet.Ipv4.Statistics.CantFrag);
        var ex = await Assert.ThrowsAsync<ErrnoException>(() =>
            one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), new PingOptions { Count = 1, Size = 3000, DontFragment = true }));
        Assert.Equal("sendto: Message too long", ex.Message);
    }

    [Fact]
    public async Task Large_pings_are_fragmented_both_ways()
    {
        using var bed = new Ipv4TestBed();
        var (one, two, _, _) = bed.TwoVnets();

        var result = await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), new PingOptions { Count = 2, Size = 5000, Interval = TimeSpan.Zero });

        Assert.Equal(2, result.Received);
        Assert.Equal(2, two.Inet.Ipv4.Statistics.Reassembled);
        Assert.Equal(2, one.Inet.Ipv4.Statistics.Reassembled);
    }

    [Fact]
    public void Incomplete_datagrams_time_out_and_are_counted()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (_, two, a, b) = bed.TwoVnets();

        // The first of two fragments only.
        bed.Inject(a, RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.2"), 17, new byte[64],
            flagsAndOffset: 0x2000, id: 77));
        Assert.Equal("1", bed.Kernel.Sysctl.Get("net.inet.ip.fragpackets", two));

        bed.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(1, two.Inet.Ipv4.Statistics.FragTimeout);
        Assert.Equal("0", bed.Kernel.Sysctl.Get("net.inet.ip.fragpackets", two));
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public void More_than_maxfragsperpacket_fragments_drop_the_datagram()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (_, two, a, b) = bed.TwoVnets();
        Assert.Equal("16", bed.Kernel.Sysctl.Get("net.inet.ip.maxfragsperpacket", two));

        for (int i = 0; i < 17; i++)
        {
            bed.Inject(a, RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.2"), 17, new byte[8],
                flagsAndOffset: (ushort)(0x2000 | i), id: 78));
        }

        Assert.Equal(17, two.Inet.Ipv4.Statistics.FragDropped);
        Assert.Equal("0", bed.Kernel.Sysctl.Get("net.inet.ip.fragpackets", two));
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public void The_number_of_datagrams_in_reassembly_is_bounded()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (_, two, a, b) = bed.TwoVnets();
        bed.Kernel.Sysctl.Set("net.inet.ip.maxfragpackets", "4", two);

        for (int i = 0; i < 10; i++)
        {
            bed.Inject(a, RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.2"), 17, new byte[8],
                flagsAndOffset: 0x2000, id: (ushort)(100 + i)));
        }

        Assert.Equal("4", bed.Kernel.Sysctl.Get("net.inet.ip.fragpackets", two));
        Assert.Equal(6, two.Inet.Ipv4.Statistics.FragDropped);
        bed.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(start, bed.Outstanding);
    }

    private sealed class LengthTap(List<int> lengths) : global::Epair.Interfaces.IFrameTap
    {
        public void Tap(global::Epair.Interfaces.NetInterface ifp, Frame frame, global::Epair.Interfaces.TapDirection direction)
        {
            if (direction == global::Epair.Interfaces.TapDirection.Out)
                lengths.Add(frame.Length);
        }
    }
}

using System.Buffers.Binary;
using Epair.Frames;
using Epair.Inet.Ipv4.Icmp;
using Epair.Interfaces;
using static Epair.Tests.Inet.Ipv4.Ipv4TestBed;

namespace Epair.Tests.Inet.Ipv4;

/// <summary>ping's -C (IP_VLAN_PCP), -D (IP_DF), send errors and the FreeBSD 14 summary arithmetic.</summary>
public sealed class PingOptionsTests
{
    private static readonly PingOptions Quick = new() { Count = 2, Interval = TimeSpan.Zero };

    [Fact]
    public async Task Flood_sends_the_next_request_on_each_reply_without_waiting_the_interval()
    {
        // An hour between requests, yet five answered pings finish at once: each reply sends the
        // next (ping -f). OnSent hears every request in order.
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();
        var sent = new List<int>();

        var run = one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), new() { Count = 5, Interval = TimeSpan.FromHours(1), Flood = true, OnSent = sent.Add });
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((5, 5), (result.Transmitted, result.Received));
        Assert.Equal([0, 1, 2, 3, 4], sent);
    }

    [Fact]
    public async Task Pcp_tags_the_echo_requests_with_vlan_0_and_that_priority()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (one, _, a, b) = bed.TwoVnets();
        var wire = new PriorityTap();
        using var tap = a.AttachTap(wire);

        var result = await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), Quick with { Pcp = 5 });

        Assert.Equal(2, result.Received);
        Assert.Equal([(0, 5), (0, 5)], wire.Echoes());
        // ARP went out untagged: the priority belongs to the ping's packets only.
        Assert.Equal(0, wire.TaggedArp);
        _ = b;
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public async Task Pcp_wins_over_the_interfaces_pcp_without_double_tagging()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, a, _) = bed.TwoVnets();
        a.SetPcp(3);
        var wire = new PriorityTap();
        using var tap = a.AttachTap(wire);

        var plain = await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), Quick with { Count = 1 });
        var five = await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), Quick with { Count = 1, Pcp = 5 });

        Assert.Equal((1, 1), (plain.Received, five.Received));
        Assert.Equal([(0, 3), (0, 5)], wire.Echoes());
        Assert.Equal(0, wire.DoubleTagged);
    }

    [Fact]
    public async Task Pcp_survives_fragmentation()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, a, _) = bed.TwoVnets();
        var wire = new PriorityTap();
        using var tap = a.AttachTap(wire);

        var result = await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), Quick with { Count = 1, Size = 3000, Pcp = 6 });

        Assert.Equal(1, result.Received);
        Assert.Equal([6, 6, 6], wire.Ipv4Priorities());
    }

    [Fact]
    public async Task Dont_fragment_refuses_a_request_larger_than_the_mtu()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (one, _, _, _) = bed.TwoVnets();
        var errors = new List<Errno>();

        var ex = await Assert.ThrowsAsync<ErrnoException>(() =>
            one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), Quick with { Size = 1473, DontFragment = true }));
        var counted = await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"),
            Quick with { Size = 1473, DontFragment = true, OnSendError = errors.Add });
        var fits = await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), Quick with { Size = 1472, DontFragment = true });

        Assert.Equal("sendto: Message too long", ex.Message);
        Assert.Equal([Errno.EMSGSIZE, Errno.EMSGSIZE], errors);
        Assert.Equal((2, 0), (counted.Transmitted, counted.Received));
        Assert.Equal(2, fits.Received);
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public async Task A_pcp_outside_0_to_7_is_EINVAL()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();

        var ex = await Assert.ThrowsAsync<ErrnoException>(() => one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), Quick with { Pcp = 8 }));

        Assert.Equal(Errno.EINVAL, ex.Errno);
    }

    [Fact]
    public async Task A_source_that_is_not_ours_fails_like_bind()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();

        var ex = await Assert.ThrowsAsync<ErrnoException>(() =>
            one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), Quick with { Source = Ip("192.0.2.77") }));
        var ours = await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), Quick with { Source = Ip("192.0.2.1") });

        Assert.Equal("bind: Can't assign requested address", ex.Message);
        Assert.Equal(2, ours.Received);
    }

    [Fact]
    public void The_summary_is_FreeBSD_14s_pr_summary()
    {
        var ms = (double v) => (TimeSpan?)TimeSpan.FromMilliseconds(v);
        var stats = new PingStatistics(Ip("192.0.2.2"), 3, 2, 1, 4, ms(0.1), ms(0.2), ms(0.3), ms(0.05)) { OutOfWaitTime = 1 };

        Assert.Equal("3 packets transmitted, 2 packets received, +1 duplicates, 33.3% packet loss, 1 packets out of wait time\n" +
            "round-trip min/avg/max/stddev = 0.100/0.200/0.300/0.050 ms", stats.ToString());
        // No timing (under 8 data bytes): no round-trip line. ICMP errors never show in the summary.
        Assert.Equal("3 packets transmitted, 2 packets received, +1 duplicates, 33.3% packet loss, 1 packets out of wait time",
            stats.ToString(timing: false));
    }

    [Fact]
    public void Errors_print_pr_icmph_words_and_the_quoted_header()
    {
        byte[] header = [0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x01, 0x01, 0xab, 0xcd, 192, 0, 2, 1, 198, 51, 100, 7];
        var reply = new PingReply(36, Ip("192.0.2.254"), 0, 63, null, 11, 0, false, PingMessages.Describe(11, 0, 0))
        {
            QuotedHeader = header,
        };

        Assert.Equal("36 bytes from 192.0.2.254: Time to live exceeded\n" +
            "Vr HL TOS  Len   ID Flg  off TTL Pro  cks       Src          Dst\n" +
            " 4  5  00 0054 1234   2 0000  01  01 abcd 192.0.2.1 198.51.100.7", reply.ToString());
        Assert.Equal("frag needed and DF set (MTU 1400)", PingMessages.Describe(3, 4, 1400));
        Assert.Equal("Dest Unreachable, Bad Code: 9", PingMessages.Describe(3, 9, 0));
        Assert.Equal("Parameter problem: pointer = 0x14", PingMessages.Describe(12, 0, 20));
    }

    /// <summary>What left the interface with an 802.1Q header: echo requests' (vid, pcp), tagged ARP, double tags.</summary>
    private sealed class PriorityTap : IFrameTap
    {
        private readonly List<(ushort EtherType, byte IcmpType, int Vid, int Pcp)> _tagged = [];

        public int TaggedArp { get; private set; }

        public int DoubleTagged { get; private set; }

        public void Tap(NetInterface ifp, Frame frame, TapDirection direction)
        {
            var data = frame.Data;
            if (direction != TapDirection.Out || BinaryPrimitives.ReadUInt16BigEndian(data[12..]) != 0x8100)
                return;
            ushort tag = BinaryPrimitives.ReadUInt16BigEndian(data[14..]);
            ushort inner = BinaryPrimitives.ReadUInt16BigEndian(data[16..]);
            lock (_tagged)
            {
                if (inner == 0x0806)
                    TaggedArp++;
                if (inner is 0x8100 or 0x88a8)
                    DoubleTagged++;
                // ICMP type sits after the 20-byte IPv4 header; later fragments have other bytes there.
                _tagged.Add((inner, data[18 + 20], VlanHeader.VidOf(tag), VlanHeader.PcpOf(tag)));
            }
        }

        public List<(int Vid, int Pcp)> Echoes()
        {
            lock (_tagged)
                return _tagged.FindAll(t => t.EtherType == 0x0800 && t.IcmpType == 8).ConvertAll(t => (t.Vid, t.Pcp));
        }

        public List<int> Ipv4Priorities()
        {
            lock (_tagged)
                return _tagged.FindAll(t => t.EtherType == 0x0800).ConvertAll(t => t.Pcp);
        }
    }
}

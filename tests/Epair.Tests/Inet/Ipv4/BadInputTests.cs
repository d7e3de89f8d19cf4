using System.Buffers.Binary;
using System.Net;
using static Epair.Tests.Inet.Ipv4.Ipv4TestBed;

namespace Epair.Tests.Inet.Ipv4;

/// <summary>Broken packets from a foreign host: each is counted where FreeBSD counts it, dropped, and leaks nothing.</summary>
public sealed class BadInputTests
{
    private static byte[] GoodUdp(global::Epair.Drivers.Epair.EpairInterface a, global::Epair.Drivers.Epair.EpairInterface b, int dataLength = 8) =>
        RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.2"), 17,
            RawFrames.Udp(Ip("192.0.2.1"), Ip("192.0.2.2"), 1234, 9, new byte[dataLength]));

    public static TheoryData<string, string> IpCases => new()
    {
        { "truncated header", "TooSmall" },
        { "version 6 in an IPv4 frame", "BadVersion" },
        { "header length below 20", "BadHeaderLength" },
        { "header length past the frame", "BadHeaderLength" },
        { "wrong header checksum", "BadSum" },
        { "total length below the header", "BadLength" },
        { "total length past the frame", "TooShort" },
        { "loopback source on the wire", "BadAddress" },
    };

    [Theory]
    [MemberData(nameof(IpCases))]
    public void Broken_ip_headers_are_counted_and_dropped(string broken, string counter)
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (_, two, a, b) = bed.TwoVnets();
        var frame = GoodUdp(a, b);
        var ip = frame.AsSpan(14);
        switch (broken)
        {
            case "truncated header": frame = frame[..30]; break;
            case "version 6 in an IPv4 frame": ip[0] = 0x65; break;
            case "header length below 20": ip[0] = 0x44; break;
            case "header length past the frame": ip[0] = 0x4F; frame = frame[..(14 + 30)]; break;
            case "wrong header checksum": ip[10] ^= 0xFF; break;
            case "total length below the header": BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 10); Fix(ip); break;
            case "total length past the frame": BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 500); Fix(ip); break;
            case "loopback source on the wire": ip[12] = 127; ip[13] = 0; ip[14] = 0; ip[15] = 1; Fix(ip); break;
        }

        bed.Inject(a, frame);

        var stats = two.Inet.Ipv4.Statistics;
        Assert.Equal(1, (long)typeof(Epair.Inet.Ipv4.Statistics.IpStatistics).GetProperty(counter)!.GetValue(stats)!);
        Assert.Equal(1, stats.Total);
        Assert.Equal(0, stats.Delivered);
        Assert.Equal(start, bed.Outstanding);
    }

    private static void Fix(Span<byte> ip)
    {
        ip[10] = 0;
        ip[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Epair.Inet.Checksum.Compute(ip[..((ip[0] & 0xF) * 4)]));
    }

    [Fact]
    public async Task Broken_udp_is_counted_and_dropped()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (_, two, a, b) = bed.TwoVnets();
        using var socket = two.Inet.Ipv4.OpenUdp(new IPEndPoint(IPAddress.Any, 9));

        var badSum = GoodUdp(a, b);
        badSum[14 + 20 + 8] ^= 0x55;
        var badLength = GoodUdp(a, b);
        BinaryPrimitives.WriteUInt16BigEndian(badLength.AsSpan(14 + 20 + 4), 400);
        var tooShort = RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.2"), 17, new byte[4]);
        var noSum = RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.2"), 17,
            RawFrames.Udp(Ip("192.0.2.1"), Ip("192.0.2.2"), 1234, 9, "ok"u8, checksum: false));
        bed.Inject(a, badSum);
        bed.Inject(a, badLength);
        bed.Inject(a, tooShort);
        bed.Inject(a, noSum);

        var stats = two.Inet.Ipv4.UdpStatistics;
        Assert.Equal(1, stats.BadSum);
        Assert.Equal(1, stats.BadLength);
        Assert.Equal(1, stats.HeaderDrops);
        Assert.Equal(1, stats.NoSum);
        var only = await socket.ReceiveAsync();
        Assert.Equal("ok"u8.ToArray(), only.Data.ToArray());
        Assert.False(socket.TryReceive(out _));
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public void Broken_icmp_and_unknown_protocols_are_counted()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (_, two, a, b) = bed.TwoVnets();
        var badSum = RawFrames.Echo(1, 1, 8);
        badSum[9] ^= 1;

        bed.Inject(a, RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.2"), 1, new byte[4]));
        bed.Inject(a, RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.2"), 1, badSum));
        bed.Inject(a, RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.2"), 99, new byte[16]));

        Assert.Equal(1, two.Inet.Ipv4.IcmpStatistics.TooShort);
        Assert.Equal(1, two.Inet.Ipv4.IcmpStatistics.Checksum);
        Assert.Equal(1, two.Inet.Ipv4.Statistics.NoProto);
        Assert.Equal(1, two.Inet.Ipv4.IcmpStatistics.OutputHistogram(3));
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public void Broadcast_echo_is_ignored_by_default()
    {
        using var bed = new Ipv4TestBed();
        var (_, two, a, _) = bed.TwoVnets();

        bed.Inject(a, RawFrames.Ipv4(global::Epair.Interfaces.MacAddress.Broadcast, a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.255"), 1,
            RawFrames.Echo(5, 1, 8)));

        Assert.Equal(1, two.Inet.Ipv4.IcmpStatistics.BroadcastMulticastEcho);
        Assert.Equal(0, two.Inet.Ipv4.IcmpStatistics.OutputHistogram(0));
    }

    [Fact]
    public void Random_garbage_never_throws_and_never_leaks()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (_, two, a, b) = bed.TwoVnets();
        var faults = 0;
        bed.Kernel.HandlerFaulted += (_, _) => faults++;
        var random = new Random(42);
        for (int i = 0; i < 2000; i++)
        {
            var frame = new byte[random.Next(14, 120)];
            random.NextBytes(frame);
            b.MacAddress.CopyTo(frame);
            frame[12] = 0x08;
            frame[13] = (byte)(i % 2 == 0 ? 0x00 : 0x06);
            if (i % 3 == 0 && frame.Length > 34)
            {
                frame[14] = 0x45;
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)(frame.Length - 14));
                Fix(frame.AsSpan(14));
            }
            bed.Inject(a, frame);
        }

        Assert.Equal(0, faults);
        Assert.True(two.Inet.Ipv4.Statistics.Total > 0);
        bed.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(start, bed.Outstanding);
    }
}

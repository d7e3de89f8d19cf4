using System.Buffers.Binary;
using System.Net;
using Epair.Capture;
using Epair.Interfaces;

namespace Epair.Tests.Capture;

/// <summary>tcpdump 4.99's one-line text, without -v, for the packets this stack sends.</summary>
public sealed class PacketPrinterTests
{
    private static readonly DateTimeOffset s_time = new DateTimeOffset(2026, 11, 25, 12, 34, 56, 789, TimeSpan.Zero).AddTicks(120);
    private static readonly byte[] s_a = [0x02, 0, 0, 0, 0, 0x0a];
    private static readonly byte[] s_b = [0x02, 0, 0, 0, 0, 0x0b];

    // As tcpdump -n unless names are asked for: what most tests compare is the numbers.
    private static string Print(byte[] frame, PacketPrinterOptions? options = null, LinkType link = LinkType.Ethernet, int? wire = null,
        bool names = false)
    {
        options ??= new PacketPrinterOptions();
        var printer = new PacketPrinter(link, options with { TimeZone = TimeZoneInfo.Utc, Numeric = options.Numeric || !names });
        var packet = new CapturedPacket(frame, wire ?? frame.Length, s_time, TapDirection.In);
        return printer.Format(in packet);
    }

    private static readonly PacketPrinterOptions s_e = new() { LinkHeader = true, Numeric = true };

    [Fact]
    public void Echo_request_and_reply()
    {
        var request = Wire.Ether(s_a, s_b, 0x0800, Wire.Ip4("192.0.2.1", "192.0.2.2", 1, Wire.Echo(8, 4660, 0, 56)));
        var reply = Wire.Ether(s_b, s_a, 0x0800, Wire.Ip4("192.0.2.2", "192.0.2.1", 1, Wire.Echo(0, 4660, 0, 56)));

        Assert.Equal("12:34:56.789012 IP 192.0.2.1 > 192.0.2.2: ICMP echo request, id 4660, seq 0, length 64", Print(request));
        Assert.Equal("12:34:56.789012 IP 192.0.2.2 > 192.0.2.1: ICMP echo reply, id 4660, seq 0, length 64", Print(reply));
    }

    [Fact]
    public void With_e_the_link_header_comes_first_and_IP_is_not_said_twice()
    {
        var request = Wire.Ether(s_a, s_b, 0x0800, Wire.Ip4("192.0.2.1", "192.0.2.2", 1, Wire.Echo(8, 1, 2, 56)));

        Assert.Equal("12:34:56.789012 02:00:00:00:00:0a > 02:00:00:00:00:0b, ethertype IPv4 (0x0800), length 98: " +
            "192.0.2.1 > 192.0.2.2: ICMP echo request, id 1, seq 2, length 64", Print(request, s_e));
        Assert.Equal("12:34:56.789012 02:00:00:00:00:0a > 02:00:00:00:00:0b, IPv4, length 98: " +
            "192.0.2.1 > 192.0.2.2: ICMP echo request, id 1, seq 2, length 64", Print(request, s_e with { Quick = true }));
    }

    [Fact]
    public void A_vlan_tag_shows_with_e_only()
    {
        var inner = Wire.Ip4("192.0.2.1", "192.0.2.2", 1, Wire.Echo(8, 1, 0, 56));
        var tagged = Wire.Ether(s_a, s_b, 0x8100, [.. Wire.U16((3 << 13) | 5), .. Wire.U16(0x0800), .. inner]);

        Assert.Equal("12:34:56.789012 IP 192.0.2.1 > 192.0.2.2: ICMP echo request, id 1, seq 0, length 64", Print(tagged));
        Assert.Equal("12:34:56.789012 02:00:00:00:00:0a > 02:00:00:00:00:0b, ethertype 802.1Q (0x8100), length 102: " +
            "vlan 5, p 3, ethertype IPv4 (0x0800), 192.0.2.1 > 192.0.2.2: ICMP echo request, id 1, seq 0, length 64", Print(tagged, s_e));
    }

    [Fact]
    public void Icmp_errors_name_what_they_quote()
    {
        var quoted = Wire.Ip4("192.0.2.1", "192.0.2.9", 17, Wire.Udp(10000, 9, 4));
        var unreachable = Wire.Ether(s_b, s_a, 0x0800, Wire.Ip4("192.0.2.9", "192.0.2.1", 1, Wire.IcmpError(3, 3, quoted)));
        var exceeded = Wire.Ether(s_b, s_a, 0x0800, Wire.Ip4("192.0.2.254", "192.0.2.1", 1, Wire.IcmpError(11, 0, quoted)));
        var needFrag = Wire.Ether(s_b, s_a, 0x0800, Wire.Ip4("192.0.2.254", "192.0.2.1", 1, Wire.IcmpError(3, 4, quoted, 1400)));

        Assert.EndsWith("IP 192.0.2.9 > 192.0.2.1: ICMP 192.0.2.9 udp port 9 unreachable, length 40", Print(unreachable));
        Assert.EndsWith("IP 192.0.2.254 > 192.0.2.1: ICMP time exceeded in-transit, length 40", Print(exceeded));
        Assert.EndsWith("ICMP 192.0.2.9 unreachable - need to frag (mtu 1400), length 40", Print(needFrag));
    }

    [Fact]
    public void Udp_shows_ports_and_payload_length()
    {
        var udp = Wire.Ether(s_a, s_b, 0x0800, Wire.Ip4("192.0.2.1", "192.0.2.2", 17, Wire.Udp(10000, 9, 4)));
        Assert.Equal("12:34:56.789012 IP 192.0.2.1.10000 > 192.0.2.2.9: UDP, length 4", Print(udp));
    }

    [Fact]
    public void Arp_request_and_reply()
    {
        var request = Wire.Ether(s_a, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 0x0806, Wire.Arp(1, s_a, "192.0.2.1", new byte[6], "192.0.2.2"));
        var reply = Wire.Ether(s_a, s_b, 0x0806, Wire.Arp(2, s_b, "192.0.2.2", s_a, "192.0.2.1"));

        Assert.Equal("12:34:56.789012 ARP, Request who-has 192.0.2.2 tell 192.0.2.1, length 28", Print(request));
        Assert.Equal("12:34:56.789012 ARP, Reply 192.0.2.2 is-at 02:00:00:00:00:0b, length 28", Print(reply));
        Assert.Equal("12:34:56.789012 02:00:00:00:00:0a > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: " +
            "Request who-has 192.0.2.2 tell 192.0.2.1, length 28", Print(request, s_e));
    }

    [Fact]
    public void Ipv4_fragments_the_first_decoded_the_rest_by_protocol()
    {
        var first = Wire.Ether(s_a, s_b, 0x0800, Wire.Ip4("192.0.2.1", "192.0.2.2", 1, Wire.Echo(8, 7, 0, 1472), totalLength: 1500, fragment: 0x2000));
        var second = Wire.Ether(s_a, s_b, 0x0800, Wire.Ip4("192.0.2.1", "192.0.2.2", 1, new byte[528], fragment: 1480 / 8));

        Assert.EndsWith("IP 192.0.2.1 > 192.0.2.2: ICMP echo request, id 7, seq 0, length 1480", Print(first));
        Assert.EndsWith("IP 192.0.2.1 > 192.0.2.2: ip-proto-1", Print(second));
        Assert.EndsWith("IP 192.0.2.1 > 192.0.2.2: icmp", Print(second, names: true));
    }

    [Fact]
    public void Without_n_only_what_etc_hosts_services_and_protocols_name_is_named()
    {
        var udp = Wire.Ether(s_a, s_b, 0x0800, Wire.Ip4("127.0.0.1", "192.0.2.2", 17, Wire.Udp(10000, 9, 4)));
        var udp6 = Wire.Ether(s_a, s_b, 0x86DD, Wire.Ip6("::1", "2001:db8::2", 17, Wire.Udp(7, 10000, 4)));

        Assert.EndsWith("IP localhost.10000 > 192.0.2.2.discard: UDP, length 4", Print(udp, names: true));
        Assert.EndsWith("IP6 localhost.echo > 2001:db8::2.10000: UDP, length 4", Print(udp6, names: true));
        Assert.EndsWith("IP 127.0.0.1.10000 > 192.0.2.2.9: UDP, length 4", Print(udp));
    }

    [Fact]
    public void Ipv6_echo_neighbor_discovery_and_udp()
    {
        var echo = Wire.Ether(s_a, s_b, 0x86DD, Wire.Ip6("2001:db8::1", "2001:db8::2", 58, Wire.Echo(128, 1, 0, 8)));
        var solicit = Wire.Ether(s_a, s_b, 0x86DD, Wire.Ip6("2001:db8::1", "ff02::1:ff00:2", 58, Wire.Neighbor(135, "2001:db8::2", s_a)));
        var advert = Wire.Ether(s_b, s_a, 0x86DD, Wire.Ip6("2001:db8::2", "2001:db8::1", 58, Wire.Neighbor(136, "2001:db8::2", s_b)));
        var udp = Wire.Ether(s_a, s_b, 0x86DD, Wire.Ip6("2001:db8::1", "2001:db8::2", 17, Wire.Udp(10000, 9, 4)));

        Assert.Equal("12:34:56.789012 IP6 2001:db8::1 > 2001:db8::2: ICMP6, echo request, id 1, seq 0, length 16", Print(echo));
        Assert.EndsWith("IP6 2001:db8::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has 2001:db8::2, length 32", Print(solicit));
        Assert.EndsWith("IP6 2001:db8::2 > 2001:db8::1: ICMP6, neighbor advertisement, tgt is 2001:db8::2, length 32", Print(advert));
        Assert.EndsWith("IP6 2001:db8::1.10000 > 2001:db8::2.9: UDP, length 4", Print(udp));
        Assert.Contains(", ethertype IPv6 (0x86dd), length 70: 2001:db8::1 > 2001:db8::2: ICMP6, echo request", Print(echo, s_e), StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6_fragments_and_errors()
    {
        var first = Wire.Ip6("2001:db8::1", "2001:db8::2", 44, [58, 0, 0, 1, 0, 0, 0, 9, .. Wire.Echo(128, 1, 0, 1224)]);
        var later = Wire.Ip6("2001:db8::1", "2001:db8::2", 44, [58, 0, 0x04, 0xD0, 0, 0, 0, 9, .. new byte[100]]);
        var quoted = Wire.Ip6("2001:db8::1", "2001:db8::9", 17, Wire.Udp(10000, 9, 4));
        var unreachable = Wire.Ip6("2001:db8::9", "2001:db8::1", 58, Wire.IcmpError(1, 4, quoted));
        var exceeded = Wire.Ip6("2001:db8::fe", "2001:db8::1", 58, Wire.IcmpError(3, 0, quoted));

        Assert.EndsWith("IP6 2001:db8::1 > 2001:db8::2: frag (0|1232) ICMP6, echo request, id 1, seq 0, length 1232", Print(Wire.Ether(s_a, s_b, 0x86DD, first)));
        Assert.EndsWith("IP6 2001:db8::1 > 2001:db8::2: frag (1232|100)", Print(Wire.Ether(s_a, s_b, 0x86DD, later)));
        Assert.EndsWith("ICMP6, destination unreachable, unreachable port, 2001:db8::9 udp port 9, length 60", Print(Wire.Ether(s_a, s_b, 0x86DD, unreachable)));
        Assert.EndsWith("ICMP6, time exceeded in-transit for 2001:db8::9, length 60", Print(Wire.Ether(s_a, s_b, 0x86DD, exceeded)));
    }

    [Fact]
    public void Unknown_ethertypes_are_dumped_in_hex_and_ascii()
    {
        var frame = Wire.Ether(s_a, s_b, 0x88B5, [.. "0123456789abcdefXYZ"u8]);

        Assert.Equal("12:34:56.789012 02:00:00:00:00:0a > 02:00:00:00:00:0b, ethertype Unknown (0x88b5), length 33: " +
            "\n\t0x0000:  3031 3233 3435 3637 3839 6162 6364 6566  0123456789abcdef" +
            "\n\t0x0010:  5859 5a" + new string(' ', 34) + "XYZ", Print(frame));
        Assert.Equal("12:34:56.789012 02:00:00:00:00:0a > 02:00:00:00:00:0b, Unknown Ethertype (0x88b5), length 33: ",
            Print(frame, new PacketPrinterOptions { Quick = true }));
    }

    [Fact]
    public void X_adds_the_packet_in_hex_after_the_link_header_and_xx_with_it()
    {
        var udp = Wire.Ether(s_a, s_b, 0x0800, Wire.Ip4("192.0.2.1", "192.0.2.2", 17, Wire.Udp(1, 2, 0)));
        const string Line = "12:34:56.789012 IP 192.0.2.1.1 > 192.0.2.2.2: UDP, length 0";

        Assert.Equal(Line + "\n\t0x0000:  4500 001c 1234 0000 4011 e499 c000 0201\n\t0x0010:  c000 0202 0001 0002 0008 0000",
            Print(udp, new() { Hex = 1 }));
        Assert.StartsWith(Line + "\n\t0x0000:  0200 0000 000b 0200 0000 000a 0800 4500\n\t0x0010:  001c", Print(udp, new() { Hex = 2 }), StringComparison.Ordinal);
        Assert.Equal(Line + "\n\t0x0000:  4500 001c 1234 0000 4011 e499 c000 0201  E....4..@.......\n\t0x0010:  c000 0202 0001 0002 0008 0000" +
            new string(' ', 10) + "  ............", Print(udp, new() { Hex = 1, HexAscii = true }));
    }

    [Fact]
    public void V_shows_the_ip_header_and_checks_checksums()
    {
        var request = Wire.Ether(s_a, s_b, 0x0800, Wire.Ip4("192.0.2.1", "192.0.2.2", 1, Wire.Echo(8, 1, 0, 56)));
        var verbose = new PacketPrinterOptions { Verbose = 1 };

        Assert.Equal("12:34:56.789012 IP (tos 0x0, ttl 64, id 4660, offset 0, flags [none], proto ICMP (1), length 84)\n" +
            "    192.0.2.1 > 192.0.2.2: ICMP echo request, id 1, seq 0, length 64", Print(request, verbose));
        request[14 + 10] ^= 0xFF; // the IP header checksum
        request[14 + 20 + 2] ^= 0xFF; // the ICMP checksum
        Assert.Matches(@"proto ICMP \(1\), length 84, bad cksum [0-9a-f]+ \(->[0-9a-f]+\)!\)\n    .*, length 64 \(wrong icmp cksum [0-9a-f]+ \(->[0-9a-f]+\)!\)$",
            Print(request, verbose));
    }

    [Fact]
    public void V_quotes_the_datagram_of_an_icmp_error_and_names_arps_address_types()
    {
        var quoted = Wire.Ip4("192.0.2.1", "192.0.2.9", 17, Wire.Udp(10000, 9, 0));
        byte[] error = Wire.IcmpError(3, 3, quoted);
        BinaryPrimitives.WriteUInt16BigEndian(error.AsSpan(2), Wire.Sum(error));
        var unreachable = Wire.Ether(s_b, s_a, 0x0800, Wire.Ip4("192.0.2.9", "192.0.2.1", 1, error));
        var request = Wire.Ether(s_a, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 0x0806, Wire.Arp(1, s_a, "192.0.2.1", new byte[6], "192.0.2.2"));

        Assert.EndsWith("ICMP 192.0.2.9 udp port 9 unreachable, length 36\n\tIP (tos 0x0, ttl 64, id 4660, offset 0, flags [none], proto UDP (17), length 28)\n" +
            "    192.0.2.1.10000 > 192.0.2.9.9: UDP, length 0", Print(unreachable, new() { Verbose = 1 }));
        Assert.Equal("12:34:56.789012 ARP, Ethernet (len 6), IPv4 (len 4), Request who-has 192.0.2.2 tell 192.0.2.1, length 28",
            Print(request, new() { Verbose = 1 }));
    }

    [Fact]
    public void V_shows_the_ipv6_header_the_icmp6_checksum_and_neighbor_options()
    {
        var solicit = Wire.Ether(s_a, s_b, 0x86DD, Wire.WithIcmp6Checksum(Wire.Ip6("2001:db8::1", "ff02::1:ff00:2", 58, Wire.Neighbor(135, "2001:db8::2", s_a))));
        var echo = Wire.Ether(s_a, s_b, 0x86DD, Wire.WithIcmp6Checksum(Wire.Ip6("2001:db8::1", "2001:db8::2", 58, Wire.Echo(128, 1, 0, 8))));

        Assert.Equal("12:34:56.789012 IP6 (hlim 64, next-header ICMPv6 (58) payload length: 32) 2001:db8::1 > ff02::1:ff00:2: [icmp6 sum ok] " +
            "ICMP6, neighbor solicitation, length 32, who has 2001:db8::2\n\t  source link-address option (1), length 8 (1): 02:00:00:00:00:0a",
            Print(solicit, new() { Verbose = 1 }));
        Assert.Equal("12:34:56.789012 IP6 (hlim 64, next-header ICMPv6 (58) payload length: 16) 2001:db8::1 > 2001:db8::2: [icmp6 sum ok] " +
            "ICMP6, echo request, id 1, seq 0", Print(echo, new() { Verbose = 1 }));
        echo[^1] ^= 1;
        Assert.Matches(@": \[bad icmp6 cksum 0x[0-9a-f]{4} -> 0x[0-9a-f]{4}!\] ICMP6, echo request", Print(echo, new() { Verbose = 1 }));
    }

    [Fact]
    public void Time_stamp_styles()
    {
        var udp = Wire.Ether(s_a, s_b, 0x0800, Wire.Ip4("192.0.2.1", "192.0.2.2", 17, Wire.Udp(1, 2, 0)));
        Assert.Equal("IP 192.0.2.1.1 > 192.0.2.2.2: UDP, length 0", Print(udp, new() { Timestamps = TimestampStyle.None }));
        Assert.StartsWith($"{s_time.ToUnixTimeSeconds()}.789012 IP", Print(udp, new() { Timestamps = TimestampStyle.Unix }), StringComparison.Ordinal);
        Assert.StartsWith("2026-11-25 12:34:56.789012 IP", Print(udp, new() { Timestamps = TimestampStyle.DateAndTime }), StringComparison.Ordinal);
        Assert.StartsWith("00:00:00.000000 IP", Print(udp, new() { Timestamps = TimestampStyle.SincePrevious }), StringComparison.Ordinal);
    }

    [Fact]
    public void Loopback_packets_have_a_null_header()
    {
        byte[] packet = [2, 0, 0, 0, .. Wire.Ip4("127.0.0.1", "127.0.0.1", 1, Wire.Echo(8, 1, 0, 56))];

        Assert.Equal("12:34:56.789012 IP 127.0.0.1 > 127.0.0.1: ICMP echo request, id 1, seq 0, length 64", Print(packet, link: LinkType.Null));
        Assert.Equal("12:34:56.789012 AF IPv4 (2), length 84: 127.0.0.1 > 127.0.0.1: ICMP echo request, id 1, seq 0, length 64",
            Print(packet, s_e, LinkType.Null));
    }

    [Fact]
    public void A_short_snapshot_marks_the_cut()
    {
        var request = Wire.Ether(s_a, s_b, 0x0800, Wire.Ip4("192.0.2.1", "192.0.2.2", 1, Wire.Echo(8, 1, 0, 56)));
        Assert.EndsWith("IP 192.0.2.1 > 192.0.2.2: ICMP [|icmp]", Print(request[..36], wire: 98));
        Assert.EndsWith("IP  [|ip]", Print(request[..20], wire: 98));
    }

    /// <summary>Hand-built packets, so each expectation has exactly the bytes it names.</summary>
    private static class Wire
    {
        public static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

        public static byte[] Ether(byte[] source, byte[] destination, int type, byte[] payload) =>
            [.. destination, .. source, .. U16(type), .. payload];

        public static byte[] Ip4(string source, string destination, int protocol, byte[] payload, int? totalLength = null, int fragment = 0)
        {
            var header = new byte[20];
            header[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(totalLength ?? 20 + payload.Length));
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 0x1234);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)fragment);
            header[8] = 64;
            header[9] = (byte)protocol;
            IPAddress.Parse(source).GetAddressBytes().CopyTo(header, 12);
            IPAddress.Parse(destination).GetAddressBytes().CopyTo(header, 16);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), Sum(header));
            return [.. header, .. totalLength is { } t ? payload[..(t - 20)] : payload];
        }

        public static byte[] Ip6(string source, string destination, int next, byte[] payload)
        {
            var header = new byte[40];
            header[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)payload.Length);
            header[6] = (byte)next;
            header[7] = 64;
            IPAddress.Parse(source).GetAddressBytes().CopyTo(header, 8);
            IPAddress.Parse(destination).GetAddressBytes().CopyTo(header, 24);
            return [.. header, .. payload];
        }

        public static byte[] Echo(int type, int id, int seq, int data)
        {
            byte[] echo = [(byte)type, 0, 0, 0, .. U16(id), .. U16(seq), .. new byte[data]];
            // ICMP's own checksum (ICMPv6's needs the addresses: WithIcmp6Checksum).
            BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), Sum(echo));
            return echo;
        }

        public static ushort Sum(ReadOnlySpan<byte> bytes)
        {
            uint sum = 0;
            for (int i = 0; i < bytes.Length; i += 2)
                sum += (uint)(bytes[i] << 8 | (i + 1 < bytes.Length ? bytes[i + 1] : 0));
            while (sum >> 16 != 0)
                sum = (sum & 0xFFFF) + (sum >> 16);
            return (ushort)~sum;
        }

        /// <summary>An IPv6 packet whose ICMPv6 (right after the header) has its checksum filled in.</summary>
        public static byte[] WithIcmp6Checksum(byte[] ip6)
        {
            var icmp = ip6.AsSpan(40);
            BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], 0);
            byte[] pseudo = [.. ip6.AsSpan(8, 32), 0, 0, .. U16(icmp.Length), 0, 0, 0, 58, .. icmp];
            BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Sum(pseudo));
            return ip6;
        }

        public static byte[] IcmpError(int type, int code, byte[] quoted, int mtu = 0) =>
            [(byte)type, (byte)code, 0, 0, 0, 0, .. U16(mtu), .. quoted];

        public static byte[] Udp(int sport, int dport, int data) =>
            [.. U16(sport), .. U16(dport), .. U16(8 + data), 0, 0, .. new byte[data]];

        public static byte[] Arp(int op, byte[] sha, string spa, byte[] tha, string tpa) =>
            [0, 1, 8, 0, 6, 4, .. U16(op), .. sha, .. IPAddress.Parse(spa).GetAddressBytes(), .. tha, .. IPAddress.Parse(tpa).GetAddressBytes()];

        public static byte[] Neighbor(int type, string target, byte[] mac) =>
            [(byte)type, 0, 0, 0, 0, 0, 0, 0, .. IPAddress.Parse(target).GetAddressBytes(), (byte)(type == 135 ? 1 : 2), 1, .. mac];
    }
}

using System.Buffers.Binary;
using System.Globalization;
using Epair.Inet;

namespace Epair.Capture;

// What -v adds: header fields, checksum checks, the datagram an ICMP error quotes, ND options.
public sealed partial class PacketPrinter
{
    // ip_print with -v: "(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1), length 84)\n    ".
    private void AppendIp4Header(ReadOnlySpan<byte> ip, int hlen, int total, int offset, int protocol)
    {
        int tos = ip[1];
        _out.Append(CultureInfo.InvariantCulture, $"(tos 0x{tos:x}");
        _out.Append((tos & 3) switch { 1 => ",ECT(1)", 2 => ",ECT(0)", 3 => ",CE", _ => "" });
        if (ip[8] >= 1)
            _out.Append(CultureInfo.InvariantCulture, $", ttl {ip[8]}");
        var flags = new List<string>(3);
        if ((offset & 0x2000) != 0)
            flags.Add("+");
        if ((offset & 0x4000) != 0)
            flags.Add("DF");
        if ((offset & 0x8000) != 0)
            flags.Add("rsvd");
        _out.Append(CultureInfo.InvariantCulture,
            $", id {BinaryPrimitives.ReadUInt16BigEndian(ip[4..])}, offset {(offset & 0x1FFF) * 8}, flags [{(flags.Count == 0 ? "none" : string.Join(", ", flags))}], proto {ProtocolTitle(protocol)} ({protocol}), length {total}");
        if (hlen > 20 && ip.Length >= hlen)
            AppendIpOptions(ip[20..hlen]);
        if (ip.Length >= hlen)
        {
            ushort sum = Checksum.Compute(ip[..hlen]);
            if (sum != 0)
            {
                int stored = BinaryPrimitives.ReadUInt16BigEndian(ip[10..]);
                _out.Append(CultureInfo.InvariantCulture, $", bad cksum {stored:x} (->{ShouldBe(stored, sum):x})!");
            }
        }
        _out.Append(")\n    ");
    }

    // ip_optprint, names only.
    private void AppendIpOptions(ReadOnlySpan<byte> options)
    {
        _out.Append(", options (");
        string separator = "";
        while (!options.IsEmpty)
        {
            int code = options[0];
            _out.Append(separator).Append(code switch
            {
                0 => "EOL",
                1 => "NOP",
                7 => "RR",
                68 => "timestamp",
                130 => "security",
                131 => "LSRR",
                137 => "SSRR",
                148 => "RA",
                _ => string.Create(CultureInfo.InvariantCulture, $"unknown {code}"),
            });
            separator = ",";
            if (code == 0)
                break;
            int length = code == 1 ? 1 : options.Length >= 2 ? options[1] : 0;
            if (length < 1 || length > options.Length)
            {
                _out.Append(CultureInfo.InvariantCulture, $" [bad length {length}]");
                break;
            }
            options = options[length..];
        }
        _out.Append(')');
    }

    // tok2str(ipproto_values, "unknown", …).
    private static string ProtocolTitle(int protocol) => protocol switch
    {
        0 => "Options",
        ProtoIcmp => "ICMP",
        2 => "IGMP",
        4 => "IPIP",
        ProtoTcp => "TCP",
        ProtoUdp => "UDP",
        33 => "DCCP",
        41 => "IPv6",
        43 => "Routing",
        44 => "Fragment",
        46 => "RSVP",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        ProtoIcmp6 => "ICMPv6",
        59 => "none",
        89 => "OSPF",
        103 => "PIM",
        112 => "VRRP",
        132 => "SCTP",
        _ => "unknown",
    };

    // in_cksum_shouldbe: the checksum the packet should have carried.
    private static int ShouldBe(int stored, ushort computed)
    {
        int sum = stored + computed;
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return sum;
    }

    // The pseudo-header checksum over a transport segment; 0 when the segment's checksum is right.
    private static ushort TransportChecksum(ReadOnlySpan<byte> segment, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int protocol)
    {
        uint sum = Checksum.Add(0, source);
        sum = Checksum.Add(sum, destination);
        sum += (uint)protocol + (uint)segment.Length;
        return Checksum.Finish(Checksum.Add(sum, segment));
    }

    // udp_print: IPv4 checks from -vv on, IPv6 (where the checksum is mandatory) from -v.
    private void AppendUdpChecksum(ReadOnlySpan<byte> udp, int length, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, bool inet6)
    {
        if (!inet6 && _options.Verbose < 2)
            return;
        int stored = BinaryPrimitives.ReadUInt16BigEndian(udp[6..]);
        if (!inet6 && stored == 0)
        {
            _out.Append("[no cksum] ");
            return;
        }
        if (udp.Length < length)
            return;
        ushort sum = TransportChecksum(udp[..length], source, destination, ProtoUdp);
        _out.Append(sum == 0 ? "[udp sum ok] "
            : string.Create(CultureInfo.InvariantCulture, $"[bad udp cksum 0x{stored:x4} -> 0x{ShouldBe(stored, sum):x4}!] "));
    }

    // icmp_print with -v: a wrong checksum, and the datagram an error quotes.
    private void AppendIcmpVerbose(ReadOnlySpan<byte> icmp, int length, int type, bool fragmented)
    {
        if (!fragmented && icmp.Length >= length)
        {
            ushort sum = Checksum.Compute(icmp[..length]);
            if (sum != 0)
            {
                int stored = BinaryPrimitives.ReadUInt16BigEndian(icmp[2..]);
                _out.Append(CultureInfo.InvariantCulture, $" (wrong icmp cksum {stored:x} (->{ShouldBe(stored, sum):x})!)");
            }
        }
        if (type is 3 or 4 or 5 or 11 or 12 && icmp.Length >= 8 + 20)
        {
            _out.Append("\n\t");
            var inner = icmp[8..];
            int innerLength = BinaryPrimitives.ReadUInt16BigEndian(inner[2..]);
            // The quoted datagram is cut: the capture ends where the quote does.
            PrintIp4(inner[..Math.Min(inner.Length, innerLength)], innerLength);
        }
    }

    // ip6_print with -v: "(flowlabel 0x12345, hlim 64, next-header ICMPv6 (58) payload length: 16) ".
    private void AppendIp6Header(ReadOnlySpan<byte> ip6, int payloadLength)
    {
        uint flow = BinaryPrimitives.ReadUInt32BigEndian(ip6);
        _out.Append('(');
        if ((flow & 0x0FF00000) != 0)
            _out.Append(CultureInfo.InvariantCulture, $"class 0x{(flow & 0x0FF00000) >> 20:x2}, ");
        if ((flow & 0x000FFFFF) != 0)
            _out.Append(CultureInfo.InvariantCulture, $"flowlabel 0x{flow & 0x000FFFFF:x5}, ");
        _out.Append(CultureInfo.InvariantCulture, $"hlim {ip6[7]}, next-header {ProtocolTitle(ip6[6])} ({ip6[6]}) payload length: {payloadLength}) ");
    }

    private void AppendIcmp6Checksum(ReadOnlySpan<byte> icmp, int length, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        if (icmp.Length < length)
            return;
        ushort sum = TransportChecksum(icmp[..length], source, destination, ProtoIcmp6);
        int stored = BinaryPrimitives.ReadUInt16BigEndian(icmp[2..]);
        _out.Append(sum == 0 ? "[icmp6 sum ok] "
            : string.Create(CultureInfo.InvariantCulture, $"[bad icmp6 cksum 0x{stored:x4} -> 0x{ShouldBe(stored, sum):x4}!] "));
    }

    // Neighbor advertisement flags, then icmp6_opt_print for the link-layer address options.
    private void AppendNeighborOptions(ReadOnlySpan<byte> icmp, int type, int length)
    {
        if (icmp.Length < 24)
            return;
        if (type == 136)
        {
            uint flags = BinaryPrimitives.ReadUInt32BigEndian(icmp[4..]);
            var names = new List<string>(3);
            if ((flags & 0x80000000) != 0)
                names.Add("router");
            if ((flags & 0x40000000) != 0)
                names.Add("solicited");
            if ((flags & 0x20000000) != 0)
                names.Add("override");
            _out.Append(", Flags [").Append(names.Count == 0 ? "none" : string.Join(", ", names)).Append(']');
        }
        for (var options = icmp[24..length]; options.Length >= 2;)
        {
            int optionType = options[0];
            int units = options[1];
            if (units == 0 || units * 8 > options.Length)
                break;
            string name = optionType switch
            {
                1 => "source link-address",
                2 => "destination link-address",
                3 => "prefix info",
                4 => "redirected header",
                5 => "mtu",
                _ => "unknown",
            };
            _out.Append(CultureInfo.InvariantCulture, $"\n\t  {name} option ({optionType}), length {units * 8} ({units}): ");
            var value = options[2..(units * 8)];
            if (optionType is 1 or 2)
                AppendLinkAddress(value.Length >= 6 ? value[..6] : value);
            if (_options.Verbose > 1)
                HexOnlyIndented(value);
            options = options[(units * 8)..];
        }
    }

    // print_unknown_data under an option: hex_print indented one step further.
    private void HexOnlyIndented(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i += 2)
        {
            if (i % 16 == 0)
                _out.Append(CultureInfo.InvariantCulture, $"\n\t    0x{i:x4}: ");
            if (i + 1 < bytes.Length)
                _out.Append(CultureInfo.InvariantCulture, $" {bytes[i]:x2}{bytes[i + 1]:x2}");
            else
                _out.Append(CultureInfo.InvariantCulture, $" {bytes[i]:x2}");
        }
    }
}

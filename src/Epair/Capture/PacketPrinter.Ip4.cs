using System.Buffers.Binary;
using System.Globalization;

namespace Epair.Capture;

// print-ip.c, print-udp.c and the demultiplexer between them (print-ip-demux.c).
public sealed partial class PacketPrinter
{
    private const int ProtoIcmp = 1;
    private const int ProtoTcp = 6;
    private const int ProtoUdp = 17;
    private const int ProtoIcmp6 = 58;

    private void PrintIp4(ReadOnlySpan<byte> ip, int length)
    {
        if (ip.Length >= 1 && ip[0] >> 4 != 4)
        {
            _out.Append(ip[0] >> 4 == 6 ? "IP6, wrong link-layer encapsulation" : string.Create(CultureInfo.InvariantCulture, $"IP{ip[0] >> 4}"));
            _out.Append(" (invalid)");
            return;
        }
        if (!_options.LinkHeader)
            _out.Append("IP ");
        if (ip.Length < 20)
        {
            Truncated("ip");
            return;
        }
        if (length < 20)
        {
            _out.Append(CultureInfo.InvariantCulture, $"truncated-ip {length}");
            return;
        }
        int hlen = (ip[0] & 0x0F) * 4;
        if (hlen < 20)
        {
            _out.Append(CultureInfo.InvariantCulture, $"bad-hlen {hlen}");
            return;
        }
        int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (length < total)
            _out.Append(CultureInfo.InvariantCulture, $"truncated-ip - {total - length} bytes missing! ");
        if (total < hlen)
        {
            _out.Append(CultureInfo.InvariantCulture, $"bad-len {total}");
            return;
        }
        int offset = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        int protocol = ip[9];
        var source = ip.Slice(12, 4);
        var destination = ip.Slice(16, 4);
        // Cut the snapshot to the datagram: Ethernet padding is not payload.
        var captured = ip[..Math.Min(ip.Length, total)];
        if (_options.Verbose > 0)
            AppendIp4Header(ip, hlen, total, offset, protocol);
        if ((offset & 0x1FFF) != 0)
        {
            // Not the first fragment: the upper-layer header is elsewhere.
            AppendIPv4(source);
            _out.Append(" > ");
            AppendIPv4(destination);
            _out.Append(':');
            _out.Append(' ').Append(ProtocolName(protocol));
            return;
        }
        if (protocol is not (ProtoTcp or ProtoUdp or 132 or 33))
        {
            AppendIPv4(source);
            _out.Append(" > ");
            AppendIPv4(destination);
            _out.Append(": ");
        }
        if (captured.Length < hlen)
        {
            _out.Append(CultureInfo.InvariantCulture, $" [remaining caplen({captured.Length}) < header length({hlen})]");
            return;
        }
        var payload = captured[hlen..];
        int payloadLength = total - hlen;
        bool fragmented = (offset & 0x2000) != 0;
        switch (protocol)
        {
            case ProtoIcmp:
                PrintIcmp(payload, payloadLength, fragmented);
                break;
            case ProtoUdp:
                PrintUdp(payload, payloadLength, source, destination, inet6: false, udpHeader: true, fragmented);
                break;
            case ProtoTcp:
                PrintTcp(payload, payloadLength, source, destination, inet6: false);
                break;
            default:
                PrintOtherProtocol(protocol, payloadLength);
                break;
        }
    }

    // ip_demux_print's default: " ip-proto-253 20" (or the name from /etc/protocols without -n).
    private void PrintOtherProtocol(int protocol, int length)
    {
        if (protocol == 59)
        {
            _out.Append("no next header");
            return;
        }
        _out.Append(' ').Append(ProtocolName(protocol)).Append(CultureInfo.InvariantCulture, $" {length}");
    }

    // netdb_protoname, i.e. /etc/protocols, unless -n.
    private string ProtocolName(int protocol)
    {
        if (!_options.Numeric)
        {
            string? name = protocol switch
            {
                ProtoIcmp => "icmp",
                2 => "igmp",
                4 => "ipencap",
                ProtoTcp => "tcp",
                ProtoUdp => "udp",
                41 => "ipv6",
                47 => "gre",
                50 => "esp",
                51 => "ah",
                ProtoIcmp6 => "ipv6-icmp",
                103 => "pim",
                112 => "vrrp",
                132 => "sctp",
                _ => null,
            };
            if (name is not null)
                return name;
        }
        return string.Create(CultureInfo.InvariantCulture, $"ip-proto-{protocol}");
    }

    private void PrintUdp(ReadOnlySpan<byte> udp, int length, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination,
        bool inet6, bool udpHeader, bool fragmented = false)
    {
        if (udp.Length < 4)
        {
            AppendEndpoints(source, -1, destination, -1, inet6, udpHeader);
            Truncated("udp");
            return;
        }
        int sport = BinaryPrimitives.ReadUInt16BigEndian(udp);
        int dport = BinaryPrimitives.ReadUInt16BigEndian(udp[2..]);
        if (length < 8)
        {
            AppendEndpoints(source, sport, destination, dport, inet6, udpHeader);
            _out.Append(CultureInfo.InvariantCulture, $"truncated-udp {length}");
            return;
        }
        if (udp.Length < 6)
        {
            AppendEndpoints(source, sport, destination, dport, inet6, udpHeader);
            Truncated("udp");
            return;
        }
        int ulen = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        AppendEndpoints(source, sport, destination, dport, inet6, udpHeader);
        if (ulen < 8)
        {
            _out.Append(CultureInfo.InvariantCulture, $"truncated-udplength {ulen}");
            return;
        }
        if (_options.Verbose > 0 && !fragmented)
            AppendUdpChecksum(udp, Math.Min(ulen, length), source, destination, inet6);
        _out.Append(CultureInfo.InvariantCulture, $"UDP, length {ulen - 8}");
    }

    // udpipaddr_print: "src.port > dst.port: ", or only the ports when UDP is not the first header.
    private void AppendEndpoints(ReadOnlySpan<byte> source, int sport, ReadOnlySpan<byte> destination, int dport, bool inet6, bool withAddresses)
    {
        if (!withAddresses)
        {
            if (sport >= 0)
                _out.Append(PortName(sport)).Append(" > ").Append(PortName(dport)).Append(": ");
            return;
        }
        AppendAddress(source, inet6);
        if (sport >= 0)
            _out.Append('.').Append(PortName(sport));
        _out.Append(" > ");
        AppendAddress(destination, inet6);
        if (dport >= 0)
            _out.Append('.').Append(PortName(dport));
        _out.Append(": ");
    }

    // The stack has no TCP; this is tcp_print's first words, enough to recognise a segment.
    private void PrintTcp(ReadOnlySpan<byte> tcp, int length, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, bool inet6)
    {
        if (tcp.Length < 14)
        {
            AppendEndpoints(source, -1, destination, -1, inet6, withAddresses: true);
            Truncated("tcp");
            return;
        }
        int sport = BinaryPrimitives.ReadUInt16BigEndian(tcp);
        int dport = BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]);
        AppendEndpoints(source, sport, destination, dport, inet6, withAddresses: true);
        int flags = tcp[13];
        _out.Append("Flags [");
        const string Letters = "FSRP.UEW";
        int shown = 0;
        for (int bit = 0; bit < 8; bit++)
        {
            if ((flags & (1 << bit)) != 0)
            {
                _out.Append(Letters[bit]);
                shown++;
            }
        }
        if (shown == 0)
            _out.Append("none");
        int header = (tcp[12] >> 4) * 4;
        _out.Append(CultureInfo.InvariantCulture, $"], length {Math.Max(length - header, 0)}");
    }

    private void AppendAddress(ReadOnlySpan<byte> address, bool inet6)
    {
        if (inet6)
            AppendIPv6(address);
        else
            AppendIPv4(address);
    }

    // ipaddr_string: without -n a name, and the only name a vnet has is /etc/hosts' localhost.
    private void AppendIPv4(ReadOnlySpan<byte> address)
    {
        if (!_options.Numeric && address is [127, 0, 0, 1])
            _out.Append("localhost");
        else
            _out.Append(CultureInfo.InvariantCulture, $"{address[0]}.{address[1]}.{address[2]}.{address[3]}");
    }

    // udpport_string/tcpport_string: /etc/services' names without -n, for the ports no printer decodes.
    private string PortName(int port)
    {
        if (!_options.Numeric)
        {
            string? name = port switch { 7 => "echo", 9 => "discard", 13 => "daytime", 19 => "chargen", 37 => "time", _ => null };
            if (name is not null)
                return name;
        }
        return port.ToString(CultureInfo.InvariantCulture);
    }
}

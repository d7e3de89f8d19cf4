using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Epair.Capture;

/// <summary>
/// Turns captured packets into tcpdump 4.99's one-line text (<c>print-ether.c</c>,
/// <c>print-ip.c</c>, <c>print-icmp.c</c>, <c>print-udp.c</c>, <c>print-arp.c</c>,
/// <c>print-ip6.c</c>, <c>print-icmp6.c</c>, <c>print-frag6.c</c>), without <c>-v</c>:
/// <c>12:00:00.000001 IP 192.0.2.1 &gt; 192.0.2.2: ICMP echo request, id 4660, seq 0, length 64</c>.
/// Protocols it does not know are printed as tcpdump prints unknown ones (a hex dump).
/// Not thread-safe: one printer per consumer.
/// </summary>
public sealed partial class PacketPrinter
{
    private const int EthernetHeader = 14;
    private const int MaxEthernetLength = 1500;

    private readonly StringBuilder _out = new(256);
    private readonly PacketPrinterOptions _options;
    private readonly LinkType _linkType;
    private int _linkHeaderLength;
    private DateTimeOffset? _first;
    private DateTimeOffset? _previous;

    /// <summary>Creates a printer for packets of <paramref name="linkType"/>.</summary>
    public PacketPrinter(LinkType linkType, PacketPrinterOptions? options = null)
    {
        _linkType = linkType;
        _options = options ?? new PacketPrinterOptions();
    }

    /// <summary>The packet's line, without the newline.</summary>
    public string Format(in CapturedPacket packet)
    {
        _out.Clear();
        AppendTime(packet.Timestamp);
        _linkHeaderLength = _linkType == LinkType.Null ? 4 : EthernetHeader;
        if (_linkType == LinkType.Null)
            PrintNull(packet.Data, packet.OriginalLength);
        else
            PrintEther(packet.Data, packet.OriginalLength);
        AppendPacketHex(packet.Data);
        return _out.ToString();
    }

    // print.c's ts_print, microsecond precision.
    private void AppendTime(DateTimeOffset timestamp)
    {
        _first ??= timestamp;
        var previous = _previous ?? timestamp;
        _previous = timestamp;
        var local = TimeZoneInfo.ConvertTime(timestamp, _options.TimeZone);
        long micro = local.Ticks / TimeSpan.TicksPerMicrosecond % 1_000_000;
        switch (_options.Timestamps)
        {
            case TimestampStyle.None:
                return;
            case TimestampStyle.Unix:
                _out.Append(CultureInfo.InvariantCulture, $"{timestamp.ToUnixTimeSeconds()}.{micro:D6} ");
                return;
            case TimestampStyle.SincePrevious:
                AppendDelta(timestamp - previous);
                return;
            case TimestampStyle.SinceFirst:
                AppendDelta(timestamp - _first.Value);
                return;
            case TimestampStyle.DateAndTime:
                _out.Append(CultureInfo.InvariantCulture, $"{local.Year:D4}-{local.Month:D2}-{local.Day:D2} ");
                break;
        }
        _out.Append(CultureInfo.InvariantCulture, $"{local.Hour:D2}:{local.Minute:D2}:{local.Second:D2}.{micro:D6} ");
    }

    private void AppendDelta(TimeSpan delta)
    {
        long micro = delta.Ticks / TimeSpan.TicksPerMicrosecond;
        long seconds = micro / 1_000_000;
        _out.Append(CultureInfo.InvariantCulture, $"{seconds / 3600:D2}:{seconds / 60 % 60:D2}:{seconds % 60:D2}.{micro % 1_000_000:D6} ");
    }

    // nd_print_trunc: " [|proto]".
    private void Truncated(string protocol) => _out.Append(" [|").Append(protocol).Append(']');

    private void PrintEther(ReadOnlySpan<byte> data, int wireLength)
    {
        if (data.Length < EthernetHeader || wireLength < EthernetHeader)
        {
            Truncated("ether");
            return;
        }
        var destination = data[..6];
        var source = data[6..12];
        bool e = _options.LinkHeader;
        if (e)
            AppendAddresses(source, destination);
        int type = BinaryPrimitives.ReadUInt16BigEndian(data[12..]);
        var payload = data[EthernetHeader..];
        int length = wireLength - EthernetHeader;
        bool printedLength = false;
        // The VLAN tags, each shown with -e only; without it tcpdump skips them silently.
        while (type is 0x8100 or 0x9100 or 0x9200 or 0x88A8)
        {
            if (payload.Length < 4 || length < 4)
            {
                Truncated("vlan");
                return;
            }
            if (e)
            {
                AppendEtherType(type);
                _out.Append(printedLength ? ", " : string.Create(CultureInfo.InvariantCulture, $", length {wireLength}: "));
                printedLength = true;
                int tci = BinaryPrimitives.ReadUInt16BigEndian(payload);
                _out.Append(CultureInfo.InvariantCulture, $"vlan {tci & 0xFFF}, p {tci >> 13}{((tci & 0x1000) != 0 ? ", DEI" : "")}, ");
            }
            type = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
            payload = payload[4..];
            length -= 4;
            _linkHeaderLength += 4;
        }
        if (type <= MaxEthernetLength)
        {
            Print8023(source, destination, payload, Math.Min(type, length), printedLength);
            return;
        }
        if (e)
        {
            AppendEtherType(type);
            _out.Append(printedLength ? ", " : string.Create(CultureInfo.InvariantCulture, $", length {wireLength}: "));
        }
        if (PrintEtherType(type, payload, length))
            return;
        if (!e)
        {
            AppendAddresses(source, destination);
            AppendEtherType(type);
            _out.Append(CultureInfo.InvariantCulture, $", length {wireLength}: ");
        }
        if (!SuppressDefaultPrint)
            HexDump(payload);
    }

    // -q and -x/-X take the place of the dump of what is not decoded (ndo_suppress_default_print).
    private bool SuppressDefaultPrint => _options.Quick || _options.Hex > 0;

    // An 802.3 length field: LLC follows, which this printer does not decode, so it is dumped.
    private void Print8023(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> payload, int length, bool printedLength)
    {
        if (!_options.LinkHeader)
            AppendAddresses(source, destination);
        _out.Append("802.3");
        if (!printedLength)
            _out.Append(CultureInfo.InvariantCulture, $", length {length}: ");
        if (!SuppressDefaultPrint)
            HexDump(payload[..Math.Min(payload.Length, length)]);
    }

    private bool PrintEtherType(int type, ReadOnlySpan<byte> payload, int length)
    {
        switch (type)
        {
            case 0x0800:
                PrintIp4(payload, length);
                return true;
            case 0x86DD:
                PrintIp6(payload, length);
                return true;
            case 0x0806 or 0x8035:
                PrintArp(payload, length);
                return true;
            default:
                return false;
        }
    }

    private void AppendAddresses(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        AppendMac(source);
        _out.Append(" > ");
        AppendMac(destination);
        _out.Append(", ");
    }

    // ether_type_print: "ethertype IPv4 (0x0800)", or with -q just "IPv4".
    private void AppendEtherType(int type)
    {
        var name = EtherTypeName(type);
        if (!_options.Quick)
            _out.Append(CultureInfo.InvariantCulture, $"ethertype {name ?? "Unknown"} (0x{type:x4})");
        else if (name is not null)
            _out.Append(name);
        else
            _out.Append(CultureInfo.InvariantCulture, $"Unknown Ethertype (0x{type:x4})");
    }

    private static string? EtherTypeName(int type) => type switch
    {
        0x0800 => "IPv4",
        0x86DD => "IPv6",
        0x0806 => "ARP",
        0x8035 => "Reverse ARP",
        0x8100 => "802.1Q",
        0x9100 => "802.1Q-9100",
        0x88A8 => "802.1Q-QinQ",
        0x9200 => "802.1Q-9200",
        0x8847 => "MPLS unicast",
        0x8848 => "MPLS multicast",
        0x8863 => "PPPoE D",
        0x8864 => "PPPoE S",
        0x888E => "EAPOL",
        0x8809 => "Slow Protocols",
        0x88CC => "LLDP",
        0x9000 => "Loopback",
        0x8137 => "IPX",
        0x809B => "Appletalk",
        0x80F3 => "Appletalk ARP",
        0x88E5 => "MACsec",
        _ => null,
    };

    private void AppendMac(ReadOnlySpan<byte> mac)
    {
        for (int i = 0; i < 6; i++)
        {
            if (i > 0)
                _out.Append(':');
            _out.Append(CultureInfo.InvariantCulture, $"{mac[i]:x2}");
        }
    }

    // print-null.c: a 4-byte address family in the capturing host's byte order.
    private void PrintNull(ReadOnlySpan<byte> data, int wireLength)
    {
        if (data.Length < 4)
        {
            Truncated("null");
            return;
        }
        uint family = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if ((family & 0xFFFF0000) != 0)
            family = BinaryPrimitives.ReverseEndianness(family);
        var payload = data[4..];
        int length = wireLength - 4;
        if (_options.LinkHeader)
            AppendNullHeader(family, length);
        switch (family)
        {
            case 2:
                PrintIp4(payload, length);
                break;
            case 24 or 28 or 30:
                PrintIp6(payload, length);
                break;
            default:
                if (!_options.LinkHeader)
                    AppendNullHeader(family, wireLength);
                if (!SuppressDefaultPrint)
                    HexDump(payload);
                break;
        }
    }

    private void AppendNullHeader(uint family, int length)
    {
        string? name = family switch { 2 => "IPv4", 24 or 28 or 30 => "IPv6", _ => null };
        if (!_options.Quick)
            _out.Append(CultureInfo.InvariantCulture, $"AF {name ?? "Unknown"} ({family})");
        else
            _out.Append(name ?? string.Create(CultureInfo.InvariantCulture, $"Unknown AF {family}"));
        _out.Append(CultureInfo.InvariantCulture, $", length {length}: ");
    }

    // pretty_print_packet's -x/-xx/-X/-XX: the whole packet, or what follows the link-level header.
    private void AppendPacketHex(ReadOnlySpan<byte> data)
    {
        if (_options.Hex == 0)
            return;
        var bytes = _options.Hex > 1 ? data : data.Length > _linkHeaderLength ? data[_linkHeaderLength..] : [];
        if (bytes.IsEmpty)
            return;
        if (_options.HexAscii)
            HexDump(bytes);
        else
            HexOnly(bytes);
    }

    // hex_print with "\n\t": 16 bytes a line, offset, 4-digit groups.
    private void HexOnly(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i += 2)
        {
            if (i % 16 == 0)
                _out.Append(CultureInfo.InvariantCulture, $"\n\t0x{i:x4}: ");
            if (i + 1 < bytes.Length)
                _out.Append(CultureInfo.InvariantCulture, $" {bytes[i]:x2}{bytes[i + 1]:x2}");
            else
                _out.Append(CultureInfo.InvariantCulture, $" {bytes[i]:x2}");
        }
    }

    // hex_and_ascii_print with "\n\t": 16 bytes a line, offset, 4-digit groups, printable characters.
    private void HexDump(ReadOnlySpan<byte> bytes)
    {
        for (int offset = 0; offset < bytes.Length; offset += 16)
        {
            var line = bytes.Slice(offset, Math.Min(16, bytes.Length - offset));
            _out.Append(CultureInfo.InvariantCulture, $"\n\t0x{offset:x4}: ");
            int hexWidth = 0;
            for (int i = 0; i < line.Length; i += 2)
            {
                if (i + 1 < line.Length)
                {
                    _out.Append(CultureInfo.InvariantCulture, $" {line[i]:x2}{line[i + 1]:x2}");
                    hexWidth += 5;
                }
                else
                {
                    _out.Append(CultureInfo.InvariantCulture, $" {line[i]:x2}");
                    hexWidth += 3;
                }
            }
            _out.Append(' ', 40 - hexWidth + 2);
            foreach (byte b in line)
                _out.Append(b is >= 0x21 and <= 0x7E ? (char)b : '.');
        }
    }
}

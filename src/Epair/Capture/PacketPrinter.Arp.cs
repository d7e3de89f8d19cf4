using System.Buffers.Binary;
using System.Globalization;

namespace Epair.Capture;

// print-arp.c without -v: "ARP, Request who-has 192.0.2.2 tell 192.0.2.1, length 28".
public sealed partial class PacketPrinter
{
    private void PrintArp(ReadOnlySpan<byte> arp, int length)
    {
        if (arp.Length < 8)
        {
            Truncated("arp");
            return;
        }
        int hardware = BinaryPrimitives.ReadUInt16BigEndian(arp);
        int protocol = BinaryPrimitives.ReadUInt16BigEndian(arp[2..]);
        int hln = arp[4];
        int pln = arp[5];
        int op = BinaryPrimitives.ReadUInt16BigEndian(arp[6..]);
        if (arp.Length < 8 + 2 * (hln + pln))
        {
            Truncated("arp");
            return;
        }
        if (!_options.LinkHeader)
            _out.Append("ARP, ");
        if ((protocol != 0x0800 && protocol != 0x1000) || pln != 4 || hln == 0 || _options.Verbose > 0)
        {
            // tcpdump knows no other address formats without -v: the types, then the length.
            string hw = hardware == 1 ? "Ethernet" : string.Create(CultureInfo.InvariantCulture, $"Unknown Hardware ({hardware})");
            string proto = EtherTypeName(protocol) ?? string.Create(CultureInfo.InvariantCulture, $"Unknown Protocol (0x{protocol:x4})");
            _out.Append(CultureInfo.InvariantCulture, $"{hw} (len {hln}), {proto} (len {pln})");
            if (_options.Verbose == 0 || (protocol != 0x0800 && protocol != 0x1000) || pln != 4 || hln == 0)
            {
                _out.Append(CultureInfo.InvariantCulture, $", length {length}");
                return;
            }
            _out.Append(", ");
        }
        var sha = arp.Slice(8, hln);
        var spa = arp.Slice(8 + hln, 4);
        var tha = arp.Slice(12 + hln, hln);
        var tpa = arp.Slice(12 + 2 * hln, 4);
        _out.Append(ArpOperation(op)).Append(' ');
        switch (op)
        {
            case 1:
                _out.Append("who-has ");
                AppendIPv4(tpa);
                if (tha.ContainsAnyExcept((byte)0))
                {
                    _out.Append(" (");
                    AppendLinkAddress(tha);
                    _out.Append(')');
                }
                _out.Append(" tell ");
                AppendIPv4(spa);
                break;
            case 2:
                AppendIPv4(spa);
                _out.Append(" is-at ");
                AppendLinkAddress(sha);
                break;
            case 3:
                _out.Append("who-is ");
                AppendLinkAddress(tha);
                _out.Append(" tell ");
                AppendLinkAddress(sha);
                break;
            case 4:
                AppendLinkAddress(tha);
                _out.Append(" at ");
                AppendIPv4(tpa);
                break;
        }
        _out.Append(CultureInfo.InvariantCulture, $", length {length}");
    }

    private static string ArpOperation(int op) => op switch
    {
        1 => "Request",
        2 => "Reply",
        3 => "Reverse Request",
        4 => "Reverse Reply",
        8 => "Inverse Request",
        9 => "Inverse Reply",
        10 => "NACK Reply",
        _ => string.Create(CultureInfo.InvariantCulture, $"Unknown ({op})"),
    };

    private void AppendLinkAddress(ReadOnlySpan<byte> address)
    {
        if (address.Length == 6)
        {
            AppendMac(address);
            return;
        }
        for (int i = 0; i < address.Length; i++)
        {
            if (i > 0)
                _out.Append(':');
            _out.Append(CultureInfo.InvariantCulture, $"{address[i]:x2}");
        }
    }
}

using System.Buffers.Binary;
using System.Globalization;

namespace Epair.Capture;

// print-ip6.c and print-frag6.c without -v.
public sealed partial class PacketPrinter
{
    private const int Ip6Header = 40;

    private static readonly byte[] s_loopback6 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

    private void PrintIp6(ReadOnlySpan<byte> ip6, int length)
    {
        if (ip6.Length < Ip6Header)
        {
            if (!_options.LinkHeader)
                _out.Append("IP6 ");
            Truncated("ip6");
            return;
        }
        if (ip6[0] >> 4 != 6)
        {
            _out.Append(CultureInfo.InvariantCulture, $"version error: {ip6[0] >> 4} != 6");
            return;
        }
        if (!_options.LinkHeader)
            _out.Append("IP6 ");
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip6[4..]);
        if (_options.Verbose > 0)
            AppendIp6Header(ip6, payloadLength);
        int total = payloadLength + Ip6Header;
        if (length < total)
            _out.Append(CultureInfo.InvariantCulture, $"truncated-ip6 - {total - length} bytes missing!");
        var captured = ip6[..Math.Min(ip6.Length, total)];
        var source = ip6.Slice(8, 16);
        var destination = ip6.Slice(24, 16);
        int next = ip6[6];
        int at = Ip6Header;
        int remaining = payloadLength;
        bool first = true;
        bool fragmented = false;
        while (true)
        {
            if (first && next is not (ProtoTcp or ProtoUdp or 33 or 132))
            {
                AppendIPv6(source);
                _out.Append(" > ");
                AppendIPv6(destination);
                _out.Append(": ");
            }
            var rest = captured[Math.Min(at, captured.Length)..];
            switch (next)
            {
                case 0 or 60:
                    // Hop-by-hop and destination options: named, their options shown only with -v.
                    _out.Append(next == 0 ? "HBH " : "DSTOPT ");
                    if (rest.Length < 2)
                    {
                        Truncated(next == 0 ? "hbhopt" : "dstopt");
                        return;
                    }
                    int extension = (rest[1] + 1) * 8;
                    next = rest[0];
                    at += extension;
                    remaining -= extension;
                    first = false;
                    continue;
                case 44:
                    if (!PrintFragment(rest, total - at - 8, out next))
                        return;
                    fragmented = true;
                    at += 8;
                    remaining -= 8;
                    first = false;
                    continue;
                case ProtoIcmp6:
                    PrintIcmp6(rest, remaining, source, destination, fragmented);
                    return;
                case ProtoUdp:
                    PrintUdp(rest, remaining, source, destination, inet6: true, udpHeader: first, fragmented);
                    return;
                case ProtoTcp:
                    PrintTcp(rest, remaining, source, destination, inet6: true);
                    return;
                default:
                    PrintOtherProtocol(next, remaining);
                    return;
            }
        }
    }

    // frag6_print: "frag (offset|length) ", and nothing more for a fragment after the first.
    private bool PrintFragment(ReadOnlySpan<byte> fragment, int dataLength, out int next)
    {
        next = 0;
        if (fragment.Length < 8)
        {
            _out.Append("frag");
            Truncated("frag6");
            return false;
        }
        int offset = BinaryPrimitives.ReadUInt16BigEndian(fragment[2..]) & 0xFFF8;
        _out.Append(CultureInfo.InvariantCulture, $"frag ({offset}|{dataLength})");
        if (offset != 0)
            return false;
        _out.Append(' ');
        next = fragment[0];
        return true;
    }

    // addrtostr6: the longest run of two or more zero words becomes "::"; ::a.b.c.d and ::ffff:a.b.c.d keep IPv4's form.
    private void AppendIPv6(ReadOnlySpan<byte> address)
    {
        // ip6addr_string without -n: ::1 is /etc/hosts' localhost.
        if (!_options.Numeric && address.SequenceEqual(s_loopback6))
        {
            _out.Append("localhost");
            return;
        }
        Span<int> words = stackalloc int[8];
        for (int i = 0; i < 8; i++)
            words[i] = BinaryPrimitives.ReadUInt16BigEndian(address[(2 * i)..]);
        int bestBase = -1, bestLength = 0;
        for (int i = 0; i < 8;)
        {
            if (words[i] != 0)
            {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && words[i] == 0)
                i++;
            if (i - start > bestLength)
                (bestBase, bestLength) = (start, i - start);
        }
        if (bestLength < 2)
            bestBase = -1;
        for (int i = 0; i < 8; i++)
        {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength)
            {
                if (i == bestBase)
                    _out.Append(':');
                continue;
            }
            if (i != 0)
                _out.Append(':');
            if (i == 6 && bestBase == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xFFFF)))
            {
                AppendIPv4(address[12..]);
                return;
            }
            _out.Append(CultureInfo.InvariantCulture, $"{words[i]:x}");
        }
        if (bestBase >= 0 && bestBase + bestLength == 8)
            _out.Append(':');
    }

    private string FormatIPv6(ReadOnlySpan<byte> address)
    {
        int mark = _out.Length;
        AppendIPv6(address);
        string text = _out.ToString(mark, _out.Length - mark);
        _out.Length = mark;
        return text;
    }
}

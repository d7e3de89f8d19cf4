using System.Buffers.Binary;
using System.Globalization;

namespace Epair.Capture;

// print-icmp.c without -v: "ICMP <what>, length <ICMP length>".
public sealed partial class PacketPrinter
{
    private void PrintIcmp(ReadOnlySpan<byte> icmp, int length, bool fragmented = false)
    {
        if (icmp.Length < 4)
        {
            _out.Append("ICMP");
            Truncated("icmp");
            return;
        }
        int type = icmp[0];
        int code = icmp[1];
        string? text = type switch
        {
            0 or 8 when icmp.Length >= 8 => string.Create(CultureInfo.InvariantCulture,
                $"echo {(type == 8 ? "request" : "reply")}, id {BinaryPrimitives.ReadUInt16BigEndian(icmp[4..])}, seq {BinaryPrimitives.ReadUInt16BigEndian(icmp[6..])}"),
            3 => Unreachable(icmp, code),
            5 => Redirect(icmp, code),
            11 => code switch
            {
                0 => "time exceeded in-transit",
                1 => "ip reassembly time exceeded",
                _ => string.Create(CultureInfo.InvariantCulture, $"time exceeded-#{code}"),
            },
            12 when icmp.Length >= 5 => code != 0
                ? string.Create(CultureInfo.InvariantCulture, $"parameter problem - code {code}")
                : string.Create(CultureInfo.InvariantCulture, $"parameter problem - octet {icmp[4]}"),
            4 => "source quench",
            10 => "router solicitation",
            13 => "time stamp request",
            14 => "time stamp reply",
            15 => "information request",
            16 => "information reply",
            17 => "address mask request",
            _ => null,
        };
        if (text is null && type is 0 or 8 or 3 or 5 or 12)
        {
            _out.Append("ICMP");
            Truncated("icmp");
            return;
        }
        _out.Append("ICMP ").Append(text ?? string.Create(CultureInfo.InvariantCulture, $"type-#{type}"));
        _out.Append(CultureInfo.InvariantCulture, $", length {length}");
        if (_options.Verbose > 0)
            AppendIcmpVerbose(icmp, length, type, fragmented);
    }

    // The quoted datagram's header starts 8 bytes in; null when it was not captured.
    private static bool TryInner(ReadOnlySpan<byte> icmp, out ReadOnlySpan<byte> inner)
    {
        inner = icmp.Length >= 8 + 20 ? icmp[8..] : default;
        return icmp.Length >= 8 + 20;
    }

    private string? Unreachable(ReadOnlySpan<byte> icmp, int code)
    {
        if (!TryInner(icmp, out var inner))
            return null;
        string dst = FormatIPv4(inner.Slice(16, 4));
        int protocol = inner[9];
        switch (code)
        {
            case 2:
                return string.Create(CultureInfo.InvariantCulture, $"{dst} protocol {protocol} unreachable");
            case 3:
            {
                int hlen = (inner[0] & 0x0F) * 4;
                if (inner.Length < hlen + 4)
                    return null;
                int port = BinaryPrimitives.ReadUInt16BigEndian(inner[(hlen + 2)..]);
                return protocol switch
                {
                    ProtoTcp => $"{dst} tcp port {PortName(port)} unreachable",
                    ProtoUdp => $"{dst} udp port {PortName(port)} unreachable",
                    _ => string.Create(CultureInfo.InvariantCulture, $"{dst} protocol {protocol} port {port} unreachable"),
                };
            }
            case 4:
            {
                int mtu = BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]);
                return mtu != 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{dst} unreachable - need to frag (mtu {mtu})")
                    : $"{dst} unreachable - need to frag";
            }
            default:
                return UnreachableText(code, dst);
        }
    }

    private static string UnreachableText(int code, string dst) => code switch
    {
        0 => $"net {dst} unreachable",
        1 => $"host {dst} unreachable",
        5 => $"{dst} unreachable - source route failed",
        6 => $"net {dst} unreachable - unknown",
        7 => $"host {dst} unreachable - unknown",
        8 => $"{dst} unreachable - source host isolated",
        9 => $"net {dst} unreachable - admin prohibited",
        10 => $"host {dst} unreachable - admin prohibited",
        11 => $"net {dst} unreachable - tos prohibited",
        12 => $"host {dst} unreachable - tos prohibited",
        13 => $"host {dst} unreachable - admin prohibited filter",
        14 => $"host {dst} unreachable - host precedence violation",
        15 => $"host {dst} unreachable - precedence cutoff",
        _ => string.Create(CultureInfo.InvariantCulture, $"#{code} {dst} unreachable"),
    };

    private string? Redirect(ReadOnlySpan<byte> icmp, int code)
    {
        if (!TryInner(icmp, out var inner))
            return null;
        string dst = FormatIPv4(inner.Slice(16, 4));
        string gateway = FormatIPv4(icmp.Slice(4, 4));
        return code switch
        {
            0 => $"redirect {dst} to net {gateway}",
            1 => $"redirect {dst} to host {gateway}",
            2 => $"redirect-tos {dst} to net {gateway}",
            3 => $"redirect-tos {dst} to host {gateway}",
            _ => string.Create(CultureInfo.InvariantCulture, $"redirect-#{code} {dst} to {gateway}"),
        };
    }

    private string FormatIPv4(ReadOnlySpan<byte> address)
    {
        int mark = _out.Length;
        AppendIPv4(address);
        string text = _out.ToString(mark, _out.Length - mark);
        _out.Length = mark;
        return text;
    }
}

using System.Buffers.Binary;
using System.Globalization;

namespace Epair.Capture;

// print-icmp6.c without -v: "ICMP6, <type>[, detail], length <ICMPv6 length>".
public sealed partial class PacketPrinter
{
    private void PrintIcmp6(ReadOnlySpan<byte> icmp, int length, ReadOnlySpan<byte> source = default,
        ReadOnlySpan<byte> destination = default, bool fragmented = false)
    {
        if (icmp.Length < 4)
        {
            _out.Append("ICMP6");
            Truncated("icmp6");
            return;
        }
        int type = icmp[0];
        int code = icmp[1];
        bool verbose = _options.Verbose > 0;
        if (verbose && !fragmented && source.Length == 16)
            AppendIcmp6Checksum(icmp, length, source, destination);
        _out.Append("ICMP6, ").Append(Icmp6TypeName(type));
        // With -v, neighbor discovery shows its length at once, and its options after.
        if (verbose && type is >= 133 and <= 137)
            _out.Append(CultureInfo.InvariantCulture, $", length {length}");
        if (!PrintIcmp6Detail(icmp, type, code))
        {
            Truncated("icmp6");
            return;
        }
        if (!verbose)
            _out.Append(CultureInfo.InvariantCulture, $", length {length}");
        else if (type is 135 or 136)
            AppendNeighborOptions(icmp, type, Math.Min(length, icmp.Length));
    }

    private static string Icmp6TypeName(int type) => type switch
    {
        1 => "destination unreachable",
        2 => "packet too big",
        3 => "time exceeded in-transit",
        4 => "parameter problem",
        128 => "echo request",
        129 => "echo reply",
        130 => "multicast listener query",
        131 => "multicast listener report",
        132 => "multicast listener done",
        133 => "router solicitation",
        134 => "router advertisement",
        135 => "neighbor solicitation",
        136 => "neighbor advertisement",
        137 => "redirect",
        138 => "router renumbering",
        141 => "inverse neighbor solicitation",
        142 => "inverse neighbor advertisement",
        143 => "multicast listener report v2",
        _ => string.Create(CultureInfo.InvariantCulture, $"unknown icmp6 type ({type})"),
    };

    // False when the part it needs was not captured.
    private bool PrintIcmp6Detail(ReadOnlySpan<byte> icmp, int type, int code)
    {
        switch (type)
        {
            case 1:
                return PrintIcmp6Unreachable(icmp, code);
            case 2:
                if (icmp.Length < 8)
                    return false;
                _out.Append(CultureInfo.InvariantCulture, $", mtu {BinaryPrimitives.ReadUInt32BigEndian(icmp[4..])}");
                return true;
            case 3:
                if (code == 0)
                {
                    if (icmp.Length < 8 + Ip6Header)
                        return false;
                    _out.Append(" for ");
                    AppendIPv6(icmp.Slice(8 + 24, 16));
                }
                else
                {
                    _out.Append(code == 1 ? " (reassembly)" : string.Create(CultureInfo.InvariantCulture, $", unknown code ({code})"));
                }
                return true;
            case 4:
                if (icmp.Length < 8)
                    return false;
                uint pointer = BinaryPrimitives.ReadUInt32BigEndian(icmp[4..]);
                _out.Append(code switch
                {
                    0 => string.Create(CultureInfo.InvariantCulture, $", erroneous - octet {pointer}"),
                    1 => string.Create(CultureInfo.InvariantCulture, $", next header - octet {pointer}"),
                    2 => string.Create(CultureInfo.InvariantCulture, $", option - octet {pointer}"),
                    _ => string.Create(CultureInfo.InvariantCulture, $", code-#{code}"),
                });
                return true;
            case 128 or 129:
                if (icmp.Length < 8)
                    return false;
                _out.Append(CultureInfo.InvariantCulture, $", id {BinaryPrimitives.ReadUInt16BigEndian(icmp[4..])}, seq {BinaryPrimitives.ReadUInt16BigEndian(icmp[6..])}");
                return true;
            case 135 or 136:
                if (icmp.Length < 24)
                    return false;
                _out.Append(type == 135 ? ", who has " : ", tgt is ");
                AppendIPv6(icmp.Slice(8, 16));
                return true;
            case 137:
                if (icmp.Length < 40)
                    return false;
                _out.Append(", ");
                AppendIPv6(icmp.Slice(24, 16));
                _out.Append(" to ");
                AppendIPv6(icmp.Slice(8, 16));
                return true;
            case 131 or 132 or 130 when icmp.Length <= 24:
                // mld6_print, glued to the type name as tcpdump does.
                if (icmp.Length < 24)
                    return false;
                _out.Append(CultureInfo.InvariantCulture, $"max resp delay: {BinaryPrimitives.ReadUInt16BigEndian(icmp[4..])} addr: ");
                AppendIPv6(icmp.Slice(8, 16));
                return true;
            case 143:
                if (icmp.Length < 8)
                    return false;
                _out.Append(CultureInfo.InvariantCulture, $", {BinaryPrimitives.ReadUInt16BigEndian(icmp[6..])} group record(s)");
                return true;
            default:
                return true;
        }
    }

    private bool PrintIcmp6Unreachable(ReadOnlySpan<byte> icmp, int code)
    {
        _out.Append(code switch
        {
            0 => ", unreachable route",
            1 => ",  unreachable prohibited",
            2 => ", beyond scope",
            3 => ", unreachable address",
            4 => ", unreachable port",
            _ => string.Create(CultureInfo.InvariantCulture, $", unknown unreach code ({code})"),
        });
        if (code > 4)
            return true;
        if (icmp.Length < 8 + Ip6Header)
            return false;
        var inner = icmp[8..];
        var innerDestination = inner.Slice(24, 16);
        if (code == 2)
        {
            _out.Append(' ');
            AppendIPv6(innerDestination);
            _out.Append(", source address ");
            AppendIPv6(inner.Slice(8, 16));
            return true;
        }
        if (code != 4)
        {
            _out.Append(' ');
            AppendIPv6(innerDestination);
            return true;
        }
        // get_upperlayer: the quoted datagram's transport header right after its IPv6 header.
        int protocol = inner[6];
        if (inner.Length < Ip6Header + 4)
            return false;
        int port = BinaryPrimitives.ReadUInt16BigEndian(inner[(Ip6Header + 2)..]);
        string dst = FormatIPv6(innerDestination);
        _out.Append(protocol switch
        {
            ProtoTcp => $", {dst} tcp port {PortName(port)}",
            ProtoUdp => $", {dst} udp port {PortName(port)}",
            _ => string.Create(CultureInfo.InvariantCulture, $", {dst} protocol {protocol} port {port} unreachable"),
        });
        return true;
    }
}

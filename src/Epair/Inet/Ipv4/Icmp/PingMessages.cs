using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Epair.Inet.Ipv4.Icmp;

/// <summary>ping's <c>pr_icmph</c> words for ICMP errors and its <c>pr_iph</c> dump of the quoted header.</summary>
internal static class PingMessages
{
    /// <summary><c>pr_icmph</c>: FreeBSD 14's wording; <paramref name="word"/> is the MTU or the pointer.</summary>
    public static string Describe(byte type, byte code, int word) => type switch
    {
        3 => code switch
        {
            0 => "Destination Net Unreachable",
            1 => "Destination Host Unreachable",
            2 => "Destination Protocol Unreachable",
            3 => "Destination Port Unreachable",
            4 => $"frag needed and DF set (MTU {word})",
            5 => "Source Route Failed",
            13 => "Communication prohibited by filter",
            _ => $"Dest Unreachable, Bad Code: {code}",
        },
        4 => "Source Quench",
        11 => code switch
        {
            0 => "Time to live exceeded",
            1 => "Frag reassembly time exceeded",
            _ => $"Time exceeded, Bad Code: {code}",
        },
        12 => string.Create(CultureInfo.InvariantCulture, $"Parameter problem: pointer = 0x{word:x2}"),
        _ => $"Bad ICMP type: {type}",
    };

    /// <summary>
    /// <c>pr_iph</c>: the two lines ping prints under an error, the quoted header's fields in hex
    /// (<c>Vr HL TOS  Len   ID Flg  off TTL Pro  cks      Src      Dst</c>), options as hex bytes.
    /// </summary>
    public static string DumpHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < 20)
            return "";
        int hl = header[0] & 0xf;
        ushort offset = BinaryPrimitives.ReadUInt16BigEndian(header[6..]);
        string src = new InAddrText(header[12..16]).ToString(), dst = new InAddrText(header[16..20]).ToString();
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"Vr HL TOS  Len   ID Flg  off TTL Pro  cks {"Src".PadLeft(src.Length)} {"Dst".PadLeft(dst.Length)}");
        if (hl * 4 > 20)
            text.Append(" Opts");
        text.Append('\n');
        text.Append(c, $" {header[0] >> 4:x1}  {hl:x1}  {header[1]:x2} {BinaryPrimitives.ReadUInt16BigEndian(header[2..]):x4} ");
        text.Append(c, $"{BinaryPrimitives.ReadUInt16BigEndian(header[4..]):x4}   {(offset & 0xe000) >> 13:x1} {offset & 0x1fff:x4}");
        text.Append(c, $"  {header[8]:x2}  {header[9]:x2} {BinaryPrimitives.ReadUInt16BigEndian(header[10..]):x4} {src} {dst}");
        if (hl * 4 > 20 && header.Length >= hl * 4)
        {
            text.Append(' ');
            foreach (byte b in header[20..(hl * 4)])
                text.Append(c, $"{b:x2}");
        }
        return text.ToString();
    }

    private readonly ref struct InAddrText(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{_bytes[0]}.{_bytes[1]}.{_bytes[2]}.{_bytes[3]}");
    }
}

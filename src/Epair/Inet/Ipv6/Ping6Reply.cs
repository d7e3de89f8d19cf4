using System.Globalization;
using System.Net;

namespace Epair.Inet.Ipv6;

/// <summary>One echo reply, or one ICMPv6 error about an echo request.</summary>
/// <param name="Bytes">ICMPv6 message length (what <c>ping6</c> prints as "bytes").</param>
/// <param name="From">Who sent it.</param>
/// <param name="Sequence">The <c>icmp_seq</c> it answers.</param>
/// <param name="HopLimit">Hop limit it arrived with.</param>
/// <param name="RoundTripTime">Time since the request went out.</param>
/// <param name="IsDuplicate">A second answer to the same request (<c>DUP!</c>).</param>
/// <param name="ErrorType">For an error: its ICMPv6 type; null for an echo reply.</param>
/// <param name="ErrorCode">For an error: its code.</param>
/// <param name="ErrorWord">For an error: the MTU of a packet too big or the pointer of a parameter problem.</param>
public readonly record struct Ping6Reply(int Bytes, IPAddress From, int Sequence, int HopLimit, TimeSpan RoundTripTime,
    bool IsDuplicate, byte? ErrorType = null, byte? ErrorCode = null, uint ErrorWord = 0)
{
    /// <summary>True for an ICMPv6 error rather than an echo reply.</summary>
    public bool IsError => ErrorType is not null;

    /// <summary>The line <c>ping6</c> prints for it.</summary>
    public override string ToString() => ToString(timing: true);

    /// <summary>
    /// The line FreeBSD 14's <c>ping -6</c> prints for it: <c>16 bytes from 2001:db8::2, icmp_seq=0
    /// hlim=64 time=0.123 ms</c> (and <c>(DUP!)</c> right after, with no space, as ping6.c has it);
    /// no <c>time=</c> without <paramref name="timing"/> (fewer than 8 data bytes). An error (printed
    /// only with <c>-v</c>) reads <c>bytes from …: </c> and <c>pr_icmph</c>'s words.
    /// </summary>
    public string ToString(bool timing)
    {
        if (IsError)
            return string.Create(CultureInfo.InvariantCulture, $"{Bytes} bytes from {From}: {Describe(ErrorType!.Value, ErrorCode!.Value, ErrorWord)}");
        var time = timing
            ? " time=" + RoundTripTime.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture) + " ms"
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Bytes} bytes from {From}, icmp_seq={Sequence} hlim={HopLimit}{time}{(IsDuplicate ? "(DUP!)" : "")}");
    }

    /// <summary><c>ping6</c>'s <c>pr_icmph</c> wording (FreeBSD 14).</summary>
    public static string Describe(byte type, byte code, uint word) => type switch
    {
        1 => code switch
        {
            0 => "No Route to Destination",
            1 => "Destination Administratively Unreachable",
            2 => "Destination Unreachable Beyond Scope",
            3 => "Destination Host Unreachable",
            4 => "Destination Port Unreachable",
            _ => "Destination Unreachable, Bad Code: " + code.ToString(CultureInfo.InvariantCulture),
        },
        2 => "Packet too big mtu = " + word.ToString(CultureInfo.InvariantCulture),
        3 => code switch
        {
            0 => "Time to live exceeded",
            1 => "Frag reassembly time exceeded",
            _ => "Time exceeded, Bad Code: " + code.ToString(CultureInfo.InvariantCulture),
        },
        4 => "Parameter problem: " + code switch
        {
            0 => "Erroneous Header ",
            1 => "Unknown Nextheader ",
            2 => "Unrecognized Option ",
            _ => "Bad code(" + code.ToString(CultureInfo.InvariantCulture) + ") ",
        } + "pointer = 0x" + word.ToString("x2", CultureInfo.InvariantCulture),
        _ => "Bad ICMP type: " + type.ToString(CultureInfo.InvariantCulture),
    };
}

namespace Epair.Inet.Ipv4.Icmp;

/// <summary>ping's <c>pr_icmph</c> words for ICMP errors.</summary>
internal static class PingMessages
{
    public static string Describe(byte type, byte code, int mtu) => type switch
    {
        3 => code switch
        {
            0 => "Destination Net Unreachable",
            1 => "Destination Host Unreachable",
            2 => "Destination Protocol Unreachable",
            3 => "Destination Port Unreachable",
            4 => $"frag needed and DF set (MTU {mtu})",
            5 => "Source Route Failed",
            6 => "Destination Net Unknown",
            7 => "Destination Host Unknown",
            8 => "Source Host Isolated",
            9 => "Destination Net Prohibited",
            10 => "Destination Host Prohibited",
            11 => "Destination Net Unreachable for TOS",
            12 => "Destination Host Unreachable for TOS",
            13 => "Communication prohibited by filter",
            14 => "Host precedence violation",
            15 => "Precedence cutoff",
            _ => $"Dest Unreachable, Bad Code: {code}",
        },
        4 => "Source Quench",
        11 => code switch
        {
            0 => "Time to live exceeded",
            1 => "Frag reassembly time exceeded",
            _ => $"Time exceeded, Bad Code: {code}",
        },
        12 => "Parameter problem",
        _ => $"Bad ICMP type: {type}",
    };
}

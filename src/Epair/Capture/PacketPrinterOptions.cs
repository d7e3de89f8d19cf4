namespace Epair.Capture;

/// <summary>What tcpdump's flags change in the text of a packet.</summary>
public sealed record PacketPrinterOptions
{
    /// <summary><c>-e</c>: print the link-level header.</summary>
    public bool LinkHeader { get; init; }

    /// <summary><c>-q</c>: quick output, less protocol detail.</summary>
    public bool Quick { get; init; }

    /// <summary>
    /// <c>-n</c>: no names for addresses, ports and protocols. There is no resolver here: without
    /// it only what FreeBSD's /etc/hosts, /etc/services and /etc/protocols name is named
    /// (<c>localhost</c>, <c>discard</c>, <c>icmp</c>); other addresses stay numeric.
    /// </summary>
    public bool Numeric { get; init; }

    /// <summary>The zone the time of day is shown in (tcpdump uses local time).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;

    /// <summary>How each line starts (<c>-t</c>, <c>-tt</c>, … <c>-ttttt</c>).</summary>
    public TimestampStyle Timestamps { get; init; }

    /// <summary>
    /// <c>-x</c> (1) or <c>-xx</c> (2): the packet in hex after its line, without or with the
    /// link-level header; 0 for none.
    /// </summary>
    public int Hex { get; init; }

    /// <summary><c>-X</c>/<c>-XX</c>: the hex dump also shows the bytes as ASCII.</summary>
    public bool HexAscii { get; init; }

    /// <summary>
    /// <c>-v</c> (1) or more: IP and IPv6 header fields, checksum checks, ARP's address types,
    /// quoted datagrams of ICMP errors and neighbor discovery options.
    /// </summary>
    public int Verbose { get; init; }
}

/// <summary>tcpdump's time stamp styles, in the order of the number of <c>-t</c> flags.</summary>
public enum TimestampStyle
{
    /// <summary>No <c>-t</c>: the local time of day, <c>12:34:56.123456</c>.</summary>
    TimeOfDay,
    /// <summary><c>-t</c>: none.</summary>
    None,
    /// <summary><c>-tt</c>: seconds since the epoch, <c>1764113696.123456</c>.</summary>
    Unix,
    /// <summary><c>-ttt</c>: the time since the previous packet, <c>00:00:00.001024</c>.</summary>
    SincePrevious,
    /// <summary><c>-tttt</c>: the local date and time, <c>2026-11-25 12:34:56.123456</c>.</summary>
    DateAndTime,
    /// <summary><c>-ttttt</c>: the time since the first packet.</summary>
    SinceFirst,
}

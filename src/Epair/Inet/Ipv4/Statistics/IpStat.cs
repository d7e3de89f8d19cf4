namespace Epair.Inet.Ipv4.Statistics;

/// <summary>The counters of <c>struct ipstat</c> (<c>netinet/ip_var.h</c>), in its order.</summary>
internal enum IpStat
{
    Total, BadSum, TooShort, TooSmall, BadHeaderLength, BadLength, Fragments, FragDropped, FragTimeout,
    Forward, FastForward, CantForward, RedirectSent, NoProto, Delivered, LocalOut, OutputDropped,
    Reassembled, Fragmented, OutputFragments, CantFrag, BadOptions, NoRoute, BadVersion, RawOut,
    TooLong, NotMember, NoGif, BadAddress, Count,
}

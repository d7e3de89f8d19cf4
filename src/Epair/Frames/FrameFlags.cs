namespace Epair.Frames;

/// <summary>Per-frame flags, the subset of FreeBSD's <c>m_flags</c> that Ethernet code uses.</summary>
[Flags]
public enum FrameFlags
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>M_BCAST</c>: sent or received as link-level broadcast.</summary>
    Broadcast = 0x1,
    /// <summary><c>M_MCAST</c>: sent or received as link-level multicast.</summary>
    Multicast = 0x2,
    /// <summary><c>M_VLANTAG</c>: <see cref="Frame.VlanTag"/> holds an 802.1Q tag kept out of band.</summary>
    VlanTagged = 0x4,
    /// <summary><c>M_PROMISC</c>: accepted only because the interface is promiscuous.</summary>
    Promiscuous = 0x8,
}

/// <summary>Checksum offload state, the subset of FreeBSD's <c>csum_flags</c> a virtual wire needs.</summary>
[Flags]
public enum ChecksumFlags
{
    /// <summary>Nothing offloaded or verified.</summary>
    None = 0,
    /// <summary><c>CSUM_IP</c>: the IPv4 header checksum is still to be computed.</summary>
    IpChecksumPending = 0x1,
    /// <summary><c>CSUM_UDP</c>/<c>CSUM_TCP</c>: the transport checksum is still to be computed.</summary>
    TransportChecksumPending = 0x2,
    /// <summary><c>CSUM_L3_CALC</c>: the receiver already checked the IPv4 header checksum.</summary>
    IpChecksumChecked = 0x100,
    /// <summary><c>CSUM_L3_VALID</c>: and it was right.</summary>
    IpChecksumValid = 0x200,
    /// <summary><c>CSUM_L4_CALC</c> | <c>CSUM_L4_VALID</c>: the transport checksum is known good.</summary>
    TransportChecksumValid = 0x400,
}

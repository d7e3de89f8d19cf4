namespace Epair.Interfaces;

/// <summary>Interface flags (<c>if_flags</c>, FreeBSD's <c>IFF_*</c> values).</summary>
[Flags]
public enum InterfaceFlags
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>IFF_UP</c>: administratively up.</summary>
    Up = 0x1,
    /// <summary><c>IFF_BROADCAST</c>: broadcast address valid.</summary>
    Broadcast = 0x2,
    /// <summary><c>IFF_DEBUG</c>: turn on debugging.</summary>
    Debug = 0x4,
    /// <summary><c>IFF_LOOPBACK</c>: is a loopback net.</summary>
    Loopback = 0x8,
    /// <summary><c>IFF_POINTOPOINT</c>: point-to-point link.</summary>
    PointToPoint = 0x10,
    /// <summary><c>IFF_NOARP</c>: no address resolution protocol.</summary>
    NoArp = 0x80,
    /// <summary><c>IFF_PROMISC</c>: receive all packets.</summary>
    Promiscuous = 0x100,
    /// <summary><c>IFF_ALLMULTI</c>: receive all multicast packets.</summary>
    AllMulticast = 0x200,
    /// <summary><c>IFF_SIMPLEX</c>: can't hear own transmissions.</summary>
    Simplex = 0x800,
    /// <summary><c>IFF_LINK0</c>: per link layer defined bit.</summary>
    Link0 = 0x1000,
    /// <summary><c>IFF_LINK1</c>: per link layer defined bit.</summary>
    Link1 = 0x2000,
    /// <summary><c>IFF_LINK2</c>: per link layer defined bit.</summary>
    Link2 = 0x4000,
    /// <summary><c>IFF_MULTICAST</c>: supports multicast.</summary>
    Multicast = 0x8000,
    /// <summary><c>IFF_PPROMISC</c>: user-requested promiscuous mode.</summary>
    PermanentPromiscuous = 0x20000,
    /// <summary><c>IFF_MONITOR</c>: user-requested monitor mode.</summary>
    Monitor = 0x40000,
    /// <summary><c>IFF_STATICARP</c>: static ARP.</summary>
    StaticArp = 0x80000,
    /// <summary><c>IFF_DYING</c>: the interface is being destroyed.</summary>
    Dying = 0x200000,
}

/// <summary>Driver flags (<c>if_drv_flags</c>), owned by the driver.</summary>
[Flags]
public enum DriverFlags
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary><c>IFF_DRV_RUNNING</c>: resources allocated, the driver moves frames.</summary>
    Running = 0x40,
    /// <summary><c>IFF_DRV_OACTIVE</c>: the transmit hardware queue is full.</summary>
    OActive = 0x400,
}

/// <summary>Interface capabilities (<c>if_capabilities</c>/<c>if_capenable</c>, FreeBSD's <c>IFCAP_*</c>).</summary>
[Flags]
public enum InterfaceCapabilities
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary><c>IFCAP_RXCSUM</c>: can offload checksum on receive.</summary>
    RxChecksum = 0x1,
    /// <summary><c>IFCAP_TXCSUM</c>: can offload checksum on transmit.</summary>
    TxChecksum = 0x2,
    /// <summary><c>IFCAP_NETCONS</c>: can be a network console.</summary>
    NetConsole = 0x4,
    /// <summary><c>IFCAP_VLAN_MTU</c>: VLAN-compatible MTU (frames may be 4 bytes longer).</summary>
    VlanMtu = 0x8,
    /// <summary><c>IFCAP_VLAN_HWTAGGING</c>: hardware VLAN tag support.</summary>
    VlanHardwareTagging = 0x10,
    /// <summary><c>IFCAP_JUMBO_MTU</c>: 9000-byte MTU supported.</summary>
    JumboMtu = 0x20,
    /// <summary><c>IFCAP_VLAN_HWCSUM</c>: checksum offload on VLANs.</summary>
    VlanHardwareChecksum = 0x80,
    /// <summary><c>IFCAP_TSO4</c>: TCP segmentation offload over IPv4.</summary>
    Tso4 = 0x100,
    /// <summary><c>IFCAP_TSO6</c>: TCP segmentation offload over IPv6.</summary>
    Tso6 = 0x200,
    /// <summary><c>IFCAP_LRO</c>: large receive offload.</summary>
    Lro = 0x400,
    /// <summary><c>IFCAP_LINKSTATE</c>: the driver reports link state changes.</summary>
    LinkState = 0x80000,
    /// <summary><c>IFCAP_RXCSUM_IPV6</c>: receive checksum offload for IPv6.</summary>
    RxChecksumIpv6 = 0x200000,
    /// <summary><c>IFCAP_TXCSUM_IPV6</c>: transmit checksum offload for IPv6.</summary>
    TxChecksumIpv6 = 0x400000,
}

/// <summary>Link state (<c>if_link_state</c>).</summary>
public enum LinkState
{
    /// <summary><c>LINK_STATE_UNKNOWN</c>.</summary>
    Unknown = 0,
    /// <summary><c>LINK_STATE_DOWN</c>.</summary>
    Down = 1,
    /// <summary><c>LINK_STATE_UP</c>.</summary>
    Up = 2,
}

/// <summary>Interface types (<c>if_type</c>, the IANA ifType values FreeBSD uses).</summary>
public enum InterfaceType
{
    /// <summary><c>IFT_OTHER</c>.</summary>
    Other = 0x1,
    /// <summary><c>IFT_ETHER</c>: Ethernet CSMA/CD.</summary>
    Ethernet = 0x6,
    /// <summary><c>IFT_LOOP</c>: loopback.</summary>
    Loopback = 0x18,
    /// <summary><c>IFT_L2VLAN</c>: 802.1Q VLAN.</summary>
    L2Vlan = 0x87,
    /// <summary><c>IFT_BRIDGE</c>: transparent bridge.</summary>
    Bridge = 0xd1,
}

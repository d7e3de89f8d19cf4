using Epair.Frames;

namespace Epair.Interfaces;

/// <summary>
/// What an interface that carries vlan(4) interfaces offers the layers around it (FreeBSD's
/// <c>if_vlantrunk</c> with <c>vlan_input_p</c> and the <c>ifnet_departure_event</c> handler), so
/// that Ethernet input and the vnet can reach vlan(4) without knowing the driver.
/// </summary>
internal interface IVlanTrunk
{
    /// <summary>
    /// <c>vlan_input</c>: a frame that arrived on <paramref name="parent"/> with an 802.1Q tag,
    /// already removed and kept in <see cref="Frame.VlanTag"/>. The trunk owns the frame.
    /// </summary>
    void Input(NetInterface parent, Frame frame);

    /// <summary><c>vlan_ifdetach</c>: <paramref name="parent"/> leaves its vnet (destroyed or moved).</summary>
    void ParentDeparting(NetInterface parent);
}

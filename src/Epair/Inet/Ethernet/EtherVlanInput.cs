using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Inet.Ethernet;

/// <summary>
/// The 802.1Q part of <c>ether_input</c>/<c>ether_demux</c>: the tag comes out of the frame; a
/// priority tag (VID 0) leaves the frame to carry on untagged on the interface it arrived on,
/// any other VID goes to the vlan(4) interfaces stacked on it, or is counted as NOPROTO.
/// </summary>
internal static class EtherVlanInput
{
    /// <summary>
    /// Handles a frame whose EtherType is a VLAN TPID. True when the frame was consumed (handed to
    /// vlan(4) or dropped); false when it was priority-tagged and, stripped, goes on as untagged.
    /// </summary>
    public static bool Input(NetInterface ifp, Frame frame)
    {
        if (!VlanHeader.Remove(frame, out ushort tag))
        {
            // ether_input: "cannot pullup VLAN header".
            ifp.IncrementCounter(InterfaceCounter.IERRORS);
            frame.Free();
            return true;
        }
        if (VlanHeader.VidOf(tag) == 0)
        {
            // 802.1p priority frames belong to the interface itself; ether_demux forgets the tag.
            return false;
        }
        frame.VlanTag = tag;
        frame.Flags |= FrameFlags.VlanTagged;
        var trunk = ifp.VlanTrunk;
        if (trunk is null)
        {
            ifp.IncrementCounter(InterfaceCounter.NOPROTO);
            frame.Free();
            return true;
        }
        trunk.Input(ifp, frame);
        return true;
    }
}

using System.Buffers.Binary;
using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Inet.Ethernet;

// ether_output_frame: the last step before the driver, where 802.1p priority is applied.
internal static partial class EtherOutput
{
    /// <summary>
    /// <c>ether_output_frame</c>: a whole Ethernet frame goes to <paramref name="ifp"/>'s transmit.
    /// When a priority applies (the frame's own <see cref="Frame.PriorityCodePoint"/>, else the
    /// interface's <see cref="NetInterface.Pcp"/>) and the interface is not a vlan(4) interface,
    /// an untagged frame gets a priority tag (VID 0) first (<c>ether_set_pcp</c>,
    /// <c>ether_8021q_frame</c>); a frame that already carries a tag is never tagged twice.
    /// The frame is the interface's from here on, whatever the result.
    /// </summary>
    public static Errno OutputFrame(NetInterface ifp, Frame frame)
    {
        int pcp = frame.PriorityCodePoint >= 0 ? frame.PriorityCodePoint : ifp.Pcp;
        // lo0 is not Ethernet (FreeBSD's looutput never tags): a priority asked for there is dropped.
        if (pcp >= 0 && ifp.Type == InterfaceType.Loopback)
            ForgetPriority(frame);
        else if (pcp >= 0 && ifp.Type != InterfaceType.L2Vlan && !SetPriority(ifp, frame, pcp))
            return Errno.None;
        return ifp.Transmit(frame);
    }

    /// <summary><c>ether_set_pcp</c>: false when the frame could not be tagged (it is freed and counted).</summary>
    private static bool SetPriority(NetInterface ifp, Frame frame, int pcp)
    {
        var data = frame.Data;
        if (data.Length >= EtherInput.HeaderLength &&
            VlanHeader.IsVlanEtherType(BinaryPrimitives.ReadUInt16BigEndian(data[12..])))
        {
            // Tagged already (by vlan(4), or by whoever built it): its tag carries its priority.
            ForgetPriority(frame);
            return true;
        }
        if (VlanHeader.Insert(frame, VlanHeader.Tpid8021Q, VlanHeader.MakeTag(0, pcp, 0)))
        {
            // The request is in the header now; left on the frame, the next hop would tag again.
            ForgetPriority(frame);
            return true;
        }
        ifp.IncrementCounter(InterfaceCounter.OERRORS);
        frame.Free();
        return false;
    }

    private static void ForgetPriority(Frame frame)
    {
        frame.PriorityCodePoint = -1;
        frame.Flags &= ~FrameFlags.VlanTagged;
    }
}

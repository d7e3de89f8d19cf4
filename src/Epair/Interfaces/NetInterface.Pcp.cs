using Epair.Frames;
using Epair.Inet.Ethernet;

namespace Epair.Interfaces;

// if_pcp: the 802.1p priority an Ethernet interface puts on what it sends (ifconfig IF pcp N).
public abstract partial class NetInterface
{
    /// <summary><c>IFNET_PCP_NONE</c> as this API spells it: send untagged.</summary>
    public const int NoPcp = -1;

    private int _pcp = NoPcp;

    /// <summary>
    /// The 802.1p priority code point (<c>if_pcp</c>): 0–7, or <see cref="NoPcp"/>. On an Ethernet
    /// interface a priority makes every untagged frame leave with a priority tag (VID 0); on a
    /// vlan(4) interface it is the priority of the interface's own tag.
    /// </summary>
    public int Pcp => Volatile.Read(ref _pcp);

    /// <summary>
    /// Sets the priority (<c>ifconfig IF pcp N</c>, <c>SIOCSLANPCP</c>); <see cref="NoPcp"/> turns it
    /// off (<c>-pcp</c>). EINVAL outside 0–7.
    /// </summary>
    public void SetPcp(int pcp)
    {
        if (pcp != NoPcp && (pcp < 0 || pcp > 7))
            throw new ErrnoException(Errno.EINVAL, "SIOCSLANPCP");
        Volatile.Write(ref _pcp, pcp);
    }

    /// <summary>
    /// Sends a whole Ethernet frame the way the stack's output does (<c>ether_output_frame</c>):
    /// with a priority tag first when <see cref="Pcp"/> or the frame's
    /// <see cref="Frame.PriorityCodePoint"/> asks for one, then <see cref="Transmit"/>.
    /// Takes ownership of <paramref name="frame"/> whatever the outcome.
    /// </summary>
    public Errno OutputFrame(Frame frame) => EtherOutput.OutputFrame(this, frame);

    /// <summary>Sets the priority without the range check (drivers that validated it themselves).</summary>
    protected void SetPcpValue(int pcp) => Volatile.Write(ref _pcp, pcp);
}

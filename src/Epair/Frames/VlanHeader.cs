using System.Buffers.Binary;

namespace Epair.Frames;

/// <summary>
/// The 802.1Q header in a frame's bytes (<c>struct ether_vlan_header</c>): the tag control word
/// (<c>EVL_MAKETAG</c>, <c>EVL_VLANOFTAG</c>, <c>EVL_PRIOFTAG</c>) and in-band insertion and removal
/// (<c>ether_vlanencap</c> and the strip in <c>ether_input</c>). Both work in place, moving the
/// payload by four bytes inside the frame's own buffer, so tagging allocates nothing.
/// </summary>
internal static class VlanHeader
{
    /// <summary><c>ETHER_VLAN_ENCAP_LEN</c>: the TPID and the tag control word.</summary>
    public const int EncapsulationLength = 4;

    /// <summary><c>ETHERTYPE_VLAN</c>: IEEE 802.1Q.</summary>
    public const ushort Tpid8021Q = 0x8100;

    /// <summary><c>ETHERTYPE_QINQ</c>: IEEE 802.1ad, the service tag of Q-in-Q.</summary>
    public const ushort Tpid8021AD = 0x88A8;

    /// <summary><c>EVL_VLID_MASK</c>.</summary>
    public const int VidMask = 0x0FFF;

    /// <summary><c>VLAN_PCP_MAX</c>.</summary>
    public const int MaxPcp = 7;

    // The Ethernet addresses that stay in front of the tag: ETHER_HDR_LEN - ETHER_TYPE_LEN.
    private const int AddressesLength = 12;
    private const int EtherHeaderLength = 14;

    /// <summary><c>EVL_MAKETAG</c>: VID, priority and the drop-eligible bit in one word.</summary>
    public static ushort MakeTag(int vid, int pcp, int dei) =>
        (ushort)(((pcp & 7) << 13) | ((dei & 1) << 12) | (vid & VidMask));

    /// <summary><c>EVL_VLANOFTAG</c>.</summary>
    public static int VidOf(ushort tag) => tag & VidMask;

    /// <summary><c>EVL_PRIOFTAG</c>.</summary>
    public static int PcpOf(ushort tag) => (tag >> 13) & 7;

    /// <summary><c>EVL_CFIOFTAG</c>: the drop-eligible indicator (once the canonical format indicator).</summary>
    public static int DeiOf(ushort tag) => (tag >> 12) & 1;

    /// <summary>True for the EtherTypes that announce a VLAN tag.</summary>
    public static bool IsVlanEtherType(ushort etherType) => etherType is Tpid8021Q or Tpid8021AD;

    /// <summary>
    /// Inserts a tag after the source address (<c>ether_vlanencap_proto</c>). False when the frame
    /// has no whole Ethernet header to tag.
    /// </summary>
    public static bool Insert(Frame frame, ushort tpid, ushort tag)
    {
        int length = frame.Length;
        if (length < EtherHeaderLength)
            return false;
        frame.SetLength(length + EncapsulationLength);
        var data = frame.Data;
        // Span copies are overlap-safe (memmove), so the payload slides right in place.
        data[AddressesLength..length].CopyTo(data[(AddressesLength + EncapsulationLength)..]);
        BinaryPrimitives.WriteUInt16BigEndian(data[AddressesLength..], tpid);
        BinaryPrimitives.WriteUInt16BigEndian(data[(AddressesLength + 2)..], tag);
        return true;
    }

    /// <summary>
    /// Removes the outermost tag and returns its control word; the inner EtherType moves up to
    /// where the TPID was. False when the frame is too short to hold a tagged header.
    /// </summary>
    public static bool Remove(Frame frame, out ushort tag)
    {
        int length = frame.Length;
        if (length < EtherHeaderLength + EncapsulationLength)
        {
            tag = 0;
            return false;
        }
        var data = frame.Data;
        tag = BinaryPrimitives.ReadUInt16BigEndian(data[(AddressesLength + 2)..]);
        data[(AddressesLength + EncapsulationLength)..length].CopyTo(data[AddressesLength..]);
        frame.SetLength(length - EncapsulationLength);
        return true;
    }
}

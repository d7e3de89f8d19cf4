using System.Buffers.Binary;
using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Inet.Ethernet;

/// <summary>
/// <c>ether_input</c> and <c>ether_demux</c>: length and destination checks, the input counters,
/// then the frame goes to the protocol its EtherType names.
/// </summary>
internal sealed class EtherInput(InetStack stack)
{
    /// <summary><c>ETHER_HDR_LEN</c>.</summary>
    public const int HeaderLength = 14;

    public const ushort EtherTypeIpv4 = 0x0800;
    public const ushort EtherTypeArp = 0x0806;
    public const ushort EtherTypeVlan = 0x8100;
    public const ushort EtherTypeIpv6 = 0x86DD;

    public void Input(NetInterface ifp, Frame frame)
    {
        var data = frame.Data;
        if (data.Length < HeaderLength)
        {
            // Discard a frame without a whole Ethernet header.
            ifp.IncrementCounter(InterfaceCounter.IERRORS);
            frame.Free();
            return;
        }
        if ((ifp.Flags & InterfaceFlags.Up) == 0)
        {
            // Discard packet if interface is not up.
            frame.Free();
            return;
        }

        var destination = new MacAddress(data);
        if (destination.IsMulticast)
        {
            frame.Flags |= destination.IsBroadcast ? FrameFlags.Broadcast : FrameFlags.Multicast;
            ifp.IncrementCounter(InterfaceCounter.IMCASTS);
        }
        ifp.AddCounter(InterfaceCounter.IBYTES, data.Length);

        if (!Accepts(ifp, destination))
        {
            frame.Free();
            return;
        }
        if (!destination.IsMulticast && destination != ifp.MacAddress)
        {
            // M_PROMISC: seen only because the interface is promiscuous (bpf has had it). With no
            // bridge to claim it, ether_demux drops it, so IP never forwards a foreign frame.
            frame.Flags |= FrameFlags.Promiscuous;
            frame.Free();
            return;
        }

        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(data[12..]);
        if (VlanHeader.IsVlanEtherType(etherType))
        {
            if (EtherVlanInput.Input(ifp, frame))
                return;
            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame.Data[12..]);
        }
        switch (etherType)
        {
            case EtherTypeIpv4:
                stack.Ipv4.Input(ifp, frame, HeaderLength);
                return;
            case EtherTypeArp:
                stack.Arp.Input(ifp, frame, HeaderLength);
                return;
            case EtherTypeIpv6:
                stack.Ipv6.Input(ifp, frame, HeaderLength);
                return;
            default:
                ifp.IncrementCounter(InterfaceCounter.NOPROTO);
                frame.Free();
                return;
        }
    }

    /// <summary>Our unicast address, broadcast, a joined group, or anything when promiscuous.</summary>
    private static bool Accepts(NetInterface ifp, MacAddress destination)
    {
        if (destination == ifp.MacAddress || destination.IsBroadcast)
            return true;
        var flags = ifp.Flags;
        if ((flags & InterfaceFlags.Promiscuous) != 0)
            return true;
        if (destination.IsMulticast)
            return (flags & InterfaceFlags.AllMulticast) != 0 || ifp.IsMulticastMember(destination);
        return false;
    }
}

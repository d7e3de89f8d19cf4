using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv4.Statistics;
using Epair.Inet.Ipv4.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

// arpintr and in_arpinput: sanity checks, learning, and replies for our own addresses.
public sealed partial class Arp
{
    /// <summary><c>arpintr</c>: an ARP frame; the payload starts at <paramref name="offset"/>.</summary>
    internal void Input(NetInterface ifp, Frame frame, int offset)
    {
        var data = frame.Data[offset..];
        // Short, runt, or not Ethernet/IPv4: dropped before it counts as received, as arpintr does.
        if (!ArpPacket.TryCreate(data, out var packet) || !packet.IsEthernetIpv4 || !UsesArp(ifp))
        {
            frame.Free();
            return;
        }
        Statistics.Increment(ArpStat.Received);
        var arp = ArpRepr.Parse(packet);
        if (arp.SenderHardware.IsMulticast)
        {
            frame.Free();
            return;
        }
        if (arp.Operation == ArpPacket.OpReply)
            Statistics.Increment(ArpStat.RxReplies);

        Queue<Frame>? held = null;
        uint myAddress;
        bool reply;
        lock (_stack.Lock)
        {
            if (!_stack.Ipv4.TryFindArpAddressLocked(ifp, arp.TargetProtocol, arp.SenderProtocol, out myAddress) ||
                arp.SenderHardware == ifp.MacAddress)
            {
                // No IPv4 address here, or our own packet come back.
                reply = false;
                myAddress = 0;
            }
            else
            {
                reply = Learn(ifp, arp, myAddress, out held);
            }
        }
        SendHeld(ifp, held, arp.SenderHardware);
        if (!reply || myAddress == 0)
        {
            frame.Free();
            return;
        }
        if (arp.Operation != ArpPacket.OpRequest)
        {
            frame.Free();
            return;
        }
        Statistics.Increment(ArpStat.RxRequests);
        // Our own addresses are answered, and published entries (proxy ARP, LLE_PUB) with their MAC.
        var answer = ifp.MacAddress;
        if (arp.TargetProtocol != myAddress && !TryFindPublished(ifp, arp.TargetProtocol, out answer))
        {
            frame.Free();
            return;
        }
        SendReply(ifp, frame, offset, arp, answer, arp.TargetProtocol);
    }

    private bool TryFindPublished(NetInterface ifp, uint address, out MacAddress mac)
    {
        lock (_stack.Lock)
        {
            if (_table.TryGetValue((ifp, address), out var entry) && entry.Published && entry.Valid)
            {
                mac = entry.Mac;
                return true;
            }
        }
        mac = default;
        return false;
    }

    /// <summary>
    /// The learning half of in_arpinput, under the lock. Returns false when the packet must be
    /// dropped without a reply; <paramref name="held"/> gets what a resolved entry was holding.
    /// </summary>
    private bool Learn(NetInterface ifp, ArpRepr arp, uint myAddress, out Queue<Frame>? held)
    {
        held = null;
        if (arp.SenderHardware.IsBroadcast)
            return false;
        if (arp.SenderProtocol == myAddress)
        {
            // Someone else claims our address: count it and defend the address with a reply.
            Statistics.Increment(ArpStat.DupIps);
            return true;
        }
        if ((ifp.Flags & InterfaceFlags.StaticArp) != 0)
            return true;
        long now = _stack.NowMs;
        if (_table.TryGetValue((ifp, arp.SenderProtocol), out var entry))
        {
            // Permanent entries keep their address whatever the wire says.
            if (entry.Static)
                return true;
            MarkReachable(entry, arp.SenderHardware, now);
            held = entry.Hold;
            entry.Hold = null;
            return true;
        }
        // A new entry only for a packet addressed to us, and only while the table has room.
        if (arp.TargetProtocol == myAddress && _table.Count < MaxEntries && _stack.Ipv4.IsOnLinkLocked(ifp, arp.SenderProtocol))
        {
            entry = new ArpEntry(ifp, arp.SenderProtocol);
            MarkReachable(entry, arp.SenderHardware, now);
            _table.Add((ifp, arp.SenderProtocol), entry);
        }
        return true;
    }

    private void MarkReachable(ArpEntry entry, MacAddress mac, long now)
    {
        entry.Mac = mac;
        entry.Valid = true;
        entry.ExpiresMs = now + MaxAge * 1000L;
        entry.Asked = 0;
    }

    /// <summary>Turns the request around in its own frame, as in_arpinput does, and sends it back unicast from <paramref name="senderMac"/>.</summary>
    private void SendReply(NetInterface ifp, Frame frame, int offset, ArpRepr request, MacAddress senderMac, uint senderAddress)
    {
        if (offset != EtherInput.HeaderLength)
            frame.Data[offset..].CopyTo(frame.Data[EtherInput.HeaderLength..]);
        frame.SetLength(EtherInput.HeaderLength + ArpPacket.EthernetIpv4Length);
        frame.ReceiveInterface = null;
        frame.Flags = FrameFlags.None;
        frame.ClearMetadata();
        new ArpRepr(ArpPacket.OpReply, senderMac, senderAddress, request.SenderHardware, request.SenderProtocol)
            .Emit(EtherOutput.Packet(frame));
        _ = EtherOutput.Send(ifp, frame, request.SenderHardware, EtherInput.EtherTypeArp);
        Statistics.Increment(ArpStat.TxReplies);
    }
}

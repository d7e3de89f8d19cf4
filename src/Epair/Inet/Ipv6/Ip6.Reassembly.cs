using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv6.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

// frag6_input (RFC 8200, 4.5): fragments collect per (source, destination, identification),
// bounded by maxfragpackets and maxfragsperpacket; overlaps drop the whole packet (RFC 5722);
// what is not complete after 60 seconds (IPV6_FRAGTTL) goes, with a time exceeded to the source
// when the first fragment came.
public sealed partial class Ip6
{
    private const int ReassemblyTimeoutMilliseconds = 60_000;

    private readonly Dictionary<(UInt128 Source, UInt128 Destination, uint Id), FragmentQueue> _fragments = [];
    private readonly List<(UInt128, UInt128, uint)> _expiredFragments = [];

    /// <summary>Fragments held across all queues (<c>frag6_nfrags</c>), bounded by <c>net.inet6.ip6.maxfrags</c>.</summary>
    private int _heldFragments;

    private void FragmentInput(InterfaceState6 st, Frame frame, Ipv6Repr ip, int offset, int nextHeaderField)
    {
        Stats.Inc(Ip6Stat.ip6s_fragments);
        var packet = EtherOutput.Packet(frame);
        if (!FragmentHeader.TryCreate(packet[offset..], out var header))
        {
            Drop(frame, Ip6Stat.ip6s_tooshort);
            return;
        }
        int dataStart = offset + FragmentHeader.Length;
        int length = packet.Length - dataStart;
        if (header.Offset == 0 && !header.MoreFragments)
        {
            // An atomic fragment is a whole packet (RFC 6946); no queue needed.
            Stats.Inc(Ip6Stat.ip6s_atomicfrags);
            Deliver(st, frame, ip, header.NextHeader, dataStart, offset);
            return;
        }
        if (header.MoreFragments && (length == 0 || (length & 7) != 0))
        {
            // Every fragment but the last carries a multiple of 8 bytes: point at the payload length.
            Stats.Inc(Ip6Stat.ip6s_fragdropped);
            ParameterProblem(frame, st, Icmpv6Type.ParamProbHeader, 4);
            return;
        }
        if (offset - Ipv6Packet.HeaderLength + header.Offset + length > ushort.MaxValue)
        {
            Stats.Inc(Ip6Stat.ip6s_fragdropped);
            ParameterProblem(frame, st, Icmpv6Type.ParamProbHeader, offset + 2);
            return;
        }
        if (_heldFragments >= Config.MaxFrags)
        {
            Drop(frame, Ip6Stat.ip6s_fragdropped);
            return;
        }
        var key = (ip.Source, ip.Destination, header.Identification);
        long now = NowMilliseconds;
        if (!_fragments.TryGetValue(key, out var queue))
        {
            if (_fragments.Count >= Config.MaxFragPackets)
            {
                Drop(frame, Ip6Stat.ip6s_fragoverflow);
                return;
            }
            queue = new FragmentQueue(st.Interface, now + ReassemblyTimeoutMilliseconds);
            _fragments[key] = queue;
            RequestTimer(queue.Deadline);
        }
        int end = header.Offset + length;
        bool bad = queue.Parts.Count >= Config.MaxFragsPerPacket ||
                   queue.Overlaps(header.Offset, length) ||
                   (queue.TotalLength >= 0 && (end > queue.TotalLength || (!header.MoreFragments && end != queue.TotalLength)));
        if (!header.MoreFragments && !bad)
        {
            foreach (var p in queue.Parts)
                bad |= p.Offset + p.Length > end;
        }
        if (bad)
        {
            Stats.Add(Ip6Stat.ip6s_fragdropped, queue.Parts.Count + 1);
            Release(queue);
            _fragments.Remove(key);
            frame.Free();
            return;
        }
        if (!header.MoreFragments)
            queue.TotalLength = end;
        if (header.Offset == 0)
        {
            queue.FragmentHeaderOffset = offset;
            queue.NextHeaderField = nextHeaderField;
            queue.NextHeader = header.NextHeader;
        }
        queue.Insert(new FragmentQueue.Part(frame, dataStart, length, header.Offset));
        _heldFragments++;
        if (!queue.IsComplete())
            return;
        _fragments.Remove(key);
        Reassemble(st, queue, ip);
    }

    /// <summary>Copies the first fragment's unfragmentable part and every fragment's data into one new frame, then delivers it.</summary>
    private void Reassemble(InterfaceState6 st, FragmentQueue queue, Ipv6Repr ip)
    {
        int unfragmentable = queue.FragmentHeaderOffset;
        int payloadLength = unfragmentable - Ipv6Packet.HeaderLength + queue.TotalLength;
        var whole = EtherOutput.Rent(Frames, Ipv6Packet.HeaderLength + payloadLength);
        whole.ReceiveInterface = queue.Interface;
        var bytes = EtherOutput.Packet(whole);
        EtherOutput.Packet(queue.Parts[0].Frame)[..unfragmentable].CopyTo(bytes);
        int at = unfragmentable;
        foreach (var p in queue.Parts)
        {
            p.Frame.Data.Slice(EtherInput.HeaderLength + p.DataStart, p.Length).CopyTo(bytes[at..]);
            at += p.Length;
        }
        Release(queue);
        bytes[queue.NextHeaderField] = queue.NextHeader;
        Ipv6Packet.CreateUnchecked(bytes).PayloadLength = (ushort)payloadLength;
        Stats.Inc(Ip6Stat.ip6s_reassembled);
        Deliver(st, whole, ip with { PayloadLength = payloadLength }, queue.NextHeader, unfragmentable, queue.NextHeaderField);
    }

    private void ReassemblyTimer(long now, ref long next)
    {
        _expiredFragments.Clear();
        foreach (var (key, queue) in _fragments)
        {
            if (queue.Deadline <= now)
                _expiredFragments.Add(key);
            else
                next = Math.Min(next, queue.Deadline);
        }
        foreach (var key in _expiredFragments)
        {
            _fragments.Remove(key, out var queue);
            Stats.Add(Ip6Stat.ip6s_fragtimeout, queue!.Parts.Count);
            if (queue.Parts.Count > 0 && queue.Parts[0].Offset == 0)
            {
                SendError(queue.Parts[0].Frame, queue.Interface, Icmpv6Type.TimeExceeded, Icmpv6Type.TimeExceedReassembly, 0);
            }
            Release(queue);
        }
    }

    /// <summary>Fragments that came in on a departing interface go with it (nothing may refer to it after detach).</summary>
    private void PurgeFragments(NetInterface ifp)
    {
        _expiredFragments.Clear();
        foreach (var (key, queue) in _fragments)
        {
            if (queue.Interface == ifp)
                _expiredFragments.Add(key);
        }
        foreach (var key in _expiredFragments)
        {
            _fragments.Remove(key, out var queue);
            Release(queue!);
        }
    }

    private void Release(FragmentQueue queue)
    {
        _heldFragments -= queue.Parts.Count;
        queue.Free();
    }
}

using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv4.Statistics;
using Epair.Inet.Ipv4.Wire;

namespace Epair.Inet.Ipv4;

/// <summary>
/// <c>ip_reass</c>: fragments wait, keyed by (source, destination, id, protocol), until the
/// datagram is whole, for at most <see cref="TimeoutMs"/>. Bounded twice, as FreeBSD is: at most
/// <see cref="MaxFragmentsPerPacket"/> fragments per datagram and <see cref="MaxPackets"/>
/// datagrams at once; past either bound fragments are dropped and counted.
/// </summary>
internal sealed class Reassembly4(Ip4 ip)
{
    /// <summary><c>IPFRAGTTL</c> is 60 slow-timeout ticks of half a second: 30 seconds.</summary>
    public const long TimeoutMs = 30_000;

    private readonly Dictionary<Key, Datagram> _datagrams = [];
    private readonly List<Key> _expired = [];

    /// <summary><c>net.inet.ip.maxfragsperpacket</c>.</summary>
    public int MaxFragmentsPerPacket { get; set; } = 16;

    /// <summary><c>net.inet.ip.maxfragpackets</c>: 0 drops every fragment, -1 means no limit.</summary>
    public int MaxPackets { get; set; } = 1024;

    /// <summary>Datagrams being reassembled now (<c>net.inet.ip.fragpackets</c>).</summary>
    public int Count
    {
        get { lock (ip.Lock) return _datagrams.Count; }
    }

    private readonly record struct Key(uint Source, uint Destination, ushort Id, byte Protocol);

    private sealed class Datagram(long expiresMs)
    {
        public readonly List<Piece> Pieces = [];
        public long ExpiresMs = expiresMs;
        // The payload length, known once the last fragment (MF clear) arrived; -1 before.
        public int TotalPayload = -1;
    }

    private readonly record struct Piece(int Start, int End, Frame Frame, int PayloadOffset, int HeaderLength);

    /// <summary>
    /// Takes a fragment (the IP header at <paramref name="offset"/>). Returns the whole datagram
    /// as a new frame with its header at <see cref="EtherInput.HeaderLength"/> once complete,
    /// else null (the fragment is kept or dropped).
    /// </summary>
    public Frame? Insert(Frame frame, int offset)
    {
        var stats = ip.Statistics;
        stats.Increment(IpStat.Fragments);
        var packet = Ipv4Packet.CreateUnchecked(frame.Data[offset..]);
        int headerLength = packet.HeaderLength;
        int start = packet.FragmentOffset;
        int length = packet.TotalLength - headerLength;
        bool more = packet.MoreFragmentsSet;
        // Every fragment but the last carries a multiple of 8 bytes; nothing may end past 64k.
        if (length == 0 || (more && (length & 7) != 0))
        {
            stats.Increment(IpStat.TooSmall);
            frame.Free();
            return null;
        }
        if (start + length + headerLength > Ip4.MaxPacket)
        {
            stats.Increment(IpStat.TooLong);
            frame.Free();
            return null;
        }
        var key = new Key(packet.Source, packet.Destination, packet.Identification, packet.Protocol);
        lock (ip.Lock)
        {
            if (!_datagrams.TryGetValue(key, out var datagram))
            {
                if (MaxPackets == 0 || MaxFragmentsPerPacket <= 0 || (MaxPackets > 0 && _datagrams.Count >= MaxPackets))
                {
                    stats.Increment(IpStat.FragDropped);
                    frame.Free();
                    return null;
                }
                datagram = new Datagram(ip.Stack.NowMs + TimeoutMs);
                _datagrams.Add(key, datagram);
            }
            if (datagram.Pieces.Count >= MaxFragmentsPerPacket)
            {
                // Too many pieces: the whole datagram goes, as FreeBSD's ipq_drop does.
                stats.Add(IpStat.FragDropped, datagram.Pieces.Count + 1);
                DropLocked(key, datagram);
                frame.Free();
                return null;
            }
            int end = start + length;
            if (Overlaps(datagram, start, end) || (!more && datagram.TotalPayload >= 0) ||
                (datagram.TotalPayload >= 0 && end > datagram.TotalPayload))
            {
                stats.Increment(IpStat.FragDropped);
                frame.Free();
                return null;
            }
            if (!more)
                datagram.TotalPayload = end;
            InsertSorted(datagram, new Piece(start, end, frame, offset + headerLength, headerLength));
            if (!IsComplete(datagram))
                return null;
            _datagrams.Remove(key);
            stats.Increment(IpStat.Reassembled);
            return Assemble(datagram);
        }
    }

    /// <summary>The slow timeout: datagrams past their time are dropped and their fragments counted.</summary>
    public void Expire(long nowMs)
    {
        lock (ip.Lock)
        {
            foreach (var (key, datagram) in _datagrams)
            {
                if (datagram.ExpiresMs <= nowMs)
                    _expired.Add(key);
            }
            foreach (var key in _expired)
            {
                var datagram = _datagrams[key];
                ip.Statistics.Add(IpStat.FragTimeout, datagram.Pieces.Count);
                DropLocked(key, datagram);
            }
            _expired.Clear();
        }
    }

    /// <summary>Frees every waiting fragment (the vnet goes away).</summary>
    public void Clear()
    {
        lock (ip.Lock)
        {
            foreach (var datagram in _datagrams.Values)
            {
                foreach (var piece in datagram.Pieces)
                    piece.Frame.Free();
            }
            _datagrams.Clear();
        }
    }

    private void DropLocked(Key key, Datagram datagram)
    {
        foreach (var piece in datagram.Pieces)
            piece.Frame.Free();
        datagram.Pieces.Clear();
        _datagrams.Remove(key);
    }

    private static bool Overlaps(Datagram datagram, int start, int end)
    {
        foreach (var piece in datagram.Pieces)
        {
            if (start < piece.End && piece.Start < end)
                return true;
        }
        return false;
    }

    private static void InsertSorted(Datagram datagram, Piece piece)
    {
        int i = datagram.Pieces.Count;
        while (i > 0 && datagram.Pieces[i - 1].Start > piece.Start)
            i--;
        datagram.Pieces.Insert(i, piece);
    }

    private static bool IsComplete(Datagram datagram)
    {
        if (datagram.TotalPayload < 0)
            return false;
        int next = 0;
        foreach (var piece in datagram.Pieces)
        {
            if (piece.Start != next)
                return false;
            next = piece.End;
        }
        return next == datagram.TotalPayload;
    }

    private Frame Assemble(Datagram datagram)
    {
        // The header of the first fragment (options included) heads the datagram.
        var first = datagram.Pieces[0];
        int headerLength = first.HeaderLength;
        var whole = EtherOutput.Rent(ip.Stack.Vnet.Kernel.Frames, headerLength + datagram.TotalPayload);
        whole.ReceiveInterface = first.Frame.ReceiveInterface;
        whole.Flags = first.Frame.Flags;
        var bytes = EtherOutput.Packet(whole);
        first.Frame.Data.Slice(first.PayloadOffset - headerLength, headerLength).CopyTo(bytes);
        foreach (var piece in datagram.Pieces)
        {
            piece.Frame.Data.Slice(piece.PayloadOffset, piece.End - piece.Start).CopyTo(bytes[(headerLength + piece.Start)..]);
            piece.Frame.Free();
        }
        datagram.Pieces.Clear();
        var header = Ipv4Packet.CreateUnchecked(bytes);
        header.SetTotalLength(headerLength + datagram.TotalPayload);
        header.SetFlagsAndOffset(0);
        header.FillChecksum();
        return whole;
    }
}

using System.Buffers.Binary;
using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Capture;

/// <summary>
/// A bpf descriptor: attached to interfaces, it copies every frame they send or receive into a
/// bounded buffer that one consumer drains with <see cref="Read"/>. As FreeBSD's bpf does, it
/// keeps two buffers: taps append to the <em>store</em> buffer, the consumer reads the
/// <em>hold</em> buffer, and they swap when the store buffer fills and the hold buffer is free.
/// When both are full the frame is dropped and counted (<see cref="Dropped"/>, tcpdump's
/// "dropped by kernel"). Nothing is allocated per frame.
/// </summary>
public sealed class CaptureTap : IFrameTap, IDisposable
{
    /// <summary>tcpdump's default and largest snapshot length (<c>MAXIMUM_SNAPLEN</c>).</summary>
    public const int DefaultSnapLength = 262144;

    /// <summary>The size of each of the two buffers: libpcap asks bpf for 512 KiB, FreeBSD's <c>net.bpf.maxbufsize</c>.</summary>
    public const int DefaultBufferSize = 512 * 1024;

    // Record: UTC ticks (8), captured length (4), wire length (4), direction (4), padding (4), bytes.
    private const int RecordHeader = 24;
    private const int EthernetHeader = 14;
    private const int NullHeader = 4;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly List<IDisposable> _attachments = [];
    private readonly TimeProvider _time;
    private byte[] _store;
    private byte[] _hold;
    private int _storeLength;
    private int _holdLength;
    private int _holdOffset;
    private long _received;
    private long _dropped;
    private int _waiting;
    private int _disposed;

    /// <summary>Creates a capture; attach it to interfaces with <see cref="Attach"/>.</summary>
    /// <param name="linkType">What the consumer sees: Ethernet frames, or <c>DLT_NULL</c> packets (lo0).</param>
    /// <param name="snapLength">Bytes kept of each packet (tcpdump's <c>-s</c>); 0 means the default.</param>
    /// <param name="bufferSize">The size of each of the two buffers.</param>
    /// <param name="time">The clock that stamps packets (the system's by default).</param>
    public CaptureTap(LinkType linkType = LinkType.Ethernet, int snapLength = DefaultSnapLength,
        int bufferSize = DefaultBufferSize, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(snapLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 4096);
        LinkType = linkType;
        SnapLength = snapLength == 0 ? DefaultSnapLength : snapLength;
        _store = new byte[bufferSize];
        _hold = new byte[bufferSize];
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The link-layer header type of the packets this capture delivers.</summary>
    public LinkType LinkType { get; }

    /// <summary>The snapshot length: no packet is kept longer than this.</summary>
    public int SnapLength { get; }

    /// <summary>Which way the captured packets go (<c>BIOCSDIRECTION</c>, tcpdump's <c>-Q</c>); null for both.</summary>
    public TapDirection? Direction { get; init; }

    /// <summary>Packets the taps saw (<c>ps_recv</c>, "received by filter").</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Packets lost because both buffers were full (<c>ps_drop</c>, "dropped by kernel").</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Starts capturing what <paramref name="ifp"/> sends and receives (<c>BIOCSETIF</c>).</summary>
    public void Attach(NetInterface ifp)
    {
        ArgumentNullException.ThrowIfNull(ifp);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var registration = ifp.AttachTap(this);
        lock (_attachments)
            _attachments.Add(registration);
    }

    /// <inheritdoc />
    void IFrameTap.Tap(NetInterface ifp, Frame frame, TapDirection direction)
    {
        // As bpf_mtap does, a packet going the other way is not even counted.
        if (Direction is { } wanted && wanted != direction)
            return;
        var data = frame.Data;
        bool vlan = (frame.Flags & FrameFlags.VlanTagged) != 0 && data.Length >= EthernetHeader;
        int wire = LinkType == LinkType.Null
            ? Math.Max(data.Length - EthernetHeader, 0) + NullHeader
            : data.Length + (vlan ? VlanHeader.EncapsulationLength : 0);
        int captured = Math.Min(wire, SnapLength);
        int need = (RecordHeader + captured + 7) & ~7;
        long now = _time.GetUtcNow().UtcTicks;
        bool wake;
        lock (_lock)
        {
            _received++;
            if (_storeLength + need > _store.Length && !RotateForProducer(need))
            {
                _dropped++;
                return;
            }
            var record = _store.AsSpan(_storeLength, need);
            BinaryPrimitives.WriteInt64LittleEndian(record, now);
            BinaryPrimitives.WriteInt32LittleEndian(record[8..], captured);
            BinaryPrimitives.WriteInt32LittleEndian(record[12..], wire);
            BinaryPrimitives.WriteInt32LittleEndian(record[16..], (int)direction);
            CopyPacket(data, vlan ? frame.VlanTag : (ushort)0, vlan, record.Slice(RecordHeader, captured));
            _storeLength += need;
            wake = _waiting != 0;
            _waiting = 0;
        }
        // Woken outside the lock, and only when the consumer sleeps: a busy consumer costs taps nothing.
        if (wake)
            _signal.Release();
    }

    // ROTATE_BUFFERS when the consumer has finished the hold buffer; false means drop.
    private bool RotateForProducer(int need)
    {
        if (_holdLength != 0 || need > _store.Length)
            return false;
        (_store, _hold) = (_hold, _store);
        _holdLength = _storeLength;
        _holdOffset = 0;
        _storeLength = 0;
        return true;
    }

    private void CopyPacket(ReadOnlySpan<byte> data, ushort tag, bool vlan, Span<byte> destination)
    {
        if (LinkType == LinkType.Null)
        {
            // DLT_NULL: the address family in host order (AF_INET 2, FreeBSD's AF_INET6 28), then the packet.
            Span<byte> family = stackalloc byte[NullHeader];
            ushort etherType = data.Length >= EthernetHeader ? BinaryPrimitives.ReadUInt16BigEndian(data[12..]) : (ushort)0;
            BinaryPrimitives.WriteUInt32LittleEndian(family, etherType == 0x86DD ? 28u : 2u);
            CopyJoined(family, data.Length > EthernetHeader ? data[EthernetHeader..] : [], destination);
            return;
        }
        if (!vlan)
        {
            data[..destination.Length].CopyTo(destination);
            return;
        }
        // ether_vlan_mtap: the tag travels beside the frame, so bpf sees it put back in the header.
        Span<byte> header = stackalloc byte[12 + VlanHeader.EncapsulationLength];
        data[..12].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], VlanHeader.Tpid8021Q);
        BinaryPrimitives.WriteUInt16BigEndian(header[14..], tag);
        CopyJoined(header, data[12..], destination);
    }

    private static void CopyJoined(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        int n = Math.Min(first.Length, destination.Length);
        first[..n].CopyTo(destination);
        second[..(destination.Length - n)].CopyTo(destination[n..]);
    }

    /// <summary>
    /// Waits until packets are ready to <see cref="Read"/>, <paramref name="timeout"/> passes
    /// (bpf's read timeout) or <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <returns>True when packets are ready.</returns>
    public bool WaitForPackets(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (HasPackets())
                return true;
            _waiting = 1;
        }
        try
        {
            _signal.Wait(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Interrupted: the caller looks at its token; whatever arrived is still readable.
        }
        lock (_lock)
        {
            _waiting = 0;
            return HasPackets();
        }
    }

    private bool HasPackets() => _holdOffset < _holdLength || _storeLength > 0;

    /// <summary>
    /// Hands up to <paramref name="maxPackets"/> waiting packets to <paramref name="handler"/>,
    /// oldest first, and returns how many it handed. One consumer at a time.
    /// </summary>
    public int Read(CapturedPacketHandler handler, int maxPackets = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(handler);
        int count = 0;
        while (count < maxPackets && TakeHoldBuffer())
        {
            var hold = _hold;
            while (count < maxPackets && _holdOffset < _holdLength)
            {
                var record = hold.AsSpan(_holdOffset);
                long ticks = BinaryPrimitives.ReadInt64LittleEndian(record);
                int captured = BinaryPrimitives.ReadInt32LittleEndian(record[8..]);
                int wire = BinaryPrimitives.ReadInt32LittleEndian(record[12..]);
                var direction = (TapDirection)BinaryPrimitives.ReadInt32LittleEndian(record[16..]);
                _holdOffset += (RecordHeader + captured + 7) & ~7;
                var packet = new CapturedPacket(record.Slice(RecordHeader, captured), wire,
                    new DateTimeOffset(ticks, TimeSpan.Zero), direction);
                handler(in packet);
                count++;
            }
        }
        return count;
    }

    // The consumer's side of ROTATE_BUFFERS: free a finished hold buffer, then take the store buffer.
    private bool TakeHoldBuffer()
    {
        lock (_lock)
        {
            if (_holdOffset < _holdLength)
                return true;
            _holdLength = 0;
            _holdOffset = 0;
            if (_storeLength == 0)
                return false;
            (_store, _hold) = (_hold, _store);
            _holdLength = _storeLength;
            _storeLength = 0;
            return true;
        }
    }

    /// <summary>Detaches from every interface (<c>bpfdetach</c> of this descriptor); packets still buffered stay readable.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        lock (_attachments)
        {
            foreach (var attachment in _attachments)
                attachment.Dispose();
            _attachments.Clear();
        }
        // Wake a consumer that sleeps, so that it notices.
        _signal.Release();
    }
}

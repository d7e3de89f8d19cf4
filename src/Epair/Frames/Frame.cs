using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Epair.Interfaces;

namespace Epair.Frames;

/// <summary>
/// A pooled Ethernet frame, this project's <c>struct mbuf</c>: a buffer, its length and the
/// packet header fields FreeBSD keeps beside it.
/// </summary>
/// <remarks>
/// <para>Ownership moves with the reference. Whoever holds a frame either passes it on
/// (<see cref="NetInterface.Transmit(Frame)"/> always takes it, even when it fails) or calls
/// <see cref="Free"/> exactly once. Holding on to a frame after passing it on, or freeing it
/// twice, is a bug: a second <see cref="Free"/> always throws, and Debug builds also throw on
/// any use of a freed frame.</para>
/// <para>A frame is rented from a <see cref="FramePool"/>; its contents are not cleared, and its
/// header fields are reset on every rent.</para>
/// </remarks>
public sealed class Frame
{
    private const int StateFree = 0;
    private const int StateOwned = 1;

    private readonly FramePool _pool;
    private readonly byte[] _ownBuffer;
    private byte[] _buffer;
    private int _length;
    private int _state;

    internal Frame(FramePool pool, int capacity)
    {
        _pool = pool;
        _ownBuffer = GC.AllocateUninitializedArray<byte>(capacity, pinned: false);
        _buffer = _ownBuffer;
    }

    /// <summary>The pool this frame returns to.</summary>
    public FramePool Pool => _pool;

    /// <summary>Bytes the frame can hold without growing.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The frame's length in bytes (<c>m_pkthdr.len</c>).</summary>
    public int Length
    {
        get { AssertOwned(); return _length; }
        set => SetLength(value);
    }

    /// <summary>The frame's bytes, <see cref="Length"/> long, starting with the Ethernet header.</summary>
    public Span<byte> Data
    {
        get { AssertOwned(); return new Span<byte>(_buffer, 0, _length); }
    }

    /// <summary>The interface the frame arrived on (<c>m_pkthdr.rcvif</c>); null on output.</summary>
    public NetInterface? ReceiveInterface { get; set; }

    /// <summary>Link-level flags (<c>M_BCAST</c>, <c>M_MCAST</c>, <c>M_VLANTAG</c>, …).</summary>
    public FrameFlags Flags { get; set; }

    /// <summary>The out-of-band 802.1Q tag (<c>ether_vtag</c>) when <see cref="FrameFlags.VlanTagged"/> is set.</summary>
    public ushort VlanTag { get; set; }

    /// <summary>A per-packet 802.1p priority to send with (FreeBSD's <c>MTAG_8021Q_PCP_OUT</c> tag), or -1.</summary>
    public sbyte PriorityCodePoint { get; set; } = -1;

    /// <summary>The flow hash (<c>m_pkthdr.flowid</c>); 0 when none.</summary>
    public uint FlowId { get; set; }

    /// <summary>Checksum offload state (<c>csum_flags</c>).</summary>
    public ChecksumFlags Checksum { get; set; }

    /// <summary>Receive timestamp in <see cref="System.Diagnostics.Stopwatch"/> ticks; 0 when not stamped.</summary>
    public long Timestamp { get; set; }

    /// <summary>True while someone owns the frame (it is not in the pool).</summary>
    public bool IsOwned => Volatile.Read(ref _state) == StateOwned;

    /// <summary>Sets <see cref="Length"/>, growing the buffer when needed (the old bytes are kept).</summary>
    public void SetLength(int length)
    {
        AssertOwned();
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > _buffer.Length)
            Grow(length);
        _length = length;
    }

    /// <summary>Copies <paramref name="bytes"/> into the frame and sets <see cref="Length"/> to match.</summary>
    public void CopyFrom(ReadOnlySpan<byte> bytes)
    {
        SetLength(bytes.Length);
        bytes.CopyTo(_buffer);
    }

    /// <summary>
    /// Clears what must not cross a wire: the VLAN tag, the per-packet priority, checksum
    /// offload state and the flow hash, as FreeBSD's <c>epair_clear_mbuf</c> does.
    /// </summary>
    public void ClearMetadata()
    {
        Flags &= ~FrameFlags.VlanTagged;
        VlanTag = 0;
        PriorityCodePoint = -1;
        Checksum = ChecksumFlags.None;
        FlowId = 0;
    }

    /// <summary>Returns the frame to its pool (<c>m_freem</c>). The caller must not touch it afterwards.</summary>
    /// <exception cref="InvalidOperationException">The frame was already freed.</exception>
    public void Free()
    {
#if DEBUG
        if (Interlocked.Exchange(ref _state, StateFree) != StateOwned)
            ThrowDoubleFree();
#else
        if (_state != StateOwned)
            ThrowDoubleFree();
        _state = StateFree;
#endif
        if (!ReferenceEquals(_buffer, _ownBuffer))
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = _ownBuffer;
        }
        // The length must fit the buffer the frame now has: the next Reset grows from it.
        _length = 0;
        ReceiveInterface = null;
        _pool.Return(this);
    }

    /// <summary>
    /// Asks the CPU to start fetching this frame's header fields into its cache. A frame crosses
    /// cores twice per trip (the sender fills it, the receiver frees it), and each crossing is a
    /// cache miss that costs more than the rest of the hand-off; fetching a few frames ahead
    /// lets those misses overlap instead of stalling one after another. Only a hint: the
    /// address is read once and never kept, so a frame the GC moves meanwhile only wastes it.
    /// </summary>
    /// <remarks>
    /// Static, so that no null check (a load that would wait for the very miss the prefetch is
    /// meant to hide) comes before it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Prefetch(Frame? frame)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
            return;
        byte* address = (byte*)Unsafe.As<Frame?, nint>(ref frame);
        if (address == null)
            return;
        // The header fields span the object's first two cache lines at most.
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(address);
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(address + 64);
    }

    /// <summary>Readies a frame taken from the pool for a new owner.</summary>
    internal void Reset(int length)
    {
        _state = StateOwned;
        if (length > _buffer.Length)
            Grow(length);
        _length = length;
        Flags = FrameFlags.None;
        VlanTag = 0;
        PriorityCodePoint = -1;
        FlowId = 0;
        Checksum = ChecksumFlags.None;
        Timestamp = 0;
        ReceiveInterface = null;
    }

    private void Grow(int length)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(length);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        if (!ReferenceEquals(_buffer, _ownBuffer))
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    [Conditional("DEBUG")]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AssertOwned()
    {
        if (Volatile.Read(ref _state) != StateOwned)
            ThrowUseAfterFree();
    }

    private static void ThrowDoubleFree() =>
        throw new InvalidOperationException("Frame freed twice: ownership passed on, yet the frame was freed again.");

    private static void ThrowUseAfterFree() =>
        throw new InvalidOperationException("Frame used after it was freed or passed on.");
}

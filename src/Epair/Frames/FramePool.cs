using Epair.Concurrency;

namespace Epair.Frames;

/// <summary>
/// A pool of <see cref="Frame"/>s. Renting and freeing take one compare-and-swap each and
/// allocate nothing once the pool is warm; the pool keeps up to a bound of free frames and
/// lets the garbage collector have any beyond it.
/// </summary>
public sealed class FramePool
{
    /// <summary>The default buffer size of a pooled frame: a 1500-byte MTU, headers and slack.</summary>
    public const int DefaultFrameCapacity = 2048;

    private readonly BoundedRing<Frame> _free;
    private long _created;

    /// <summary>Creates a pool.</summary>
    /// <param name="frameCapacity">Buffer size of each pooled frame; larger frames borrow a bigger buffer while rented.</param>
    /// <param name="maxFree">How many free frames the pool keeps.</param>
    public FramePool(int frameCapacity = DefaultFrameCapacity, int maxFree = 16384)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCapacity, 64);
        FrameCapacity = frameCapacity;
        // The ring rounds its capacity up to a power of two; the limit keeps the bound exact.
        _free = new BoundedRing<Frame>(maxFree) { Limit = maxFree };
    }

    /// <summary>Buffer size of each pooled frame.</summary>
    public int FrameCapacity { get; }

    /// <summary>
    /// Frames rented and not yet freed. Exact whenever no rent or free is in progress, which is
    /// what conservation tests compare before and after traffic.
    /// </summary>
    public long Outstanding => Volatile.Read(ref _created) - _free.Count;

    /// <summary>Rents a frame of <paramref name="length"/> bytes; the caller owns it.</summary>
    public Frame Rent(int length = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!_free.TryDequeue(out var frame))
        {
            Interlocked.Increment(ref _created);
            frame = new Frame(this, FrameCapacity);
        }
        frame.Reset(length);
        return frame;
    }

    /// <summary>Rents a frame holding a copy of <paramref name="bytes"/>.</summary>
    public Frame Rent(ReadOnlySpan<byte> bytes)
    {
        var frame = Rent(bytes.Length);
        bytes.CopyTo(frame.Data);
        return frame;
    }

    internal void Return(Frame frame)
    {
        if (!_free.TryEnqueue(frame))
            Interlocked.Decrement(ref _created);
    }
}

using Epair.Frames;

namespace Epair.Interfaces;

/// <summary>
/// An interface send queue (<c>if_snd</c>, a <c>struct ifaltq</c>): a bounded FIFO of frames
/// behind its own lock, for drivers that cannot hand a frame to their "hardware" right away.
/// A circular buffer, so a driver can put a frame back at the head (<c>IFQ_DRV_PREPEND</c>).
/// </summary>
internal sealed class SendQueue
{
    private readonly Lock _lock = new();
    private Frame?[] _ring;
    private int _head;
    private int _count;
    private int _maxLength;
    private long _drops;

    public SendQueue(int maxLength)
    {
        _maxLength = maxLength;
        _ring = new Frame?[Math.Clamp(maxLength, 1, 64)];
    }

    /// <summary><c>ifq_maxlen</c>.</summary>
    public int MaxLength
    {
        get => Volatile.Read(ref _maxLength);
        set => Volatile.Write(ref _maxLength, value);
    }

    /// <summary><c>ifq_len</c>.</summary>
    public int Length => Volatile.Read(ref _count);

    /// <summary><c>ifq_drops</c>: frames refused because the queue was full.</summary>
    public long Drops => Interlocked.Read(ref _drops);

    /// <summary><c>IFQ_IS_EMPTY</c>.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary><c>IFQ_ENQUEUE</c>: queues the frame, or frees it and fails with ENOBUFS when full.</summary>
    public Errno Enqueue(Frame frame)
    {
        lock (_lock)
        {
            if (_count < _maxLength)
            {
                if (_count == _ring.Length)
                    Grow();
                _ring[(_head + _count) % _ring.Length] = frame;
                Volatile.Write(ref _count, _count + 1);
                return Errno.None;
            }
        }
        Interlocked.Increment(ref _drops);
        frame.Free();
        return Errno.ENOBUFS;
    }

    /// <summary><c>IFQ_DRV_PREPEND</c>: puts a frame that could not be sent back at the head, even past the limit.</summary>
    public void Prepend(Frame frame)
    {
        lock (_lock)
        {
            if (_count == _ring.Length)
                Grow();
            _head = (_head - 1 + _ring.Length) % _ring.Length;
            _ring[_head] = frame;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    /// <summary><c>IFQ_DEQUEUE</c>: the oldest frame, or null.</summary>
    public Frame? Dequeue()
    {
        lock (_lock)
        {
            if (_count == 0)
                return null;
            var frame = _ring[_head];
            _ring[_head] = null;
            _head = (_head + 1) % _ring.Length;
            Volatile.Write(ref _count, _count - 1);
            return frame;
        }
    }

    /// <summary><c>IFQ_PURGE</c>: frees every queued frame and says how many there were.</summary>
    public int Purge()
    {
        int n = 0;
        while (Dequeue() is { } frame)
        {
            frame.Free();
            n++;
        }
        return n;
    }

    private void Grow()
    {
        var bigger = new Frame?[_ring.Length * 2];
        for (int i = 0; i < _count; i++)
            bigger[i] = _ring[(_head + i) % _ring.Length];
        _ring = bigger;
        _head = 0;
    }
}

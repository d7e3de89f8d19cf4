namespace Epair.Frames;

/// <summary>
/// A pool of <see cref="Frame"/>s. Each thread rents from and frees into a small cache of its
/// own (a magazine) with no atomic operation at all; magazines trade frames with a shared depot
/// in batches under a lock, so a frame that is rented on one thread and freed on another costs a
/// lock round trip only once per batch. Nothing is allocated once the pool is warm; beyond
/// <c>maxFree</c> frames in the depot the garbage collector gets the rest.
/// </summary>
public sealed class FramePool
{
    /// <summary>The default buffer size of a pooled frame: a 1500-byte MTU, headers and slack.</summary>
    public const int DefaultFrameCapacity = 2048;

    private const int MaxMagazineSize = 64;
    private const int PrefetchDistance = 4;

    // This thread's magazine, for whichever pool the thread used last: almost every thread only
    // ever uses one pool, and a [ThreadStatic] read is far cheaper than a ThreadLocal<T> lookup.
    [ThreadStatic]
    private static Magazine? t_magazine;

    private readonly Lock _lock = new();
    private readonly Frame?[] _depot;
    private readonly List<Magazine> _magazines = [];
    private readonly int _magazineSize;
    private int _depotCount;
    private long _created;

    /// <summary>Creates a pool.</summary>
    /// <param name="frameCapacity">Buffer size of each pooled frame; larger frames borrow a bigger buffer while rented.</param>
    /// <param name="maxFree">
    /// How many free frames the shared depot keeps. Each thread also caches up to an eighth of
    /// that (at most 64) for itself.
    /// </param>
    public FramePool(int frameCapacity = DefaultFrameCapacity, int maxFree = 16384)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCapacity, 64);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFree);
        FrameCapacity = frameCapacity;
        _depot = new Frame?[maxFree];
        _magazineSize = Math.Min(MaxMagazineSize, maxFree / 8);
    }

    /// <summary>Buffer size of each pooled frame.</summary>
    public int FrameCapacity { get; }

    /// <summary>
    /// Frames rented and not yet freed. Exact whenever no rent or free is in progress, which is
    /// what conservation tests compare before and after traffic.
    /// </summary>
    public long Outstanding
    {
        get
        {
            lock (_lock)
            {
                long free = _depotCount;
                foreach (var magazine in _magazines)
                    free += Volatile.Read(ref magazine.Count);
                return Volatile.Read(ref _created) - free;
            }
        }
    }

    /// <summary>Rents a frame of <paramref name="length"/> bytes; the caller owns it.</summary>
    public Frame Rent(int length = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var frame = TakeFree() ?? Create();
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
        if (_magazineSize == 0)
        {
            ReturnToDepot(frame);
            return;
        }
        var magazine = MagazineForThisThread();
        if (magazine.Count == magazine.Items.Length)
            Spill(magazine);
        magazine.Items[magazine.Count] = frame;
        Volatile.Write(ref magazine.Count, magazine.Count + 1);
    }

    private Frame? TakeFree()
    {
        if (_magazineSize == 0)
        {
            lock (_lock)
                return _depotCount > 0 ? TakeFromDepotLocked() : null;
        }
        var magazine = MagazineForThisThread();
        if (magazine.Count == 0 && !Refill(magazine))
            return null;
        int n = magazine.Count - 1;
        var frame = magazine.Items[n];
        magazine.Items[n] = null;
        // Frames come back freed on the receiving core: fetch the next few before they are needed.
        if (n >= PrefetchDistance)
            Frame.Prefetch(magazine.Items[n - PrefetchDistance]);
        Volatile.Write(ref magazine.Count, n);
        return frame;
    }

    private Frame Create()
    {
        Interlocked.Increment(ref _created);
        return new Frame(this, FrameCapacity);
    }

    private Magazine MagazineForThisThread()
    {
        var magazine = t_magazine;
        if (magazine is not null && magazine.Pool == this)
            return magazine;
        return t_magazine = Adopt(magazine);
    }

    // Takes over this thread's magazine (emptying it into its old pool first), or makes one.
    private Magazine Adopt(Magazine? magazine)
    {
        magazine?.Pool.Release(magazine);
        magazine ??= new Magazine();
        magazine.Items = magazine.Items.Length == _magazineSize ? magazine.Items : new Frame?[_magazineSize];
        magazine.Owner = Thread.CurrentThread;
        lock (_lock)
        {
            // A thread that ended left its magazine behind: take its frames back first.
            for (int i = _magazines.Count - 1; i >= 0; i--)
            {
                if (!_magazines[i].Owner.IsAlive)
                {
                    DrainLocked(_magazines[i]);
                    _magazines.RemoveAt(i);
                }
            }
            magazine.Pool = this;
            _magazines.Add(magazine);
        }
        return magazine;
    }

    private void Release(Magazine magazine)
    {
        lock (_lock)
        {
            DrainLocked(magazine);
            _magazines.Remove(magazine);
        }
    }

    private bool Refill(Magazine magazine)
    {
        lock (_lock)
        {
            int take = Math.Min(_depotCount, magazine.Items.Length / 2 + 1);
            for (int i = 0; i < take; i++)
                magazine.Items[i] = TakeFromDepotLocked();
            Volatile.Write(ref magazine.Count, take);
            return take > 0;
        }
    }

    private void Spill(Magazine magazine)
    {
        lock (_lock)
        {
            int keep = magazine.Count / 2;
            for (int i = keep; i < magazine.Count; i++)
            {
                ReturnToDepotLocked(magazine.Items[i]!);
                magazine.Items[i] = null;
            }
            Volatile.Write(ref magazine.Count, keep);
        }
    }

    private void DrainLocked(Magazine magazine)
    {
        for (int i = 0; i < magazine.Count; i++)
        {
            ReturnToDepotLocked(magazine.Items[i]!);
            magazine.Items[i] = null;
        }
        Volatile.Write(ref magazine.Count, 0);
    }

    private void ReturnToDepot(Frame frame)
    {
        lock (_lock)
            ReturnToDepotLocked(frame);
    }

    private void ReturnToDepotLocked(Frame frame)
    {
        if (_depotCount < _depot.Length)
            _depot[_depotCount++] = frame;
        else
            Interlocked.Decrement(ref _created); // the collector has it now
    }

    private Frame TakeFromDepotLocked()
    {
        var frame = _depot[--_depotCount]!;
        _depot[_depotCount] = null;
        return frame;
    }

    /// <summary>One thread's cache of free frames; only its owner touches Items.</summary>
    private sealed class Magazine
    {
        public FramePool Pool = null!;
        public Thread Owner = null!;
        public Frame?[] Items = [];
        public int Count;
    }
}

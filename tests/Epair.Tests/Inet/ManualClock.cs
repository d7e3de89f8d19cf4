namespace Epair.Tests.Inet;

/// <summary>
/// A TimeProvider whose time moves only when a test says so; due timers fire on the caller's
/// thread during <see cref="Advance"/>, earliest first, so DAD and neighbor timers run deterministically.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    // Starts well past zero: the stack treats deadline 0 as "no timer".
    private long _ticks = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Makes the next read of the time throw, as a fault inside a timer callback would.</summary>
    public bool FailNextRead { get; set; }

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            if (FailNextRead)
            {
                FailNextRead = false;
                throw new InvalidOperationException("injected clock fault");
            }
            return _ticks;
        }
    }

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        long target;
        lock (_lock)
            target = _ticks + by.Ticks;
        while (true)
        {
            ManualTimer? next = null;
            lock (_lock)
            {
                foreach (var t in _timers)
                {
                    if (t.Due <= target && (next is null || t.Due < next.Due))
                        next = t;
                }
                if (next is null)
                {
                    _ticks = target;
                    return;
                }
                _ticks = Math.Max(_ticks, next.Due);
                if (next.Period > 0)
                    next.Due += next.Period;
                else
                    _timers.Remove(next);
            }
            next.Fire();
        }
    }

    /// <summary>Advances in small steps until <paramref name="task"/> finishes (for waits on the clock inside ping).</summary>
    public async Task<T> RunAsync<T>(Task<T> task, TimeSpan step, int maxSteps = 10_000)
    {
        for (int i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            Advance(step);
            await Task.Delay(1);
        }
        return await task;
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long Due { get; set; }

        public long Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                    return true;
                Due = clock._ticks + dueTime.Ticks;
                Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                clock._timers.Add(this);
            }
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
                clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

namespace Epair.Inet.Ipv6;

// One timer per vnet drives DAD, neighbor state and reassembly timeouts: it is armed for the
// earliest deadline, and each firing walks the (small) tables and re-arms. Using the injected
// TimeProvider lets tests step time instead of sleeping.
public sealed partial class Ip6
{
    private TimeProvider _time;
    private ITimer? _timer;
    private long _timerDeadline = long.MaxValue;

    /// <summary>The clock for DAD, neighbor discovery, reassembly and ping: the kernel's (<see cref="KernelOptions.TimeProvider"/>) unless a test sets another before traffic starts.</summary>
    internal TimeProvider Time
    {
        get => _time;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (Lock)
            {
                _timer?.Dispose();
                _timer = null;
                _timerDeadline = long.MaxValue;
                _time = value;
            }
        }
    }

    /// <summary>Milliseconds on <see cref="Time"/>'s monotonic clock.</summary>
    internal long NowMilliseconds => (long)((Int128)_time.GetTimestamp() * 1000 / _time.TimestampFrequency);

    /// <summary>Arms the timer for <paramref name="deadline"/> unless it already fires earlier. Caller holds the lock.</summary>
    private void RequestTimer(long deadline)
    {
        if (deadline >= _timerDeadline)
            return;
        _timerDeadline = deadline;
        _timer ??= _time.CreateTimer(static state => ((Ip6)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        long due = Math.Max(0, deadline - NowMilliseconds);
        _timer.Change(TimeSpan.FromMilliseconds(due), Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        // A timer thread has no caller to throw to: an exception here would end the process (a
        // daemon, or the application using the library). It is reported as the callout reports
        // its faults, and the timer looks again in a second so DAD and neighbor timers go on.
        int mark = PendingOutput.Mark();
        try
        {
            lock (Lock)
            {
                long now = NowMilliseconds;
                _timerDeadline = long.MaxValue;
                long next = long.MaxValue;
                foreach (var st in _interfaces.Values)
                {
                    DadTimer(st, now, ref next);
                    NeighborTimer(st, now, ref next);
                }
                ReassemblyTimer(now, ref next);
                if (next != long.MaxValue)
                    RequestTimer(next);
            }
        }
        catch (Exception ex)
        {
            _stack.Vnet.Kernel.ReportHandlerFault("inet6 timer", ex);
            lock (Lock)
            {
                // The fault may have come before the armed deadline was cleared.
                _timerDeadline = long.MaxValue;
                RequestTimer(NowMilliseconds + 1000);
            }
        }
        // What the steps queued goes out either way, so no frame is left behind.
        PendingOutput.Flush(this, mark);
    }
}

using System.Collections.Concurrent;

namespace Epair.Concurrency;

/// <summary>
/// Gives each thread that counts a small number of its own (1 to <see cref="Count"/>), so that
/// per-thread stripes of <see cref="StripedCounters"/> have exactly one writer and need no atomic
/// add. Threads beyond that share slot 0. A slot comes back when its thread has ended and the
/// collector has noticed (a finalizer on an object only that thread referenced).
/// </summary>
internal static class ThreadSlot
{
    /// <summary>How many threads can own a slot at once.</summary>
    public const int Count = 64;

    private static readonly ConcurrentBag<int> s_free = [.. Enumerable.Range(1, Count)];

    [ThreadStatic]
    private static int t_slot;

    [ThreadStatic]
    private static SlotOwner? t_owner;

    /// <summary>This thread's slot: 1 to <see cref="Count"/>, or 0 when it shares the overflow slot.</summary>
    public static int Current
    {
        get
        {
            int slot = t_slot;
            return slot > 0 ? slot : slot == 0 ? Assign() : 0;
        }
    }

    private static int Assign()
    {
        if (!s_free.TryTake(out int slot))
        {
            t_slot = -1;
            return 0;
        }
        t_slot = slot;
        t_owner = new SlotOwner(slot);
        return slot;
    }

    // Reachable only through its thread's [ThreadStatic] field, so its finalizer runs once the
    // thread is gone and hands the slot to the next thread.
    private sealed class SlotOwner(int slot)
    {
        ~SlotOwner() => s_free.Add(slot);
    }
}

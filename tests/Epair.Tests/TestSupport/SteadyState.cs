namespace Epair.Tests.TestSupport;

/// <summary>
/// What a steady-state loop allocates on this thread, for the tests of invariant 4 (nothing per
/// frame). Every round runs; the least a round allocated is the answer, so a one-off (the frame
/// pool growing by a frame while another thread's cache holds some, in a parallel test run) is
/// not taken for a cost per frame, which every round would show.
/// </summary>
internal static class SteadyState
{
    /// <summary>Rounds <see cref="AllocatedBytes"/> runs.</summary>
    public const int Rounds = 3;

    /// <summary>Runs <paramref name="round"/> <see cref="Rounds"/> times; the fewest bytes one of them allocated.</summary>
    public static long AllocatedBytes(Action round)
    {
        long least = long.MaxValue;
        for (int i = 0; i < Rounds; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}

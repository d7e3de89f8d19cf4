using Epair.Frames;

namespace Epair.Benchmarks.Scenarios;

/// <summary>
/// Fills a pool with as many frames as a scenario can ever hold at once, so that the timed runs
/// measure steady state: without it, the first time a queue reaches a new depth the pool makes
/// the frames it lacks, and those few megabytes show up as bytes allocated per frame.
/// </summary>
internal static class PoolWarmer
{
    // The queue itself, plus if_snd, the worker's batch and a magazine for each thread, with room to spare.
    private const int Slack = 1024;

    public static void Fill(FramePool pool, int queueCapacity)
    {
        var frames = new Frame[queueCapacity + Slack];
        for (int i = 0; i < frames.Length; i++)
            frames[i] = pool.Rent(EpairPair.FrameLength);
        foreach (var frame in frames)
            frame.Free();
    }
}

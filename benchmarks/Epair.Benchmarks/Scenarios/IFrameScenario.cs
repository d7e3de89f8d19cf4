namespace Epair.Benchmarks.Scenarios;

/// <summary>
/// One way of moving 64-byte pooled frames from the calling thread to a consumer that frees them.
/// The benchmark class and the quick console mode drive the same scenarios.
/// </summary>
internal interface IFrameScenario : IDisposable
{
    /// <summary>The row name in reports.</summary>
    string Name { get; }

    /// <summary>
    /// Rents and sends frames from the calling thread until <paramref name="frames"/> of them have
    /// been accepted, sending another in place of each one dropped, then waits until every one
    /// sent has been delivered or counted as dropped, so that batches never overlap. One batch
    /// therefore delivers exactly <paramref name="frames"/> frames, and time per frame is time
    /// per delivered frame whatever the drop rate.
    /// </summary>
    BatchResult Send(int frames);

    /// <summary>Frames rented from the pool and not yet freed; 0 between batches when nothing leaks.</summary>
    long OutstandingFrames { get; }
}

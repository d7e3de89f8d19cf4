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
    /// Rents and sends <paramref name="frames"/> frames from the calling thread, then waits until
    /// every one of them has been delivered or dropped, so that batches never overlap.
    /// </summary>
    BatchResult Send(int frames);

    /// <summary>Frames rented from the pool and not yet freed; 0 between batches when nothing leaks.</summary>
    long OutstandingFrames { get; }
}

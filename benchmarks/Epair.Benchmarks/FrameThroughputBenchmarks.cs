using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Epair.Benchmarks.Scenarios;
using Epair.Dispatch;

namespace Epair.Benchmarks;

/// <summary>
/// 64-byte frames from one thread through one epair, deferred and direct, against a bounded
/// channel carrying the same pooled frames. One operation is one frame delivered, so Mean is the
/// time per delivered frame, Op/s the frames delivered per second and Allocated the bytes per
/// delivered frame; frames dropped on a full netisr queue are sent again and their cost counts.
/// </summary>
/// <remarks>
/// A short job for a noisy two-core machine: each invocation delivers a million frames (tens of
/// milliseconds), so ten iterations are plenty and the class runs in a minute or two. The global
/// cleanup prints how many frames were sent and dropped in all (see the log).
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
[OperationsPerSecond]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class FrameThroughputBenchmarks
{
    /// <summary>Frames delivered per invocation, and BenchmarkDotNet's OperationsPerInvoke.</summary>
    public const int FramesPerInvoke = 1_000_000;

    private IFrameScenario? _scenario;
    private BatchResult _total;

    [GlobalSetup(Target = nameof(Channel))]
    public void SetupChannel() => _scenario = new ChannelPipe();

    [GlobalSetup(Target = nameof(EpairDeferred))]
    public void SetupDeferred() => _scenario = new EpairPair(DispatchMode.Deferred);

    [GlobalSetup(Target = nameof(EpairDirect))]
    public void SetupDirect() => _scenario = new EpairPair(DispatchMode.Direct);

    [Benchmark(Baseline = true, OperationsPerInvoke = FramesPerInvoke)]
    public long Channel() => Run();

    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public long EpairDeferred() => Run();

    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public long EpairDirect() => Run();

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_scenario is null)
            return;
        long outstanding = _scenario.OutstandingFrames;
        Console.WriteLine(
            $"// {_scenario.Name}: sent {_total.Sent:N0}, delivered {_total.Delivered:N0}, " +
            $"dropped {_total.Dropped:N0} ({Percent(_total.Dropped, _total.Sent)}), frames outstanding {outstanding}");
        _scenario.Dispose();
        _scenario = null;
    }

    private long Run()
    {
        var result = _scenario!.Send(FramesPerInvoke);
        _total += result;
        return result.Delivered;
    }

    private static string Percent(long part, long whole) =>
        whole == 0 ? "-" : $"{100.0 * part / whole:F2}%";

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new AllocatedPerFrameColumn());
            // The generated project builds in about a minute; on a shared two-core machine under
            // load the default two minutes ran out.
            WithBuildTimeout(TimeSpan.FromMinutes(6));
        }
    }
}

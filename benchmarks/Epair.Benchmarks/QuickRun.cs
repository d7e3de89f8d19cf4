using System.Diagnostics;
using System.Globalization;
using Epair.Benchmarks.Scenarios;
using Epair.Dispatch;

namespace Epair.Benchmarks;

/// <summary>
/// <c>quick [--frames N] [--seconds S] [--warmup S]</c>: the three scenarios of
/// <see cref="FrameThroughputBenchmarks"/> without BenchmarkDotNet, a few seconds each, timed with
/// a <see cref="Stopwatch"/>, with allocations read from the GC before and after, and a table of
/// delivered Mpps and ratios against the channel measured in the same run.
/// </summary>
internal static class QuickRun
{
    private sealed record Measurement(
        string Name, BatchResult Frames, TimeSpan Elapsed, long AllocatedTotal, long AllocatedSender,
        int Gen0Collections, long OutstandingAfter)
    {
        public double DeliveredMpps => Frames.Delivered / Elapsed.TotalSeconds / 1e6;

        public double BytesPerFrame => (double)AllocatedTotal / Frames.Delivered;

        public double SenderBytesPerFrame => (double)AllocatedSender / Frames.Delivered;
    }

    public static int Run(string[] args)
    {
        int frames = FrameThroughputBenchmarks.FramesPerInvoke;
        double seconds = 2, warmup = 0.5;
        string? only = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--frames" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out frames) && frames > 0:
                case "--seconds" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out seconds) && seconds > 0:
                case "--warmup" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out warmup) && warmup >= 0:
                    i++;
                    break;
                case "--only" when i + 1 < args.Length:
                    only = args[++i];
                    break;
                default:
                    Console.Error.WriteLine("usage: quick [--frames N] [--seconds S] [--warmup S] [--only channel|deferred|direct]");
                    Console.Error.WriteLine("  N frames delivered per batch (default 1000000); each scenario runs batches for S seconds (default 2)");
                    Console.Error.WriteLine("  after S seconds of warm-up (default 0.5); --only runs one scenario (for a profiler)");
                    return 2;
            }
        }

        Console.WriteLine($"{EpairPair.FrameLength}-byte frames, batches of {frames:N0}, {seconds:0.#} s per scenario after {warmup:0.#} s warm-up");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} processors, Server GC {System.Runtime.GCSettings.IsServerGC}{LoadAverage()}");
        Console.WriteLine();

        Func<IFrameScenario>[] scenarios = only switch
        {
            null => [() => new ChannelPipe(), () => new EpairPair(DispatchMode.Deferred), () => new EpairPair(DispatchMode.Direct)],
            "channel" => [() => new ChannelPipe()],
            "deferred" => [() => new EpairPair(DispatchMode.Deferred)],
            "direct" => [() => new EpairPair(DispatchMode.Direct)],
            _ => [],
        };
        if (scenarios.Length == 0)
        {
            Console.Error.WriteLine($"quick: unknown scenario {only} (channel, deferred or direct)");
            return 2;
        }
        var results = new List<Measurement>();
        foreach (var create in scenarios)
            results.Add(Measure(create(), frames, seconds, warmup));
        // Ratios need the baseline from the same run: a single scenario prints no table.
        if (only is null)
            Print(results);
        return 0;
    }

    private static Measurement Measure(IFrameScenario scenario, int frames, double seconds, double warmup)
    {
        using (scenario)
        {
            Console.Write($"{scenario.Name,-16}");
            RunFor(scenario, frames, TimeSpan.FromSeconds(warmup), minBatches: 2);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            int gen0 = GC.CollectionCount(0);
            long allocatedTotal = GC.GetTotalAllocatedBytes(precise: true);
            long allocatedSender = GC.GetAllocatedBytesForCurrentThread();
            var stopwatch = Stopwatch.StartNew();
            var total = RunFor(scenario, frames, TimeSpan.FromSeconds(seconds), minBatches: 1);
            stopwatch.Stop();
            allocatedSender = GC.GetAllocatedBytesForCurrentThread() - allocatedSender;
            allocatedTotal = GC.GetTotalAllocatedBytes(precise: true) - allocatedTotal;
            gen0 = GC.CollectionCount(0) - gen0;

            var m = new Measurement(scenario.Name, total, stopwatch.Elapsed, allocatedTotal, allocatedSender, gen0, scenario.OutstandingFrames);
            Console.WriteLine($"{m.Frames.Delivered,15:N0} frames delivered in {m.Elapsed.TotalSeconds:F2} s");
            return m;
        }
    }

    private static BatchResult RunFor(IFrameScenario scenario, int frames, TimeSpan duration, int minBatches)
    {
        var total = default(BatchResult);
        long start = Stopwatch.GetTimestamp();
        for (int batch = 0; batch < minBatches || Stopwatch.GetElapsedTime(start) < duration; batch++)
            total += scenario.Send(frames);
        return total;
    }

    private static void Print(List<Measurement> results)
    {
        double baseline = results[0].DeliveredMpps;
        Console.WriteLine();
        Console.WriteLine("| Scenario       | Mpps (delivered) | vs channel | B/frame (all threads) | B/frame (sender thread) | Dropped | Gen0 | Frames outstanding |");
        Console.WriteLine("|----------------|-----------------:|-----------:|----------------------:|------------------------:|--------:|-----:|-------------------:|");
        foreach (var m in results)
        {
            Console.WriteLine(
                $"| {m.Name,-14} | {m.DeliveredMpps,16:F2} | {m.DeliveredMpps / baseline,9:F2}x | {m.BytesPerFrame,21:F4} | " +
                $"{m.SenderBytesPerFrame,23:F4} | {Percent(m.Frames.Dropped, m.Frames.Sent),7} | {m.Gen0Collections,4} | {m.OutstandingAfter,18} |");
        }
        Console.WriteLine();
        Console.WriteLine("Mpps counts delivered frames; a dropped frame (full netisr queue) is sent again, and");
        Console.WriteLine("Dropped is the share of frames sent that were dropped. B/frame divides the bytes allocated");
        Console.WriteLine("in the timed run by the frames delivered; \"all threads\" is GC.GetTotalAllocatedBytes(precise: true), which");
        Console.WriteLine("includes netisr workers, the channel's consumer and any runtime background work.");
        Console.WriteLine("The channel's sender resumes on pool threads after an awaited WriteAsync, so its");
        Console.WriteLine("sender-thread column covers only the part sent from the calling thread.");
    }

    // Throughput on a shared machine means little without knowing what else ran.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? $", load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3])}" : "";

    private static string Percent(long part, long whole) =>
        whole == 0 ? "-" : $"{100.0 * part / whole:F2}%";
}

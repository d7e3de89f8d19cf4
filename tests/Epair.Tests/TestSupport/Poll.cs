using System.Diagnostics;

namespace Epair.Tests.TestSupport;

/// <summary>
/// Bounded polling for what another thread does. The timeout is generous and only ends a test
/// that would otherwise hang; no test asserts on how long anything took.
/// </summary>
internal static class Poll
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Timeout)
                Assert.Fail($"Gave up waiting for {what}.");
            await Task.Delay(1);
        }
    }

    /// <summary>Waits for <paramref name="handle"/>, failing the test rather than hanging.</summary>
    public static void Wait(ManualResetEventSlim handle, string what)
    {
        if (!handle.Wait(Timeout))
            Assert.Fail($"Gave up waiting for {what}.");
    }
}

using System.Diagnostics;
using Epair.Drivers.Epair;
using Epair.Frames;
using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// The epair cases of FreeBSD's <c>tests/sys/net/if_clone_test.sh</c>, ported: create and destroy
/// racing (<c>epair_stress</c>), up racing destroy (<c>epair_up_stress</c>), and destroy racing a
/// move into a jail and the jail's end (<c>epair_destroy_race</c>). FreeBSD runs each for 10 s
/// and passes when the kernel survives; these run about a second and also check that nothing
/// leaks: no interface, unit, vnet or frame is left, and only the expected errnos occur.
/// </summary>
public sealed class FreeBsdIfCloneTests
{
    /// <summary>FreeBSD's TESTLEN is 10 s; a second and a half finds the same races here.</summary>
    private static readonly TimeSpan s_testLength = TimeSpan.FromSeconds(1.5);

    /// <summary>Least successes of each kind, however slow the machine, so every run races for real.</summary>
    private const int MinimumRounds = 200;

    [Fact]
    public async Task Epair_stress()
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;
        string iface = GetIface(host);      // epair0a
        string cloneName = iface[..^1];     // ${IFACE%a}
        long created = 0, destroyed = 0;
        var clock = Stopwatch.StartNew();
        using var failed = new CancellationTokenSource();
        bool Running() => !failed.IsCancellationRequested && clock.Elapsed < EpairTest.Patience &&
            (clock.Elapsed < s_testLength || Interlocked.Read(ref created) < MinimumRounds || Interlocked.Read(ref destroyed) < MinimumRounds);

        var workers = new List<Task>();
        for (int i = 0; i < 2; i++)
        {
            // First thread: create the interface (EEXIST while it exists).
            workers.Add(StressWorker(failed, () =>
            {
                while (Running())
                {
                    if (EpairTest.Tolerating(() => host.CreateInterface(cloneName), Errno.EEXIST))
                        Interlocked.Increment(ref created);
                }
            }));
            // Second thread: destroy it (ENXIO while it does not).
            workers.Add(StressWorker(failed, () =>
            {
                while (Running())
                {
                    if (EpairTest.Tolerating(() => host.DestroyInterface(iface), Errno.ENXIO))
                        Interlocked.Increment(ref destroyed);
                }
            }));
        }
        await Task.WhenAll(workers);

        Assert.True(created >= MinimumRounds && destroyed >= MinimumRounds, $"created {created}, destroyed {destroyed}");
        bool exists = host.FindInterface(iface) is not null;
        Assert.Equal(1 + created, destroyed + (exists ? 1 : 0));
        Assert.Equal(exists, host.FindInterface(cloneName + "b") is not null);
        Assert.Equal(exists, EpairTest.Cloner(host).Units.IsAllocated(0));

        // cleanup_ifaces
        if (exists)
            host.DestroyInterface(iface);
        AssertNothingLeft(kernel);
    }

    [Fact]
    public async Task Epair_stress_with_wildcard_units()
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;
        var cloner = EpairTest.Cloner(host);
        long created = 0, destroyed = 0;
        var clock = Stopwatch.StartNew();
        using var failed = new CancellationTokenSource();
        bool Running() => !failed.IsCancellationRequested && clock.Elapsed < EpairTest.Patience &&
            (clock.Elapsed < s_testLength || Interlocked.Read(ref created) < MinimumRounds || Interlocked.Read(ref destroyed) < MinimumRounds);

        var workers = new List<Task>();
        for (int i = 0; i < 2; i++)
        {
            workers.Add(StressWorker(failed, () =>
            {
                while (Running())
                {
                    host.CreateInterface("epair");
                    Interlocked.Increment(ref created);
                    // Keep the population small so destroyers find something.
                    while (host.Interfaces.Count > 16 && Running())
                        Thread.Yield();
                }
            }));
            int seed = i;
            workers.Add(StressWorker(failed, () =>
            {
                var random = new Random(seed);
                while (Running())
                {
                    var present = host.Interfaces;
                    if (present.Count == 0)
                        continue;
                    var victim = present[random.Next(present.Count)];
                    if (EpairTest.Tolerating(() => host.DestroyInterface(victim.Name), Errno.ENXIO))
                        Interlocked.Increment(ref destroyed);
                }
            }));
        }
        await Task.WhenAll(workers);

        // Every unit still allocated has both its ends, and every pair present holds its unit.
        var pairs = host.Interfaces.OfType<EpairInterface>().Where(i => i.Name.EndsWith('a')).ToList();
        Assert.Equal(created, destroyed + pairs.Count);
        Assert.Equal(2 * pairs.Count, host.Interfaces.Count);
        int highest = pairs.Count == 0 ? 0 : pairs.Max(p => p.Unit);
        for (int unit = 0; unit <= highest + 1; unit++)
        {
            bool present = host.FindInterface($"epair{unit}a") is not null;
            Assert.Equal(present, host.FindInterface($"epair{unit}b") is not null);
            Assert.Equal(present, cloner.Units.IsAllocated(unit));
        }

        foreach (var a in pairs)
            host.DestroyInterface(a);
        AssertNothingLeft(kernel);
    }

    public static TheoryData<string> DispatchModes => EpairTest.DispatchModes;

    [Theory]
    [MemberData(nameof(DispatchModes))]
    public async Task Epair_up_stress(string dispatch)
    {
        using var kernel = EpairTest.NewKernel(dispatch);
        var host = kernel.Host;
        const int Workers = 3;
        long ups = 0, afterDestroy = 0, rounds = 0;
        var clock = Stopwatch.StartNew();

        async Task LoopAsync(int worker, string iface)
        {
            var random = new Random(worker);
            string cloneName = iface[..^1];
            while ((clock.Elapsed < s_testLength / 2 || Interlocked.Read(ref rounds) < MinimumRounds) && clock.Elapsed < EpairTest.Patience)
            {
                var a = (EpairInterface)host.GetInterface(iface);
                int destroyed = 0;
                a.Peer.InputHandler = (_, frame) =>
                {
                    if (Volatile.Read(ref destroyed) != 0)
                        Interlocked.Increment(ref afterDestroy);
                    frame.Free();
                };
                int upDelay = random.Next(500), destroyDelay = random.Next(1000);

                // { sleep; ifconfig $IFACE up } & { randsleep; ifconfig $IFACE destroy } & wait
                var up = EpairTest.Run(() =>
                {
                    Thread.SpinWait(upDelay);
                    if (!EpairTest.Tolerating(() => host.GetInterface(iface).Up(), Errno.ENXIO))
                        return;
                    Interlocked.Increment(ref ups);
                    a.Peer.Up();
                    for (int k = 0; k < 8; k++)
                    {
                        var error = a.Transmit(EpairTest.NewFrame(kernel, k));
                        Assert.True(error is Errno.None or Errno.ENXIO or Errno.ENETDOWN or Errno.ENOBUFS, $"transmit: {error}");
                    }
                    EpairTest.Tolerating(() => host.GetInterface(iface).Down(), Errno.ENXIO);
                });
                var destroy = EpairTest.Run(() =>
                {
                    Thread.SpinWait(destroyDelay);
                    host.DestroyInterface(iface);
                    Volatile.Write(ref destroyed, 1);
                });
                await Task.WhenAll(up, destroy);

                // ifconfig ${IFACE%a} create: the unit is free again the moment destroy returns.
                host.CreateInterface(cloneName);
                Interlocked.Increment(ref rounds);
            }
            host.DestroyInterface(iface);
        }

        var ifaces = Enumerable.Range(0, Workers).Select(_ => GetIface(host)).ToList();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => LoopAsync(w, ifaces[w]))));
        await EpairTest.QuiesceAsync(kernel);

        Assert.True(rounds >= MinimumRounds, $"{rounds} rounds");
        Assert.InRange(ups, 0, rounds);
        Assert.Equal(0, afterDestroy);
        AssertNothingLeft(kernel);
    }

    [Fact]
    public async Task Epair_destroy_race()
    {
        using var kernel = EpairTest.NewKernel("deferred");
        var host = kernel.Host;
        const int Workers = 4, Rounds = 40;
        var jails = new List<Vnet>();

        async Task RaceAsync(int worker)
        {
            for (int i = 0; i < Rounds; i++)
            {
                // epair_a=$(ifconfig epair create); epair_b=${epair_a%a}b
                var a = (EpairInterface)host.CreateInterface("epair");
                string epairA = a.Name, epairB = epairA[..^1] + "b";
                var jail = kernel.CreateVnet($"epair_destroy{worker}x{i}");
                lock (jails)
                    jails.Add(jail);
                a.Up();
                a.Peer.InputHandler = static (_, frame) => frame.Free();

                // jail -c vnet vnet.interface=$epair_b command="ifconfig $epair_b 192.0.2.1/24; sleep 0.1" &
                var inJail = EpairTest.Run(() =>
                {
                    if (EpairTest.Tolerating(() => host.MoveInterface(epairB, jail), Errno.ENXIO))
                    {
                        if (EpairTest.Tolerating(() => jail.GetInterface(epairB).Up(), Errno.ENXIO))
                            a.Peer.Transmit(EpairTest.NewFrame(kernel, 2));
                    }
                    kernel.RemoveVnet(jail); // nopersist: the jail goes when its command ends
                });
                // ifconfig "$epair_a" destroy
                var destroy = EpairTest.Run(() =>
                {
                    a.Transmit(EpairTest.NewFrame(kernel, 1));
                    host.DestroyInterface(epairA);
                });
                await Task.WhenAll(inJail, destroy);

                // Other workers may already have made a new pair with the same names.
                Assert.True(a.IsDying);
                Assert.True(a.Peer.IsDying);
                Assert.DoesNotContain(a, host.Interfaces);
                Assert.DoesNotContain(a.Peer, host.Interfaces);
                Assert.Empty(jail.Interfaces);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => RaceAsync(w))));
        await EpairTest.QuiesceAsync(kernel);

        Assert.Empty(kernel.Vnets);
        Assert.All(jails, j => Assert.True(j.IsRemoved));
        Assert.All(jails, j => Assert.Empty(j.Interfaces));
        AssertNothingLeft(kernel);
    }

    /// <summary>Runs a stress loop on its own thread; if it throws, every other loop stops too.</summary>
    private static Task StressWorker(CancellationTokenSource failed, Action loop) => EpairTest.Run(() =>
    {
        try
        {
            loop();
        }
        catch
        {
            failed.Cancel();
            throw;
        }
    });

    /// <summary>
    /// <c>get_iface</c>: the first of epair0..epair8 that can be created, as its <c>a</c> name.
    /// </summary>
    private static string GetIface(Vnet vnet)
    {
        for (int n = 0; n <= 8; n++)
        {
            if (EpairTest.Tolerating(() => vnet.CreateInterface($"epair{n}"), Errno.EEXIST))
                return $"epair{n}a";
        }
        throw new Xunit.Sdk.XunitException("Could not create an epair interface");
    }

    private static void AssertNothingLeft(Kernel kernel)
    {
        Assert.Empty(kernel.Host.Interfaces);
        var cloner = EpairTest.Cloner(kernel.Host);
        Assert.Empty(cloner.Members);
        for (int unit = 0; unit < 64; unit++)
            Assert.False(cloner.Units.IsAllocated(unit), $"unit {unit} still allocated");
        Assert.True(EpairTest.Module(kernel).IsQuiescent);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }
}

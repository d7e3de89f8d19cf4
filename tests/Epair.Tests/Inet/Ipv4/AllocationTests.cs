using Epair.Tests.TestSupport;
using static Epair.Tests.Inet.Ipv4.Ipv4TestBed;

namespace Epair.Tests.Inet.Ipv4;

/// <summary>Invariant 4: steady-state forwarding and echo answering allocate nothing per packet.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Forwarding_and_echo_replies_allocate_nothing_per_packet()
    {
        using var bed = new Ipv4TestBed();
        var router = bed.Kernel.CreateVnet("router");
        var right = bed.Kernel.CreateVnet("right");
        var (a, b) = bed.Connect(bed.Kernel.Host, "192.0.2.1", router, "192.0.2.254");
        bed.Connect(router, "198.51.100.254", right, "198.51.100.1");
        bed.Kernel.Host.Inet.Ipv4.AddRoute(Ip("198.51.100.0"), 24, Ip("192.0.2.254"));
        right.Inet.Ipv4.AddRoute(Ip("0.0.0.0"), 0, Ip("198.51.100.254"));
        bed.Kernel.Sysctl.Set("net.inet.ip.forwarding", "1", router);
        var echo = RawFrames.Ipv4(b.MacAddress, a.MacAddress, Ip("192.0.2.1"), Ip("198.51.100.1"), 1, RawFrames.Echo(1, 1, 56));
        // Warm up: ARP everywhere, pooled frames, JIT.
        for (int i = 0; i < 200; i++)
            bed.Inject(a, echo);
        long forwardedBefore = router.Inet.Ipv4.Statistics.Forward;

        long allocated = SteadyState.AllocatedBytes(() =>
        {
            for (int i = 0; i < 1000; i++)
                bed.Inject(a, echo);
        });

        Assert.Equal(SteadyState.Rounds * 2000, router.Inet.Ipv4.Statistics.Forward - forwardedBefore);
        Assert.True(allocated < 1000, $"{allocated} bytes allocated for 1000 round trips");
    }
}

using Epair.Drivers.Epair;

namespace Epair.Tests.Drivers.Epair;

public sealed class EpairSmokeTests
{
    [Fact]
    public async Task A_frame_sent_on_one_end_arrives_on_the_other()
    {
        using var kernel = new Kernel();
        var a = (EpairInterface)kernel.Host.CreateInterface("epair");
        var b = a.Peer;
        a.Up();
        b.Up();
        int received = 0;
        b.InputHandler = (ifp, frame) => { Assert.Same(b, ifp); Interlocked.Increment(ref received); frame.Free(); };

        Assert.Equal(Errno.None, a.Transmit(kernel.Frames.Rent(64)));
        await kernel.QuiesceAsync();

        Assert.Equal("epair0a", a.Name);
        Assert.Equal("epair0b", b.Name);
        Assert.Equal(1, received);
        Assert.Equal(1, a.Counters.OPackets);
        Assert.Equal(64, a.Counters.OBytes);
        Assert.Equal(1, b.Counters.IPackets);
        Assert.Equal(0, kernel.Frames.Outstanding);
    }
}

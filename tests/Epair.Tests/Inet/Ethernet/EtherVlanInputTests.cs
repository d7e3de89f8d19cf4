using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Tests.Drivers.Vlan;

namespace Epair.Tests.Inet.Ethernet;

public sealed class EtherVlanInputTests
{
    [Fact]
    public void A_priority_tag_is_stripped_and_the_frame_carries_on_untagged()
    {
        using var bench = new VlanBench();
        var frame = bench.EthernetFrame(bench.A, bench.B.MacAddress, 0x0800);
        byte[] untagged = frame.Data.ToArray();
        VlanHeader.Insert(frame, VlanHeader.Tpid8021Q, VlanHeader.MakeTag(0, 6, 0));

        Assert.False(EtherVlanInput.Input(bench.B, frame));

        Assert.Equal(untagged, frame.Data.ToArray());
        Assert.Equal(FrameFlags.None, frame.Flags & FrameFlags.VlanTagged);
        frame.Free();
        bench.AssertClean();
    }

    [Fact]
    public void A_truncated_tag_is_an_input_error()
    {
        using var bench = new VlanBench();
        var frame = bench.Kernel.Frames.Rent(16);
        frame.Data[12] = 0x81;

        Assert.True(EtherVlanInput.Input(bench.B, frame));

        Assert.Equal(1, bench.B.Counters.IErrors);
        bench.AssertClean();
    }
}

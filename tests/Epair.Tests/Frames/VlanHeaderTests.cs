using Epair.Frames;
using PacketDotNet;

namespace Epair.Tests.Frames;

public sealed class VlanHeaderTests
{
    private static readonly byte[] s_untagged =
        [0x02, 0, 0, 0, 0, 0x0b, 0x02, 0, 0, 0, 0, 0x0a, 0x08, 0x00, 0x45, 0x00, 0x00, 0x14, 1, 2, 3, 4];

    [Fact]
    public void Insert_puts_tpid_and_tag_after_the_addresses_and_Remove_undoes_it()
    {
        var pool = new FramePool();
        var frame = pool.Rent(s_untagged);

        Assert.True(VlanHeader.Insert(frame, VlanHeader.Tpid8021Q, VlanHeader.MakeTag(0xABC, 5, 1)));
        byte[] expected = [.. s_untagged[..12], 0x81, 0x00, 0xBA, 0xBC, .. s_untagged[12..]];
        Assert.Equal(expected, frame.Data.ToArray());

        Assert.True(VlanHeader.Remove(frame, out ushort tag));
        Assert.Equal(0xBABC, tag);
        Assert.Equal(0xABC, VlanHeader.VidOf(tag));
        Assert.Equal(5, VlanHeader.PcpOf(tag));
        Assert.Equal(1, VlanHeader.DeiOf(tag));
        Assert.Equal(s_untagged, frame.Data.ToArray());
        frame.Free();
        Assert.Equal(0, pool.Outstanding);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(4094, 7)]
    [InlineData(42, 3)]
    public void PacketDotNet_reads_what_Insert_wrote(int vid, int pcp)
    {
        var pool = new FramePool();
        var frame = pool.Rent(s_untagged);
        VlanHeader.Insert(frame, VlanHeader.Tpid8021Q, VlanHeader.MakeTag(vid, pcp, 0));

        var ethernet = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame.Data.ToArray());
        var dot1q = ethernet.Extract<Ieee8021QPacket>();

        Assert.Equal(EthernetType.VLanTaggedFrame, ethernet.Type);
        Assert.Equal(vid, dot1q.VlanIdentifier);
        Assert.Equal(pcp, (int)dot1q.PriorityControlPoint);
        Assert.Equal(EthernetType.IPv4, dot1q.Type);
        frame.Free();
    }

    [Fact]
    public void Frames_too_short_to_tag_or_untag_are_left_alone()
    {
        var pool = new FramePool();
        var shortFrame = pool.Rent(s_untagged.AsSpan(0, 13));
        var shortTagged = pool.Rent(s_untagged.AsSpan(0, 17));

        Assert.False(VlanHeader.Insert(shortFrame, VlanHeader.Tpid8021Q, 1));
        Assert.False(VlanHeader.Remove(shortTagged, out _));
        Assert.Equal(13, shortFrame.Length);
        Assert.Equal(17, shortTagged.Length);
        shortFrame.Free();
        shortTagged.Free();
    }

    [Fact]
    public void Insert_grows_a_full_frame_and_keeps_every_byte()
    {
        var pool = new FramePool(frameCapacity: 64);
        byte[] big = new byte[64];
        for (int i = 0; i < big.Length; i++)
            big[i] = (byte)i;
        var frame = pool.Rent(big);

        Assert.True(VlanHeader.Insert(frame, VlanHeader.Tpid8021AD, VlanHeader.MakeTag(7, 0, 0)));

        Assert.Equal(68, frame.Length);
        Assert.Equal(big[..12], frame.Data[..12].ToArray());
        Assert.Equal(big[12..], frame.Data[16..].ToArray());
        Assert.Equal([0x88, 0xA8, 0x00, 0x07], frame.Data[12..16].ToArray());
        frame.Free();
        Assert.Equal(0, pool.Outstanding);
    }
}

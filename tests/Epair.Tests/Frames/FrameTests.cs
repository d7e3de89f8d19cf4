using CsCheck;
using Epair.Frames;
using Epair.Tests.TestSupport;

namespace Epair.Tests.Frames;

public sealed class FrameTests
{
    private readonly FramePool _pool = new();

    [Fact]
    public void A_rented_frame_is_owned_with_the_length_asked_and_clean_header_fields()
    {
        var frame = _pool.Rent(60);

        Assert.True(frame.IsOwned);
        Assert.Same(_pool, frame.Pool);
        Assert.Equal(60, frame.Length);
        Assert.Equal(60, frame.Data.Length);
        Assert.Equal(FramePool.DefaultFrameCapacity, frame.Capacity);
        Assert.Equal(FrameFlags.None, frame.Flags);
        Assert.Equal(0, frame.VlanTag);
        Assert.Equal(-1, frame.PriorityCodePoint);
        Assert.Equal(0u, frame.FlowId);
        Assert.Equal(ChecksumFlags.None, frame.Checksum);
        Assert.Equal(0, frame.Timestamp);
        Assert.Null(frame.ReceiveInterface);
        frame.Free();
    }

    [Fact]
    public void Header_fields_are_reset_when_a_frame_is_rented_again()
    {
        var frame = _pool.Rent(64);
        frame.Flags = FrameFlags.Broadcast | FrameFlags.VlanTagged;
        frame.VlanTag = 42;
        frame.PriorityCodePoint = 5;
        frame.FlowId = 7;
        frame.Checksum = ChecksumFlags.IpChecksumPending;
        frame.Timestamp = 1234;
        frame.ReceiveInterface = new TestDriver();
        frame.Free();

        var again = _pool.Rent(10);

        Assert.Same(frame, again);
        Assert.Equal(10, again.Length);
        Assert.Equal(FrameFlags.None, again.Flags);
        Assert.Equal(0, again.VlanTag);
        Assert.Equal(-1, again.PriorityCodePoint);
        Assert.Equal(0u, again.FlowId);
        Assert.Equal(ChecksumFlags.None, again.Checksum);
        Assert.Equal(0, again.Timestamp);
        Assert.Null(again.ReceiveInterface);
        again.Free();
    }

    [Fact]
    public void Free_forgets_the_receive_interface()
    {
        var frame = _pool.Rent(64);
        frame.ReceiveInterface = new TestDriver();
        frame.Free();

        Assert.Null(frame.ReceiveInterface);
    }

    [Fact]
    public void SetLength_within_capacity_keeps_the_bytes_and_the_buffer()
    {
        var frame = _pool.Rent([1, 2, 3, 4]);

        frame.SetLength(2);
        Assert.Equal(new byte[] { 1, 2 }, frame.Data.ToArray());
        frame.Length = 4;
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, frame.Data.ToArray());
        Assert.Equal(FramePool.DefaultFrameCapacity, frame.Capacity);
        frame.Free();
    }

    [Fact]
    public void SetLength_past_capacity_grows_and_keeps_the_old_bytes()
    {
        var frame = _pool.Rent([9, 8, 7]);

        frame.SetLength(9000);

        Assert.Equal(9000, frame.Length);
        Assert.True(frame.Capacity >= 9000);
        Assert.Equal(new byte[] { 9, 8, 7 }, frame.Data[..3].ToArray());
        frame.Free();
    }

    [Fact]
    public void A_grown_frame_goes_back_to_its_own_buffer_when_freed()
    {
        var frame = _pool.Rent(9000);
        Assert.True(frame.Capacity >= 9000);
        frame.Free();

        var again = _pool.Rent(100);

        Assert.Same(frame, again);
        Assert.Equal(FramePool.DefaultFrameCapacity, again.Capacity);
        again.Free();
    }

    [Fact]
    public void A_jumbo_frame_can_be_rented_again_after_a_jumbo_frame_was_freed()
    {
        // The second rent reuses the frame freed with Length 9000 but its own small buffer.
        var pool = new FramePool(frameCapacity: 64);
        var first = pool.Rent(100);
        first.Free();

        var second = pool.Rent(200);
        var third = pool.Rent(100);

        Assert.Same(first, second);
        Assert.Equal(200, second.Length);
        Assert.Equal(100, third.Length);
        second.Free();
        third.Free();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Negative_lengths_are_refused()
    {
        var frame = _pool.Rent(10);

        Assert.Throws<ArgumentOutOfRangeException>(() => frame.SetLength(-1));
        Assert.Equal(10, frame.Length);
        frame.Free();
    }

    [Fact]
    public void CopyFrom_sets_length_and_contents()
    {
        var frame = _pool.Rent(1000);

        frame.CopyFrom([0xde, 0xad, 0xbe, 0xef]);

        Assert.Equal(4, frame.Length);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, frame.Data.ToArray());
        frame.Free();
    }

    [Fact]
    public void CopyFrom_grows_for_large_contents()
    {
        var bytes = new byte[5000];
        Random.Shared.NextBytes(bytes);
        var frame = _pool.Rent();

        frame.CopyFrom(bytes);

        Assert.Equal(bytes, frame.Data.ToArray());
        frame.Free();
    }

    [Fact]
    public void ClearMetadata_clears_what_must_not_cross_a_wire_and_keeps_the_rest()
    {
        var frame = _pool.Rent(64);
        frame.Flags = FrameFlags.Multicast | FrameFlags.VlanTagged | FrameFlags.Promiscuous;
        frame.VlanTag = 100;
        frame.PriorityCodePoint = 3;
        frame.FlowId = 99;
        frame.Checksum = ChecksumFlags.TransportChecksumPending | ChecksumFlags.IpChecksumValid;
        frame.Timestamp = 77;

        frame.ClearMetadata();

        Assert.Equal(FrameFlags.Multicast | FrameFlags.Promiscuous, frame.Flags);
        Assert.Equal(0, frame.VlanTag);
        Assert.Equal(-1, frame.PriorityCodePoint);
        Assert.Equal(0u, frame.FlowId);
        Assert.Equal(ChecksumFlags.None, frame.Checksum);
        Assert.Equal(77, frame.Timestamp);
        Assert.Equal(64, frame.Length);
        frame.Free();
    }

    [Fact]
    public void A_second_free_throws_and_leaves_the_pool_balanced()
    {
        var frame = _pool.Rent(64);
        frame.Free();

        var ex = Assert.Throws<InvalidOperationException>(frame.Free);

        Assert.Contains("freed twice", ex.Message, StringComparison.Ordinal);
        Assert.False(frame.IsOwned);
        Assert.Equal(0, _pool.Outstanding);
        // The frame went back once: one rent takes it, the next gets a new one.
        var a = _pool.Rent();
        var b = _pool.Rent();
        Assert.Same(frame, a);
        Assert.NotSame(frame, b);
        a.Free();
        b.Free();
    }

#if DEBUG
    // Use-after-free detection is a Debug-build check (the tests run in Debug).
    [Fact]
    public void Debug_builds_catch_every_use_of_a_freed_frame()
    {
        var frame = _pool.Rent(64);
        frame.Free();

        Assert.Throws<InvalidOperationException>(() => frame.Length);
        Assert.Throws<InvalidOperationException>(() => frame.Data.Length);
        Assert.Throws<InvalidOperationException>(() => frame.Length = 10);
        Assert.Throws<InvalidOperationException>(() => frame.SetLength(10));
        Assert.Throws<InvalidOperationException>(() => frame.CopyFrom([1, 2, 3]));
        var ex = Assert.Throws<InvalidOperationException>(() => frame.Data.Length);
        Assert.Contains("used after it was freed", ex.Message, StringComparison.Ordinal);
    }
#endif

    [Fact]
    public void Length_and_contents_round_trip_for_any_size()
    {
        Gen.Byte.Array[0, 10_000].Sample(bytes =>
        {
            var frame = _pool.Rent(bytes);
            Assert.Equal(bytes.Length, frame.Length);
            Assert.True(frame.Capacity >= bytes.Length);
            Assert.True(frame.Data.SequenceEqual(bytes));
            frame.Free();
        });
        Assert.Equal(0, _pool.Outstanding);
    }
}

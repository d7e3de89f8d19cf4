using System.Buffers.Binary;
using System.Diagnostics;
using Epair.Capture;
using Epair.Drivers.Epair;
using Epair.Frames;
using Epair.Interfaces;
using Epair.Tests.TestSupport;

namespace Epair.Tests.Capture;

/// <summary>The bpf-like tap: what it copies, what it counts, what it drops, and that it allocates nothing.</summary>
public sealed class CaptureTapTests : IDisposable
{
    private readonly Kernel _kernel = TestKernels.Create();
    private readonly EpairInterface _a;
    private readonly EpairInterface _b;

    public CaptureTapTests()
    {
        _a = _kernel.Host.CreateEpair();
        _b = _a.Peer;
        _a.Up();
        _b.Up();
        _b.InputHandler = (_, frame) => frame.Free();
        _a.InputHandler = (_, frame) => frame.Free();
    }

    public void Dispose() => _kernel.Dispose();

    private sealed record Seen(byte[] Data, int Wire, DateTimeOffset Time, TapDirection Direction);

    private static List<Seen> ReadAll(CaptureTap tap, int max = int.MaxValue)
    {
        var seen = new List<Seen>();
        tap.Read((in CapturedPacket p) => seen.Add(new Seen(p.Data.ToArray(), p.OriginalLength, p.Timestamp, p.Direction)), max);
        return seen;
    }

    [Fact]
    public void Sees_what_an_interface_sends_and_receives_in_order_with_its_direction()
    {
        using var onA = new CaptureTap();
        onA.Attach(_a);
        _a.Transmit(TestFrames.Numbered(_kernel.Frames, 1, 60));
        _b.Transmit(TestFrames.Numbered(_kernel.Frames, 2, 70));

        Assert.True(onA.WaitForPackets(TimeSpan.Zero));
        var seen = ReadAll(onA);

        Assert.Equal([TapDirection.Out, TapDirection.In], seen.Select(s => s.Direction));
        Assert.Equal([1, 2], seen.Select(s => BinaryPrimitives.ReadInt32BigEndian(s.Data.AsSpan(14))));
        Assert.Equal([60, 70], seen.Select(s => s.Wire));
        Assert.All(seen, s => Assert.InRange(s.Time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal(2, onA.Received);
        Assert.Equal(0, onA.Dropped);
        Assert.False(onA.WaitForPackets(TimeSpan.Zero));
    }

    [Fact]
    public void A_snapshot_length_cuts_packets_but_keeps_their_wire_length()
    {
        using var tap = new CaptureTap(snapLength: 20);
        tap.Attach(_a);
        _a.Transmit(TestFrames.Numbered(_kernel.Frames, 7, 100));

        var seen = Assert.Single(ReadAll(tap));
        Assert.Equal(20, seen.Data.Length);
        Assert.Equal(100, seen.Wire);
    }

    [Fact]
    public void When_both_buffers_are_full_frames_are_dropped_and_counted()
    {
        // Two 4 KiB buffers hold 2 x 4096 / (24 + 1000) = 8 records of 1000 bytes (4 each).
        using var tap = new CaptureTap(bufferSize: 4096);
        tap.Attach(_a);
        for (int i = 0; i < 20; i++)
            _a.Transmit(TestFrames.Numbered(_kernel.Frames, i, 1000));

        Assert.Equal(20, tap.Received);
        Assert.Equal(12, tap.Dropped);
        var seen = ReadAll(tap);
        Assert.Equal(Enumerable.Range(0, 8), seen.Select(s => BinaryPrimitives.ReadInt32BigEndian(s.Data.AsSpan(14))));
        // Read freed both buffers: capture goes on.
        _a.Transmit(TestFrames.Numbered(_kernel.Frames, 99, 1000));
        Assert.Equal(99, BinaryPrimitives.ReadInt32BigEndian(Assert.Single(ReadAll(tap)).Data.AsSpan(14)));
    }

    [Fact]
    public void Read_stops_at_the_count_asked_and_the_rest_waits()
    {
        using var tap = new CaptureTap();
        tap.Attach(_a);
        for (int i = 0; i < 5; i++)
            _a.Transmit(TestFrames.Numbered(_kernel.Frames, i));

        Assert.Equal(2, ReadAll(tap, 2).Count);
        Assert.Equal([2, 3, 4], ReadAll(tap).Select(s => BinaryPrimitives.ReadInt32BigEndian(s.Data.AsSpan(14))));
    }

    [Fact]
    public void A_direction_filter_does_not_even_count_the_other_way()
    {
        using var inbound = new CaptureTap { Direction = TapDirection.In };
        inbound.Attach(_a);
        _a.Transmit(TestFrames.Numbered(_kernel.Frames, 1));
        _b.Transmit(TestFrames.Numbered(_kernel.Frames, 2));

        Assert.Equal(1, inbound.Received);
        Assert.Equal(TapDirection.In, Assert.Single(ReadAll(inbound)).Direction);
    }

    [Fact]
    public void An_out_of_band_vlan_tag_is_put_back_into_the_copy()
    {
        using var tap = new CaptureTap();
        var frame = TestFrames.Numbered(_kernel.Frames, 5, 64);
        frame.Flags |= FrameFlags.VlanTagged;
        frame.VlanTag = (3 << 13) | 5;
        ((IFrameTap)tap).Tap(_a, frame, TapDirection.Out);
        frame.Free();

        var seen = Assert.Single(ReadAll(tap));
        Assert.Equal(68, seen.Wire);
        Assert.Equal(0x8100, BinaryPrimitives.ReadUInt16BigEndian(seen.Data.AsSpan(12)));
        Assert.Equal((3 << 13) | 5, BinaryPrimitives.ReadUInt16BigEndian(seen.Data.AsSpan(14)));
        Assert.Equal(0x88B5, BinaryPrimitives.ReadUInt16BigEndian(seen.Data.AsSpan(16)));
        Assert.Equal(5, BinaryPrimitives.ReadInt32BigEndian(seen.Data.AsSpan(18)));
    }

    [Fact]
    public void A_null_link_type_replaces_the_ethernet_header_with_the_address_family()
    {
        using var tap = new CaptureTap(LinkType.Null);
        var frame = TestFrames.Ethernet(_kernel.Frames, TestFrames.Unicast, 60, etherType: 0x86DD);
        ((IFrameTap)tap).Tap(_a, frame, TapDirection.In);
        frame.Free();

        var seen = Assert.Single(ReadAll(tap));
        Assert.Equal(60 - 14 + 4, seen.Wire);
        Assert.Equal(28u, BinaryPrimitives.ReadUInt32LittleEndian(seen.Data));
    }

    [Fact]
    public void Dispose_detaches_so_later_frames_are_not_seen()
    {
        var tap = new CaptureTap();
        tap.Attach(_a);
        tap.Dispose();
        _a.Transmit(TestFrames.Numbered(_kernel.Frames, 1));
        Assert.Equal(0, tap.Received);
    }

    [Fact]
    public async Task A_waiting_consumer_wakes_when_a_frame_comes()
    {
        using var tap = new CaptureTap();
        tap.Attach(_a);
        var started = Stopwatch.StartNew();
        var waiting = Task.Run(() => tap.WaitForPackets(TimeSpan.FromSeconds(30)));
        await Task.Delay(50);
        _a.Transmit(TestFrames.Numbered(_kernel.Frames, 1));
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), "woken by the frame, not by the timeout");
    }

    [Fact]
    public void Capturing_and_reading_allocate_nothing_per_frame()
    {
        using var tap = new CaptureTap();
        tap.Attach(_a);
        tap.Attach(_b);
        long bytes = 0;
        CapturedPacketHandler handler = (in CapturedPacket p) => bytes += p.Data.Length;
        void Burst()
        {
            for (int i = 0; i < 50; i++)
                _a.Transmit(TestFrames.Numbered(_kernel.Frames, i, 98));
            tap.Read(handler);
        }
        // Warm-up long enough for tiered compilation to settle the path.
        for (int i = 0; i < 200; i++)
            Burst();
        long allocated = SteadyState.AllocatedBytes(() =>
        {
            for (int i = 0; i < 100; i++)
                Burst();
        });

        Assert.Equal(0, allocated);
        Assert.Equal(0, tap.Dropped);
        Assert.Equal((200 + SteadyState.Rounds * 100) * 50 * 2 * 98, bytes);
    }
}

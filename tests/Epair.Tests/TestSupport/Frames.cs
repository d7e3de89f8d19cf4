using System.Buffers.Binary;
using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Tests.TestSupport;

/// <summary>Builds Ethernet frames for tests, addressed with documentation-style local MACs.</summary>
internal static class TestFrames
{
    public static readonly MacAddress Source = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly MacAddress Unicast = MacAddress.Parse("02:00:00:00:00:02");
    public static readonly MacAddress Multicast = MacAddress.Parse("01:00:5e:00:00:01");

    /// <summary>A frame of <paramref name="length"/> bytes (at least a header) to <paramref name="destination"/>.</summary>
    public static Frame Ethernet(FramePool pool, MacAddress destination, int length = 64, ushort etherType = 0x88b5)
    {
        var frame = pool.Rent(Math.Max(length, 14));
        var data = frame.Data;
        data.Clear();
        destination.CopyTo(data);
        Source.CopyTo(data[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(data[12..], etherType);
        return frame;
    }

    /// <summary>A frame whose payload starts with <paramref name="sequence"/>, for order checks.</summary>
    public static Frame Numbered(FramePool pool, int sequence, int length = 64)
    {
        var frame = Ethernet(pool, Unicast, length);
        BinaryPrimitives.WriteInt32BigEndian(frame.Data[14..], sequence);
        return frame;
    }

    public static int SequenceOf(Frame frame) => BinaryPrimitives.ReadInt32BigEndian(frame.Data[14..]);
}

using System.Buffers.Binary;
using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Inet.Ethernet;

/// <summary>
/// <c>ether_output_frame</c> for the stack: a frame whose network-layer packet already sits at
/// <see cref="EtherInput.HeaderLength"/> gets its Ethernet header and goes to the interface.
/// Protocols rent frames with that much headroom (<see cref="Rent"/>), so nothing is copied.
/// </summary>
internal static partial class EtherOutput
{
    /// <summary>Rents a frame for a network-layer packet of <paramref name="packetLength"/> bytes, with room for the Ethernet header.</summary>
    public static Frame Rent(FramePool pool, int packetLength) => pool.Rent(EtherInput.HeaderLength + packetLength);

    /// <summary>The network-layer part of a frame rented with <see cref="Rent"/>.</summary>
    public static Span<byte> Packet(Frame frame) => frame.Data[EtherInput.HeaderLength..];

    /// <summary>
    /// Writes the Ethernet header (destination, the interface's address, EtherType) and transmits.
    /// The frame is the interface's from here on, whatever the result.
    /// </summary>
    public static Errno Send(NetInterface ifp, Frame frame, MacAddress destination, ushort etherType)
    {
        var header = frame.Data;
        destination.CopyTo(header);
        ifp.MacAddress.CopyTo(header[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], etherType);
        return OutputFrame(ifp, frame);
    }
}

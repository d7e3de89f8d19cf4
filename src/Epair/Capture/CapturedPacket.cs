using Epair.Interfaces;

namespace Epair.Capture;

/// <summary>
/// One packet as a capture consumer sees it (libpcap's <c>pcap_pkthdr</c> and its bytes): valid
/// only during the callback that receives it, because the bytes live in the capture's buffer.
/// </summary>
public readonly ref struct CapturedPacket
{
    /// <summary>Creates a view of a captured packet.</summary>
    /// <param name="data">The captured bytes (at most the snapshot length).</param>
    /// <param name="originalLength">The length on the wire (<c>len</c>).</param>
    /// <param name="timestamp">When the tap saw it.</param>
    /// <param name="direction">Sent or received by the interface.</param>
    public CapturedPacket(ReadOnlySpan<byte> data, int originalLength, DateTimeOffset timestamp, TapDirection direction)
    {
        Data = data;
        OriginalLength = originalLength;
        Timestamp = timestamp;
        Direction = direction;
    }

    /// <summary>The captured bytes (<c>caplen</c> of them), starting with the link-layer header.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The packet's length on the wire (<c>len</c>); more than <see cref="Data"/> when the snapshot cut it.</summary>
    public int OriginalLength { get; }

    /// <summary>When the tap saw the packet.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Whether the interface sent or received it.</summary>
    public TapDirection Direction { get; }
}

/// <summary>Receives one captured packet; see <see cref="CaptureTap.Read"/>.</summary>
/// <param name="packet">The packet, valid only during the call.</param>
public delegate void CapturedPacketHandler(in CapturedPacket packet);

using Epair.Frames;

namespace Epair.Interfaces;

/// <summary>
/// Receives a frame that arrived on <paramref name="receiver"/>. The handler owns
/// <paramref name="frame"/>: it must pass it on or <see cref="Frame.Free"/> it.
/// </summary>
/// <param name="receiver">The interface the frame arrived on.</param>
/// <param name="frame">The frame, starting with its Ethernet header.</param>
public delegate void FrameHandler(NetInterface receiver, Frame frame);

/// <summary>Which way a tapped frame was going.</summary>
public enum TapDirection
{
    /// <summary>Received by the interface.</summary>
    In,
    /// <summary>Sent by the interface.</summary>
    Out,
}

/// <summary>
/// A bpf tap point consumer: sees every frame an interface sends or receives, without owning it.
/// Called on the data path, so it must be quick and must not keep the frame.
/// </summary>
public interface IFrameTap
{
    /// <summary>Sees <paramref name="frame"/> pass <paramref name="ifp"/>.</summary>
    void Tap(NetInterface ifp, Frame frame, TapDirection direction);
}

using Epair.Frames;

namespace Epair.Dispatch;

/// <summary>
/// A protocol's netisr callbacks (FreeBSD's <c>struct netisr_handler</c>). An interface rather than
/// delegates, so dispatch is one interface call with no closure.
/// </summary>
internal interface INetisrHandler
{
    /// <summary><c>nh_handler</c>: process one frame; the handler owns it.</summary>
    void Handle(Frame frame);

    /// <summary><c>nh_m2cpuid</c> (policy <c>NETISR_POLICY_CPU</c>): the CPU whose workstream takes the frame.</summary>
    int MapToCpu(Frame frame);

    /// <summary><c>nh_drainedcpu</c>: the protocol's queue on <paramref name="cpu"/> has just been emptied.</summary>
    void DrainedCpu(int cpu);
}

/// <summary>How a protocol's frames reach its handler.</summary>
public enum DispatchMode
{
    /// <summary>Queued to a netisr worker thread (the seed's <c>netisr_queue</c>).</summary>
    Deferred,
    /// <summary>Handled at once in the sender's thread (<c>netisr_dispatch</c>): deterministic.</summary>
    Direct,
}

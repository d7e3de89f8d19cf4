namespace Epair.Dispatch;

/// <summary>One row of <c>netstat -Q</c>: a protocol's work on one workstream (<c>sysctl_netisr_work</c>).</summary>
/// <param name="Workstream">The workstream id.</param>
/// <param name="Cpu">The CPU it serves.</param>
/// <param name="Protocol">The protocol name.</param>
/// <param name="Length">Frames waiting now.</param>
/// <param name="Watermark">The highest length seen.</param>
/// <param name="Dispatched">Frames handled directly in the sender's thread.</param>
/// <param name="HybridDispatched">Frames handled by hybrid dispatch (always 0 here).</param>
/// <param name="QueueDrops">Frames refused because the queue was full.</param>
/// <param name="Queued">Frames queued.</param>
/// <param name="Handled">Frames handled from the queue.</param>
public readonly record struct NetisrWorkStatistics(
    int Workstream, int Cpu, string Protocol, int Length, int Watermark, long Dispatched,
    long HybridDispatched, long QueueDrops, long Queued, long Handled);

/// <summary>A registered protocol as <c>netstat -Q</c> lists it (<c>sysctl_netisr_proto</c>).</summary>
/// <param name="Name">The protocol name.</param>
/// <param name="Id">Its number.</param>
/// <param name="QueueLimit">Its per-workstream queue limit.</param>
/// <param name="Policy">Its CPU policy (<c>cpu</c> for every protocol here).</param>
/// <param name="Dispatch">Its dispatch policy name.</param>
/// <param name="HasDrainedCallback">True when it asks to be told when a queue drains.</param>
public readonly record struct NetisrProtocolInfo(string Name, int Id, int QueueLimit, string Policy, string Dispatch, bool HasDrainedCallback);

/// <summary>A snapshot of the netisr configuration and counters: what <c>netstat -Q</c> prints.</summary>
/// <param name="MaxThreads">net.isr.maxthreads.</param>
/// <param name="Threads">Workstreams running (net.isr.numthreads).</param>
/// <param name="DefaultQueueLimit">net.isr.defaultqlimit.</param>
/// <param name="MaxQueueLimit">net.isr.maxqlimit.</param>
/// <param name="Dispatch">net.isr.dispatch.</param>
/// <param name="Protocols">The registered protocols.</param>
/// <param name="Work">Per workstream, per protocol counters.</param>
public sealed record NetisrStatistics(
    int MaxThreads, int Threads, int DefaultQueueLimit, int MaxQueueLimit, string Dispatch,
    IReadOnlyList<NetisrProtocolInfo> Protocols, IReadOnlyList<NetisrWorkStatistics> Work);

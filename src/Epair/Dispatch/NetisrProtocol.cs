namespace Epair.Dispatch;

/// <summary>A registered netisr protocol (<c>netisr_proto</c>): its handler and queue limit.</summary>
internal sealed class NetisrProtocol
{
    internal NetisrProtocol(int id, string name, INetisrHandler handler, int queueLimit)
    {
        Id = id;
        Name = name;
        Handler = handler;
        QueueLimit = queueLimit;
    }

    /// <summary>The slot in every workstream's per-protocol arrays (<c>NETISR_*</c>).</summary>
    public int Id { get; }

    /// <summary><c>np_name</c>.</summary>
    public string Name { get; }

    /// <summary>The callbacks.</summary>
    public INetisrHandler Handler { get; }

    /// <summary><c>np_qlimit</c>: frames each workstream queue accepts.</summary>
    public int QueueLimit { get; internal set; }

    /// <summary>False once unregistered.</summary>
    public bool IsRegistered { get; internal set; } = true;
}

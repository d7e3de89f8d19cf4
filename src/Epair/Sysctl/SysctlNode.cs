using Epair.Vnets;

namespace Epair.Sysctl;

/// <summary>The value type of a sysctl (<c>CTLTYPE_*</c>), which decides how values parse and print.</summary>
public enum SysctlType
{
    /// <summary><c>CTLTYPE_INT</c>.</summary>
    Int,
    /// <summary><c>CTLTYPE_UINT</c>.</summary>
    UInt,
    /// <summary><c>CTLTYPE_LONG</c>.</summary>
    Long,
    /// <summary><c>CTLTYPE_ULONG</c>.</summary>
    ULong,
    /// <summary><c>CTLTYPE_STRING</c>.</summary>
    String,
}

/// <summary>Access flags (<c>CTLFLAG_*</c>).</summary>
[Flags]
public enum SysctlAccess
{
    /// <summary><c>CTLFLAG_RD</c>.</summary>
    Read = 0x1,
    /// <summary><c>CTLFLAG_WR</c>.</summary>
    Write = 0x2,
    /// <summary><c>CTLFLAG_RW</c>.</summary>
    ReadWrite = Read | Write,
    /// <summary><c>CTLFLAG_TUN</c>: also a loader tunable, read once when its module loads.</summary>
    Tunable = 0x4,
    /// <summary><c>CTLFLAG_VNET</c>: one value per vnet.</summary>
    PerVnet = 0x8,
}

/// <summary>
/// One sysctl leaf: a name, a description and a handler pair working on text, as
/// <c>sysctl(8)</c> sees it. The getter and setter get the vnet the caller is in.
/// </summary>
public sealed class SysctlNode
{
    private readonly Func<Vnet, string> _get;
    private readonly Func<Vnet, string, Errno>? _set;

    /// <summary>Creates a leaf.</summary>
    /// <param name="name">Its dotted name, such as <c>net.link.epair.netisr_maxqlen</c>.</param>
    /// <param name="type">Its value type.</param>
    /// <param name="access">Its access flags.</param>
    /// <param name="description">The text <c>sysctl -d</c> prints.</param>
    /// <param name="get">Reads the value in a vnet.</param>
    /// <param name="set">Writes a value in a vnet; null for read-only leaves.</param>
    public SysctlNode(string name, SysctlType type, SysctlAccess access, string description,
        Func<Vnet, string> get, Func<Vnet, string, Errno>? set)
    {
        Name = name;
        Type = type;
        Access = set is null ? access & ~SysctlAccess.Write : access;
        Description = description;
        _get = get;
        _set = set;
    }

    /// <summary>The dotted name.</summary>
    public string Name { get; }

    /// <summary>The value type.</summary>
    public SysctlType Type { get; }

    /// <summary>The access flags.</summary>
    public SysctlAccess Access { get; }

    /// <summary>The description.</summary>
    public string Description { get; }

    /// <summary>True when the leaf can be written.</summary>
    public bool IsWritable => (Access & SysctlAccess.Write) != 0;

    internal string Get(Vnet vnet) => _get(vnet);

    internal Errno Set(Vnet vnet, string value) => _set is null ? Errno.EPERM : _set(vnet, value);
}

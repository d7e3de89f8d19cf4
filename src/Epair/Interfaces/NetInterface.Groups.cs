namespace Epair.Interfaces;

// Interface groups (if_addgroup, if_delgroup): what "ifconfig -g" lists and pf rules can name.
public abstract partial class NetInterface
{
    private string[] _groups = [];

    /// <summary>
    /// The groups the interface belongs to (<c>if_groups</c>), in the order it joined them: its
    /// cloner's name first, then those <c>ifconfig IF group NAME</c> added. The implicit group
    /// <c>all</c> is left out, as ifconfig leaves it out.
    /// </summary>
    public IReadOnlyList<string> Groups => Volatile.Read(ref _groups);

    /// <summary><c>if_addgroup</c>: joins group <paramref name="group"/>.</summary>
    /// <exception cref="ErrnoException">EINVAL for an empty name or one of <see cref="NameSize"/>
    /// characters or more; EEXIST when the interface is in the group already.</exception>
    public void AddGroup(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.Length == 0 || group.Length >= NameSize)
            throw new ErrnoException(Errno.EINVAL, "SIOCAIFGROUP");
        lock (_groupLock)
        {
            if (Array.IndexOf(_groups, group) >= 0)
                throw new ErrnoException(Errno.EEXIST, "SIOCAIFGROUP");
            Volatile.Write(ref _groups, [.. _groups, group]);
        }
    }

    /// <summary><c>if_delgroup</c>: leaves group <paramref name="group"/>; ENOENT when not a member.</summary>
    public void RemoveGroup(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        lock (_groupLock)
        {
            if (Array.IndexOf(_groups, group) < 0)
                throw new ErrnoException(Errno.ENOENT, "SIOCDIFGROUP");
            Volatile.Write(ref _groups, Array.FindAll(_groups, g => g != group));
        }
    }

    /// <summary>
    /// <c>if_vmove</c>: an interface moved to another vnet keeps only its cloner's group; the
    /// groups given to it in the old vnet stay behind.
    /// </summary>
    internal void ResetGroupsForMove()
    {
        lock (_groupLock)
            Volatile.Write(ref _groups, Cloner is { } cloner ? [cloner.Name] : []);
    }

    private readonly Lock _groupLock = new();
}

using Epair.Vnets;

namespace Epair.Interfaces;

/// <summary>
/// An interface cloner (<c>struct if_clone</c>): creates and destroys interfaces by name in one
/// vnet (<c>ifconfig epair create</c>, <c>ifconfig epair0a destroy</c>). Every vnet has its own
/// cloners, each with its own unit numbers.
/// </summary>
public abstract class InterfaceCloner
{
    private readonly List<NetInterface> _members = [];

    /// <summary>Creates a cloner named <paramref name="name"/> for <paramref name="vnet"/>.</summary>
    protected InterfaceCloner(string name, Vnet vnet, int maxUnit = UnitAllocator.DefaultMaxUnit)
    {
        Name = name;
        Vnet = vnet;
        Units = new UnitAllocator(maxUnit);
    }

    /// <summary>The cloner name (<c>ifc_name</c>), as <c>ifconfig -C</c> lists it.</summary>
    public string Name { get; }

    /// <summary>The vnet the cloner belongs to.</summary>
    public Vnet Vnet { get; }

    /// <summary>The interfaces this cloner made that still exist (<c>ifc_iflist</c>).</summary>
    public IReadOnlyList<NetInterface> Members
    {
        get { lock (_members) return [.. _members]; }
    }

    internal UnitAllocator Units { get; }

    /// <summary>
    /// <c>ifc_match</c>: true when this cloner handles <paramref name="name"/>. By default, the cloner
    /// name alone or followed by a unit number, as <c>ifc_simple_match</c> accepts.
    /// </summary>
    public virtual bool Match(string name)
    {
        if (!name.StartsWith(Name, StringComparison.Ordinal))
            return false;
        for (int i = Name.Length; i < name.Length; i++)
        {
            if (!char.IsAsciiDigit(name[i]))
                return false;
        }
        return true;
    }

    /// <summary>
    /// <c>ifc_create</c>: creates the interface(s) for <paramref name="name"/>, attaches them to
    /// <see cref="Vnet"/> and returns the one the caller gets back. Extra parameters may be ignored.
    /// </summary>
    protected internal abstract Errno Create(string name, IReadOnlyList<string> parameters, out NetInterface? created);

    /// <summary><c>ifc_destroy</c>: destroys <paramref name="ifp"/>, wherever it is now.</summary>
    protected internal abstract Errno Destroy(NetInterface ifp);

    /// <summary><c>if_clone_addif</c>: records an interface this cloner made.</summary>
    protected void AddMember(NetInterface ifp)
    {
        ifp.Cloner = this;
        // if_clone_addif: every interface a cloner makes is in the group named after it.
        if (!ifp.Groups.Contains(Name))
            ifp.AddGroup(Name);
        lock (_members)
            _members.Add(ifp);
    }

    /// <summary>Forgets an interface this cloner made (it is being destroyed).</summary>
    protected void RemoveMember(NetInterface ifp)
    {
        lock (_members)
            _members.Remove(ifp);
    }

    /// <summary><c>if_clone_detach</c>: destroys every interface this cloner made.</summary>
    internal void DestroyAll()
    {
        while (true)
        {
            NetInterface? ifp;
            lock (_members)
                ifp = _members.Count > 0 ? _members[^1] : null;
            if (ifp is null)
                return;
            var error = Destroy(ifp);
            if (error != Errno.None)
            {
                // Someone else is destroying it; wait for them to finish.
                Thread.Yield();
            }
        }
    }
}

using System.Globalization;
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

    /// <summary>
    /// <c>ifc_alloc_unit</c> for a <c>name[unit]</c> request: claims the unit <paramref name="name"/>
    /// asks for, or for the bare cloner name the lowest free unit whose name no interface here
    /// holds (one moved in from another vnet may), and checks the name with
    /// <see cref="CheckNewName"/>. On failure nothing stays claimed. The caller holds the ifnet lock.
    /// </summary>
    protected Errno AllocateUnit(string name, out int unit, out string ifname)
    {
        ifname = name;
        var error = UnitAllocator.NameToUnit(name, out unit);
        if (error != Errno.None)
            return error;
        bool wildcard = unit < 0;
        while (true)
        {
            int asked = unit;
            error = Units.Allocate(ref unit);
            if (error == Errno.EEXIST && wildcard)
            {
                unit = asked + 1;
                continue;
            }
            if (error != Errno.None)
                return error;
            ifname = wildcard ? name + unit.ToString(CultureInfo.InvariantCulture) : name;
            error = CheckNewName(ifname);
            if (error == Errno.None)
                return Errno.None;
            Units.Free(unit);
            if (error != Errno.EEXIST || !wildcard)
                return error;
            unit++;
        }
    }

    /// <summary>
    /// Whether an interface named <paramref name="ifname"/> may be made here now: ENXIO once the
    /// vnet is going away, ENOSPC when the name does not fit <c>IFNAMSIZ</c>, EEXIST when taken.
    /// The caller holds the ifnet lock.
    /// </summary>
    protected Errno CheckNewName(string ifname) =>
        Vnet.IsRemoved ? Errno.ENXIO
        : ifname.Length >= NetInterface.NameSize ? Errno.ENOSPC
        : Vnet.FindInterface(ifname) is not null ? Errno.EEXIST
        : Errno.None;

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

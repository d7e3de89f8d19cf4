using Epair.Inet;
using Epair.Interfaces;

namespace Epair.Vnets;

/// <summary>
/// A virtual network stack (FreeBSD's vnet; a vnet jail from the user's side): its own interfaces
/// with their own names and index space, its own cloners, hostid and host UUID. The kernel's
/// <see cref="Kernel.Host"/> is vnet0; <see cref="Kernel.CreateVnet"/> makes the others.
/// </summary>
public sealed partial class Vnet
{
    private readonly List<InterfaceCloner> _cloners = [];
    // Interfaces in attach order (the V_ifnet list) and by index (ifindex_table); copy-on-write
    // so that lookups from the data path or from handlers never take the kernel's lock.
    private volatile NetInterface[] _interfaces = [];
    private volatile NetInterface?[] _byIndex = new NetInterface?[8];
    private ulong _hostId;
    private string _hostUuid;

    internal Vnet(Kernel kernel, string name, int id, ulong hostId, string hostUuid)
    {
        Kernel = kernel;
        Name = name;
        Id = id;
        _hostId = hostId;
        _hostUuid = hostUuid;
        Inet = new InetStack(this);
    }

    /// <summary>This vnet's network stack.</summary>
    public InetStack Inet { get; }

    /// <summary>The kernel this vnet belongs to.</summary>
    public Kernel Kernel { get; }

    /// <summary>The jail name (<c>"0"</c> for the host, as FreeBSD names prison0).</summary>
    public string Name { get; }

    /// <summary>The jail id: 0 for the host.</summary>
    public int Id { get; }

    /// <summary>True for vnet0, the host's stack.</summary>
    public bool IsHost => Id == 0;

    /// <summary>True once the vnet's removal has begun: nothing can be created in it or moved into it any more.</summary>
    public bool IsRemoved { get; internal set; }

    /// <summary>The jail's <c>host.hostid</c> (<c>kern.hostid</c> inside it); epair MAC addresses hash it.</summary>
    public ulong HostId
    {
        get => Interlocked.Read(ref _hostId);
        set => Interlocked.Exchange(ref _hostId, value);
    }

    /// <summary>The jail's <c>host.hostuuid</c> (<c>kern.hostuuid</c>); stable MAC addresses hash it.</summary>
    public string HostUuid
    {
        get => Volatile.Read(ref _hostUuid);
        set => Volatile.Write(ref _hostUuid, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The interfaces in this vnet, in the order they arrived.</summary>
    public IReadOnlyList<NetInterface> Interfaces => _interfaces;

    /// <summary>The cloners of this vnet (<c>ifconfig -C</c>).</summary>
    public IReadOnlyList<InterfaceCloner> Cloners
    {
        get { lock (_cloners) return [.. _cloners]; }
    }

    /// <summary><c>ifunit</c>: the interface named <paramref name="name"/> here, or null.</summary>
    public NetInterface? FindInterface(string name)
    {
        foreach (var ifp in _interfaces)
        {
            if (string.Equals(ifp.Name, name, StringComparison.Ordinal))
                return ifp;
        }
        return null;
    }

    /// <summary><c>ifnet_byindex</c>: the interface with index <paramref name="index"/> here, or null.</summary>
    public NetInterface? FindInterface(int index)
    {
        var table = _byIndex;
        return (uint)index < (uint)table.Length ? table[index] : null;
    }

    /// <summary>The interface named <paramref name="name"/>; ENXIO when there is none.</summary>
    public NetInterface GetInterface(string name) =>
        FindInterface(name) ?? throw new ErrnoException(Errno.ENXIO, name);

    /// <summary>The interface named <paramref name="name"/> as <typeparamref name="T"/>; ENXIO when there is none.</summary>
    public T GetInterface<T>(string name) where T : NetInterface =>
        FindInterface(name) as T ?? throw new ErrnoException(Errno.ENXIO, name);

    /// <summary>
    /// Creates an interface by cloner name (<c>ifconfig NAME create</c>, <c>SIOCIFCREATE2</c>) and
    /// returns it; its name may differ from the one asked (<c>epair</c> gives <c>epair0a</c>).
    /// EINVAL when no cloner matches, EEXIST when the name is taken, or the cloner's own error.
    /// </summary>
    public NetInterface CreateInterface(string name, params string[] parameters)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length >= NetInterface.NameSize)
            throw new ErrnoException(name.Length == 0 ? Errno.EINVAL : Errno.ENAMETOOLONG, "SIOCIFCREATE2");
        ThrowIfRemoved("SIOCIFCREATE2");
        var cloner = FindCloner(name) ?? throw new ErrnoException(Errno.EINVAL, "SIOCIFCREATE2");
        if (FindInterface(name) is not null)
            throw new ErrnoException(Errno.EEXIST, "SIOCIFCREATE2");
        var error = cloner.Create(name, parameters, out var created);
        ErrnoException.ThrowIfError(error, "SIOCIFCREATE2");
        return created!;
    }

    /// <summary>
    /// Destroys an interface (<c>ifconfig NAME destroy</c>, <c>SIOCIFDESTROY</c>): ENXIO when no
    /// interface has that name here, EINVAL when it was not made by a cloner.
    /// </summary>
    public void DestroyInterface(string name)
    {
        var ifp = FindInterface(name) ?? throw new ErrnoException(Errno.ENXIO, "SIOCIFDESTROY");
        DestroyInterface(ifp);
    }

    /// <summary>Destroys <paramref name="ifp"/>, an interface of this vnet, through its cloner.</summary>
    public void DestroyInterface(NetInterface ifp)
    {
        ArgumentNullException.ThrowIfNull(ifp);
        if (ifp.Vnet != this)
            throw new ErrnoException(Errno.ENXIO, "SIOCIFDESTROY");
        var cloner = ifp.Cloner ?? throw new ErrnoException(Errno.EINVAL, "SIOCIFDESTROY");
        ErrnoException.ThrowIfError(cloner.Destroy(ifp), "SIOCIFDESTROY");
    }

    /// <summary>
    /// <c>if_rename</c> (<c>ifconfig IF name NEW</c>, <c>SIOCSIFNAME</c>): the interface keeps its
    /// index, driver and unit, so its cloner still destroys it under the new name.
    /// </summary>
    /// <exception cref="ErrnoException">ENXIO when <paramref name="ifp"/> is not here; EINVAL for an
    /// empty name, ENAMETOOLONG for one of <see cref="NetInterface.NameSize"/> characters or more;
    /// EEXIST when another interface here has the name.</exception>
    public void RenameInterface(NetInterface ifp, string newName)
    {
        ArgumentNullException.ThrowIfNull(ifp);
        ArgumentNullException.ThrowIfNull(newName);
        if (newName.Length == 0 || newName.Length >= NetInterface.NameSize)
            throw new ErrnoException(newName.Length == 0 ? Errno.EINVAL : Errno.ENAMETOOLONG, "SIOCSIFNAME");
        lock (Kernel.IfnetLock)
        {
            if (ifp.Vnet != this || ifp.IsDying)
                throw new ErrnoException(Errno.ENXIO, "SIOCSIFNAME");
            if (string.Equals(ifp.Name, newName, StringComparison.Ordinal))
                return;
            if (FindInterface(newName) is not null)
                throw new ErrnoException(Errno.EEXIST, "SIOCSIFNAME");
            ifp.Name = newName;
        }
    }

    /// <summary>The cloner that matches <paramref name="name"/> (<c>if_clone_lookup</c>), or null.</summary>
    public InterfaceCloner? FindCloner(string name)
    {
        lock (_cloners)
        {
            foreach (var cloner in _cloners)
            {
                if (cloner.Match(name))
                    return cloner;
            }
            return null;
        }
    }

    /// <summary>The cloner named exactly <paramref name="name"/>, or null.</summary>
    public InterfaceCloner? FindClonerByName(string name)
    {
        lock (_cloners)
            return _cloners.Find(c => c.Name == name);
    }

    internal void AddCloner(InterfaceCloner cloner)
    {
        lock (_cloners)
            _cloners.Add(cloner);
    }

    internal void RemoveCloner(InterfaceCloner cloner)
    {
        lock (_cloners)
            _cloners.Remove(cloner);
    }

    /// <summary>
    /// <c>if_attach</c> into this vnet: gives the interface the lowest free index (from 1) and
    /// puts it on the list. The caller holds <see cref="Kernel.IfnetLock"/>.
    /// </summary>
    internal void Attach(NetInterface ifp)
    {
        var table = _byIndex;
        int index = 1;
        while (index < table.Length && table[index] is not null)
            index++;
        if (index >= table.Length)
        {
            var bigger = new NetInterface?[table.Length * 2];
            table.CopyTo(bigger, 0);
            table = bigger;
        }
        else
        {
            table = (NetInterface?[])table.Clone();
        }
        table[index] = ifp;
        ifp.Index = index;
        ifp.Vnet = this;
        ifp.HomeVnet ??= this;
        _byIndex = table;
        _interfaces = [.. _interfaces, ifp];
        Inet.OnInterfaceAttached(ifp);
    }

    /// <summary><c>if_detach</c> from this vnet: frees the index. The caller holds <see cref="Kernel.IfnetLock"/>.</summary>
    internal void Detach(NetInterface ifp)
    {
        // ifnet_departure_event: vlan(4) interfaces let go of a parent that leaves, for good or for another vnet.
        ifp.VlanTrunk?.ParentDeparting(ifp);
        Inet.OnInterfaceDetaching(ifp);
        var table = _byIndex;
        if ((uint)ifp.Index < (uint)table.Length && ReferenceEquals(table[ifp.Index], ifp))
        {
            table = (NetInterface?[])table.Clone();
            table[ifp.Index] = null;
            _byIndex = table;
        }
        _interfaces = Array.FindAll(_interfaces, i => !ReferenceEquals(i, ifp));
        ifp.Index = 0;
    }

    internal void ThrowIfRemoved(string operation)
    {
        if (IsRemoved)
            throw new ErrnoException(Errno.ENXIO, operation);
    }

    /// <inheritdoc />
    public override string ToString() => IsHost ? "vnet0" : Name;
}

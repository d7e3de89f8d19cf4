using System.Net;
using Epair.Inet.Ipv4.Routing;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

// Interface addresses (in.c: in_aifaddr_ioctl, in_difaddr_ioctl, in_addprefix, in_scrubprefix).
public sealed partial class Ip4
{
    /// <summary>
    /// Adds an IPv4 address to <paramref name="ifp"/> (<c>ifconfig IF inet A/LEN [alias]</c>,
    /// <c>SIOCAIFADDR</c>). Without <paramref name="alias"/> the interface's first IPv4 address,
    /// if any, is replaced, as <c>ifconfig</c> does. Marks the interface up, adds the connected
    /// route and the local host route, a permanent ARP entry, and announces the address with a
    /// gratuitous ARP. The interface's own address added again is replaced (its mask may change),
    /// as <c>in_aifaddr_ioctl</c> does. EINVAL for a bad prefix length or a multicast/broadcast
    /// address, EEXIST when another interface of this vnet has the address, ENXIO when the
    /// interface is not here.
    /// </summary>
    public InterfaceAddress4 AddAddress(NetInterface ifp, IPAddress address, int prefixLength, bool alias = false)
    {
        ArgumentNullException.ThrowIfNull(ifp);
        const string op = "SIOCAIFADDR";
        uint a = InAddr.FromIPAddress(address, op);
        if (prefixLength is < 0 or > 32 || a == InAddr.Any || a == InAddr.Broadcast || InAddr.IsMulticast(a))
            throw new ErrnoException(Errno.EINVAL, op);
        if (ifp.Vnet?.Inet != _stack)
            throw new ErrnoException(Errno.ENXIO, op);
        InterfaceAddress4 added;
        lock (Lock)
        {
            InterfaceAddress4? replaced = null;
            if (!alias)
                replaced = FirstAddressLocked(ifp);
            // in_aifaddr_ioctl: the interface's own copy of the address is taken away and added
            // again (with the new mask); another interface's copy is refused here.
            InterfaceAddress4? again = null;
            foreach (var existing in _addresses)
            {
                if (existing.AddressValue != a)
                    continue;
                if (!ReferenceEquals(existing.Interface, ifp))
                    throw new ErrnoException(Errno.EEXIST, op);
                again = existing;
            }
            if (replaced is not null)
                RemoveAddressLocked(replaced);
            if (again is not null && !ReferenceEquals(again, replaced))
                RemoveAddressLocked(again);
            added = new InterfaceAddress4(ifp, a, prefixLength);
            _addresses.Add(added);
            AddPrefixRouteLocked(added);
            AddLocalRouteLocked(added);
        }
        // in_ifinit brings the interface up; if_up runs the stack's hooks, so it runs unlocked.
        if ((ifp.Flags & InterfaceFlags.Up) == 0)
            ifp.Up();
        _stack.Arp.OnAddressAdded(ifp, a);
        return added;
    }

    /// <summary>
    /// Removes an IPv4 address (<c>ifconfig IF inet A -alias</c>, <c>SIOCDIFADDR</c>) with its
    /// routes and ARP entry. EADDRNOTAVAIL when the interface does not have it.
    /// </summary>
    public void RemoveAddress(NetInterface ifp, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(ifp);
        uint a = InAddr.FromIPAddress(address, "SIOCDIFADDR");
        lock (Lock)
        {
            var ia = FindAddressLocked(ifp, a) ?? throw new ErrnoException(Errno.EADDRNOTAVAIL, "SIOCDIFADDR");
            RemoveAddressLocked(ia);
        }
        _stack.Arp.OnAddressRemoved(ifp, a);
    }

    /// <summary>The IPv4 addresses of every interface of this vnet, in the order they were added.</summary>
    public IReadOnlyList<InterfaceAddress4> Addresses
    {
        get { lock (Lock) return [.. _addresses]; }
    }

    /// <summary>The IPv4 addresses of <paramref name="ifp"/>, first (primary) first.</summary>
    public IReadOnlyList<InterfaceAddress4> GetAddresses(NetInterface ifp)
    {
        lock (Lock)
            return _addresses.FindAll(ia => ReferenceEquals(ia.Interface, ifp));
    }

    private InterfaceAddress4? FirstAddressLocked(NetInterface ifp)
    {
        foreach (var ia in _addresses)
        {
            if (ReferenceEquals(ia.Interface, ifp))
                return ia;
        }
        return null;
    }

    private InterfaceAddress4? FindAddressLocked(NetInterface ifp, uint address)
    {
        foreach (var ia in _addresses)
        {
            if (ReferenceEquals(ia.Interface, ifp) && ia.AddressValue == address)
                return ia;
        }
        return null;
    }

    /// <summary>Is <paramref name="address"/> one of ours, on any interface (the weak host model)?</summary>
    internal bool IsLocalAddressLocked(uint address)
    {
        foreach (var ia in _addresses)
        {
            if (ia.AddressValue == address)
                return true;
        }
        return false;
    }

    /// <summary>The source address for leaving by <paramref name="ifp"/> towards <paramref name="nextHop"/>.</summary>
    internal uint SourceForLocked(NetInterface ifp, uint nextHop)
    {
        uint first = 0;
        foreach (var ia in _addresses)
        {
            if (!ReferenceEquals(ia.Interface, ifp))
                continue;
            if (ia.Contains(nextHop))
                return ia.AddressValue;
            if (first == 0)
                first = ia.AddressValue;
        }
        return first;
    }

    private void RemoveAddressLocked(InterfaceAddress4 ia)
    {
        _addresses.Remove(ia);
        // in_scrubprefix: the prefix route goes with the address that installed it, and passes to
        // another address with the same prefix if there is one.
        var prefix = _routes.Find(ia.NetworkValue, ia.PrefixLength);
        if (prefix is not null && (prefix.Flags & RouteFlags.Gateway) == 0 && prefix.InterfaceAddressValue == ia.AddressValue &&
            ReferenceEquals(prefix.Interface, ia.Interface))
        {
            _routes.Remove(prefix);
            foreach (var other in _addresses)
            {
                if (other.PrefixLength == ia.PrefixLength && other.NetworkValue == ia.NetworkValue)
                {
                    AddPrefixRouteLocked(other);
                    break;
                }
            }
        }
        var local = _routes.Find(ia.AddressValue, 32);
        if (local is not null && (local.Flags & RouteFlags.Local) != 0 && local.InterfaceAddressValue == ia.AddressValue)
            _routes.Remove(local);
    }

    private void AddPrefixRouteLocked(InterfaceAddress4 ia)
    {
        // A /32 is a host address with no subnet behind it; its local route is enough. A prefix
        // some other address already routes stays with that address (in_addprefix).
        // A loopback interface routes only its own address (in_ifinit treats lo0 as a host), so
        // netstat shows FreeBSD's lone "127.0.0.1 link#1 UH lo0".
        if (ia.PrefixLength == 32 || (ia.Interface.Flags & InterfaceFlags.Loopback) != 0 ||
            _routes.Find(ia.NetworkValue, ia.PrefixLength) is not null)
            return;
        _routes.TryAdd(new Route4(ia.NetworkValue, ia.PrefixLength, 0, ia.Interface,
            RouteFlags.Up | RouteFlags.Pinned, ia.AddressValue));
    }

    private void AddLocalRouteLocked(InterfaceAddress4 ia)
    {
        // Traffic to our own address never goes on the wire; in.c's cases for its route:
        //  1. an address with a prefix: a loopback route to self through lo0 (UHS);
        //  2. a /32 on a broadcast interface: its host "prefix" route, through lo0 (UH);
        //  4. an address on a loopback interface (lo0, lo1, …): a host route through that
        //     interface itself (UH), as "127.0.0.1 link#1 UH lo0" shows.
        if (_routes.Find(ia.AddressValue, 32) is not null)
            return;
        bool onLoopback = (ia.Interface.Flags & InterfaceFlags.Loopback) != 0;
        var via = onLoopback ? ia.Interface : _stack.Loopback ?? ia.Interface;
        var flags = RouteFlags.Up | RouteFlags.Host | RouteFlags.Local | RouteFlags.Pinned;
        if (!onLoopback && ia.PrefixLength != 32)
            flags |= RouteFlags.Static;
        _routes.TryAdd(new Route4(ia.AddressValue, 32, 0, via, flags, ia.AddressValue));
    }
}

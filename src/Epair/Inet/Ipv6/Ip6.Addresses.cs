using System.Net;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

// Addresses (in6.c: in6_update_ifa, in6_purgeaddr), the ifdisabled switch (nd6 SIOCSIFINFO_FLAGS)
// and in6_if_up/in6_if_down with the automatic link-local address (in6_ifattach.c).
public sealed partial class Ip6
{
    /// <summary>
    /// Adds an address (<c>ifconfig IF inet6 ADDR/LEN</c>, <c>SIOCAIFADDR_IN6</c>). It starts out
    /// tentative when duplicate address detection applies, and DAD runs once the interface is up.
    /// Adding an address clears <see cref="Nd6Flags.IFDISABLED"/>, and the first address brings
    /// the interface up, as FreeBSD does. A prefix shorter than 128 bits gets a connected route.
    /// </summary>
    /// <remarks>Adding an address the interface has already updates its flags, as
    /// <c>SIOCAIFADDR_IN6</c> does; its prefix length cannot change.</remarks>
    /// <exception cref="ErrnoException">EINVAL for a bad prefix length (or another one than the
    /// existing address has), a multicast or unspecified address; ENXIO when the interface is not in this vnet.</exception>
    public void AddAddress(NetInterface ifp, IPAddress address, int prefixLength, In6AddressFlags flags = In6AddressFlags.None)
    {
        var a = In6.FromIPAddress(address);
        if (prefixLength is < 0 or > 128 || In6.IsMulticast(a) || In6.IsUnspecified(a))
            throw new ErrnoException(Errno.EINVAL, "SIOCAIFADDR_IN6");
        bool first;
        lock (Lock)
            first = RequireState(ifp, "SIOCAIFADDR_IN6").Addresses.Count == 0;
        if (first && (ifp.Flags & InterfaceFlags.Up) == 0)
        {
            // "It happens automatically when setting the first address on an interface"
            // (ifconfig(8)): in6_notify_ifa's SIOCSIFADDR makes ether_ioctl set IFF_UP.
            ifp.Up();
        }
        int mark = PendingOutput.Mark();
        lock (Lock)
        {
            var st = RequireState(ifp, "SIOCAIFADDR_IN6");
            var settable = flags & (In6AddressFlags.Anycast | In6AddressFlags.NoDad |
                In6AddressFlags.Autoconf | In6AddressFlags.Deprecated | In6AddressFlags.PreferSource);
            if (st.FindAddress(a) is { } existing)
            {
                // in6_update_ifa: adding an address again updates its flags, but "the prefix
                // length of an existing address should not be changed". DAD's own state stays.
                if (existing.PrefixLength != prefixLength)
                    throw new ErrnoException(Errno.EINVAL, "SIOCAIFADDR_IN6");
                existing.Flags = (existing.Flags & (In6AddressFlags.Tentative | In6AddressFlags.Duplicated)) | settable;
            }
            else
            {
                _ = AddAddressLocked(st, a, prefixLength, settable);
            }
            // Try to clear the flag when an address is added to an IFDISABLED interface
            // (SIOCAIFADDR_IN6 in in6.c); a duplicated link-local keeps it set.
            if (st.IsDisabled)
                _ = EnableInterface(st);
        }
        PendingOutput.Flush(this, mark);
    }

    /// <summary>Removes an address (<c>ifconfig IF inet6 ADDR delete</c>, <c>SIOCDIFADDR_IN6</c>); EADDRNOTAVAIL when it is not there.</summary>
    public void RemoveAddress(NetInterface ifp, IPAddress address)
    {
        var a = In6.FromIPAddress(address);
        lock (Lock)
        {
            var st = RequireState(ifp, "SIOCDIFADDR_IN6");
            var ia = st.FindAddress(a) ?? throw new ErrnoException(Errno.EADDRNOTAVAIL, "SIOCDIFADDR_IN6");
            PurgeAddress(st, ia);
        }
    }

    /// <summary>The IPv6 addresses of an interface in the order they were added, as <c>ifconfig</c> lists them.</summary>
    public IReadOnlyList<Ip6AddressInfo> GetAddresses(NetInterface ifp)
    {
        lock (Lock)
        {
            var st = RequireState(ifp, "SIOCGIFADDR_IN6");
            var list = new List<Ip6AddressInfo>(st.Addresses.Count);
            foreach (var ia in st.Addresses)
                list.Add(new Ip6AddressInfo(In6.ToIPAddress(ia.Address, ifp.Index), ia.PrefixLength, ia.Flags, ifp));
            return list;
        }
    }

    /// <summary>The interface's neighbor discovery flags (<c>ifconfig</c>'s <c>nd6 options=</c>).</summary>
    public Nd6Flags GetNd6Flags(NetInterface ifp)
    {
        lock (Lock)
            return RequireState(ifp, "SIOCGIFINFO_IN6").Flags;
    }

    /// <summary>
    /// <c>ifconfig IF inet6 ifdisabled</c> / <c>-ifdisabled</c>. Disabling marks every address
    /// tentative and stops IPv6 on the interface; enabling adds the link-local address when
    /// <see cref="Nd6Flags.AUTO_LINKLOCAL"/> is set and the interface is up, and runs DAD. An
    /// interface whose link-local address was found duplicated stays disabled (RFC 4862,
    /// 5.4.5), without an error, as FreeBSD only logs "Cannot enable an interface with a
    /// link-local address marked duplicate."
    /// </summary>
    public void SetInterfaceDisabled(NetInterface ifp, bool disabled)
    {
        int mark = PendingOutput.Mark();
        lock (Lock)
        {
            var st = RequireState(ifp, "SIOCSIFINFO_IN6");
            if (disabled && !st.IsDisabled)
            {
                st.Flags |= Nd6Flags.IFDISABLED;
                MarkTentative(st);
            }
            else if (!disabled && st.IsDisabled)
            {
                _ = EnableInterface(st);
            }
        }
        PendingOutput.Flush(this, mark);
    }

    /// <summary>
    /// Sets or clears neighbor discovery flags other than <see cref="Nd6Flags.IFDISABLED"/>
    /// (<c>ifconfig IF inet6 [-]auto_linklocal</c>, <c>[-]nud</c>, <c>[-]no_dad</c>).
    /// </summary>
    public void SetNd6Flags(NetInterface ifp, Nd6Flags flags, bool on)
    {
        lock (Lock)
        {
            var st = RequireState(ifp, "SIOCSIFINFO_IN6");
            flags &= ~Nd6Flags.IFDISABLED;
            st.Flags = on ? st.Flags | flags : st.Flags & ~flags;
        }
    }

    /// <summary>Clears IFDISABLED unless a link-local address is duplicated (RFC 4862, section 5.4.5); then in6_if_up.</summary>
    private bool EnableInterface(InterfaceState6 st)
    {
        foreach (var ia in st.Addresses)
        {
            if ((ia.Flags & In6AddressFlags.Duplicated) != 0 && In6.IsLinkLocal(ia.Address))
                return false;
        }
        st.Flags &= ~Nd6Flags.IFDISABLED;
        if (st.Interface.IsUpAndRunning)
            InterfaceUp(st);
        return true;
    }

    /// <summary><c>in6_if_up</c>: the automatic link-local address, then DAD for every tentative address.</summary>
    private void InterfaceUp(InterfaceState6 st)
    {
        if (st.IsDisabled)
            return;
        if ((st.Interface.Flags & InterfaceFlags.Loopback) != 0)
        {
            // in6_ifattach_loopback: ::1/128 unless another loopback of the vnet has it (lo1
            // beside lo0 gets none), and fe80::1 as the link-local.
            if (FindOurAddress(UInt128.One, null) is null)
                AddAddressLocked(st, UInt128.One, 128, In6AddressFlags.NoDad);
            if ((st.Flags & Nd6Flags.AUTO_LINKLOCAL) != 0 && st.FindLinkLocal() is null)
                AddAddressLocked(st, In6.LinkLocalPrefix | UInt128.One, 64, In6AddressFlags.NoDad);
        }
        else if ((st.Flags & Nd6Flags.AUTO_LINKLOCAL) != 0 && st.FindLinkLocal() is null &&
            st.Interface.Type is InterfaceType.Ethernet or InterfaceType.L2Vlan)
        {
            AddAddressLocked(st, In6.LinkLocalFromMac(st.Interface.MacAddress), 64, In6AddressFlags.None);
        }
        foreach (var ia in st.Addresses)
        {
            if ((ia.Flags & In6AddressFlags.Tentative) != 0 && ia.DadDeadline == 0)
                StartDad(st, ia);
        }
    }

    /// <summary><c>in6_if_down</c>: addresses go back to tentative so DAD runs again when the link returns.</summary>
    private void InterfaceDown(InterfaceState6 st) => MarkTentative(st);

    private void MarkTentative(InterfaceState6 st)
    {
        foreach (var ia in st.Addresses)
        {
            ia.DadDeadline = 0;
            if (DoesDad(st, ia) && (ia.Flags & In6AddressFlags.Duplicated) == 0)
                ia.Flags |= In6AddressFlags.Tentative;
        }
    }

    /// <summary><c>in6if_do_dad</c> for one address.</summary>
    private bool DoesDad(InterfaceState6 st, InterfaceAddress6 ia) =>
        (st.Interface.Flags & InterfaceFlags.Loopback) == 0 &&
        (st.Flags & Nd6Flags.NO_DAD) == 0 &&
        (ia.Flags & (In6AddressFlags.NoDad | In6AddressFlags.Anycast)) == 0 &&
        Config.DadCount > 0;

    private InterfaceAddress6 AddAddressLocked(InterfaceState6 st, UInt128 a, int prefixLength, In6AddressFlags flags)
    {
        var ia = new InterfaceAddress6(st.Interface, a, prefixLength, flags);
        if (DoesDad(st, ia))
            ia.Flags |= In6AddressFlags.Tentative;
        st.Addresses.Add(ia);
        JoinGroup(st, In6.AllNodes);
        JoinGroup(st, In6.SolicitedNode(a));
        if (prefixLength < 128 && (st.Flags & Nd6Flags.DONT_SET_IFROUTE) == 0)
            _ = _routes.Add(new Route6(a & In6.Mask(prefixLength), prefixLength, UInt128.Zero, st.Interface, Route6Flags.Up));
        if (st.IsDisabled || !st.Interface.IsUpAndRunning)
            return ia;
        if ((ia.Flags & In6AddressFlags.Tentative) != 0)
            StartDad(st, ia);
        return ia;
    }

    /// <summary><c>in6_purgeaddr</c>: the address, its groups, and the connected route when no other address needs it.</summary>
    private void PurgeAddress(InterfaceState6 st, InterfaceAddress6 ia)
    {
        st.Addresses.Remove(ia);
        LeaveGroup(st, In6.SolicitedNode(ia.Address));
        LeaveGroup(st, In6.AllNodes);
        if (ia.PrefixLength >= 128)
            return;
        var prefix = ia.Address & In6.Mask(ia.PrefixLength);
        foreach (var other in st.Addresses)
        {
            if (other.PrefixLength == ia.PrefixLength && (other.Address & In6.Mask(other.PrefixLength)) == prefix)
                return;
        }
        _ = _routes.Remove(prefix, ia.PrefixLength, st.Interface);
    }

    /// <summary>
    /// The IPv6 groups <paramref name="ifp"/> has joined, newest first as the kernel lists them
    /// (<c>getifmaddrs</c>, <c>ifmcstat</c>): all-nodes and the solicited-node group of each
    /// address and proxied neighbor. Link-scope groups carry the interface's scope id.
    /// </summary>
    public IReadOnlyList<IPAddress> GetMulticastGroups(NetInterface ifp)
    {
        ArgumentNullException.ThrowIfNull(ifp);
        lock (Lock)
        {
            var st = StateOf(ifp);
            if (st is null)
                return [];
            var groups = new IPAddress[st.GroupOrder.Count];
            for (int i = 0; i < groups.Length; i++)
                groups[i] = In6.ToIPAddress(st.GroupOrder[groups.Length - 1 - i], ifp.Index);
            return groups;
        }
    }

    /// <summary><c>in6_joingroup</c>: counted per group; the first join programs the 33:33 Ethernet group.</summary>
    private static void JoinGroup(InterfaceState6 st, UInt128 group)
    {
        if (st.Groups.TryGetValue(group, out int n))
        {
            st.Groups[group] = n + 1;
            return;
        }
        st.Groups[group] = 1;
        st.GroupOrder.Add(group);
        st.Interface.AddMulticast(In6.MulticastMac(group));
    }

    private static void LeaveGroup(InterfaceState6 st, UInt128 group)
    {
        if (!st.Groups.TryGetValue(group, out int n))
            return;
        if (n > 1)
        {
            st.Groups[group] = n - 1;
            return;
        }
        st.Groups.Remove(group);
        st.GroupOrder.Remove(group);
        LeaveLinkGroup(st.Interface, group);
    }

    private static void LeaveLinkGroup(NetInterface ifp, UInt128 group)
    {
        try
        {
            ifp.DeleteMulticast(In6.MulticastMac(group));
        }
        catch (ErrnoException)
        {
            // Someone already left the link-level group for us (an interface being torn down).
        }
    }

    /// <summary>Finds one of our addresses on any interface; link-local ones only on <paramref name="scope"/>.</summary>
    private InterfaceAddress6? FindOurAddress(UInt128 a, NetInterface? scope)
    {
        if (In6.NeedsScope(a))
            return StateOf(scope)?.FindAddress(a);
        foreach (var st in _interfaces.Values)
        {
            var ia = st.FindAddress(a);
            if (ia is not null)
                return ia;
        }
        return null;
    }
}

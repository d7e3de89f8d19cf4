using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

/// <summary>
/// IPv6 of one vnet: addresses, neighbor discovery, duplicate address detection, routes, input,
/// output and forwarding, fragmentation and reassembly, ICMPv6, ping and UDP.
/// </summary>
/// <remarks>
/// All protocol state sits under the stack's lock; frames to send are collected while it is held
/// and sent after (<see cref="PendingOutput"/>). Time comes from <see cref="Time"/>, so tests can
/// drive DAD and neighbor timers with a fake clock.
/// </remarks>
public sealed partial class Ip6
{
    private readonly InetStack _stack;
    private readonly Dictionary<NetInterface, InterfaceState6> _interfaces = [];
    private readonly RouteTable6 _routes = new();

    internal Ip6(InetStack stack, TimeProvider? time = null)
    {
        _stack = stack;
        _time = time ?? TimeProvider.System;
    }

    internal Ip6Config Config { get; } = new();

    internal Ip6Statistics Stats { get; } = new();

    private Lock Lock => _stack.Lock;

    private Frames.FramePool Frames => _stack.Vnet.Kernel.Frames;

    /// <summary>One IPv6 counter (<c>netstat -s -p ip6</c>).</summary>
    public long GetStatistic(Ip6Stat stat) => Stats.Get(stat);

    /// <summary>One ICMPv6 counter (<c>netstat -s -p icmp6</c>).</summary>
    public long GetStatistic(Icmp6Stat stat) => Stats.Get(stat);

    /// <summary>Packets received with next header <paramref name="nextHeader"/> (<c>ip6s_nxthist</c>).</summary>
    public long GetNextHeaderCount(byte nextHeader) => Stats.NextHeader(nextHeader);

    /// <summary>ICMPv6 messages of <paramref name="type"/> received (<c>icp6s_inhist</c>) or sent (<c>icp6s_outhist</c>).</summary>
    public long GetIcmp6TypeCount(byte type, bool output) => output ? Stats.IcmpOut(type) : Stats.IcmpIn(type);

    private InterfaceState6? StateOf(NetInterface? ifp) =>
        ifp is not null && _interfaces.TryGetValue(ifp, out var st) ? st : null;

    private InterfaceState6 RequireState(NetInterface ifp, string operation)
    {
        ArgumentNullException.ThrowIfNull(ifp);
        return StateOf(ifp) ?? throw new ErrnoException(Errno.ENXIO, operation);
    }

    /// <summary><c>nd6_ifattach</c>: the per-interface state with FreeBSD's defaults.</summary>
    internal void OnInterfaceAttached(NetInterface ifp)
    {
        // nd6_ifattach gives PERFORMNUD, and AUTO_LINKLOCAL per net.inet6.ip6.auto_linklocal
        // (always on loopback). On a FreeBSD system rc(8) then marks every new interface
        // ifdisabled (ipv6_activate_all_interfaces="NO", run by devd), so what users see on a
        // fresh epair is nd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>; we start there.
        // IPv6 comes on when an address is added or `inet6 -ifdisabled` clears the flag.
        bool loopback = (ifp.Flags & InterfaceFlags.Loopback) != 0;
        var flags = Nd6Flags.PERFORMNUD;
        // A bridge's members carry its link-locals, so the bridge gets none of its own.
        if ((Config.AutoLinkLocal != 0 && ifp.Type != InterfaceType.Bridge) || loopback)
            flags |= Nd6Flags.AUTO_LINKLOCAL;
        if (!loopback)
            flags |= Nd6Flags.IFDISABLED;
        lock (Lock)
            _interfaces[ifp] = new InterfaceState6(ifp, flags);
    }

    /// <summary><c>in6_ifdetach</c>: addresses, groups, routes, neighbors and fragments of the interface go.</summary>
    internal void OnInterfaceDetaching(NetInterface ifp)
    {
        lock (Lock)
        {
            if (!_interfaces.Remove(ifp, out var st))
                return;
            while (st.Addresses.Count > 0)
                PurgeAddress(st, st.Addresses[^1]);
            foreach (var group in st.Groups.Keys)
                LeaveLinkGroup(ifp, group);
            st.Groups.Clear();
            st.GroupOrder.Clear();
            foreach (var entry in st.Neighbors.Values)
                entry.FreeHold();
            st.Neighbors.Clear();
            _routes.RemoveInterface(ifp);
            PurgeFragments(ifp);
        }
    }

    /// <summary><c>in6_if_up</c>/<c>in6_if_down</c>.</summary>
    internal void OnInterfaceUpChanged(NetInterface ifp, bool up)
    {
        int mark = PendingOutput.Mark();
        lock (Lock)
        {
            var st = StateOf(ifp);
            if (st is null)
                return;
            if (up)
                InterfaceUp(st);
            else
                InterfaceDown(st);
        }
        PendingOutput.Flush(this, mark);
    }

    /// <summary><c>nd6_iflladdr</c>: tell the neighbors our new link address with unsolicited advertisements.</summary>
    internal void OnLinkAddressChanged(NetInterface ifp)
    {
        int mark = PendingOutput.Mark();
        lock (Lock)
        {
            var st = StateOf(ifp);
            if (st is not null && !st.IsDisabled && ifp.IsUpAndRunning)
            {
                foreach (var ia in st.Addresses)
                {
                    if (ia.IsUsable)
                        SendNeighborAdvertisement(st, ia.Address, In6.AllNodes, ia.Address, AdvertisementFlags(solicited: false), null);
                }
            }
        }
        PendingOutput.Flush(this, mark);
    }

    /// <summary>Advertisement flags: always override (we never proxy or answer for anycast), router when forwarding.</summary>
    private uint AdvertisementFlags(bool solicited)
    {
        uint flags = Wire.Icmpv6Type.NaOverride;
        if (solicited)
            flags |= Wire.Icmpv6Type.NaSolicited;
        if (Config.Forwarding != 0)
            flags |= Wire.Icmpv6Type.NaRouter;
        return flags;
    }
}

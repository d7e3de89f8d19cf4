using System.Net;
using Epair.Frames;
using Epair.Inet.Ipv6.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

// The neighbor cache (RFC 4861, section 7.3; nd6.c): resolution with a bounded hold queue,
// the NUD state machine driven by the vnet timer, static entries, and `ndp -a/-s/-d`.
public sealed partial class Ip6
{
    /// <summary>Entries per interface before new ones are refused (a flood of solicitations cannot grow it without bound).</summary>
    private const int MaxNeighborsPerInterface = 4096;

    // Entries whose deadline passed, collected by the timer before it steps them.
    private readonly List<NeighborEntry> _due = [];

    /// <summary>The neighbor cache (<c>ndp -a</c>).</summary>
    public IReadOnlyList<NeighborInfo> GetNeighbors()
    {
        lock (Lock)
        {
            long now = NowMilliseconds;
            var list = new List<NeighborInfo>();
            foreach (var st in _interfaces.Values)
            {
                foreach (var e in st.Neighbors.Values)
                {
                    TimeSpan? expire = e.Deadline == 0 ? null : TimeSpan.FromMilliseconds(Math.Max(0, e.Deadline - now));
                    list.Add(new NeighborInfo(In6.ToIPAddress(e.Address, st.Interface.Index), e.LinkAddress, st.Interface,
                        e.State, e.IsStatic, e.IsRouter, expire) { Probes = e.Asked, IsProxy = e.IsProxy });
                }
            }
            return list;
        }
    }

    /// <summary>
    /// Adds a static entry (<c>ndp -s ADDR MAC</c>): REACHABLE for good, never changed by learning
    /// or expired. It replaces a learned entry for the same address. For a link-local address,
    /// the interface comes from the address' scope id when <paramref name="ifp"/> is null.
    /// A <paramref name="proxy"/> entry is marked as such (<c>ndp -s … proxy</c>, <c>LLE_PUB</c>).
    /// </summary>
    public void AddStaticNeighbor(IPAddress address, MacAddress linkAddress, NetInterface? ifp = null, bool proxy = false)
    {
        var a = In6.FromIPAddress(address);
        int mark = PendingOutput.Mark();
        lock (Lock)
        {
            var st = NeighborInterface(a, address, ifp, "ndp");
            if (!st.Neighbors.TryGetValue(a, out var e))
                st.Neighbors[a] = e = new NeighborEntry(st.Interface, a);
            e.IsStatic = true;
            // A proxy answers solicitations for its address, which go to that address' group.
            if (proxy != e.IsProxy)
            {
                if (proxy)
                    JoinGroup(st, In6.SolicitedNode(a));
                else
                    LeaveGroup(st, In6.SolicitedNode(a));
            }
            e.IsProxy = proxy;
            e.Asked = 0;
            e.LinkAddress = linkAddress;
            e.State = NeighborState.REACHABLE;
            e.Deadline = 0;
            ReleaseHold(e);
        }
        PendingOutput.Flush(this, mark);
    }

    /// <summary>Deletes an entry (<c>ndp -d ADDR</c>), static or learned; ESRCH when there is none.</summary>
    public void DeleteNeighbor(IPAddress address, NetInterface? ifp = null)
    {
        var a = In6.FromIPAddress(address);
        lock (Lock)
        {
            var st = NeighborInterface(a, address, ifp, "ndp");
            if (!st.Neighbors.Remove(a, out var e))
                throw new ErrnoException(Errno.ESRCH, "ndp");
            if (e.IsProxy)
                LeaveGroup(st, In6.SolicitedNode(a));
            e.FreeHold();
        }
    }

    /// <summary>
    /// ndp's <c>fix_ifindex</c>: the interface an entry for <paramref name="address"/> belongs
    /// on: the scope id's for a link-local address, else the interface of the connected prefix
    /// that covers it. Null for multicast, for a link-local address without a scope, and for an
    /// address only reached through a gateway or not at all.
    /// </summary>
    public NetInterface? FindNeighborInterface(IPAddress address)
    {
        var a = In6.FromIPAddress(address);
        if (In6.IsMulticast(a))
            return null;
        if (In6.IsLinkLocal(a))
            return address.ScopeId == 0 ? null : _stack.Vnet.FindInterface((int)address.ScopeId);
        lock (Lock)
        {
            var route = _routes.Lookup(a, null);
            return route is null || route.HasGateway ? null : route.Interface;
        }
    }

    /// <summary>The interface's neighbor discovery timers in milliseconds (<c>ndp -i</c>'s reachable and retrans).</summary>
    internal (int Reachable, int Retrans) GetNdTimers(NetInterface ifp)
    {
        lock (Lock)
        {
            var st = RequireState(ifp, "SIOCGIFINFO_IN6");
            return (st.ReachableMilliseconds, st.RetransMilliseconds);
        }
    }

    /// <summary><c>SIOCSIFINFO_IN6</c>'s timers: 0 leaves a value as it is, as the kernel's "unspecified".</summary>
    internal void SetNdTimers(NetInterface ifp, int reachableMilliseconds, int retransMilliseconds)
    {
        lock (Lock)
        {
            var st = RequireState(ifp, "SIOCSIFINFO_IN6");
            if (reachableMilliseconds > 0)
                st.ReachableMilliseconds = reachableMilliseconds;
            if (retransMilliseconds > 0)
                st.RetransMilliseconds = retransMilliseconds;
        }
    }

    private InterfaceState6 NeighborInterface(UInt128 a, IPAddress address, NetInterface? ifp, string operation)
    {
        if (ifp is null && address.ScopeId != 0)
            ifp = _stack.Vnet.FindInterface((int)address.ScopeId);
        if (ifp is null)
        {
            // ndp picks the interface whose connected prefix covers the address.
            var route = In6.NeedsScope(a) ? null : _routes.Lookup(a, null);
            if (route is null || route.HasGateway)
                throw new ErrnoException(Errno.EHOSTUNREACH, operation);
            ifp = route.Interface;
        }
        return RequireState(ifp, operation);
    }

    /// <summary>
    /// <c>nd6_cache_lladdr</c> for a solicitation's source link-layer option: create the entry
    /// STALE, or make it STALE when the address changed; static entries are never touched.
    /// </summary>
    private void LearnNeighbor(InterfaceState6 st, UInt128 address, MacAddress mac, bool? isRouter)
    {
        long now = NowMilliseconds;
        if (!st.Neighbors.TryGetValue(address, out var e))
        {
            if (st.Neighbors.Count >= MaxNeighborsPerInterface)
            {
                Stats.Inc(Icmp6Stat.icp6s_overflownndp);
                return;
            }
            st.Neighbors[address] = e = new NeighborEntry(st.Interface, address);
        }
        if (e.IsStatic)
            return;
        bool changed = e.LinkAddress != mac;
        e.LinkAddress = mac;
        if (isRouter is { } r)
            e.IsRouter = r;
        if (e.State == NeighborState.INCOMPLETE || changed)
        {
            SetState(st, e, NeighborState.STALE, now);
            ReleaseHold(e);
        }
    }

    private void SetState(InterfaceState6 st, NeighborEntry e, NeighborState state, long now)
    {
        e.State = state;
        e.Asked = 0;
        e.Deadline = state switch
        {
            NeighborState.REACHABLE => now + st.ReachableMilliseconds,
            NeighborState.STALE => now + Config.NdGcSeconds * 1000L,
            NeighborState.DELAY => now + Config.NdDelaySeconds * 1000L,
            _ => now + st.RetransMilliseconds,
        };
        RequestTimer(e.Deadline);
    }

    /// <summary>The address is known now: everything held for it goes out.</summary>
    private static void ReleaseHold(NeighborEntry e)
    {
        if (e.Hold is null || e.LinkAddress is not { } mac)
            return;
        while (e.Hold.TryDequeue(out var frame))
            PendingOutput.Add(e.Interface, frame, mac);
    }

    /// <summary>
    /// <c>nd6_resolve</c>: sends <paramref name="frame"/> to <paramref name="nextHop"/> on the
    /// interface, or holds it while a solicitation asks for the link address. Takes the frame.
    /// </summary>
    private void ResolveAndSend(InterfaceState6 st, Frame frame, UInt128 nextHop, UInt128 packetSource)
    {
        if (In6.IsMulticast(nextHop))
        {
            PendingOutput.Add(st.Interface, frame, In6.MulticastMac(nextHop));
            return;
        }
        long now = NowMilliseconds;
        if (!st.Neighbors.TryGetValue(nextHop, out var e))
        {
            if (st.Neighbors.Count >= MaxNeighborsPerInterface)
            {
                Stats.Inc(Icmp6Stat.icp6s_overflownndp);
                Stats.Inc(Ip6Stat.ip6s_odropped);
                frame.Free();
                return;
            }
            st.Neighbors[nextHop] = e = new NeighborEntry(st.Interface, nextHop);
        }
        if (e.LinkAddress is { } mac && e.State != NeighborState.INCOMPLETE)
        {
            if (e.State == NeighborState.STALE && !e.IsStatic)
                SetState(st, e, NeighborState.DELAY, now);
            PendingOutput.Add(st.Interface, frame, mac);
            return;
        }
        e.Hold ??= new Queue<Frame>();
        e.Hold.Enqueue(frame);
        while (e.Hold.Count > Math.Max(1, Config.NdMaxQueueLength))
        {
            // The queue is full: the oldest packet makes room (nd6_resolve_slow).
            e.Hold.Dequeue().Free();
            Stats.Inc(Ip6Stat.ip6s_odropped);
        }
        if (e.Asked == 0)
        {
            e.State = NeighborState.INCOMPLETE;
            e.Asked = 1;
            var source = FindOurAddress(packetSource, st.Interface) is { IsUsable: true } ? packetSource : SelectSource(nextHop, st);
            SendNeighborSolicitation(st, source, In6.SolicitedNode(nextHop), nextHop, null);
            e.Deadline = now + st.RetransMilliseconds;
            RequestTimer(e.Deadline);
        }
    }

    /// <summary><c>nd6_llinfo_timer</c> for every entry whose time has come.</summary>
    private void NeighborTimer(InterfaceState6 st, long now, ref long next)
    {
        // A step sends (solicitations, an address unreachable for a held packet), and sending
        // may add an entry to this very table: collect the due entries first, then step them.
        _due.Clear();
        foreach (var e in st.Neighbors.Values)
        {
            if (e.IsStatic || e.Deadline == 0)
                continue;
            if (e.Deadline <= now)
                _due.Add(e);
            else
                next = Math.Min(next, e.Deadline);
        }
        foreach (var e in _due)
        {
            // An earlier step may have replaced or removed it.
            if (!st.Neighbors.TryGetValue(e.Address, out var current) || current != e)
                continue;
            if (NeighborStep(st, e, now))
            {
                next = Math.Min(next, e.Deadline);
                continue;
            }
            st.Neighbors.Remove(e.Address);
            e.FreeHold();
        }
        _due.Clear();
    }

    /// <summary>One timer step of an entry; false when the entry is to be freed.</summary>
    private bool NeighborStep(InterfaceState6 st, NeighborEntry e, long now)
    {
        switch (e.State)
        {
            case NeighborState.INCOMPLETE:
                if (e.Asked < Config.NdMulticastMaxTries)
                {
                    e.Asked++;
                    SendNeighborSolicitation(st, SelectSource(e.Address, st), In6.SolicitedNode(e.Address), e.Address, null);
                    e.Deadline = now + st.RetransMilliseconds;
                    return true;
                }
                // Resolution failed: the first held packet earns its sender an address unreachable.
                if (e.Hold is not null && e.Hold.TryDequeue(out var first))
                {
                    SendError(first, st.Interface, Icmpv6Type.DestinationUnreachable, Icmpv6Type.UnreachAddress, 0);
                    first.Free();
                }
                return false;
            case NeighborState.REACHABLE:
                SetState(st, e, NeighborState.STALE, now);
                return true;
            case NeighborState.STALE:
                return false;
            case NeighborState.DELAY:
                if ((st.Flags & Nd6Flags.PERFORMNUD) == 0)
                {
                    SetState(st, e, NeighborState.STALE, now);
                    return true;
                }
                e.State = NeighborState.PROBE;
                e.Asked = 1;
                SendNeighborSolicitation(st, SelectSource(e.Address, st), e.Address, e.Address, e.LinkAddress);
                e.Deadline = now + st.RetransMilliseconds;
                return true;
            case NeighborState.PROBE:
                if (e.Asked < Config.NdUnicastMaxTries)
                {
                    e.Asked++;
                    SendNeighborSolicitation(st, SelectSource(e.Address, st), e.Address, e.Address, e.LinkAddress);
                    e.Deadline = now + st.RetransMilliseconds;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }
}

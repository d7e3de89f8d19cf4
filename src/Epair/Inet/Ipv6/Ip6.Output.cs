using System.Net;
using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv6.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

// ip6_output for packets this host makes: the route, the source address (in6_selectsrc), local
// delivery for our own addresses, fragmentation when the packet exceeds the link MTU.
public sealed partial class Ip6
{
    /// <summary>Where a packet to some destination goes.</summary>
    private readonly record struct NextHop(InterfaceState6? State, UInt128 Address, InterfaceAddress6? Local, Errno Error, bool Discard = false);

    /// <summary>
    /// Routes <paramref name="destination"/>: one of our addresses (delivered locally), a scoped
    /// address on <paramref name="scope"/>, or the longest-prefix route. Caller holds the lock.
    /// </summary>
    private NextHop Route(UInt128 destination, NetInterface? scope)
    {
        if (!In6.IsMulticast(destination) && FindOurAddress(destination, scope) is { } local)
            return new NextHop(StateOf(local.Interface), destination, local, Errno.None);
        if (In6.NeedsScope(destination))
        {
            var st = StateOf(scope);
            return st is null ? new NextHop(null, 0, null, Errno.EHOSTUNREACH) : new NextHop(st, destination, null, Errno.None);
        }
        var route = _routes.Lookup(destination, null);
        if (route is null || (route.Flags & Route6Flags.Reject) != 0)
            return new NextHop(null, 0, null, Errno.EHOSTUNREACH);
        if ((route.Flags & Route6Flags.Blackhole) != 0)
            return new NextHop(StateOf(route.Interface), destination, null, Errno.None, Discard: true);
        return new NextHop(StateOf(route.Interface), route.HasGateway ? route.Gateway : destination, null, Errno.None);
    }

    /// <summary>
    /// The source address a packet to <paramref name="destination"/> would carry: what
    /// <c>connect(2)</c> on a UDP socket leaves as the socket's own address (<c>in6_pcbladdr</c>),
    /// which is how <c>ping6</c> learns the address it prints. Our own address answers itself.
    /// </summary>
    /// <param name="destination">Where to; a link-local one needs its scope id or <paramref name="outgoing"/>.</param>
    /// <param name="outgoing">The interface to leave by (<c>IPV6_PKTINFO</c>, ping6's <c>-I</c>), or null to route.</param>
    /// <returns>One of our addresses, with its interface's scope id when link-local.</returns>
    /// <exception cref="ErrnoException">EHOSTUNREACH without a route (or a link-local destination
    /// without an interface); ENETUNREACH for a reject or blackhole network route (EHOSTUNREACH
    /// for a host route), as <c>in6_selectif</c> refuses them; EADDRNOTAVAIL when no address of
    /// ours is usable there (all tentative, say).</exception>
    public IPAddress SelectSourceAddress(IPAddress destination, NetInterface? outgoing = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var target = In6.FromIPAddress(destination);
        var scope = outgoing ?? (destination.ScopeId != 0 ? _stack.Vnet.FindInterface((int)destination.ScopeId) : null);
        lock (Lock)
        {
            if (In6.NeedsScope(target) && scope is null)
                throw new ErrnoException(Errno.EHOSTUNREACH, "connect");
            var hop = Route(target, scope);
            if (hop.Local is { } local)
                return In6.ToIPAddress(target, local.Interface.Index);
            if (!In6.NeedsScope(target) && _routes.Lookup(target, null) is { } route &&
                (route.Flags & (Route6Flags.Reject | Route6Flags.Blackhole)) != 0)
            {
                throw new ErrnoException((route.Flags & Route6Flags.Host) != 0 ? Errno.EHOSTUNREACH : Errno.ENETUNREACH, "connect");
            }
            if (hop.Error != Errno.None)
                throw new ErrnoException(hop.Error, "connect");
            var state = outgoing is null ? hop.State : StateOf(outgoing);
            var source = SelectSource(target, state);
            if (In6.IsUnspecified(source))
                throw new ErrnoException(Errno.EADDRNOTAVAIL, "connect");
            return In6.ToIPAddress(source, state?.Interface.Index ?? 0);
        }
    }

    /// <summary>
    /// <c>in6_selectsrc</c>, simplified RFC 6724: a usable address, preferring the outgoing
    /// interface, the destination's scope, non-deprecated, then the longest common prefix.
    /// Unspecified (0) when we have none.
    /// </summary>
    private UInt128 SelectSource(UInt128 destination, InterfaceState6? outgoing)
    {
        bool scoped = In6.NeedsScope(destination);
        UInt128 best = UInt128.Zero;
        int bestScore = -1;
        foreach (var st in _interfaces.Values)
        {
            if (scoped && st != outgoing)
                continue;
            foreach (var ia in st.Addresses)
            {
                if (!ia.IsUsable || (ia.Flags & In6AddressFlags.Anycast) != 0)
                    continue;
                // Never an address that breaks its own zone: a link-local address is a source
                // only on its own link (in6_selectsrc's zone check), so lo0's fe80::1 is never
                // the source of a packet leaving through an epair.
                if (In6.IsLinkLocal(ia.Address) && st != outgoing)
                    continue;
                // Rule 2 (appropriate scope): ::1 is interface-local, narrower than any link,
                // so a link-local address beats it for every destination but ::1 itself.
                if (In6.IsLoopback(ia.Address) && !In6.IsLoopback(destination))
                    continue;
                int score = In6.CommonPrefixLength(ia.Address, destination);
                if (In6.IsLinkLocal(ia.Address) == scoped)
                    score += 1000;
                if ((ia.Flags & In6AddressFlags.Deprecated) == 0)
                    score += 500;
                if (st == outgoing)
                    score += 250;
                if (score > bestScore)
                {
                    bestScore = score;
                    best = ia.Address;
                }
            }
        }
        return best;
    }

    /// <summary>
    /// Sends a packet this host made (header complete, at the Ethernet offset) along a route;
    /// fragments it when allowed and needed. Caller holds the lock.
    /// </summary>
    /// <param name="frame">The packet; taken whatever the outcome.</param>
    /// <param name="hop">Where it goes, from <see cref="Route"/>.</param>
    /// <param name="mayFragment">Fragment when larger than the link MTU (false for errors and forwarding).</param>
    /// <param name="loopMulticast">Also hand a copy to our own input when we are in the destination group
    /// (<c>IPV6_MULTICAST_LOOP</c>, on by default for sockets; neighbor discovery turns it off).</param>
    /// <param name="priority">An 802.1p priority for the packet (<c>IPV6_VLAN_PCP</c>), or -1.</param>
    private Errno SendLocked(Frame frame, NextHop hop, bool mayFragment, bool loopMulticast = false, int priority = -1)
    {
        Stats.Inc(Ip6Stat.ip6s_localout);
        // A reply may reuse a received frame: what it carried in (multicast flag, receive
        // interface, offload state) must not follow it out.
        ResetForOutput(frame);
        if (hop.Discard)
        {
            // A blackhole route swallows the packet and reports success, as ip6_output does.
            frame.Free();
            return Errno.None;
        }
        frame.PriorityCodePoint = (sbyte)priority;
        if (hop.Local is not null)
        {
            PendingOutput.AddLoopback(hop.Local.Interface, frame);
            return Errno.None;
        }
        var st = hop.State;
        if (st is null || st.IsDisabled || !st.Interface.IsUpAndRunning)
        {
            Stats.Inc(Ip6Stat.ip6s_odropped);
            frame.Free();
            return st is null ? Errno.EHOSTUNREACH : Errno.ENETDOWN;
        }
        if (loopMulticast && In6.IsMulticast(hop.Address) && st.Groups.ContainsKey(hop.Address))
        {
            // ip6_mloopback: a member of the group hears its own packet.
            var copy = Frames.Rent(frame.Length);
            frame.Data.CopyTo(copy.Data);
            PendingOutput.AddLoopback(st.Interface, copy);
        }
        int packetLength = frame.Length - EtherInput.HeaderLength;
        var destination = Ipv6Packet.CreateUnchecked(EtherOutput.Packet(frame)).Destination;
        int mtu = PathMtu(destination, st.Interface.Mtu);
        if (packetLength <= mtu)
        {
            ResolveAndSend(st, frame, hop.Address, Ipv6Packet.CreateUnchecked(EtherOutput.Packet(frame)).Source);
            return Errno.None;
        }
        if (!mayFragment)
        {
            Stats.Inc(Ip6Stat.ip6s_cantfrag);
            frame.Free();
            return Errno.EMSGSIZE;
        }
        return Fragment(st, frame, hop.Address, mtu);
    }

    /// <summary>
    /// <c>ip6_fragment</c>: splits a packet with no extension headers into fragments that fit
    /// the link (RFC 8200, section 4.5), each through neighbor resolution. Takes the frame.
    /// </summary>
    private Errno Fragment(InterfaceState6 st, Frame frame, UInt128 nextHop, int mtu)
    {
        var whole = Ipv6Packet.CreateUnchecked(EtherOutput.Packet(frame));
        int chunk = (mtu - Ipv6Packet.HeaderLength - FragmentHeader.Length) & ~7;
        if (chunk < 8)
        {
            Stats.Inc(Ip6Stat.ip6s_cantfrag);
            frame.Free();
            return Errno.EMSGSIZE;
        }
        uint id = NextFragmentId();
        var payload = whole.Payload;
        var header = Ipv6Repr.Parse(whole);
        int count = 0;
        for (int offset = 0; offset < payload.Length; offset += chunk)
        {
            int length = Math.Min(chunk, payload.Length - offset);
            bool more = offset + length < payload.Length;
            var piece = EtherOutput.Rent(Frames, Ipv6Packet.HeaderLength + FragmentHeader.Length + length);
            piece.PriorityCodePoint = frame.PriorityCodePoint; // fragments keep the packet's priority
            var bytes = EtherOutput.Packet(piece);
            (header with { NextHeader = IpProtocol.Fragment, PayloadLength = FragmentHeader.Length + length }).Emit(bytes);
            FragmentHeader.CreateUnchecked(bytes[Ipv6Packet.HeaderLength..]).Emit(header.NextHeader, offset, more, id);
            payload.Slice(offset, length).CopyTo(bytes[(Ipv6Packet.HeaderLength + FragmentHeader.Length)..]);
            ResolveAndSend(st, piece, nextHop, header.Source);
            count++;
        }
        frame.Free();
        Stats.Inc(Ip6Stat.ip6s_fragmented);
        Stats.Add(Ip6Stat.ip6s_ofragments, count);
        return Errno.None;
    }

    private uint _fragmentId = (uint)Random.Shared.Next();

    /// <summary>Fragment identifications: unpredictable start, then a counter (RFC 7739 asks only that they not repeat soon).</summary>
    private uint NextFragmentId() => ++_fragmentId;

    private static void ResetForOutput(Frame frame)
    {
        frame.ClearMetadata();
        frame.Flags = FrameFlags.None;
        frame.ReceiveInterface = null;
    }
}

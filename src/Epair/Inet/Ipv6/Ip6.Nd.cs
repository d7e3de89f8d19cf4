using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv6.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

// Neighbor solicitation and advertisement (RFC 4861, section 7; nd6_nbr.c nd6_ns_input,
// nd6_na_input, nd6_ns_output, nd6_na_output).
public sealed partial class Ip6
{
    /// <summary>Rents a frame for an ICMPv6 message of <paramref name="icmpLength"/> bytes with its IPv6 header written.</summary>
    private Frame RentIcmp(int icmpLength, UInt128 source, UInt128 destination, byte hopLimit)
    {
        var frame = EtherOutput.Rent(Frames, Ipv6Packet.HeaderLength + icmpLength);
        new Ipv6Repr(source, destination, IpProtocol.Icmpv6, icmpLength, hopLimit).Emit(EtherOutput.Packet(frame));
        return frame;
    }

    private static Span<byte> IcmpBody(Frame frame) => EtherOutput.Packet(frame)[Ipv6Packet.HeaderLength..];

    /// <summary>
    /// <c>nd6_ns_output</c>. <paramref name="unicastTo"/> is the cached link address for a NUD probe;
    /// otherwise the solicitation goes to the multicast group. DAD (unspecified source) carries no
    /// source link-layer option (RFC 4861, section 4.3).
    /// </summary>
    private void SendNeighborSolicitation(InterfaceState6 st, UInt128 source, UInt128 destination, UInt128 target, MacAddress? unicastTo)
    {
        bool withOption = !In6.IsUnspecified(source);
        int length = Icmpv6Packet.NeighborMessageLength + (withOption ? NdOptions.LinkAddressLength : 0);
        var frame = RentIcmp(length, source, destination, 255);
        var icmp = Icmpv6Packet.CreateUnchecked(IcmpBody(frame));
        icmp.Type = Icmpv6Type.NeighborSolicitation;
        icmp.Code = 0;
        icmp.Word = 0;
        icmp.Target = target;
        if (withOption)
            NdOptions.WriteLinkAddress(icmp.NeighborOptions, NdOptions.SourceLinkAddress, st.Interface.MacAddress);
        icmp.FillChecksum(source, destination);
        Stats.IncIcmpOut(Icmpv6Type.NeighborSolicitation);
        PendingOutput.Add(st.Interface, frame, unicastTo ?? In6.MulticastMac(destination));
    }

    /// <summary>
    /// <c>nd6_na_output</c>, always with the target link-layer option: our MAC, or
    /// <paramref name="targetLink"/> when we answer for a proxy entry.
    /// </summary>
    private void SendNeighborAdvertisement(InterfaceState6 st, UInt128 source, UInt128 destination, UInt128 target, uint flags, MacAddress? unicastTo,
        MacAddress? targetLink = null)
    {
        var frame = RentIcmp(Icmpv6Packet.NeighborMessageLength + NdOptions.LinkAddressLength, source, destination, 255);
        var icmp = Icmpv6Packet.CreateUnchecked(IcmpBody(frame));
        icmp.Type = Icmpv6Type.NeighborAdvertisement;
        icmp.Code = 0;
        icmp.Word = flags;
        icmp.Target = target;
        NdOptions.WriteLinkAddress(icmp.NeighborOptions, NdOptions.TargetLinkAddress, targetLink ?? st.Interface.MacAddress);
        icmp.FillChecksum(source, destination);
        Stats.IncIcmpOut(Icmpv6Type.NeighborAdvertisement);
        PendingOutput.Add(st.Interface, frame, unicastTo ?? In6.MulticastMac(destination));
    }

    /// <summary><c>nd6_ns_input</c>; the message is valid ICMPv6 already. The frame stays the caller's.</summary>
    private void NeighborSolicitationInput(InterfaceState6 st, Ipv6Repr ip, Icmpv6Packet icmp)
    {
        if (ip.HopLimit != 255 || icmp.Code != 0 || icmp.Bytes.Length < Icmpv6Packet.NeighborMessageLength)
        {
            Stats.Inc(ip.HopLimit != 255 ? Icmp6Stat.icp6s_invlhlim : Icmp6Stat.icp6s_badns);
            return;
        }
        var target = icmp.Target;
        bool dad = In6.IsUnspecified(ip.Source);
        if (In6.IsMulticast(target) ||
            (dad && ip.Destination != In6.SolicitedNode(target)) ||
            !NdOptions.TryFindLinkAddress(icmp.NeighborOptions, NdOptions.SourceLinkAddress, out var sourceLink) ||
            (dad && sourceLink is not null))
        {
            Stats.Inc(Icmp6Stat.icp6s_badns);
            return;
        }
        var ia = st.FindAddress(target);
        if (ia is null)
        {
            ProxyAdvertisement(st, ip, target, dad, sourceLink);
            return;
        }
        if ((ia.Flags & In6AddressFlags.Duplicated) != 0)
            return;
        if ((ia.Flags & In6AddressFlags.Tentative) != 0)
        {
            // Someone else is doing DAD for our tentative address: it is theirs too (RFC 4862, 5.4.3).
            if (dad)
                DadDuplicated(st, ia);
            return;
        }
        if (dad)
        {
            // Answer a DAD probe for an address we own to all nodes (RFC 4861, 7.2.4).
            SendNeighborAdvertisement(st, target, In6.AllNodes, target, AdvertisementFlags(solicited: false), null);
            return;
        }
        if (sourceLink is { } mac)
            LearnNeighbor(st, ip.Source, mac, isRouter: null);
        MacAddress? replyTo = sourceLink ?? (st.Neighbors.TryGetValue(ip.Source, out var e) ? e.LinkAddress : null);
        SendNeighborAdvertisement(st, target, ip.Source, target, AdvertisementFlags(solicited: true), replyTo);
    }

    /// <summary>
    /// nd6_ns_input for a target that is not ours: a proxy entry (<c>ndp -s … proxy</c>,
    /// LLE_PUB) is answered with its link address and without the override flag, so that the
    /// real owner's own advertisement wins.
    /// </summary>
    private void ProxyAdvertisement(InterfaceState6 st, Ipv6Repr ip, UInt128 target, bool dad, MacAddress? sourceLink)
    {
        if (!st.Neighbors.TryGetValue(target, out var proxy) || !proxy.IsProxy || proxy.LinkAddress is not { } proxyLink)
            return;
        uint flags = AdvertisementFlags(solicited: !dad) & ~Icmpv6Type.NaOverride;
        if (dad)
        {
            SendNeighborAdvertisement(st, SelectSource(In6.AllNodes, st), In6.AllNodes, target, flags, null, proxyLink);
            return;
        }
        if (sourceLink is { } mac)
            LearnNeighbor(st, ip.Source, mac, isRouter: null);
        MacAddress? replyTo = sourceLink ?? (st.Neighbors.TryGetValue(ip.Source, out var e) ? e.LinkAddress : null);
        SendNeighborAdvertisement(st, SelectSource(ip.Source, st), ip.Source, target, flags, replyTo, proxyLink);
    }

    /// <summary><c>nd6_na_input</c>: DAD collisions, then the neighbor cache update rules of RFC 4861, section 7.2.5.</summary>
    private void NeighborAdvertisementInput(InterfaceState6 st, Ipv6Repr ip, Icmpv6Packet icmp)
    {
        if (ip.HopLimit != 255 || icmp.Code != 0 || icmp.Bytes.Length < Icmpv6Packet.NeighborMessageLength)
        {
            Stats.Inc(ip.HopLimit != 255 ? Icmp6Stat.icp6s_invlhlim : Icmp6Stat.icp6s_badna);
            return;
        }
        uint flags = icmp.Word;
        bool solicited = (flags & Icmpv6Type.NaSolicited) != 0;
        bool overrideFlag = (flags & Icmpv6Type.NaOverride) != 0;
        bool router = (flags & Icmpv6Type.NaRouter) != 0;
        var target = icmp.Target;
        if (In6.IsMulticast(target) || (solicited && In6.IsMulticast(ip.Destination)) ||
            !NdOptions.TryFindLinkAddress(icmp.NeighborOptions, NdOptions.TargetLinkAddress, out var targetLink))
        {
            Stats.Inc(Icmp6Stat.icp6s_badna);
            return;
        }
        var ia = st.FindAddress(target);
        if (ia is not null)
        {
            if ((ia.Flags & In6AddressFlags.Tentative) != 0)
                DadDuplicated(st, ia);
            // Otherwise someone claims an address we hold: FreeBSD only logs "duplicate IP6 address".
            return;
        }
        if (!st.Neighbors.TryGetValue(target, out var entry) || entry.IsStatic)
            return;
        long now = NowMilliseconds;
        if (entry.State == NeighborState.INCOMPLETE)
        {
            if (targetLink is not { } mac)
                return;
            entry.LinkAddress = mac;
            entry.IsRouter = router;
            SetState(st, entry, solicited ? NeighborState.REACHABLE : NeighborState.STALE, now);
            ReleaseHold(entry);
            return;
        }
        bool changed = targetLink is { } link && link != entry.LinkAddress;
        if (!overrideFlag && changed)
        {
            // Keep the cached address, but stop trusting it (RFC 4861, 7.2.5).
            if (entry.State == NeighborState.REACHABLE)
                SetState(st, entry, NeighborState.STALE, now);
            return;
        }
        if (targetLink is { } newLink)
            entry.LinkAddress = newLink;
        if (solicited)
            SetState(st, entry, NeighborState.REACHABLE, now);
        else if (changed)
            SetState(st, entry, NeighborState.STALE, now);
        entry.IsRouter = router;
    }
}

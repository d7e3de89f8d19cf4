namespace Epair.Inet.Ipv6;

// Duplicate address detection (RFC 4862, section 5.4; nd6_nbr.c nd6_dad_*): a tentative address
// sends dad_count solicitations from the unspecified address one RetransTimer apart; a reply or
// someone else's DAD for the same address marks it duplicated, silence makes it usable.
public sealed partial class Ip6
{
    private void StartDad(InterfaceState6 st, InterfaceAddress6 ia)
    {
        if (!DoesDad(st, ia))
        {
            ia.Flags &= ~In6AddressFlags.Tentative;
            return;
        }
        ia.DadSent = 0;
        DadStep(st, ia, NowMilliseconds);
    }

    private void DadStep(InterfaceState6 st, InterfaceAddress6 ia, long now)
    {
        if (ia.DadSent < Config.DadCount)
        {
            ia.DadSent++;
            SendNeighborSolicitation(st, UInt128.Zero, In6.SolicitedNode(ia.Address), ia.Address, null);
            ia.DadDeadline = now + st.RetransMilliseconds;
            RequestTimer(ia.DadDeadline);
            return;
        }
        // No one answered: the address is ours (nd6_dad_timer, "DAD complete").
        ia.DadDeadline = 0;
        ia.Flags &= ~In6AddressFlags.Tentative;
    }

    private void DadTimer(InterfaceState6 st, long now, ref long next)
    {
        foreach (var ia in st.Addresses)
        {
            if (ia.DadDeadline == 0)
                continue;
            if (ia.DadDeadline <= now)
                DadStep(st, ia, now);
            if (ia.DadDeadline != 0)
                next = Math.Min(next, ia.DadDeadline);
        }
    }

    /// <summary><c>nd6_dad_duplicated</c>: the address is someone else's; a duplicated hardware-derived link-local disables IPv6 on the link.</summary>
    private static void DadDuplicated(InterfaceState6 st, InterfaceAddress6 ia)
    {
        ia.DadDeadline = 0;
        ia.Flags = (ia.Flags & ~In6AddressFlags.Tentative) | In6AddressFlags.Duplicated;
        if (In6.IsLinkLocal(ia.Address) && ia.Address == In6.LinkLocalFromMac(st.Interface.MacAddress))
            st.Flags |= Nd6Flags.IFDISABLED;
    }
}

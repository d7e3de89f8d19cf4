using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

// What ARP asks of the address list (the lookups in_arpinput and lltable do).
public sealed partial class Ip4
{
    /// <summary>
    /// in_arpinput's choice of "my address": the target if it is ours on <paramref name="ifp"/>,
    /// else the sender's if that is ours (a duplicate), else the interface's first address.
    /// False when the interface has no IPv4 address.
    /// </summary>
    internal bool TryFindArpAddressLocked(NetInterface ifp, uint target, uint sender, out uint myAddress)
    {
        uint first = 0;
        bool senderIsOurs = false;
        foreach (var ia in _addresses)
        {
            if (!ReferenceEquals(ia.Interface, ifp))
                continue;
            if (ia.AddressValue == target)
            {
                myAddress = target;
                return true;
            }
            if (ia.AddressValue == sender)
                senderIsOurs = true;
            if (first == 0)
                first = ia.AddressValue;
        }
        myAddress = senderIsOurs ? sender : first;
        return myAddress != 0;
    }

    /// <summary>True when <paramref name="address"/> is on a network of <paramref name="ifp"/> (lltable's check).</summary>
    internal bool IsOnLinkLocked(NetInterface ifp, uint address)
    {
        foreach (var ia in _addresses)
        {
            if (ReferenceEquals(ia.Interface, ifp) && ia.Contains(address))
                return true;
        }
        return false;
    }
}

using System.Net;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

/// <summary>An IPv4 address assigned to an interface (<c>struct in_ifaddr</c>).</summary>
public sealed class InterfaceAddress4
{
    internal InterfaceAddress4(NetInterface ifp, uint address, int prefixLength)
    {
        Interface = ifp;
        AddressValue = address;
        PrefixLength = prefixLength;
        MaskValue = InAddr.Mask(prefixLength);
        // A /31 or /32 has no broadcast address (RFC 3021).
        BroadcastValue = prefixLength >= 31 ? 0 : address | ~MaskValue;
    }

    internal uint AddressValue { get; }
    internal uint MaskValue { get; }
    internal uint BroadcastValue { get; }
    internal uint NetworkValue => AddressValue & MaskValue;

    /// <summary>The interface the address is on (<c>ia_ifp</c>).</summary>
    public NetInterface Interface { get; }

    /// <summary>The address (<c>ia_addr</c>).</summary>
    public IPAddress Address => InAddr.ToIPAddress(AddressValue);

    /// <summary>The prefix length of the netmask (<c>ia_sockmask</c>).</summary>
    public int PrefixLength { get; }

    /// <summary>The broadcast address (<c>ia_broadaddr</c>), or null for /31 and /32 and on loopback.</summary>
    public IPAddress? Broadcast => BroadcastValue == 0 ? null : InAddr.ToIPAddress(BroadcastValue);

    internal bool Contains(uint address) => (address & MaskValue) == NetworkValue;

    /// <inheritdoc />
    public override string ToString() => $"inet {Address}/{PrefixLength} on {Interface.Name}";
}

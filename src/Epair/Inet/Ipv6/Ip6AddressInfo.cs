using System.Globalization;
using System.Net;
using System.Text;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

/// <summary>An IPv6 address on an interface, as <c>ifconfig</c> shows it.</summary>
/// <param name="Address">The address; link-local ones carry the interface index as scope id.</param>
/// <param name="PrefixLength">The prefix length.</param>
/// <param name="Flags">Tentative, duplicated, deprecated, autoconf, …</param>
/// <param name="Interface">The interface it is on.</param>
public readonly record struct Ip6AddressInfo(IPAddress Address, int PrefixLength, In6AddressFlags Flags, NetInterface Interface)
{
    /// <summary>The <c>ifconfig</c> line: <c>inet6 fe80::1%epair0a prefixlen 64 tentative scopeid 0x2</c>.</summary>
    public string ToIfconfigString()
    {
        var text = new StringBuilder("inet6 ");
        var plain = new IPAddress(Address.GetAddressBytes());
        text.Append(plain);
        if (Address.ScopeId != 0)
            text.Append('%').Append(Interface.Name);
        text.Append(" prefixlen ").Append(PrefixLength.ToString(CultureInfo.InvariantCulture));
        if ((Flags & In6AddressFlags.Anycast) != 0) text.Append(" anycast");
        if ((Flags & In6AddressFlags.Tentative) != 0) text.Append(" tentative");
        if ((Flags & In6AddressFlags.Duplicated) != 0) text.Append(" duplicated");
        if ((Flags & In6AddressFlags.Detached) != 0) text.Append(" detached");
        if ((Flags & In6AddressFlags.Deprecated) != 0) text.Append(" deprecated");
        if ((Flags & In6AddressFlags.Autoconf) != 0) text.Append(" autoconf");
        if ((Flags & In6AddressFlags.Temporary) != 0) text.Append(" temporary");
        if ((Flags & In6AddressFlags.PreferSource) != 0) text.Append(" prefer_source");
        if (Address.ScopeId != 0)
            text.Append(" scopeid 0x").Append(Address.ScopeId.ToString("x", CultureInfo.InvariantCulture));
        return text.ToString();
    }
}

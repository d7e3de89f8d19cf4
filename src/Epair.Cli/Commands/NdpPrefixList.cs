using System.Globalization;
using System.Net;
using System.Text;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// ndp.c's plist (<c>ndp -p</c>) for a stack without router advertisements: the prefixes the
/// kernel makes for configured addresses (in6_addifaddr, and the link-local /64 of
/// in6_ifattach_linklocal), on-link, with infinite lifetimes and no advertising router.
/// </summary>
internal static class NdpPrefixList
{
    public static string Describe(CommandContext context)
    {
        var ip6 = context.Vnet.Inet.Ipv6;
        var text = new StringBuilder();
        // nd6_prelist_add inserts at the head of the list: the newest prefix prints first.
        var interfaces = new List<NetInterface>(context.Vnet.Interfaces);
        for (int i = interfaces.Count - 1; i >= 0; i--)
        {
            IReadOnlyList<Ip6AddressInfo> addresses;
            try
            {
                addresses = ip6.GetAddresses(interfaces[i]);
            }
            catch (ErrnoException)
            {
                continue; // no IPv6 on this interface
            }
            AppendPrefixes(text, interfaces[i], addresses);
        }
        return text.ToString();
    }

    private static void AppendPrefixes(StringBuilder text, NetInterface ifp, IReadOnlyList<Ip6AddressInfo> addresses)
    {
        var seen = new List<(UInt128 Prefix, int Length)>();
        for (int i = addresses.Count - 1; i >= 0; i--)
        {
            var ia = addresses[i];
            // A /128 makes no prefix.
            if (ia.PrefixLength >= 128)
                continue;
            var prefix = In6.FromIPAddress(ia.Address) & In6.Mask(ia.PrefixLength);
            if (seen.Contains((prefix, ia.PrefixLength)))
                continue;
            seen.Add((prefix, ia.PrefixLength));
            int users = 0;
            foreach (var other in addresses)
            {
                if (other.PrefixLength == ia.PrefixLength && In6.PrefixMatches(In6.FromIPAddress(other.Address), prefix, ia.PrefixLength))
                    users++;
            }
            // The link-local prefix is made "autonomous" (probably meaningless, says in6_ifattach.c).
            bool autonomous = In6.IsLinkLocal(prefix) || (ia.Flags & In6AddressFlags.Autoconf) != 0;
            var shown = In6.ToIPAddress(prefix, ifp.Index);
            var name = shown.ScopeId != 0 ? new IPAddress(shown.GetAddressBytes()) + "%" + ifp.Name : shown.ToString();
            text.Append(CultureInfo.InvariantCulture, $"{name}/{ia.PrefixLength} if={ifp.Name}\n");
            text.Append(CultureInfo.InvariantCulture,
                $"flags=L{(autonomous ? "A" : "")}O vltime=infinity, pltime=infinity, expire=Never, ref={users}\n");
            text.Append("  No advertising router\n");
        }
    }
}

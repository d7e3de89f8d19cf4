using System.Globalization;
using System.Net;
using System.Text;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// ifmcstat(8) over <c>getifmaddrs</c>, as FreeBSD 14 prints it: per interface that has joined
/// anything, the link-local address (with the per-link MLD line) and each IPv6 group, newest
/// first, with its filter mode and its Ethernet group. <c>-i IF</c> and <c>-f inet|inet6|link</c>
/// filter. This stack joins no IPv4 groups (no IGMP), so <c>inet</c> lists nothing.
/// </summary>
internal static class IfmcstatCommand
{
    public static readonly CommandInfo Info = new("ifmcstat", Run, Exclusive: false);

    private const string Program = "ifmcstat";

    private const string UsageText = "usage: ifmcstat [-i interface] [-f address family] [-v] [-K] [-M core] [-N system]";

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var getopt = new Getopt(args, "i:f:vKM:N:", message => context.Warn(Program, message));
        NetInterface? only = null;
        string? family = null;
        bool verbose = false;
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'i':
                    only = context.Vnet.FindInterface(getopt.Argument!);
                    if (only is null)
                    {
                        // fprintf(stderr, …), not err(3): no program name in front.
                        context.Err.WriteLine($"{getopt.Argument}: unknown interface");
                        return ExitCodes.NoHost;
                    }
                    break;
                case 'f':
                    if (getopt.Argument is not ("inet" or "inet6" or "link"))
                    {
                        context.Err.WriteLine($"{getopt.Argument}: unknown address family");
                        return ExitCodes.Usage;
                    }
                    family = getopt.Argument;
                    break;
                case 'v':
                    verbose = true;
                    break;
                case 'K' or 'M' or 'N':
                    // The kvm(3) backend reads a kernel's memory; there is none here but the sysctl one.
                    break;
                default:
                    return context.Usage(UsageText);
            }
        }
        if (getopt.Remaining.Count > 0 || (family == "link" && verbose))
            return context.Usage(UsageText);

        var output = new StringBuilder();
        foreach (var ifp in context.Vnet.Interfaces)
        {
            if (only is null || ReferenceEquals(ifp, only))
                AppendInterface(output, context, ifp, family);
        }
        context.Out.Write(output.ToString());
        return 0;
    }

    private static void AppendInterface(StringBuilder output, CommandContext context, NetInterface ifp, string? family)
    {
        var inv = CultureInfo.InvariantCulture;
        var groups = family is null or "inet6" ? context.Vnet.Inet.Ipv6.GetMulticastGroups(ifp) : [];
        // The banner comes with the first membership that passes the family filter; the link
        // layer's own groups pass when no family is asked for (and print nothing more without -v).
        bool linkGroups = family is null or "link" && ifp.MulticastAddresses.Count > 0;
        if (groups.Count == 0 && !linkGroups)
            return;
        output.Append(inv, $"{ifp.Name}:\n");
        if (groups.Count == 0)
            return;
        // Joins happen on the link-local address: without one the groups are not shown.
        IPAddress? linkLocal = null;
        foreach (var a in context.Vnet.Inet.Ipv6.GetAddresses(ifp))
        {
            if (a.Address.IsIPv6LinkLocal)
            {
                linkLocal = a.Address;
                break;
            }
        }
        if (linkLocal is null)
            return;
        output.Append(inv, $"\tinet6 {Scoped(linkLocal, ifp)}\n");
        // mld_ifinfo as mli_alloc_locked leaves it: MLDv2 with the RFC 3810 defaults; a loopback is silent.
        bool loopback = (ifp.Flags & InterfaceFlags.Loopback) != 0;
        output.Append(loopback ? "\tmldv2 flags=3<SILENT,USEALLOW>" : "\tmldv2 flags=2<USEALLOW>");
        output.Append(" rv 2 qi 125 qri 10 uri 3\n");
        foreach (var group in groups)
        {
            // Every group here is an any-source join: exclude mode with no sources.
            output.Append(inv, $"\t\tgroup {Scoped(group, ifp)} mode exclude\n");
            // A loopback resolves no link-layer group (if_resolvemulti leaves ifma_lladdr empty).
            if (!loopback)
                output.Append(inv, $"\t\t\tmcast-macaddr {EthernetGroup(group)}\n");
        }
    }

    // RFC 2464, section 7: 33:33 and the group's last four bytes, as getnameinfo prints a link address.
    private static string EthernetGroup(IPAddress group)
    {
        var b = group.GetAddressBytes();
        return string.Create(CultureInfo.InvariantCulture, $"33:33:{b[12]:x2}:{b[13]:x2}:{b[14]:x2}:{b[15]:x2}");
    }

    // inet6_n2a with the scope id: getnameinfo's "%zone", then " scopeid 0xN".
    private static string Scoped(IPAddress address, NetInterface ifp)
    {
        if (address.ScopeId == 0)
            return address.ToString();
        var bare = new IPAddress(address.GetAddressBytes());
        return string.Create(CultureInfo.InvariantCulture, $"{bare}%{ifp.Name} scopeid 0x{address.ScopeId:x}");
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Epair.Cli.Output;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// ndp(8) as FreeBSD 14 and later build it (ndp.c over netlink): <c>ndp [-nt] -a|-c</c>,
/// <c>ndp [-nt] host</c>, <c>ndp -d host</c>, <c>ndp -s host ether [temp] [proxy]</c>,
/// <c>ndp -f file</c>, <c>ndp -i IF [flags…]</c>, <c>ndp -p</c> (the prefixes of configured
/// addresses), and the router commands as far as a stack without router advertisements has
/// anything to show. Usage goes to stdout, exit 1.
/// </summary>
internal static class NdpCommand
{
    public static readonly CommandInfo Info = new("ndp", Run);

    private const string Program = "ndp";

    private const string UsageText =
        "usage: ndp [-nt] hostname\n" +
        "       ndp [-nt] -a | -c | -p | -r | -H | -P | -R\n" +
        "       ndp [-nt] -A wait\n" +
        "       ndp [-nt] -d hostname\n" +
        "       ndp [-nt] -f filename\n" +
        "       ndp [-nt] -i interface [flags...]\n" +
        "       ndp [-nt] -I [interface|delete]\n" +
        "       ndp [-nt] -s nodename etheraddr [temp] [proxy]\n";

    /// <summary>gai_strerror(EAI_NONAME): what getaddrinfo says when a name is no IPv6 literal (we have no resolver).</summary>
    private const string NoName = "hostname nor servname provided, or not known";

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var getopt = new Getopt(args, "acd:f:Ii:nprstA:HPR", message => context.Warn(Program, message));
        char mode = '\0';
        string? argument = null;
        bool timestamps = false;
        while (getopt.Next())
        {
            char option = getopt.Option;
            switch (option)
            {
                case 'a' or 'c' or 'p' or 'r' or 'H' or 'P' or 'R' or 's' or 'I' or 'd' or 'i':
                    if (mode != '\0')
                        return Usage(context);
                    mode = option;
                    argument = getopt.Argument;
                    break;
                case 'A':
                    // -A repeats the table every "wait" seconds over the routing socket; the
                    // netlink ndp of FreeBSD 14 checks the number and prints the table once.
                    if (mode != '\0' || !int.TryParse(getopt.Argument, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int wait) || wait < 0)
                        return Usage(context);
                    mode = 'a';
                    break;
                case 'f':
                    return File(context, getopt.Argument!);
                case 'n':
                    break; // addresses are always printed as numbers here
                case 't':
                    timestamps = true;
                    break;
                default:
                    return Usage(context);
            }
        }
        var rest = getopt.Remaining;
        var table = new NeighborTable(context, timestamps);
        switch (mode)
        {
            case 'a' or 'c':
                if (rest.Count != 0)
                    return Usage(context);
                table.Dump(null, clear: mode == 'c');
                return 0;
            case 'd':
                if (rest.Count != 0)
                    return Usage(context);
                _ = table.Delete(argument!, null, warn: true);
                return 0;
            case 's':
                return rest.Count is < 2 or > 4 ? Usage(context) : table.Set(rest);
            case 'i':
                return NdpInterfaceInfo.Run(context, argument!, rest);
            case 'I':
                return DefaultInterface(context, rest);
            case 'p':
                if (rest.Count != 0)
                    return Usage(context);
                context.Out.Write(NdpPrefixList.Describe(context));
                return 0;
            case 'r' or 'H' or 'P' or 'R':
                // No router advertisements here: no default routers and no prefixes learned from
                // them, so the list is empty and the flushes have nothing to flush.
                return rest.Count != 0 ? Usage(context) : 0;
            default:
                return rest.Count != 1 ? Usage(context) : table.Get(rest[0]);
        }
    }

    /// <summary>usage(): ndp prints it on stdout.</summary>
    private static int Usage(CommandContext context)
    {
        context.Out.Write(UsageText);
        return 1;
    }


    /// <summary>-I: there is never a default interface here (it is set by the kernel's ND default-router code).</summary>
    private static int DefaultInterface(CommandContext context, IReadOnlyList<string> rest)
    {
        if (rest.Count > 1)
            return Usage(context);
        if (rest.Count == 1)
        {
            if (rest[0] != "delete" && context.Vnet.FindInterface(rest[0]) is null)
                return context.Fail(Program, $"invalid interface {rest[0]}");
            if (rest[0] != "delete")
                return context.Fail(Program, $"ioctl(SIOCSDEFIFACE_IN6): {ErrnoText.Of(Errno.EOPNOTSUPP)}");
        }
        context.Out.Write("No default interface.\n");
        return 0;
    }

    /// <summary>getaddr: an IPv6 literal, with <c>%interface</c> or <c>%index</c> for its scope.</summary>
    internal static IPAddress? ParseHost(CommandContext context, string host)
    {
        int percent = host.IndexOf('%', StringComparison.Ordinal);
        var literal = percent < 0 ? host : host[..percent];
        if (!IPAddress.TryParse(literal, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6 || literal.Contains('%', StringComparison.Ordinal))
            return null;
        if (percent < 0)
            return address;
        var scope = host[(percent + 1)..];
        long index = context.Vnet.FindInterface(scope)?.Index ?? 0;
        if (index == 0 && !long.TryParse(scope, NumberStyles.None, CultureInfo.InvariantCulture, out index))
            return null;
        return new IPAddress(address.GetAddressBytes(), address.IsIPv6LinkLocal ? index : 0);
    }

    /// <summary>file: one <c>-s</c> per line; <c>#</c> starts a comment; status 1 when any line failed.</summary>
    private static int File(CommandContext context, string name)
    {
        string[] lines;
        try
        {
            lines = System.IO.File.ReadAllLines(Path.Combine(context.WorkingDirectory, name));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? Errno.ENOENT : Errno.EACCES;
            return context.Fail(Program, $"cannot open {name}: {ErrnoText.Of(reason)}");
        }
        var table = new NeighborTable(context, timestamps: false);
        int status = 0;
        foreach (var raw in lines)
        {
            int hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = hash < 0 ? raw : raw[..hash];
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
                continue;
            if (words.Length < 2)
            {
                context.Warn(Program, $"bad line: {line}");
                status = 1;
                continue;
            }
            if (table.Set(words.Length > 5 ? words[..5] : words) != 0)
                status = 1;
        }
        return status;
    }

    /// <summary>The neighbor cache of the command's vnet, as ndp lists, sets and deletes it.</summary>
    private sealed class NeighborTable(CommandContext context, bool timestamps)
    {
        private Ip6 Ip6 => context.Vnet.Inet.Ipv6;

        /// <summary>print_entries_nl: the header (not with -t or -c), then each entry; -c deletes instead of printing.</summary>
        public int Dump(IPAddress? only, bool clear)
        {
            if (!timestamps && !clear)
                context.Out.Write(NdpEntryFormat.Header);
            int count = 0;
            foreach (var (entry, own) in Snapshot())
            {
                if (only is not null && !(entry.Address.Equals(only) && entry.Address.ScopeId == only.ScopeId))
                    continue;
                count++;
                if (clear)
                {
                    // -c deletes quietly; our own addresses refuse (EPERM) and stay.
                    if (!own)
                        _ = Delete(new IPAddress(entry.Address.GetAddressBytes()).ToString(), entry.Interface, warn: false);
                    continue;
                }
                if (timestamps)
                    context.Out.Write(DateTimeOffset.Now.ToString("HH:mm:ss.ffffff ", CultureInfo.InvariantCulture));
                context.Out.Write(NdpEntryFormat.Line(entry));
            }
            return count;
        }

        /// <summary>
        /// The kernel's lltables, interface by interface: the neighbor cache and the entries of
        /// our own addresses (nd6_add_ifa_lle: static, REACHABLE, never on loopback interfaces).
        /// </summary>
        private List<(NeighborInfo Entry, bool Own)> Snapshot()
        {
            var list = new List<(NeighborInfo, bool)>();
            foreach (var n in Ip6.GetNeighbors())
                list.Add((n, false));
            foreach (var ifp in context.Vnet.Interfaces)
            {
                foreach (var ia in OwnAddresses(ifp))
                    list.Add((new NeighborInfo(ia.Address, ifp.MacAddress, ifp, NeighborState.REACHABLE, true, false, null), true));
            }
            list.Sort(static (x, y) =>
            {
                int byInterface = x.Item1.Interface.Index.CompareTo(y.Item1.Interface.Index);
                return byInterface != 0 ? byInterface : In6.FromIPAddress(x.Item1.Address).CompareTo(In6.FromIPAddress(y.Item1.Address));
            });
            return list;
        }

        private IReadOnlyList<Ip6AddressInfo> OwnAddresses(NetInterface ifp)
        {
            if (!HasLinkLayer(ifp))
                return [];
            try
            {
                return Ip6.GetAddresses(ifp);
            }
            catch (ErrnoException)
            {
                return []; // no IPv6 on this interface
            }
        }

        private bool IsOwn(NetInterface ifp, IPAddress address)
        {
            foreach (var ia in OwnAddresses(ifp))
            {
                if (ia.Address.Equals(address))
                    return true;
            }
            return false;
        }

        /// <summary>valid_type: the link types ndp keeps entries for.</summary>
        private static bool HasLinkLayer(NetInterface ifp) =>
            ifp.Type is InterfaceType.Ethernet or InterfaceType.L2Vlan or InterfaceType.Bridge;

        /// <summary>get: the header and the host's entry, or <c>host (address) -- no entry</c> and status 1.</summary>
        public int Get(string host)
        {
            var address = ParseHost(context, host);
            if (address is null)
            {
                context.Warn(Program, $"{host}: {NoName}");
                return 0;
            }
            if (Dump(address, clear: false) > 0)
                return 0;
            return context.Fail(Program, $"{host} ({Name(address)}) -- no entry");
        }

        private string Name(IPAddress address)
        {
            var scope = address.ScopeId == 0 ? null : context.Vnet.FindInterface((int)address.ScopeId);
            return NdpEntryFormat.HostName(address, scope?.Name ?? address.ScopeId.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>fix_ifindex: the given interface, else the one the address belongs on, if ndp keeps entries there.</summary>
        private NetInterface? Locate(IPAddress address, NetInterface? ifp)
        {
            ifp ??= Ip6.FindNeighborInterface(address);
            return ifp is not null && HasLinkLayer(ifp) ? ifp : null;
        }

        /// <summary>delete_nl: <c>host (address) deleted</c>, or a warning (only when <paramref name="warn"/>).</summary>
        public int Delete(string host, NetInterface? ifp, bool warn)
        {
            var address = ParseHost(context, host);
            if (address is null)
                return Warn(warn, $"{host}: {NoName}", 1);
            if (ifp is not null && address.IsIPv6LinkLocal)
                address = new IPAddress(address.GetAddressBytes(), ifp.Index);
            ifp = Locate(address, ifp);
            if (ifp is null)
                return Warn(warn, $"delete: cannot locate {host}", 0);
            if (IsOwn(ifp, address))
                return Warn(warn, $"delete {host}: {ErrnoText.Of(Errno.EPERM)}", 1);
            try
            {
                Ip6.DeleteNeighbor(address, ifp);
            }
            catch (ErrnoException)
            {
                return Warn(warn, $"delete {host}: {ErrnoText.Of(Errno.ENOENT)}", 1);
            }
            // The name printed is the one given, resolved again without the interface ndp found.
            var shown = ParseHost(context, host)!;
            context.Out.Write($"{host} ({Name(shown)}) deleted\n");
            return 0;
        }

        private int Warn(bool warn, string message, int status)
        {
            if (warn)
                context.Warn(Program, message);
            return status;
        }

        /// <summary>set: <c>host ether [temp] [proxy]</c>; a permanent entry (set_nl makes every entry sticky).</summary>
        public int Set(IReadOnlyList<string> words)
        {
            string host = words[0], ether = words[1];
            var address = ParseHost(context, host);
            if (address is null)
                return Warn(true, $"{host}: {NoName}", 1);
            bool haveMac = MacAddress.TryParse(ether, out var mac);
            if (!haveMac)
                context.Warn(Program, $"invalid Ethernet address '{ether}'");
            bool proxy = false;
            for (int i = 2; i < words.Count; i++)
            {
                // ndp matches the keywords by prefix; "temp" reaches only the routing-socket
                // path, so over netlink it changes nothing, as here.
                if (words[i].StartsWith("proxy", StringComparison.Ordinal))
                    proxy = true;
            }
            var ifp = Locate(address, null);
            if (ifp is null)
                return Warn(true, $"delete: cannot locate {host}", 0);
            if (!haveMac)
                return Warn(true, $"set: {host}: {ErrnoText.Of(Errno.EINVAL)} (NDA_LLADDR address length (0) is different from expected (6))", 1);
            if (IsOwn(ifp, address))
                return Warn(true, $"set {host}: {ErrnoText.Of(Errno.EPERM)}", 1);
            Ip6.AddStaticNeighbor(address, mac, ifp, proxy);
            return 0;
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Epair.Cli.Output;
using Epair.Inet.Ipv4;
using Epair.Inet.Ipv4.Routing;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// arp(8) as FreeBSD 14 and later build it (arp.c over netlink): <c>arp [-n] [-i IF] host</c>,
/// <c>arp [-n] [-i IF] -a</c>, <c>arp -d host</c>, <c>arp -d [-i IF] -a</c>,
/// <c>arp -s|-S host ether_addr [temp] [reject|blackhole] [pub [only]]</c> and <c>arp -f file</c>,
/// with arp's lines, warnings and exit statuses (usage is exit 1, as arp.c's usage() says).
/// </summary>
internal static class ArpCommand
{
    public static readonly CommandInfo Info = new("arp", Run);

    private const string Program = "arp";

    private const string UsageText =
        "usage: arp [-n] [-i interface] hostname\n" +
        "       arp [-n] [-i interface] -a\n" +
        "       arp -d hostname [pub]\n" +
        "       arp -d [-i interface] -a\n" +
        "       arp -s hostname ether_addr [temp] [reject | blackhole] [pub [only]]\n" +
        "       arp -S hostname ether_addr [temp] [reject | blackhole] [pub [only]]\n" +
        "       arp -f filename";

    private enum Function { None, Get, Set, FileSet, Replace, Delete }

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var getopt = new Getopt(args, "andfsSi:", message => context.Warn(Program, message));
        var function = Function.None;
        bool all = false;
        string? interfaceName = null;
        while (getopt.Next())
        {
            var chosen = getopt.Option switch
            {
                'd' => Function.Delete,
                's' => Function.Set,
                'S' => Function.Replace,
                'f' => Function.FileSet,
                _ => Function.None,
            };
            if (chosen != Function.None)
            {
                // SETFUNC: one function per invocation.
                if (function != Function.None)
                    return Usage(context);
                function = chosen;
                continue;
            }
            switch (getopt.Option)
            {
                case 'a': all = true; break;
                case 'n': break; // names are never looked up here, so -n changes nothing
                case 'i': interfaceName = getopt.Argument; break;
                default: return Usage(context);
            }
        }
        if (function == Function.None)
            function = Function.Get;
        var rest = getopt.Remaining;

        NetInterface? ifp = null;
        if (interfaceName is not null)
        {
            if (function != Function.Get && !(function == Function.Delete && all))
                return context.Fail(Program, "-i not applicable to this operation");
            ifp = context.Vnet.FindInterface(interfaceName);
            if (ifp is null)
                return context.Fail(Program, $"interface {interfaceName} does not exist");
        }

        switch (function)
        {
            case Function.Get when all:
                if (rest.Count != 0)
                    return Usage(context);
                PrintEntries(context, ifp, null);
                return 0;
            case Function.Get:
                return rest.Count == 1 ? Get(context, rest[0], ifp, interfaceName) : Usage(context);
            case Function.Set or Function.Replace:
                if (rest.Count is < 2 or > 6)
                    return Usage(context);
                if (function == Function.Replace)
                    _ = Delete(context, rest[0]);
                return Set(context, rest);
            case Function.Delete when all:
                if (rest.Count != 0)
                    return Usage(context);
                DeleteAll(context, ifp);
                return 0;
            case Function.Delete:
                return rest.Count == 1 ? Delete(context, rest[0]) : Usage(context);
            default:
                return rest.Count == 1 ? File(context, rest[0]) : Usage(context);
        }
    }

    private static int Usage(CommandContext context)
    {
        context.Err.WriteLine(UsageText);
        return 1;
    }


    /// <summary>getaddr: inet_addr's dotted forms; anything else would go to the resolver, which we do not have.</summary>
    private static IPAddress? GetAddress(CommandContext context, string host)
    {
        if (IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetwork)
            return address;
        context.Warn(Program, $"{host}: Unknown host");
        return null;
    }

    /// <summary>get: the host's entries, or <c>host (address) -- no entry</c> and status 1.</summary>
    private static int Get(CommandContext context, string host, NetInterface? ifp, string? interfaceName)
    {
        var address = GetAddress(context, host);
        if (address is null)
            return 1;
        if (PrintEntries(context, ifp, address) > 0)
            return 0;
        var on = interfaceName is null ? "" : $" on {interfaceName}";
        context.Out.Write($"{host} ({address}) -- no entry{on}\n");
        return 1;
    }

    private static int PrintEntries(CommandContext context, NetInterface? ifp, IPAddress? address)
    {
        int count = 0;
        foreach (var entry in Snapshot(context, ifp, address))
        {
            context.Out.Write(ArpEntryFormat.Line(entry));
            count++;
        }
        return count;
    }

    /// <summary>The table in the order netlink dumps it: interface by interface, then by address.</summary>
    private static List<ArpEntryInfo> Snapshot(CommandContext context, NetInterface? ifp, IPAddress? address)
    {
        var list = new List<ArpEntryInfo>();
        foreach (var entry in context.Vnet.Inet.Arp.Entries)
        {
            if ((ifp is null || ReferenceEquals(entry.Interface, ifp)) && (address is null || entry.Address.Equals(address)))
                list.Add(entry);
        }
        list.Sort(static (x, y) =>
        {
            int byInterface = x.Interface.Index.CompareTo(y.Interface.Index);
            return byInterface != 0 ? byInterface : InAddr.FromIPAddress(x.Address, "arp").CompareTo(InAddr.FromIPAddress(y.Address, "arp"));
        });
        return list;
    }

    /// <summary>
    /// guess_ifindex: the interface of the route to <paramref name="address"/>, when that route
    /// is direct (no gateway) and the interface is one ARP runs on; null otherwise.
    /// </summary>
    private static NetInterface? GuessInterface(CommandContext context, IPAddress address)
    {
        try
        {
            var route = context.Vnet.Inet.Ipv4.GetRoute(address);
            if (route.Gateway is not null)
                return null;
            // Our own address routes through lo0; its nexthop's address interface is the one it is on.
            var ifp = (route.Flags & RouteFlags.Local) != 0 ? OwnerOf(context, address) : route.Interface;
            return ifp is not null && ArpEntryFormat.TypeName(ifp.Type) is not null ? ifp : null;
        }
        catch (ErrnoException)
        {
            return null;
        }
    }

    private static NetInterface? OwnerOf(CommandContext context, IPAddress address)
    {
        foreach (var ifp in context.Vnet.Interfaces)
        {
            foreach (var ia in context.Vnet.Inet.Ipv4.GetAddresses(ifp))
            {
                if (ia.Address.Equals(address))
                    return ifp;
            }
        }
        return null;
    }

    /// <summary>delete_nl: <c>host (address) deleted</c>, or a warning and status 1.</summary>
    private static int Delete(CommandContext context, string host, NetInterface? ifp = null)
    {
        var address = GetAddress(context, host);
        if (address is null)
            return 1;
        ifp ??= GuessInterface(context, address);
        if (ifp is null)
        {
            // arp.c reports this and still succeeds.
            context.Warn(Program, $"delete: cannot locate {host}");
            return 0;
        }
        try
        {
            context.Vnet.Inet.Arp.Delete(address, ifp);
        }
        catch (ErrnoException ex)
        {
            // lltable_delete_addr: ENOENT when there is no entry, EPERM for our own addresses.
            var error = ex.Errno == Errno.ESRCH ? Errno.ENOENT : ex.Errno;
            context.Warn(Program, $"delete {host}: {ErrnoText.Of(error)}");
            return 1;
        }
        context.Out.Write($"{host} ({address}) deleted\n");
        return 0;
    }

    /// <summary>nuke_entries: every entry but our own addresses' (RTF_PINNED), one deletion line each.</summary>
    private static void DeleteAll(CommandContext context, NetInterface? ifp)
    {
        foreach (var entry in Snapshot(context, ifp, null))
        {
            if (!entry.IsInterfaceAddress)
                _ = Delete(context, entry.Address.ToString(), entry.Interface);
        }
    }

    /// <summary>set: <c>host ether_addr [temp] [reject|blackhole] [pub [only]]</c>.</summary>
    private static int Set(CommandContext context, IReadOnlyList<string> words)
    {
        string host = words[0], etherText = words[1];
        var address = GetAddress(context, host);
        if (address is null)
            return 1;
        bool temporary = false, published = false, blackhole = false, reject = false;
        for (int i = 2; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "temp":
                    temporary = true;
                    break;
                case "pub":
                    published = true;
                    // "only" once meant announce without installing; it is accepted and means nothing now.
                    if (i + 1 < words.Count && words[i + 1] == "only")
                        i++;
                    break;
                case "blackhole" or "reject":
                    if (words[i] == "blackhole" ? reject : blackhole)
                        return context.Fail(Program, "Choose one of blackhole or reject, not both.");
                    blackhole |= words[i] == "blackhole";
                    reject |= words[i] == "reject";
                    break;
                default:
                    context.Warn(Program, $"Invalid parameter '{words[i]}'");
                    return Usage(context);
            }
        }
        MacAddress mac;
        if (published && etherText == "auto")
        {
            if (!ProxyAddress(context, address, out mac))
            {
                context.Warn(Program, $"no interface found for {address}");
                return 1;
            }
        }
        else if (!MacAddress.TryParse(etherText, out mac))
        {
            context.Warn(Program, $"invalid Ethernet address '{etherText}'");
            return 1;
        }
        // blackhole and reject reach the kernel only through the routing socket; over netlink
        // (FreeBSD 14 and later) set_nl drops them, so they change nothing here either.
        return Install(context, host, address, mac, temporary, published);
    }

    /// <summary>set_nl: the entry goes on the interface the route to it leaves by.</summary>
    private static int Install(CommandContext context, string host, IPAddress address, MacAddress mac, bool temporary, bool published)
    {
        var ifp = GuessInterface(context, address);
        if (ifp is null)
        {
            // set_nl reuses delete's message, and succeeds.
            context.Warn(Program, $"delete: cannot locate {host}");
            return 0;
        }
        var arp = context.Vnet.Inet.Arp;
        TimeSpan? expires = temporary ? TimeSpan.FromSeconds(arp.MaxAge) : null;
        try
        {
            arp.AddStatic(ifp, address, mac, expires, published);
        }
        catch (ErrnoException ex)
        {
            context.Warn(Program, $"set {host}: {ErrnoText.Of(ex.Errno)}");
            return 1;
        }
        return 0;
    }

    /// <summary>get_ether_addr: the MAC of an up broadcast interface with an address on the host's subnet.</summary>
    private static bool ProxyAddress(CommandContext context, IPAddress address, out MacAddress mac)
    {
        uint host = InAddr.FromIPAddress(address, "arp");
        foreach (var ifp in context.Vnet.Interfaces)
        {
            const InterfaceFlags wanted = InterfaceFlags.Up | InterfaceFlags.Broadcast;
            const InterfaceFlags checkedFlags = wanted | InterfaceFlags.PointToPoint | InterfaceFlags.Loopback | InterfaceFlags.NoArp;
            if ((ifp.Flags & checkedFlags) != wanted)
                continue;
            foreach (var ia in context.Vnet.Inet.Ipv4.GetAddresses(ifp))
            {
                uint mask = ia.PrefixLength == 0 ? 0 : uint.MaxValue << (32 - ia.PrefixLength);
                if ((InAddr.FromIPAddress(ia.Address, "arp") & mask) != (host & mask))
                    continue;
                mac = ifp.MacAddress;
                context.Out.Write($"using interface {ifp.Name} for proxy with address {mac}\n");
                return true;
            }
        }
        mac = default;
        return false;
    }

    /// <summary>file: one <c>set</c> per line; <c>#</c> starts a comment; status 1 when any line failed.</summary>
    private static int File(CommandContext context, string name)
    {
        string path = Path.Combine(context.WorkingDirectory, name);
        string[] lines;
        try
        {
            lines = System.IO.File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? Errno.ENOENT : Errno.EACCES;
            return context.Fail(Program, $"cannot open {name}: {ErrnoText.Of(reason)}");
        }
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
            // sscanf reads at most five words a line.
            if (Set(context, words.Length > 5 ? words[..5] : words) != 0)
                status = 1;
        }
        return status;
    }
}

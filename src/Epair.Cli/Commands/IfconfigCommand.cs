using Epair.Cli.Output;
using Epair.Drivers.Vlan;
using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Cli.Commands;

/// <summary>
/// An address family's ifconfig keywords (<c>inet 192.0.2.1/24</c>, <c>inet6 ifdisabled</c>).
/// The IPv4 and IPv6 stacks register one each in <see cref="IfconfigCommand.Families"/>.
/// </summary>
internal interface IIfconfigFamily
{
    /// <summary>The family name ifconfig takes (<c>inet</c>, <c>inet6</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Consumes the words from <paramref name="index"/> that belong to this family (an address,
    /// a netmask, <c>alias</c>, …) and applies them. Returns 0, or an exit status after printing
    /// the error.
    /// </summary>
    int Apply(CommandContext context, NetInterface ifp, string[] words, ref int index);

    /// <summary>True when <paramref name="word"/> is an address of this family (a bare address with no family word).</summary>
    bool LooksLikeAddress(string word);
}

/// <summary>
/// ifconfig(8): create, destroy, list and configure interfaces; FreeBSD's argument grammar
/// (options, then an interface name, then keywords applied in order).
/// </summary>
internal static partial class IfconfigCommand
{
    public static readonly CommandInfo Info = new("ifconfig", Run);

    /// <summary>The address families that take keywords: <c>inet</c>, then <c>inet6</c>.</summary>
    public static IReadOnlyList<IIfconfigFamily> Families { get; } = [new Inet4Family(), new Inet6Family()];

    private const string Program = "ifconfig";

    private const string UsageText =
        "usage: ifconfig [-j jail] [-f type:format] [-L] [-C] [-g groupname] interface address_family\n" +
        "                [address [dest_address]] [parameters]\n" +
        "       ifconfig [-j jail] interface create\n" +
        "       ifconfig [-j jail] -a [-L] [-C] [-g groupname] [-d] [-m] [-u] [-v] [address_family]\n" +
        "       ifconfig [-j jail] -l [-d] [-u] [address_family]\n" +
        "       ifconfig [-j jail] [-L] [-C] [-g groupname] [-d] [-m] [-u] [-v]";

    // Words that configure a vlan at create time (DEF_CLONE_CMD in vlan.c); every other word
    // ends the create parameters.
    private static readonly HashSet<string> s_cloneWords = ["vlan", "vlandev", "vlanproto", "vlanpcp"];

    private sealed class Options
    {
        public bool All, List, DownOnly, UpOnly, Cloners, Supported;
        public string? Group;
    }

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        var options = new Options();
        var getopt = new Getopt(args, "aCdf:g:j:klLmnuv", message => context.Warn(Program, message));
        string? jail = null;
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'a': options.All = true; break;
                case 'l': options.List = true; break;
                case 'd': options.DownOnly = true; break;
                case 'u': options.UpOnly = true; break;
                case 'C': options.Cloners = true; break;
                case 'g': options.Group = getopt.Argument; break;
                case 'j': jail = getopt.Argument; break;
                case 'm': options.Supported = true; break;
                case 'f' or 'k' or 'L' or 'n' or 'v': break; // formats and verbosity: nothing more to show here
                default: return Usage(context);
            }
        }
        var rest = getopt.Remaining;
        if (jail is not null)
        {
            var vnet = context.Jails.Find(jail);
            if (vnet is null)
                return context.Fail(Program, $"jail \"{jail}\" not found");
            context = context.In(vnet);
        }

        if (options.Cloners)
        {
            context.Out.WriteLine(string.Join(' ', context.Vnet.Cloners.Select(c => c.Name)));
            return 0;
        }
        // -l and -a may be followed by an address family: then only interfaces with such an
        // address are listed, and -a shows only that family's lines.
        string? family = (options.List || options.All) && rest.Count == 1 ? rest[0] : null;
        if (family is not null && !IfconfigStatus.IsFamily(family))
            return Usage(context);
        if (options.List)
        {
            if (options.All || rest.Count > 1)
                return Usage(context);
            context.Out.WriteLine(string.Join(' ', Select(context.Vnet, options, family).Select(i => i.Name)));
            return 0;
        }
        if (options.All || rest.Count == 0)
        {
            if (rest.Count > 1)
                return Usage(context);
            if (options.Group is not null && !options.All)
            {
                foreach (var ifp in Select(context.Vnet, options))
                    context.Out.WriteLine(ifp.Name);
                return 0;
            }
            foreach (var ifp in Select(context.Vnet, options, family))
                context.Out.Write(IfconfigStatus.Format(ifp, family, options.Supported));
            return 0;
        }
        if (options.DownOnly || options.UpOnly || options.Group is not null)
            return Usage(context);
        return Configure(context, rest[0], rest.Skip(1).ToArray(), options.Supported);
    }

    private static int Usage(CommandContext context)
    {
        context.Usage(UsageText);
        return 1; // ifconfig's usage() exits 1
    }

    private static IEnumerable<NetInterface> Select(Vnet vnet, Options options, string? family = null)
    {
        foreach (var ifp in vnet.Interfaces)
        {
            if (!IfconfigStatus.Matches(ifp, family))
                continue;
            bool up = (ifp.Flags & InterfaceFlags.Up) != 0;
            if ((options.UpOnly && !up) || (options.DownOnly && up))
                continue;
            if (options.Group is not null && !ifp.Groups.Contains(options.Group))
                continue;
            yield return ifp;
        }
    }

    /// <summary><c>ifconfig NAME [keywords…]</c>.</summary>
    private static int Configure(CommandContext context, string name, string[] words, bool supported)
    {
        var ifp = context.Vnet.FindInterface(name);
        if (ifp is null)
        {
            if (words.Length > 0 && words[0] is "create" or "plumb")
                return Create(context, name, words);
            // -vnet names an interface that lives in the jail, not here.
            if (words.Length > 0 && words[0] == "-vnet")
                return Keywords(context, name, null, words, 0);
            return context.Fail(Program, $"interface {name} does not exist");
        }
        if (words.Length == 0)
        {
            context.Out.Write(IfconfigStatus.Format(ifp, supported: supported));
            return 0;
        }
        if (words.Length == 1 && IfconfigStatus.IsFamily(words[0]))
        {
            // ifconfig IF inet6: that family's view, or nothing when IF has no such address.
            if (IfconfigStatus.Matches(ifp, words[0]))
                context.Out.Write(IfconfigStatus.Format(ifp, words[0], supported));
            return 0;
        }
        return Keywords(context, name, ifp, words, 0);
    }

    /// <summary>
    /// <c>ifconfig NAME create [clone parameters] [keywords…]</c>: the clone parameters up to the
    /// first other word go to the cloner; the rest apply to the new interface.
    /// </summary>
    private static int Create(CommandContext context, string name, string[] words)
    {
        int index = 1;
        var parameters = new List<string>();
        while (index < words.Length && s_cloneWords.Contains(words[index]))
        {
            if (index + 1 >= words.Length)
                return context.Fail(Program, $"'{words[index]}' requires argument");
            parameters.Add(words[index]);
            parameters.Add(words[index + 1]);
            index += 2;
        }
        if (HasOnlyOneOf(parameters, "vlan", "vlandev"))
            return context.Fail(Program, "both vlan and vlandev must be specified");
        NetInterface created;
        try
        {
            created = context.Vnet.CreateInterface(name, [.. parameters]);
        }
        catch (ErrnoException ex)
        {
            return context.Fail(Program, $"SIOCIFCREATE2 ({name}): {ErrnoText.Of(ex.Errno)}");
        }
        // A created name is printed only when it differs from the one asked.
        if (created.Name != name)
            context.Out.WriteLine(created.Name);
        if (index >= words.Length)
            return 0;
        return Keywords(context, created.Name, created, words, index);
    }

    private static bool HasOnlyOneOf(List<string> parameters, string first, string second)
    {
        bool a = false, b = false;
        for (int i = 0; i < parameters.Count; i += 2)
        {
            a |= parameters[i] == first;
            b |= parameters[i] == second;
        }
        return a != b;
    }

    /// <summary>Applies keywords in order, as ifconfig's main loop does.</summary>
    private static int Keywords(CommandContext context, string name, NetInterface? ifp, string[] words, int index)
    {
        var vlan = new PendingVlan();
        bool renamed = false;
        while (index < words.Length)
        {
            string word = words[index++];
            string? Argument()
            {
                if (index >= words.Length)
                    return null;
                return words[index++];
            }

            if (word == "-vnet")
            {
                var jail = Argument();
                if (jail is null)
                    return context.Fail(Program, "'-vnet' requires argument");
                int status = Reclaim(context, name, jail, out var reclaimed);
                if (status != 0)
                    return status;
                ifp = reclaimed;
                continue;
            }
            if (ifp is null)
                return context.Fail(Program, $"interface {name} does not exist");

            int result;
            switch (word)
            {
                case "up":
                    result = Ioctl(context, "SIOCSIFFLAGS", ifp.Up);
                    break;
                case "down":
                    result = Ioctl(context, "SIOCSIFFLAGS", ifp.Down);
                    break;
                case "create" or "plumb":
                    result = context.Fail(Program, $"SIOCIFCREATE2 ({name}): {ErrnoText.Of(Errno.EEXIST)}");
                    break;
                case "destroy" or "unplumb":
                    result = Ioctl(context, "SIOCIFDESTROY", () => context.Vnet.DestroyInterface(ifp));
                    if (result == 0)
                        return 0; // nothing is left to apply further keywords to
                    break;
                case "mtu":
                    result = WithArgument(context, word, Argument(), value => SetMtu(context, ifp, value));
                    break;
                case "name":
                    result = WithArgument(context, word, Argument(),
                        value => Ioctl(context, "ioctl SIOCSIFNAME (set name)", () => context.Vnet.RenameInterface(ifp, value)));
                    // setifname: the new name is printed once every keyword has been applied.
                    if (result == 0)
                        (name, renamed) = (ifp.Name, true);
                    break;
                case "description" or "descr":
                    result = WithArgument(context, word, Argument(),
                        value => Ioctl(context, "ioctl (SIOCAIFDESCR)", () => ifp.Description = value));
                    break;
                case "fib":
                    result = WithArgument(context, word, Argument(), value => SetFib(context, ifp, value));
                    break;
                case "group":
                    result = WithArgument(context, word, Argument(), value => AddGroup(context, ifp, value));
                    break;
                case "-group":
                    result = WithArgument(context, word, Argument(), value => RemoveGroup(context, ifp, value));
                    break;
                case "-description" or "-descr":
                    ifp.Description = null;
                    result = 0;
                    break;
                case "ether" or "lladdr" or "link":
                    result = WithArgument(context, word, Argument(), value => SetLinkAddress(context, ifp, value));
                    break;
                case "vnet":
                    result = WithArgument(context, word, Argument(), value => Move(context, ifp, value));
                    if (result == 0)
                        return 0; // the interface has left this vnet
                    break;
                case "pcp":
                    result = WithArgument(context, word, Argument(), value => SetPcp(context, ifp, value));
                    break;
                case "-pcp":
                    result = Ioctl(context, "SIOCSLANPCP", () => ifp.SetPcp(NetInterface.NoPcp));
                    break;
                case "vlan":
                    result = WithArgument(context, word, Argument(), value => vlan.SetTag(context, ifp, value));
                    break;
                case "vlandev":
                    result = WithArgument(context, word, Argument(), value => vlan.SetParent(context, ifp, value));
                    break;
                case "vlanproto":
                    result = WithArgument(context, word, Argument(), value => vlan.SetProtocol(context, value));
                    break;
                case "vlanpcp":
                    result = WithArgument(context, word, Argument(), value => SetVlanPcp(context, ifp, value));
                    break;
                case "-vlandev":
                    // The parent's name may follow; FreeBSD ignores it.
                    if (index < words.Length && context.Vnet.FindInterface(words[index]) is not null)
                        index++;
                    result = ifp is VlanInterface unset
                        ? Ioctl(context, "SIOCSETVLAN", unset.ClearVlan)
                        : context.Fail(Program, "SIOCGETVLAN: " + ErrnoText.Of(Errno.EINVAL));
                    break;
                case "promisc" or "-promisc":
                    result = SetFlag(context, ifp, InterfaceFlags.PermanentPromiscuous, word[0] != '-');
                    break;
                case "debug" or "-debug":
                    result = SetFlag(context, ifp, InterfaceFlags.Debug, word[0] != '-');
                    break;
                case "arp" or "-arp":
                    result = SetFlag(context, ifp, InterfaceFlags.NoArp, word[0] == '-');
                    break;
                case "link0" or "-link0":
                    result = SetFlag(context, ifp, InterfaceFlags.Link0, word[0] != '-');
                    break;
                case "link1" or "-link1":
                    result = SetFlag(context, ifp, InterfaceFlags.Link1, word[0] != '-');
                    break;
                case "link2" or "-link2":
                    result = SetFlag(context, ifp, InterfaceFlags.Link2, word[0] != '-');
                    break;
                default:
                    result = Family(context, ifp, words, word, ref index);
                    break;
            }
            if (result != 0)
                return result;
        }
        int finished = ifp is null ? 0 : FinishVlan(context, ifp, vlan);
        if (finished == 0 && renamed)
            context.Out.WriteLine(name);
        return finished;
    }

    /// <summary>An address family word, or a bare address of the default family (inet).</summary>
    private static int Family(CommandContext context, NetInterface ifp, string[] words, string word, ref int index)
    {
        foreach (var family in Families)
        {
            if (family.Name == word)
            {
                HoistAddress(words, index);
                return family.Apply(context, ifp, words, ref index);
            }
        }
        if (HoistAddress(words, index - 1))
            word = words[index - 1];
        foreach (var family in Families)
        {
            if (family.LooksLikeAddress(word))
            {
                index--;
                return family.Apply(context, ifp, words, ref index);
            }
        }
        // af_nd6.c's keywords belong to no address and may stand anywhere in the list.
        if (Inet6Family.TryApplyNd6Flag(ifp, word))
            return 0;
        // in_getaddr's answer for a word that is no keyword and no address.
        return context.Fail(Program, $"{word}: bad value");
    }

    /// <summary>
    /// ifconfig notes <c>alias</c>/<c>-alias</c> (and <c>add</c>/<c>delete</c>) wherever they stand,
    /// so <c>alias A</c> means <c>A alias</c> (FreeBSD's lpm.sh: <c>ifconfig lo1 alias 198.51.100.2/32</c>).
    /// Swaps such a keyword at <paramref name="at"/> with the address after it; true when it did.
    /// </summary>
    internal static bool HoistAddress(string[] words, int at)
    {
        if (at < 0 || at + 1 >= words.Length || words[at] is not ("alias" or "-alias" or "add" or "delete"))
            return false;
        if (!Families.Any(f => f.LooksLikeAddress(words[at + 1])))
            return false;
        (words[at], words[at + 1]) = (words[at + 1], words[at]);
        return true;
    }
}

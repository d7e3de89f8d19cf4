using System.Security.Cryptography;
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
internal static class IfconfigCommand
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
        public bool All, List, DownOnly, UpOnly, Cloners;
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
                case 'f' or 'k' or 'L' or 'm' or 'n' or 'v': break; // formats and verbosity: nothing more to show here
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
                context.Out.Write(IfconfigStatus.Format(ifp, family));
            return 0;
        }
        if (options.DownOnly || options.UpOnly || options.Group is not null)
            return Usage(context);
        return Configure(context, rest[0], rest.Skip(1).ToArray());
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
    private static int Configure(CommandContext context, string name, string[] words)
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
            context.Out.Write(IfconfigStatus.Format(ifp));
            return 0;
        }
        if (words.Length == 1 && IfconfigStatus.IsFamily(words[0]))
        {
            // ifconfig IF inet6: that family's view, or nothing when IF has no such address.
            if (IfconfigStatus.Matches(ifp, words[0]))
                context.Out.Write(IfconfigStatus.Format(ifp, words[0]));
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

    private static int WithArgument(CommandContext context, string keyword, string? value, Func<string, int> apply) =>
        value is null ? context.Fail(Program, $"'{keyword}' requires argument") : apply(value);

    /// <summary>Runs an ioctl-equivalent; its error is reported as <c>ifconfig: NAME: strerror</c>.</summary>
    private static int Ioctl(CommandContext context, string what, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (ErrnoException ex)
        {
            return context.Fail(Program, $"{what}: {ErrnoText.Of(ex.Errno)}");
        }
    }

    // setiffib: strtoul with base 0, then SIOCSIFFIB, which only knows the FIBs there are.
    private static int SetFib(CommandContext context, NetInterface ifp, string value)
    {
        if (!TryParseUnsigned(value, out uint fib))
            return context.Fail(Program, $"fib {value} not valid");
        return Ioctl(context, "ioctl (SIOCSIFFIB)", () => ifp.SetFib(fib));
    }

    private static bool TryParseUnsigned(string text, out uint value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return uint.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out value);
        return uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    // ifgroup.c's setifgroup: a name ending in a digit would read as an interface, so ifconfig
    // refuses it; a group the interface is in already is no error. (" SIOCAIFGROUP" has its
    // leading space in ifgroup.c too.)
    private static int AddGroup(CommandContext context, NetInterface ifp, string group)
    {
        if (GroupNameError("setifgroup", group) is { } error)
            return context.Fail(Program, error);
        try
        {
            ifp.AddGroup(group);
        }
        catch (ErrnoException ex) when (ex.Errno != Errno.EEXIST)
        {
            return context.Fail(Program, $" SIOCAIFGROUP: {ErrnoText.Of(ex.Errno)}");
        }
        catch (ErrnoException)
        {
        }
        return 0;
    }

    // unsetifgroup: leaving a group the interface is not in is no error either.
    private static int RemoveGroup(CommandContext context, NetInterface ifp, string group)
    {
        if (GroupNameError("unsetifgroup", group) is { } error)
            return context.Fail(Program, error);
        try
        {
            ifp.RemoveGroup(group);
        }
        catch (ErrnoException ex) when (ex.Errno != Errno.ENOENT)
        {
            return context.Fail(Program, $"SIOCDIFGROUP: {ErrnoText.Of(ex.Errno)}");
        }
        catch (ErrnoException)
        {
        }
        return 0;
    }

    private static string? GroupNameError(string function, string group) =>
        group.Length > 0 && char.IsAsciiDigit(group[^1]) ? $"{function}: group names may not end in a digit"
        : group.Length >= NetInterface.NameSize ? $"{function}: group name too long"
        : null;

    private static int SetFlag(CommandContext context, NetInterface ifp, InterfaceFlags flag, bool on) =>
        Ioctl(context, "ioctl (SIOCSIFFLAGS)", () => ifp.SetFlags(on ? ifp.Flags | flag : ifp.Flags & ~flag));

    private static int SetMtu(CommandContext context, NetInterface ifp, string value)
    {
        // setifmtu reads the number with strtol and lets the kernel judge it.
        int mtu = ParseLeadingInt(value);
        return Ioctl(context, "ioctl SIOCSIFMTU (set mtu)", () => ifp.SetMtu(mtu));
    }

    private static int ParseLeadingInt(string text)
    {
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] is '-' or '+')
            negative = text[i++] == '-';
        long value = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            value = Math.Min(value * 10 + (text[i] - '0'), (long)int.MaxValue + 1);
        value = negative ? -value : value;
        return (int)Math.Clamp(value, int.MinValue, int.MaxValue);
    }

    private static int SetLinkAddress(CommandContext context, NetInterface ifp, string value)
    {
        MacAddress mac;
        if (value == "random")
        {
            // A random unicast, locally administered address, as ifconfig's "random" makes.
            Span<byte> bytes = stackalloc byte[6];
            RandomNumberGenerator.Fill(bytes);
            bytes[0] = (byte)((bytes[0] & 0xFE) | 0x02);
            mac = new MacAddress(bytes);
        }
        else if (!MacAddress.TryParse(value, out mac))
        {
            return context.Fail(Program, "malformed link-level address");
        }
        return Ioctl(context, "ioctl (set lladdr)", () => ifp.SetMacAddress(mac));
    }

    private static int Move(CommandContext context, NetInterface ifp, string jail)
    {
        var target = context.Jails.Find(jail);
        if (target is null)
            return context.Fail(Program, $"jail \"{jail}\" not found");
        return Ioctl(context, "SIOCSIFVNET", () => context.Vnet.MoveInterface(ifp.Name, target));
    }

    private static int Reclaim(CommandContext context, string name, string jail, out NetInterface? reclaimed)
    {
        reclaimed = null;
        var child = context.Jails.Find(jail);
        if (child is null)
            return context.Fail(Program, $"jail \"{jail}\" not found");
        NetInterface? result = null;
        int status = Ioctl(context, "SIOCSIFRVNET", () => result = context.Vnet.ReclaimInterface(name, child));
        reclaimed = result;
        return status;
    }

    private static int SetPcp(CommandContext context, NetInterface ifp, string value)
    {
        if (!TryParseUnsigned(value, out ulong pcp) || pcp > 7)
            return context.Fail(Program, "invalid pcp value");
        return Ioctl(context, "SIOCSLANPCP", () => ifp.SetPcp((int)pcp));
    }

    private static int SetVlanPcp(CommandContext context, NetInterface ifp, string value)
    {
        if (!TryParseUnsigned(value, out ulong pcp) || pcp > 7)
            return context.Fail(Program, "invalid value for vlanpcp");
        if (ifp is not VlanInterface vlan)
            return context.Fail(Program, "SIOCSVLANPCP: " + ErrnoText.Of(Errno.EINVAL));
        return Ioctl(context, "SIOCSVLANPCP", () => vlan.SetVlanPcp((int)pcp));
    }

    /// <summary><c>strtoul(val, &amp;endp, 0)</c> with nothing left over.</summary>
    internal static bool TryParseUnsigned(string text, out ulong value)
    {
        value = 0;
        return text.Length > 0 && char.IsAsciiDigit(text[0]) && Sysctl.SysctlRegistry.TryParseUnsigned(text, out value);
    }

    private static int FinishVlan(CommandContext context, NetInterface ifp, PendingVlan vlan) => vlan.Finish(context, ifp);

    /// <summary>
    /// The vlan keywords of one command line (vlan.c's <c>params</c>): on a configured vlan each
    /// takes effect at once; on an unconfigured one they wait for the end of the line, where
    /// both a tag and a parent are needed.
    /// </summary>
    private sealed class PendingVlan
    {
        private int _tag = -1;
        private string? _parent;
        private ushort _protocol = VlanInterface.Protocol8021Q;

        public int SetTag(CommandContext context, NetInterface ifp, string value)
        {
            if (!TryParseUnsigned(value, out ulong tag))
                return context.Fail(Program, "invalid value for vlan");
            if (tag > ushort.MaxValue)
                return context.Fail(Program, "value for vlan out of range");
            _tag = (int)tag;
            if (ifp is VlanInterface { Parent: not null } configured)
                return Ioctl(context, "SIOCSETVLAN", () => configured.SetTag(_tag));
            return 0;
        }

        public int SetParent(CommandContext context, NetInterface ifp, string value)
        {
            _parent = value;
            if (ifp is VlanInterface { Parent: not null } configured)
                return Ioctl(context, "SIOCSETVLAN", () => configured.SetVlan(value, configured.Tag, configured.Protocol));
            return 0;
        }

        public int SetProtocol(CommandContext context, string value)
        {
            ushort? protocol = value switch
            {
                "802.1q" or "802.1Q" => VlanInterface.Protocol8021Q,
                "802.1ad" or "802.1AD" => VlanInterface.Protocol8021AD,
                _ => null,
            };
            if (protocol is null)
                return context.Fail(Program, "invalid value for vlanproto");
            _protocol = protocol.Value;
            return 0;
        }

        public int Finish(CommandContext context, NetInterface ifp)
        {
            if (_tag < 0 && _parent is null)
                return 0;
            if (ifp is VlanInterface { Parent: not null })
                return 0; // applied as each keyword came
            if (_tag < 0 || _parent is null)
                return context.Fail(Program, "both vlan and vlandev must be specified");
            if (ifp is not VlanInterface vlan)
                return context.Fail(Program, "SIOCSETVLAN: " + ErrnoText.Of(Errno.EINVAL));
            return Ioctl(context, "SIOCSETVLAN", () => vlan.SetVlan(_parent, _tag, _protocol));
        }
    }
}

using System.Security.Cryptography;
using Epair.Drivers.Vlan;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

// The keywords that set one thing on an interface (mtu, ether, name, fib, group, pcp, vnet, …),
// each with ifconfig's own wording for its errors.
internal static partial class IfconfigCommand
{
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
        if (!TryParseUnsigned(value, out ulong fib) || fib > uint.MaxValue)
            return context.Fail(Program, $"fib {value} not valid");
        return Ioctl(context, "ioctl (SIOCSIFFIB)", () => ifp.SetFib((uint)fib));
    }

    // ifgroup.c's setifgroup and unsetifgroup: a name ending in a digit would read as an
    // interface, so ifconfig refuses it; joining a group twice or leaving one the interface is
    // not in is no error. (" SIOCAIFGROUP" has its leading space in ifgroup.c too.)
    private static int AddGroup(CommandContext context, NetInterface ifp, string group) =>
        GroupIoctl(context, "setifgroup", group, " SIOCAIFGROUP", Errno.EEXIST, ifp.AddGroup);

    private static int RemoveGroup(CommandContext context, NetInterface ifp, string group) =>
        GroupIoctl(context, "unsetifgroup", group, "SIOCDIFGROUP", Errno.ENOENT, ifp.RemoveGroup);

    private static int GroupIoctl(CommandContext context, string function, string group, string what, Errno harmless, Action<string> apply)
    {
        if (GroupNameError(function, group) is { } error)
            return context.Fail(Program, error);
        try
        {
            apply(group);
        }
        catch (ErrnoException ex) when (ex.Errno != harmless)
        {
            return context.Fail(Program, $"{what}: {ErrnoText.Of(ex.Errno)}");
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
}

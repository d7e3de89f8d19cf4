using Epair.Drivers.Vlan;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

// vlan(4)'s keywords (vlan, vlandev, vlanproto, vlanpcp), gathered over one command line.
internal static partial class IfconfigCommand
{
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

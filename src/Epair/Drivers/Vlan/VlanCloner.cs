using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Drivers.Vlan;

/// <summary>
/// The <c>vlan</c> cloner of one vnet: <c>vlan</c> or <c>vlan&lt;unit&gt;</c> with
/// <c>vlan N vlandev IF</c> parameters (or none, for an unconfigured vlan), and the dotted
/// <c>&lt;parent&gt;.&lt;vid&gt;</c> form, which keeps its name and takes no unit.
/// </summary>
internal sealed class VlanCloner(VlanModule module, Vnet vnet) : InterfaceCloner("vlan", vnet)
{
    /// <summary><c>vlan_clone_match</c>: a dotted name on an interface of this vnet, or <c>vlan[digits]</c>.</summary>
    public override bool Match(string name) => MatchDotted(name, out _, out _) || base.Match(name);

    /// <summary>
    /// <c>vlan_clone_match_ethervid</c>: <c>&lt;parent&gt;.&lt;digits&gt;</c> where the parent is an
    /// interface here (the last dot splits, so <c>vlan5.42</c> stacks on <c>vlan5</c>).
    /// </summary>
    private bool MatchDotted(string name, out NetInterface? parent, out int vid)
    {
        parent = null;
        vid = 0;
        int dot = name.LastIndexOf('.');
        if (dot <= 0 || dot == name.Length - 1)
            return false;
        long value = 0;
        for (int i = dot + 1; i < name.Length; i++)
        {
            if (!char.IsAsciiDigit(name[i]))
                return false;
            // Anything past the 12 VID bits is refused later; stop counting before it overflows.
            value = Math.Min(value * 10 + (name[i] - '0'), int.MaxValue);
        }
        parent = Vnet.FindInterface(name[..dot]);
        vid = (int)value;
        return parent is not null;
    }

    /// <summary><c>vlan_clone_create</c>.</summary>
    protected internal override Errno Create(string name, IReadOnlyList<string> parameters, out NetInterface? created)
    {
        created = null;
        var error = VlanRequest.Parse(parameters, out var request);
        if (error != Errno.None)
            return error;

        var kernel = module.Kernel;
        lock (kernel.IfnetLock)
        {
            NetInterface? parent = null;
            int vid = request.Vid;
            if (request.HasBinding)
            {
                // ifconfig insists on both; the kernel looks the parent up in the caller's vnet.
                if (request.Parent is null || request.Vid < 0)
                    return Errno.EINVAL;
                parent = Vnet.FindInterface(request.Parent);
                if (parent is null)
                    return Errno.ENXIO;
            }

            bool subinterface = MatchDotted(name, out var dottedParent, out int dottedVid);
            if (subinterface)
            {
                if (parent is not null && !ReferenceEquals(parent, dottedParent))
                    return Errno.EINVAL;
                parent = dottedParent;
                vid = dottedVid;
            }

            if (parent is not null)
            {
                error = VlanInterface.Validate(parent, vid, request.Protocol);
                if (error != Errno.None)
                    return error;
            }

            // A dotted name says it all and takes no unit (IF_DUNIT_NONE).
            int unit = -1;
            string ifname = name;
            error = subinterface ? CheckNewName(ifname) : AllocateUnit(name, out unit, out ifname);
            if (error != Errno.None)
                return error;

            var ifv = new VlanInterface(unit, ifname, kernel.IfqMaxLen);
            Vnet.Attach(ifv);
            AddMember(ifv);
            if (parent is not null)
            {
                // Validated above under the same lock, so this cannot fail.
                error = ifv.ConfigureLocked(parent, vid, request.Protocol);
                if (error != Errno.None)
                {
                    Vnet.Detach(ifv);
                    RemoveMember(ifv);
                    if (!subinterface)
                        Units.Free(unit);
                    return error;
                }
                if (request.Pcp >= 0)
                    ifv.SetVlanPcp(request.Pcp);
            }
            created = ifv;
        }
        ((VlanInterface)created).TakeParentAddress();
        return Errno.None;
    }

    /// <summary>
    /// <c>vlan_clone_destroy</c>: EBUSY while other vlans are stacked on this one. The vlan leaves
    /// its parent first, so no new frame finds it; then the frames already on their way are delivered.
    /// </summary>
    protected internal override Errno Destroy(NetInterface ifp)
    {
        var ifv = (VlanInterface)ifp;
        var kernel = module.Kernel;
        lock (kernel.IfnetLock)
        {
            if (ifv.IsDying)
                return Errno.ENXIO;
            if (ifv.VlanTrunk is not null)
                return Errno.EBUSY;
            ifv.TryBeginDestroy();
            ifv.UnconfigureLocked(departing: false);
        }
        ifv.WaitForInFlight();
        lock (kernel.IfnetLock)
            ifv.Vnet.Detach(ifv);
        RemoveMember(ifv);
        if (ifv.Unit >= 0)
            Units.Free(ifv.Unit);
        return Errno.None;
    }

    /// <summary>
    /// Before <c>if_clone_detach</c>: every vlan of this cloner leaves its parent, and lets go of
    /// the vlans stacked on it, so that none of them can refuse to be destroyed.
    /// </summary>
    internal void UnconfigureAll()
    {
        lock (module.Kernel.IfnetLock)
        {
            foreach (var ifp in Members)
            {
                var ifv = (VlanInterface)ifp;
                ifv.VlanTrunk?.ParentDeparting(ifv);
                ifv.UnconfigureLocked(departing: false);
            }
        }
    }
}

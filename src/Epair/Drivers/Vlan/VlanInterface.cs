using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Drivers.Vlan;

/// <summary>
/// A vlan(4) interface: an IEEE 802.1Q virtual LAN on a parent Ethernet interface. What it sends
/// leaves through the parent with an 802.1Q header (software tagging); what the parent receives
/// with this interface's VID arrives here, untagged.
/// </summary>
/// <remarks>
/// Made with <c>ifconfig vlan create vlan 5 vlandev epair0a</c> (<c>vlan0</c>) or
/// <c>ifconfig epair0a.5 create</c> (keeps that name). Until it has a parent and a VID it is
/// unconfigured: not running, link state unknown, MTU 1500. When the parent is destroyed or moves
/// to another vnet, the vlan stays and becomes unconfigured, as FreeBSD's <c>vlan_ifdetach</c> does.
/// </remarks>
public sealed class VlanInterface : NetInterface
{
    /// <summary><c>ETHERTYPE_VLAN</c>: IEEE 802.1Q, the default <see cref="Protocol"/>.</summary>
    public const ushort Protocol8021Q = VlanHeader.Tpid8021Q;

    /// <summary><c>ETHERTYPE_QINQ</c>: IEEE 802.1ad, the service tag of Q-in-Q.</summary>
    public const ushort Protocol8021AD = VlanHeader.Tpid8021AD;

    /// <summary><c>ETHERMTU</c>: the MTU of an unconfigured vlan.</summary>
    public const int DefaultMtu = 1500;

    /// <summary><c>ETHERMIN</c>: the smallest payload (<c>ifv_mintu</c>).</summary>
    private const int MinimumTransmissionUnit = 46;

    // Guards _parentGroups and every change of _binding, so that a membership change racing an
    // unconfigure cannot leave a group behind on the old parent. Never held across the ifnet lock.
    private readonly Lock _multicastLock = new();
    private volatile Binding? _binding;
    // The multicast groups this vlan joined on its parent (vlan_mc_listhead).
    private List<MacAddress> _parentGroups = [];

    internal VlanInterface(int unit, string name, int sendQueueLength)
        : base("vlan", unit, name, InterfaceType.L2Vlan, sendQueueLength)
    {
        SetFlagBits(InterfaceFlags.Broadcast | InterfaceFlags.Multicast);
        SetMtuValue(DefaultMtu);
    }

    /// <summary>The parent interface (<c>vlandev</c>), or null when unconfigured.</summary>
    public NetInterface? Parent => _binding?.Trunk.Parent;

    /// <summary>The VLAN ID (<c>vlan</c>, 1–4094), or 0 when unconfigured.</summary>
    public int Tag => _binding?.Vid ?? 0;

    /// <summary>The tag protocol identifier (<c>vlanproto</c>): 0x8100 (802.1q) or 0x88a8 (802.1ad); 0 when unconfigured.</summary>
    public ushort Protocol => _binding?.Protocol ?? 0;

    /// <summary>The protocol as <c>ifconfig</c> names it: <c>802.1q</c> or <c>802.1ad</c>.</summary>
    public string ProtocolName => Protocol == VlanHeader.Tpid8021AD ? "802.1ad" : "802.1q";

    /// <summary>
    /// Configures or re-tags the vlan (<c>ifconfig vlanX vlan N vlandev IF [vlanproto P]</c>,
    /// <c>SIOCSETVLAN</c>). ENOENT when this vnet has no interface <paramref name="parentName"/>,
    /// EPERM outside the vlan's home vnet, EINVAL for a VID outside 1–4094, EEXIST when the parent
    /// already has a vlan with that VID, EBUSY when configured on another parent.
    /// </summary>
    public void SetVlan(string parentName, int vid, ushort protocol = Protocol8021Q)
    {
        ArgumentNullException.ThrowIfNull(parentName);
        lock (Vnet.Kernel.IfnetLock)
        {
            var parent = Vnet.FindInterface(parentName);
            ErrnoException.ThrowIfError(
                Vnet != HomeVnet ? Errno.EPERM : parent is null ? Errno.ENOENT : ConfigureLocked(parent, vid, protocol),
                "SIOCSETVLAN");
        }
        TakeParentAddress();
    }

    /// <summary>Re-tags the vlan on its current parent (<c>ifconfig vlanX vlan N</c>); EINVAL when unconfigured.</summary>
    public void SetTag(int vid)
    {
        // SetVlan checks again under the lock, so a binding that changes meanwhile is caught there.
        var binding = _binding ?? throw new ErrnoException(Errno.EINVAL, "SIOCSETVLAN");
        SetVlan(binding.Trunk.Parent.Name, vid, binding.Protocol);
    }

    /// <summary>Takes the vlan off its parent (<c>ifconfig vlanX -vlandev</c>); EPERM outside its home vnet.</summary>
    public void ClearVlan()
    {
        lock (Vnet.Kernel.IfnetLock)
        {
            if (Vnet != HomeVnet)
                throw new ErrnoException(Errno.EPERM, "SIOCSETVLAN");
            UnconfigureLocked(departing: false);
        }
    }

    /// <summary>Sets the priority of the vlan's tag (<c>ifconfig vlanX vlanpcp N</c>, <c>SIOCSVLANPCP</c>); EINVAL above 7.</summary>
    public void SetVlanPcp(int pcp)
    {
        if (Vnet != HomeVnet)
            throw new ErrnoException(Errno.EPERM, "SIOCSVLANPCP");
        if (pcp < 0 || pcp > VlanHeader.MaxPcp)
            throw new ErrnoException(Errno.EINVAL, "SIOCSVLANPCP");
        SetPcpValue(pcp);
    }

    /// <summary>True when frames for <paramref name="vid"/> on <paramref name="trunk"/> are this vlan's.</summary>
    internal bool IsBoundTo(VlanTrunk trunk, int vid)
    {
        var binding = _binding;
        return binding is not null && ReferenceEquals(binding.Trunk, trunk) && binding.Vid == vid;
    }

    /// <summary>
    /// The checks of <c>vlan_config</c> that do not depend on this vlan's state, so a create can
    /// fail before anything is attached.
    /// </summary>
    internal static Errno Validate(NetInterface parent, int vid, ushort protocol)
    {
        var error = ValidateParent(parent, vid, protocol);
        if (error == Errno.None && parent.VlanTrunk is VlanTrunk trunk && trunk.Find(vid) is not null)
            error = Errno.EEXIST;
        return error;
    }

    /// <summary>What <c>vlan_config</c> checks before it looks at the vlan's own state.</summary>
    private static Errno ValidateParent(NetInterface parent, int vid, ushort protocol)
    {
        // We can handle non-Ethernet parents only if they tag in hardware; none here does.
        if (parent.Type is not (InterfaceType.Ethernet or InterfaceType.L2Vlan) &&
            (parent.EnabledCapabilities & InterfaceCapabilities.VlanHardwareTagging) == 0)
            return Errno.EPROTONOSUPPORT;
        const InterfaceFlags vlanFlags = InterfaceFlags.Broadcast | InterfaceFlags.Multicast;
        if ((parent.Flags & vlanFlags) != vlanFlags)
            return Errno.EPROTONOSUPPORT;
        // Only VLID bits, and VIDs 0x000 and 0xFFF are reserved.
        if (vid <= 0 || vid >= VlanHeader.VidMask)
            return Errno.EINVAL;
        if (!VlanHeader.IsVlanEtherType(protocol))
            return Errno.EINVAL;
        if (parent.IsDying || parent.Index == 0)
            return Errno.ENXIO;
        return Errno.None;
    }

    /// <summary><c>vlan_config</c>; the caller holds the kernel's interface lock.</summary>
    internal Errno ConfigureLocked(NetInterface parent, int vid, ushort protocol)
    {
        if (IsDying)
            return Errno.ENXIO;
        // A vlan under itself would send every frame round in a circle.
        for (NetInterface? p = parent; p is VlanInterface stacked; p = stacked.Parent)
        {
            if (ReferenceEquals(stacked, this))
                return Errno.EINVAL;
        }
        var current = _binding;
        if (current is not null && ReferenceEquals(current.Trunk.Parent, parent) && current.Vid == vid)
        {
            if (!VlanHeader.IsVlanEtherType(protocol))
                return Errno.EINVAL;
            lock (_multicastLock)
                _binding = current with { Protocol = protocol };
            return Errno.None;
        }
        // A configured vlan is EBUSY for another parent before any VID clash there counts.
        var error = current is null ? Validate(parent, vid, protocol) : ValidateParent(parent, vid, protocol);
        if (error != Errno.None)
            return error;
        if (current is not null)
            return Retag(current, parent, vid, protocol);

        var trunk = parent.VlanTrunk as VlanTrunk;
        bool newTrunk = trunk is null;
        trunk ??= new VlanTrunk(parent);
        // If the parent can carry 4 more bytes (VLAN_MTU), no need to fudge the MTU.
        int fudge = (parent.EnabledCapabilities & InterfaceCapabilities.VlanMtu) != 0 ? 0 : VlanHeader.EncapsulationLength;
        lock (_multicastLock)
        {
            _binding = new Binding(trunk, vid, protocol, fudge);
            SyncParentMulticast(parent);
        }
        trunk.TryAdd(vid, this);
        if (newTrunk)
            trunk.Attach();

        SetMtuValue(parent.Mtu - fudge);
        Baudrate = parent.Baudrate;
        SetPcpValue(0); // Best effort until told otherwise.
        // Copy only IFF_SIMPLEX from the parent; other flags are none of our business.
        if ((parent.Flags & InterfaceFlags.Simplex) != 0)
            SetFlagBits(InterfaceFlags.Simplex);
        else
            ClearFlagBits(InterfaceFlags.Simplex);
        SetDriverFlags(DriverFlags.Running);
        ChangeLinkState(parent.LinkState);
        return Errno.None;
    }

    /// <summary>Modern <c>vlan_config</c> on a configured vlan: same parent, new VID or protocol.</summary>
    private Errno Retag(Binding current, NetInterface parent, int vid, ushort protocol)
    {
        if (!ReferenceEquals(current.Trunk.Parent, parent))
            return Errno.EBUSY;
        if (!current.Trunk.TryMove(this, current.Vid, vid))
            return Errno.EEXIST;
        lock (_multicastLock)
            _binding = current with { Vid = vid, Protocol = protocol };
        return Errno.None;
    }

    /// <summary>
    /// <c>vlan_unconfig_locked</c>: off the parent. When the parent is departing its multicast
    /// memberships are gone already, so they are only forgotten. The caller holds the interface lock.
    /// </summary>
    internal void UnconfigureLocked(bool departing)
    {
        var binding = _binding;
        if (binding is not null)
        {
            lock (_multicastLock)
            {
                if (!departing)
                    LeaveParentGroups(binding.Trunk.Parent);
                _parentGroups = [];
                _binding = null;
            }
            binding.Trunk.Remove(binding.Vid);
            if (binding.Trunk.Count == 0)
                binding.Trunk.Detach();
        }
        SetMtuValue(DefaultMtu);
        ClearDriverFlags(DriverFlags.Running);
        ChangeLinkState(LinkState.Unknown);
    }

    /// <summary>
    /// <c>vlan_lladdr_fn</c>: take the parent's address. Called outside the interface lock, as
    /// FreeBSD defers it to a task, because the change reaches the stack and its listeners.
    /// </summary>
    internal void TakeParentAddress()
    {
        var parent = Parent;
        if (parent is not null && MacAddress != parent.MacAddress)
            SetMacAddress(parent.MacAddress);
    }

    /// <summary>The parent's link changed state (<c>vlan_link_state</c>).</summary>
    internal void FollowParentLink(LinkState state, long baudrate)
    {
        Baudrate = baudrate;
        ChangeLinkState(state);
    }

    /// <summary>
    /// <c>vlan_transmit</c>: insert the 802.1Q header and hand the frame to the parent, precisely as
    /// Ethernet output would have. The priority is the frame's own when it has one, else the vlan's.
    /// </summary>
    protected override Errno TransmitCore(Frame frame)
    {
        var binding = _binding;
        if (binding is null)
        {
            IncrementCounter(InterfaceCounter.OERRORS);
            frame.Free();
            return Errno.ENETDOWN;
        }
        var parent = binding.Trunk.Parent;
        int length = frame.Length;
        bool multicast = (frame.Flags & (FrameFlags.Broadcast | FrameFlags.Multicast)) != 0;

        Tap(frame, TapDirection.Out);

        // Do not run the parent's transmit if it is not up: a real driver would not expect it.
        if (!parent.IsUpAndRunning)
        {
            IncrementCounter(InterfaceCounter.OERRORS);
            frame.Free();
            return Errno.ENETDOWN;
        }

        int pcp = frame.PriorityCodePoint >= 0 ? frame.PriorityCodePoint : Math.Max(Pcp, 0);
        if (!VlanHeader.Insert(frame, binding.Protocol, VlanHeader.MakeTag(binding.Vid, pcp, 0)))
        {
            // ether_8021q_frame failed: counted, and the send reported as done, as FreeBSD does.
            IncrementCounter(InterfaceCounter.OERRORS);
            frame.Free();
            return Errno.None;
        }

        var error = parent.Transmit(frame);
        if (error == Errno.None)
        {
            IncrementCounter(InterfaceCounter.OPACKETS);
            AddCounter(InterfaceCounter.OBYTES, length);
            if (multicast)
                IncrementCounter(InterfaceCounter.OMCASTS);
        }
        else
        {
            IncrementCounter(InterfaceCounter.OERRORS);
        }
        return error;
    }

    /// <inheritdoc />
    protected override Errno OnSetMtu(int mtu)
    {
        var binding = _binding;
        if (binding is null)
            return Errno.EINVAL;
        if (mtu > binding.Trunk.Parent.Mtu - binding.MtuFudge || mtu < MinimumTransmissionUnit - binding.MtuFudge)
            return Errno.EINVAL;
        SetMtuValue(mtu);
        return Errno.None;
    }

    /// <inheritdoc />
    protected override Errno OnMulticastChanged()
    {
        // There is only one physical interface: the groups go onto the parent's filter. Without a
        // parent, the membership is remembered for when there is one.
        lock (_multicastLock)
        {
            var binding = _binding;
            if (binding is not null)
                SyncParentMulticast(binding.Trunk.Parent);
        }
        return Errno.None;
    }

    /// <inheritdoc />
    protected override MediaInfo? GetMediaCore()
    {
        var parent = Parent;
        if (parent is null)
            return null;
        try
        {
            var media = parent.GetMedia();
            // Limit the result to the parent's current configuration.
            return media with { Supported = [media.Current] };
        }
        catch (ErrnoException)
        {
            return null;
        }
    }

    /// <summary><c>vlan_setmulti</c>: replace what we joined on the parent with what we have joined now.</summary>
    private void SyncParentMulticast(NetInterface parent)
    {
        LeaveParentGroups(parent);
        var groups = MulticastAddresses;
        foreach (var group in groups)
            parent.AddMulticast(group);
        _parentGroups = [.. groups];
    }

    private void LeaveParentGroups(NetInterface parent)
    {
        foreach (var group in _parentGroups)
        {
            try
            {
                parent.DeleteMulticast(group);
            }
            catch (ErrnoException)
            {
                // Someone removed it from the parent directly; there is nothing left to undo.
            }
        }
        _parentGroups = [];
    }

    /// <summary>
    /// What the vlan is configured as, replaced as a whole so the transmit path reads parent, VID
    /// and protocol from one consistent snapshot.
    /// </summary>
    private sealed record Binding(VlanTrunk Trunk, int Vid, ushort Protocol, int MtuFudge);
}

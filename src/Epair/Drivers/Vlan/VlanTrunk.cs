using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Drivers.Vlan;

/// <summary>
/// The vlan(4) interfaces stacked on one parent (<c>struct ifvlantrunk</c>), by VID. It lives while
/// at least one vlan is configured on the parent. Lookups from the receive path take no lock: the
/// table is replaced, never changed in place, and every change happens under the kernel's
/// interface lock.
/// </summary>
internal sealed class VlanTrunk : IVlanTrunk
{
    private volatile Dictionary<int, VlanInterface> _byVid = [];

    public VlanTrunk(NetInterface parent) => Parent = parent;

    /// <summary>The interface the vlans send through and receive from (<c>trunk->parent</c>).</summary>
    public NetInterface Parent { get; }

    /// <summary>How many vlans are configured on the parent (<c>trunk->refcnt</c>).</summary>
    public int Count => _byVid.Count;

    /// <summary>A snapshot of the vlans, for the control plane.</summary>
    public VlanInterface[] Snapshot() => [.. _byVid.Values];

    /// <summary><c>vlan_gethash</c>.</summary>
    public VlanInterface? Find(int vid) => _byVid.GetValueOrDefault(vid);

    /// <summary><c>vlan_inshash</c>: false when the VID is taken on this parent.</summary>
    public bool TryAdd(int vid, VlanInterface ifv)
    {
        var current = _byVid;
        if (current.ContainsKey(vid))
            return false;
        _byVid = new Dictionary<int, VlanInterface>(current) { [vid] = ifv };
        return true;
    }

    /// <summary><c>vlan_remhash</c>.</summary>
    public void Remove(int vid)
    {
        var next = new Dictionary<int, VlanInterface>(_byVid);
        next.Remove(vid);
        _byVid = next;
    }

    /// <summary>Re-hashes a vlan under a new VID in one step, so frames for neither VID are lost to a gap.</summary>
    public bool TryMove(VlanInterface ifv, int from, int to)
    {
        var current = _byVid;
        if (current.ContainsKey(to))
            return false;
        var next = new Dictionary<int, VlanInterface>(current);
        next.Remove(from);
        next[to] = ifv;
        _byVid = next;
        return true;
    }

    /// <summary>Hangs the trunk on the parent and starts following its link state and address.</summary>
    public void Attach()
    {
        Parent.VlanTrunk = this;
        Parent.LinkStateChanged += OnParentLinkStateChanged;
        Parent.LinkAddressChanged += OnParentLinkAddressChanged;
    }

    /// <summary><c>trunk_destroy</c>: the last vlan left.</summary>
    public void Detach()
    {
        Parent.LinkStateChanged -= OnParentLinkStateChanged;
        Parent.LinkAddressChanged -= OnParentLinkAddressChanged;
        if (ReferenceEquals(Parent.VlanTrunk, this))
            Parent.VlanTrunk = null;
    }

    /// <summary>
    /// <c>vlan_input</c>: the tag is already out of the frame and in <see cref="Frame.VlanTag"/>.
    /// A VID with no vlan, or a vlan that is not up and running, counts NOPROTO on the parent.
    /// </summary>
    public void Input(NetInterface parent, Frame frame)
    {
        int vid = VlanHeader.VidOf(frame.VlanTag);
        var ifv = Find(vid);
        if (ifv is null)
        {
            parent.IncrementCounter(InterfaceCounter.NOPROTO);
            frame.Free();
            return;
        }
        // Take the reference before the checks, so that a destroy that unhooks the vlan after
        // them still waits for this frame (as epair's direct dispatch does for its peer).
        ifv.AcquireInFlight();
        if (!ifv.IsUpAndRunning || !ifv.IsBoundTo(this, vid))
        {
            ifv.ReleaseInFlight();
            parent.IncrementCounter(InterfaceCounter.NOPROTO);
            frame.Free();
            return;
        }
        ifv.IncrementCounter(InterfaceCounter.IPACKETS);
        // Pass it back through Ethernet input, now as the vlan interface.
        ifv.DeliverInFlight(frame);
    }

    /// <summary><c>vlan_ifdetach</c>: every vlan on the parent loses it, and the trunk goes.</summary>
    public void ParentDeparting(NetInterface parent)
    {
        foreach (var ifv in Snapshot())
            ifv.UnconfigureLocked(departing: true);
    }

    /// <summary><c>vlan_link_state</c>: the vlans follow the parent's link and speed.</summary>
    private void OnParentLinkStateChanged(object? sender, LinkState state)
    {
        foreach (var ifv in Snapshot())
            ifv.FollowParentLink(state, Parent.Baudrate);
    }

    /// <summary><c>vlan_iflladdr</c>: the vlans take the parent's new address.</summary>
    private void OnParentLinkAddressChanged(object? sender, MacAddress mac)
    {
        foreach (var ifv in Snapshot())
            ifv.SetMacAddress(mac);
    }
}

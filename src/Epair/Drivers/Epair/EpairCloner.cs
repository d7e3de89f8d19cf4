using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Drivers.Epair;

/// <summary>
/// The <c>epair</c> cloner of one vnet: <c>epair</c> or <c>epair&lt;unit&gt;</c> creates the pair
/// <c>epair&lt;unit&gt;a</c>/<c>epair&lt;unit&gt;b</c>; destroying either end destroys both.
/// </summary>
internal sealed class EpairCloner(EpairModule module, Vnet vnet) : InterfaceCloner("epair", vnet)
{
    /// <summary>
    /// <c>epair_clone_match</c>: <c>epair</c> and <c>epair&lt;digits&gt;</c>, but not the
    /// <c>epair&lt;n&gt;a</c>/<c>b</c> names of the ends.
    /// </summary>
    public override bool Match(string name)
    {
        if (!name.StartsWith("epair", StringComparison.Ordinal))
            return false;
        for (int i = "epair".Length; i < name.Length; i++)
        {
            if (!char.IsAsciiDigit(name[i]))
                return false;
        }
        return true;
    }

    /// <summary><c>epair_clone_create</c>. Extra parameters are ignored, as in the seed.</summary>
    protected internal override Errno Create(string name, IReadOnlyList<string> parameters, out NetInterface? created)
    {
        created = null;
        var error = UnitAllocator.NameToUnit(name, out int unit);
        if (error != Errno.None)
            return error;
        bool wildcard = unit < 0;
        error = Units.Allocate(ref unit);
        if (error != Errno.None)
            return error;

        // If no unit was given, append it; then make sure there is room for the [ab] suffix.
        string stem = wildcard ? name + unit.ToString(System.Globalization.CultureInfo.InvariantCulture) : name;
        if (stem.Length + 1 > NetInterface.NameSize - 1)
        {
            Units.Free(unit);
            return Errno.ENOSPC;
        }

        var kernel = module.Kernel;
        lock (kernel.IfnetLock)
        {
            // The seed returned EEXIST here without freeing the unit; a failed create frees it.
            if (Vnet.IsRemoved || Vnet.FindInterface(stem + "b") is not null || Vnet.FindInterface(stem + "a") is not null)
            {
                Units.Free(unit);
                return Vnet.IsRemoved ? Errno.ENXIO : Errno.EEXIST;
            }

            var a = new EpairInterface(module, unit, stem + "a", kernel.IfqMaxLen);
            var b = new EpairInterface(module, unit, stem + "b", kernel.IfqMaxLen);
            // Cross-reference the interfaces so we will be able to free both.
            a.Peer = b;
            b.Peer = a;
            // Cloned before they are attached: a destroy that finds an end by name the moment it
            // is attached must see a cloned interface, and then waits on this lock for the rest.
            AddMember(a);
            AddMember(b);
            Vnet.Attach(a);
            Vnet.Attach(b);

            // The CPU for netisr queueing comes from the index: no cache locality promised, but
            // pairs spread over the workstreams.
            a.Cpu = module.Netisr.GetCpuId(a.Index);
            b.Cpu = module.Netisr.GetCpuId(b.Index);

            AssignAddresses(a, b);

            // Tell the world that we are ready to rock.
            a.SetDriverFlags(DriverFlags.Running);
            b.SetDriverFlags(DriverFlags.Running);
            a.ChangeLinkState(LinkState.Up);
            b.ChangeLinkState(LinkState.Up);
            created = a;
        }
        return Errno.None;
    }

    /// <summary>
    /// The ends' Ethernet addresses, from the creating vnet's identity (FreeBSD reads the creating
    /// thread's jail credentials for both ends, wherever the ends later move).
    /// </summary>
    private void AssignAddresses(EpairInterface a, EpairInterface b)
    {
        if (module.StableAddresses)
        {
            // FreeBSD 15's if_epair.c (590493c141, net.link.epair.ether_gen_addr=1) calls
            // ether_gen_addr on each end's own name: b is a hash of its own, not a's address with
            // 0b, and next_index is not touched.
            a.SetAddress(EpairMac.Stable(Vnet.HostUuid, a.Name, Vnet.Name));
            b.SetAddress(EpairMac.Stable(Vnet.HostUuid, b.Name, Vnet.Name));
            return;
        }
        // The seed's epair_clone_create: hash the hostid and the interface index; next_index keeps
        // a reused index from giving an address seen before. epair_clone_add copies it for b.
        ulong hostId = EpairModule.HostIdFor(Vnet);
        var mac = EpairMac.FromHostId(module.NextIndex(a.Index), hostId);
        a.SetAddress(mac);
        b.SetAddress(EpairMac.PeerOf(mac));
    }

    /// <summary>
    /// <c>epair_clone_destroy</c>: both ends, from whichever vnets they are in. Link down and not
    /// running first; then every frame in flight to either end is delivered before the ends are
    /// detached and the unit is freed. ENXIO when a destroy of this pair is already under way.
    /// </summary>
    protected internal override Errno Destroy(NetInterface ifp)
    {
        var a = (EpairInterface)ifp;
        var b = a.Peer;
        var kernel = module.Kernel;
        lock (kernel.IfnetLock)
        {
            if (a.IsDying || b.IsDying)
                return Errno.ENXIO;
            a.TryBeginDestroy();
            b.TryBeginDestroy();
        }

        a.ChangeLinkState(LinkState.Down);
        b.ChangeLinkState(LinkState.Down);
        a.ClearDriverFlags(DriverFlags.Running);
        b.ClearDriverFlags(DriverFlags.Running);
        // A transmit that saw RUNNING before it was cleared holds a per-CPU lock until its frame
        // is queued; once every lock has been free once, every such frame is counted in flight.
        module.WaitForTransmitters();

        foreach (var end in (ReadOnlySpan<EpairInterface>)[b, a])
        {
            end.QueueFlush();
            end.WaitForInFlight();
        }

        lock (kernel.IfnetLock)
        {
            b.Vnet.Detach(b);
            a.Vnet.Detach(a);
        }
        RemoveMember(b);
        RemoveMember(a);
        Units.Free(a.Unit);
        return Errno.None;
    }
}

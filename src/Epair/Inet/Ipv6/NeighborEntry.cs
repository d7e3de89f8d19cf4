using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

/// <summary>A neighbor cache entry (<c>struct llentry</c> for IPv6); guarded by the stack lock.</summary>
internal sealed class NeighborEntry(NetInterface ifp, UInt128 address)
{
    public NetInterface Interface { get; } = ifp;

    public UInt128 Address { get; } = address;

    public MacAddress? LinkAddress { get; set; }

    public NeighborState State { get; set; } = NeighborState.INCOMPLETE;

    /// <summary><c>LLE_STATIC</c>: added by hand (<c>ndp -s</c>); learning never changes it and no timer expires it.</summary>
    public bool IsStatic { get; set; }

    /// <summary><c>LLE_PUB</c>: added with <c>ndp -s … proxy</c>.</summary>
    public bool IsProxy { get; set; }

    /// <summary><c>ln_router</c>: the neighbor said it is a router.</summary>
    public bool IsRouter { get; set; }

    /// <summary>Solicitations sent in this state (<c>la_asked</c>).</summary>
    public int Asked { get; set; }

    /// <summary>When the state's timer fires, in stack milliseconds; 0 for none.</summary>
    public long Deadline { get; set; }

    /// <summary>Packets waiting for resolution (<c>la_hold</c>), bounded by <c>nd6_maxqueuelen</c>; IPv6 packets at the Ethernet offset.</summary>
    public Queue<Frame>? Hold { get; set; }

    public void FreeHold()
    {
        if (Hold is null)
            return;
        while (Hold.TryDequeue(out var frame))
            frame.Free();
    }
}

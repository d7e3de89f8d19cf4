using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

/// <summary>
/// One ARP table entry (<c>struct llentry</c>): incomplete until a reply gives the MAC, then
/// valid until it ages out; static entries (<c>arp -s</c>, our own addresses) never age and
/// learning never overwrites them. Guarded by the stack's lock.
/// </summary>
internal sealed class ArpEntry(NetInterface ifp, uint address)
{
    public NetInterface Interface { get; } = ifp;
    public uint Address { get; } = address;
    public MacAddress Mac;
    /// <summary><c>LLE_VALID</c>: <see cref="Mac"/> is known.</summary>
    public bool Valid;
    /// <summary><c>LLE_STATIC</c>: permanent.</summary>
    public bool Static;
    /// <summary><c>LLE_IFADDR</c>: one of our own addresses.</summary>
    public bool InterfaceAddress;
    /// <summary><c>LLE_PUB</c>: published (<c>arp -s … pub</c>): we answer requests for it with <see cref="Mac"/>.</summary>
    public bool Published;
    /// <summary><c>la_expire</c> in stack milliseconds.</summary>
    public long ExpiresMs;
    /// <summary><c>la_asked</c>: requests sent since the entry was last confirmed.</summary>
    public int Asked;
    /// <summary>The second of the last request, so requests go out at most once a second.</summary>
    public long LastRequestSecond = -1;
    /// <summary><c>la_hold</c>: packets waiting for the reply, oldest first; bounded by maxhold.</summary>
    public Queue<Frame>? Hold;

    /// <summary>Frees what is held and returns how many frames that was.</summary>
    public int FreeHeld()
    {
        if (Hold is null)
            return 0;
        int n = Hold.Count;
        while (Hold.TryDequeue(out var frame))
            frame.Free();
        return n;
    }
}

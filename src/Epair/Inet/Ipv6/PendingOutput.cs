using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

/// <summary>
/// Frames the stack decided to send while holding its lock, sent once the lock is released
/// (the stack's locking rule). A per-thread list used as a stack of batches: a caller takes a
/// <see cref="Mark"/>, adds under the lock, and <see cref="Flush"/>es its own part after. In
/// direct dispatch a flush runs the peer's stack, which may batch and flush on the same thread
/// above the mark; each level only ever touches what lies above its own mark.
/// </summary>
internal static class PendingOutput
{
    private readonly record struct Item(NetInterface Interface, Frame Frame, MacAddress Destination, bool Loopback);

    [ThreadStatic]
    private static List<Item>? t_items;

    public static int Mark() => (t_items ??= []).Count;

    /// <summary>Queues an Ethernet transmission of <paramref name="frame"/> (IPv6 packet at the Ethernet offset).</summary>
    public static void Add(NetInterface ifp, Frame frame, MacAddress destination) =>
        (t_items ??= []).Add(new Item(ifp, frame, destination, Loopback: false));

    /// <summary>Queues a packet for one of our own addresses: it re-enters IPv6 input as if received on <paramref name="ifp"/>.</summary>
    public static void AddLoopback(NetInterface ifp, Frame frame) =>
        (t_items ??= []).Add(new Item(ifp, frame, default, Loopback: true));

    /// <summary>Sends everything queued above <paramref name="mark"/>; frames are freed if sending throws.</summary>
    public static void Flush(Ip6 ip6, int mark)
    {
        var items = t_items;
        if (items is null || items.Count <= mark)
            return;
        int i = mark;
        try
        {
            for (; i < items.Count; i++)
            {
                var item = items[i];
                items[i] = default;
                if (item.Loopback)
                {
                    item.Frame.ReceiveInterface = item.Interface;
                    ip6.Input(item.Interface, item.Frame, EtherInput.HeaderLength);
                }
                else if (EtherOutput.Send(item.Interface, item.Frame, item.Destination, EtherInput.EtherTypeIpv6) != Errno.None)
                {
                    ip6.Stats.Inc(Ip6Stat.ip6s_odropped);
                }
            }
        }
        finally
        {
            for (int j = i + 1; j < items.Count; j++)
                items[j].Frame?.Free();
            items.RemoveRange(mark, items.Count - mark);
        }
    }
}

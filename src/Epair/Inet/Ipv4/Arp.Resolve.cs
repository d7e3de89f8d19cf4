using Epair.Frames;
using Epair.Inet.Ipv4.Statistics;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

// arpresolve: the output side, with the hold queue and the request rate limit.
public sealed partial class Arp
{
    /// <summary>
    /// <c>arpresolve</c>: true with <paramref name="mac"/> when <paramref name="address"/> is
    /// resolved (the caller sends the frame). Otherwise the frame is held on the incomplete
    /// entry (the oldest held frame dropped past <see cref="MaxHold"/>), a request goes out at
    /// most once a second, and <paramref name="error"/> is None while fewer than
    /// <see cref="MaxTries"/> requests went unanswered, then EHOSTDOWN (EHOSTUNREACH for a gateway).
    /// </summary>
    internal bool Resolve(NetInterface ifp, uint address, bool isGateway, Frame frame, out MacAddress mac, out Errno error)
    {
        long now = _stack.NowMs;
        bool resolved;
        bool request;
        lock (_stack.Lock)
        {
            _table.TryGetValue((ifp, address), out var entry);
            if (entry is not null && entry.Valid && (entry.Static || entry.ExpiresMs > now))
            {
                mac = entry.Mac;
                error = Errno.None;
                resolved = true;
                // ARP_LLINFO_VERIFY: an entry in use near the end of its life is asked for again,
                // once a second, while the cached address keeps working, so traffic never stalls.
                long second = now / 1000;
                request = !entry.Static && entry.ExpiresMs - now <= MaxTries * 1000L && entry.LastRequestSecond != second;
                if (request)
                    entry.LastRequestSecond = second;
            }
            else
            {
                mac = default;
                resolved = false;
                request = HoldLocked(ifp, address, isGateway, frame, entry, now, out error);
            }
        }
        if (request)
        {
            uint source;
            lock (_stack.Lock)
                source = _stack.Ipv4.SourceForLocked(ifp, address);
            if (source != 0)
                _ = SendRequest(ifp, source, address);
        }
        return resolved;
    }

    /// <summary>The unresolved half of arpresolve_full, under the lock; true when a request must go out.</summary>
    private bool HoldLocked(NetInterface ifp, uint address, bool isGateway, Frame frame, ArpEntry? entry, long now, out Errno error)
    {
        if (entry is null)
        {
            if ((ifp.Flags & (InterfaceFlags.NoArp | InterfaceFlags.StaticArp)) != 0 || _table.Count >= MaxEntries)
            {
                Statistics.Increment(ArpStat.Dropped);
                frame.Free();
                error = Errno.EHOSTUNREACH;
                return false;
            }
            entry = new ArpEntry(ifp, address);
            _table.Add((ifp, address), entry);
        }
        // An entry past its time that the timer has not reaped yet is asked for again.
        entry.Valid = false;
        var hold = entry.Hold ??= new Queue<Frame>();
        while (hold.Count >= MaxHold && hold.TryDequeue(out var oldest))
        {
            oldest.Free();
            Statistics.Increment(ArpStat.Dropped);
        }
        hold.Enqueue(frame);

        error = entry.Asked < MaxTries ? Errno.None : isGateway ? Errno.EHOSTUNREACH : Errno.EHOSTDOWN;
        long second = now / 1000;
        bool request = entry.Asked == 0 || entry.LastRequestSecond != second;
        if (request)
        {
            entry.ExpiresMs = now + Wait * 1000L;
            entry.LastRequestSecond = second;
            entry.Asked++;
        }
        return request;
    }
}

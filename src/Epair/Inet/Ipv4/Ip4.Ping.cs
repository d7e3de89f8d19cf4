using System.Buffers.Binary;
using System.Net;
using System.Threading.Channels;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv4.Icmp;
using Epair.Inet.Ipv4.Wire;

namespace Epair.Inet.Ipv4;

// ping(8) in process: echo requests on the kernel's clock, replies and errors as they come.
public sealed partial class Ip4
{
    /// <summary>
    /// Pings <paramref name="destination"/> as <c>ping(8)</c> does: sends
    /// <see cref="PingOptions.Count"/> echo requests <see cref="PingOptions.Interval"/> apart,
    /// reports every reply and every ICMP error about a request to <see cref="PingOptions.OnReply"/>,
    /// waits up to <see cref="PingOptions.Timeout"/> after the last request for the missing
    /// replies, and returns the summary. Cancelling stops early and still returns the summary,
    /// as ping does on SIGINT. A request that cannot be sent (no route, message too long) goes to
    /// <see cref="PingOptions.OnSendError"/> and counts as lost; without that callback the first
    /// such failure throws <see cref="ErrnoException"/> with <c>sendto</c>, later ones count as lost.
    /// A <see cref="PingOptions.Source"/> that is not one of this vnet's addresses throws EADDRNOTAVAIL
    /// with <c>bind</c>, as ping's bind(2) fails.
    /// </summary>
    public async Task<PingStatistics> PingAsync(IPAddress destination, PingOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new PingOptions();
        uint dst = InAddr.FromIPAddress(destination, "ping");
        uint src = options.Source is null ? 0 : InAddr.FromIPAddress(options.Source, "ping");
        if (src != 0)
        {
            // ping -S binds its socket: only an address of ours can be a source.
            lock (Lock)
            {
                if (!IsLocalAddressLocked(src))
                    throw new ErrnoException(Errno.EADDRNOTAVAIL, "bind");
            }
        }
        if (options.Size is < 0 or > MaxPacket - 28 || options.Count < 0 || options.Pattern.Length > PingPayload.MaxPattern ||
            options.Pcp is < Interfaces.NetInterface.NoPcp or > Epair.Frames.VlanHeader.MaxPcp)
            throw new ErrnoException(Errno.EINVAL, "ping");
        var time = _stack.Vnet.Kernel.Time;
        var session = Icmp.OpenSession();
        var tally = new PingTally(time, options.OnReply);
        try
        {
            for (int seq = 0; options.Count == 0 || seq < options.Count; seq++)
            {
                if (cancellationToken.IsCancellationRequested)
                    break;
                var error = SendEcho(session.Identifier, (ushort)seq, dst, src, options, tally, time.GetTimestamp());
                if (error != Errno.None)
                {
                    // ping warns and goes on; a request that never left is not waited for.
                    tally.Failed((ushort)seq);
                    if (options.OnSendError is { } report)
                        report(error);
                    else if (seq == 0)
                        throw new ErrnoException(error, "sendto");
                }
                options.OnSent?.Invoke(seq);
                // A flood sends on at once when the reply is already in (a direct-dispatch wire).
                bool answered = tally.Drain(session.Events.Reader) > 0 && options.Flood;
                bool last = options.Count != 0 && seq + 1 == options.Count;
                if (!last && !answered && !await WaitAsync(session.Events.Reader, tally, options.Interval, time, cancellationToken,
                        untilAnyReply: options.Flood).ConfigureAwait(false))
                    break;
            }
            if (!tally.AllAnswered)
                await WaitAsync(session.Events.Reader, tally, tally.AfterLastRequest(options.Timeout), time, cancellationToken, untilAnswered: true).ConfigureAwait(false);
            tally.Drain(session.Events.Reader);
        }
        finally
        {
            Icmp.CloseSession(session);
        }
        return tally.Summary(destination);
    }

    private Errno SendEcho(ushort id, ushort seq, uint destination, uint source, PingOptions options, PingTally tally, long now)
    {
        int icmpLength = IcmpPacket.HeaderLength + options.Size;
        var frame = EtherOutput.Rent(_stack.Vnet.Kernel.Frames, Ipv4Packet.MinHeaderLength + icmpLength);
        var icmp = EtherOutput.Packet(frame)[Ipv4Packet.MinHeaderLength..];
        icmp[0] = IcmpType.Echo;
        icmp[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], id);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], seq);
        // ping's payload: the send time first when it fits, then bytes counting up.
        var data = icmp[IcmpPacket.HeaderLength..];
        PingPayload.Fill(data, options.Pattern.Span);
        if (data.Length >= PingPayload.TimestampLength)
            BinaryPrimitives.WriteInt64BigEndian(data, now);
        IcmpPacket.CreateUnchecked(icmp).FillChecksum();
        // IP_VLAN_PCP: the priority rides on the packet to ether_output, like FreeBSD's mbuf tag.
        frame.PriorityCodePoint = (sbyte)options.Pcp;
        tally.Sent(seq, now);
        return Output(frame, source, destination, IpProtocol.Icmp, options.Ttl ?? Ttl, options.DontFragment);
    }

    /// <summary>
    /// Waits <paramref name="period"/> on the kernel's clock, taking events as they come; stops
    /// early when everything is answered or when anything arrives (flood), if asked. False when
    /// the caller cancelled.
    /// </summary>
    private static async Task<bool> WaitAsync(ChannelReader<PingEvent> reader, PingTally tally, TimeSpan period,
        TimeProvider time, CancellationToken cancellationToken, bool untilAnswered = false, bool untilAnyReply = false)
    {
        if (period <= TimeSpan.Zero)
            return !cancellationToken.IsCancellationRequested;
        using var timeout = new CancellationTokenSource(period, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            while (!(untilAnswered && tally.AllAnswered))
            {
                if (!await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                    return true;
                tally.Drain(reader);
                if (untilAnyReply)
                    return true;
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            return !cancellationToken.IsCancellationRequested;
        }
    }

    /// <summary>The counting half of ping: send times by sequence, replies, duplicates, round-trip sums.</summary>
    private sealed class PingTally(TimeProvider time, Action<PingReply>? onReply)
    {
        private readonly Dictionary<ushort, long> _sentAt = [];
        private readonly HashSet<ushort> _answered = [];
        private int _transmitted;
        private int _received;
        private int _duplicates;
        private int _errors;
        private double _sumMs;
        private double _sumSquaresMs;
        private double _minMs = double.MaxValue;
        private double _maxMs;

        private int _failed;

        public bool AllAnswered => _received + _errors + _failed >= _transmitted;

        public TimeSpan AfterLastRequest(TimeSpan waitTime) => PingTiming.AfterLastRequest(_received, _maxMs, waitTime);

        public void Failed(ushort seq)
        {
            if (_answered.Add(seq))
                _failed++;
        }

        public void Sent(ushort seq, long timestamp)
        {
            _sentAt[seq] = timestamp;
            _answered.Remove(seq);
            _transmitted++;
        }

        /// <summary>Takes every event queued now; returns how many.</summary>
        public int Drain(ChannelReader<PingEvent> reader)
        {
            int n = 0;
            for (; reader.TryRead(out var e); n++)
                Handle(e);
            return n;
        }

        private void Handle(PingEvent e)
        {
            var from = InAddr.ToIPAddress(e.From);
            if (e.Type != IcmpType.EchoReply)
            {
                _errors++;
                onReply?.Invoke(new PingReply(e.Bytes, from, e.Sequence, e.Ttl, null, e.Type, e.Code, false,
                    PingMessages.Describe(e.Type, e.Code, e.Word)) { QuotedHeader = e.Quoted });
                return;
            }
            if (!_sentAt.TryGetValue(e.Sequence, out long sentAt))
                return;
            var rtt = time.GetElapsedTime(sentAt, e.Timestamp);
            bool duplicate = !_answered.Add(e.Sequence);
            if (duplicate)
                _duplicates++;
            else
                _received++;
            // ping.c times every reply, duplicates too, and averages over both.
            double ms = rtt.TotalMilliseconds;
            _sumMs += ms;
            _sumSquaresMs += ms * ms;
            _minMs = Math.Min(_minMs, ms);
            _maxMs = Math.Max(_maxMs, ms);
            onReply?.Invoke(new PingReply(e.Bytes, from, e.Sequence, e.Ttl, rtt, 0, 0, duplicate, null));
        }

        public PingStatistics Summary(IPAddress destination)
        {
            if (_received == 0)
                return new PingStatistics(destination, _transmitted, 0, _duplicates, _errors, null, null, null, null);
            int timed = _received + _duplicates;
            double avg = _sumMs / timed;
            double variance = Math.Max(0, _sumSquaresMs / timed - avg * avg);
            return new PingStatistics(destination, _transmitted, _received, _duplicates, _errors,
                TimeSpan.FromMilliseconds(_minMs), TimeSpan.FromMilliseconds(avg), TimeSpan.FromMilliseconds(_maxMs),
                TimeSpan.FromMilliseconds(Math.Sqrt(variance)));
        }
    }
}

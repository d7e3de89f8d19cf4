using System.Net;
using Epair.Inet.Ethernet;
using Epair.Interfaces;
using Epair.Inet.Ipv6.Wire;

namespace Epair.Inet.Ipv6;

// ping6 in process: echo requests out, replies and errors matched by identifier.
public sealed partial class Ip6
{
    private readonly Dictionary<ushort, PingSession> _pings = [];
    private ushort _nextPingId = (ushort)Random.Shared.Next();

    /// <summary>
    /// Pings <paramref name="destination"/> as <c>ping6</c> does: <see cref="Ping6Options.Count"/>
    /// echo requests <see cref="Ping6Options.Interval"/> apart, then waits up to
    /// <see cref="Ping6Options.Timeout"/> for what is still unanswered. Errors about the requests
    /// (unreachable, time exceeded, …) come back as replies with <see cref="Ping6Reply.IsError"/>.
    /// A link-local destination needs its interface: the address' scope id or <see cref="Ping6Options.Interface"/>.
    /// Cancelling stops early and still returns the summary, as ping does on SIGINT.
    /// </summary>
    /// <exception cref="ErrnoException">EINVAL for bad options; EHOSTUNREACH for a scoped destination
    /// without an interface; EADDRNOTAVAIL for a source address that is not ours.</exception>
    public async Task<Ping6Result> PingAsync(IPAddress destination, Ping6Options? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new Ping6Options();
        if (options.Count < 0 || options.Size is < 0 or > 65_527 || options.Interval < TimeSpan.Zero ||
            options.HopLimit is < 0 or > 255 || options.Pcp is < NetInterface.NoPcp or > Epair.Frames.VlanHeader.MaxPcp ||
            options.Pattern.Length > PingPayload.MaxPattern)
            throw new ErrnoException(Errno.EINVAL, "ping6");
        var target = In6.FromIPAddress(destination);
        var scope = options.Interface ?? (destination.ScopeId != 0 ? _stack.Vnet.FindInterface((int)destination.ScopeId) : null);
        if (In6.NeedsScope(target) && scope is null)
            throw new ErrnoException(Errno.EHOSTUNREACH, "ping6");
        var source = options.Source is null ? UInt128.Zero : In6.FromIPAddress(options.Source);
        if (options.Source is not null)
        {
            // ping6 -S binds the socket: only an address of ours that is ready can be a source.
            lock (Lock)
            {
                var bindScope = options.Source.ScopeId != 0 ? _stack.Vnet.FindInterface((int)options.Source.ScopeId) : scope;
                if (FindOurAddress(source, bindScope) is not { IsUsable: true })
                    throw new ErrnoException(Errno.EADDRNOTAVAIL, "bind");
            }
        }

        PingSession session;
        lock (Lock)
        {
            do
                _nextPingId++;
            while (_pings.ContainsKey(_nextPingId));
            session = new PingSession(_nextPingId, _time);
            _pings[session.Identifier] = session;
        }
        var replies = new List<Ping6Reply>();
        var sendErrors = new List<Errno>();
        try
        {
            for (int seq = 0; options.Count == 0 || seq < options.Count; seq++)
            {
                // Without an interval nothing below waits, so a stop is noticed here.
                cancellationToken.ThrowIfCancellationRequested();
                long next = NowMilliseconds + (long)options.Interval.TotalMilliseconds;
                session.Transmitted++;
                var error = SendEcho(session, target, scope, source, seq, options);
                if (error != Errno.None)
                {
                    sendErrors.Add(error);
                    options.OnSendError?.Invoke(error);
                }
                options.OnSent?.Invoke(seq);
                if (options.Count == 0 || seq < options.Count - 1)
                {
                    await CollectReplies(session, replies, options, next, stopWhenAnswered: false, cancellationToken,
                        stopOnReply: options.Flood).ConfigureAwait(false);
                }
            }
            var straggle = PingTiming.AfterLastRequest(CountEchoes(replies, out double longestMs), longestMs, options.Timeout);
            await CollectReplies(session, replies, options, NowMilliseconds + (long)straggle.TotalMilliseconds,
                stopWhenAnswered: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped early (ping's SIGINT or SIGALRM): the summary of what came back so far.
        }
        finally
        {
            lock (Lock)
                _pings.Remove(session.Identifier);
        }
        return new Ping6Result(destination, session.Transmitted, replies, sendErrors);
    }

    // The echo replies among what came back, and the longest round trip of them.
    private static int CountEchoes(List<Ping6Reply> replies, out double longestMs)
    {
        int count = 0;
        longestMs = 0;
        foreach (var reply in replies)
        {
            if (reply.IsError || reply.IsDuplicate)
                continue;
            count++;
            longestMs = Math.Max(longestMs, reply.RoundTripTime.TotalMilliseconds);
        }
        return count;
    }

    private Errno SendEcho(PingSession session, UInt128 destination, NetInterface? scope, UInt128 source, int sequence, Ping6Options options)
    {
        int mark = PendingOutput.Mark();
        Errno error;
        lock (Lock)
        {
            var hop = Route(destination, scope);
            error = hop.Error;
            if (error == Errno.None)
            {
                var from = source != UInt128.Zero ? source : hop.Local is not null ? destination : SelectSource(destination, hop.State);
                if (In6.IsUnspecified(from))
                {
                    error = Errno.EADDRNOTAVAIL;
                }
                else
                {
                    int length = Icmpv6Packet.HeaderLength + options.Size;
                    var frame = RentIcmp(length, from, destination, (byte)(options.HopLimit ?? Config.HopLimit));
                    var icmp = Icmpv6Packet.CreateUnchecked(IcmpBody(frame));
                    icmp.Type = Icmpv6Type.EchoRequest;
                    icmp.Code = 0;
                    icmp.Identifier = session.Identifier;
                    icmp.Sequence = (ushort)sequence;
                    PingPayload.Fill(icmp.Body, options.Pattern.Span);
                    icmp.FillChecksum(from, destination);
                    Stats.IncIcmpOut(Icmpv6Type.EchoRequest);
                    session.MarkSent(sequence);
                    error = SendLocked(frame, hop, mayFragment: !options.DontFragment, loopMulticast: true, options.Pcp);
                }
            }
        }
        PendingOutput.Flush(this, mark);
        if (error != Errno.None)
        {
            // The input path reads the session under the lock too.
            lock (Lock)
                session.MarkFailed(sequence);
        }
        return error;
    }

    /// <summary>
    /// Reads replies until <paramref name="deadline"/> (stack milliseconds), or until every
    /// request is answered, or (flood) until anything arrives.
    /// </summary>
    private async Task CollectReplies(PingSession session, List<Ping6Reply> replies, Ping6Options options, long deadline,
        bool stopWhenAnswered, CancellationToken cancellationToken, bool stopOnReply = false)
    {
        var reader = session.Replies.Reader;
        while (true)
        {
            bool any = false;
            while (reader.TryRead(out var reply))
            {
                any = true;
                replies.Add(reply);
                options.OnReply?.Invoke(reply);
            }
            if ((stopWhenAnswered && session.AllAnswered) || (stopOnReply && any))
                return;
            long remaining = deadline - NowMilliseconds;
            if (remaining <= 0)
                return;
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(TimeSpan.FromMilliseconds(remaining), _time, wake.Token);
            var arrival = reader.WaitToReadAsync(wake.Token).AsTask();
            await Task.WhenAny(delay, arrival).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>An echo reply for one of our sessions.</summary>
    private void EchoReplyInput(InterfaceState6 st, Ipv6Repr ip, Icmpv6Packet icmp)
    {
        if (icmp.Code != 0)
        {
            Stats.Inc(Icmp6Stat.icp6s_badcode);
            return;
        }
        if (_pings.TryGetValue(icmp.Identifier, out var session))
            session.OnReply(In6.ToIPAddress(ip.Source, st.Interface.Index), icmp.Sequence, ip.HopLimit, icmp.Bytes.Length);
    }
}

using System.Net;
using System.Threading.Channels;

namespace Epair.Inet.Ipv6;

/// <summary>
/// One running ping: the send times and answered sequence numbers, and a channel the input path
/// writes replies to (under the stack lock, so it only records; the pinging flow reads them).
/// Sequence numbers are 16 bits on the wire, so a long ping reuses them, as ping6.c's
/// <c>rcvd_tbl</c> does: sending a number again forgets its old answer.
/// </summary>
internal sealed class PingSession(ushort identifier, TimeProvider time)
{
    private readonly Dictionary<ushort, long> _sentAt = [];
    private readonly HashSet<ushort> _answered = [];
    private int _answeredCount;

    public ushort Identifier { get; } = identifier;

    public Channel<Ping6Reply> Replies { get; } = Channel.CreateUnbounded<Ping6Reply>(new UnboundedChannelOptions { SingleReader = true });

    public int Transmitted { get; set; }

    /// <summary>Every request sent so far has an answer (a reply or an error).</summary>
    public bool AllAnswered => Volatile.Read(ref _answeredCount) >= Transmitted;

    public void MarkSent(int sequence)
    {
        var seq = (ushort)sequence;
        _sentAt[seq] = time.GetTimestamp();
        _answered.Remove(seq);
    }

    public void OnReply(IPAddress from, int sequence, int hopLimit, int bytes)
    {
        var seq = (ushort)sequence;
        if (!_sentAt.TryGetValue(seq, out long sentAt))
            return;
        bool duplicate = !Answer(seq);
        Replies.Writer.TryWrite(new Ping6Reply(bytes, from, seq, hopLimit, time.GetElapsedTime(sentAt), duplicate));
    }

    public void OnError(IPAddress from, int sequence, byte type, byte code, uint word, int bytes)
    {
        var seq = (ushort)sequence;
        if (!_sentAt.TryGetValue(seq, out long sentAt))
            return;
        Answer(seq);
        Replies.Writer.TryWrite(new Ping6Reply(bytes, from, seq, 0, time.GetElapsedTime(sentAt), false, type, code, word));
    }

    /// <summary>The request never left (no route, no source, too big with -D): nothing to wait for.</summary>
    public void MarkFailed(int sequence) => Answer((ushort)sequence);

    /// <summary>False when the sequence number was answered already (a duplicate).</summary>
    private bool Answer(ushort sequence)
    {
        if (!_answered.Add(sequence))
            return false;
        Interlocked.Increment(ref _answeredCount);
        return true;
    }
}

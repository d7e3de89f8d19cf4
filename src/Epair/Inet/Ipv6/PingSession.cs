using System.Net;
using System.Threading.Channels;

namespace Epair.Inet.Ipv6;

/// <summary>
/// One running ping: the send times and answered sequence numbers, and a channel the input path
/// writes replies to (under the stack lock, so it only records; the pinging flow reads them).
/// </summary>
internal sealed class PingSession(ushort identifier, int count, TimeProvider time)
{
    private readonly long[] _sentAt = new long[count];
    private readonly bool[] _answered = new bool[count];
    private int _answeredCount;

    public ushort Identifier { get; } = identifier;

    public Channel<Ping6Reply> Replies { get; } = Channel.CreateUnbounded<Ping6Reply>(new UnboundedChannelOptions { SingleReader = true });

    public int Transmitted { get; set; }

    /// <summary>Every request sent so far has an answer (a reply or an error).</summary>
    public bool AllAnswered => Volatile.Read(ref _answeredCount) >= Transmitted;

    public void MarkSent(int sequence) => _sentAt[sequence] = time.GetTimestamp();

    public void OnReply(IPAddress from, int sequence, int hopLimit, int bytes)
    {
        if (sequence >= _sentAt.Length)
            return;
        bool duplicate = _answered[sequence];
        Answer(sequence);
        Replies.Writer.TryWrite(new Ping6Reply(bytes, from, sequence, hopLimit, time.GetElapsedTime(_sentAt[sequence]), duplicate));
    }

    public void OnError(IPAddress from, int sequence, byte type, byte code, uint word, int bytes)
    {
        if (sequence >= _sentAt.Length)
            return;
        Answer(sequence);
        Replies.Writer.TryWrite(new Ping6Reply(bytes, from, sequence, 0, time.GetElapsedTime(_sentAt[sequence]), false, type, code, word));
    }

    /// <summary>The request never left (no route, no source): nothing to wait for.</summary>
    public void MarkFailed(int sequence) => Answer(sequence);

    private void Answer(int sequence)
    {
        if (_answered[sequence])
            return;
        _answered[sequence] = true;
        Interlocked.Increment(ref _answeredCount);
    }
}

using System.Threading.Channels;
using Epair.Frames;
using Epair.Inet.Ipv4.Wire;

namespace Epair.Inet.Ipv4.Icmp;

// The raw-socket side of ICMP that ping needs: echo replies and the errors quoting our
// requests go to the session whose identifier they carry.
internal sealed partial class Icmp4
{
    private readonly Dictionary<ushort, PingSession> _sessions = [];
    private int _nextIdentifier = Random.Shared.Next(ushort.MaxValue);

    public PingSession OpenSession()
    {
        lock (ip.Lock)
        {
            while (true)
            {
                var id = (ushort)Interlocked.Increment(ref _nextIdentifier);
                if (_sessions.ContainsKey(id))
                    continue;
                var session = new PingSession(id);
                _sessions.Add(id, session);
                return session;
            }
        }
    }

    public void CloseSession(PingSession session)
    {
        lock (ip.Lock)
            _sessions.Remove(session.Identifier);
        session.Events.Writer.TryComplete();
    }

    private PingSession? FindSession(ushort id)
    {
        lock (ip.Lock)
            return _sessions.GetValueOrDefault(id);
    }

    private void DeliverEchoReply(Frame frame, int offset)
    {
        var packet = Ipv4Packet.CreateUnchecked(frame.Data[offset..]);
        var icmp = IcmpPacket.CreateUnchecked(packet.Payload);
        var session = FindSession(icmp.Identifier);
        session?.Events.Writer.TryWrite(new PingEvent(icmp.SequenceNumber, icmp.Bytes.Length, packet.Source, packet.Ttl,
            ip.Stack.Vnet.Kernel.Time.GetTimestamp(), IcmpType.EchoReply, 0, 0));
        frame.Free();
    }

    // icmp_nextmtu for "frag needed", icmp_pptr (the first byte after the code) for a parameter problem.
    private static int ErrorWord(IcmpPacket icmp) =>
        icmp.Type == IcmpType.ParameterProblem ? icmp.Bytes[4] : icmp.NextHopMtu;

    private void DeliverError(Frame frame, int offset)
    {
        var packet = Ipv4Packet.CreateUnchecked(frame.Data[offset..]);
        var icmp = IcmpPacket.CreateUnchecked(packet.Payload);
        var inner = Ipv4Packet.CreateUnchecked(icmp.Data);
        var quoted = icmp.Data[inner.HeaderLength..];
        if (inner.Protocol == IpProtocol.Icmp && quoted[0] == IcmpType.Echo)
        {
            var echo = IcmpPacket.CreateUnchecked(quoted);
            var session = FindSession(echo.Identifier);
            // ping prints the quoted header (pr_iph): copy it, the frame goes back to the pool.
            session?.Events.Writer.TryWrite(new PingEvent(echo.SequenceNumber, icmp.Bytes.Length, packet.Source, packet.Ttl,
                ip.Stack.Vnet.Kernel.Time.GetTimestamp(), icmp.Type, icmp.Code, ErrorWord(icmp))
            { Quoted = icmp.Data[..inner.HeaderLength].ToArray() });
        }
        frame.Free();
    }
}

/// <summary>One ping's mailbox: what arrived for its identifier, read by the pinging task.</summary>
internal sealed class PingSession(ushort identifier)
{
    public ushort Identifier { get; } = identifier;

    public Channel<PingEvent> Events { get; } = Channel.CreateUnbounded<PingEvent>(new UnboundedChannelOptions { SingleReader = true });
}

/// <summary>
/// An echo reply or an ICMP error about one of our echo requests; for an error, <c>Word</c> is its
/// MTU (frag needed) or pointer (parameter problem).
/// </summary>
internal readonly record struct PingEvent(ushort Sequence, int Bytes, uint From, int Ttl, long Timestamp, byte Type, byte Code, int Word)
{
    /// <summary>For an error: the IP header it quotes.</summary>
    public byte[]? Quoted { get; init; }
}

using System.Net;
using System.Threading.Channels;

namespace Epair.Inet.Ipv4.Udp;

/// <summary>
/// A UDP socket of one vnet (<c>socket(AF_INET, SOCK_DGRAM)</c>): bound to a local address
/// and port, sends datagrams anywhere, and keeps what arrives in a receive queue bounded by
/// <c>net.inet.udp.recvspace</c> bytes (what does not fit is dropped and counted as
/// <c>udps_fullsock</c>). Dispose closes it.
/// </summary>
public sealed class UdpSocket4 : IDisposable
{
    private readonly Udp4 _udp;
    private readonly Channel<UdpDatagram> _queue = Channel.CreateUnbounded<UdpDatagram>(new UnboundedChannelOptions { SingleReader = false });
    private int _queuedBytes;
    private int _closed;

    internal UdpSocket4(Udp4 udp, uint address, ushort port)
    {
        _udp = udp;
        Address = address;
        Port = port;
    }

    internal uint Address { get; }

    internal ushort Port { get; }

    /// <summary>The local address and port (<c>getsockname</c>); 0.0.0.0 when bound to any address.</summary>
    public IPEndPoint LocalEndPoint => new(InAddr.ToIPAddress(Address), Port);

    /// <summary><c>IP_TTL</c>: the TTL of datagrams sent; null for <c>net.inet.ip.ttl</c>.</summary>
    public int? Ttl { get; set; }

    /// <summary><c>IP_DONTFRAG</c>: send with DF set, so that a datagram longer than the MTU fails with EMSGSIZE.</summary>
    public bool DontFragment { get; set; }

    /// <summary>Bytes waiting in the receive queue (<c>so_rcv.sb_cc</c>).</summary>
    public int ReceiveQueueBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>
    /// <c>sendto</c>: sends <paramref name="data"/> to <paramref name="remote"/>. Returns
    /// EMSGSIZE past <c>net.inet.udp.maxdgram</c> or past the MTU with
    /// <see cref="DontFragment"/>, EHOSTUNREACH without a route, EBADF once closed.
    /// </summary>
    public Errno SendTo(ReadOnlySpan<byte> data, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (Volatile.Read(ref _closed) != 0)
            return Errno.EBADF;
        if (remote.Port is <= 0 or > ushort.MaxValue)
            return Errno.EADDRNOTAVAIL;
        uint destination = InAddr.FromIPAddress(remote.Address, "sendto");
        return _udp.Send(this, data, destination, (ushort)remote.Port);
    }

    /// <summary>Waits for the next datagram; throws <see cref="OperationCanceledException"/> when cancelled, EBADF once closed.</summary>
    public async ValueTask<UdpDatagram> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var datagram = await _queue.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _queuedBytes, -datagram.Data.Length);
            return datagram;
        }
        catch (ChannelClosedException)
        {
            throw new ErrnoException(Errno.EBADF, "recvfrom");
        }
    }

    /// <summary>Takes the next datagram if one is waiting.</summary>
    public bool TryReceive(out UdpDatagram? datagram)
    {
        if (_queue.Reader.TryRead(out datagram))
        {
            Interlocked.Add(ref _queuedBytes, -datagram.Data.Length);
            return true;
        }
        return false;
    }

    /// <summary>sbappendaddr: queues a datagram unless the receive buffer is full.</summary>
    internal bool Enqueue(UdpDatagram datagram, int limit)
    {
        int length = datagram.Data.Length;
        int queued = Volatile.Read(ref _queuedBytes);
        // A datagram must fit whole; an empty queue always takes one, as a socket buffer does.
        if (queued > 0 && queued + length > limit)
            return false;
        Interlocked.Add(ref _queuedBytes, length);
        return _queue.Writer.TryWrite(datagram);
    }

    /// <summary>Closes the socket: the port is free again and waiting receivers get EBADF.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _udp.Close(this);
        _queue.Writer.TryComplete();
    }
}

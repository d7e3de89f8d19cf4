using System.Net;
using System.Threading.Channels;

namespace Epair.Inet.Ipv6;

/// <summary>
/// A minimal UDP socket over IPv6 (<c>udp6_input</c>/<c>udp6_output</c>): bound to a port and
/// optionally one of the vnet's addresses, with a bounded receive queue (datagrams beyond it are
/// dropped and counted, as a full socket buffer does). Made by <see cref="Ip6.OpenUdp"/>.
/// </summary>
public sealed class Udp6Socket : IDisposable
{
    private readonly Ip6 _ip6;
    private readonly Channel<Udp6Datagram> _queue;
    private long _dropped;
    private int _lastError;
    private int _disposed;

    internal Udp6Socket(Ip6 ip6, UInt128 localAddress, ushort port, int capacity)
    {
        _ip6 = ip6;
        LocalAddress = localAddress;
        Port = port;
        _queue = Channel.CreateBounded<Udp6Datagram>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
    }

    internal UInt128 LocalAddress { get; }

    internal ushort Port { get; }

    /// <summary>The bound address and port (<c>::</c> when bound to all addresses).</summary>
    public IPEndPoint LocalEndPoint => new(In6.ToIPAddress(LocalAddress), Port);

    /// <summary>Datagrams dropped because the receive queue was full (<c>udps_fullsock</c>).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The error an ICMPv6 message reported about a datagram sent from here (ECONNREFUSED for port unreachable), or <see cref="Errno.None"/>.</summary>
    public Errno LastError => (Errno)Volatile.Read(ref _lastError);

    /// <summary>Sends <paramref name="data"/> to <paramref name="remote"/>; a link-local remote needs its scope id.</summary>
    /// <returns><see cref="Errno.None"/>, or why it could not go (EHOSTUNREACH, EADDRNOTAVAIL, EMSGSIZE, ENETDOWN).</returns>
    public Errno SendTo(ReadOnlySpan<byte> data, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _ip6.UdpSend(this, data, remote);
    }

    /// <summary>Waits for the next datagram.</summary>
    public ValueTask<Udp6Datagram> ReceiveAsync(CancellationToken cancellationToken = default) =>
        _queue.Reader.ReadAsync(cancellationToken);

    /// <summary>Takes the next datagram if one is queued.</summary>
    public bool TryReceive(out Udp6Datagram datagram) => _queue.Reader.TryRead(out datagram);

    /// <summary>Closes the socket: the port is free again and queued datagrams are discarded.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _ip6.UdpClose(this);
        _queue.Writer.TryComplete();
    }

    internal void Deliver(Udp6Datagram datagram)
    {
        if (!_queue.Writer.TryWrite(datagram))
            Interlocked.Increment(ref _dropped);
    }

    internal void OnError(byte type, byte code) =>
        Volatile.Write(ref _lastError, (int)(type == 1 && code == 4 ? Errno.ECONNREFUSED : Errno.EHOSTUNREACH));
}

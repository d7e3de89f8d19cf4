using System.Net;
using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv6.Wire;

namespace Epair.Inet.Ipv6;

// UDP over IPv6 (RFC 768, RFC 8200 section 8.1: the checksum is mandatory), kept small and
// inside Ipv6/ so it can later merge with the IPv4 side.
public sealed partial class Ip6
{
    /// <summary>Ports handed out for port 0 (<c>net.inet.ip.portrange.first</c>..<c>last</c>).</summary>
    private const int EphemeralFirst = 10000;
    private const int EphemeralLast = 65535;

    private readonly Dictionary<ushort, Udp6Socket> _udp = [];
    private int _nextEphemeral = EphemeralFirst + Random.Shared.Next(EphemeralLast - EphemeralFirst);

    /// <summary>
    /// Opens a UDP socket bound to <paramref name="localEndPoint"/> (any address and an ephemeral
    /// port when null or port 0).
    /// </summary>
    /// <param name="localEndPoint">Address (one of ours, or <c>::</c>) and port.</param>
    /// <param name="receiveQueueLength">Datagrams queued before new ones are dropped.</param>
    /// <exception cref="ErrnoException">EADDRINUSE when the port is taken, EADDRNOTAVAIL when the address is not ours.</exception>
    public Udp6Socket OpenUdp(IPEndPoint? localEndPoint = null, int receiveQueueLength = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(receiveQueueLength, 1);
        var address = localEndPoint is null ? UInt128.Zero : In6.FromIPAddress(localEndPoint.Address);
        int port = localEndPoint?.Port ?? 0;
        lock (Lock)
        {
            if (address != UInt128.Zero)
            {
                var scope = localEndPoint!.Address.ScopeId != 0 ? _stack.Vnet.FindInterface((int)localEndPoint.Address.ScopeId) : null;
                if (FindOurAddress(address, scope) is null)
                    throw new ErrnoException(Errno.EADDRNOTAVAIL, "bind");
            }
            if (port == 0)
                port = PickEphemeralPort();
            else if (_udp.ContainsKey((ushort)port))
                throw new ErrnoException(Errno.EADDRINUSE, "bind");
            var socket = new Udp6Socket(this, address, (ushort)port, receiveQueueLength);
            _udp[(ushort)port] = socket;
            return socket;
        }
    }

    private int PickEphemeralPort()
    {
        for (int tries = 0; tries <= EphemeralLast - EphemeralFirst; tries++)
        {
            int port = _nextEphemeral;
            _nextEphemeral = port == EphemeralLast ? EphemeralFirst : port + 1;
            if (!_udp.ContainsKey((ushort)port))
                return port;
        }
        throw new ErrnoException(Errno.EADDRNOTAVAIL, "bind");
    }

    internal void UdpClose(Udp6Socket socket)
    {
        lock (Lock)
        {
            if (_udp.TryGetValue(socket.Port, out var bound) && bound == socket)
                _udp.Remove(socket.Port);
        }
    }

    internal Errno UdpSend(Udp6Socket socket, ReadOnlySpan<byte> data, IPEndPoint remote)
    {
        if (data.Length > ushort.MaxValue - UdpPacket.HeaderLength || remote.Port == 0)
            return remote.Port == 0 ? Errno.EINVAL : Errno.EMSGSIZE;
        var destination = In6.FromIPAddress(remote.Address);
        int mark = PendingOutput.Mark();
        Errno error;
        lock (Lock)
        {
            var scope = remote.Address.ScopeId != 0 ? _stack.Vnet.FindInterface((int)remote.Address.ScopeId) : null;
            var hop = Route(destination, scope);
            error = hop.Error;
            if (error == Errno.None)
            {
                var source = socket.LocalAddress != UInt128.Zero ? socket.LocalAddress
                    : hop.Local is not null ? destination : SelectSource(destination, hop.State);
                if (In6.IsUnspecified(source))
                {
                    error = Errno.EADDRNOTAVAIL;
                }
                else
                {
                    int length = UdpPacket.HeaderLength + data.Length;
                    var frame = EtherOutput.Rent(Frames, Ipv6Packet.HeaderLength + length);
                    var bytes = EtherOutput.Packet(frame);
                    new Ipv6Repr(source, destination, IpProtocol.Udp, length, (byte)Config.HopLimit).Emit(bytes);
                    var udp = UdpPacket.CreateUnchecked(bytes[Ipv6Packet.HeaderLength..]);
                    udp.SourcePort = socket.Port;
                    udp.DestinationPort = (ushort)remote.Port;
                    udp.Length = (ushort)length;
                    data.CopyTo(udp.Payload);
                    udp.FillChecksum(source, destination);
                    error = SendLocked(frame, hop, mayFragment: true, loopMulticast: true);
                }
            }
        }
        PendingOutput.Flush(this, mark);
        return error;
    }

    /// <summary><c>udp6_input</c>. Takes the frame.</summary>
    private void UdpInput(InterfaceState6 st, Frame frame, Ipv6Repr ip, int offset)
    {
        var packet = EtherOutput.Packet(frame);
        var upper = packet[offset..];
        if (!UdpPacket.TryCreate(upper, out var udp) || udp.Length != upper.Length)
        {
            Drop(frame, Ip6Stat.ip6s_tooshort);
            return;
        }
        // A zero checksum is not allowed over IPv6 (RFC 8200, 8.1); a wrong one drops the datagram.
        if (udp.Checksum == 0 || PseudoHeader.Checksum(ip.Source, ip.Destination, IpProtocol.Udp, udp.Bytes) != 0)
        {
            frame.Free();
            return;
        }
        if (!_udp.TryGetValue(udp.DestinationPort, out var socket) ||
            (socket.LocalAddress != UInt128.Zero && socket.LocalAddress != ip.Destination))
        {
            if (!In6.IsMulticast(ip.Destination))
                SendError(frame, st.Interface, Icmpv6Type.DestinationUnreachable, Icmpv6Type.UnreachNoPort, 0);
            frame.Free();
            return;
        }
        var remote = new IPEndPoint(In6.ToIPAddress(ip.Source, st.Interface.Index), udp.SourcePort);
        socket.Deliver(new Udp6Datagram(udp.Payload.ToArray(), remote, In6.ToIPAddress(ip.Destination, st.Interface.Index)));
        frame.Free();
    }
}

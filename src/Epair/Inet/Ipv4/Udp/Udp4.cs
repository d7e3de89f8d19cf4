using System.Net;
using Epair.Frames;
using Epair.Inet.Ethernet;
using Epair.Inet.Ipv4.Statistics;
using Epair.Inet.Ipv4.Wire;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4.Udp;

/// <summary>
/// UDP (RFC 768) of one vnet: the socket table (<c>udbinfo</c>), <c>udp_input</c> and
/// <c>udp_output</c>. Sockets live under the stack's lock.
/// </summary>
internal sealed class Udp4(Ip4 ip)
{
    private readonly List<UdpSocket4> _sockets = [];

    /// <summary><c>net.inet.ip.portrange.first</c> (FreeBSD's default ephemeral range is 10000–65535).</summary>
    public int PortRangeFirst { get; set; } = 10000;

    /// <summary><c>net.inet.ip.portrange.last</c>.</summary>
    public int PortRangeLast { get; set; } = 65535;

    /// <summary><c>net.inet.udp.checksum</c>: compute checksums on output.</summary>
    public bool ComputeChecksum { get; set; } = true;

    /// <summary><c>net.inet.udp.maxdgram</c>: the longest datagram a socket may send.</summary>
    public int MaxDatagram { get; set; } = 9216;

    /// <summary><c>net.inet.udp.recvspace</c>: receive buffer bytes per socket.</summary>
    public int ReceiveSpace { get; set; } = 40 * (1024 + 28);

    private UdpStatistics Stats => ip.UdpStatistics;

    /// <summary><c>socket</c> + <c>bind</c>: EADDRNOTAVAIL for an address not ours, EADDRINUSE for a taken port.</summary>
    public UdpSocket4 Open(IPEndPoint? local)
    {
        uint address = local is null ? 0 : InAddr.FromIPAddress(local.Address, "bind");
        int port = local?.Port ?? 0;
        if (port is < 0 or > ushort.MaxValue)
            throw new ErrnoException(Errno.EINVAL, "bind");
        lock (ip.Lock)
        {
            if (address != 0 && !ip.IsLocalAddressLocked(address))
                throw new ErrnoException(Errno.EADDRNOTAVAIL, "bind");
            if (port == 0)
                port = EphemeralPortLocked(address);
            else if (InUseLocked(address, (ushort)port))
                throw new ErrnoException(Errno.EADDRINUSE, "bind");
            var socket = new UdpSocket4(this, address, (ushort)port);
            _sockets.Add(socket);
            return socket;
        }
    }

    public void Close(UdpSocket4 socket)
    {
        lock (ip.Lock)
            _sockets.Remove(socket);
    }

    private bool InUseLocked(uint address, ushort port)
    {
        foreach (var s in _sockets)
        {
            if (s.Port == port && (s.Address == address || s.Address == 0 || address == 0))
                return true;
        }
        return false;
    }

    /// <summary><c>in_pcb_lport</c>: a random start in the range, then the next free port, wrapping.</summary>
    private int EphemeralPortLocked(uint address)
    {
        int first = Math.Min(PortRangeFirst, PortRangeLast);
        int last = Math.Max(PortRangeFirst, PortRangeLast);
        int count = last - first + 1;
        int start = Random.Shared.Next(count);
        for (int i = 0; i < count; i++)
        {
            int port = first + (start + i) % count;
            if (!InUseLocked(address, (ushort)port))
                return port;
        }
        throw new ErrnoException(Errno.EADDRNOTAVAIL, "bind");
    }

    /// <summary><c>udp_output</c>.</summary>
    public Errno Send(UdpSocket4 socket, ReadOnlySpan<byte> data, uint destination, ushort port)
    {
        if (data.Length > MaxDatagram || data.Length > Ip4.MaxPacket - Ipv4Packet.MinHeaderLength - UdpPacket.HeaderLength)
            return Errno.EMSGSIZE;
        var error = ip.Lookup(destination, out var nextHop);
        if (error != Errno.None)
        {
            ip.Statistics.Increment(IpStat.NoRoute);
            return error;
        }
        uint source = socket.Address != 0 ? socket.Address : nextHop.Source;
        if (source == 0)
            return Errno.EADDRNOTAVAIL;
        int length = UdpPacket.HeaderLength + data.Length;
        var frame = EtherOutput.Rent(ip.Stack.Vnet.Kernel.Frames, Ipv4Packet.MinHeaderLength + length);
        var udp = UdpPacket.CreateUnchecked(EtherOutput.Packet(frame)[Ipv4Packet.MinHeaderLength..]);
        udp.WriteHeader(socket.Port, port, length);
        data.CopyTo(udp.Bytes[UdpPacket.HeaderLength..]);
        if (ComputeChecksum)
            udp.FillChecksum(source, destination);
        Stats.Increment(UdpStat.OutputPackets);
        return ip.Output(frame, nextHop, source, destination, IpProtocol.Udp, socket.Ttl ?? ip.Ttl, socket.DontFragment);
    }

    /// <summary><c>udp_input</c>: the IP header is at <paramref name="offset"/> and was checked.</summary>
    public void Input(NetInterface ifp, Frame frame, int offset, bool broadcast)
    {
        Stats.Increment(UdpStat.InputPackets);
        var packet = Ipv4Packet.CreateUnchecked(frame.Data[offset..]);
        var payload = packet.Payload;
        if (!UdpPacket.TryCreate(payload, out var udp))
        {
            Stats.Increment(UdpStat.HeaderDrops);
            frame.Free();
            return;
        }
        int length = udp.Length;
        if (length > payload.Length || length < UdpPacket.HeaderLength)
        {
            Stats.Increment(UdpStat.BadLength);
            frame.Free();
            return;
        }
        uint source = packet.Source;
        uint destination = packet.Destination;
        if (udp.Checksum != 0)
        {
            if (UdpPacket.ComputeChecksum(source, destination, payload[..length]) != 0)
            {
                Stats.Increment(UdpStat.BadSum);
                frame.Free();
                return;
            }
        }
        else
        {
            Stats.Increment(UdpStat.NoSum);
        }

        ushort destinationPort = udp.DestinationPort;
        var remote = new IPEndPoint(InAddr.ToIPAddress(source), udp.SourcePort);
        var data = payload.Slice(UdpPacket.HeaderLength, length - UdpPacket.HeaderLength).ToArray();
        int delivered = 0;
        int full = 0;
        lock (ip.Lock)
        {
            // Unicast goes to the best match (bound address before wildcard); broadcast to every match.
            UdpSocket4? best = null;
            foreach (var s in _sockets)
            {
                if (s.Port != destinationPort || (s.Address != 0 && s.Address != destination && !broadcast))
                    continue;
                if (broadcast)
                {
                    if (Deliver(s, remote, destination, data))
                        delivered++;
                    else
                        full++;
                }
                else if (best is null || best.Address == 0)
                {
                    best = s;
                }
            }
            if (best is not null)
            {
                if (Deliver(best, remote, destination, data))
                    delivered++;
                else
                    full++;
            }
        }
        if (delivered > 0 || full > 0)
        {
            frame.Free();
            return;
        }
        Stats.Increment(UdpStat.NoPort);
        if (broadcast)
        {
            Stats.Increment(InAddr.IsMulticast(destination) ? UdpStat.NoPortMulticast : UdpStat.NoPortBroadcast);
            frame.Free();
            return;
        }
        ip.Icmp.Error(frame, offset, IcmpType.Unreachable, IcmpType.UnreachPort, 0);
    }

    private bool Deliver(UdpSocket4 socket, IPEndPoint remote, uint destination, byte[] data)
    {
        if (socket.Enqueue(new UdpDatagram(remote, InAddr.ToIPAddress(destination), data), ReceiveSpace))
            return true;
        Stats.Increment(UdpStat.FullSocket);
        return false;
    }
}

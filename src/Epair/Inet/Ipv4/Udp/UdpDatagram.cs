using System.Net;

namespace Epair.Inet.Ipv4.Udp;

/// <summary>A datagram received on a <see cref="UdpSocket4"/>: who sent it, to which of our addresses, and the data.</summary>
/// <param name="RemoteEndPoint">The sender's address and port.</param>
/// <param name="LocalAddress">The address it was sent to (ours, or a broadcast address).</param>
/// <param name="Data">The payload.</param>
public sealed record UdpDatagram(IPEndPoint RemoteEndPoint, IPAddress LocalAddress, ReadOnlyMemory<byte> Data);

using System.Net;

namespace Epair.Inet.Ipv6;

/// <summary>A datagram a <see cref="Udp6Socket"/> received.</summary>
/// <param name="Data">The payload.</param>
/// <param name="RemoteEndPoint">Who sent it (scope id set for link-local senders).</param>
/// <param name="LocalAddress">The address it was sent to.</param>
public readonly record struct Udp6Datagram(ReadOnlyMemory<byte> Data, IPEndPoint RemoteEndPoint, IPAddress LocalAddress);

using System.Net;
using Epair.Inet.Ipv4.Udp;

namespace Epair.Inet.Ipv4;

// The socket entry point for UDP.
public sealed partial class Ip4
{
    /// <summary>
    /// Opens a UDP socket bound to <paramref name="localEndPoint"/> (<c>socket</c> + <c>bind</c>);
    /// null or port 0 takes an ephemeral port from <c>net.inet.ip.portrange.first</c>–<c>last</c>,
    /// address 0.0.0.0 (or null) receives on every address. EADDRNOTAVAIL when the address is
    /// not one of this vnet's, EADDRINUSE when the port is taken.
    /// </summary>
    public UdpSocket4 OpenUdp(IPEndPoint? localEndPoint = null) => Udp.Open(localEndPoint);
}

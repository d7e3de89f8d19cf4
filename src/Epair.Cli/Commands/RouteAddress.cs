using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Epair.Vnets;

namespace Epair.Cli.Commands;

/// <summary>The address readers route.c's getaddr leans on: inet_network, inet_aton, inet_lnaof, getaddrinfo with zones.</summary>
internal static class RouteAddress
{
    // inet_lnaof: the host part by the address' class.
    public static uint HostPart(uint a) => a < 0x80000000 ? a & 0x00FFFFFF : a < 0xC0000000 ? a & 0xFFFF : a & 0xFF;

    // inet_network: one to four dotted decimal parts, the last part the lowest byte.
    public static bool ParseNetwork(string text, out uint value)
    {
        value = 0;
        var parts = text.Split('.');
        if (parts.Length > 4)
            return false;
        foreach (var part in parts)
        {
            if (!byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out byte b))
                return false;
            value = (value << 8) | b;
        }
        return true;
    }

    public static bool TryParse4(string text, out IPAddress address)
    {
        address = IPAddress.Any;
        if (text.Split('.').Length != 4 || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
            return false;
        address = parsed;
        return true;
    }

    // getaddrinfo for AF_INET6: an address with an optional %zone (an interface name or index).
    public static bool TryParse6(string text, Vnet? vnet, out IPAddress address)
    {
        address = IPAddress.IPv6Any;
        int percent = text.IndexOf('%', StringComparison.Ordinal);
        var bare = percent < 0 ? text : text[..percent];
        if (!IPAddress.TryParse(bare, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        long scope = 0;
        if (percent >= 0)
        {
            var zone = text[(percent + 1)..];
            if (!long.TryParse(zone, NumberStyles.None, CultureInfo.InvariantCulture, out scope))
            {
                var ifp = vnet?.FindInterface(zone);
                if (ifp is null)
                    return false;
                scope = ifp.Index;
            }
        }
        address = new IPAddress(parsed.GetAddressBytes(), scope);
        return true;
    }

    public static uint ToUInt(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    public static IPAddress FromUInt(uint v) => new([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
}

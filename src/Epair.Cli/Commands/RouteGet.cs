using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Epair.Inet.Ipv4.Routing;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Cli.Commands;

/// <summary>
/// <c>route get</c>: route.c's <c>print_getmsg</c> block — route to, destination, mask (not for
/// host routes), gateway (for gateway routes), fib, interface, flags, and the metrics line with
/// the interface MTU and weight 1. A destination no route covers: <c>route: route has not been
/// found</c> on stderr, exit 1.
/// </summary>
internal static class RouteGet
{
    /// <summary>A route as the kernel's answer carries it.</summary>
    private readonly record struct Answer(string Destination, string? Mask, string? Gateway, NetInterface Interface, int Flags);

    public static int Run(CommandContext context, RouteRequest r, bool numeric)
    {
        Answer? answer;
        try
        {
            answer = r.Family == AddressFamily.InterNetwork ? Get4(context, r, numeric) : Get6(context, r, numeric);
        }
        catch (ErrnoException)
        {
            answer = null;
        }
        if (answer is not { } a)
            return context.Fail("route", "route has not been found", 1);

        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        // routename() names INADDR_ANY "default".
        string to = r.Destination.Equals(IPAddress.Any) ? "default" : RouteText.HostName(r.Destination, context.Vnet, numeric);
        sb.Append(inv, $"   route to: {to}\n");
        sb.Append(inv, $"destination: {a.Destination}\n");
        if (a.Mask is not null)
            sb.Append(inv, $"       mask: {a.Mask}\n");
        if (a.Gateway is not null)
            sb.Append(inv, $"    gateway: {a.Gateway}\n");
        sb.Append("        fib: 0\n");
        sb.Append(inv, $"  interface: {a.Interface.Name}\n");
        sb.Append(inv, $"      flags: {RouteText.FlagNames(a.Flags | RouteText.Done)}\n");
        sb.Append(inv, $"{"recvpipe",9} {"sendpipe",9} {"ssthresh",9} {"rtt,msec",9} {"mtu   ",9} {"weight",10} {"expire",9}\n");
        sb.Append(inv, $"{0,8}  {0,8}  {0,8}  {0,8}  {a.Interface.Mtu,8}  {1,8}  {0,8} \n");
        context.Out.Write(sb.ToString());
        return 0;
    }

    private static Answer? Get4(CommandContext context, RouteRequest r, bool numeric)
    {
        var ip4 = context.Vnet.Inet.Ipv4;
        Route4? route = null;
        if (r.HasMask)
        {
            // RTM_F_PREFIX: with a mask, only that very prefix answers.
            foreach (var candidate in ip4.Routes)
            {
                if (candidate.PrefixLength == r.PrefixLength && candidate.Destination.Equals(r.Destination))
                    route = candidate;
            }
        }
        else
        {
            route = ip4.GetRoute(r.Destination);
        }
        if (route is null)
            return null;
        // routename() calls 0.0.0.0 "default", the mask of the default route included.
        string destination = route.PrefixLength == 0 ? "default" : RouteText.HostName(route.Destination, context.Vnet, numeric);
        string? mask = route.PrefixLength == 32 ? null : route.PrefixLength == 0 ? "default" : RouteText.Mask4(route.PrefixLength).ToString();
        string? gateway = route.Gateway is null ? null : RouteText.HostName(route.Gateway, context.Vnet, numeric);
        // RTF_LOCAL is the kernel's own mark; the reply carries the rtentry's flags.
        int flags = (int)(route.Flags & ~RouteFlags.Local);
        return new Answer(destination, mask, gateway, route.Interface, flags);
    }

    private static Answer? Get6(CommandContext context, RouteRequest r, bool numeric)
    {
        var ip6 = context.Vnet.Inet.Ipv6;
        Route6Info? route = null;
        if (r.HasMask)
        {
            foreach (var candidate in ip6.GetRoutes())
            {
                if (candidate.PrefixLength == r.PrefixLength && SameAddress(candidate.Destination, r.Destination))
                    route = candidate;
            }
        }
        else if (LocalAnswer(context, r.Destination, numeric) is { } local)
        {
            return local;
        }
        else
        {
            route = ip6.GetRoute(r.Destination);
        }
        if (route is not { } found)
            return null;
        string destination = RouteText.HostName(found.Destination, context.Vnet, numeric);
        string? mask = found.PrefixLength == 128 ? null : RouteText.Mask6(found.PrefixLength).ToString();
        string? gateway = found.Gateway is null ? null : RouteText.HostName(found.Gateway, context.Vnet, numeric);
        int flags = (int)found.Flags;
        // A connected prefix is pinned to its interface (nd6_prefix_onlink_rtrequest).
        if ((found.Flags & (Route6Flags.Static | Route6Flags.Gateway)) == 0)
            flags |= (int)RouteFlags.Pinned;
        return new Answer(destination, mask, gateway, found.Interface, flags);
    }

    // One of our own addresses: the kernel's loopback route for it answers (in6_ifaddloop), UHS on lo0.
    private static Answer? LocalAnswer(CommandContext context, IPAddress destination, bool numeric)
    {
        var vnet = context.Vnet;
        foreach (var ifp in vnet.Interfaces)
        {
            foreach (var ia in vnet.Inet.Ipv6.GetAddresses(ifp))
            {
                if (!SameAddress(ia.Address, destination))
                    continue;
                var flags = RouteFlags.Up | RouteFlags.Host | RouteFlags.Static;
                return new Answer(RouteText.HostName(ia.Address, vnet, numeric), null, null, vnet.Loopback ?? ifp, (int)flags);
            }
        }
        return null;
    }

    private static bool SameAddress(IPAddress a, IPAddress b) =>
        a.GetAddressBytes().AsSpan().SequenceEqual(b.GetAddressBytes()) && (a.ScopeId == 0 || b.ScopeId == 0 || a.ScopeId == b.ScopeId);
}

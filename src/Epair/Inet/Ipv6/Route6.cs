using System.Net;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

/// <summary>A route (<c>struct nhop_object</c> with its prefix); the table keeps these immutable.</summary>
internal sealed record Route6(UInt128 Prefix, int PrefixLength, UInt128 Gateway, NetInterface Interface, Route6Flags Flags)
{
    public bool HasGateway => (Flags & Route6Flags.Gateway) != 0;

    /// <summary>A blackhole or reject route: nothing leaves by it.</summary>
    public bool Discards => (Flags & (Route6Flags.Blackhole | Route6Flags.Reject)) != 0;
}

/// <summary>A route as <c>netstat -rn -f inet6</c> lists it.</summary>
/// <param name="Destination">The prefix.</param>
/// <param name="PrefixLength">Its length.</param>
/// <param name="Gateway">The next hop, or null for a directly connected prefix.</param>
/// <param name="Interface">The outgoing interface.</param>
/// <param name="Flags">The route's flags.</param>
public readonly record struct Route6Info(IPAddress Destination, int PrefixLength, IPAddress? Gateway, NetInterface Interface, Route6Flags Flags);

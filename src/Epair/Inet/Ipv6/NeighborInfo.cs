using System.Net;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

/// <summary>One neighbor cache entry as <c>ndp -a</c> lists it.</summary>
/// <param name="Address">The neighbor's address, with the scope id for link-local ones.</param>
/// <param name="LinkAddress">Its link-layer address; null while incomplete.</param>
/// <param name="Interface">The interface it is reached through.</param>
/// <param name="State">Its reachability state.</param>
/// <param name="IsStatic">Added by hand; never learned over.</param>
/// <param name="IsRouter">It advertised itself as a router.</param>
/// <param name="Expire">Time until its state's timer fires; null when none runs (static entries).</param>
public readonly record struct NeighborInfo(IPAddress Address, MacAddress? LinkAddress, NetInterface Interface,
    NeighborState State, bool IsStatic, bool IsRouter, TimeSpan? Expire)
{
    /// <summary>Solicitations sent in the current state (<c>la_asked</c>, the number <c>ndp -a</c> prints last).</summary>
    public int Probes { get; init; }

    /// <summary>A proxy entry (<c>ndp -s … proxy</c>, <c>LLE_PUB</c>).</summary>
    public bool IsProxy { get; init; }
}

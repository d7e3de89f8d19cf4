using System.Net;
using Epair.Interfaces;

namespace Epair.Inet.Ipv4;

/// <summary>One line of <c>arp -an</c>: an ARP table entry as seen from outside.</summary>
/// <param name="Interface">The interface the neighbour is on.</param>
/// <param name="Address">The neighbour's IPv4 address.</param>
/// <param name="MacAddress">Its link-level address, or null while the entry is incomplete.</param>
/// <param name="Permanent">True for static entries and our own addresses ("permanent").</param>
/// <param name="ExpiresIn">Time left before the entry ages out; null when permanent.</param>
/// <param name="IsInterfaceAddress">True for the entries of our own addresses.</param>
public sealed record ArpEntryInfo(NetInterface Interface, IPAddress Address, MacAddress? MacAddress, bool Permanent,
    TimeSpan? ExpiresIn, bool IsInterfaceAddress)
{
    /// <summary>True for published entries (<c>arp -s … pub</c>), which we answer requests for (proxy ARP).</summary>
    public bool Published { get; init; }
}

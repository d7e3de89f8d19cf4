namespace Epair.Interfaces;

/// <summary>The twelve interface counters (<c>ift_counter</c>, in FreeBSD's order).</summary>
public enum InterfaceCounter
{
    /// <summary><c>IFCOUNTER_IPACKETS</c>: packets received.</summary>
    IPACKETS = 0,
    /// <summary><c>IFCOUNTER_IERRORS</c>: input errors.</summary>
    IERRORS,
    /// <summary><c>IFCOUNTER_OPACKETS</c>: packets sent.</summary>
    OPACKETS,
    /// <summary><c>IFCOUNTER_OERRORS</c>: output errors.</summary>
    OERRORS,
    /// <summary><c>IFCOUNTER_COLLISIONS</c>: collisions on CSMA interfaces.</summary>
    COLLISIONS,
    /// <summary><c>IFCOUNTER_IBYTES</c>: bytes received.</summary>
    IBYTES,
    /// <summary><c>IFCOUNTER_OBYTES</c>: bytes sent.</summary>
    OBYTES,
    /// <summary><c>IFCOUNTER_IMCASTS</c>: packets received via multicast or broadcast.</summary>
    IMCASTS,
    /// <summary><c>IFCOUNTER_OMCASTS</c>: packets sent via multicast or broadcast.</summary>
    OMCASTS,
    /// <summary><c>IFCOUNTER_IQDROPS</c>: dropped on input.</summary>
    IQDROPS,
    /// <summary><c>IFCOUNTER_OQDROPS</c>: dropped on output.</summary>
    OQDROPS,
    /// <summary><c>IFCOUNTER_NOPROTO</c>: destined for an unsupported protocol.</summary>
    NOPROTO,
}

/// <summary>A snapshot of an interface's twelve counters.</summary>
/// <param name="IPackets">Packets received.</param>
/// <param name="IErrors">Input errors.</param>
/// <param name="OPackets">Packets sent.</param>
/// <param name="OErrors">Output errors.</param>
/// <param name="Collisions">Collisions.</param>
/// <param name="IBytes">Bytes received.</param>
/// <param name="OBytes">Bytes sent.</param>
/// <param name="IMcasts">Multicast and broadcast packets received.</param>
/// <param name="OMcasts">Multicast and broadcast packets sent.</param>
/// <param name="IQDrops">Dropped on input.</param>
/// <param name="OQDrops">Dropped on output.</param>
/// <param name="NoProto">Destined for an unsupported protocol.</param>
public readonly record struct InterfaceCounters(
    long IPackets, long IErrors, long OPackets, long OErrors, long Collisions, long IBytes,
    long OBytes, long IMcasts, long OMcasts, long IQDrops, long OQDrops, long NoProto)
{
    /// <summary>The counter <paramref name="counter"/>.</summary>
    public long this[InterfaceCounter counter] => counter switch
    {
        InterfaceCounter.IPACKETS => IPackets,
        InterfaceCounter.IERRORS => IErrors,
        InterfaceCounter.OPACKETS => OPackets,
        InterfaceCounter.OERRORS => OErrors,
        InterfaceCounter.COLLISIONS => Collisions,
        InterfaceCounter.IBYTES => IBytes,
        InterfaceCounter.OBYTES => OBytes,
        InterfaceCounter.IMCASTS => IMcasts,
        InterfaceCounter.OMCASTS => OMcasts,
        InterfaceCounter.IQDROPS => IQDrops,
        InterfaceCounter.OQDROPS => OQDrops,
        InterfaceCounter.NOPROTO => NoProto,
        _ => throw new ArgumentOutOfRangeException(nameof(counter)),
    };
}

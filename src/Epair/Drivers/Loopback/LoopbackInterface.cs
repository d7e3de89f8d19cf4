using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Drivers.Loopback;

/// <summary>
/// A software loopback (FreeBSD's <c>if_loop.c</c>): every vnet has <c>lo0</c>, and traffic to
/// the vnet's own addresses goes through it; <c>ifconfig lo create</c> makes more (lo1, …). What it transmits it receives
/// at once. Frames keep the stack's Ethernet-sized header (addressed to lo0's all-zero MAC)
/// rather than FreeBSD's 4-byte <c>DLT_NULL</c> family word.
/// </summary>
public sealed class LoopbackInterface : NetInterface
{
    /// <summary>FreeBSD's <c>LOMTU</c>.</summary>
    public const int DefaultMtu = 16384;

    internal LoopbackInterface(int sendQueueLength, int unit = 0)
        : base("lo", unit, "lo" + unit.ToString(System.Globalization.CultureInfo.InvariantCulture), InterfaceType.Loopback, sendQueueLength)
    {
        SetFlagBits(InterfaceFlags.Loopback | InterfaceFlags.Multicast);
        SetMtuValue(DefaultMtu);
        // lo_clone_create: checksums need no computing on a loopback (IFCAP_HWCSUM and
        // IFCAP_HWCSUM_IPV6), and it reports link state; ifconfig shows options=680003.
        Capabilities = EnabledCapabilities = InterfaceCapabilities.RxChecksum | InterfaceCapabilities.TxChecksum |
            InterfaceCapabilities.LinkState | InterfaceCapabilities.RxChecksumIpv6 | InterfaceCapabilities.TxChecksumIpv6;
        SetDriverFlags(DriverFlags.Running);
    }

    /// <inheritdoc />
    protected override Errno TransmitCore(Frame frame)
    {
        // looutput: a loopback that is down (or being destroyed) refuses; otherwise if_simloop
        // turns the frame around.
        if ((Flags & InterfaceFlags.Up) == 0 || (DriverFlags & DriverFlags.Running) == 0)
        {
            IncrementCounter(InterfaceCounter.OERRORS);
            frame.Free();
            return Errno.ENETDOWN;
        }
        int length = frame.Length;
        IncrementCounter(InterfaceCounter.OPACKETS);
        AddCounter(InterfaceCounter.OBYTES, length);
        IncrementCounter(InterfaceCounter.IPACKETS);
        frame.ClearMetadata();
        frame.Flags = FrameFlags.None;
        Input(frame);
        return Errno.None;
    }
}

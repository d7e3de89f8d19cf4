namespace Epair;

/// <summary>How a <see cref="Kernel"/> boots: host identity and loader tunables.</summary>
public sealed class KernelOptions
{
    /// <summary>
    /// The host UUID (<c>kern.hostuuid</c>). Default: a new random UUID per kernel.
    /// </summary>
    public string? HostUuid { get; set; }

    /// <summary>
    /// The host id (<c>kern.hostid</c>). Default: derived from <see cref="HostUuid"/> as FreeBSD's
    /// <c>/etc/rc.d/hostid</c> does (the first 32 bits of the MD5 of the UUID text). 0 makes epair
    /// draw a random id for every MAC address, as FreeBSD does with no hostid.
    /// </summary>
    public ulong? HostId { get; set; }

    /// <summary>
    /// Loader tunables (<c>kenv</c>/<c>loader.conf</c>), read when the kernel boots or a module loads:
    /// <c>net.isr.maxthreads</c>, <c>net.isr.maxqlimit</c>, <c>net.isr.defaultqlimit</c>,
    /// <c>net.link.ifqmaxlen</c>, <c>net.link.epair.netisr_maxqlen</c>, ….
    /// </summary>
    public IDictionary<string, string> Tunables { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Modules loaded at boot. Default: <c>if_epair</c> and <c>if_vlan</c> (FreeBSD's GENERIC
    /// kernel has vlan(4) built in, and ifconfig loads if_epair on first use).
    /// </summary>
    public IList<string> Modules { get; } = ["if_epair", "if_vlan"];

    /// <summary>
    /// The clock for every timer (ARP aging, reassembly timeouts, ping intervals); null for the
    /// system clock. Tests pass a manual one and advance it instead of sleeping.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// Gives every vnet (the host included) <c>lo0</c> with 127.0.0.1/8, as FreeBSD's
    /// <c>vnet_loif_init</c> does. On by default, so lo0 takes index 1 and a fresh vnet's first
    /// other interface gets index 2, as on FreeBSD. Off only for tests that need a vnet with no
    /// lo0; traffic to the vnet's own addresses is then still delivered locally, just not
    /// through an interface.
    /// </summary>
    public bool Loopback { get; set; } = true;
}

/// <summary>Says that a frame handler threw; the frame counts as consumed.</summary>
/// <param name="Source">The interface or netisr protocol whose handler threw.</param>
/// <param name="Exception">What it threw.</param>
public sealed record HandlerFault(string Source, Exception Exception);

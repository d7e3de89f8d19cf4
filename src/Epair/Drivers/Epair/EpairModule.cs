using System.Security.Cryptography;
using Epair.Dispatch;
using Epair.Frames;
using Epair.Interfaces;
using Epair.Sysctl;
using Epair.Vnets;

namespace Epair.Drivers.Epair;

/// <summary>
/// The <c>if_epair</c> module: its netisr protocol and handler, the per-CPU state, the
/// <c>net.link.epair.*</c> sysctls, <c>next_index</c>, and an <c>epair</c> cloner in every vnet.
/// </summary>
internal sealed class EpairModule : ClonerModule<EpairCloner>, INetisrHandler
{
    /// <summary>The seed's default queue limit: "42 shall be the number" times <c>ifqmaxlen</c>.</summary>
    public const int QueueLimitFactor = 42;

    /// <summary><c>NETISR_EPAIR</c>: the protocol number FreeBSD gives epair's netisr queues (netisr.h).</summary>
    public const int NetisrProtocolNumber = 8;

    private readonly Lock _indexLock = new();
    private Kernel _kernel = null!;
    private EpairCpuState[] _cpus = [];
    private uint _nextIndex;
    private volatile int _dispatchMode = (int)DispatchMode.Deferred;
    private volatile bool _stableAddresses;

    public override string Name => "if_epair";

    public Kernel Kernel => _kernel;

    public Netisr Netisr => _kernel.Netisr;

    public NetisrProtocol Protocol { get; private set; } = null!;

    /// <summary><c>net.link.epair.dispatch</c>.</summary>
    public DispatchMode DispatchMode => (DispatchMode)_dispatchMode;

    /// <summary><c>net.link.epair.ether_gen_addr</c>: stable, name-derived addresses.</summary>
    public bool StableAddresses => _stableAddresses;

    public EpairCpuState CpuState(int cpu) => _cpus[cpu];

    public override void Load(Kernel kernel)
    {
        _kernel = kernel;
        _cpus = new EpairCpuState[kernel.Netisr.WorkstreamCount];
        for (int i = 0; i < _cpus.Length; i++)
            _cpus[i] = new EpairCpuState(i);
        int qlimit = kernel.TunableInt("net.link.epair.netisr_maxqlen", QueueLimitFactor * kernel.IfqMaxLen);
        Protocol = kernel.Netisr.Register("epair", this, qlimit, NetisrProtocolNumber);
        _stableAddresses = kernel.TunableInt("net.link.epair.ether_gen_addr", 0) != 0;
        if (kernel.TunableInt("net.link.epair.dispatch", -1) == 1)
            _dispatchMode = (int)DispatchMode.Direct;
        RegisterSysctls(kernel.Sysctl);
    }

    private void RegisterSysctls(SysctlRegistry sysctl)
    {
        sysctl.RegisterInt("net.link.epair.netisr_maxqlen", SysctlAccess.ReadWrite | SysctlAccess.Tunable,
            "Maximum if_epair(4) netisr \"hw\" queue length",
            _ => Dispatch.Netisr.GetQueueLimit(Protocol),
            (_, qlimit) => qlimit < 1 ? Errno.EINVAL : Netisr.SetQueueLimit(Protocol, (int)qlimit));
        sysctl.RegisterInt("net.link.epair.ether_gen_addr", SysctlAccess.ReadWrite | SysctlAccess.Tunable,
            "Generate MAC with FreeBSD OUI using ether_gen_addr(9)",
            _ => _stableAddresses ? 1 : 0,
            (_, v) =>
            {
                _stableAddresses = v != 0;
                return Errno.None;
            });
        sysctl.RegisterString("net.link.epair.dispatch", SysctlAccess.ReadWrite,
            "if_epair(4) delivery: deferred (netisr threads) or direct (sender's thread)",
            _ => DispatchMode == DispatchMode.Direct ? "direct" : "deferred",
            (_, v) =>
            {
                switch (v)
                {
                    case "deferred":
                        _dispatchMode = (int)DispatchMode.Deferred;
                        return Errno.None;
                    case "direct":
                        _dispatchMode = (int)DispatchMode.Direct;
                        // Whatever waits in if_snd from deferred days gets restarted.
                        for (int cpu = 0; cpu < _cpus.Length; cpu++)
                            Netisr.RequestDrainedCallbacks(cpu);
                        return Errno.None;
                    default:
                        return Errno.EINVAL;
                }
            });
    }

    /// <summary>Sets <c>net.link.epair.dispatch</c>.</summary>
    public void SetDispatchMode(DispatchMode mode) =>
        _kernel.Sysctl.Set("net.link.epair.dispatch", mode == DispatchMode.Direct ? "direct" : "deferred");

    protected override EpairCloner CreateCloner(Vnet vnet) => new(this, vnet);

    public override void Unload()
    {
        Netisr.Unregister(Protocol);
        foreach (var name in new[] { "net.link.epair.netisr_maxqlen", "net.link.epair.ether_gen_addr", "net.link.epair.dispatch" })
            _kernel.Sysctl.Unregister(name);
    }

    public override bool IsQuiescent
    {
        get
        {
            foreach (var dpcpu in _cpus)
            {
                if (!dpcpu.DrainListIsEmpty || dpcpu.OutputActive)
                    return false;
            }
            return true;
        }
    }

    /// <summary>
    /// The seed's <c>next_index</c> rule: the new interface's index if it is larger, else one more
    /// than last time, so an index freed by a move is never hashed twice.
    /// </summary>
    public uint NextIndex(int ifIndex)
    {
        lock (_indexLock)
        {
            if ((uint)ifIndex > _nextIndex)
                _nextIndex = (uint)ifIndex;
            else
                _nextIndex++;
            return _nextIndex;
        }
    }

    /// <summary>The hostid to hash: the creating vnet's, or random when it is 0 (<c>arc4rand</c>).</summary>
    public static ulong HostIdFor(Vnet vnet)
    {
        ulong hostId = vnet.HostId;
        if (hostId != 0)
            return hostId;
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return BitConverter.ToUInt64(random);
    }

    /// <summary><c>epair_remove_ifp_from_draining</c>: off the drain list of every CPU.</summary>
    public void RemoveFromDraining(EpairInterface ifp)
    {
        foreach (var dpcpu in _cpus)
        {
            lock (dpcpu.Lock)
                dpcpu.RemoveFromDraining(ifp);
        }
    }

    /// <summary>Waits for every transmit that holds a per-CPU lock to finish.</summary>
    public void WaitForTransmitters()
    {
        foreach (var dpcpu in _cpus)
        {
            lock (dpcpu.Lock)
            {
                // Entering is the point: whoever held it has finished their transmit.
            }
        }
    }

    // --- netisr handler -------------------------------------------------------------------

    /// <summary><c>epair_nh_sintr</c>: input on the receiving end, then drop the in-flight reference.</summary>
    void INetisrHandler.Handle(Frame frame)
    {
        var ifp = (EpairInterface)frame.ReceiveInterface!;
        ifp.DeliverInFlight(frame);
    }

    /// <summary><c>epair_nh_m2cpuid</c>: the receiving end's CPU.</summary>
    int INetisrHandler.MapToCpu(Frame frame) => ((EpairInterface?)frame.ReceiveInterface)?.Cpu ?? 0;

    /// <summary>
    /// <c>epair_nh_drainedcpu</c>: the hardware queue of <paramref name="cpu"/> has room again, so
    /// clear OACTIVE and restart every interface on the drain list until the queue fills again.
    /// </summary>
    void INetisrHandler.DrainedCpu(int cpu)
    {
        var dpcpu = _cpus[cpu];
        // Nothing to restart: the common case on every pass, so skip the lock. A transmit that
        // sets OACTIVE after this read asks for another drained callback once it has.
        if (!dpcpu.OutputActive && dpcpu.DrainListIsEmpty)
            return;
        lock (dpcpu.Lock)
        {
            // Restart every interface waiting on this queue, in order, until the queue fills
            // again. Unlike the seed, OACTIVE is cleared only once if_snd has been drained:
            // senders bypass the lock while it is clear and must not overtake their own frames
            // still waiting in if_snd.
            bool overflowed = false;
            var list = dpcpu.DrainList;
            for (int i = 0; i < list.Count;)
            {
                var ifp = list[i];
                ifp.ClearDriverFlags(DriverFlags.OActive);
                ifp.StartLocked(dpcpu);
                if (ifp.SendQueueLength == 0)
                    dpcpu.RemoveDrainEntryAt(i);
                else
                    i++;
                if ((ifp.DriverFlags & DriverFlags.OActive) != 0)
                {
                    // Our hardware queue overflew again.
                    overflowed = true;
                    break;
                }
            }
            dpcpu.OutputActive = overflowed;
        }
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Epair.Dispatch;
using Epair.Drivers.Epair;
using Epair.Frames;
using Epair.Interfaces;
using Epair.Sysctl;
using Epair.Vnets;

namespace Epair;

/// <summary>
/// The root of everything: the host vnet and the vnets made beside it, the netisr threads, the
/// frame pool, the sysctl tree and the loaded modules (<c>if_epair</c> by default). Disposing
/// the kernel destroys every interface, stops the netisr threads and frees every frame.
/// </summary>
/// <example>
/// <code>
/// using var kernel = new Kernel();
/// var a = (EpairInterface)kernel.Host.CreateInterface("epair");   // epair0a
/// var b = a.Peer;                                                 // epair0b
/// a.Up(); b.Up();
/// b.InputHandler = (ifp, frame) => frame.Free();
/// a.Transmit(kernel.Frames.Rent(64));
/// </code>
/// </example>
public sealed partial class Kernel : IDisposable, IAsyncDisposable
{
    private readonly Lock _vnetLock = new();
    private readonly List<Vnet> _vnets = [];
    private readonly List<KernelModule> _modules = [];
    private readonly Dictionary<string, string> _tunables;
    private int _nextJailId = 1;
    private readonly bool _loopback;
    private int _disposed;

    /// <summary>Boots a kernel.</summary>
    public Kernel(KernelOptions? options = null)
    {
        options ??= new KernelOptions();
        // Set before any vnet exists: every stack's timers read this clock.
        Time = options.TimeProvider ?? TimeProvider.System;
        _tunables = new Dictionary<string, string>(options.Tunables, StringComparer.Ordinal);
        var uuid = options.HostUuid ?? Guid.NewGuid().ToString();
        Host = new Vnet(this, "0", 0, options.HostId ?? HostIdFromUuid(uuid), uuid);
        Sysctl = new SysctlRegistry(() => Host);
        Frames = new FramePool();
        IfqMaxLen = Math.Max(1, TunableInt("net.link.ifqmaxlen", 50));
        int maxThreads = TunableInt("net.isr.maxthreads", Environment.ProcessorCount);
        if (maxThreads < 1)
            maxThreads = Environment.ProcessorCount;
        Netisr = new Netisr(maxThreads, Math.Max(1, TunableInt("net.isr.maxqlimit", 10240)),
            Math.Max(1, TunableInt("net.isr.defaultqlimit", 256)),
            (protocol, ex) => ReportHandlerFault(protocol.Name, ex));
        RegisterSysctls();
        StartCallout();
        _loopback = options.Loopback;
        if (_loopback)
            Host.AttachLoopback();
        foreach (var module in options.Modules.Distinct(StringComparer.Ordinal))
            LoadModule(module);
    }

    /// <summary>The host's vnet (vnet0).</summary>
    public Vnet Host { get; }

    /// <summary>The sysctl tree.</summary>
    public SysctlRegistry Sysctl { get; }

    /// <summary>The frame pool every interface of this kernel rents from.</summary>
    public FramePool Frames { get; }

    /// <summary><c>net.link.ifqmaxlen</c>: the send queue length new interfaces get.</summary>
    public int IfqMaxLen { get; }

    /// <summary>Raised when a frame handler throws; the data path carries on.</summary>
    public event EventHandler<HandlerFault>? HandlerFaulted;

    internal Netisr Netisr { get; }

    /// <summary>
    /// The interface lock (FreeBSD's <c>IFNET_WLOCK</c>): serialises creating, destroying and
    /// moving interfaces and removing vnets. The data path never takes it.
    /// </summary>
    internal Lock IfnetLock { get; } = new();

    /// <summary>The vnets made with <see cref="CreateVnet"/> that still exist.</summary>
    public IReadOnlyList<Vnet> Vnets
    {
        get { lock (_vnetLock) return [.. _vnets]; }
    }

    /// <summary>What <c>netstat -Q</c> prints.</summary>
    public NetisrStatistics GetNetisrStatistics() => Netisr.Snapshot(_netisrDispatch);

    /// <summary>
    /// Makes a vnet (<c>jail -c name=NAME vnet persist</c>) with the next jail id. Its hostid and
    /// UUID are the host's unless given (<c>host.hostid</c>). EEXIST when the name is taken,
    /// EINVAL for an empty name or one that is a number other than its own jail id.
    /// </summary>
    public Vnet CreateVnet(string name, ulong? hostId = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        Vnet vnet;
        lock (_vnetLock)
        {
            if (name.Length == 0 || name.Contains('.', StringComparison.Ordinal) ||
                (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n != _nextJailId))
                throw new ErrnoException(Errno.EINVAL, "jail");
            if (name == Host.Name || _vnets.Exists(v => v.Name == name))
                throw new ErrnoException(Errno.EEXIST, "jail");
            vnet = new Vnet(this, name, _nextJailId++, hostId ?? Host.HostId, Host.HostUuid);
            _vnets.Add(vnet);
        }
        if (_loopback)
            vnet.AttachLoopback();
        lock (_modules)
        {
            foreach (var module in _modules)
                module.AttachVnet(vnet);
        }
        return vnet;
    }

    /// <summary>The vnet with this name or jail id (<c>"0"</c> is the host), or null.</summary>
    public Vnet? FindVnet(string nameOrId)
    {
        if (nameOrId == Host.Name)
            return Host;
        lock (_vnetLock)
        {
            return _vnets.Find(v => v.Name == nameOrId) ??
                (int.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? _vnets.Find(v => v.Id == id) : null);
        }
    }

    /// <summary>
    /// Removes a vnet (<c>jail -r</c>): interfaces moved into it go back to the vnet they came
    /// from, interfaces made in it are destroyed (both ends of an epair made there), then its
    /// cloners go. EPERM for the host, ENXIO for a vnet already removed.
    /// </summary>
    public void RemoveVnet(Vnet vnet)
    {
        ArgumentNullException.ThrowIfNull(vnet);
        if (vnet.IsHost)
            throw new ErrnoException(Errno.EPERM, "jail_remove");
        lock (_vnetLock)
        {
            if (!_vnets.Remove(vnet))
                throw new ErrnoException(Errno.ENXIO, "jail_remove");
        }
        lock (IfnetLock)
        {
            // Moves into the vnet and creates in it check this under the same lock, so from here
            // on nothing new arrives: what the teardown below finds is all there will ever be.
            vnet.IsRemoved = true;
            // vnet_if_return: what was lent to the vnet goes home first.
            foreach (var ifp in vnet.Interfaces)
            {
                if (ifp.HomeVnet != vnet && !ifp.IsDying)
                    MoveLocked(ifp, ifp.HomeVnet.IsRemoved ? Host : ifp.HomeVnet);
            }
        }
        lock (_modules)
        {
            foreach (var module in _modules)
                module.DetachVnet(vnet);
        }
        // vnet_destroy: lo0 goes last, then what the stack still holds (fragments waiting).
        vnet.DetachLoopback();
        vnet.Inet.Shutdown();
    }

    /// <summary><c>if_vmove</c>: the caller holds <see cref="IfnetLock"/> and has checked names.</summary>
    internal static void MoveLocked(NetInterface ifp, Vnet target)
    {
        // if_detach_internal brings the interface down and flushes its queue before it leaves.
        if ((ifp.Flags & InterfaceFlags.Up) != 0)
            ifp.Down();
        ifp.Vnet.Detach(ifp);
        ifp.ResetGroupsForMove();
        target.Attach(ifp);
    }

    /// <summary>
    /// Waits until every frame sent so far has been handled: no netisr queue holds a frame and
    /// no module holds one in its own queues.
    /// </summary>
    public async Task QuiesceAsync(CancellationToken cancellationToken = default)
    {
        int calm = 0;
        while (calm < 2)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsQuiescent)
            {
                calm++;
                await Task.Yield();
            }
            else
            {
                calm = 0;
                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private bool IsQuiescent
    {
        get
        {
            if (!Netisr.IsIdle)
                return false;
            lock (_modules)
                return _modules.TrueForAll(m => m.IsQuiescent);
        }
    }

    internal void ReportHandlerFault(NetInterface ifp, Exception ex) => ReportHandlerFault(ifp.Name, ex);

    internal void ReportHandlerFault(string source, Exception ex)
    {
        try
        {
            HandlerFaulted?.Invoke(this, new HandlerFault(source, ex));
        }
        catch (Exception)
        {
            // An observer that throws must not take the data path down either.
        }
    }

    internal int TunableInt(string name, int fallback) =>
        _tunables.TryGetValue(name, out var text) && SysctlRegistry.TryParseInteger(text, out long v) &&
        v is >= int.MinValue and <= int.MaxValue ? (int)v : fallback;

    /// <summary>Sets a loader tunable (<c>kenv NAME=VALUE</c>), read when a module next loads.</summary>
    public void SetTunable(string name, string value)
    {
        lock (_tunables)
            _tunables[name] = value;
    }

    /// <summary>The rc.d/hostid rule: the first eight hex digits of the MD5 of the UUID text.</summary>
    internal static ulong HostIdFromUuid(string uuid)
    {
#pragma warning disable CA5351 // MD5 is what FreeBSD's rc.d/hostid uses; this is identity, not security.
        var digest = MD5.HashData(Encoding.ASCII.GetBytes(uuid));
#pragma warning restore CA5351
        return ((ulong)digest[0] << 24) | ((ulong)digest[1] << 16) | ((ulong)digest[2] << 8) | digest[3];
    }

    /// <summary>Destroys every interface and vnet, unloads every module and stops the netisr threads.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        foreach (var vnet in Vnets)
            RemoveVnet(vnet);
        List<KernelModule> modules;
        lock (_modules)
            modules = [.. _modules];
        for (int i = modules.Count - 1; i >= 0; i--)
            UnloadModule(modules[i].Name);
        StopCallout();
        Host.Inet.Shutdown();
        Netisr.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

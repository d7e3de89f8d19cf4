using Epair.Drivers.Epair;
using Epair.Drivers.Vlan;

namespace Epair;

// kldload / kldunload / kldstat.
public sealed partial class Kernel
{
    private static readonly Dictionary<string, Func<KernelModule>> s_knownModules = new(StringComparer.Ordinal)
    {
        ["if_epair"] = static () => new EpairModule(),
        ["if_vlan"] = static () => new VlanModule(),
    };

    /// <summary>The modules that can be loaded, by name.</summary>
    public static IReadOnlyCollection<string> AvailableModules => s_knownModules.Keys;

    /// <summary>The loaded modules, in load order (<c>kldstat</c>).</summary>
    public IReadOnlyList<string> LoadedModules
    {
        get { lock (_modules) return _modules.ConvertAll(m => m.Name); }
    }

    /// <summary>
    /// Loads a module (<c>kldload</c>), running its per-vnet setup in every vnet.
    /// ENOENT for an unknown module, EEXIST when already loaded.
    /// </summary>
    public void LoadModule(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!s_knownModules.TryGetValue(name, out var factory))
            throw new ErrnoException(Errno.ENOENT, "kldload");
        lock (_modules)
        {
            if (_modules.Exists(m => m.Name == name))
                throw new ErrnoException(Errno.EEXIST, "kldload");
            var module = factory();
            module.Load(this);
            module.AttachVnet(Host);
            foreach (var vnet in Vnets)
                module.AttachVnet(vnet);
            _modules.Add(module);
        }
    }

    /// <summary>
    /// Unloads a module (<c>kldunload</c>): its per-vnet teardown runs in every vnet (for
    /// <c>if_epair</c>, every epair is destroyed), then its global teardown. ENOENT when not loaded.
    /// </summary>
    public void UnloadModule(string name)
    {
        KernelModule? module;
        lock (_modules)
        {
            module = _modules.Find(m => m.Name == name) ?? throw new ErrnoException(Errno.ENOENT, "kldunload");
            _modules.Remove(module);
        }
        foreach (var vnet in Vnets)
            module.DetachVnet(vnet);
        module.DetachVnet(Host);
        module.Unload();
    }

    internal T? FindModule<T>() where T : KernelModule
    {
        lock (_modules)
            return _modules.OfType<T>().FirstOrDefault();
    }
}

using Epair.Vnets;

namespace Epair.Cli.Jails;

/// <summary>What jail(8) and jls(8) know about a jail beyond its vnet.</summary>
internal sealed class JailInfo(Vnet vnet, string hostname, string path, bool persist)
{
    /// <summary>The jail's vnet (every jail here is a vnet jail).</summary>
    public Vnet Vnet { get; } = vnet;

    /// <summary><c>host.hostname</c>.</summary>
    public string Hostname { get; set; } = hostname;

    /// <summary><c>path</c>.</summary>
    public string Path { get; set; } = path;

    /// <summary><c>persist</c>.</summary>
    public bool Persist { get; set; } = persist;
}

/// <summary>The jails of the daemon's kernel with their jail(8) parameters, and the kenv(1) environment.</summary>
internal sealed class JailTable(Kernel kernel)
{
    private readonly Dictionary<Vnet, JailInfo> _jails = [];
    private readonly SortedDictionary<string, string> _kenv = new(StringComparer.Ordinal);

    /// <summary>The jails in jid order.</summary>
    public IReadOnlyList<JailInfo> All
    {
        get
        {
            lock (_jails)
            {
                // A vnet removed through the library directly is no jail any more.
                return [.. kernel.Vnets.Select(Get).OrderBy(j => j.Vnet.Id)];
            }
        }
    }

    /// <summary>The jail called <paramref name="nameOrId"/> (name first, then jid), or null; never the host.</summary>
    public Vnet? Find(string nameOrId)
    {
        var vnet = kernel.FindVnet(nameOrId);
        return vnet is null || vnet.IsHost ? null : vnet;
    }

    /// <summary>The parameters of <paramref name="vnet"/>'s jail, made with defaults if it was created elsewhere.</summary>
    public JailInfo Get(Vnet vnet)
    {
        lock (_jails)
        {
            if (!_jails.TryGetValue(vnet, out var info))
            {
                info = new JailInfo(vnet, HostHostname, "/", persist: true);
                _jails[vnet] = info;
            }
            return info;
        }
    }

    /// <summary>Forgets a removed jail.</summary>
    public void Forget(Vnet vnet)
    {
        lock (_jails)
            _jails.Remove(vnet);
    }

    /// <summary>The host's hostname, which new jails inherit.</summary>
    public static string HostHostname => Environment.MachineName;

    /// <summary>The kernel environment (kenv): what was set since boot.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> KernelEnvironment
    {
        get { lock (_kenv) return [.. _kenv]; }
    }

    /// <summary>Reads a kenv variable.</summary>
    public string? GetKenv(string name)
    {
        lock (_kenv)
            return _kenv.GetValueOrDefault(name);
    }

    /// <summary>Sets a kenv variable; the kernel reads it as a tunable when a module next loads.</summary>
    public void SetKenv(string name, string value)
    {
        lock (_kenv)
            _kenv[name] = value;
        kernel.SetTunable(name, value);
    }

    /// <summary>Removes a kenv variable (<c>kenv -u</c>); false if it was not set.</summary>
    public bool UnsetKenv(string name)
    {
        lock (_kenv)
            return _kenv.Remove(name);
    }
}

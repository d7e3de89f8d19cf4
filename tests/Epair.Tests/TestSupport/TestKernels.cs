using Epair.Drivers.Epair;
using Epair.Vnets;

namespace Epair.Tests.TestSupport;

/// <summary>Kernels as tests want them: fixed identity, and direct dispatch unless asked otherwise.</summary>
internal static class TestKernels
{
    public const string HostUuid = "00000000-0000-4000-8000-000000000001";

    public static Kernel Create(bool direct = true, int? threads = null, bool epair = true, ulong hostId = 0x1234_5678)
    {
        var options = new KernelOptions { HostUuid = HostUuid, HostId = hostId };
        if (threads is { } n)
            options.Tunables["net.isr.maxthreads"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!epair)
            options.Modules.Clear();
        var kernel = new Kernel(options);
        if (epair && direct)
            kernel.Sysctl.Set("net.link.epair.dispatch", "direct");
        return kernel;
    }

    /// <summary>Creates an epair in <paramref name="vnet"/> and returns its a end.</summary>
    public static EpairInterface CreateEpair(this Vnet vnet, string name = "epair") =>
        (EpairInterface)vnet.CreateInterface(name);
}

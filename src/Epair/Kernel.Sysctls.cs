using Epair.Interfaces;
using Epair.Sysctl;

namespace Epair;

// The kernel's own sysctls: host identity, the interface layer and netisr.
public sealed partial class Kernel
{
    private string _netisrDispatch = "direct";

    private void RegisterSysctls()
    {
        Inet.InetSysctls.Register(Sysctl);
        // The system these tools speak for; scripts ask it as they would uname -s.
        Sysctl.RegisterString("kern.ostype", SysctlAccess.Read, "Operating system type", _ => "FreeBSD");
        // FEATURE(vimage): every vnet here is a VIMAGE network stack; scripts test for it.
        Sysctl.RegisterInt("kern.features.vimage", SysctlAccess.Read, "VIMAGE kernel virtualization", _ => 1);
        Sysctl.RegisterULong("kern.hostid", SysctlAccess.ReadWrite | SysctlAccess.PerVnet, "Host ID",
            vnet => vnet.HostId,
            (vnet, v) => { vnet.HostId = v; return Errno.None; });
        Sysctl.RegisterString("kern.hostuuid", SysctlAccess.ReadWrite | SysctlAccess.PerVnet, "Host UUID",
            vnet => vnet.HostUuid,
            (vnet, v) =>
            {
                if (v.Length is 0 or >= 64)
                    return Errno.EINVAL;
                vnet.HostUuid = v;
                return Errno.None;
            });
        // One routing table per vnet: net.fibs stays at its default.
        Sysctl.RegisterInt("net.fibs", SysctlAccess.Read | SysctlAccess.Tunable,
            "set number of fibs", _ => NetInterface.FibCount);
        Sysctl.RegisterInt("net.my_fibnum", SysctlAccess.Read, "default FIB of caller", _ => 0);
        Sysctl.RegisterInt("net.link.ifqmaxlen", SysctlAccess.Read | SysctlAccess.Tunable,
            "Maximum queue length for interface send queues", _ => IfqMaxLen);
        Sysctl.RegisterInt("net.isr.maxthreads", SysctlAccess.Read | SysctlAccess.Tunable,
            "Use at most this many CPUs for netisr processing", _ => Netisr.MaxThreads);
        Sysctl.RegisterInt("net.isr.numthreads", SysctlAccess.Read,
            "Number of extant netisr threads.", _ => Netisr.WorkstreamCount);
        Sysctl.RegisterInt("net.isr.bindthreads", SysctlAccess.Read | SysctlAccess.Tunable,
            "Bind netisr threads to CPUs.", _ => 0);
        Sysctl.RegisterInt("net.isr.maxqlimit", SysctlAccess.Read | SysctlAccess.Tunable,
            "Maximum netisr per-protocol, per-CPU queue depth.", _ => Netisr.MaxQueueLimit);
        Sysctl.RegisterInt("net.isr.defaultqlimit", SysctlAccess.Read | SysctlAccess.Tunable,
            "Default netisr per-protocol, per-CPU queue limit if not set by protocol", _ => Netisr.DefaultQueueLimit);
        Sysctl.RegisterInt("net.isr.maxprot", SysctlAccess.Read,
            "Compile-time limit on the number of netisr protocols", _ => Dispatch.Netisr.MaxProtocols);
        Sysctl.RegisterString("net.isr.dispatch", SysctlAccess.ReadWrite | SysctlAccess.Tunable,
            "netisr dispatch policy",
            _ => _netisrDispatch,
            (_, v) =>
            {
                if (v is not ("direct" or "hybrid" or "deferred"))
                    return Errno.EINVAL;
                _netisrDispatch = v;
                return Errno.None;
            });
    }
}

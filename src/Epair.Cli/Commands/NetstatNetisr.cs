using System.Globalization;
using System.Text;

namespace Epair.Cli.Commands;

/// <summary><c>netstat -Q</c>: netisr configuration, protocols and per-workstream counters (netisr.c).</summary>
internal static class NetstatNetisr
{
    public static int Run(CommandContext context)
    {
        var stats = context.Kernel.GetNetisrStatistics();
        var o = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        o.Append("Configuration:\n");
        o.Append(inv, $"{"Setting",-25} {"Current",12} {"Limit",12}\n");
        o.Append(inv, $"{"Thread count",-25} {stats.Threads,12} {stats.MaxThreads,12}\n");
        o.Append(inv, $"{"Default queue limit",-25} {stats.DefaultQueueLimit,12} {stats.MaxQueueLimit,12}\n");
        o.Append(inv, $"{"Dispatch policy",-25} {stats.Dispatch,12} {"n/a",12}\n");
        o.Append(inv, $"{"Threads bound to CPUs",-25} {"disabled",12} {"n/a",12}\n");
        o.Append('\n');
        o.Append("Protocols:\n");
        o.Append(inv, $"{"Name",-6} {"Proto",5} {"QLimit",6} {"Policy",-6} {"Dispatch",-8} {"Flags",-5}\n");
        foreach (var p in stats.Protocols)
        {
            // C: the protocol picks CPUs itself (m2cpuid); D: it wants to hear of drained queues.
            string protocolFlags = "C" + (p.HasDrainedCallback ? "D" : "-") + "-";
            o.Append(inv, $"{p.Name,-6} {p.Id,5} {p.QueueLimit,6} {p.Policy,6} {p.Dispatch,8}   {protocolFlags}\n");
        }
        o.Append('\n');
        o.Append("Workstreams:\n");
        o.Append(inv, $"{"WSID",4} {"CPU",3}   {"Name",-6} {"Len",5} {"WMark",5} {"Disp'd",8} {"HDisp'd",8} {"QDrops",8} {"Queued",8} {"Handled",8}\n");
        foreach (var w in stats.Work)
        {
            o.Append(inv, $"{w.Workstream,4} {w.Cpu,3}   {w.Protocol,-6} {w.Length,5} {w.Watermark,5} {w.Dispatched,8} {w.HybridDispatched,8} {w.QueueDrops,8} {w.Queued,8} {w.Handled,8}\n");
        }
        context.Out.Write(o.ToString());
        return 0;
    }
}

using System.Text;
using System.Text.Json;

namespace Epair.Cli.Commands;

/// <summary>
/// <c>netstat -r --libxo json</c>: the containers and keys route.c and route_netlink.c open —
/// <c>statistics</c> / <c>route-information</c> / <c>route-table</c> / <c>rt-family[]</c>
/// (<c>address-family</c>, <c>rt-entry[]</c> with <c>destination</c>, <c>gateway</c>,
/// <c>flags</c>, <c>flags_pretty</c>, <c>weight</c>, <c>interface-name</c>) — as scripts read
/// them with jq (sbin/route/tests/utils.subr).
/// </summary>
internal static class NetstatRoutesJson
{
    // rt_bits' long names, in the order of the flag letters.
    private static readonly (int Bit, string Name)[] s_prettyFlags =
    [
        (0x1, "up"), (0x2, "gateway"), (0x4, "host"), (0x8, "reject"), (0x10, "dynamic"), (0x20, "modified"),
        (0x40, "done"), (0x200, "xresolve"), (0x800, "static"), (0x8000, "proto1"), (0x4000, "proto2"),
        (0x40000, "proto3"), (0x1000, "blackhole"), (0x400000, "broadcast"),
    ];

    public static int Run(CommandContext context, NetstatOptions o)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("__version", "1");
            w.WriteStartObject("statistics");
            w.WriteStartObject("route-information");
            w.WriteStartObject("route-table");
            w.WriteStartArray("rt-family");
            if (o.Family is null or "inet")
                Family(w, "Internet", NetstatRoutes.Rows4(context, o.Numeric));
            if (o.Family is null or "inet6")
                Family(w, "Internet6", NetstatRoutes.Rows6(context, o.Numeric));
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        context.Out.Write(Encoding.UTF8.GetString(stream.ToArray()) + "\n");
        return 0;
    }

    private static void Family(Utf8JsonWriter w, string name, List<NetstatRoutes.Row> rows)
    {
        if (rows.Count == 0)
            return;
        NetstatRoutes.SortRadix(rows);
        w.WriteStartObject();
        w.WriteString("address-family", name);
        w.WriteStartArray("rt-entry");
        foreach (var row in rows)
        {
            w.WriteStartObject();
            w.WriteString("destination", row.Destination);
            w.WriteString("gateway", row.Gateway);
            w.WriteString("flags", RouteText.FlagLetters(row.Flags));
            w.WriteStartArray("flags_pretty");
            foreach (var (bit, pretty) in s_prettyFlags)
            {
                if ((row.Flags & bit) != 0)
                    w.WriteStringValue(pretty);
            }
            w.WriteEndArray();
            w.WriteNumber("weight", 1);
            w.WriteString("interface-name", row.Interface);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Epair.Benchmarks;

/// <summary>
/// Bytes allocated per operation to four decimals. BenchmarkDotNet's Allocated column rounds to
/// whole bytes, so an allocation every few frames (a 2 KB frame once per 5,000 frames is 0.4 B per
/// frame) reads as "-"; the target is exactly zero, so the fraction matters.
/// </summary>
internal sealed class AllocatedPerFrameColumn : IColumn
{
    public string Id => nameof(AllocatedPerFrameColumn);

    public string ColumnName => "B/frame";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Bytes allocated per frame delivered, all threads, unrounded (GC.GetTotalAllocatedBytes(precise: true))";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var gc = summary[benchmarkCase]?.GcStats;
        if (gc is not { TotalOperations: > 0 } stats || stats.GetTotalAllocatedBytes(excludeAllocationQuantumSideEffects: false) is not { } bytes)
            return "?";
        return ((double)bytes / stats.TotalOperations).ToString("F4", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}

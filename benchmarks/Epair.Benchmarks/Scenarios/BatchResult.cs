namespace Epair.Benchmarks.Scenarios;

/// <summary>What became of one batch: every frame sent was either delivered or dropped (and counted).</summary>
/// <param name="Sent">Frames handed to the transmit side.</param>
/// <param name="Delivered">Frames that reached the receiving handler.</param>
/// <param name="Dropped">Frames the sender's interface freed and counted (OERRORS, OQDROPS).</param>
internal readonly record struct BatchResult(long Sent, long Delivered, long Dropped)
{
    public static BatchResult operator +(BatchResult left, BatchResult right) =>
        new(left.Sent + right.Sent, left.Delivered + right.Delivered, left.Dropped + right.Dropped);

    public static BatchResult Add(BatchResult left, BatchResult right) => left + right;
}

namespace Epair.Inet;

/// <summary>
/// A fixed set of 64-bit protocol counters (FreeBSD's <c>VNET_PCPUSTAT</c>), bumped with an
/// interlocked add so that the data path needs no lock for them.
/// </summary>
internal sealed class StatCounters(int count)
{
    private readonly long[] _values = new long[count];

    public void Increment(int index) => Interlocked.Increment(ref _values[index]);

    public void Add(int index, long value) => Interlocked.Add(ref _values[index], value);

    public long Read(int index) => Interlocked.Read(ref _values[index]);

    /// <summary>Zeroes every counter (<c>netstat -z</c>: a sysctl write of a zeroed struct).</summary>
    public void Reset()
    {
        for (int i = 0; i < _values.Length; i++)
            Interlocked.Exchange(ref _values[i], 0);
    }
}

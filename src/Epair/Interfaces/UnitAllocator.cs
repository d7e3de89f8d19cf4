namespace Epair.Interfaces;

/// <summary>
/// A cloner's unit numbers (<c>ifc_alloc_unit</c>/<c>ifc_free_unit</c> over unr(9)): the unit asked
/// for, or the lowest free one; EEXIST when the asked unit is taken, ENOSPC past the maximum.
/// </summary>
internal sealed class UnitAllocator
{
    /// <summary><c>IF_MAXUNIT</c>.</summary>
    public const int DefaultMaxUnit = 0x7fff;

    private readonly Lock _lock = new();
    private readonly List<bool> _used = [];

    public UnitAllocator(int maxUnit = DefaultMaxUnit) => MaxUnit = maxUnit;

    /// <summary>The largest unit handed out (<c>ifc_maxunit</c>).</summary>
    public int MaxUnit { get; }

    /// <summary>Allocates <paramref name="unit"/> (or the lowest free unit when it is negative).</summary>
    public Errno Allocate(ref int unit)
    {
        lock (_lock)
        {
            if (unit < 0)
            {
                int free = _used.IndexOf(false);
                unit = free >= 0 ? free : _used.Count;
            }
            if (unit > MaxUnit)
                return Errno.ENOSPC;
            while (_used.Count <= unit)
                _used.Add(false);
            if (_used[unit])
                return Errno.EEXIST;
            _used[unit] = true;
            return Errno.None;
        }
    }

    /// <summary>Returns <paramref name="unit"/> to the pool.</summary>
    public void Free(int unit)
    {
        lock (_lock)
        {
            if (unit >= 0 && unit < _used.Count)
                _used[unit] = false;
        }
    }

    /// <summary>True while <paramref name="unit"/> is allocated.</summary>
    public bool IsAllocated(int unit)
    {
        lock (_lock)
            return unit >= 0 && unit < _used.Count && _used[unit];
    }

    /// <summary>
    /// <c>ifc_name2unit</c>: the unit digits at the end of <paramref name="name"/>, or -1 when there
    /// are none. EINVAL for a leading zero or for something other than digits after the first digit.
    /// </summary>
    public static Errno NameToUnit(string name, out int unit)
    {
        unit = -1;
        int i = 0;
        while (i < name.Length && !char.IsAsciiDigit(name[i]))
            i++;
        if (i == name.Length)
            return Errno.None;
        if (name[i] == '0' && i + 1 < name.Length)
            return Errno.EINVAL;
        long value = 0;
        for (; i < name.Length; i++)
        {
            if (!char.IsAsciiDigit(name[i]))
                return Errno.EINVAL;
            value = value * 10 + (name[i] - '0');
            if (value > int.MaxValue)
                return Errno.EINVAL;
        }
        unit = (int)value;
        return Errno.None;
    }
}

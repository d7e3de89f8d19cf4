using System.Globalization;
using Epair.Vnets;

namespace Epair.Sysctl;

/// <summary>
/// The sysctl tree: typed leaves under FreeBSD's names, read and written as text the way
/// <c>sysctl(8)</c> does, in the context of a vnet. Unknown names fail with ENOENT, writes to
/// read-only leaves with EPERM, unparsable or refused values with EINVAL.
/// </summary>
public sealed class SysctlRegistry
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, SysctlNode> _nodes = new(StringComparer.Ordinal);
    private readonly Func<Vnet> _defaultVnet;

    internal SysctlRegistry(Func<Vnet> defaultVnet) => _defaultVnet = defaultVnet;

    /// <summary>Adds a leaf; EEXIST if the name is taken.</summary>
    public void Register(SysctlNode node)
    {
        lock (_lock)
        {
            if (!_nodes.TryAdd(node.Name, node))
                throw new ErrnoException(Errno.EEXIST, node.Name);
        }
    }

    /// <summary>Removes a leaf (module unload); false if it was not there.</summary>
    public bool Unregister(string name)
    {
        lock (_lock)
            return _nodes.Remove(name);
    }

    /// <summary>Finds a leaf by its full name.</summary>
    public SysctlNode? Find(string name)
    {
        lock (_lock)
            return _nodes.GetValueOrDefault(name);
    }

    /// <summary>
    /// The leaves at or under <paramref name="prefix"/> in name order (all of them for null or
    /// empty), as <c>sysctl -a</c> or <c>sysctl net.link</c> lists them.
    /// </summary>
    public IReadOnlyList<SysctlNode> List(string? prefix = null)
    {
        lock (_lock)
        {
            var result = new List<SysctlNode>();
            foreach (var (name, node) in _nodes)
            {
                if (string.IsNullOrEmpty(prefix) || name == prefix ||
                    (name.StartsWith(prefix, StringComparison.Ordinal) && name[prefix.Length] == '.'))
                    result.Add(node);
            }
            return result;
        }
    }

    /// <summary>Reads a value as text; ENOENT for unknown names.</summary>
    public string Get(string name, Vnet? vnet = null)
    {
        var node = Find(name) ?? throw new ErrnoException(Errno.ENOENT, name);
        return node.Get(vnet ?? _defaultVnet());
    }

    /// <summary>Reads an integer value.</summary>
    public long GetInt64(string name, Vnet? vnet = null) =>
        long.Parse(Get(name, vnet), NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>Writes a value given as text and returns the old one.</summary>
    /// <exception cref="ErrnoException">ENOENT, EPERM (read-only) or EINVAL.</exception>
    public string Set(string name, string value, Vnet? vnet = null)
    {
        var node = Find(name) ?? throw new ErrnoException(Errno.ENOENT, name);
        if (!node.IsWritable)
            throw new ErrnoException(Errno.EPERM, name);
        var context = vnet ?? _defaultVnet();
        var old = node.Get(context);
        ErrnoException.ThrowIfError(node.Set(context, value), name);
        return old;
    }

    /// <summary>Parses an integer as <c>sysctl(8)</c> does (decimal, or hex with 0x).</summary>
    public static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        text = text.Trim();
        bool negative = text.StartsWith('-');
        if (negative || text.StartsWith('+'))
            text = text[1..];
        // The magnitude is parsed unsigned so that the most negative value (-2^63) fits.
        if (!TryParseMagnitude(text, out ulong magnitude) ||
            magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
            return false;
        value = negative ? (long)(0UL - magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>Parses an unsigned 64-bit integer as <c>strtoull(…, 0)</c> does.</summary>
    public static bool TryParseUnsigned(string text, out ulong value)
    {
        text = text.Trim();
        return TryParseMagnitude(text.StartsWith('+') ? text[1..] : text, out value);
    }

    // strtol's base 0, which sysctl(8) uses: 0x… is hex, a leading 0 is octal, else decimal.
    private static bool TryParseMagnitude(string digits, out ulong value)
    {
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ulong.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        if (digits.Length > 1 && digits[0] == '0')
            return TryParseOctal(digits, out value);
        return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseOctal(string digits, out ulong value)
    {
        value = 0;
        foreach (char c in digits)
        {
            if (c is < '0' or > '7' || value > ulong.MaxValue >> 3)
                return false;
            value = (value << 3) | (uint)(c - '0');
        }
        return true;
    }

    /// <summary>Registers an integer leaf backed by a getter and an optional checked setter.</summary>
    internal void RegisterInt(string name, SysctlAccess access, string description, Func<Vnet, long> get,
        Func<Vnet, long, Errno>? set = null, SysctlType type = SysctlType.Int)
    {
        Func<Vnet, string, Errno>? textSet = set is null ? null : (vnet, text) =>
        {
            if (!TryParseInteger(text, out long v) || !FitsType(v, type))
                return Errno.EINVAL;
            return set(vnet, v);
        };
        Register(new SysctlNode(name, type, access, description,
            vnet => get(vnet).ToString(CultureInfo.InvariantCulture), textSet));
    }

    /// <summary>Registers an unsigned long leaf (<c>CTLTYPE_ULONG</c>), the whole 64-bit range.</summary>
    internal void RegisterULong(string name, SysctlAccess access, string description, Func<Vnet, ulong> get,
        Func<Vnet, ulong, Errno>? set = null)
    {
        Func<Vnet, string, Errno>? textSet = set is null ? null : (vnet, text) =>
            TryParseUnsigned(text, out ulong v) ? set(vnet, v) : Errno.EINVAL;
        Register(new SysctlNode(name, SysctlType.ULong, access, description,
            vnet => get(vnet).ToString(CultureInfo.InvariantCulture), textSet));
    }

    /// <summary>Registers a string leaf.</summary>
    internal void RegisterString(string name, SysctlAccess access, string description, Func<Vnet, string> get,
        Func<Vnet, string, Errno>? set = null) =>
        Register(new SysctlNode(name, SysctlType.String, access, description, get, set));

    private static bool FitsType(long v, SysctlType type) => type switch
    {
        SysctlType.Int => v is >= int.MinValue and <= int.MaxValue,
        SysctlType.UInt => v is >= 0 and <= uint.MaxValue,
        SysctlType.ULong => v >= 0,
        _ => true,
    };
}

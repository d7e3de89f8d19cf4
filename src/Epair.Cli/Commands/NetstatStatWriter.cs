using System.Globalization;
using System.Text;

namespace Epair.Cli.Commands;

/// <summary>
/// The <c>p()</c>/<c>p1a()</c> macros of netstat's inet.c and inet6.c: a line per counter, with
/// the plural the count needs; a zero line is left out once <c>-s</c> is given twice.
/// Formats use <c>{0}</c> for the count and <c>{1}</c> for the plural ending.
/// </summary>
internal sealed class NetstatStatWriter
{
    private readonly StringBuilder _sb;
    private readonly int _sflag;

    public NetstatStatWriter(StringBuilder sb, int sflag)
    {
        _sb = sb;
        _sflag = sflag;
    }

    /// <summary>True when a line for <paramref name="value"/> is printed at all.</summary>
    public bool Shows(long value) => value != 0 || _sflag <= 1;

    /// <summary><c>p()</c>: "s" unless the count is 1.</summary>
    public void P(long value, string format) => Emit(value, format, value != 1 ? "s" : "");

    /// <summary><c>p2()</c> with <c>plurales</c>: "es" unless the count is 1.</summary>
    public void Pes(long value, string format) => Emit(value, format, value != 1 ? "es" : "");

    /// <summary><c>pluralies</c>: "ies" or "y".</summary>
    public void Pies(long value, string format) => Emit(value, format, value != 1 ? "ies" : "y");

    /// <summary><c>p1a()</c>: no plural.</summary>
    public void P1a(long value, string format) => Emit(value, format, "");

    /// <summary>A line printed whatever the counts.</summary>
    public void Line(string text) => _sb.Append(text);

    /// <summary>A line with a count, printed whatever the count.</summary>
    public void Always(long value, string format) => _sb.Append(string.Format(CultureInfo.InvariantCulture, format, value, ""));

    /// <summary>A histogram: its title before the first non-zero entry, then <c>name: count</c> lines.</summary>
    public void Histogram(string title, int count, Func<int, long> read, Func<int, string> name)
    {
        bool first = true;
        for (int i = 0; i < count; i++)
        {
            long n = read(i);
            if (n == 0)
                continue;
            if (first)
            {
                _sb.Append(title);
                first = false;
            }
            _sb.Append(CultureInfo.InvariantCulture, $"\t\t{name(i)}: {n}\n");
        }
    }

    private void Emit(long value, string format, string plural)
    {
        if (Shows(value))
            _sb.Append(string.Format(CultureInfo.InvariantCulture, format, value, plural));
    }
}

namespace Epair.Cli.Commands;

/// <summary>
/// POSIX getopt(3) as FreeBSD's tools use it: options cluster (<c>-an</c>), an option that
/// takes an argument takes the rest of its word or the next word (<c>-jone</c>, <c>-j one</c>),
/// <c>--</c> ends options, and so does the first word that is not an option.
/// </summary>
internal sealed class Getopt
{
    private readonly IReadOnlyList<string> _args;
    private readonly string _spec;
    private readonly Action<string>? _report;
    private int _cluster = 1;

    /// <param name="args">The arguments (without the program name).</param>
    /// <param name="spec">The option letters; a letter followed by <c>:</c> takes an argument.</param>
    /// <param name="report">
    /// Where getopt's own complaint goes (<c>illegal option -- x</c>, <c>option requires an
    /// argument -- x</c>), as FreeBSD's getopt prints it with the program's name before usage().
    /// </param>
    public Getopt(IReadOnlyList<string> args, string spec, Action<string>? report = null)
    {
        _args = args;
        _spec = spec;
        _report = report;
    }

    /// <summary>The index of the first argument that is not an option, once <see cref="Next"/> returned false.</summary>
    public int Index { get; private set; }

    /// <summary>The option found; <c>'?'</c> for an unknown option or a missing argument.</summary>
    public char Option { get; private set; }

    /// <summary>The option's argument, when it takes one.</summary>
    public string? Argument { get; private set; }

    /// <summary>The offending letter after <c>'?'</c>.</summary>
    public char Offending { get; private set; }

    /// <summary>The arguments left after the options.</summary>
    public IReadOnlyList<string> Remaining => [.. _args.Skip(Index)];

    /// <summary>Advances to the next option; false when the options are over.</summary>
    public bool Next()
    {
        Argument = null;
        if (Index >= _args.Count)
            return false;
        var word = _args[Index];
        if (_cluster == 1)
        {
            if (word == "--")
            {
                Index++;
                return false;
            }
            if (word.Length < 2 || word[0] != '-')
                return false;
        }
        char letter = word[_cluster];
        int at = _spec.IndexOf(letter, StringComparison.Ordinal);
        bool takesArgument = at >= 0 && at + 1 < _spec.Length && _spec[at + 1] == ':';
        if (at < 0 || letter == ':')
        {
            Offending = letter;
            Option = '?';
            _report?.Invoke($"illegal option -- {letter}");
            Step(word);
            return true;
        }
        Option = letter;
        if (!takesArgument)
        {
            Step(word);
            return true;
        }
        if (_cluster + 1 < word.Length)
        {
            Argument = word[(_cluster + 1)..];
        }
        else if (Index + 1 < _args.Count)
        {
            Argument = _args[Index + 1];
            Index++;
        }
        else
        {
            Offending = letter;
            Option = '?';
            _report?.Invoke($"option requires an argument -- {letter}");
        }
        Index++;
        _cluster = 1;
        return true;
    }

    private void Step(string word)
    {
        if (++_cluster >= word.Length)
        {
            Index++;
            _cluster = 1;
        }
    }
}

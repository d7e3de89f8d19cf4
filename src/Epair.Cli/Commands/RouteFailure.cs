namespace Epair.Cli.Commands;

/// <summary>
/// Why a route command stopped before asking the kernel: a message for stderr with an exit
/// status, usage (with the offending keyword), or a kernel error to report as the kernel's.
/// </summary>
internal sealed record RouteFailure(string? Message, Errno? Error, int Status)
{
    /// <summary>The keyword usage() names, if any.</summary>
    public string? BadKeyword { get; init; }

    /// <summary>True for usage(): the usage text and EX_USAGE.</summary>
    public bool IsUsage { get; init; }

    public static RouteFailure Usage(string? keyword) => new(null, null, ExitCodes.Usage) { BadKeyword = keyword, IsUsage = true };
}

using System.Runtime.InteropServices;

namespace Epair.Cli.Daemon;

/// <summary>The few libc calls the daemon needs that .NET does not expose.</summary>
internal static partial class Interop
{
    /// <summary><c>SOL_SOCKET</c> on Linux.</summary>
    public const int SOL_SOCKET = 1;

    /// <summary><c>SO_PEERCRED</c> on Linux: the pid, uid and gid of the process at the other end.</summary>
    public const int SO_PEERCRED = 17;

    /// <summary>The effective user id: who may talk to this daemon.</summary>
    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();

    /// <summary>
    /// Starts a new session, so that a terminal's Ctrl-C or a test's <c>kill</c> of the client's
    /// process group does not reach the daemon the client spawned.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    internal static partial int SetSessionId();
}

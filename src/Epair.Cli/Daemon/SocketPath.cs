using System.Globalization;

namespace Epair.Cli.Daemon;

/// <summary>Where the daemon listens: <c>EPAIR_SOCKET</c>, else a private per-user path.</summary>
internal static class SocketPath
{
    /// <summary>The environment variable that chooses the socket (each test sets its own).</summary>
    public const string EnvironmentVariable = "EPAIR_SOCKET";

    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// The socket path: <c>$EPAIR_SOCKET</c>; else <c>$XDG_RUNTIME_DIR/epair.sock</c> (a directory
    /// systemd already keeps private); else <c>/tmp/epair-UID/epair.sock</c>.
    /// </summary>
    public static string Resolve()
    {
        var chosen = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(chosen))
            return Path.GetFullPath(chosen);
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtime) && Directory.Exists(runtime))
            return Path.Combine(runtime, "epair.sock");
        var uid = Interop.GetEffectiveUserId().ToString(CultureInfo.InvariantCulture);
        return Path.Combine(Path.GetTempPath(), "epair-" + uid, "epair.sock");
    }

    /// <summary>
    /// Makes sure the socket's directory exists. The default /tmp directory is created 0700, and
    /// one that others can enter is refused: anyone who can write there could swap the socket.
    /// </summary>
    public static void PrepareDirectory(string socketPath)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("the epair daemon needs Unix file modes");
        var directory = Path.GetDirectoryName(socketPath) ?? throw new IOException($"{socketPath}: no directory");
        bool isDefault = string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable)) &&
            directory.StartsWith(Path.Combine(Path.GetTempPath(), "epair-"), StringComparison.Ordinal);
        if (!Directory.Exists(directory))
        {
            if (isDefault)
                Directory.CreateDirectory(directory, PrivateDirectory);
            else
                Directory.CreateDirectory(directory);
        }
        if (isDefault && (File.GetUnixFileMode(directory) & ~PrivateDirectory) != 0)
            throw new IOException($"{directory}: not private (mode {Convert.ToString((int)File.GetUnixFileMode(directory), 8)}); remove it or set {EnvironmentVariable}");
    }
}

using System.Runtime.InteropServices;

namespace Epair.Cli.Daemon;

/// <summary>
/// Catches the first SIGINT or SIGTERM the client gets and turns it into <see cref="Token"/>,
/// so that the daemon can stop the command the way FreeBSD's ping and tcpdump stop on Ctrl-C.
/// After that the handlers are gone: a second Ctrl-C ends the client at once, as impatient
/// users expect.
/// </summary>
internal sealed class SignalForwarder : IDisposable
{
    private readonly CancellationTokenSource _signalled = new();
    private readonly PosixSignalRegistration? _interrupt;
    private readonly PosixSignalRegistration? _terminate;
    private int _fired;

    public SignalForwarder()
    {
        if (OperatingSystem.IsWindows())
            return;
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Fires on the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _signalled.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Exchange(ref _fired, 1) != 0)
            return;
        context.Cancel = true;
        _interrupt?.Dispose();
        _terminate?.Dispose();
        _signalled.Cancel();
    }

    public void Dispose()
    {
        _interrupt?.Dispose();
        _terminate?.Dispose();
        _signalled.Dispose();
    }
}

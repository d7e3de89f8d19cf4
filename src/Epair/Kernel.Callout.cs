namespace Epair;

// The kernel's clock and its periodic callout (FreeBSD's callout wheel, reduced to one tick):
// every timer of the network stacks runs from here, on the clock the options gave, so that tests
// can drive time instead of sleeping.
public sealed partial class Kernel
{
    /// <summary>The callout period: FreeBSD's slow timeout runs twice a second (<c>PR_SLOWHZ</c>).</summary>
    internal static readonly TimeSpan CalloutPeriod = TimeSpan.FromMilliseconds(500);

    private ITimer? _callout;
    private long _bootTimestamp;

    /// <summary>The clock every timer of this kernel reads (<see cref="KernelOptions.TimeProvider"/>).</summary>
    internal TimeProvider Time { get; }

    /// <summary>Milliseconds since boot on <see cref="Time"/>.</summary>
    internal long UptimeMs => (long)Time.GetElapsedTime(_bootTimestamp).TotalMilliseconds;

    private void StartCallout()
    {
        _bootTimestamp = Time.GetTimestamp();
        _callout = Time.CreateTimer(static state => ((Kernel)state!).RunCallout(), this, CalloutPeriod, CalloutPeriod);
    }

    private void RunCallout()
    {
        if (_disposed != 0)
            return;
        try
        {
            Host.Inet.OnTimer();
            foreach (var vnet in Vnets)
                vnet.Inet.OnTimer();
        }
        catch (Exception ex)
        {
            ReportHandlerFault("callout", ex);
        }
    }

    private void StopCallout() => _callout?.Dispose();
}

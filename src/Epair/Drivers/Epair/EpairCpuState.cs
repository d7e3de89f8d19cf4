namespace Epair.Drivers.Epair;

/// <summary>
/// The seed's <c>struct epair_dpcpu</c>: per CPU, a lock, the "hardware" driver flags (OACTIVE
/// when that CPU's netisr queue overflowed) and the drain list of interfaces with frames
/// waiting in <c>if_snd</c>.
/// </summary>
/// <remarks>
/// The seed keys this state by the sending interface's CPU, which only works while netisr runs
/// one thread ("For now limit us to one global mutex and one inq"): with several, the queue that
/// overflows belongs to the receiving end's CPU, and its drained callback would look at the
/// wrong list. Here it is keyed by the CPU whose queue the frame goes to, which is the same
/// thing with one thread and stays right with many.
/// </remarks>
internal sealed class EpairCpuState(int cpu)
{
    private readonly List<EpairInterface> _drainList = [];
    private volatile bool _outputActive;

    /// <summary>The CPU (and netisr workstream) this state belongs to.</summary>
    public int Cpu { get; } = cpu;

    /// <summary><c>if_epair_mtx</c>.</summary>
    public Lock Lock { get; } = new();

    /// <summary><c>epair_drv_flags &amp; IFF_DRV_OACTIVE</c>: the netisr queue of this CPU overflowed.</summary>
    public bool OutputActive
    {
        get => _outputActive;
        set => _outputActive = value;
    }

    /// <summary>True when the drain list is empty; read without the lock as a hint only.</summary>
    public bool DrainListIsEmpty => Volatile.Read(ref _drainCount) == 0;

    private int _drainCount;

    /// <summary>The interfaces waiting to be restarted, in order. Call with <see cref="Lock"/> held.</summary>
    public List<EpairInterface> DrainList => _drainList;

    /// <summary><c>epair_add_ifp_for_draining</c>: adds once. Call with <see cref="Lock"/> held.</summary>
    public void AddForDraining(EpairInterface ifp)
    {
        if (_drainList.Contains(ifp))
            return;
        _drainList.Add(ifp);
        Volatile.Write(ref _drainCount, _drainList.Count);
    }

    /// <summary>Takes an interface off the drain list. Call with <see cref="Lock"/> held.</summary>
    public void RemoveFromDraining(EpairInterface ifp)
    {
        _drainList.Remove(ifp);
        Volatile.Write(ref _drainCount, _drainList.Count);
    }

    /// <summary>Takes the entry at <paramref name="index"/> off the drain list. Call with <see cref="Lock"/> held.</summary>
    public void RemoveDrainEntryAt(int index)
    {
        _drainList.RemoveAt(index);
        Volatile.Write(ref _drainCount, _drainList.Count);
    }
}

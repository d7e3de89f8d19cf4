using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Tests.TestSupport;

/// <summary>
/// A plain cloner (<c>ifc_simple</c> style) that makes one <see cref="TestDriver"/> per create,
/// named after the cloner and its unit. Lets vnet tests work without the epair module.
/// </summary>
internal sealed class TestCloner : InterfaceCloner
{
    private TestCloner(string name, Vnet vnet, int maxUnit)
        : base(name, vnet, maxUnit)
    {
    }

    public List<IReadOnlyList<string>> CreateParameters { get; } = [];

    /// <summary>Makes a cloner named <paramref name="name"/> and adds it to <paramref name="vnet"/>.</summary>
    public static TestCloner AddTo(Vnet vnet, string name = "test", int maxUnit = UnitAllocator.DefaultMaxUnit)
    {
        var cloner = new TestCloner(name, vnet, maxUnit);
        vnet.AddCloner(cloner);
        return cloner;
    }

    public bool IsUnitAllocated(int unit) => Units.IsAllocated(unit);

    protected internal override Errno Create(string name, IReadOnlyList<string> parameters, out NetInterface? created)
    {
        created = null;
        CreateParameters.Add(parameters);
        var error = UnitAllocator.NameToUnit(name, out int unit);
        if (error != Errno.None)
            return error;
        bool wildcard = unit < 0;
        error = Units.Allocate(ref unit);
        if (error != Errno.None)
            return error;
        var ifp = new TestDriver(wildcard ? $"{Name}{unit}" : name, unit);
        lock (Vnet.Kernel.IfnetLock)
            Vnet.Attach(ifp);
        AddMember(ifp);
        ifp.SetDriverFlags(DriverFlags.Running);
        created = ifp;
        return Errno.None;
    }

    protected internal override Errno Destroy(NetInterface ifp)
    {
        lock (Vnet.Kernel.IfnetLock)
        {
            if (!ifp.TryBeginDestroy())
                return Errno.ENXIO;
            ifp.Vnet.Detach(ifp);
        }
        ifp.ClearDriverFlags(DriverFlags.Running);
        RemoveMember(ifp);
        Units.Free(ifp.Unit);
        return Errno.None;
    }
}

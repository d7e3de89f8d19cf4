using CsCheck;
using Epair.Interfaces;

namespace Epair.Tests.Interfaces;

public sealed class UnitAllocatorTests
{
    private static int Allocate(UnitAllocator units, int wanted = -1)
    {
        Assert.Equal(Errno.None, units.Allocate(ref wanted));
        return wanted;
    }

    [Fact]
    public void Wildcards_get_the_lowest_free_unit_from_zero()
    {
        var units = new UnitAllocator();

        Assert.Equal(0, Allocate(units));
        Assert.Equal(1, Allocate(units));
        Assert.Equal(2, Allocate(units));
        units.Free(1);
        Assert.Equal(1, Allocate(units));
        Assert.Equal(3, Allocate(units));
        Assert.Equal(UnitAllocator.DefaultMaxUnit, units.MaxUnit);
    }

    [Fact]
    public void An_asked_unit_is_given_and_then_skipped_by_wildcards()
    {
        var units = new UnitAllocator();

        Assert.Equal(5, Allocate(units, 5));
        Assert.True(units.IsAllocated(5));
        Assert.False(units.IsAllocated(4));
        for (int expected = 0; expected < 5; expected++)
            Assert.Equal(expected, Allocate(units));
        Assert.Equal(6, Allocate(units));
    }

    [Fact]
    public void A_taken_unit_is_EEXIST()
    {
        var units = new UnitAllocator();
        Allocate(units, 3);
        int again = 3;

        Assert.Equal(Errno.EEXIST, units.Allocate(ref again));
        Assert.True(units.IsAllocated(3));
    }

    [Fact]
    public void Units_past_the_maximum_are_ENOSPC()
    {
        var units = new UnitAllocator(maxUnit: 2);
        int tooBig = 3;

        Assert.Equal(Errno.ENOSPC, units.Allocate(ref tooBig));
        Assert.Equal(2, Allocate(units, 2));
        Allocate(units);
        Allocate(units);
        int wildcard = -1;
        Assert.Equal(Errno.ENOSPC, units.Allocate(ref wildcard));
        Assert.False(units.IsAllocated(3));
    }

    [Fact]
    public void Freeing_a_unit_never_allocated_is_harmless()
    {
        var units = new UnitAllocator();

        units.Free(-1);
        units.Free(100);

        Assert.False(units.IsAllocated(100));
        Assert.Equal(0, Allocate(units));
    }

    [Fact]
    public void Wildcards_always_get_the_lowest_free_unit()
    {
        // Random frees and wildcard allocations against a set model.
        Gen.Select(Gen.Bool, Gen.Int[0, 20]).Array[0, 200].Sample(ops =>
        {
            var units = new UnitAllocator();
            var model = new SortedSet<int>();
            foreach (var (allocate, n) in ops)
            {
                if (allocate)
                {
                    int expected = 0;
                    while (model.Contains(expected))
                        expected++;
                    Assert.Equal(expected, Allocate(units));
                    model.Add(expected);
                }
                else
                {
                    units.Free(n);
                    model.Remove(n);
                }
            }
            for (int u = 0; u < 30; u++)
                Assert.Equal(model.Contains(u), units.IsAllocated(u));
        });
    }

    [Theory]
    [InlineData("epair", -1)]
    [InlineData("", -1)]
    [InlineData("epair0", 0)]
    [InlineData("epair7", 7)]
    [InlineData("epair123", 123)]
    [InlineData("vlan2147483647", int.MaxValue)]
    [InlineData("42", 42)]
    public void NameToUnit_reads_the_trailing_unit(string name, int unit)
    {
        Assert.Equal(Errno.None, UnitAllocator.NameToUnit(name, out int got));
        Assert.Equal(unit, got);
    }

    [Theory]
    [InlineData("epair00")]
    [InlineData("epair01")]
    [InlineData("epair0a")]
    [InlineData("epair1a")]
    [InlineData("epair12b")]
    [InlineData("vlan5.3")]
    [InlineData("vlan2147483648")]
    [InlineData("vlan99999999999")]
    public void NameToUnit_refuses_what_ifc_name2unit_refuses(string name)
    {
        Assert.Equal(Errno.EINVAL, UnitAllocator.NameToUnit(name, out _));
    }

    [Fact]
    public void NameToUnit_round_trips_any_unit()
    {
        Gen.Int[0, int.MaxValue].Sample(unit =>
        {
            Assert.Equal(Errno.None, UnitAllocator.NameToUnit($"bridge{unit}", out int got));
            Assert.Equal(unit, got);
        });
    }
}

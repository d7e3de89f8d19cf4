using System.Globalization;
using CsCheck;
using Epair.Drivers.Epair;
using Epair.Interfaces;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// <c>epair_clone_match</c>, <c>epair_clone_create</c> and <c>epair_clone_destroy</c>: names,
/// units, errors and the pair living and dying together.
/// </summary>
public sealed class EpairClonerTests
{
    [Theory]
    [InlineData("epair", true)]
    [InlineData("epair0", true)]
    [InlineData("epair7", true)]
    [InlineData("epair32767", true)]
    [InlineData("epair07", true)] // matched; ifc_name2unit refuses it later
    [InlineData("epair0a", false)]
    [InlineData("epair0b", false)]
    [InlineData("epair7a", false)]
    [InlineData("epairx", false)]
    [InlineData("epair1x2", false)]
    [InlineData("epair-1", false)]
    [InlineData("epair 1", false)]
    [InlineData("epair\u0663", false)] // ARABIC-INDIC DIGIT THREE: the seed compares with '0'..'9'
    [InlineData("epai", false)]
    [InlineData("Epair0", false)]
    [InlineData("xepair0", false)]
    [InlineData("", false)]
    public void Match_takes_epair_and_epair_digits_but_not_the_names_of_the_ends(string name, bool expected)
    {
        using var kernel = EpairTest.NewKernel();
        Assert.Equal(expected, EpairTest.Cloner(kernel.Host).Match(name));
    }

    [Fact]
    public void Match_is_epair_followed_by_ascii_digits_only_for_any_name()
    {
        using var kernel = EpairTest.NewKernel();
        var cloner = EpairTest.Cloner(kernel.Host);
        var names = Gen.OneOf(
            Gen.Char["epair0123456789abx"].Array[0, 12].Select(c => new string(c)),
            Gen.Char["0123456789ab"].Array[0, 6].Select(c => "epair" + new string(c)));
        names.Sample(name =>
        {
            bool model = name.StartsWith("epair", StringComparison.Ordinal) && name[5..].All(char.IsAsciiDigit);
            Assert.Equal(model, cloner.Match(name));
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void Create_returns_the_a_end_and_attaches_both_ends_to_the_cloner()
    {
        using var kernel = EpairTest.NewKernel();
        var cloner = EpairTest.Cloner(kernel.Host);

        var a = Assert.IsType<EpairInterface>(kernel.Host.CreateInterface("epair"));
        var b = a.Peer;

        Assert.Equal("epair0a", a.Name);
        Assert.Equal("epair0b", b.Name);
        Assert.Same(a, b.Peer);
        Assert.Equal(0, a.Unit);
        Assert.Equal(0, b.Unit);
        Assert.Equal("epair", a.DriverName);
        Assert.Equal("epair", b.DriverName);
        Assert.Equal(InterfaceType.Ethernet, a.Type);
        Assert.Same(kernel.Host, a.Vnet);
        Assert.Same(kernel.Host, b.Vnet);
        Assert.Same(a, kernel.Host.FindInterface("epair0a"));
        Assert.Same(b, kernel.Host.FindInterface("epair0b"));
        Assert.NotEqual(a.Index, b.Index);
        Assert.Same(cloner, a.Cloner);
        Assert.Same(cloner, b.Cloner);
        Assert.Equal([a, b], cloner.Members);
        Assert.True(cloner.Units.IsAllocated(0));
    }

    [Fact]
    public void Wildcard_create_takes_the_lowest_free_unit()
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;

        Assert.Equal(["epair0a", "epair1a", "epair2a"], Enumerable.Range(0, 3).Select(_ => host.CreateInterface("epair").Name));
        host.DestroyInterface("epair1a");
        Assert.Equal("epair1a", host.CreateInterface("epair").Name);
        Assert.Equal("epair3a", host.CreateInterface("epair").Name);
        host.DestroyInterface("epair0b");
        host.DestroyInterface("epair2a");
        Assert.Equal("epair0a", host.CreateInterface("epair").Name);
        Assert.Equal("epair2a", host.CreateInterface("epair").Name);
    }

    [Fact]
    public void Explicit_unit_is_used_as_asked_and_a_taken_unit_is_EEXIST()
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;

        var a = host.CreateInterface("epair7");
        Assert.Equal("epair7a", a.Name);
        Assert.Equal(7, a.Unit);
        Assert.NotNull(host.FindInterface("epair7b"));
        Assert.Equal("epair0a", host.CreateInterface("epair").Name);

        var ex = EpairTest.ThrowsErrno(Errno.EEXIST, () => host.CreateInterface("epair7"));
        Assert.Equal("SIOCIFCREATE2: File exists", ex.Message);
        Assert.Equal(4, host.Interfaces.Count);
    }

    [Fact]
    public void The_largest_unit_fits_and_one_more_is_ENOSPC()
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;
        var cloner = EpairTest.Cloner(host);

        Assert.Equal("epair32767a", host.CreateInterface("epair32767").Name);
        Assert.NotNull(host.FindInterface("epair32767b"));

        var ex = EpairTest.ThrowsErrno(Errno.ENOSPC, () => host.CreateInterface("epair32768"));
        Assert.Equal("SIOCIFCREATE2: No space left on device", ex.Message);
        Assert.False(cloner.Units.IsAllocated(32768));
    }

    [Theory]
    [InlineData("epair1234567890")] // 15 characters: fits IFNAMSIZ, but no room for the a/b suffix and no such unit
    [InlineData("epair999999")]
    public void A_name_whose_ends_could_not_be_named_is_ENOSPC_and_creates_nothing(string name)
    {
        using var kernel = EpairTest.NewKernel();

        EpairTest.ThrowsErrno(Errno.ENOSPC, () => kernel.Host.CreateInterface(name));

        Assert.Empty(kernel.Host.Interfaces);
        Assert.Empty(EpairTest.Cloner(kernel.Host).Members);
        Assert.Equal("epair0a", kernel.Host.CreateInterface("epair").Name);
    }

    [Fact]
    public void A_name_longer_than_IFNAMSIZ_is_refused_before_any_cloner_sees_it()
    {
        using var kernel = EpairTest.NewKernel();

        var ex = EpairTest.ThrowsErrno(Errno.ENAMETOOLONG, () => kernel.Host.CreateInterface("epair12345678901"));

        Assert.Equal("SIOCIFCREATE2: File name too long", ex.Message);
        Assert.Empty(kernel.Host.Interfaces);
    }

    [Theory]
    [InlineData("epair07")]         // ifc_name2unit: leading zero
    [InlineData("epair00")]
    [InlineData("epair9999999999")] // ifc_name2unit: beyond INT_MAX
    [InlineData("epair0a")]         // no cloner matches the name of an end
    [InlineData("epairx")]
    [InlineData("epai")]
    public void Names_that_are_no_epair_unit_are_EINVAL_and_create_nothing(string name)
    {
        using var kernel = EpairTest.NewKernel();

        var ex = EpairTest.ThrowsErrno(Errno.EINVAL, () => kernel.Host.CreateInterface(name));

        Assert.Equal("SIOCIFCREATE2: Invalid argument", ex.Message);
        Assert.Empty(kernel.Host.Interfaces);
        Assert.False(EpairTest.Cloner(kernel.Host).Units.IsAllocated(0));
        Assert.False(EpairTest.Cloner(kernel.Host).Units.IsAllocated(7));
    }

    [Fact]
    public void Create_by_any_matched_name_follows_ifc_name2unit_and_the_unit_range()
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;
        var cloner = EpairTest.Cloner(host);
        var digits = Gen.OneOf(Gen.Const(""), Gen.Int[0, 40000].Select(i => i.ToString(CultureInfo.InvariantCulture)),
            Gen.Char['0', '9'].Array[1, 10].Select(c => new string(c)));

        digits.Sample(unitText =>
        {
            string name = "epair" + unitText;
            long unit = unitText.Length == 0 ? 0 : long.Parse(unitText, CultureInfo.InvariantCulture);
            if ((unitText.Length > 1 && unitText[0] == '0') || unit > int.MaxValue)
            {
                EpairTest.ThrowsErrno(Errno.EINVAL, () => host.CreateInterface(name));
            }
            else if (unit > UnitAllocator.DefaultMaxUnit)
            {
                EpairTest.ThrowsErrno(Errno.ENOSPC, () => host.CreateInterface(name));
            }
            else
            {
                var a = (EpairInterface)host.CreateInterface(name);
                Assert.Equal($"epair{unit}a", a.Name);
                Assert.Equal($"epair{unit}b", a.Peer.Name);
                Assert.Equal(unit, a.Unit);
                host.DestroyInterface(a);
            }
            Assert.Empty(host.Interfaces);
            Assert.Empty(cloner.Members);
        }, iter: 300, threads: 1);
    }

    [Theory]
    [InlineData('a', "epair0")]
    [InlineData('b', "epair0")]
    [InlineData('a', "epair")]
    [InlineData('b', "epair")]
    public void Create_is_EEXIST_when_either_end_name_is_taken_and_frees_the_unit(char end, string request)
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;
        var jail = kernel.CreateVnet("one");
        // The jail's cloner has units of its own: its epair0 ends can be lent to the host, where
        // unit 0 is still free.
        EpairTest.CreatePair(jail, up: false);
        string taken = "epair0" + end;
        jail.MoveInterface(taken, host);
        var cloner = EpairTest.Cloner(host);

        var ex = EpairTest.ThrowsErrno(Errno.EEXIST, () => host.CreateInterface(request));

        Assert.Equal("SIOCIFCREATE2: File exists", ex.Message);
        Assert.False(cloner.Units.IsAllocated(0));
        Assert.Empty(cloner.Members);
        Assert.Equal([taken], host.Interfaces.Select(i => i.Name));

        host.MoveInterface(taken, jail);
        var a = host.CreateInterface(request);
        Assert.Equal("epair0a", a.Name);
        Assert.Equal(0, a.Unit);
    }

    [Fact]
    public void Create_ignores_extra_parameters()
    {
        using var kernel = EpairTest.NewKernel();

        var a = (EpairInterface)kernel.Host.CreateInterface("epair", "mtu", "9000", "up", "vnet", "nowhere");

        Assert.Equal("epair0a", a.Name);
        Assert.Equal(1500, a.Mtu);
        Assert.Equal(1500, a.Peer.Mtu);
        Assert.Equal(InterfaceFlags.None, a.Flags & InterfaceFlags.Up);
        Assert.Equal(2, kernel.Host.Interfaces.Count);
    }

    [Theory]
    [InlineData("epair0a", false)]
    [InlineData("epair0b", false)]
    [InlineData("epair0a", true)]
    [InlineData("epair0b", true)]
    public void Destroying_either_end_from_the_vnet_it_is_in_destroys_both_and_frees_the_unit(string name, bool bInJail)
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;
        var jail = kernel.CreateVnet("one");
        var (a, b) = EpairTest.CreatePair(host);
        if (bInJail)
            host.MoveInterface("epair0b", jail);
        var where = name == "epair0b" && bInJail ? jail : host;
        var cloner = EpairTest.Cloner(host);

        where.DestroyInterface(name);

        Assert.Empty(host.Interfaces);
        Assert.Empty(jail.Interfaces);
        Assert.Empty(cloner.Members);
        Assert.False(cloner.Units.IsAllocated(0));
        Assert.True(a.IsDying);
        Assert.True(b.IsDying);
        Assert.Equal(0, a.Index);
        Assert.Equal(0, b.Index);
        Assert.Equal("epair0a", host.CreateInterface("epair").Name);
    }

    [Fact]
    public void A_pair_made_in_a_jail_is_destroyed_from_the_host_through_the_jails_cloner()
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;
        var jail = kernel.CreateVnet("one");
        EpairTest.CreatePair(jail);
        jail.MoveInterface("epair0a", host);
        var jailCloner = EpairTest.Cloner(jail);

        host.DestroyInterface("epair0a");

        Assert.Empty(host.Interfaces);
        Assert.Empty(jail.Interfaces);
        Assert.False(jailCloner.Units.IsAllocated(0));
        Assert.Empty(jailCloner.Members);
    }

    [Fact]
    public void Destroying_an_end_from_a_vnet_it_is_not_in_is_ENXIO()
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;
        var jail = kernel.CreateVnet("one");
        var (a, b) = EpairTest.CreatePair(host);
        host.MoveInterface("epair0b", jail);

        var ex = EpairTest.ThrowsErrno(Errno.ENXIO, () => host.DestroyInterface("epair0b"));
        Assert.Equal("SIOCIFDESTROY: Device not configured", ex.Message);
        EpairTest.ThrowsErrno(Errno.ENXIO, () => jail.DestroyInterface("epair0a"));
        EpairTest.ThrowsErrno(Errno.ENXIO, () => host.DestroyInterface(b));

        Assert.False(a.IsDying);
        Assert.False(b.IsDying);
        Assert.Same(b, jail.FindInterface("epair0b"));
    }

    [Theory]
    [InlineData("epair0a")]
    [InlineData("epair")]
    [InlineData("epair0")]
    [InlineData("lo0")]
    public void Destroying_a_name_that_does_not_exist_is_ENXIO(string name)
    {
        using var kernel = EpairTest.NewKernel();
        kernel.Host.CreateInterface("epair1");

        var ex = EpairTest.ThrowsErrno(Errno.ENXIO, () => kernel.Host.DestroyInterface(name));

        Assert.Equal("SIOCIFDESTROY: Device not configured", ex.Message);
        Assert.Equal(2, kernel.Host.Interfaces.Count);
    }

    [Fact]
    public void Destroying_a_pair_twice_is_ENXIO_the_second_time()
    {
        using var kernel = EpairTest.NewKernel();
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        kernel.Host.DestroyInterface(a);

        EpairTest.ThrowsErrno(Errno.ENXIO, () => kernel.Host.DestroyInterface(a));
        EpairTest.ThrowsErrno(Errno.ENXIO, () => kernel.Host.DestroyInterface(b));
        EpairTest.ThrowsErrno(Errno.ENXIO, () => kernel.Host.DestroyInterface("epair0b"));
    }

    [Fact]
    public async Task Destroying_both_ends_at_once_succeeds_exactly_once()
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;
        var jail = kernel.CreateVnet("one");
        var cloner = EpairTest.Cloner(host);
        bool fromHost = false, fromJail = false;

        await EpairTest.RaceAsync(300,
            arrange: _ =>
            {
                EpairTest.CreatePair(host);
                host.MoveInterface("epair0b", jail);
            },
            first: _ => fromHost = EpairTest.Tolerating(() => host.DestroyInterface("epair0a"), Errno.ENXIO),
            second: _ => fromJail = EpairTest.Tolerating(() => jail.DestroyInterface("epair0b"), Errno.ENXIO),
            check: _ =>
            {
                Assert.True(fromHost ^ fromJail, $"host destroyed it: {fromHost}, jail destroyed it: {fromJail}");
                Assert.Empty(host.Interfaces);
                Assert.Empty(jail.Interfaces);
                Assert.False(cloner.Units.IsAllocated(0));
            });
    }

    [Fact]
    public async Task Destroy_racing_create_finds_the_pair_whole_or_not_at_all()
    {
        using var kernel = EpairTest.NewKernel();
        var host = kernel.Host;
        var cloner = EpairTest.Cloner(host);

        await EpairTest.RaceAsync(3000,
            arrange: _ => { },
            first: _ => host.CreateInterface("epair0"),
            // A destroy that finds the a end while create is still at work must see a cloned
            // interface (ENXIO until the pair exists, FreeBSD's if_clone_destroyif), never EINVAL.
            second: _ =>
            {
                while (!EpairTest.Tolerating(() => host.DestroyInterface("epair0a"), Errno.ENXIO))
                    Thread.Yield();
            },
            check: _ =>
            {
                Assert.Empty(host.Interfaces);
                Assert.False(cloner.Units.IsAllocated(0));
            });
    }

    [Fact]
    public void Kernel_dispose_destroys_every_pair_with_the_link_going_down()
    {
        var kernel = EpairTest.NewKernel();
        var (a, b) = EpairTest.CreatePair(kernel.Host);
        var jail = kernel.CreateVnet("one");
        var (c, d) = EpairTest.CreatePair(jail);
        var downs = new List<string>();
        foreach (var ifp in (NetInterface[])[a, b, c, d])
            ifp.LinkStateChanged += (sender, state) => { lock (downs) downs.Add($"{((NetInterface)sender!).Name}@{((NetInterface)sender!).Vnet}:{state}"); };

        kernel.Dispose();

        Assert.Equal(new[] { "epair0a@vnet0:Down", "epair0b@vnet0:Down", "epair0a@one:Down", "epair0b@one:Down" }.Order(), downs.Order());
        Assert.All((NetInterface[])[a, b, c, d], ifp => Assert.True(ifp.IsDying));
        Assert.Empty(kernel.Host.Interfaces);
        Assert.Empty(jail.Interfaces);
    }
}

using System.Globalization;
using Epair.Sysctl;
using Epair.Tests.TestSupport;

namespace Epair.Tests.Sysctl;

public sealed class SysctlRegistryTests : IDisposable
{
    private readonly Kernel _kernel = TestKernels.Create(direct: false);

    private SysctlRegistry Sysctl => _kernel.Sysctl;

    public void Dispose() => _kernel.Dispose();

    private static Kernel KernelWith(params (string Name, string Value)[] tunables)
    {
        var options = new KernelOptions { HostUuid = TestKernels.HostUuid };
        foreach (var (name, value) in tunables)
            options.Tunables[name] = value;
        return new Kernel(options);
    }

    // --- errors ----------------------------------------------------------------------------

    [Fact]
    public void Unknown_names_are_ENOENT_for_get_and_set()
    {
        var get = Assert.Throws<ErrnoException>(() => Sysctl.Get("kern.nope"));
        var set = Assert.Throws<ErrnoException>(() => Sysctl.Set("kern.nope", "1"));

        Assert.Equal("kern.nope: No such file or directory", get.Message);
        Assert.Equal(Errno.ENOENT, set.Errno);
        Assert.Null(Sysctl.Find("kern.nope"));
    }

    [Theory]
    [InlineData("net.isr.numthreads")]
    [InlineData("net.isr.maxthreads")]
    [InlineData("net.isr.maxqlimit")]
    [InlineData("net.isr.maxprot")]
    [InlineData("net.link.ifqmaxlen")]
    public void Read_only_leaves_are_EPERM_and_keep_their_value(string name)
    {
        var before = Sysctl.Get(name);

        var ex = Assert.Throws<ErrnoException>(() => Sysctl.Set(name, "1"));

        Assert.Equal($"{name}: Operation not permitted", ex.Message);
        Assert.Equal(before, Sysctl.Get(name));
        Assert.False(Sysctl.Find(name)!.IsWritable);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.5")]
    [InlineData("0x")]
    [InlineData("0xg1")]
    [InlineData("4294967296")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("10241")]
    public void Bad_values_are_EINVAL_and_change_nothing(string value)
    {
        const string Name = "net.link.epair.netisr_maxqlen";
        var before = Sysctl.Get(Name);

        var ex = Assert.Throws<ErrnoException>(() => Sysctl.Set(Name, value));

        Assert.Equal($"{Name}: Invalid argument", ex.Message);
        Assert.Equal(before, Sysctl.Get(Name));
    }

    [Fact]
    public void Set_returns_the_old_value()
    {
        Assert.Equal("2100", Sysctl.Get("net.link.epair.netisr_maxqlen"));

        Assert.Equal("2100", Sysctl.Set("net.link.epair.netisr_maxqlen", "100"));
        Assert.Equal("100", Sysctl.Set("net.link.epair.netisr_maxqlen", "200"));
        Assert.Equal("deferred", Sysctl.Set("net.link.epair.dispatch", "direct"));
        Assert.Equal("direct", Sysctl.Get("net.link.epair.dispatch"));
    }

    [Fact]
    public void Integers_may_be_given_in_hex()
    {
        Sysctl.Set("net.link.epair.netisr_maxqlen", "0x40");
        Sysctl.Set("kern.hostid", "0xDEADBEEF");

        Assert.Equal(64, Sysctl.GetInt64("net.link.epair.netisr_maxqlen"));
        Assert.Equal("3735928559", Sysctl.Get("kern.hostid"));
        Assert.Equal(0xDEADBEEFUL, _kernel.Host.HostId);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData(" 42 ", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("0x10", 16L)]
    [InlineData("0X1f", 31L)]
    [InlineData("-0x10", -16L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("-0x8000000000000000", long.MinValue)]
    [InlineData("+5", 5L)]
    [InlineData("010", 8L)]
    [InlineData("-017", -15L)]
    public void TryParseInteger_reads_decimal_hex_and_octal_like_strtol_base_0(string text, long value)
    {
        Assert.True(SysctlRegistry.TryParseInteger(text, out long parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("0x")]
    [InlineData("1e3")]
    [InlineData("12abc")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("0x8000000000000000")]
    [InlineData("- 5")]
    [InlineData("08")]
    [InlineData("+-5")]
    public void TryParseInteger_refuses_the_rest(string text)
    {
        Assert.False(SysctlRegistry.TryParseInteger(text, out _));
    }

    [Theory]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("0xffffffffffffffff", ulong.MaxValue)]
    [InlineData("17", 17UL)]
    public void TryParseUnsigned_reads_the_whole_range(string text, ulong value)
    {
        Assert.True(SysctlRegistry.TryParseUnsigned(text, out ulong parsed));
        Assert.Equal(value, parsed);
        Assert.False(SysctlRegistry.TryParseUnsigned("-1", out _));
    }

    // --- listing ---------------------------------------------------------------------------

    [Fact]
    public void List_with_a_prefix_gives_that_subtree_in_name_order()
    {
        Sysctl.Register(new SysctlNode("net.isrx.other", SysctlType.Int, SysctlAccess.Read, "not under net.isr", _ => "0", null));

        var names = Sysctl.List("net.isr").Select(n => n.Name).ToList();

        Assert.Equal(
            ["net.isr.bindthreads", "net.isr.defaultqlimit", "net.isr.dispatch", "net.isr.maxprot",
             "net.isr.maxqlimit", "net.isr.maxthreads", "net.isr.numthreads"],
            names);
    }

    [Fact]
    public void List_of_a_leaf_name_is_that_leaf_and_an_unknown_prefix_is_empty()
    {
        Assert.Equal("kern.hostid", Assert.Single(Sysctl.List("kern.hostid")).Name);
        Assert.Empty(Sysctl.List("kern.host"));
        Assert.Empty(Sysctl.List("nope"));
    }

    [Fact]
    public void List_without_a_prefix_gives_everything_sorted()
    {
        var all = Sysctl.List().Select(n => n.Name).ToList();

        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(all, Sysctl.List("").Select(n => n.Name));
        Assert.Contains("kern.hostid", all);
        Assert.Contains("net.link.epair.netisr_maxqlen", all);
        Assert.Contains("net.link.epair.ether_gen_addr", all);
        Assert.Contains("net.link.ifqmaxlen", all);
    }

    // --- registering -----------------------------------------------------------------------

    [Fact]
    public void A_name_is_registered_once_and_can_be_removed()
    {
        var node = new SysctlNode("test.value", SysctlType.String, SysctlAccess.Read, "a test", _ => "x", null);
        Sysctl.Register(node);

        var ex = Assert.Throws<ErrnoException>(() => Sysctl.Register(node));

        Assert.Equal(Errno.EEXIST, ex.Errno);
        Assert.Same(node, Sysctl.Find("test.value"));
        Assert.True(Sysctl.Unregister("test.value"));
        Assert.False(Sysctl.Unregister("test.value"));
        Assert.Throws<ErrnoException>(() => Sysctl.Get("test.value"));
    }

    [Theory]
    [InlineData(SysctlType.Int, "2147483648", false)]
    [InlineData(SysctlType.Int, "-2147483648", true)]
    [InlineData(SysctlType.UInt, "-1", false)]
    [InlineData(SysctlType.UInt, "4294967295", true)]
    [InlineData(SysctlType.UInt, "4294967296", false)]
    [InlineData(SysctlType.ULong, "-1", false)]
    [InlineData(SysctlType.Long, "-9223372036854775808", true)]
    public void Integer_leaves_refuse_values_their_type_cannot_hold(SysctlType type, string value, bool fits)
    {
        long stored = 0;
        Sysctl.RegisterInt("test.int", SysctlAccess.ReadWrite, "a test", _ => stored, (_, v) => { stored = v; return Errno.None; }, type);

        if (fits)
        {
            Sysctl.Set("test.int", value);
            Assert.Equal(value, Sysctl.Get("test.int"));
        }
        else
        {
            Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => Sysctl.Set("test.int", value)).Errno);
            Assert.Equal("0", Sysctl.Get("test.int"));
        }
    }

    // --- the kernel's leaves ---------------------------------------------------------------

    [Fact]
    public void Kern_hostid_is_an_unsigned_long_over_the_whole_range()
    {
        Sysctl.Set("kern.hostid", "18446744073709551615");

        Assert.Equal("18446744073709551615", Sysctl.Get("kern.hostid"));
        Assert.Equal(ulong.MaxValue, _kernel.Host.HostId);
        Assert.Equal(SysctlType.ULong, Sysctl.Find("kern.hostid")!.Type);
    }

    [Fact]
    public void Kern_hostid_is_per_vnet()
    {
        var jail = _kernel.CreateVnet("jail", hostId: 7);

        Assert.Equal("7", Sysctl.Get("kern.hostid", jail));
        Assert.Equal(0x1234_5678.ToString(CultureInfo.InvariantCulture), Sysctl.Get("kern.hostid"));

        Sysctl.Set("kern.hostid", "99", jail);

        Assert.Equal(99UL, jail.HostId);
        Assert.Equal(0x1234_5678UL, _kernel.Host.HostId);
        Assert.Equal(SysctlAccess.ReadWrite | SysctlAccess.PerVnet, Sysctl.Find("kern.hostid")!.Access);
    }

    [Fact]
    public void Kern_hostuuid_is_per_vnet_and_refuses_empty_or_overlong_values()
    {
        var jail = _kernel.CreateVnet("jail");
        const string Uuid = "11111111-2222-3333-4444-555555555555";

        Assert.Equal(TestKernels.HostUuid, Sysctl.Get("kern.hostuuid", jail));
        Sysctl.Set("kern.hostuuid", Uuid, jail);

        Assert.Equal(Uuid, jail.HostUuid);
        Assert.Equal(TestKernels.HostUuid, Sysctl.Get("kern.hostuuid"));
        Assert.Throws<ErrnoException>(() => Sysctl.Set("kern.hostuuid", ""));
        Assert.Throws<ErrnoException>(() => Sysctl.Set("kern.hostuuid", new string('a', 64)));
        Sysctl.Set("kern.hostuuid", new string('a', 63));
    }

    [Fact]
    public void Net_isr_leaves_report_the_netisr_configuration()
    {
        using var kernel = KernelWith(("net.isr.maxthreads", "1"), ("net.isr.maxqlimit", "0x1000"), ("net.isr.defaultqlimit", "33"));

        Assert.Equal("1", kernel.Sysctl.Get("net.isr.maxthreads"));
        Assert.Equal("1", kernel.Sysctl.Get("net.isr.numthreads"));
        Assert.Equal("4096", kernel.Sysctl.Get("net.isr.maxqlimit"));
        Assert.Equal("33", kernel.Sysctl.Get("net.isr.defaultqlimit"));
        Assert.Equal("16", kernel.Sysctl.Get("net.isr.maxprot"));
        Assert.Equal("0", kernel.Sysctl.Get("net.isr.bindthreads"));
        Assert.Equal("direct", kernel.Sysctl.Get("net.isr.dispatch"));
    }

    [Fact]
    public void Net_isr_numthreads_is_capped_by_the_processors()
    {
        using var kernel = KernelWith(("net.isr.maxthreads", "4096"));

        Assert.Equal(4096, kernel.Sysctl.GetInt64("net.isr.maxthreads"));
        Assert.Equal(Environment.ProcessorCount, kernel.Sysctl.GetInt64("net.isr.numthreads"));
    }

    [Theory]
    [InlineData("deferred")]
    [InlineData("hybrid")]
    [InlineData("direct")]
    public void Net_isr_dispatch_takes_FreeBSDs_policy_names(string policy)
    {
        Sysctl.Set("net.isr.dispatch", policy);

        Assert.Equal(policy, Sysctl.Get("net.isr.dispatch"));
        Assert.Equal(policy, _kernel.GetNetisrStatistics().Dispatch);
    }

    [Fact]
    public void Net_isr_dispatch_refuses_other_names()
    {
        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => Sysctl.Set("net.isr.dispatch", "Direct")).Errno);
        Assert.Equal("direct", Sysctl.Get("net.isr.dispatch"));
    }

    [Fact]
    public void Tunables_set_boot_values_in_hex_or_decimal()
    {
        using var kernel = KernelWith(("net.link.ifqmaxlen", "30"), ("net.link.epair.netisr_maxqlen", "0x80"));

        Assert.Equal("30", kernel.Sysctl.Get("net.link.ifqmaxlen"));
        Assert.Equal("128", kernel.Sysctl.Get("net.link.epair.netisr_maxqlen"));
        Assert.Equal(30, kernel.IfqMaxLen);
    }
}

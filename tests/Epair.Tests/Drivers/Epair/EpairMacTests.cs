using Epair.Drivers.Epair;
using Epair.Interfaces;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// epair's Ethernet addresses, bit for bit: the seed's jenkins_hash32 of the hostid and
/// next_index.
/// </summary>
public sealed class EpairMacTests
{
    // hashword vectors from TestData/lookup3/lookup3_vectors.c (an independent C lookup3, built
    // with gcc on x86_64; its output is TestData/lookup3/vectors.txt). Key lengths 0..7 reach the
    // empty key, all three tails, and one and two mix() rounds.
    public static TheoryData<uint, uint, uint[]> HashWordVectors => new()
    {
        { 0x00000000, 0xdeadbeef, [] },
        { 0x00000000, 0x57a99fad, [0x01234567] },
        { 0x00000000, 0xb944c435, [0x01234567, 0x89abcdef] },
        { 0x00000000, 0xe00d82a0, [0x01234567, 0x89abcdef, 0xdeadbeef] },
        { 0x00000000, 0xfa25d219, [0x01234567, 0x89abcdef, 0xdeadbeef, 0xcafef00d] },
        { 0x00000000, 0x49e3da7f, [0x01234567, 0x89abcdef, 0xdeadbeef, 0xcafef00d, 0x00000001] },
        { 0x00000000, 0xf44f6c0f, [0x01234567, 0x89abcdef, 0xdeadbeef, 0xcafef00d, 0x00000001, 0xffffffff] },
        { 0x00000000, 0x33fb8430, [0x01234567, 0x89abcdef, 0xdeadbeef, 0xcafef00d, 0x00000001, 0xffffffff, 0x80000000] },
        { 0x9e3779b9, 0x7ce538a8, [] },
        { 0x9e3779b9, 0x0b5b3527, [0x01234567] },
        { 0x9e3779b9, 0x6cbe5fd2, [0x01234567, 0x89abcdef] },
        { 0x9e3779b9, 0xc98ea2f1, [0x01234567, 0x89abcdef, 0xdeadbeef] },
        { 0x9e3779b9, 0x28a4f6ef, [0x01234567, 0x89abcdef, 0xdeadbeef, 0xcafef00d] },
        { 0x9e3779b9, 0x69a95e8d, [0x01234567, 0x89abcdef, 0xdeadbeef, 0xcafef00d, 0x00000001] },
        { 0x9e3779b9, 0xcf5757c2, [0x01234567, 0x89abcdef, 0xdeadbeef, 0xcafef00d, 0x00000001, 0xffffffff] },
        { 0x9e3779b9, 0x5e6a6e55, [0x01234567, 0x89abcdef, 0xdeadbeef, 0xcafef00d, 0x00000001, 0xffffffff, 0x80000000] },
    };

    // The seed's a-end addresses from the same C program: 02, jenkins_hash32({next_index,
    // hostid low, hostid high}, 3, 0) in memory order on x86_64, 0a.
    public static TheoryData<uint, ulong, string> SeedMacVectors => new()
    {
        { 1, 0x0000000000000000, "02:6b:a1:24:32:0a" },
        { 2, 0x0000000000000000, "02:c7:0e:99:90:0a" },
        { 3, 0x0000000000000000, "02:37:4d:21:c7:0a" },
        { 1000, 0x0000000000000000, "02:d7:53:ed:c8:0a" },
        { 0xffffffff, 0x0000000000000000, "02:d5:72:b9:5f:0a" },
        { 1, 0xffffffffffffffff, "02:85:0c:df:14:0a" },
        { 2, 0xffffffffffffffff, "02:ee:5d:43:91:0a" },
        { 3, 0xffffffffffffffff, "02:be:7d:cf:e5:0a" },
        { 1000, 0xffffffffffffffff, "02:b9:7b:6c:51:0a" },
        { 0xffffffff, 0xffffffffffffffff, "02:a9:64:09:6e:0a" },
        { 1, 0x0000000012345678, "02:b6:23:38:84:0a" },
        { 2, 0x0000000012345678, "02:e8:1e:f5:69:0a" },
        { 3, 0x0000000012345678, "02:5c:5a:2b:d8:0a" },
        { 1000, 0x0000000012345678, "02:f6:6c:ff:1d:0a" },
        { 0xffffffff, 0x0000000012345678, "02:3b:45:09:58:0a" },
        { 1, 0xdeadbeefcafef00d, "02:91:3f:e8:e9:0a" },
        { 2, 0xdeadbeefcafef00d, "02:ce:30:19:1c:0a" },
        { 3, 0xdeadbeefcafef00d, "02:9b:04:49:2e:0a" },
        { 1000, 0xdeadbeefcafef00d, "02:7b:b0:87:b2:0a" },
        { 0xffffffff, 0xdeadbeefcafef00d, "02:75:0c:0a:d6:0a" },
    };

    private const ulong HostId = 0x12345678;
    private const string HostUuid = "4c4c4544-0047-3810-8031-b8c04f563132";

    // --- lookup3 -----------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(HashWordVectors))]
    public void HashWord_matches_the_C_lookup3(uint initval, uint expected, uint[] key) =>
        Assert.Equal(expected, Lookup3.HashWord(key, initval));

    [Fact]
    public void HashWord_of_an_empty_key_is_the_initial_state() =>
        Assert.Equal(0xdeadbeefu + 42u, Lookup3.HashWord([], 42));

    // --- seed mode, pure ---------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(SeedMacVectors))]
    public void FromHostId_matches_the_C_construction(uint nextIndex, ulong hostId, string expected) =>
        Assert.Equal(expected, EpairMac.FromHostId(nextIndex, hostId).ToString());

    [Fact]
    public void PeerOf_replaces_only_the_last_byte() =>
        Assert.Equal("02:b6:23:38:84:0b", EpairMac.PeerOf(MacAddress.Parse("02:b6:23:38:84:0a")).ToString());

    // --- seed mode, through the kernel -------------------------------------------------------

    [Fact]
    public void First_pair_hashes_next_index_1_and_b_copies_a_with_0b()
    {
        using var kernel = new Kernel(new KernelOptions { HostId = HostId, HostUuid = HostUuid });
        var (a, b) = CreatePair(kernel.Host);

        Assert.Equal(1, a.Index);
        Assert.Equal("02:b6:23:38:84:0a", a.MacAddress.ToString()); // C vector (1, 0x12345678)
        Assert.Equal("02:b6:23:38:84:0b", b.MacAddress.ToString());
    }

    [Fact]
    public void Second_pair_hashes_its_a_index_3()
    {
        using var kernel = new Kernel(new KernelOptions { HostId = HostId, HostUuid = HostUuid });
        CreatePair(kernel.Host);
        var (a, b) = CreatePair(kernel.Host);

        Assert.Equal(3, a.Index);
        Assert.Equal("02:5c:5a:2b:d8:0a", a.MacAddress.ToString()); // C vector (3, 0x12345678)
        Assert.Equal("02:5c:5a:2b:d8:0b", b.MacAddress.ToString());
    }

    [Fact]
    public void A_reused_index_moves_next_index_on_instead_of_repeating_an_address()
    {
        using var kernel = new Kernel(new KernelOptions { HostId = HostId, HostUuid = HostUuid });
        var (first, _) = CreatePair(kernel.Host);
        var (second, _) = CreatePair(kernel.Host);
        var seen = new[] { first.MacAddress, second.MacAddress };
        kernel.Host.DestroyInterface(first);

        var (again, _) = CreatePair(kernel.Host);

        // Index 1 is free again, but 1 is not above next_index (3), so next_index becomes 4.
        Assert.Equal(1, again.Index);
        Assert.Equal(EpairMac.FromHostId(4, HostId), again.MacAddress);
        Assert.DoesNotContain(again.MacAddress, seen);
    }

    [Fact]
    public void The_hostid_is_the_creating_vnets()
    {
        using var kernel = new Kernel(new KernelOptions { HostId = HostId, HostUuid = HostUuid });
        var jail = kernel.CreateVnet("j", hostId: 0xdeadbeefcafef00d);

        var (a, b) = CreatePair(jail);

        Assert.Equal("02:91:3f:e8:e9:0a", a.MacAddress.ToString()); // C vector (1, 0xdeadbeefcafef00d)
        Assert.Equal("02:91:3f:e8:e9:0b", b.MacAddress.ToString());
    }

    [Fact]
    public void Setting_kern_hostid_changes_the_hash()
    {
        using var kernel = new Kernel(new KernelOptions { HostId = HostId, HostUuid = HostUuid });
        kernel.Sysctl.Set("kern.hostid", "0x1234");

        var (a, _) = CreatePair(kernel.Host);

        Assert.Equal(0x1234, kernel.Sysctl.GetInt64("kern.hostid"));
        Assert.Equal(EpairMac.FromHostId(1, 0x1234), a.MacAddress);
    }

    [Fact]
    public void Hostid_0_hashes_a_random_hostid()
    {
        using var k1 = new Kernel(new KernelOptions { HostId = 0, HostUuid = HostUuid });
        using var k2 = new Kernel(new KernelOptions { HostId = 0, HostUuid = HostUuid });

        var (a1, b1) = CreatePair(k1.Host);
        var (a2, _) = CreatePair(k2.Host);

        // Same next_index and uuid: only arc4rand's hostid can tell them apart (2^-32 to collide).
        Assert.NotEqual(a1.MacAddress, a2.MacAddress);
        Assert.NotEqual(EpairMac.FromHostId(1, 0), a1.MacAddress);
        AssertSeedForm(a1.MacAddress, 0x0a);
        AssertSeedForm(b1.MacAddress, 0x0b);
        Assert.Equal(EpairMac.PeerOf(a1.MacAddress), b1.MacAddress);
    }

    // --- helpers -----------------------------------------------------------------------------

    private static (EpairInterface A, EpairInterface B) CreatePair(global::Epair.Vnets.Vnet vnet)
    {
        var a = (EpairInterface)vnet.CreateInterface("epair");
        return (a, a.Peer);
    }

    private static void AssertSeedForm(MacAddress mac, byte last)
    {
        Assert.Equal(0x02, mac[0]);
        Assert.Equal(last, mac[5]);
    }
}

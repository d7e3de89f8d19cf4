using Epair.Drivers.Epair;
using Epair.Interfaces;

namespace Epair.Tests.Drivers.Epair;

/// <summary>
/// epair's Ethernet addresses, bit for bit: the seed's jenkins_hash32 of the hostid and
/// next_index, and FreeBSD 15's ether_gen_addr mode.
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
        { 4, 0x0000000000000000, "02:d7:c9:9c:55:0a" },
        { 3, 0x0000000000000000, "02:37:4d:21:c7:0a" },
        { 1000, 0x0000000000000000, "02:d7:53:ed:c8:0a" },
        { 0xffffffff, 0x0000000000000000, "02:d5:72:b9:5f:0a" },
        { 1, 0xffffffffffffffff, "02:85:0c:df:14:0a" },
        { 2, 0xffffffffffffffff, "02:ee:5d:43:91:0a" },
        { 4, 0xffffffffffffffff, "02:fb:a1:47:aa:0a" },
        { 3, 0xffffffffffffffff, "02:be:7d:cf:e5:0a" },
        { 1000, 0xffffffffffffffff, "02:b9:7b:6c:51:0a" },
        { 0xffffffff, 0xffffffffffffffff, "02:a9:64:09:6e:0a" },
        { 1, 0x0000000012345678, "02:b6:23:38:84:0a" },
        { 2, 0x0000000012345678, "02:e8:1e:f5:69:0a" },
        { 4, 0x0000000012345678, "02:32:f0:68:b0:0a" },
        { 3, 0x0000000012345678, "02:5c:5a:2b:d8:0a" },
        { 1000, 0x0000000012345678, "02:f6:6c:ff:1d:0a" },
        { 0xffffffff, 0x0000000012345678, "02:3b:45:09:58:0a" },
        { 1, 0xdeadbeefcafef00d, "02:91:3f:e8:e9:0a" },
        { 2, 0xdeadbeefcafef00d, "02:ce:30:19:1c:0a" },
        { 4, 0xdeadbeefcafef00d, "02:f6:72:6b:b2:0a" },
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
    public void First_pair_after_lo0_hashes_next_index_2_and_b_copies_a_with_0b()
    {
        using var kernel = new Kernel(new KernelOptions { HostId = HostId, HostUuid = HostUuid });
        var (a, b) = CreatePair(kernel.Host);

        // lo0 holds index 1, as on FreeBSD, so the first a end is 2 and next_index jumps to it.
        Assert.Equal(2, a.Index);
        Assert.Equal("02:e8:1e:f5:69:0a", a.MacAddress.ToString()); // C vector (2, 0x12345678)
        Assert.Equal("02:e8:1e:f5:69:0b", b.MacAddress.ToString());
    }

    [Fact]
    public void Second_pair_hashes_its_a_index_4()
    {
        using var kernel = new Kernel(new KernelOptions { HostId = HostId, HostUuid = HostUuid });
        CreatePair(kernel.Host);
        var (a, b) = CreatePair(kernel.Host);

        Assert.Equal(4, a.Index);
        Assert.Equal("02:32:f0:68:b0:0a", a.MacAddress.ToString()); // C vector (4, 0x12345678)
        Assert.Equal("02:32:f0:68:b0:0b", b.MacAddress.ToString());
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

        // Index 2 is free again, but 2 is not above next_index (4), so next_index becomes 5.
        Assert.Equal(2, again.Index);
        Assert.Equal("02:08:8c:be:bf:0a", again.MacAddress.ToString()); // C vector (5, 0x12345678)
        Assert.DoesNotContain(again.MacAddress, seen);
    }

    [Fact]
    public void The_hostid_is_the_creating_vnets()
    {
        using var kernel = new Kernel(new KernelOptions { HostId = HostId, HostUuid = HostUuid });
        var jail = kernel.CreateVnet("j", hostId: 0xdeadbeefcafef00d);

        var (a, b) = CreatePair(jail);

        // The jail's own lo0 is its index 1, so its first a end is 2.
        Assert.Equal("02:ce:30:19:1c:0a", a.MacAddress.ToString()); // C vector (2, 0xdeadbeefcafef00d)
        Assert.Equal("02:ce:30:19:1c:0b", b.MacAddress.ToString());
    }

    [Fact]
    public void Setting_kern_hostid_changes_the_hash()
    {
        using var kernel = new Kernel(new KernelOptions { HostId = HostId, HostUuid = HostUuid });
        kernel.Sysctl.Set("kern.hostid", "0x1234");

        var (a, _) = CreatePair(kernel.Host);

        Assert.Equal(0x1234, kernel.Sysctl.GetInt64("kern.hostid"));
        Assert.Equal(EpairMac.FromHostId(2, 0x1234), a.MacAddress);
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
        Assert.NotEqual(EpairMac.FromHostId(2, 0), a1.MacAddress); // what hostid 0 itself would hash
        AssertSeedForm(a1.MacAddress, 0x0a);
        AssertSeedForm(b1.MacAddress, 0x0b);
        Assert.Equal(EpairMac.PeerOf(a1.MacAddress), b1.MacAddress);
    }

    // --- FreeBSD 15 ether_gen_addr mode ------------------------------------------------------

    // SHA-1 of "UUID-IFNAME-JAILNAME" by python3 hashlib (and sha1sum), folded by FreeBSD's own
    // expression in C with `char digest[]` compiled by gcc on x86_64 (signed char):
    //   python3 -c 'import hashlib;print(hashlib.sha1(b"4c4c4544-0047-3810-8031-b8c04f563132-epair0a-0").hexdigest())'
    // The digests' first bytes pick out every path of the fold.
    public static TheoryData<string, string, string, string> StableVectors => new()
    {
        // 5a bb 52: digest[1] >= 0x80, digest[0] has 0x10 anyway.
        { HostUuid, "epair0a", "0", "58:9c:fc:10:bb:52" },
        // 3f 13 d2: digest[2] >= 0x80 sign-extends over the fourth octet (unsigned char: 10:13:d2).
        { HostUuid, "epair0b", "0", "58:9c:fc:10:ff:d2" },
        // a9 cf 1e: digest[1] >= 0x80 sets the 0x10 bit digest[0] lacks (unsigned char: 00:cf:1e).
        { HostUuid, "epair1b", "0", "58:9c:fc:10:cf:1e" },
        // 87 33 6d: no sign extension, 0x10 clear: the mask lets 58:9c:fc:00 through.
        { HostUuid, "epair2b", "0", "58:9c:fc:00:33:6d" },
        // b3 de a8: the jail's name is part of the hash.
        { HostUuid, "epair0a", "j", "58:9c:fc:10:ff:a8" },
    };

    [Theory]
    [MemberData(nameof(StableVectors))]
    public void Stable_matches_sha1_and_FreeBSDs_fold(string uuid, string name, string jail, string expected) =>
        Assert.Equal(expected, EpairMac.Stable(uuid, name, jail).ToString());

    [Fact]
    public void Stable_pair_gets_ether_gen_addr_of_each_ends_own_name()
    {
        using var kernel = StableKernel();

        var (a, b) = CreatePair(kernel.Host);

        Assert.Equal("58:9c:fc:10:bb:52", a.MacAddress.ToString()); // sha1 of "…-epair0a-0"
        Assert.Equal("58:9c:fc:10:ff:d2", b.MacAddress.ToString()); // sha1 of "…-epair0b-0"
        Assert.False(a.MacAddress.IsLocallyAdministered);
        Assert.False(a.MacAddress.IsMulticast);
    }

    [Fact]
    public void Stable_addresses_survive_recreating_the_pair_at_other_indexes()
    {
        using var kernel = StableKernel();
        var (a, b) = CreatePair(kernel.Host);
        var before = (a.MacAddress, b.MacAddress);
        kernel.Host.DestroyInterface(a);
        kernel.Host.CreateInterface("epair5"); // takes indexes 2 and 3 (lo0 keeps 1)

        var again = (EpairInterface)kernel.Host.CreateInterface("epair0");

        Assert.Equal(4, again.Index);
        Assert.Equal(before, (again.MacAddress, again.Peer.MacAddress));
    }

    [Fact]
    public void Stable_addresses_differ_by_name_and_by_jail()
    {
        using var kernel = StableKernel();
        var jail = kernel.CreateVnet("j");

        var (a0, b0) = CreatePair(kernel.Host);
        var (a1, b1) = CreatePair(kernel.Host);
        var (ja, _) = CreatePair(jail);

        var all = new[] { a0.MacAddress, b0.MacAddress, a1.MacAddress, b1.MacAddress, ja.MacAddress };
        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.All(all, mac => Assert.Equal(0x589cfcUL, mac.ToUInt64() >> 24));
        Assert.Equal("58:9c:fc:10:ff:a8", ja.MacAddress.ToString()); // epair0a in jail "j"
    }

    [Fact]
    public void Stable_mode_uses_the_creating_vnets_uuid()
    {
        using var kernel = StableKernel();
        var jail = kernel.CreateVnet("j");
        kernel.Sysctl.Set("kern.hostuuid", "11111111-2222-3333-4444-555555555555", jail);

        var (a, _) = CreatePair(jail);

        Assert.Equal(EpairMac.Stable("11111111-2222-3333-4444-555555555555", "epair0a", "j"), a.MacAddress);
        Assert.NotEqual(EpairMac.Stable(HostUuid, "epair0a", "j"), a.MacAddress);
    }

    [Fact]
    public void Stable_mode_leaves_next_index_alone()
    {
        using var kernel = StableKernel();
        var (stable, _) = CreatePair(kernel.Host);
        kernel.Host.DestroyInterface(stable);
        kernel.Sysctl.Set("net.link.epair.ether_gen_addr", "0");

        var (seed, _) = CreatePair(kernel.Host);

        // Had the stable pair advanced next_index to 2, this index-2 pair would hash 3.
        Assert.Equal(2, seed.Index);
        Assert.Equal("02:e8:1e:f5:69:0a", seed.MacAddress.ToString()); // C vector (2, 0x12345678)
    }

    [Fact]
    public void Default_uuid_falls_back_to_random_local_unicast_addresses()
    {
        using var kernel = new Kernel(new KernelOptions { HostId = HostId, HostUuid = "00000000-0000-0000-0000-000000000000" });
        kernel.Sysctl.Set("net.link.epair.ether_gen_addr", "1");

        var (a, b) = CreatePair(kernel.Host);

        foreach (var mac in new[] { a.MacAddress, b.MacAddress })
        {
            Assert.True(mac.IsLocallyAdministered);
            Assert.False(mac.IsMulticast);
        }
        Assert.NotEqual(a.MacAddress, b.MacAddress);
    }

    [Fact]
    public void Only_the_first_64_bytes_of_the_uuid_are_hashed()
    {
        var uuid = new string('7', 64);

        Assert.Equal(EpairMac.Stable(uuid, "epair0a", "0"), EpairMac.Stable(uuid + "-extra", "epair0a", "0"));
    }

    // --- helpers -----------------------------------------------------------------------------

    private static Kernel StableKernel()
    {
        var kernel = new Kernel(new KernelOptions { HostId = HostId, HostUuid = HostUuid });
        kernel.Sysctl.Set("net.link.epair.ether_gen_addr", "1");
        return kernel;
    }

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

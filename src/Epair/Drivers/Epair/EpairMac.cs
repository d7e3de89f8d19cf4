using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Epair.Interfaces;

namespace Epair.Drivers.Epair;

/// <summary>
/// How epair picks Ethernet addresses: the seed's hash of the hostid and an interface index, or
/// FreeBSD 15's stable, name-derived addresses (<c>net.link.epair.ether_gen_addr=1</c>).
/// </summary>
internal static class EpairMac
{
    /// <summary>
    /// The seed's address for the <c>a</c> end: <c>02</c>, the four bytes of
    /// <c>jenkins_hash32({next_index, hostid low, hostid high}, 3, 0)</c> in little-endian order,
    /// then <c>0a</c>.
    /// </summary>
    public static MacAddress FromHostId(uint nextIndex, ulong hostId)
    {
        // The seed masks the high word with 0xfffffffff (36 bits); the cast to 32 bits makes that
        // the same as a plain shift.
        Span<uint> key = [nextIndex, (uint)hostId, (uint)(hostId >> 32)];
        uint hash = Lookup3.HashWord(key, 0);
        Span<byte> eaddr = stackalloc byte[6];
        eaddr[0] = 0x02;
        // The seed memcpy()s the hash, so the byte order is the CPU's: little-endian, as on amd64.
        BinaryPrimitives.WriteUInt32LittleEndian(eaddr[1..], hash);
        eaddr[5] = 0x0a;
        return new MacAddress(eaddr);
    }

    /// <summary>The <c>b</c> end's address: the <c>a</c> end's with the last byte <c>0b</c>.</summary>
    public static MacAddress PeerOf(MacAddress a) => MacAddress.FromUInt64((a.ToUInt64() & ~0xFFUL) | 0x0b);

    /// <summary>
    /// FreeBSD's <c>ether_gen_addr_byname</c> (sys/net/if_ethersubr.c): the SHA-1 of
    /// <c>"UUID-IFNAME-JAILNAME"</c> folded into FreeBSD's OUI <c>58:9c:fc</c>; a random locally
    /// administered unicast address while the UUID is still the all-zero default.
    /// </summary>
    public static MacAddress Stable(string hostUuid, string interfaceName, string jailName)
    {
        var uuid = CredHostUuid(hostUuid);
        if (uuid.SequenceEqual(DefaultHostUuid))
            return RandomLocal();
        var text = Encoding.UTF8.GetBytes($"-{interfaceName}-{jailName}");
#pragma warning disable CA5350 // FreeBSD derives the address with SHA-1; this is identity, not security.
        var digest = SHA1.HashData([.. uuid, .. text]);
#pragma warning restore CA5350
        return FromDigest(digest);
    }

    /// <summary>
    /// The fold of <c>ether_gen_addr_byname</c>:
    /// <c>OUI_FREEBSD(((digest[0] &lt;&lt; 16) | (digest[1] &lt;&lt; 8) | digest[2]) &amp; OUI_FREEBSD_GENERATED_MASK)</c>.
    /// </summary>
    internal static MacAddress FromDigest(ReadOnlySpan<byte> digest)
    {
        // FreeBSD declares the digest as plain char, which is signed on amd64: a byte of 0x80 or
        // more sign-extends before the OR, so digest[2] >= 0x80 turns the fourth octet into ff and
        // either of digest[1..2] >= 0x80 sets the 0x10 bit of the third. Addresses seen on amd64
        // hosts (58:9c:fc:10:ff:a9 in BastilleBSD issue 807) show exactly this; arm64, whose char
        // is unsigned, gives other addresses.
        int d0 = (sbyte)digest[0], d1 = (sbyte)digest[1], d2 = (sbyte)digest[2];
        int nic = (d0 << 16) | (d1 << 8) | d2;
        return MacAddress.FromUInt64(FreeBsdOui | (uint)(nic & GeneratedMask));
    }

    /// <summary>
    /// <c>getcredhostuuid</c> copies the UUID into a <c>HOSTUUIDLEN + 1</c> buffer, so at most 64
    /// bytes of it are hashed.
    /// </summary>
    private static byte[] CredHostUuid(string hostUuid)
    {
        var bytes = Encoding.UTF8.GetBytes(hostUuid);
        return bytes.Length > HostUuidLength ? bytes[..HostUuidLength] : bytes;
    }

    /// <summary>The <c>rando:</c> fallback: six random bytes, made unicast and locally administered.</summary>
    private static MacAddress RandomLocal()
    {
        Span<byte> eaddr = stackalloc byte[6];
        RandomNumberGenerator.Fill(eaddr);
        eaddr[0] = (byte)((eaddr[0] & 0xFE) | 0x02);
        return new MacAddress(eaddr);
    }

    /// <summary><c>DEFAULT_HOSTUUID</c>: the UUID a host has before rc.d/hostid sets one.</summary>
    internal const string DefaultHostUuidText = "00000000-0000-0000-0000-000000000000";

    private static ReadOnlySpan<byte> DefaultHostUuid => "00000000-0000-0000-0000-000000000000"u8;

    /// <summary><c>HOSTUUIDLEN</c>.</summary>
    private const int HostUuidLength = 64;

    /// <summary><c>OUI_FREEBSD_BASE</c>.</summary>
    private const ulong FreeBsdOui = 0x589cfc000000UL;

    /// <summary><c>OUI_FREEBSD_GENERATED_MASK</c>.</summary>
    private const int GeneratedMask = 0x10ffff;
}

/// <summary>Bob Jenkins' lookup3 <c>hashword()</c>, FreeBSD's <c>jenkins_hash32</c>.</summary>
internal static class Lookup3
{
    /// <summary>Hashes <paramref name="key"/> (32-bit words) with <paramref name="initval"/>.</summary>
    public static uint HashWord(ReadOnlySpan<uint> key, uint initval)
    {
        uint a, b, c;
        a = b = c = 0xdeadbeef + ((uint)key.Length << 2) + initval;
        while (key.Length > 3)
        {
            a += key[0];
            b += key[1];
            c += key[2];
            Mix(ref a, ref b, ref c);
            key = key[3..];
        }
        switch (key.Length)
        {
            case 3:
                c += key[2];
                b += key[1];
                a += key[0];
                Final(ref a, ref b, ref c);
                break;
            case 2:
                b += key[1];
                a += key[0];
                Final(ref a, ref b, ref c);
                break;
            case 1:
                a += key[0];
                Final(ref a, ref b, ref c);
                break;
        }
        return c;
    }

    private static uint Rot(uint x, int k) => (x << k) | (x >> (32 - k));

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= Rot(c, 4); c += b;
        b -= a; b ^= Rot(a, 6); a += c;
        c -= b; c ^= Rot(b, 8); b += a;
        a -= c; a ^= Rot(c, 16); c += b;
        b -= a; b ^= Rot(a, 19); a += c;
        c -= b; c ^= Rot(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= Rot(b, 14);
        a ^= c; a -= Rot(c, 11);
        b ^= a; b -= Rot(a, 25);
        c ^= b; c -= Rot(b, 16);
        a ^= c; a -= Rot(c, 4);
        b ^= a; b -= Rot(a, 14);
        c ^= b; c -= Rot(b, 24);
    }
}

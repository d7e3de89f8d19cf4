/*
 * Reference vectors for the C# port of epair's MAC address hash.
 *
 * hashword() is Bob Jenkins' lookup3 hash over 32-bit words (public domain,
 * May 2006), the function FreeBSD ships as jenkins_hash32() in
 * sys/libkern/jenkins_hash.c.  It is written out again here from the
 * algorithm, so that the C# code is checked against an independent C
 * implementation compiled by a C compiler rather than against itself.
 *
 * epair_mac() is the seed driver's construction (if_epair.c,
 * epair_clone_create): key = { next_index, hostid low 32, hostid high 32 },
 * hash = jenkins_hash32(key, 3, 0), address = 02, the hash's four bytes in
 * memory order (little-endian on amd64), 0a.
 *
 * Build and run:  gcc -O2 -Wall -Wextra -o lookup3_vectors lookup3_vectors.c
 *                 ./lookup3_vectors > vectors.txt
 *
 * Output lines:
 *   hashword <initval> <hash> <key words...>     (all hex)
 *   mac <next_index> <hostid> <hash> <address>   (next_index decimal)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t
rotl32(uint32_t x, int k)
{
	return (x << k) | (x >> (32 - k));
}

/* The reversible mix applied after every full block of three words. */
static void
mix3(uint32_t *a, uint32_t *b, uint32_t *c)
{
	*a -= *c; *a ^= rotl32(*c, 4);  *c += *b;
	*b -= *a; *b ^= rotl32(*a, 6);  *a += *c;
	*c -= *b; *c ^= rotl32(*b, 8);  *b += *a;
	*a -= *c; *a ^= rotl32(*c, 16); *c += *b;
	*b -= *a; *b ^= rotl32(*a, 19); *a += *c;
	*c -= *b; *c ^= rotl32(*b, 4);  *b += *a;
}

/* The final avalanche into c, run once unless the key was empty. */
static void
final3(uint32_t *a, uint32_t *b, uint32_t *c)
{
	*c ^= *b; *c -= rotl32(*b, 14);
	*a ^= *c; *a -= rotl32(*c, 11);
	*b ^= *a; *b -= rotl32(*a, 25);
	*c ^= *b; *c -= rotl32(*b, 16);
	*a ^= *c; *a -= rotl32(*c, 4);
	*b ^= *a; *b -= rotl32(*a, 14);
	*c ^= *b; *c -= rotl32(*b, 24);
}

static uint32_t
hashword(const uint32_t *k, size_t length, uint32_t initval)
{
	uint32_t a, b, c;

	a = b = c = 0xdeadbeefU + ((uint32_t)length << 2) + initval;
	for (; length > 3; length -= 3, k += 3) {
		a += k[0];
		b += k[1];
		c += k[2];
		mix3(&a, &b, &c);
	}
	if (length == 0)
		return (c);
	if (length == 3)
		c += k[2];
	if (length >= 2)
		b += k[1];
	a += k[0];
	final3(&a, &b, &c);
	return (c);
}

static uint32_t
epair_mac(uint32_t next_index, uint64_t hostid, uint8_t eaddr[6])
{
	uint32_t key[3], hash;

	key[0] = next_index;
	key[1] = (uint32_t)(hostid & 0xffffffffU);
	key[2] = (uint32_t)((hostid >> 32) & 0xffffffffU);
	hash = hashword(key, 3, 0);
	eaddr[0] = 0x02;
	memcpy(&eaddr[1], &hash, 4);	/* memory order, as the driver does */
	eaddr[5] = 0x0a;
	return (hash);
}

static void
print_hashword(const uint32_t *k, size_t length, uint32_t initval)
{
	size_t i;

	printf("hashword 0x%08x 0x%08x", initval, hashword(k, length, initval));
	for (i = 0; i < length; i++)
		printf(" 0x%08x", k[i]);
	printf("\n");
}

static void
print_mac(uint32_t next_index, uint64_t hostid)
{
	uint8_t e[6];
	uint32_t hash;

	hash = epair_mac(next_index, hostid, e);
	printf("mac %u 0x%016llx 0x%08x %02x:%02x:%02x:%02x:%02x:%02x\n",
	    next_index, (unsigned long long)hostid, hash,
	    e[0], e[1], e[2], e[3], e[4], e[5]);
}

int
main(void)
{
	/* Key lengths 0..7: no block, the three tails, one and two mixes. */
	static const uint32_t words[] = {
		0x01234567, 0x89abcdef, 0xdeadbeef, 0xcafef00d,
		0x00000001, 0xffffffff, 0x80000000,
	};
	static const uint32_t initvals[] = { 0x00000000, 0x9e3779b9 };
	static const uint32_t indexes[] = { 1, 2, 3, 4, 5, 1000, 0xffffffffU };
	static const uint64_t hostids[] = {
		0x0ULL, 0xffffffffffffffffULL, 0x12345678ULL,
		0xdeadbeefcafef00dULL,
	};
	size_t i, n;

	for (i = 0; i < sizeof(initvals) / sizeof(initvals[0]); i++)
		for (n = 0; n <= 7; n++)
			print_hashword(words, n, initvals[i]);
	for (i = 0; i < sizeof(hostids) / sizeof(hostids[0]); i++)
		for (n = 0; n < sizeof(indexes) / sizeof(indexes[0]); n++)
			print_mac(indexes[n], hostids[i]);
	return (0);
}

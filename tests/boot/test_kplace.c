// SPDX-License-Identifier: MIT
/*
 * test_kplace.c - the load base of a relocatable kernel: 2 MiB aligned,
 * image between 16 MiB and 4 GiB, in conventional memory only; exact bases
 * on small maps, and kplace_next() against a page-level brute force.
 */
#include "ltest.h"
#include "kplace.h"

#define KERNEL_SPAN 0xa9000ULL          /* the stub kernel's size */
#define MIB(n)      ((uint64_t)(n) << 20)

static struct kplace_map kmap(const struct mapb *m)
{
	struct kplace_map k = { m->b, m->desc_size, m->count };

	return k;
}

/* OVMF-like low memory: RAM from 1 MiB to 2 GiB, the kernel goes to 64 MiB or 16 MiB. */
static int preferred_and_lowest(void)
{
	static struct mapb M;
	struct kplace_map k;

	mapb_init(&M, 48);
	mapb_ram(&M, MIB(1), MIB(2048));
	k = kmap(&M);
	ASSERT_TRUE(kplace_fits(&k, 0, KERNEL_SPAN, KPLACE_PREFERRED));
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, 0), MIB(16));
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, MIB(16) + 1), MIB(18));
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, MIB(64)), MIB(64));
	ASSERT_TRUE(!kplace_fits(&k, 0, KERNEL_SPAN, MIB(64) + 0x1000));   /* not 2 MiB aligned */
	ASSERT_TRUE(!kplace_fits(&k, 0, KERNEL_SPAN, MIB(14)));            /* below 16 MiB */
	return 0;
}

/* The occupy64m test aid: loader data at 64-66 MiB moves the kernel. */
static int taken_64m_moves_the_kernel(void)
{
	static struct mapb M;
	struct kplace_map k;

	mapb_init(&M, 40);
	mapb_ram(&M, MIB(66), MIB(2048));
	mapb_add(&M, MEMMAP_TYPE_LOADER_DATA, MIB(64), 512, 0xf);
	mapb_ram(&M, MIB(1), MIB(64));
	k = kmap(&M);
	ASSERT_TRUE(!kplace_fits(&k, 0, KERNEL_SPAN, KPLACE_PREFERRED));
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, 0), MIB(16));
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, MIB(63)), MIB(66));
	/* An image of 3 MiB cannot start at 62 MiB: it would reach into 64 MiB. */
	ASSERT_TRUE(kplace_fits(&k, 0, MIB(2), MIB(62)));
	ASSERT_TRUE(!kplace_fits(&k, 0, MIB(3), MIB(62)));
	ASSERT_EQ(kplace_next(&k, 0, MIB(3), MIB(61)), MIB(66));
	return 0;
}

/* Coverage across adjacent descriptors in any order; one busy page splits it. */
static int adjacent_descriptors_and_holes(void)
{
	static struct mapb M;
	struct kplace_map k;

	mapb_init(&M, 40);
	mapb_ram(&M, MIB(17), MIB(20));
	mapb_ram(&M, MIB(16), MIB(17));
	k = kmap(&M);
	ASSERT_EQ(kplace_next(&k, 0, MIB(4), 0), MIB(16));
	ASSERT_EQ(kplace_next(&k, 0, MIB(4) + 0x1000, 0), KPLACE_NONE);
	mapb_init(&M, 40);
	mapb_ram(&M, MIB(16), MIB(17));
	mapb_add(&M, MEMMAP_TYPE_BS_DATA, MIB(17), 1, 0xf);
	mapb_ram(&M, MIB(17) + 0x1000, MIB(24));
	k = kmap(&M);
	ASSERT_EQ(kplace_next(&k, 0, MIB(2), 0), MIB(18));
	ASSERT_EQ(kplace_next(&k, 0, MIB(1), 0), MIB(16));
	/* A run starting unaligned: the first aligned base inside it. */
	mapb_init(&M, 40);
	mapb_ram(&M, 0x900000, MIB(16) + KERNEL_SPAN);
	k = kmap(&M);
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, 0), MIB(16));
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN + 0x1000, 0), KPLACE_NONE);
	return 0;
}

/* Only conventional memory without the specific-purpose bit counts. */
static int only_free_general_ram(void)
{
	static const uint32_t busy[] = {
		MEMMAP_TYPE_RESERVED, MEMMAP_TYPE_LOADER_CODE, MEMMAP_TYPE_LOADER_DATA,
		MEMMAP_TYPE_BS_CODE, MEMMAP_TYPE_BS_DATA, MEMMAP_TYPE_RUNTIME_DATA,
		MEMMAP_TYPE_ACPI_RECLAIM, MEMMAP_TYPE_ACPI_NVS, MEMMAP_TYPE_MMIO,
		MEMMAP_TYPE_PERSISTENT, MEMMAP_TYPE_UNACCEPTED,
	};
	static struct mapb M;
	struct kplace_map k;

	for (size_t i = 0; i < sizeof(busy) / sizeof(busy[0]); i++) {
		mapb_init(&M, 40);
		mapb_add(&M, busy[i], MIB(16), 4096, 0xf);
		k = kmap(&M);
		ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, 0), KPLACE_NONE);
	}
	mapb_init(&M, 40);
	mapb_add(&M, MEMMAP_TYPE_CONVENTIONAL, MIB(16), 4096, MEMMAP_ATTR_SP);
	mapb_ram(&M, MIB(32), MIB(40));
	k = kmap(&M);
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, 0), MIB(32));
	return 0;
}

/* The image ends at or below 4 GiB and starts at or above 16 MiB. */
static int window_16m_to_4g(void)
{
	static struct mapb M;
	struct kplace_map k;

	mapb_init(&M, 40);
	mapb_ram(&M, SZ_4G - MIB(2), SZ_4G + SZ_1G);
	mapb_ram(&M, MIB(1), MIB(16));
	k = kmap(&M);
	ASSERT_EQ(kplace_next(&k, 0, MIB(2), 0), SZ_4G - MIB(2));          /* ends at 4 GiB */
	ASSERT_EQ(kplace_next(&k, 0, MIB(2) + 0x1000, 0), KPLACE_NONE);
	ASSERT_TRUE(!kplace_fits(&k, 0, MIB(2), SZ_4G));
	/* Linked at 2 MiB: the base is 14 MiB so that the image starts at 16 MiB. */
	mapb_init(&M, 40);
	mapb_ram(&M, MIB(1), MIB(32));
	k = kmap(&M);
	ASSERT_EQ(kplace_next(&k, MIB(2), MIB(2) + KERNEL_SPAN, 0), MIB(14));
	ASSERT_TRUE(!kplace_fits(&k, MIB(2), MIB(2) + KERNEL_SPAN, MIB(12)));
	/* An image larger than the window never fits. */
	ASSERT_EQ(kplace_next(&k, 0, SZ_4G, 0), KPLACE_NONE);
	return 0;
}

/* Hostile maps: wrapping descriptors, small strides, bad arguments. */
static int hostile_maps_find_nothing(void)
{
	static struct mapb M;
	struct kplace_map k;

	mapb_init(&M, 40);
	mapb_add(&M, MEMMAP_TYPE_CONVENTIONAL, UINT64_MAX - 0xfff, 2, 0);
	mapb_add(&M, MEMMAP_TYPE_CONVENTIONAL, MIB(16), UINT64_MAX / 4096, 0);
	mapb_add(&M, MEMMAP_TYPE_CONVENTIONAL, MIB(16) + 1, 4096, 0);   /* unaligned */
	k = kmap(&M);
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, 0), KPLACE_NONE);
	mapb_init(&M, 40);
	mapb_ram(&M, MIB(16), MIB(64));
	k = kmap(&M);
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, UINT64_MAX), KPLACE_NONE);
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, MIB(64)), KPLACE_NONE);
	ASSERT_TRUE(!kplace_fits(&k, KERNEL_SPAN, KERNEL_SPAN, MIB(16)));   /* empty image */
	ASSERT_TRUE(!kplace_fits(&k, 0, KERNEL_SPAN, UINT64_MAX & ~(MIB(2) - 1)));
	ASSERT_EQ(kplace_next(NULL, 0, KERNEL_SPAN, 0), KPLACE_NONE);
	k.desc_size = 32;
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, 0), KPLACE_NONE);
	k.desc_size = 40;
	k.count = 0;
	ASSERT_EQ(kplace_next(&k, 0, KERNEL_SPAN, 0), KPLACE_NONE);
	return 0;
}

/*
 * Random maps below 4 GiB + 64 MiB (pieces of conventional and busy memory,
 * shuffled, sometimes adjacent): kplace_next() equals the first 2 MiB
 * multiple whose image pages are all free by a page-level count.
 */
#define BF_PAGES ((SZ_4G + MIB(64)) / 4096)
static int matches_brute_force(void)
{
	static struct mapb M;
	static uint32_t prefix[BF_PAGES + 1];
	static uint8_t free_pg[BF_PAGES];
	uint64_t seed = 0x6b706c616365ULL;
	int found = 0, moved = 0;

	for (int round = 0; round < 60; round++) {
		struct kplace_map k;
		uint64_t at = MIB(1), lo = (tl_rand(&seed) % 4) * 0x1000 * (round & 1);
		uint64_t span = 0x1000 * (1 + tl_rand(&seed) % 2048), hi = lo + span;
		uint64_t from = (round % 3) ? 0 : tl_rand(&seed) % SZ_4G;
		uint64_t want = KPLACE_NONE, got;
		uint32_t n;

		mapb_init(&M, 40 + 8 * (round % 3));
		memset(free_pg, 0, sizeof(free_pg));
		while (at < SZ_4G + MIB(32) && M.count < 300) {
			uint64_t len = 0x1000 * (1 + tl_rand(&seed) % (round % 2 ? 1024 : 65536));
			bool ram = tl_rand(&seed) % 3 != 0;

			if (at + len > SZ_4G + MIB(64))
				len = SZ_4G + MIB(64) - at;
			mapb_add(&M, ram ? MEMMAP_TYPE_CONVENTIONAL : MEMMAP_TYPE_BS_DATA, at, len / 4096, 0xf);
			if (ram)
				memset(free_pg + at / 4096, 1, len / 4096);
			at += len + 0x1000 * (tl_rand(&seed) % 2);
		}
		/* Shuffle the descriptors. */
		n = M.count;
		for (uint32_t i = n; i > 1; i--) {
			uint32_t j = (uint32_t)(tl_rand(&seed) % i);
			uint8_t tmp[64];

			memcpy(tmp, M.b + (size_t)i * M.desc_size - M.desc_size, M.desc_size);
			memcpy(M.b + (size_t)i * M.desc_size - M.desc_size, M.b + (size_t)j * M.desc_size, M.desc_size);
			memcpy(M.b + (size_t)j * M.desc_size, tmp, M.desc_size);
		}
		prefix[0] = 0;
		for (uint64_t p = 0; p < BF_PAGES; p++)
			prefix[p + 1] = prefix[p] + free_pg[p];
		for (uint64_t b = (from + MIB(2) - 1) & ~(MIB(2) - 1); b + hi <= SZ_4G; b += MIB(2)) {
			uint64_t s = (b + lo) / 4096, e = (b + hi) / 4096;

			if (b + lo >= MIB(16) && prefix[e] - prefix[s] == e - s) {
				want = b;
				break;
			}
		}
		k = kmap(&M);
		got = kplace_next(&k, lo, hi, from);
		if (got != want) {
			fprintf(stderr, "round %d: lo 0x%llx hi 0x%llx from 0x%llx: got 0x%llx want 0x%llx\n",
				round, (unsigned long long)lo, (unsigned long long)hi,
				(unsigned long long)from, (unsigned long long)got, (unsigned long long)want);
			return 1;
		}
		if (got != KPLACE_NONE)
			ASSERT_TRUE(kplace_fits(&k, lo, hi, got));
		found += got != KPLACE_NONE;
		moved += got != KPLACE_NONE && got > ((from + MIB(18) - 1) & ~(MIB(2) - 1));
	}
	/* The maps are varied enough: most rounds find a base, many not the first one. */
	ASSERT_TRUE(found >= 40 && moved >= 10);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case tcases[] = {
		TL_CASE(preferred_and_lowest),
		TL_CASE(taken_64m_moves_the_kernel),
		TL_CASE(adjacent_descriptors_and_holes),
		TL_CASE(only_free_general_ram),
		TL_CASE(window_16m_to_4g),
		TL_CASE(hostile_maps_find_nothing),
		TL_CASE(matches_brute_force),
	};

	return tl_main(tcases, sizeof(tcases) / sizeof(tcases[0]), argc, argv);
}

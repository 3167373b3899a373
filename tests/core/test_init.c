// SPDX-License-Identifier: MIT
/* test_init.c - bootmem_init(), bootmem_arena_bytes(), bootmem_strerror(). */
#include <limits.h>

#include "testlib.h"

#define HDR_BYTES sizeof(struct bm_hdr)

/* bootmem_init() and its failure modes ------------------------------------ */

static int init_null_state_is_einval(void)
{
	static uint64_t arena[2048];

	ASSERT_RC(bootmem_init(NULL, arena, sizeof(arena)), BOOTMEM_EINVAL);
	return 0;
}

static int init_null_arena_is_einval(void)
{
	struct bootmem bm;

	memset(&bm, 0x5a, sizeof(bm));
	ASSERT_RC(bootmem_init(&bm, NULL, 1 << 20), BOOTMEM_EINVAL);
	/* EINVAL comes before ENOMEM: NULL and too small is still EINVAL. */
	ASSERT_RC(bootmem_init(&bm, NULL, 0), BOOTMEM_EINVAL);
	return 0;
}

/* Offsets 1..7 from an 8-aligned base fail; 8 (not 16-aligned) works. */
static int init_misaligned_arena_is_einval_8_aligned_is_enough(void)
{
	size_t size = bootmem_arena_bytes(2, 512);
	unsigned char *raw = malloc(size + 16);
	unsigned char *base;
	struct bootmem bm;
	phys_addr_t a;

	ASSERT_TRUE(raw);
	base = raw + ((8 - ((uintptr_t)raw & 7)) & 7);
	if (((uintptr_t)base & 15) == 0)
		base += 8;              /* 8- but not 16-aligned */
	memset(raw, 0xc3, size + 16);
	for (int off = 1; off < 8; off++)
		ASSERT_RC(bootmem_init(&bm, base + off, size), BOOTMEM_EINVAL);
	ASSERT_OK(bootmem_init(&bm, base, size));
	ASSERT_OK(bootmem_add_block(&bm, 0, 0, 256 * SZ_4K));
	ASSERT_OK(free_bootmem(&bm, 0, 256 * SZ_4K));
	ASSERT_OK(alloc_bootmem(&bm, SZ_4K, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, SZ_4K);
	ASSERT_OK(bootmem_check(&bm));
	free(raw);
	return 0;
}

/* A failing init on a live state changes neither the state nor its arena. */
static int init_failure_leaves_live_state_untouched(void)
{
	struct tl_env e;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, SZ_1M, 2 * SZ_1M))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_init(&e.bm, e.arena + 4, e.arena_size - 8), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_init(&e.bm, NULL, e.arena_size), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_init(&e.bm, e.arena, HDR_BYTES - 1), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, bootmem_init(&e.bm, e.arena, 0), BOOTMEM_ENOMEM);
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 256, 1, 1);
	tl_fini(&e);
	return 0;
}

static int init_arena_below_header_is_enomem(void)
{
	unsigned char *arena = malloc(HDR_BYTES);
	struct bootmem bm;

	ASSERT_TRUE(arena);
	ASSERT_RC(bootmem_init(&bm, arena, 0), BOOTMEM_ENOMEM);
	ASSERT_RC(bootmem_init(&bm, arena, 8), BOOTMEM_ENOMEM);
	ASSERT_RC(bootmem_init(&bm, arena, HDR_BYTES - 1), BOOTMEM_ENOMEM);
	free(arena);
	return 0;
}

/* Exactly the header: init works, the first block runs out of arena. */
static int init_arena_of_header_only_then_add_block_is_enomem(void)
{
	struct tl_env e;

	if (tl_init(&e, HDR_BYTES))
		return 1;
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 0, 0, 0, 0);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 0, SZ_4K), BOOTMEM_ENOMEM);
	/* EEXIST/EINVAL still win over ENOMEM. */
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 1, SZ_4K), BOOTMEM_EINVAL);
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

/* Garbage in both state and arena: init yields an empty, working allocator. */
static int init_on_garbage_gives_empty_allocator(void)
{
	static const int fill[] = { 0x00, 0xff, 0xa5, 0x5a };

	for (size_t f = 0; f < sizeof(fill) / sizeof(fill[0]); f++) {
		size_t size = bootmem_arena_bytes(4, 1024);
		unsigned char *arena = malloc(size);
		struct bootmem bm;
		struct bootmem_stats st;
		phys_addr_t a = 0;

		ASSERT_TRUE(arena);
		memset(arena, fill[f], size);
		memset(&bm, fill[f], sizeof(bm));
		ASSERT_OK(bootmem_init(&bm, arena, size));
		ASSERT_OK(bootmem_check(&bm));
		memset(&st, 0xee, sizeof(st));
		ASSERT_OK(bootmem_stats(&bm, -1, &st));
		ASSERT_EQ(st.total_pages, 0);
		ASSERT_EQ(st.free_pages, 0);
		ASSERT_EQ(st.reserved_pages, 0);
		ASSERT_EQ(st.nr_blocks, 0);
		ASSERT_EQ(st.nr_nodes, 0);
		for (int nid = 0; nid < BOOTMEM_MAX_NODES; nid += 73) {
			memset(&st, 0xee, sizeof(st));
			ASSERT_OK(bootmem_stats(&bm, nid, &st));
			ASSERT_EQ(st.total_pages + st.free_pages + st.nr_blocks + st.nr_nodes, 0);
		}
		ASSERT_RC(bootmem_page_is_free(&bm, 0), BOOTMEM_EFAULT);
		ASSERT_RC(alloc_bootmem(&bm, SZ_4K, 0, 0, 0, &a), BOOTMEM_ENOMEM);
		ASSERT_RC(alloc_bootmem_node(&bm, 3, SZ_4K, 0, 0, 0, &a), BOOTMEM_ENOMEM);
		ASSERT_RC(free_bootmem(&bm, 0, SZ_4K), BOOTMEM_EFAULT);
		ASSERT_OK(bootmem_add_block(&bm, 3, 0, 1024 * SZ_4K));
		ASSERT_OK(bootmem_check(&bm));
		free(arena);
	}
	return 0;
}

/* Re-init of a used state with its own arena forgets every block. */
static int reinit_forgets_blocks_and_allocations(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 2, 0, SZ_16M))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_1M, SZ_1M, 0, 0, &a));
	ASSERT_EQ(a, SZ_1M);
	ASSERT_OK(bootmem_init(&e.bm, e.arena, e.arena_size));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 0, 0, 0, 0);
	ASSERT_STATS(&e, 2, 0, 0, 0, 0);
	ASSERT_RC(bootmem_page_is_free(&e.bm, SZ_1M), BOOTMEM_EFAULT);
	/* The same range can be registered again, by another node even. */
	ASSERT_OK(bootmem_add_block(&e.bm, 5, 0, SZ_16M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(SZ_16M), 0, 1, 1);
	ASSERT_STATS(&e, 2, 0, 0, 0, 0);
	ASSERT_STATS(&e, 5, PAGES(SZ_16M), 0, 1, 1);
	tl_fini(&e);
	return 0;
}

/* After free_all_bootmem (ESTATE everywhere), init makes it live again. */
static int reinit_after_free_all_makes_state_live(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, 0, SZ_1M))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, tl_record_run, &r), 256);
	ASSERT_RC(bootmem_add_block(&e.bm, 0, SZ_2M, 2 * SZ_2M), BOOTMEM_ESTATE);
	ASSERT_OK(bootmem_init(&e.bm, e.arena, e.arena_size));
	if (tl_add_free(&e, 0, SZ_2M, 2 * SZ_2M))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_4K, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, SZ_2M);
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 512, 511, 1, 1);
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* bootmem_arena_bytes(): sufficiency ------------------------------------- */

struct lay_block {
	int nid;
	uint64_t start_pfn, npages;
};

/* Add @n blocks in the order given by @perm into an arena of exactly
 * bootmem_arena_bytes(n, total) bytes; every add must succeed. */
static int add_all_in_exact_arena(const struct lay_block *b, size_t n, const size_t *perm,
				  uint32_t nr_nodes)
{
	struct tl_env e;
	uint64_t total = 0;

	for (size_t i = 0; i < n; i++)
		total += b[i].npages;
	if (tl_init(&e, bootmem_arena_bytes((uint32_t)n, total)))
		return 1;
	for (size_t i = 0; i < n; i++) {
		const struct lay_block *x = &b[perm[i]];

		ASSERT_OK(bootmem_add_block(&e.bm, x->nid, x->start_pfn * SZ_4K,
					    (x->start_pfn + x->npages) * SZ_4K));
	}
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, total, 0, n, nr_nodes);
	tl_fini(&e);
	return 0;
}

static void perm_identity(size_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = i;
}

static void perm_reverse(size_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = n - 1 - i;
}

static void perm_shuffle(size_t *p, size_t n, uint64_t *seed)
{
	perm_identity(p, n);
	for (size_t i = n; i > 1; i--) {
		size_t j = tl_rand(seed) % i, t = p[i - 1];

		p[i - 1] = p[j];
		p[j] = t;
	}
}

/*
 * The worst case for bitmap words: blocks of 64q+2 pages starting one page
 * before a 64-page boundary (q+2 words each), two alternating nodes so that
 * blocks may be close. Ascending, descending and shuffled orders.
 */
static int arena_bytes_suffices_for_worst_case_geometry(void)
{
	static const uint64_t q[] = { 0, 1, 2, 63, 64, 127, 128, 4095, 4096, 4097, 8191 };
	struct lay_block b[31];
	size_t perm[31];
	uint64_t pfn = 63, seed = 0x1234;

	for (size_t i = 0; i < 31; i++) {
		b[i].nid = (int)(i & 1);
		b[i].start_pfn = pfn;
		b[i].npages = 64 * q[i % 11] + 2;
		/* next start: again 63 mod 64, at least one page gap */
		pfn = ((b[i].start_pfn + b[i].npages + 64) & ~63ULL) + 63;
	}
	perm_identity(perm, 31);
	if (add_all_in_exact_arena(b, 31, perm, 2))
		return 1;
	perm_reverse(perm, 31);
	if (add_all_in_exact_arena(b, 31, perm, 2))
		return 1;
	for (int round = 0; round < 4; round++) {
		perm_shuffle(perm, 31, &seed);
		if (add_all_in_exact_arena(b, 31, perm, 2))
			return 1;
	}
	return 0;
}

/* Random sizes and odd alignments, contiguous where nodes differ. */
static int arena_bytes_suffices_for_random_layouts(void)
{
	uint64_t seed = 0x9e3779b97f4a7c15ULL;

	for (int round = 0; round < 40; round++) {
		struct lay_block b[64];
		size_t perm[64];
		size_t n = 1 + tl_rand(&seed) % 64;
		uint64_t pfn = tl_rand(&seed) % 200;

		for (size_t i = 0; i < n; i++) {
			uint64_t kind = tl_rand(&seed) % 4;

			b[i].nid = (int)i;  /* distinct nodes: contiguity allowed */
			b[i].start_pfn = pfn;
			b[i].npages = kind == 0 ? 1 + tl_rand(&seed) % 3 :
				      kind == 1 ? 1 + tl_rand(&seed) % 130 :
				      kind == 2 ? 1 + tl_rand(&seed) % 5000 :
						  1 + tl_rand(&seed) % 70000;
			pfn += b[i].npages + (tl_rand(&seed) % 3 == 0 ? 0 : tl_rand(&seed) % 100);
		}
		perm_shuffle(perm, n, &seed);
		if (add_all_in_exact_arena(b, n, perm, (uint32_t)n))
			return 1;
	}
	return 0;
}

/* Many one-page blocks: 1000 of them, contiguous, alternating nodes. */
static int arena_bytes_suffices_for_1000_one_page_blocks(void)
{
	static struct lay_block b[1000];
	static size_t perm[1000];
	uint64_t seed = 77;

	for (size_t i = 0; i < 1000; i++) {
		b[i].nid = (int)(i & 1);
		b[i].start_pfn = 63 + i;
		b[i].npages = 1;
	}
	perm_reverse(perm, 1000);
	if (add_all_in_exact_arena(b, 1000, perm, 2))
		return 1;
	perm_shuffle(perm, 1000, &seed);
	return add_all_in_exact_arena(b, 1000, perm, 2);
}

/*
 * An arena sized for B blocks runs out if blocks keep coming: some later
 * add_block returns ENOMEM, and that failure changes nothing.
 */
static int arena_for_b_blocks_eventually_enomem_cleanly(void)
{
	struct tl_env e;
	uint64_t pfn = 1000;
	int i, rc = 0;

	if (tl_init(&e, bootmem_arena_bytes(8, 8 * 100)))
		return 1;
	for (i = 0; i < 8; i++)
		ASSERT_OK(bootmem_add_block(&e.bm, 0, (pfn + 200 * i) * SZ_4K,
					    (pfn + 200 * i + 100) * SZ_4K));
	CHECK(&e.bm);
	for (i = 8; i < 200; i++) {
		uint64_t s = (pfn + 200 * i) * SZ_4K;
		struct tl_snap snap;

		tl_snap_take(&e, &snap);
		rc = bootmem_add_block(&e.bm, 0, s, s + 100 * SZ_4K);
		if (rc) {
			int same = tl_snap_same(&e, &snap);

			tl_snap_free(&snap);
			ASSERT_RC(rc, BOOTMEM_ENOMEM);
			ASSERT_TRUE(same);
			break;
		}
		tl_snap_free(&snap);
	}
	ASSERT_RC(rc, BOOTMEM_ENOMEM);
	ASSERT_TRUE(i < 200);
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 100ULL * i, 0, i, 1);
	tl_fini(&e);
	return 0;
}

/*
 * White-box exactness: one block needs the header, its map and one table
 * entry. That many bytes work; one byte less is ENOMEM (the arena size is
 * used rounded down to 8).
 */
static int arena_exact_for_one_block_and_one_byte_less(void)
{
	/* 100 pages from pfn 60: base 0, words ceil(160/64) = 3 */
	size_t need = HDR_BYTES + bm_map_bytes(3) + sizeof(struct bm_block);
	struct tl_env e;

	if (tl_init(&e, need))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 60 * SZ_4K, 160 * SZ_4K));
	CHECK(&e.bm);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 1, 160 * SZ_4K, 161 * SZ_4K),
			   BOOTMEM_ENOMEM);
	tl_fini(&e);

	if (tl_init(&e, need - 1))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 60 * SZ_4K, 160 * SZ_4K),
			   BOOTMEM_ENOMEM);
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 0, 0, 0, 0);
	tl_fini(&e);
	return 0;
}

static int arena_bytes_is_monotonic_and_covers_header(void)
{
	ASSERT_TRUE(bootmem_arena_bytes(0, 0) >= HDR_BYTES);
	ASSERT_TRUE(bootmem_arena_bytes(1, 1) > bootmem_arena_bytes(0, 0));
	ASSERT_TRUE(bootmem_arena_bytes(2, 1000) >= bootmem_arena_bytes(1, 1000));
	ASSERT_TRUE(bootmem_arena_bytes(2, 1 << 20) > bootmem_arena_bytes(2, 1 << 10));
	/* 1 TiB of pages: bitmap alone is 2^28 / 8 bytes. */
	ASSERT_TRUE(bootmem_arena_bytes(32, PAGES(1ULL << 40)) >= (1ULL << 28) / 8);
	/* The header says: SIZE_MAX when the bound does not fit. */
	ASSERT_EQ(bootmem_arena_bytes(1, UINT64_MAX), SIZE_MAX);
	return 0;
}

/* Zero blocks: arena_bytes(0, 0) is a valid arena. */
static int arena_bytes_for_zero_blocks_inits(void)
{
	struct tl_env e;

	if (tl_init(&e, bootmem_arena_bytes(0, 0)))
		return 1;
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 0, 0, 0, 0);
	tl_fini(&e);
	return 0;
}

/* bootmem_strerror() ----------------------------------------------------- */

static int strerror_names_every_code(void)
{
	static const struct { int code; const char *name; } codes[] = {
		{ BOOTMEM_EINVAL, "EINVAL" }, { BOOTMEM_ENOMEM, "ENOMEM" },
		{ BOOTMEM_EFAULT, "EFAULT" }, { BOOTMEM_EBUSY, "EBUSY" },
		{ BOOTMEM_EEXIST, "EEXIST" }, { BOOTMEM_EALREADY, "EALREADY" },
		{ BOOTMEM_ESTATE, "ESTATE" },
	};
	const size_t n = sizeof(codes) / sizeof(codes[0]);

	for (size_t i = 0; i < n; i++) {
		const char *s = bootmem_strerror(codes[i].code);

		ASSERT_TRUE(s != NULL);
		ASSERT_TRUE(strcmp(s, "unknown error") != 0);
		ASSERT_TRUE(strstr(s, codes[i].name) != NULL);
		for (size_t j = 0; j < i; j++)
			ASSERT_TRUE(strcmp(s, bootmem_strerror(codes[j].code)) != 0);
	}
	/* 0 is a known value too (header: "a BOOTMEM_E* code (or 0)"). */
	ASSERT_TRUE(bootmem_strerror(0) != NULL);
	ASSERT_TRUE(strcmp(bootmem_strerror(0), "unknown error") != 0);
	return 0;
}

static int strerror_unknown_code_is_unknown_error(void)
{
	static const int bad[] = { 1, 2, 7, -8, -9, -100, INT_MIN, INT_MAX };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_TRUE(bootmem_strerror(bad[i]) != NULL);
		ASSERT_EQ(strcmp(bootmem_strerror(bad[i]), "unknown error"), 0);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(init_null_state_is_einval),
		TL_CASE(init_null_arena_is_einval),
		TL_CASE(init_misaligned_arena_is_einval_8_aligned_is_enough),
		TL_CASE(init_failure_leaves_live_state_untouched),
		TL_CASE(init_arena_below_header_is_enomem),
		TL_CASE(init_arena_of_header_only_then_add_block_is_enomem),
		TL_CASE(init_on_garbage_gives_empty_allocator),
		TL_CASE(reinit_forgets_blocks_and_allocations),
		TL_CASE(reinit_after_free_all_makes_state_live),
		TL_CASE(arena_bytes_suffices_for_worst_case_geometry),
		TL_CASE(arena_bytes_suffices_for_random_layouts),
		TL_CASE(arena_bytes_suffices_for_1000_one_page_blocks),
		TL_CASE(arena_for_b_blocks_eventually_enomem_cleanly),
		TL_CASE(arena_exact_for_one_block_and_one_byte_less),
		TL_CASE(arena_bytes_is_monotonic_and_covers_header),
		TL_CASE(arena_bytes_for_zero_blocks_inits),
		TL_CASE(strerror_names_every_code),
		TL_CASE(strerror_unknown_code_is_unknown_error),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

// SPDX-License-Identifier: MIT
/* test_alloc.c - alloc_bootmem(): lowest fit, goal, limit, align, errors. */
#include "testlib.h"


/*
 * n0 [0, 1M) with free pages [10,12) [20,23) [60,131) [200,256): the long
 * run crosses two 64-page words.
 */
static int setup_fragmented(struct tl_env *e)
{
	if (tl_init(e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e->bm, 0, 0, SZ_1M));
	ASSERT_OK(free_bootmem(&e->bm, PG(10), PG(2)));
	ASSERT_OK(free_bootmem(&e->bm, PG(20), PG(3)));
	ASSERT_OK(free_bootmem(&e->bm, PG(60), PG(71)));
	ASSERT_OK(free_bootmem(&e->bm, PG(200), PG(56)));
	CHECK(&e->bm);
	ASSERT_STATS(e, -1, 256, 2 + 3 + 71 + 56, 1, 1);
	return 0;
}

/* The allocated range is reserved, its neighbours untouched. */
static int expect_taken(struct tl_env *e, phys_addr_t a, uint64_t size, uint64_t free_before)
{
	uint64_t pages = (size + SZ_4K - 1) / SZ_4K;

	CHECK(&e->bm);
	ASSERT_EQ(tl_free_pages(e, -1), free_before - pages);
	ASSERT_EQ(bootmem_page_is_free(&e->bm, a), 0);
	ASSERT_EQ(bootmem_page_is_free(&e->bm, a + size - 1), 0);
	ASSERT_EQ(tl_count_free(e, a & ~(SZ_4K - 1), a + size), 0);
	return 0;
}

/* Page 0 ----------------------------------------------------------------- */

static int alloc_never_returns_page_0_even_when_free(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, PG(1), SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, PG(1));
	if (expect_taken(&e, a, PG(1), 256))
		return 1;
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 0), 1);
	ASSERT_OK(alloc_bootmem(&e.bm, PG(254), SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, PG(2));
	/* Only page 0 is left. */
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, PG(1), SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, 64, 0, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, PG(1), SZ_4K, 0, PG(1), &a), BOOTMEM_ENOMEM);
	ASSERT_STATS(&e, -1, 256, 1, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Lowest fit in a fragmented map ------------------------------------------ */

struct frag_case {
	uint64_t npages, align, goal, limit;
	int64_t want_page;           /* -1: ENOMEM */
};

static int run_frag_cases(const struct frag_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct tl_env e;
		phys_addr_t a = 0;
		int rc;

		if (setup_fragmented(&e))
			return 1;
		if (c[i].want_page < 0) {
			ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, PG(c[i].npages), c[i].align, c[i].goal,
							     c[i].limit, &a), BOOTMEM_ENOMEM);
			tl_fini(&e);
			continue;
		}
		rc = alloc_bootmem(&e.bm, PG(c[i].npages), c[i].align, c[i].goal, c[i].limit, &a);
		if (rc || a != PG(c[i].want_page)) {
			fprintf(stderr, "case %zu: npages %" PRIu64 " align 0x%" PRIx64 " goal 0x%" PRIx64
				" limit 0x%" PRIx64 ": rc %d addr 0x%" PRIx64 ", expected page %" PRId64 "\n",
				i, c[i].npages, c[i].align, c[i].goal, c[i].limit, rc, a, c[i].want_page);
			return 1;
		}
		if (expect_taken(&e, a, PG(c[i].npages), 132))
			return 1;
		tl_fini(&e);
	}
	return 0;
}

static int alloc_lowest_fit_in_fragmented_map(void)
{
	static const struct frag_case c[] = {
		{ 1, SZ_4K, 0, 0, 10 },
		{ 2, SZ_4K, 0, 0, 10 },
		{ 3, SZ_4K, 0, 0, 20 },
		{ 4, SZ_4K, 0, 0, 60 },
		{ 56, SZ_4K, 0, 0, 60 },
		{ 71, SZ_4K, 0, 0, 60 },     /* the whole run over three words */
		{ 72, SZ_4K, 0, 0, -1 },
		{ 200, SZ_4K, 0, 0, -1 },
	};

	return run_frag_cases(c, sizeof(c) / sizeof(c[0]));
}

static int alloc_alignment_in_fragmented_map(void)
{
	static const struct frag_case c[] = {
		{ 2, PG(2), 0, 0, 10 },
		{ 3, PG(2), 0, 0, 20 },
		{ 2, PG(4), 0, 0, 20 },
		{ 4, PG(4), 0, 0, 60 },
		{ 8, PG(8), 0, 0, 64 },
		{ 1, PG(64), 0, 0, 64 },
		{ 64, PG(64), 0, 0, 64 },
		{ 67, PG(64), 0, 0, 64 },
		{ 68, PG(64), 0, 0, -1 },
		{ 1, PG(128), 0, 0, 128 },
		{ 3, PG(128), 0, 0, 128 },
		{ 4, PG(128), 0, 0, -1 },
		{ 1, PG(256), 0, 0, -1 },    /* only page 0 qualifies, and it is reserved */
		{ 8, PG(32), 0, 0, 64 },
		{ 32, PG(32), 0, 0, 64 },
		{ 32, PG(8), 0, 0, 64 },
		{ 56, PG(8), 0, 0, 64 },
		{ 56, PG(8), PG(65), 0, 72 },
		{ 71, PG(4), 0, 0, 60 },
		{ 71, PG(8), 0, 0, -1 },
		{ 56, PG(128), 0, 0, -1 },
	};

	return run_frag_cases(c, sizeof(c) / sizeof(c[0]));
}

static int alloc_goal_in_fragmented_map(void)
{
	static const struct frag_case c[] = {
		{ 1, SZ_4K, PG(11), 0, 11 },
		{ 1, SZ_4K, PG(12), 0, 20 },
		{ 60, SZ_4K, PG(61), 0, 61 },
		{ 60, SZ_4K, PG(71), 0, 71 },     /* ends exactly at 131 */
		{ 60, SZ_4K, PG(72), 0, 60 },     /* nothing >= goal: step 2, lowest */
		{ 1, SZ_4K, PG(131), 0, 200 },
		{ 1, SZ_4K, PG(255), 0, 255 },
		{ 1, SZ_4K, PG(256), 0, 10 },     /* goal past all memory */
		{ 1, SZ_4K, PG(100) + 1, 0, 101 },  /* unaligned goal rounds up */
		{ 1, SZ_4K, PG(101) - 1, 0, 101 },
		{ 4, PG(4), PG(61), 0, 64 },
		{ 1, SZ_4K, UINT64_MAX, 0, 10 },
	};

	return run_frag_cases(c, sizeof(c) / sizeof(c[0]));
}

/* limit bounds the end: addr + size <= limit. */
static int alloc_limit_bounds_end_in_fragmented_map(void)
{
	static const struct frag_case c[] = {
		{ 10, SZ_4K, PG(100), PG(110), 100 },
		{ 10, SZ_4K, PG(100), PG(110) + 1, 100 },
		{ 10, SZ_4K, PG(100), PG(110) - 1, 60 },    /* step 1 empty: step 2 ignores goal */
		{ 10, SZ_4K, PG(100), PG(109), 60 },
		{ 1, SZ_4K, 0, PG(11), 10 },
		{ 2, SZ_4K, 0, PG(12), 10 },
		{ 3, SZ_4K, PG(12), PG(23), 20 },
		{ 3, SZ_4K, PG(12), PG(23) - 1, 20 },       /* step 2 */
		{ 4, SZ_4K, PG(12), PG(64), 60 },
		{ 4, SZ_4K, PG(100), PG(64), 60 },          /* limit below goal */
		{ 1, SZ_4K, PG(200), PG(200), 10 },         /* limit == goal */
		{ 1, SZ_4K, PG(200), PG(201), 200 },
		{ 56, SZ_4K, PG(131), PG(256), 200 },
		{ 56, SZ_4K, PG(131), PG(255), 60 },
		{ 1, SZ_4K, 0, 1, 10 },                     /* limit below page 1 */
		{ 1, SZ_4K, UINT64_MAX, UINT64_MAX, 10 },
		{ 1, SZ_4K, PG(30), UINT64_MAX, 60 },
	};

	return run_frag_cases(c, sizeof(c) / sizeof(c[0]));
}

/* Step 2 ignores the limit: the only fit is above it. */
static int alloc_step2_ignores_limit_above_only_fit(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, 8 * SZ_1M, 9 * SZ_1M))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, PG(4), SZ_4K, 0, SZ_1M, &a));
	ASSERT_EQ(a, 8 * SZ_1M);
	if (expect_taken(&e, a, PG(4), 256))
		return 1;
	tl_fini(&e);
	return 0;
}

/*
 * A candidate run that fails at a reserved page: the next candidate is the
 * page right after it, both when the run crosses a bitmap word and when it
 * starts in an all-free region.
 */
static int alloc_restarts_right_after_reserved_page(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, 0, 3 * SZ_16M))        /* pages 0..12287 */
		return 1;
	ASSERT_OK(reserve_bootmem(&e.bm, 0, PG(60), BOOTMEM_DEFAULT));
	ASSERT_OK(reserve_bootmem(&e.bm, PG(64), PG(1), BOOTMEM_DEFAULT));   /* free 60..63, 65.. */
	ASSERT_OK(reserve_bootmem(&e.bm, PG(8192), PG(1), BOOTMEM_DEFAULT));
	CHECK(&e.bm);
	/* Word-crossing candidate 60 fails at 64. */
	ASSERT_OK(alloc_bootmem(&e.bm, PG(10), SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, PG(65));
	/* Candidate 8000 in an all-free region fails at 8192. */
	ASSERT_OK(alloc_bootmem(&e.bm, PG(200), SZ_4K, PG(8000), 0, &a));
	ASSERT_EQ(a, PG(8193));
	ASSERT_OK(alloc_bootmem(&e.bm, PG(192), SZ_4K, PG(8000), 0, &a));
	ASSERT_EQ(a, PG(8000));
	ASSERT_OK(alloc_bootmem(&e.bm, PG(4), SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, PG(60));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 12288, 12288 - 60 - 2 - 10 - 200 - 192 - 4, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Goal in a hole: the first block above it. */
static int alloc_goal_in_hole_takes_next_block(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, 0, SZ_1M) || tl_add_free(&e, 0, 4 * SZ_1M, 5 * SZ_1M) ||
	    tl_add_free(&e, 1, 8 * SZ_1M, 9 * SZ_1M))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_64K, SZ_64K, 2 * SZ_1M, 0, &a));
	ASSERT_EQ(a, 4 * SZ_1M);
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_64K, SZ_64K, 6 * SZ_1M, 0, &a));
	ASSERT_EQ(a, 8 * SZ_1M);
	/* Step 1 may cross to another node: node 0 is full above the goal. */
	ASSERT_OK(reserve_bootmem(&e.bm, 4 * SZ_1M, SZ_1M, BOOTMEM_DEFAULT));
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_64K, SZ_64K, 4 * SZ_1M, 0, &a));
	ASSERT_EQ(a, 8 * SZ_1M + SZ_64K);
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 512, 256, 2, 1);
	ASSERT_STATS(&e, 1, 256, 256 - 32, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Align ------------------------------------------------------------------ */

/* align 0 is 64: two small allocations pack 64 bytes apart. */
static int alloc_align_0_means_64(void)
{
	struct tl_env e;
	phys_addr_t a, b, c;

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, 10, 0, 0, 0, &a));
	ASSERT_EQ(a, PG(1));
	ASSERT_OK(alloc_bootmem(&e.bm, 10, 0, 0, 0, &b));
	ASSERT_EQ(b, PG(1) + 64);
	ASSERT_OK(alloc_bootmem(&e.bm, 65, 0, 0, 0, &c));
	ASSERT_EQ(c, PG(1) + 128);
	ASSERT_OK(alloc_bootmem(&e.bm, 1, 0, 0, 0, &c));
	ASSERT_EQ(c, PG(1) + 256);
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 255, 1, 1);
	tl_fini(&e);
	return 0;
}

static int alloc_align_not_power_of_two_is_einval(void)
{
	static const uint64_t bad[] = { 3, 48, 100, SZ_4K + 1, 3 * SZ_4K, (1ULL << 63) + 1,
					UINT64_MAX };
	struct tl_env e;
	phys_addr_t a = 0x1234;

	if (tl_one_free_block(&e))
		return 1;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, SZ_4K, bad[i], 0, 0, &a), BOOTMEM_EINVAL);
		ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, 8, bad[i], 0, 0, &a), BOOTMEM_EINVAL);
	}
	ASSERT_EQ(a, 0x1234);
	tl_fini(&e);
	return 0;
}

/* Every power of two is valid, 1 up to 2^63. */
static int alloc_huge_alignments(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, SZ_1M, 2 * SZ_1M) ||
	    tl_add_free(&e, 1, 1ULL << 40, (1ULL << 40) + SZ_1M) ||
	    tl_add_free(&e, 2, 1ULL << 63, (1ULL << 63) + SZ_1M))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_4K, 1, 0, 0, &a));
	ASSERT_EQ(a, SZ_1M);
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_4K, SZ_1M, 0, 0, &a));
	ASSERT_EQ(a, 1ULL << 40);
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_4K, 1ULL << 40, 0, 0, &a));
	ASSERT_EQ(a, 1ULL << 63);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, SZ_4K, 1ULL << 41, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, SZ_4K, 1ULL << 63, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, SZ_4K, 1ULL << 39, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_4K, SZ_64K, 1ULL << 62, 0, &a));
	ASSERT_EQ(a, (1ULL << 63) + SZ_64K);
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 768, 764, 3, 3);
	tl_fini(&e);
	return 0;
}

static int alloc_align_2_63_at_2_63(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, SZ_1M, 2 * SZ_1M) ||
	    tl_add_free(&e, 1, 1ULL << 63, (1ULL << 63) + SZ_1M))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_1M, 1ULL << 63, 0, 0, &a));
	ASSERT_EQ(a, 1ULL << 63);
	CHECK(&e.bm);
	ASSERT_STATS(&e, 1, 256, 0, 1, 1);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, 1, 1ULL << 63, 0, 0, &a), BOOTMEM_ENOMEM);
	tl_fini(&e);
	return 0;
}

/* Size ------------------------------------------------------------------- */

static int alloc_size_0_is_einval(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, 0, SZ_4K, 0, 0, &a), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, 0, 0, PG(9), PG(5), &a), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, 0, 3, 0, 0, &a), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

static int alloc_null_out_is_einval(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, SZ_4K, SZ_4K, 0, 0, NULL), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

/* A size whose page round-up wraps is EINVAL; merely too large is ENOMEM. */
static int alloc_size_rounding_past_2_64_is_einval(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, UINT64_MAX, 0, 0, 0, &a), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, UINT64_MAX - SZ_4K + 2, SZ_4K, 0, 0, &a),
			   BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, UINT64_MAX - SZ_4K + 1, SZ_4K, 0, 0, &a),
			   BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, 1ULL << 63, SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, 1ULL << 63, 1ULL << 63, 1ULL << 63, 0, &a),
			   BOOTMEM_ENOMEM);
	tl_fini(&e);
	return 0;
}

static int alloc_larger_than_any_free_run_is_enomem(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_one_free_block(&e))
		return 1;
	/* 256 pages free, but page 0 is never used. */
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, SZ_1M, SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, SZ_1M - SZ_4K + 1, 1, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_1M - SZ_4K, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, PG(1));
	if (expect_taken(&e, a, SZ_1M - SZ_4K, 256))
		return 1;
	tl_fini(&e);
	return 0;
}

/* Free memory is plentiful in total, but no single run fits. */
static int alloc_enomem_in_fragmented_map_is_clean(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 0, SZ_1M));
	for (int p = 1; p < 256; p += 2)
		ASSERT_OK(free_bootmem(&e.bm, PG(p), PG(1)));
	CHECK(&e.bm);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, PG(2), SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, PG(1), PG(2), 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, PG(1) + 1, 64, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_OK(alloc_bootmem(&e.bm, PG(1), SZ_4K, PG(100), 0, &a));
	ASSERT_EQ(a, PG(101));
	if (expect_taken(&e, a, PG(1), 128))
		return 1;
	tl_fini(&e);
	return 0;
}

/* A size that is not a page multiple takes whole pages. */
static int alloc_partial_page_size_takes_whole_pages(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, PG(2) + 1, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, PG(1));
	if (expect_taken(&e, a, PG(3), 256))
		return 1;
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(4)), 1);
	tl_fini(&e);
	return 0;
}

/* Block boundaries -------------------------------------------------------- */

/* Two contiguous blocks: a two-page request never straddles the join. */
static int alloc_never_crosses_contiguous_block_join(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 0, SZ_1M));
	ASSERT_OK(bootmem_add_block(&e.bm, 1, SZ_1M, 2 * SZ_1M));
	/* Only the two pages around the join are free. */
	ASSERT_OK(free_bootmem(&e.bm, SZ_1M - PG(1), PG(2)));
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, PG(2), SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, PG(1) + 1, 1, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, PG(2), SZ_4K, SZ_1M - PG(1), SZ_1M + PG(1), &a),
			   BOOTMEM_ENOMEM);
	/* With the rest of block 1 free it goes right above the join. */
	ASSERT_OK(free_bootmem(&e.bm, SZ_1M + PG(1), SZ_1M - PG(1)));
	ASSERT_OK(alloc_bootmem(&e.bm, PG(2), SZ_4K, SZ_1M - PG(1), 0, &a));
	ASSERT_EQ(a, SZ_1M);
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 256, 1, 1, 1);
	ASSERT_STATS(&e, 1, 256, 254, 1, 1);
	tl_fini(&e);
	return 0;
}

/* The seed layout: a 2G request fits only inside one 2G block. */
static int alloc_seed_layout_whole_blocks(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_seed_layout(&e))
		return 1;
	/* 0-2G has page 0 reserved: the first whole free 2G block is 2G-4G. */
	ASSERT_OK(alloc_bootmem(&e.bm, 2 * SZ_1G, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, 2 * SZ_1G);
	ASSERT_OK(alloc_bootmem(&e.bm, 2 * SZ_1G, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, 4 * SZ_1G);
	ASSERT_OK(alloc_bootmem(&e.bm, 2 * SZ_1G - SZ_4K, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, SZ_4K);
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_1G, SZ_1G, 0, 7 * SZ_1G, &a));   /* ends at the limit */
	ASSERT_EQ(a, 6 * SZ_1G);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, SZ_1G + SZ_4K, SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_1G, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, 7 * SZ_1G);
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(8 * SZ_1G), 0, 4, 2);
	tl_fini(&e);
	return 0;
}

/* Consecutive lowest allocations fill the memory in address order. */
static int alloc_consecutive_lowest_are_adjacent(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, 0, SZ_16M))
		return 1;
	for (uint64_t i = 0; i < 100; i++) {
		ASSERT_OK(alloc_bootmem(&e.bm, PG(3), SZ_4K, 0, 0, &a));
		ASSERT_EQ(a, PG(1 + 3 * i));
	}
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(SZ_16M), PAGES(SZ_16M) - 300, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(300)), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(301)), 1);
	tl_fini(&e);
	return 0;
}

static int alloc_after_free_all_is_estate(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };
	phys_addr_t a = 77;

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 0, tl_record_run, &r), 256);
	ASSERT_EQ(r.n, 256);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, SZ_4K, SZ_4K, 0, 0, &a), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, 0, 3, 0, 0, NULL), BOOTMEM_ESTATE);
	ASSERT_EQ(a, 77);
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(alloc_never_returns_page_0_even_when_free),
		TL_CASE(alloc_lowest_fit_in_fragmented_map),
		TL_CASE(alloc_alignment_in_fragmented_map),
		TL_CASE(alloc_goal_in_fragmented_map),
		TL_CASE(alloc_limit_bounds_end_in_fragmented_map),
		TL_CASE(alloc_step2_ignores_limit_above_only_fit),
		TL_CASE(alloc_restarts_right_after_reserved_page),
		TL_CASE(alloc_goal_in_hole_takes_next_block),
		TL_CASE(alloc_align_0_means_64),
		TL_CASE(alloc_align_not_power_of_two_is_einval),
		TL_CASE(alloc_huge_alignments),
		TL_CASE(alloc_align_2_63_at_2_63),
		TL_CASE(alloc_size_0_is_einval),
		TL_CASE(alloc_null_out_is_einval),
		TL_CASE(alloc_size_rounding_past_2_64_is_einval),
		TL_CASE(alloc_larger_than_any_free_run_is_enomem),
		TL_CASE(alloc_enomem_in_fragmented_map_is_clean),
		TL_CASE(alloc_partial_page_size_takes_whole_pages),
		TL_CASE(alloc_never_crosses_contiguous_block_join),
		TL_CASE(alloc_seed_layout_whole_blocks),
		TL_CASE(alloc_consecutive_lowest_are_adjacent),
		TL_CASE(alloc_after_free_all_is_estate),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

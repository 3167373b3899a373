// SPDX-License-Identifier: MIT
/* test_free_reserve.c - free_bootmem() and reserve_bootmem(). */
#include "testlib.h"

#define TOP   (UINT64_MAX - SZ_4K + 1)      /* 2^64 - 4096, highest page-aligned end */

/* n0 [0, 1M): 256 pages, all reserved. */
static int setup_block(struct tl_env *e)
{
	if (tl_init(e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e->bm, 0, 0, SZ_1M));
	CHECK(&e->bm);
	return 0;
}

/*
 * Contiguous 0-4M over three nodes and four blocks, then a hole, then n2
 * [8M, 9M): n0 [0,1M) n1 [1M,2M) n2 [2M,3M) n0 [3M,4M) | n2 [8M,9M).
 * All reserved.
 */
static int setup_chain(struct tl_env *e)
{
	if (tl_init(e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e->bm, 2, 8 * SZ_1M, 9 * SZ_1M));
	ASSERT_OK(bootmem_add_block(&e->bm, 0, 3 * SZ_1M, 4 * SZ_1M));
	ASSERT_OK(bootmem_add_block(&e->bm, 1, SZ_1M, 2 * SZ_1M));
	ASSERT_OK(bootmem_add_block(&e->bm, 0, 0, SZ_1M));
	ASSERT_OK(bootmem_add_block(&e->bm, 2, 2 * SZ_1M, 3 * SZ_1M));
	CHECK(&e->bm);
	return 0;
}

/* free_bootmem: rounding ------------------------------------------------- */

static int free_whole_block_frees_every_page(void)
{
	struct tl_env e;

	if (setup_block(&e))
		return 1;
	ASSERT_OK(free_bootmem(&e.bm, 0, SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 256, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 0), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1M - 1), 1);
	tl_fini(&e);
	return 0;
}

/* [100, 100 + 3 pages) holds whole pages 1 and 2 only. */
static int free_unaligned_range_frees_pages_fully_inside(void)
{
	struct tl_env e;

	if (setup_block(&e))
		return 1;
	ASSERT_OK(free_bootmem(&e.bm, 100, PG(3)));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 256, 2, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(1) - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(1)), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(3) - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(3)), 0);
	tl_fini(&e);
	return 0;
}

/* End exactly on a page boundary, start one byte past one. */
static int free_rounding_at_exact_boundaries(void)
{
	struct tl_env e;

	if (setup_block(&e))
		return 1;
	ASSERT_OK(free_bootmem(&e.bm, PG(10) + 1, PG(5) - 1));   /* [10P+1, 15P): pages 11..14 */
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 4, 1, 1);
	ASSERT_EQ(tl_count_free(&e, 0, SZ_1M), 4);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(11) - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(11)), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(15) - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(15)), 0);
	tl_fini(&e);
	return 0;
}

/* No whole page inside: success, nothing changes (even on free pages). */
static int free_covering_no_whole_page_is_noop(void)
{
	struct tl_env e;

	if (setup_block(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(1) + 1, PG(1) - 1), 0);   /* [P+1, 2P) */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(1) + 1, PG(2) - 2), 0);   /* [P+1, 3P-1) */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(1) - 100, 200), 0);       /* across a page boundary */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(4), PG(1) - 1), 0);       /* one byte short */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(4), 1), 0);
	ASSERT_OK(free_bootmem(&e.bm, PG(7), PG(1)));
	/* Page 7 is free, but a call acting on no page is not a double free. */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(7) + 1, 100), 0);
	ASSERT_STATS(&e, -1, 256, 1, 1, 1);
	tl_fini(&e);
	return 0;
}

/* ...but every byte must still be managed: EFAULT beats the no-op. */
static int free_no_whole_page_outside_memory_is_efault(void)
{
	struct tl_env e;

	if (setup_block(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, SZ_1M + 10, 10), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, SZ_1M - 10, 20), BOOTMEM_EFAULT);
	tl_fini(&e);
	return 0;
}

/* free_bootmem: EALREADY -------------------------------------------------- */

static int free_twice_is_ealready_and_clean(void)
{
	struct tl_env e;

	if (setup_block(&e))
		return 1;
	ASSERT_OK(free_bootmem(&e.bm, PG(5), PG(1)));
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(5), PG(1)), BOOTMEM_EALREADY);
	/* One free page among reserved ones: nothing else gets freed. */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(4), PG(3)), BOOTMEM_EALREADY);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 0, SZ_1M), BOOTMEM_EALREADY);
	ASSERT_STATS(&e, -1, 256, 1, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(4)), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(6)), 0);
	tl_fini(&e);
	return 0;
}

/* A free page only partly covered by the range is not acted on. */
static int free_ealready_concerns_only_pages_acted_on(void)
{
	struct tl_env e;

	if (setup_block(&e))
		return 1;
	ASSERT_OK(free_bootmem(&e.bm, PG(5), PG(1)));
	ASSERT_OK(free_bootmem(&e.bm, PG(9), PG(1)));
	/* [5P+1, 9P+4095): pages 6, 7, 8 acted on; 5 and 9 only touched. */
	ASSERT_OK(free_bootmem(&e.bm, PG(5) + 1, PG(4) + SZ_4K - 2));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 5, 1, 1);
	ASSERT_EQ(tl_count_free(&e, PG(4), PG(11)), 5);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(4)), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(10)), 0);
	tl_fini(&e);
	return 0;
}

/* A double free in the second of two contiguous blocks: none of it applies. */
static int free_ealready_across_blocks_changes_nothing(void)
{
	struct tl_env e;

	if (setup_chain(&e))
		return 1;
	ASSERT_OK(free_bootmem(&e.bm, SZ_1M + PG(100), PG(1)));
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, SZ_1M / 2, SZ_1M), BOOTMEM_EALREADY);
	ASSERT_STATS(&e, -1, 1280, 1, 5, 3);
	ASSERT_STATS(&e, 0, 512, 0, 2, 1);
	tl_fini(&e);
	return 0;
}

/* reserve_bootmem -------------------------------------------------------- */

/* [4095, 4097) touches pages 0 and 1. */
static int reserve_touched_pages_rounds_outward(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_OK(reserve_bootmem(&e.bm, PG(1) - 1, 2, BOOTMEM_DEFAULT));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 254, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 0), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(2) - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(2)), 1);
	/* A single byte reserves its page. */
	ASSERT_OK(reserve_bootmem(&e.bm, PG(9) + 4095, 1, BOOTMEM_DEFAULT));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 253, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(9)), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(10)), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(9) - 1), 1);
	/* [10P+1, 13P+1) touches pages 10..13. */
	ASSERT_OK(reserve_bootmem(&e.bm, PG(10) + 1, PG(3), BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 249, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(14) - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(14)), 1);
	tl_fini(&e);
	return 0;
}

static int reserve_default_over_reserved_pages_is_ok(void)
{
	struct tl_env e;

	if (setup_block(&e))
		return 1;
	ASSERT_OK(free_bootmem(&e.bm, PG(8), PG(8)));
	ASSERT_OK(reserve_bootmem(&e.bm, 0, PG(10), BOOTMEM_DEFAULT));   /* 0..9: 8 reserved, 2 free */
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 6, 1, 1);
	ASSERT_OK(reserve_bootmem(&e.bm, 0, PG(10), BOOTMEM_DEFAULT));   /* all reserved already */
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 6, 1, 1);
	ASSERT_EQ(tl_count_free(&e, 0, SZ_1M), 6);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(10)), 1);
	tl_fini(&e);
	return 0;
}

static int reserve_exclusive_on_free_pages_is_ok(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_OK(reserve_bootmem(&e.bm, PG(16), PG(16), BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 240, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(16) - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(16)), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(32) - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(32)), 1);
	tl_fini(&e);
	return 0;
}

static int reserve_exclusive_hitting_reserved_page_is_ebusy(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_OK(reserve_bootmem(&e.bm, PG(20), PG(1), BOOTMEM_EXCLUSIVE));
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, PG(10), PG(20), BOOTMEM_EXCLUSIVE), BOOTMEM_EBUSY);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, PG(20), 1, BOOTMEM_EXCLUSIVE), BOOTMEM_EBUSY);
	/* Touching the reserved page by one byte at either end is enough. */
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, PG(21) - 1, PG(4), BOOTMEM_EXCLUSIVE),
			   BOOTMEM_EBUSY);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, PG(16), PG(4) + 1, BOOTMEM_EXCLUSIVE),
			   BOOTMEM_EBUSY);
	/* Right next to it is fine. */
	ASSERT_OK(reserve_bootmem(&e.bm, PG(21), PG(1), BOOTMEM_EXCLUSIVE));
	ASSERT_OK(reserve_bootmem(&e.bm, PG(16), PG(4), BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 250, 1, 1);
	tl_fini(&e);
	return 0;
}

static int reserve_unknown_flags_is_einval(void)
{
	static const unsigned bad[] = { 2, 3, 4, 0x80000000u, ~0u };
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, PG(1), PG(1), bad[i]), BOOTMEM_EINVAL);
		/* EINVAL before EFAULT. */
		ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, 2 * SZ_1M, PG(1), bad[i]), BOOTMEM_EINVAL);
	}
	ASSERT_STATS(&e, -1, 256, 256, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Size, overflow --------------------------------------------------------- */

static int free_and_reserve_size_zero_is_einval(void)
{
	struct tl_env e;

	if (setup_block(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(1), 0), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, PG(1), 0, BOOTMEM_DEFAULT), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 5 * SZ_1M, 0), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

/* addr + size past 2^64 - 1 is EINVAL, before EFAULT. */
static int free_and_reserve_wrapping_range_is_einval(void)
{
	struct tl_env e;

	if (setup_block(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, UINT64_MAX, 1), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, UINT64_MAX - 10, 11), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(1), UINT64_MAX), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(1), UINT64_MAX - PG(1) + 1), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, UINT64_MAX, 1, BOOTMEM_DEFAULT), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, PG(1), UINT64_MAX, BOOTMEM_DEFAULT),
			   BOOTMEM_EINVAL);
	/* Ending exactly at 2^64 - 1 does not wrap: a plain EFAULT. */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, UINT64_MAX - 10, 10), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, PG(1), UINT64_MAX - PG(1)), BOOTMEM_EFAULT);
	/* Merely too large, no wrap even rounded up: EFAULT. */
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, PG(1), UINT64_MAX - PG(3), BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, 0, 1ULL << 63, BOOTMEM_EXCLUSIVE),
			   BOOTMEM_EFAULT);
	tl_fini(&e);
	return 0;
}

/*
 * A reserve whose end only wraps when rounded up to a page is not EINVAL:
 * addr + size and size rounded up do not wrap, so the contract's EINVAL rule
 * does not apply; the last page of the address space is never managed: EFAULT.
 */
static int reserve_end_rounding_past_2_64_is_efault(void)
{
	struct tl_env e;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, TOP - PG(2), TOP));
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, UINT64_MAX - 10, 10, BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, TOP - PG(2), PG(2) + 1, BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, TOP, 1, BOOTMEM_EXCLUSIVE), BOOTMEM_EFAULT);
	/* Up to the last managed byte is fine, and no rounding wraps there. */
	ASSERT_OK(free_bootmem(&e.bm, TOP - PG(2), PG(2)));
	ASSERT_OK(reserve_bootmem(&e.bm, TOP - 1, 1, BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 2, 1, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, TOP - PG(1)), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, TOP - PG(1) - 1), 1);
	/* One byte past the managed end (still no wrap): EFAULT. */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, TOP - PG(2), PG(2) + 1), BOOTMEM_EFAULT);
	tl_fini(&e);
	return 0;
}

/* Holes ------------------------------------------------------------------ */

static int free_and_reserve_over_hole_is_efault(void)
{
	struct tl_env e;

	if (setup_chain(&e))
		return 1;
	/* From n0 [3M,4M) into the hole [4M, 8M). */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 4 * SZ_1M - PG(1), PG(2)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, 4 * SZ_1M - PG(1), PG(2), BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	/* One byte into the hole is enough, even if no page there is acted on. */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 4 * SZ_1M - PG(1), PG(1) + 1), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, 4 * SZ_1M, 1, BOOTMEM_DEFAULT), BOOTMEM_EFAULT);
	/* Starting in the hole, ending in a block. */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 8 * SZ_1M - 1, PG(2)), BOOTMEM_EFAULT);
	/* Spanning the hole from one block to the other. */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 0, 9 * SZ_1M), BOOTMEM_EFAULT);
	/* Entirely past the last block. */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 9 * SZ_1M, PG(1)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, 64 * SZ_1M, PG(1), BOOTMEM_EXCLUSIVE),
			   BOOTMEM_EFAULT);
	ASSERT_STATS(&e, -1, 1280, 0, 5, 3);
	tl_fini(&e);
	return 0;
}

/* A hole of a single page between two blocks is a hole too. */
static int free_and_reserve_over_one_page_hole_is_efault(void)
{
	struct tl_env e;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 0, SZ_1M));
	ASSERT_OK(bootmem_add_block(&e.bm, 1, SZ_1M + PG(1), 2 * SZ_1M));
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 0, 2 * SZ_1M), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, SZ_1M - PG(1), PG(3)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, SZ_1M - 1, PG(1) + 2, BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, SZ_1M, PG(1)), BOOTMEM_EFAULT);
	/* Either side up to the hole is fine. */
	ASSERT_OK(free_bootmem(&e.bm, 0, SZ_1M));
	ASSERT_OK(free_bootmem(&e.bm, SZ_1M + PG(1), SZ_1M - PG(1)));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 511, 511, 2, 2);
	ASSERT_RC(bootmem_page_is_free(&e.bm, SZ_1M), BOOTMEM_EFAULT);
	tl_fini(&e);
	return 0;
}

/* Below the first block (it starts at 1M here). */
static int free_below_first_block_is_efault(void)
{
	struct tl_env e;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, SZ_1M, 2 * SZ_1M));
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 0, PG(1)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, SZ_1M - 1, PG(2)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, SZ_1M - 1, 1, BOOTMEM_DEFAULT), BOOTMEM_EFAULT);
	ASSERT_OK(free_bootmem(&e.bm, SZ_1M, PG(1)));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 1, 1, 1);
	tl_fini(&e);
	return 0;
}

/* A hole is EFAULT even when the acted-on pages would be double frees. */
static int free_hole_beats_ealready(void)
{
	struct tl_env e;

	if (setup_chain(&e))
		return 1;
	ASSERT_OK(free_bootmem(&e.bm, 3 * SZ_1M, SZ_1M));
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 3 * SZ_1M, SZ_1M + 1), BOOTMEM_EFAULT);
	ASSERT_OK(reserve_bootmem(&e.bm, 3 * SZ_1M, SZ_1M, BOOTMEM_DEFAULT));
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, 3 * SZ_1M, SZ_1M + 1, BOOTMEM_EXCLUSIVE),
			   BOOTMEM_EFAULT);
	tl_fini(&e);
	return 0;
}

/* Crossing contiguous blocks ---------------------------------------------- */

/* The seed example: 1536M..3G frees 512M on node 0 and 1G on node 1. */
static int free_seed_example_crosses_two_nodes(void)
{
	struct tl_env e;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 0, 2 * SZ_1G));
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 4 * SZ_1G, 6 * SZ_1G));
	ASSERT_OK(bootmem_add_block(&e.bm, 1, 2 * SZ_1G, 4 * SZ_1G));
	ASSERT_OK(bootmem_add_block(&e.bm, 1, 6 * SZ_1G, 8 * SZ_1G));
	ASSERT_OK(free_bootmem(&e.bm, 1536 * SZ_1M, 1536 * SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(8 * SZ_1G), PAGES(1536 * SZ_1M), 4, 2);
	ASSERT_STATS(&e, 0, PAGES(4 * SZ_1G), PAGES(SZ_512M), 2, 1);
	ASSERT_STATS(&e, 1, PAGES(4 * SZ_1G), PAGES(SZ_1G), 2, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 1536 * SZ_1M - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 1536 * SZ_1M), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 2 * SZ_1G - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 2 * SZ_1G), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 3 * SZ_1G - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 3 * SZ_1G), 0);
	/* And reserve the same range back across the join. */
	ASSERT_OK(reserve_bootmem(&e.bm, 1536 * SZ_1M, 1536 * SZ_1M, BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(8 * SZ_1G), 0, 4, 2);
	tl_fini(&e);
	return 0;
}

/* [512K, 3.5M) crosses four contiguous blocks on three nodes. */
static int free_across_four_blocks_three_nodes(void)
{
	struct tl_env e;

	if (setup_chain(&e))
		return 1;
	ASSERT_OK(free_bootmem(&e.bm, SZ_1M / 2, 3 * SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 1280, 768, 5, 3);
	ASSERT_STATS(&e, 0, 512, 256, 2, 1);
	ASSERT_STATS(&e, 1, 256, 256, 1, 1);
	ASSERT_STATS(&e, 2, 512, 256, 2, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1M / 2 - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1M / 2), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 3 * SZ_1M + SZ_1M / 2 - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 3 * SZ_1M + SZ_1M / 2), 0);
	/* Reserve back an unaligned range touching every join. */
	ASSERT_OK(reserve_bootmem(&e.bm, SZ_1M - 1, 2 * SZ_1M + 2, BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	/* Touched: page 255 of n0, all of n1 and n2's [2M,3M), page 0 of [3M,4M). */
	ASSERT_STATS(&e, 0, 512, 256 - 2, 2, 1);
	ASSERT_STATS(&e, 1, 256, 0, 1, 1);
	ASSERT_STATS(&e, 2, 512, 0, 2, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1M - PG(2)), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1M - PG(1)), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 3 * SZ_1M), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 3 * SZ_1M + PG(1)), 1);
	tl_fini(&e);
	return 0;
}

/* Acted pages all in one block, trailing bytes in the contiguous next one. */
static int free_partial_bytes_into_next_block_is_ok(void)
{
	struct tl_env e;

	if (setup_chain(&e))
		return 1;
	ASSERT_OK(free_bootmem(&e.bm, SZ_1M - PG(1), PG(1) + 100));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 512, 1, 2, 1);
	ASSERT_STATS(&e, 1, 256, 0, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1M), 0);
	tl_fini(&e);
	return 0;
}

/* Gigabytes at once, unaligned to chunks, across blocks. */
static int free_and_reserve_huge_ranges(void)
{
	struct tl_env e;
	const uint64_t G = SZ_1G;

	/* n0 [0, 40G), n1 [40G, 64G), n0 [100G, 164G): 128 GiB. */
	if (tl_init(&e, bootmem_arena_bytes(3, PAGES(128 * G))))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 0, 40 * G));
	ASSERT_OK(bootmem_add_block(&e.bm, 1, 40 * G, 64 * G));
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 100 * G, 164 * G));
	ASSERT_OK(free_bootmem(&e.bm, 0, 64 * G));
	ASSERT_OK(free_bootmem(&e.bm, 100 * G, 64 * G));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(128 * G), PAGES(128 * G), 3, 2);
	/* Reserve 30G + 1 page, unaligned, across the n0/n1 join. */
	ASSERT_OK(reserve_bootmem(&e.bm, 25 * G + 123, 30 * G, BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, PAGES(104 * G), PAGES(104 * G - 15 * G), 2, 1);
	ASSERT_STATS(&e, 1, PAGES(24 * G), PAGES(24 * G - 15 * G) - 1, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 25 * G - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 25 * G), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 55 * G + 122), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 55 * G + PG(1)), 1);
	/* Free it back, rounding inwards: the two edge pages stay reserved. */
	ASSERT_OK(free_bootmem(&e.bm, 25 * G + 123, 30 * G));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(128 * G), PAGES(128 * G) - 2, 3, 2);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 25 * G), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 25 * G + PG(1)), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 55 * G), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 55 * G - 1), 1);
	/* 100 GiB across the hole: EFAULT, and clean. */
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, 10 * G, 100 * G, BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	/* Double free of 64 GiB: EALREADY, clean. */
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 100 * G, 64 * G), BOOTMEM_EALREADY);
	/* A huge reserve then a huge free back. */
	ASSERT_OK(reserve_bootmem(&e.bm, 100 * G + PG(1), 64 * G - PG(2), BOOTMEM_EXCLUSIVE));
	ASSERT_STATS(&e, -1, PAGES(128 * G), PAGES(64 * G), 3, 2);
	ASSERT_OK(free_bootmem(&e.bm, 100 * G + PG(1), 64 * G - PG(2)));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(128 * G), PAGES(128 * G) - 2, 3, 2);
	tl_fini(&e);
	return 0;
}

/* Every failing call after free_all_bootmem is ESTATE, before any EINVAL. */
static int free_and_reserve_after_free_all_is_estate(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 4, tl_record_run, &r), 256);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 0, PG(1)), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, 0, 0), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, 0, PG(1), BOOTMEM_DEFAULT), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, 0, PG(1), 7), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, UINT64_MAX, 5, BOOTMEM_DEFAULT),
			   BOOTMEM_ESTATE);
	ASSERT_STATS(&e, -1, 256, 256, 1, 1);
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(free_whole_block_frees_every_page),
		TL_CASE(free_unaligned_range_frees_pages_fully_inside),
		TL_CASE(free_rounding_at_exact_boundaries),
		TL_CASE(free_covering_no_whole_page_is_noop),
		TL_CASE(free_no_whole_page_outside_memory_is_efault),
		TL_CASE(free_twice_is_ealready_and_clean),
		TL_CASE(free_ealready_concerns_only_pages_acted_on),
		TL_CASE(free_ealready_across_blocks_changes_nothing),
		TL_CASE(reserve_touched_pages_rounds_outward),
		TL_CASE(reserve_default_over_reserved_pages_is_ok),
		TL_CASE(reserve_exclusive_on_free_pages_is_ok),
		TL_CASE(reserve_exclusive_hitting_reserved_page_is_ebusy),
		TL_CASE(reserve_unknown_flags_is_einval),
		TL_CASE(free_and_reserve_size_zero_is_einval),
		TL_CASE(free_and_reserve_wrapping_range_is_einval),
		TL_CASE(reserve_end_rounding_past_2_64_is_efault),
		TL_CASE(free_and_reserve_over_hole_is_efault),
		TL_CASE(free_and_reserve_over_one_page_hole_is_efault),
		TL_CASE(free_below_first_block_is_efault),
		TL_CASE(free_hole_beats_ealready),
		TL_CASE(free_seed_example_crosses_two_nodes),
		TL_CASE(free_across_four_blocks_three_nodes),
		TL_CASE(free_partial_bytes_into_next_block_is_ok),
		TL_CASE(free_and_reserve_huge_ranges),
		TL_CASE(free_and_reserve_after_free_all_is_estate),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

// SPDX-License-Identifier: MIT
/*
 * test_walk.c - bootmem_next_free_range(): the non-destructive free-range
 * walk (DESIGN.md section 2). Exact ranges, cursors, node filter, errors,
 * and that no call changes a byte of the state.
 */
#include <limits.h>

#include "testlib.h"

/* One walk step that must succeed with exactly [s, e) on node @n. */
#define ASSERT_RANGE(env, nid, cur, s, e, n) do { \
	phys_addr_t _s = 0, _e = 0; \
	int _n = -5; \
	ASSERT_RC(bootmem_next_free_range(&(env)->bm, (nid), (cur), &_s, &_e, &_n), 1); \
	ASSERT_EQ(_s, (s)); \
	ASSERT_EQ(_e, (e)); \
	ASSERT_EQ(_n, (n)); \
	ASSERT_EQ(*(cur), (e)); \
} while (0)

/* The walk is over: 0, and the cursor stays where it was. */
#define ASSERT_WALK_END(env, nid, cur) do { \
	phys_addr_t _s = 7, _e = 9, _c = *(cur); \
	int _n = -5; \
	ASSERT_RC(bootmem_next_free_range(&(env)->bm, (nid), (cur), &_s, &_e, &_n), 0); \
	ASSERT_EQ(*(cur), _c); \
	ASSERT_EQ(_s, 7); \
	ASSERT_EQ(_e, 9); \
	ASSERT_EQ(_n, -5); \
} while (0)

/* Seed layout (all free but page 0): four contiguous blocks give four runs. */
static int walk_seed_layout_four_runs_two_contiguous_blocks(void)
{
	struct tl_env e;
	phys_addr_t cur = 0;

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_RANGE(&e, -1, &cur, SZ_4K, 2 * SZ_1G, 0);
	ASSERT_RANGE(&e, -1, &cur, 2 * SZ_1G, 4 * SZ_1G, 1);
	ASSERT_RANGE(&e, -1, &cur, 4 * SZ_1G, 6 * SZ_1G, 0);
	ASSERT_RANGE(&e, -1, &cur, 6 * SZ_1G, 8 * SZ_1G, 1);
	ASSERT_WALK_END(&e, -1, &cur);
	ASSERT_EQ(cur, 8 * SZ_1G);
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

/* Two contiguous blocks of different nodes, both free: two runs, not one. */
static int walk_contiguous_blocks_are_separate_runs(void)
{
	struct tl_env e;
	phys_addr_t cur = 0;

	if (tl_init(&e, 0) || tl_add_free(&e, 3, SZ_1M, 2 * SZ_1M) ||
	    tl_add_free(&e, 4, 2 * SZ_1M, 3 * SZ_1M))
		return 1;
	CHECK(&e.bm);
	ASSERT_RANGE(&e, -1, &cur, SZ_1M, 2 * SZ_1M, 3);
	ASSERT_RANGE(&e, -1, &cur, 2 * SZ_1M, 3 * SZ_1M, 4);
	ASSERT_WALK_END(&e, -1, &cur);
	tl_fini(&e);
	return 0;
}

/* A cursor inside a run clips it; one that is not page aligned rounds up. */
static int walk_run_clipped_at_cursor(void)
{
	struct tl_env e;
	phys_addr_t cur;

	if (tl_seed_layout(&e))
		return 1;
	cur = SZ_1G + 100;
	ASSERT_RANGE(&e, -1, &cur, SZ_1G + SZ_4K, 2 * SZ_1G, 0);
	cur = SZ_1G;
	ASSERT_RANGE(&e, -1, &cur, SZ_1G, 2 * SZ_1G, 0);
	/* in the last page of a run: rounds up to the run's end, next run */
	cur = 2 * SZ_1G - 1;
	ASSERT_RANGE(&e, -1, &cur, 2 * SZ_1G, 4 * SZ_1G, 1);
	/* inside reserved page 0: the run starts at the next page */
	cur = 0;
	ASSERT_RANGE(&e, -1, &cur, SZ_4K, 2 * SZ_1G, 0);
	cur = 1;
	ASSERT_RANGE(&e, -1, &cur, SZ_4K, 2 * SZ_1G, 0);
	tl_fini(&e);
	return 0;
}

/* Reservations split runs exactly; single free pages are runs too. */
static int walk_exact_runs_around_reservations(void)
{
	struct tl_env e;
	phys_addr_t cur = 0;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 2, PG(5), PG(9000)));
	CHECK(&e.bm);
	ASSERT_OK(free_bootmem(&e.bm, PG(10), PG(1)));          /* one page */
	ASSERT_OK(free_bootmem(&e.bm, PG(63), PG(2)));          /* across a word */
	ASSERT_OK(free_bootmem(&e.bm, PG(200), PG(8800)));      /* many chunks */
	CHECK(&e.bm);
	ASSERT_OK(reserve_bootmem(&e.bm, PG(4096), PG(1), BOOTMEM_EXCLUSIVE));
	ASSERT_OK(reserve_bootmem(&e.bm, PG(8998), PG(1), BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	ASSERT_RANGE(&e, -1, &cur, PG(10), PG(11), 2);
	ASSERT_RANGE(&e, -1, &cur, PG(63), PG(65), 2);
	ASSERT_RANGE(&e, -1, &cur, PG(200), PG(4096), 2);
	ASSERT_RANGE(&e, -1, &cur, PG(4097), PG(8998), 2);
	ASSERT_RANGE(&e, -1, &cur, PG(8999), PG(9000), 2);
	ASSERT_WALK_END(&e, -1, &cur);
	/* the same walk restricted to node 2 */
	cur = 0;
	ASSERT_RANGE(&e, 2, &cur, PG(10), PG(11), 2);
	ASSERT_RANGE(&e, 2, &cur, PG(63), PG(65), 2);
	cur = PG(5000);
	ASSERT_RANGE(&e, 2, &cur, PG(5000), PG(8998), 2);
	tl_fini(&e);
	return 0;
}

/* nid filter: only that node's blocks, in address order. */
static int walk_node_filter(void)
{
	struct tl_env e;
	phys_addr_t cur = 0;

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_RANGE(&e, 1, &cur, 2 * SZ_1G, 4 * SZ_1G, 1);
	ASSERT_RANGE(&e, 1, &cur, 6 * SZ_1G, 8 * SZ_1G, 1);
	ASSERT_WALK_END(&e, 1, &cur);
	cur = 3 * SZ_1G;
	ASSERT_RANGE(&e, 0, &cur, 4 * SZ_1G, 6 * SZ_1G, 0);
	ASSERT_WALK_END(&e, 0, &cur);
	tl_fini(&e);
	return 0;
}

/* A valid node without blocks has no range; so has a fully reserved node. */
static int walk_node_without_blocks_is_zero(void)
{
	struct tl_env e;
	phys_addr_t cur = 0;

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_WALK_END(&e, 2, &cur);
	ASSERT_WALK_END(&e, BOOTMEM_MAX_NODES - 1, &cur);
	ASSERT_OK(bootmem_add_block(&e.bm, 7, 16 * SZ_1G, 17 * SZ_1G));
	ASSERT_WALK_END(&e, 7, &cur);
	ASSERT_EQ(cur, 0);
	tl_fini(&e);

	/* an empty allocator */
	if (tl_init(&e, 0))
		return 1;
	ASSERT_WALK_END(&e, -1, &cur);
	tl_fini(&e);
	return 0;
}

/* Cursors past every block, up to the top of the address space. */
static int walk_cursor_past_the_end_is_zero(void)
{
	static const uint64_t curs[] = { 8 * SZ_1G, 8 * SZ_1G + 1, 1ULL << 63,
					 UINT64_MAX - 4096, UINT64_MAX };
	struct tl_env e;

	if (tl_seed_layout(&e))
		return 1;
	for (size_t i = 0; i < sizeof(curs) / sizeof(curs[0]); i++) {
		phys_addr_t cur = curs[i];

		ASSERT_WALK_END(&e, -1, &cur);
		ASSERT_WALK_END(&e, 1, &cur);
	}
	tl_fini(&e);
	return 0;
}

/* A block that ends at the top of the address space: its last run too. */
static int walk_block_at_top_of_address_space(void)
{
	const uint64_t top = 0xfffffffffffff000ULL;
	struct tl_env e;
	phys_addr_t cur = top - SZ_1M + 5;

	if (tl_init(&e, 0) || tl_add_free(&e, 0, top - SZ_2M, top))
		return 1;
	ASSERT_RANGE(&e, -1, &cur, top - SZ_1M + SZ_4K, top, 0);
	ASSERT_WALK_END(&e, -1, &cur);
	cur = 0;
	ASSERT_RANGE(&e, 0, &cur, top - SZ_2M, top, 0);
	tl_fini(&e);
	return 0;
}

/* range_nid may be NULL; every other pointer is required. */
static int walk_null_arguments(void)
{
	struct tl_env e;
	phys_addr_t cur = 0, s, en;
	int n;

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_next_free_range(&e.bm, -1, NULL, &s, &en, &n), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_next_free_range(&e.bm, -1, &cur, NULL, &en, &n), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_next_free_range(&e.bm, -1, &cur, &s, NULL, &n), BOOTMEM_EINVAL);
	ASSERT_RC(bootmem_next_free_range(NULL, -1, &cur, &s, &en, &n), BOOTMEM_EINVAL);
	ASSERT_EQ(cur, 0);
	ASSERT_RC(bootmem_next_free_range(&e.bm, -1, &cur, &s, &en, NULL), 1);
	ASSERT_EQ(s, SZ_4K);
	ASSERT_EQ(en, 2 * SZ_1G);
	ASSERT_EQ(cur, 2 * SZ_1G);
	tl_fini(&e);
	return 0;
}

static int walk_bad_nid_is_einval(void)
{
	static const int bad[] = { -2, -1000, BOOTMEM_MAX_NODES, BOOTMEM_MAX_NODES + 1, INT_MIN,
				   INT_MAX };
	struct tl_env e;
	phys_addr_t cur = 0, s, en;
	int n;

	if (tl_seed_layout(&e))
		return 1;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ASSERT_FAILS_CLEAN(&e, bootmem_next_free_range(&e.bm, bad[i], &cur, &s, &en, &n),
				   BOOTMEM_EINVAL);
	ASSERT_EQ(cur, 0);
	tl_fini(&e);
	return 0;
}

static void drop_run(void *ctx, phys_addr_t start, unsigned order)
{
	(void)start;
	*(uint64_t *)ctx += 1ULL << order;
}

/* After free_all_bootmem: ESTATE, before any argument check. */
static int walk_after_free_all_is_estate(void)
{
	struct tl_env e;
	phys_addr_t cur = 0, s, en;
	uint64_t pages = 0;
	int n;

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, drop_run, &pages), PAGES(8 * SZ_1G) - 1);
	ASSERT_FAILS_CLEAN(&e, bootmem_next_free_range(&e.bm, -1, &cur, &s, &en, &n), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, bootmem_next_free_range(&e.bm, 0, NULL, NULL, NULL, NULL),
			   BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, bootmem_next_free_range(&e.bm, -7, &cur, &s, &en, &n), BOOTMEM_ESTATE);
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

/* A whole walk leaves every byte of state and arena as it was. */
static int walk_changes_nothing(void)
{
	struct tl_env e;
	struct tl_snap snap;
	phys_addr_t cur = 0, s, en, a;
	unsigned ranges = 0;
	int same;

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, 100, 0, SZ_1G, 0, &a));
	ASSERT_OK(reserve_bootmem(&e.bm, 5 * SZ_1G, SZ_1M, BOOTMEM_DEFAULT));
	CHECK(&e.bm);
	tl_snap_take(&e, &snap);
	while (bootmem_next_free_range(&e.bm, -1, &cur, &s, &en, NULL) == 1)
		ranges++;
	same = tl_snap_same(&e, &snap);
	tl_snap_free(&snap);
	ASSERT_TRUE(same);
	/* [4K,1G) [1G+4K,2G) [2G,4G) [4G,5G) [5G+1M,6G) [6G,8G) */
	ASSERT_EQ(ranges, 6);
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

/* The walk covers exactly the free pages: counts add up to the stats. */
static int walk_sums_to_free_pages(void)
{
	struct tl_env e;
	phys_addr_t cur = 0, s, en, a;
	uint64_t pages = 0, last_end = 0;
	int n, nid_ok = 1;

	if (tl_seed_layout(&e))
		return 1;
	for (int i = 0; i < 300; i++) {
		ASSERT_OK(alloc_bootmem(&e.bm, PG(1 + i % 7), SZ_4K << (i % 3), (uint64_t)i * 27 * SZ_1M,
					0, &a));
	}
	CHECK(&e.bm);
	while (bootmem_next_free_range(&e.bm, -1, &cur, &s, &en, &n) == 1) {
		ASSERT_TRUE(s >= last_end && s < en);
		nid_ok &= n == (int)((s >> 31) & 1);
		pages += PAGES(en - s);
		last_end = en;
	}
	ASSERT_TRUE(nid_ok);
	ASSERT_EQ(pages, tl_free_pages(&e, -1));
	tl_fini(&e);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(walk_seed_layout_four_runs_two_contiguous_blocks),
		TL_CASE(walk_contiguous_blocks_are_separate_runs),
		TL_CASE(walk_run_clipped_at_cursor),
		TL_CASE(walk_exact_runs_around_reservations),
		TL_CASE(walk_node_filter),
		TL_CASE(walk_node_without_blocks_is_zero),
		TL_CASE(walk_cursor_past_the_end_is_zero),
		TL_CASE(walk_block_at_top_of_address_space),
		TL_CASE(walk_null_arguments),
		TL_CASE(walk_bad_nid_is_einval),
		TL_CASE(walk_after_free_all_is_estate),
		TL_CASE(walk_changes_nothing),
		TL_CASE(walk_sums_to_free_pages),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

// SPDX-License-Identifier: MIT
/* test_node_ranges.c - free_bootmem_node() and reserve_bootmem_node(). */
#include <limits.h>

#include "testlib.h"


/*
 * A: n0 [0,1M)  B: n1 [1M,2M)  C: n0 [2M,3M)  (contiguous)  hole  D: n1 [8M,9M).
 * All reserved. Nodes 2..1023 have no blocks.
 */
static int setup(struct tl_env *e)
{
	if (tl_init(e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e->bm, 1, 8 * SZ_1M, 9 * SZ_1M));
	ASSERT_OK(bootmem_add_block(&e->bm, 0, 2 * SZ_1M, 3 * SZ_1M));
	ASSERT_OK(bootmem_add_block(&e->bm, 0, 0, SZ_1M));
	ASSERT_OK(bootmem_add_block(&e->bm, 1, SZ_1M, 2 * SZ_1M));
	CHECK(&e->bm);
	return 0;
}

static int setup_free(struct tl_env *e)
{
	if (setup(e))
		return 1;
	ASSERT_OK(free_bootmem(&e->bm, 0, 3 * SZ_1M));
	ASSERT_OK(free_bootmem(&e->bm, 8 * SZ_1M, SZ_1M));
	CHECK(&e->bm);
	return 0;
}

/* Inside one block ------------------------------------------------------- */

static int free_node_inside_block_of_nid_is_ok(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_OK(free_bootmem_node(&e.bm, 0, PG(1), PG(2)));
	ASSERT_OK(free_bootmem_node(&e.bm, 1, 8 * SZ_1M + PG(5), PG(3)));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 512, 2, 2, 1);
	ASSERT_STATS(&e, 1, 512, 3, 2, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(1) - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(1)), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(3) - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(3)), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 8 * SZ_1M + PG(8) - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 8 * SZ_1M + PG(8)), 0);
	tl_fini(&e);
	return 0;
}

/* Exactly a whole block, edges included, for both calls. */
static int node_calls_on_exact_whole_block_are_ok(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_OK(free_bootmem_node(&e.bm, 1, SZ_1M, SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 1, 512, 256, 2, 1);
	ASSERT_STATS(&e, 0, 512, 0, 2, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1M - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 2 * SZ_1M), 0);
	ASSERT_OK(reserve_bootmem_node(&e.bm, 1, SZ_1M, SZ_1M, BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 1, 512, 0, 2, 1);
	tl_fini(&e);
	return 0;
}

/* Rounding as in free_bootmem/reserve_bootmem. */
static int node_calls_round_like_the_plain_calls(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	/* [2M + 100, 2M + 100 + 3P): whole pages 1, 2 of C. */
	ASSERT_OK(free_bootmem_node(&e.bm, 0, 2 * SZ_1M + 100, PG(3)));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 512, 2, 2, 1);
	ASSERT_EQ(tl_count_free(&e, 2 * SZ_1M, 3 * SZ_1M), 2);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 2 * SZ_1M + PG(1)), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 2 * SZ_1M + PG(2)), 1);
	/* No whole page: success, nothing changes. */
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 0, 2 * SZ_1M + PG(5) + 1, 100), 0);
	/* [2M + 2P - 1, 2M + 2P + 1) touches pages 1 and 2: both reserved again. */
	ASSERT_OK(reserve_bootmem_node(&e.bm, 0, 2 * SZ_1M + PG(2) - 1, 2, BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 512, 0, 2, 1);
	tl_fini(&e);
	return 0;
}

/* Ranges that leave the block --------------------------------------------- */

/* A -> B crosses into node 1: fine for free_bootmem, EFAULT for _node. */
static int node_range_crossing_into_other_node_is_efault(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 0, SZ_1M - PG(1), PG(2)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 1, SZ_1M - PG(1), PG(2)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 0, SZ_1M - PG(1), PG(2), BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	/* One byte over the edge is enough, even with no page acted on there. */
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 0, SZ_1M - PG(1), PG(1) + 1), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 1, 2 * SZ_1M - 1, 2, BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	/* The plain call accepts the same range. */
	ASSERT_OK(free_bootmem(&e.bm, SZ_1M - PG(1), PG(2)));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 512, 1, 2, 1);
	ASSERT_STATS(&e, 1, 512, 1, 2, 1);
	tl_fini(&e);
	return 0;
}

/* A and C both belong to node 0 but never touch: no range lies in both. */
static int node_range_over_two_blocks_of_same_node_is_efault(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 0, 0, 3 * SZ_1M), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 0, SZ_1M - 1, SZ_1M + 2, BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	/* Nor do B and D (hole in between). */
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 1, SZ_1M, 8 * SZ_1M), BOOTMEM_EFAULT);
	ASSERT_STATS(&e, -1, 1024, 0, 4, 2);
	tl_fini(&e);
	return 0;
}

static int node_range_into_hole_is_efault(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 0, 3 * SZ_1M - PG(1), PG(2)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 1, 9 * SZ_1M - PG(1), PG(1) + 1),
			   BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 1, 8 * SZ_1M - 1, PG(1), BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 0, 5 * SZ_1M, PG(1)), BOOTMEM_EFAULT);
	tl_fini(&e);
	return 0;
}

/* Inside a block, but of another node. */
static int node_range_in_block_of_other_node_is_efault(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 1, PG(1), PG(1)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 0, 8 * SZ_1M, PG(1)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 0, SZ_1M + PG(3), PG(1), BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	ASSERT_STATS(&e, -1, 1024, 0, 4, 2);
	tl_fini(&e);
	return 0;
}

/* A valid node id without blocks: EFAULT for both calls. */
static int node_without_blocks_is_efault(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 2, PG(1), PG(1)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 2, PG(1), PG(1), BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, BOOTMEM_MAX_NODES - 1, SZ_1M, PG(1)),
			   BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, BOOTMEM_MAX_NODES - 1, 20 * SZ_1M, PG(1),
						    BOOTMEM_EXCLUSIVE), BOOTMEM_EFAULT);
	tl_fini(&e);
	return 0;
}

static int node_id_out_of_range_is_einval(void)
{
	static const int bad[] = { -1, -2, BOOTMEM_MAX_NODES, BOOTMEM_MAX_NODES + 1, INT_MIN, INT_MAX };
	struct tl_env e;

	if (setup(&e))
		return 1;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, bad[i], PG(1), PG(1)), BOOTMEM_EINVAL);
		ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, bad[i], PG(1), PG(1),
							    BOOTMEM_DEFAULT), BOOTMEM_EINVAL);
	}
	tl_fini(&e);
	return 0;
}

/* Error precedence -------------------------------------------------------- */

/* A bad nid is EINVAL even if the range is also bad (hole, wrong node, size 0). */
static int node_bad_nid_beats_efault_and_other_einval(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, BOOTMEM_MAX_NODES, 5 * SZ_1M, PG(1)),
			   BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, -1, PG(1), 0), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, -1, 5 * SZ_1M, PG(1), 9), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

/* Size 0, overflow and unknown flags are EINVAL before any EFAULT. */
static int node_einval_beats_efault(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 5, PG(1), 0), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 1, UINT64_MAX - 5, 10), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 1, PG(1), PG(1), 2), BOOTMEM_EINVAL);
	/* addr + size does not wrap (only its page round-up would): EFAULT. */
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 0, UINT64_MAX - 5, 5, BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	tl_fini(&e);
	return 0;
}

/* Wrong node / crossing is EFAULT even when the pages would be EALREADY/EBUSY. */
static int node_efault_beats_ealready_and_ebusy(void)
{
	struct tl_env e;

	if (setup_free(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 1, PG(4), PG(1)), BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 0, SZ_1M - PG(1), PG(2)), BOOTMEM_EFAULT);
	ASSERT_OK(reserve_bootmem(&e.bm, 0, SZ_1M, BOOTMEM_DEFAULT));
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 1, PG(4), PG(1), BOOTMEM_EXCLUSIVE),
			   BOOTMEM_EFAULT);
	tl_fini(&e);
	return 0;
}

/* Inside the right block: EALREADY and EBUSY as for the plain calls. */
static int node_double_free_and_exclusive_conflict(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_OK(free_bootmem_node(&e.bm, 1, 8 * SZ_1M, PG(16)));
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 1, 8 * SZ_1M + PG(15), PG(2)), BOOTMEM_EALREADY);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 1, 8 * SZ_1M + PG(15), PG(2),
						    BOOTMEM_EXCLUSIVE), BOOTMEM_EBUSY);
	ASSERT_OK(reserve_bootmem_node(&e.bm, 1, 8 * SZ_1M + PG(15), PG(2), BOOTMEM_DEFAULT));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 1, 512, 15, 2, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 8 * SZ_1M + PG(14)), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 8 * SZ_1M + PG(15)), 0);
	tl_fini(&e);
	return 0;
}

/* ESTATE first of all. */
static int node_calls_after_free_all_are_estate(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (setup_free(&e))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 8, tl_record_run, &r), 1024);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 0, PG(1), PG(1)), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, -1, PG(1), PG(1)), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 1024, PG(1), 0), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 0, PG(1), PG(1), BOOTMEM_DEFAULT),
			   BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, -1, PG(1), PG(1), 5), BOOTMEM_ESTATE);
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* The seed layout: node 1 owns 2-4G and 6-8G. */
static int node_calls_on_seed_layout(void)
{
	struct tl_env e;

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_OK(reserve_bootmem_node(&e.bm, 1, 6 * SZ_1G, 2 * SZ_1G, BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 1, PAGES(4 * SZ_1G), PAGES(2 * SZ_1G), 2, 1);
	ASSERT_STATS(&e, 0, PAGES(4 * SZ_1G), PAGES(4 * SZ_1G) - 1, 2, 1);
	/* 5G..7G is contiguous memory but two nodes: only the plain call takes it. */
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 0, 5 * SZ_1G, 2 * SZ_1G, BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 1, 5 * SZ_1G, 2 * SZ_1G, BOOTMEM_DEFAULT),
			   BOOTMEM_EFAULT);
	ASSERT_OK(free_bootmem_node(&e.bm, 1, 6 * SZ_1G, 2 * SZ_1G));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(8 * SZ_1G), PAGES(8 * SZ_1G) - 1, 4, 2);
	tl_fini(&e);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(free_node_inside_block_of_nid_is_ok),
		TL_CASE(node_calls_on_exact_whole_block_are_ok),
		TL_CASE(node_calls_round_like_the_plain_calls),
		TL_CASE(node_range_crossing_into_other_node_is_efault),
		TL_CASE(node_range_over_two_blocks_of_same_node_is_efault),
		TL_CASE(node_range_into_hole_is_efault),
		TL_CASE(node_range_in_block_of_other_node_is_efault),
		TL_CASE(node_without_blocks_is_efault),
		TL_CASE(node_id_out_of_range_is_einval),
		TL_CASE(node_bad_nid_beats_efault_and_other_einval),
		TL_CASE(node_einval_beats_efault),
		TL_CASE(node_efault_beats_ealready_and_ebusy),
		TL_CASE(node_double_free_and_exclusive_conflict),
		TL_CASE(node_calls_after_free_all_are_estate),
		TL_CASE(node_calls_on_seed_layout),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

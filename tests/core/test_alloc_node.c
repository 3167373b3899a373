// SPDX-License-Identifier: MIT
/* test_alloc_node.c - alloc_bootmem_node(): only ever node @nid. */
#include <limits.h>

#include "testlib.h"

#define M(n)  ((uint64_t)(n) * SZ_1M)

/*
 * The seed layout at MiB scale: n0 [0,4M) [8M,12M), n1 [4M,8M) [12M,16M),
 * contiguous; every page free except page 0.
 */
static int setup(struct tl_env *e)
{
	if (tl_init(e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e->bm, 1, M(12), M(16)));
	ASSERT_OK(bootmem_add_block(&e->bm, 0, 0, M(4)));
	ASSERT_OK(bootmem_add_block(&e->bm, 0, M(8), M(12)));
	ASSERT_OK(bootmem_add_block(&e->bm, 1, M(4), M(8)));
	ASSERT_OK(free_bootmem(&e->bm, 0, M(16)));
	ASSERT_OK(reserve_bootmem(&e->bm, 0, PG(1), BOOTMEM_DEFAULT));
	CHECK(&e->bm);
	return 0;
}

static int node_lowest_is_on_own_node(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, PG(1), SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, M(4));
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, PG(1), SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, PG(1));
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, PG(2), SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, M(4) + PG(1));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, PAGES(M(8)), PAGES(M(8)) - 2, 2, 1);
	ASSERT_STATS(&e, 1, PAGES(M(8)), PAGES(M(8)) - 3, 2, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, M(4) + PG(3) - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, M(4) + PG(3)), 1);
	tl_fini(&e);
	return 0;
}

/* A goal inside another node's block: step 1 goes to the node's next block. */
static int node_goal_in_other_node_block_takes_next_own_block(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, PG(1), SZ_4K, M(8), 0, &a));
	ASSERT_EQ(a, M(12));
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, PG(1), SZ_4K, M(4) + 123, 0, &a));
	ASSERT_EQ(a, M(8));
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, PG(1), SZ_4K, M(2) + 1, 0, &a));
	ASSERT_EQ(a, M(2) + PG(1));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(M(16)), PAGES(M(16)) - 4, 4, 2);
	tl_fini(&e);
	return 0;
}

/* goal..limit window on the node; limit bounds the end. */
static int node_goal_and_limit_window(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, PG(2), SZ_4K, M(1), M(1) + PG(2), &a));
	ASSERT_EQ(a, M(1));
	/* Window too small by one byte: step 2, lowest on node 0. */
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, PG(2), SZ_4K, M(2), M(2) + PG(2) - 1, &a));
	ASSERT_EQ(a, PG(1));
	/* Window spanning node 1's block: [3M, 9M) with node 0's [3M,4M) taken. */
	ASSERT_OK(reserve_bootmem(&e.bm, M(3), M(1), BOOTMEM_DEFAULT));
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, PG(4), SZ_4K, M(3), M(9), &a));
	ASSERT_EQ(a, M(8));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 1, PAGES(M(8)), PAGES(M(8)), 2, 1);
	tl_fini(&e);
	return 0;
}

/* Nothing on the node in goal..limit: step 2 anywhere on the node. */
static int node_fallback_stays_on_node(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, PG(1), SZ_4K, M(13), M(13) + PG(1) - 1, &a));
	ASSERT_EQ(a, M(4));
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, PG(1), SZ_4K, M(100), 0, &a));
	ASSERT_EQ(a, M(4) + PG(1));
	/* limit <= goal: step 1 empty. */
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, PG(1), SZ_4K, M(13), M(13), &a));
	ASSERT_EQ(a, M(4) + PG(2));
	/* Window entirely in node 0's memory. */
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, PG(1), SZ_4K, 0, M(4), &a));
	ASSERT_EQ(a, M(4) + PG(3));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, PAGES(M(8)), PAGES(M(8)) - 1, 2, 1);
	ASSERT_STATS(&e, 1, PAGES(M(8)), PAGES(M(8)) - 4, 2, 1);
	tl_fini(&e);
	return 0;
}

/* Node 0 full: ENOMEM although node 1 is entirely free. */
static int node_full_is_enomem_even_with_other_nodes_free(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_OK(reserve_bootmem(&e.bm, 0, M(4), BOOTMEM_DEFAULT));
	ASSERT_OK(reserve_bootmem(&e.bm, M(8), M(4), BOOTMEM_DEFAULT));
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 0, PG(1), SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 0, 8, 8, M(4), 0, &a), BOOTMEM_ENOMEM);
	/* The caller's fallback, alloc_bootmem, finds node 1. */
	ASSERT_OK(alloc_bootmem(&e.bm, PG(1), SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, M(4));
	tl_fini(&e);
	return 0;
}

/* Node 0 has 1M free; a 2M request does not spill into node 1. */
static int node_too_small_is_enomem_not_other_node(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_OK(reserve_bootmem(&e.bm, 0, M(4), BOOTMEM_DEFAULT));
	ASSERT_OK(reserve_bootmem(&e.bm, M(9), M(3), BOOTMEM_DEFAULT));
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 0, M(2), SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 0, M(1) + 1, 64, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, M(1), SZ_1M, 0, 0, &a));
	ASSERT_EQ(a, M(8));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, PAGES(M(8)), 0, 2, 1);
	tl_fini(&e);
	return 0;
}

/* Larger than any single block of the node (but not than the node). */
static int node_request_larger_than_each_block_is_enomem(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 0, M(5), SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 1, M(4) + 1, SZ_4K, 0, 0, &a),
			   BOOTMEM_ENOMEM);
	/* A whole 4M block: [0,4M) has page 0 reserved, so node 0 uses [8M,12M). */
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, M(4), SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, M(8));
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, M(4), M(4), 0, 0, &a));
	ASSERT_EQ(a, M(4));
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, M(4), M(4), 0, 0, &a));
	ASSERT_EQ(a, M(12));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(M(16)), PAGES(M(4)) - 1, 4, 2);
	tl_fini(&e);
	return 0;
}

/* Page 0 is never returned, even on a node where it is free and the only page. */
static int node_never_returns_page_0(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_OK(reserve_bootmem(&e.bm, M(8), M(4), BOOTMEM_DEFAULT));
	ASSERT_OK(reserve_bootmem(&e.bm, PG(1), M(4) - PG(1), BOOTMEM_DEFAULT));
	ASSERT_OK(free_bootmem(&e.bm, 0, PG(1)));
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 0, PG(1), SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 0, 16, 16, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 0), 1);
	tl_fini(&e);
	return 0;
}

static int node_without_blocks_is_enomem(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 2, PG(1), SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, BOOTMEM_MAX_NODES - 1, 8, 0, 0, 0, &a),
			   BOOTMEM_ENOMEM);
	tl_fini(&e);
	return 0;
}

static int node_id_out_of_range_is_einval(void)
{
	static const int bad[] = { -1, -2, BOOTMEM_MAX_NODES, INT_MIN, INT_MAX };
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, bad[i], PG(1), SZ_4K, 0, 0, &a),
				   BOOTMEM_EINVAL);
		ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, bad[i], 0, 3, 0, 0, &a), BOOTMEM_EINVAL);
	}
	tl_fini(&e);
	return 0;
}

/* EINVAL (size, align, wrap, NULL out) before ENOMEM of an empty node. */
static int node_einval_beats_enomem_of_empty_node(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 2, 0, SZ_4K, 0, 0, &a), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 2, PG(1), 3, 0, 0, &a), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 2, UINT64_MAX, SZ_4K, 0, 0, &a),
			   BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 2, PG(1), SZ_4K, 0, 0, NULL), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 0, UINT64_MAX - SZ_4K + 1, SZ_4K, 0, 0, &a),
			   BOOTMEM_ENOMEM);
	tl_fini(&e);
	return 0;
}

/* The seed layout at GiB scale. */
static int node_seed_layout_sequence(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, SZ_1G, SZ_1G, 0, 0, &a));
	ASSERT_EQ(a, SZ_1G);
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, 2 * SZ_1G, 2 * SZ_1G, 0, 0, &a));
	ASSERT_EQ(a, 2 * SZ_1G);
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, 2 * SZ_1G, 2 * SZ_1G, 0, 0, &a));
	ASSERT_EQ(a, 6 * SZ_1G);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 1, SZ_4K, SZ_4K, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, 2 * SZ_1G, 2 * SZ_1G, 0, 0, &a));
	ASSERT_EQ(a, 4 * SZ_1G);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 0, SZ_1G, SZ_1G, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, SZ_1G - SZ_4K, SZ_4K, 3 * SZ_1G, 0, &a));
	ASSERT_EQ(a, SZ_4K);
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, PAGES(8 * SZ_1G), 0, 4, 2);
	ASSERT_STATS(&e, 0, PAGES(4 * SZ_1G), 0, 2, 1);
	tl_fini(&e);
	return 0;
}

/* The seed: node 1 with a goal in node 0's 4-6G block gets 6G (step 1). */
static int node_seed_goal_in_other_node(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, SZ_2M, SZ_2M, 4 * SZ_1G, 0, &a));
	ASSERT_EQ(a, 6 * SZ_1G);
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, SZ_2M, SZ_2M, 2 * SZ_1G, 0, &a));
	ASSERT_EQ(a, 4 * SZ_1G);
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, SZ_2M, SZ_2M, 6 * SZ_1G, 0, &a));   /* step 2 */
	ASSERT_EQ(a, SZ_2M);
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, PAGES(4 * SZ_1G), PAGES(4 * SZ_1G) - 1 - 1024, 2, 1);
	ASSERT_STATS(&e, 1, PAGES(4 * SZ_1G), PAGES(4 * SZ_1G) - 512, 2, 1);
	tl_fini(&e);
	return 0;
}

static int node_alloc_after_free_all_is_estate(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 12, tl_record_run, &r), PAGES(M(16)) - 1);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 0, PG(1), SZ_4K, 0, 0, &a), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, -1, PG(1), SZ_4K, 0, 0, &a), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 5000, 0, 3, 0, 0, NULL), BOOTMEM_ESTATE);
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(node_lowest_is_on_own_node),
		TL_CASE(node_goal_in_other_node_block_takes_next_own_block),
		TL_CASE(node_goal_and_limit_window),
		TL_CASE(node_fallback_stays_on_node),
		TL_CASE(node_full_is_enomem_even_with_other_nodes_free),
		TL_CASE(node_too_small_is_enomem_not_other_node),
		TL_CASE(node_request_larger_than_each_block_is_enomem),
		TL_CASE(node_never_returns_page_0),
		TL_CASE(node_without_blocks_is_enomem),
		TL_CASE(node_id_out_of_range_is_einval),
		TL_CASE(node_einval_beats_enomem_of_empty_node),
		TL_CASE(node_seed_layout_sequence),
		TL_CASE(node_seed_goal_in_other_node),
		TL_CASE(node_alloc_after_free_all_is_estate),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

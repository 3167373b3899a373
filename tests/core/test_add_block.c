// SPDX-License-Identifier: MIT
/* test_add_block.c - bootmem_add_block(): validation, overlap, order, counts. */
#include <limits.h>

#include "testlib.h"

/* One registered block n0 [1M, 2M), all reserved. */
static int setup_one(struct tl_env *e)
{
	if (tl_init(e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e->bm, 0, SZ_1M, 2 * SZ_1M));
	CHECK(&e->bm);
	return 0;
}

/* EINVAL ----------------------------------------------------------------- */

static int add_unaligned_start_is_einval(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 4 * SZ_1M + 1, 5 * SZ_1M), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 4 * SZ_1M + 2048, 5 * SZ_1M),
			   BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 4 * SZ_1M - 1, 5 * SZ_1M), BOOTMEM_EINVAL);
	ASSERT_STATS(&e, -1, 256, 0, 1, 1);
	tl_fini(&e);
	return 0;
}

static int add_unaligned_end_is_einval(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 4 * SZ_1M, 5 * SZ_1M + 1), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 4 * SZ_1M, 5 * SZ_1M - 1), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 4 * SZ_1M, UINT64_MAX), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

static int add_empty_block_is_einval(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 4 * SZ_1M, 4 * SZ_1M), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 0, 0), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

static int add_start_above_end_is_einval(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 5 * SZ_1M, 4 * SZ_1M), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, SZ_4K, 0), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

static int add_bad_nid_is_einval(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, -1, 4 * SZ_1M, 5 * SZ_1M), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, BOOTMEM_MAX_NODES, 4 * SZ_1M, 5 * SZ_1M),
			   BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, INT_MIN, 4 * SZ_1M, 5 * SZ_1M),
			   BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, INT_MAX, 4 * SZ_1M, 5 * SZ_1M),
			   BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

/* The highest node id is valid. */
static int add_nid_1023_is_valid(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, BOOTMEM_MAX_NODES - 1, 4 * SZ_1M, 5 * SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 512, 0, 2, 2);
	ASSERT_STATS(&e, BOOTMEM_MAX_NODES - 1, 256, 0, 1, 1);
	tl_fini(&e);
	return 0;
}

/* EINVAL is checked before EEXIST. */
static int add_overlapping_and_invalid_is_einval(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 1024, SZ_1M, 2 * SZ_1M), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, SZ_1M + 1, 2 * SZ_1M), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 2 * SZ_1M, SZ_1M), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

/* EEXIST ----------------------------------------------------------------- */

static int add_same_range_is_eexist_for_any_node(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, SZ_1M, 2 * SZ_1M), BOOTMEM_EEXIST);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 1, SZ_1M, 2 * SZ_1M), BOOTMEM_EEXIST);
	ASSERT_STATS(&e, -1, 256, 0, 1, 1);
	ASSERT_STATS(&e, 1, 0, 0, 0, 0);
	tl_fini(&e);
	return 0;
}

static int add_partial_overlap_is_eexist(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	/* One page over the start, one page over the end. */
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 1, 0, SZ_1M + SZ_4K), BOOTMEM_EEXIST);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 1, 2 * SZ_1M - SZ_4K, 3 * SZ_1M),
			   BOOTMEM_EEXIST);
	tl_fini(&e);
	return 0;
}

static int add_containing_or_contained_is_eexist(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 1, 0, 3 * SZ_1M), BOOTMEM_EEXIST);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 1, SZ_1M + SZ_4K, SZ_1M + 2 * SZ_4K),
			   BOOTMEM_EEXIST);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, SZ_1M, SZ_1M + SZ_4K), BOOTMEM_EEXIST);
	tl_fini(&e);
	return 0;
}

/* A block spanning two registered blocks and the hole between them. */
static int add_spanning_two_blocks_is_eexist(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 4 * SZ_1M, 5 * SZ_1M));
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 1, 2 * SZ_1M - SZ_4K, 4 * SZ_1M + SZ_4K),
			   BOOTMEM_EEXIST);
	/* The hole itself is fine for another node (touching both sides). */
	ASSERT_OK(bootmem_add_block(&e.bm, 1, 2 * SZ_1M, 4 * SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 1024, 0, 3, 2);
	tl_fini(&e);
	return 0;
}

static int add_same_node_adjacent_below_is_eexist(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 0, SZ_1M), BOOTMEM_EEXIST);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, SZ_1M - SZ_4K, SZ_1M), BOOTMEM_EEXIST);
	tl_fini(&e);
	return 0;
}

static int add_same_node_adjacent_above_is_eexist(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 2 * SZ_1M, 3 * SZ_1M), BOOTMEM_EEXIST);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 2 * SZ_1M, 2 * SZ_1M + SZ_4K),
			   BOOTMEM_EEXIST);
	tl_fini(&e);
	return 0;
}

/* Same node with a one-page gap on either side is fine. */
static int add_same_node_one_page_apart_is_ok(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 0, SZ_1M - SZ_4K));
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 2 * SZ_1M + SZ_4K, 3 * SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 255 + 256 + 255, 0, 3, 1);
	ASSERT_RC(bootmem_page_is_free(&e.bm, SZ_1M - SZ_4K), BOOTMEM_EFAULT);
	ASSERT_RC(bootmem_page_is_free(&e.bm, 2 * SZ_1M), BOOTMEM_EFAULT);
	tl_fini(&e);
	return 0;
}

/* A block touching a block of another node on both sides is fine. */
static int add_other_node_adjacent_both_sides_is_ok(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 1, 0, SZ_1M));
	ASSERT_OK(bootmem_add_block(&e.bm, 2, 2 * SZ_1M, 3 * SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 768, 0, 3, 3);
	/* The three blocks are contiguous: one free call crosses both joins. */
	ASSERT_OK(free_bootmem(&e.bm, 0, 3 * SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 256, 256, 1, 1);
	ASSERT_STATS(&e, 1, 256, 256, 1, 1);
	ASSERT_STATS(&e, 2, 256, 256, 1, 1);
	tl_fini(&e);
	return 0;
}

/* A failing EEXIST beats ENOMEM: with a full arena, overlap is still EEXIST. */
static int add_overlap_in_full_arena_is_eexist(void)
{
	struct tl_env e;

	if (tl_init(&e, sizeof(struct bm_hdr) + bm_map_bytes(4) + sizeof(struct bm_block)))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, SZ_1M, SZ_1M + 256 * SZ_4K));
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 1, SZ_1M, SZ_1M + SZ_4K), BOOTMEM_EEXIST);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 2 * SZ_1M, 3 * SZ_1M),
			   BOOTMEM_EEXIST);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 1, 4 * SZ_1M, 5 * SZ_1M), BOOTMEM_ENOMEM);
	tl_fini(&e);
	return 0;
}

/* Order, state of a new block, counting ----------------------------------- */

/* Every page of a new block is reserved; its edges are exact. */
static int add_new_block_is_fully_reserved(void)
{
	struct tl_env e;

	if (setup_one(&e))
		return 1;
	ASSERT_STATS(&e, -1, 256, 0, 1, 1);
	ASSERT_STATS(&e, 0, 256, 0, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1M), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1M + SZ_4K - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 2 * SZ_1M - 1), 0);
	ASSERT_RC(bootmem_page_is_free(&e.bm, SZ_1M - 1), BOOTMEM_EFAULT);
	ASSERT_RC(bootmem_page_is_free(&e.bm, 2 * SZ_1M), BOOTMEM_EFAULT);
	ASSERT_EQ(tl_count_free(&e, SZ_1M, 2 * SZ_1M), 0);
	tl_fini(&e);
	return 0;
}

/* Adding a block never touches the pages of the others. */
static int add_block_keeps_other_blocks_pages(void)
{
	struct tl_env e;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, 4 * SZ_1M, 5 * SZ_1M))
		return 1;
	ASSERT_OK(reserve_bootmem(&e.bm, 4 * SZ_1M + 10 * SZ_4K, SZ_4K, BOOTMEM_DEFAULT));
	ASSERT_OK(bootmem_add_block(&e.bm, 1, 5 * SZ_1M, 6 * SZ_1M));     /* above, adjacent */
	ASSERT_OK(bootmem_add_block(&e.bm, 1, 3 * SZ_1M, 4 * SZ_1M));     /* below, adjacent */
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 256, 255, 1, 1);
	ASSERT_STATS(&e, 1, 512, 0, 2, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 4 * SZ_1M + 10 * SZ_4K), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 4 * SZ_1M + 11 * SZ_4K), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 5 * SZ_1M - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 5 * SZ_1M), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 4 * SZ_1M - 1), 0);
	tl_fini(&e);
	return 0;
}

/* Descending and interleaved insertion: lookups and crossing frees work. */
static int add_in_descending_order_sorts_blocks(void)
{
	struct tl_env e;

	if (tl_init(&e, 0))
		return 1;
	for (int i = 7; i >= 0; i--) {
		ASSERT_OK(bootmem_add_block(&e.bm, i & 1, (uint64_t)i * SZ_1M, (uint64_t)(i + 1) * SZ_1M));
		CHECK(&e.bm);
	}
	ASSERT_STATS(&e, -1, 2048, 0, 8, 2);
	ASSERT_STATS(&e, 0, 1024, 0, 4, 1);
	ASSERT_STATS(&e, 1, 1024, 0, 4, 1);
	/* Contiguous 0-8M: one call frees [512K, 7.5M) over all eight blocks. */
	ASSERT_OK(free_bootmem(&e.bm, SZ_1M / 2, 7 * SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, 0, 1024, 128 + 256 * 3, 4, 1);
	ASSERT_STATS(&e, 1, 1024, 256 * 3 + 128, 4, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1M / 2 - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1M / 2), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 7 * SZ_1M + SZ_1M / 2 - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 7 * SZ_1M + SZ_1M / 2), 0);
	tl_fini(&e);
	return 0;
}

static int add_in_shuffled_order_same_result(void)
{
	static const int order[] = { 5, 0, 7, 2, 6, 1, 3, 4 };
	struct tl_env e;
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	/* Blocks of 1M at 2M steps (holes between), nodes 0..3 round robin. */
	for (int k = 0; k < 8; k++) {
		int i = order[k];

		ASSERT_OK(bootmem_add_block(&e.bm, i % 4, (uint64_t)i * SZ_2M,
					    (uint64_t)i * SZ_2M + SZ_1M));
		CHECK(&e.bm);
	}
	for (int i = 0; i < 8; i++)
		ASSERT_OK(free_bootmem(&e.bm, (uint64_t)i * SZ_2M, SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 2048, 2048, 8, 4);
	for (int n = 0; n < 4; n++)
		ASSERT_STATS(&e, n, 512, 512, 2, 1);
	/* Lowest allocations walk the blocks in address order. */
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_1M - SZ_4K, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, SZ_4K);
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_1M, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, SZ_2M);
	ASSERT_OK(alloc_bootmem_node(&e.bm, 3, SZ_1M, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, 3 * SZ_2M);
	ASSERT_OK(alloc_bootmem_node(&e.bm, 3, SZ_1M, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, 7 * SZ_2M);
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

/* nr_nodes counts distinct nodes, nr_blocks every block. */
static int add_counts_blocks_and_distinct_nodes(void)
{
	struct tl_env e;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_STATS(&e, -1, 0, 0, 0, 0);
	ASSERT_OK(bootmem_add_block(&e.bm, 4, 0, SZ_1M));
	ASSERT_STATS(&e, -1, 256, 0, 1, 1);
	ASSERT_OK(bootmem_add_block(&e.bm, 4, 2 * SZ_1M, 3 * SZ_1M));
	ASSERT_STATS(&e, -1, 512, 0, 2, 1);
	ASSERT_OK(bootmem_add_block(&e.bm, 9, SZ_1M, 2 * SZ_1M));
	ASSERT_STATS(&e, -1, 768, 0, 3, 2);
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 8 * SZ_1M, 8 * SZ_1M + SZ_4K));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 769, 0, 4, 3);
	ASSERT_STATS(&e, 4, 512, 0, 2, 1);
	ASSERT_STATS(&e, 9, 256, 0, 1, 1);
	ASSERT_STATS(&e, 0, 1, 0, 1, 1);
	ASSERT_STATS(&e, 1, 0, 0, 0, 0);
	tl_fini(&e);
	return 0;
}

/* A one-page block ending at the highest page-aligned address. */
static int add_block_at_top_of_address_space(void)
{
	struct tl_env e;
	const uint64_t top = UINT64_MAX - SZ_4K + 1;   /* 2^64 - 4096 */
	phys_addr_t a;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 3, top - 2 * SZ_4K, top));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 2, 0, 1, 1);
	ASSERT_OK(free_bootmem(&e.bm, top - 2 * SZ_4K, 2 * SZ_4K));
	CHECK(&e.bm);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, top - 1), 1);
	ASSERT_RC(bootmem_page_is_free(&e.bm, top), BOOTMEM_EFAULT);
	ASSERT_RC(bootmem_page_is_free(&e.bm, UINT64_MAX), BOOTMEM_EFAULT);
	ASSERT_OK(alloc_bootmem(&e.bm, 2 * SZ_4K, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, top - 2 * SZ_4K);
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 2, 0, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Blocks may be added after allocations; those stay allocated. */
static int add_block_after_allocations_keeps_them(void)
{
	struct tl_env e;
	phys_addr_t a, b;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, 4 * SZ_1M, 5 * SZ_1M))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_64K, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, 4 * SZ_1M);
	if (tl_add_free(&e, 1, SZ_1M, 2 * SZ_1M))
		return 1;
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 512, 512 - 16, 2, 2);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, a), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, a + SZ_64K - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, a + SZ_64K), 1);
	/* The new, lower block now serves the lowest allocation. */
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_64K, SZ_4K, 0, 0, &b));
	ASSERT_EQ(b, SZ_1M);
	/* A block added between, contiguous to the first, other node. */
	ASSERT_OK(bootmem_add_block(&e.bm, 2, 3 * SZ_1M, 4 * SZ_1M));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 768, 512 - 32, 3, 3);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 4 * SZ_1M - 1), 0);
	tl_fini(&e);
	return 0;
}

static int add_after_free_all_is_estate(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (setup_one(&e))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 0, tl_record_run, &r), 0);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 4 * SZ_1M, 5 * SZ_1M), BOOTMEM_ESTATE);
	/* ESTATE comes before EINVAL and EEXIST. */
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, -1, 4 * SZ_1M, 5 * SZ_1M), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, 5, 3), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 0, SZ_1M, 2 * SZ_1M), BOOTMEM_ESTATE);
	ASSERT_STATS(&e, -1, 256, 0, 1, 1);
	CHECK(&e.bm);
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(add_unaligned_start_is_einval),
		TL_CASE(add_unaligned_end_is_einval),
		TL_CASE(add_empty_block_is_einval),
		TL_CASE(add_start_above_end_is_einval),
		TL_CASE(add_bad_nid_is_einval),
		TL_CASE(add_nid_1023_is_valid),
		TL_CASE(add_overlapping_and_invalid_is_einval),
		TL_CASE(add_same_range_is_eexist_for_any_node),
		TL_CASE(add_partial_overlap_is_eexist),
		TL_CASE(add_containing_or_contained_is_eexist),
		TL_CASE(add_spanning_two_blocks_is_eexist),
		TL_CASE(add_same_node_adjacent_below_is_eexist),
		TL_CASE(add_same_node_adjacent_above_is_eexist),
		TL_CASE(add_same_node_one_page_apart_is_ok),
		TL_CASE(add_other_node_adjacent_both_sides_is_ok),
		TL_CASE(add_overlap_in_full_arena_is_eexist),
		TL_CASE(add_new_block_is_fully_reserved),
		TL_CASE(add_block_keeps_other_blocks_pages),
		TL_CASE(add_in_descending_order_sorts_blocks),
		TL_CASE(add_in_shuffled_order_same_result),
		TL_CASE(add_counts_blocks_and_distinct_nodes),
		TL_CASE(add_block_at_top_of_address_space),
		TL_CASE(add_block_after_allocations_keeps_them),
		TL_CASE(add_after_free_all_is_estate),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

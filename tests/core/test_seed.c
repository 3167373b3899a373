// SPDX-License-Identifier: MIT
/* test_seed.c - the seed's interleaved two-node layout, end to end. */
#include "testlib.h"

/* A range that crosses from node 0 into node 1 frees pages on both. */
static int free_crosses_nodes(void)
{
	struct tl_env e;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 0, 2 * SZ_1G));
	ASSERT_OK(bootmem_add_block(&e.bm, 1, 2 * SZ_1G, 4 * SZ_1G));
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 4 * SZ_1G, 6 * SZ_1G));
	ASSERT_OK(bootmem_add_block(&e.bm, 1, 6 * SZ_1G, 8 * SZ_1G));
	ASSERT_OK(free_bootmem(&e.bm, SZ_1G + SZ_512M, SZ_1G + SZ_512M));
	CHECK(&e.bm);
	ASSERT_EQ(tl_free_pages(&e, 0), PAGES(SZ_512M));
	ASSERT_EQ(tl_free_pages(&e, 1), PAGES(SZ_1G));
	ASSERT_EQ(tl_free_pages(&e, -1), PAGES(SZ_1G + SZ_512M));
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1G + SZ_512M - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, SZ_1G + SZ_512M), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 3 * SZ_1G - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 3 * SZ_1G), 0);
	tl_fini(&e);
	return 0;
}

static int seed_stats(void)
{
	struct tl_env e;
	struct bootmem_stats st;

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_OK(bootmem_stats(&e.bm, -1, &st));
	ASSERT_EQ(st.total_pages, PAGES(8 * SZ_1G));
	ASSERT_EQ(st.free_pages, PAGES(8 * SZ_1G) - 1);
	ASSERT_EQ(st.reserved_pages, 1);
	ASSERT_EQ(st.nr_blocks, 4);
	ASSERT_EQ(st.nr_nodes, 2);
	ASSERT_OK(bootmem_stats(&e.bm, 1, &st));
	ASSERT_EQ(st.total_pages, PAGES(4 * SZ_1G));
	ASSERT_EQ(st.nr_blocks, 2);
	ASSERT_EQ(st.nr_nodes, 1);
	ASSERT_OK(bootmem_stats(&e.bm, 7, &st));
	ASSERT_EQ(st.total_pages, 0);
	ASSERT_EQ(st.nr_nodes, 0);
	tl_fini(&e);
	return 0;
}

static int seed_alloc_node_fallback(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_seed_layout(&e))
		return 1;
	/* Node 1, goal in node 0's 4-6G block: step 1 finds 6G on node 1. */
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, SZ_2M, SZ_2M, 4 * SZ_1G, 0, &a));
	ASSERT_EQ(a, 6 * SZ_1G);
	/* Limit below any node-1 fit above goal: step 2, lowest on node 1. */
	ASSERT_OK(alloc_bootmem_node(&e.bm, 1, SZ_4K, SZ_4K, 7 * SZ_1G, 7 * SZ_1G + SZ_4K - 1, &a));
	ASSERT_EQ(a, 2 * SZ_1G);
	/* Any node: lowest >= 4096. */
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_4K, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, SZ_4K);
	/* Crossing 2G would cross a block: the 8 KiB request goes above. */
	ASSERT_OK(alloc_bootmem(&e.bm, 2 * SZ_4K, SZ_4K, 2 * SZ_1G - SZ_4K, 0, &a));
	ASSERT_EQ(a, 2 * SZ_1G + SZ_4K);
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

struct release_log {
	uint64_t calls, pages, next;
	int out_of_order;
	uint64_t first_start;
	unsigned first_order;
};

static void log_release(void *ctx, phys_addr_t start, unsigned order)
{
	struct release_log *l = ctx;

	if (!l->calls) {
		l->first_start = start;
		l->first_order = order;
	}
	if (start < l->next)
		l->out_of_order = 1;
	l->next = start + (SZ_4K << order);
	l->calls++;
	l->pages += 1ULL << order;
}

/* free_all: page 0 reserved, so 1..2^k pieces at the start, then 2^10 runs. */
static int seed_free_all(void)
{
	struct tl_env e;
	struct release_log l = { 0 };
	struct bootmem_stats st;

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, log_release, &l), PAGES(8 * SZ_1G) - 1);
	ASSERT_EQ(l.pages, PAGES(8 * SZ_1G) - 1);
	ASSERT_EQ(l.out_of_order, 0);
	ASSERT_EQ(l.first_start, SZ_4K);
	ASSERT_EQ(l.first_order, 0);
	/* pages 1..1023 as orders 0..9, then 2^10 runs: 10 + (2^21 - 1024) / 1024 * 4 blocks */
	ASSERT_EQ(l.calls, 10 + (PAGES(2 * SZ_1G) / 1024 - 1) + 3 * PAGES(2 * SZ_1G) / 1024);
	ASSERT_RC(free_all_bootmem(&e.bm, 10, log_release, &l), BOOTMEM_ESTATE);
	ASSERT_RC(bootmem_page_is_free(&e.bm, SZ_1G), BOOTMEM_ESTATE);
	ASSERT_OK(bootmem_stats(&e.bm, -1, &st));
	ASSERT_EQ(st.free_pages, PAGES(8 * SZ_1G) - 1);
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

/* The block_info extension lists the seed's blocks in address order. */
static int seed_block_info(void)
{
	struct tl_env e;
	struct bootmem_block_info bi;

	if (tl_seed_layout(&e))
		return 1;
	for (uint32_t i = 0; i < 4; i++) {
		ASSERT_OK(bootmem_block_info(&e.bm, i, &bi));
		ASSERT_EQ(bi.start, i * SZ_2G);
		ASSERT_EQ(bi.end, (i + 1) * SZ_2G);
		ASSERT_EQ(bi.nid, i & 1);
		ASSERT_EQ(bi.free_pages, PAGES(SZ_2G) - (i == 0));
	}
	ASSERT_RC(bootmem_block_info(&e.bm, 4, &bi), BOOTMEM_EINVAL);
	ASSERT_RC(bootmem_block_info(&e.bm, 0, NULL), BOOTMEM_EINVAL);
	ASSERT_RC(bootmem_block_info(NULL, 0, &bi), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(free_crosses_nodes),
		TL_CASE(seed_stats),
		TL_CASE(seed_alloc_node_fallback),
		TL_CASE(seed_free_all),
		TL_CASE(seed_block_info),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

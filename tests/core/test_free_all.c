// SPDX-License-Identifier: MIT
/* test_free_all.c - free_all_bootmem(): exact run lists, errors, ESTATE after. */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include "testlib.h"


struct run {
	uint64_t pfn;
	unsigned order;
};

/* The recorded runs must be exactly @want (pfn, order), in this order. */
static int runs_are(const struct tl_runs *r, const struct run *want, size_t n, int line)
{
	int bad = r->n != n;

	for (size_t i = 0; !bad && i < n; i++)
		bad = r->start[i] != PG(want[i].pfn) || r->order[i] != want[i].order;
	if (!bad)
		return 0;
	fprintf(stderr, "%s:%d: runs differ\n  got     :", __FILE__, line);
	for (size_t i = 0; i < r->n && i < 40; i++)
		fprintf(stderr, " %" PRIu64 "(o%u)", (uint64_t)(r->start[i] / SZ_4K), r->order[i]);
	fprintf(stderr, "%s\n  expected:", r->n > 40 ? " ..." : "");
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %" PRIu64 "(o%u)", want[i].pfn, want[i].order);
	fprintf(stderr, "\n");
	return 1;
}

#define ASSERT_RUNS(r, ...) do { \
	static const struct run _w[] = { __VA_ARGS__ }; \
	if (runs_are((r), _w, sizeof(_w) / sizeof(_w[0]), __LINE__)) \
		return 1; \
} while (0)

/* n0 [0, 1M) with the pages [first, end) free. */
static int setup_free_pages(struct tl_env *e, uint64_t first, uint64_t end)
{
	if (tl_init(e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e->bm, 0, 0, SZ_1M));
	ASSERT_OK(free_bootmem(&e->bm, PG(first), PG(end - first)));
	CHECK(&e->bm);
	return 0;
}

/* Exact run lists ---------------------------------------------------------- */

/* Pages 3..17: 3, 4-7, 8-15, 16-17. */
static int free_all_pages_3_to_17_max_order_10(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (setup_free_pages(&e, 3, 18))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, tl_record_run, &r), 15);
	ASSERT_RUNS(&r, { 3, 0 }, { 4, 2 }, { 8, 3 }, { 16, 1 });
	ASSERT_EQ(r.pages, 15);
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* Pages 3..16 (one fewer): the tail is a single page. */
static int free_all_pages_3_to_16_max_order_10(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (setup_free_pages(&e, 3, 17))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, tl_record_run, &r), 14);
	ASSERT_RUNS(&r, { 3, 0 }, { 4, 2 }, { 8, 3 }, { 16, 0 });
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* max_order caps every run. */
static int free_all_pages_3_to_17_max_order_2(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (setup_free_pages(&e, 3, 18))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 2, tl_record_run, &r), 15);
	ASSERT_RUNS(&r, { 3, 0 }, { 4, 2 }, { 8, 2 }, { 12, 2 }, { 16, 1 });
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* max_order 0: one call per page. */
static int free_all_max_order_0_is_page_by_page(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (setup_free_pages(&e, 3, 18))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 0, tl_record_run, &r), 15);
	ASSERT_EQ(r.n, 15);
	for (size_t i = 0; i < r.n; i++) {
		ASSERT_EQ(r.start[i], PG(3 + i));
		ASSERT_EQ(r.order[i], 0);
	}
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* A run crossing several chunk boundaries (in every chunk configuration). */
static int free_all_run_100_to_block_end(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (setup_free_pages(&e, 100, 200))
		return 1;
	ASSERT_OK(free_bootmem(&e.bm, PG(200), PG(56)));   /* up to the block end, 256 */
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, tl_record_run, &r), 156);
	ASSERT_RUNS(&r, { 100, 2 }, { 104, 3 }, { 112, 4 }, { 128, 7 });
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* [100, 300) inside a 4 MiB block: 100(2) 104(3) 112(4) 128(7) 256(5) 288(3) 296(2). */
static int free_all_run_100_to_300_in_larger_block(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 0, 4 * SZ_1M));
	ASSERT_OK(free_bootmem(&e.bm, PG(100), PG(200)));
	CHECK(&e.bm);
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, tl_record_run, &r), 200);
	ASSERT_RUNS(&r, { 100, 2 }, { 104, 3 }, { 112, 4 }, { 128, 7 }, { 256, 5 }, { 288, 3 },
		    { 296, 2 });
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* Several runs separated by reserved pages, within and across words. */
static int free_all_several_runs_in_one_block(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 0, SZ_1M));
	ASSERT_OK(free_bootmem(&e.bm, PG(1), PG(1)));     /* 1 */
	ASSERT_OK(free_bootmem(&e.bm, PG(5), PG(3)));     /* 5..7 */
	ASSERT_OK(free_bootmem(&e.bm, PG(62), PG(4)));    /* 62..65: crosses a word */
	ASSERT_OK(free_bootmem(&e.bm, PG(192), PG(64)));  /* 192..255: up to the block end */
	CHECK(&e.bm);
	ASSERT_EQ(free_all_bootmem(&e.bm, 5, tl_record_run, &r), 1 + 3 + 4 + 64);
	ASSERT_RUNS(&r, { 1, 0 }, { 5, 0 }, { 6, 1 }, { 62, 1 }, { 64, 1 }, { 192, 5 }, { 224, 5 });
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* A block starting off a 64-page boundary: pfn [5, 40). */
static int free_all_unaligned_block(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, PG(5), PG(40)))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 63, tl_record_run, &r), 35);
	ASSERT_RUNS(&r, { 5, 0 }, { 6, 1 }, { 8, 3 }, { 16, 4 }, { 32, 3 });
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* Page 0 is aligned to everything: a free [0, 64K) is one order-4 run. */
static int free_all_free_page_0_starts_largest_run(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, 0, SZ_64K))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 63, tl_record_run, &r), 16);
	ASSERT_RUNS(&r, { 0, 4 });
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* max_order 63: a naturally aligned 2^20-page block is one run of order 20. */
static int free_all_max_order_63_whole_block_one_run(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (tl_init(&e, bootmem_arena_bytes(2, 1ULL << 20 | 256)))
		return 1;
	if (tl_add_free(&e, 0, SZ_4G, SZ_4G + SZ_4G) ||
	    tl_add_free(&e, 1, 1ULL << 63, (1ULL << 63) + SZ_1M))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 63, tl_record_run, &r), (1ULL << 20) + 256);
	ASSERT_RUNS(&r, { PAGES(SZ_4G), 20 }, { PAGES(1ULL << 63), 8 });
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* Block boundaries ----------------------------------------------------------- */

/* Two contiguous 8-page blocks of different nodes: two order-3 runs, not one order-4. */
static int free_all_runs_stop_at_contiguous_block_join(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 1, PG(8), PG(16)) || tl_add_free(&e, 0, 0, PG(8)))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, tl_record_run, &r), 16);
	ASSERT_RUNS(&r, { 0, 3 }, { 8, 3 });
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* n0 [0,3) n1 [3,16): 0(1) 2(0) | 3(0) 4(2) 8(3). */
static int free_all_runs_split_at_unaligned_join(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, 0, PG(3)) || tl_add_free(&e, 1, PG(3), PG(16)))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, tl_record_run, &r), 16);
	ASSERT_RUNS(&r, { 0, 1 }, { 2, 0 }, { 3, 0 }, { 4, 2 }, { 8, 3 });
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* Blocks added out of order, with holes: runs still come in ascending order. */
static int free_all_ascending_over_blocks_added_out_of_order(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 2, PG(1024), PG(1024 + 64)) || tl_add_free(&e, 0, PG(64), PG(128)) ||
	    tl_add_free(&e, 1, PG(128), PG(130)) || tl_add_free(&e, 0, PG(512), PG(513)))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 63, tl_record_run, &r), 64 + 64 + 2 + 1);
	ASSERT_RUNS(&r, { 64, 6 }, { 128, 1 }, { 512, 0 }, { 1024, 6 });
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* The seed layout with max_order 63: one run per 2G block except block 0. */
static int free_all_seed_max_order_63(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (tl_seed_layout(&e))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 63, tl_record_run, &r), PAGES(8 * SZ_1G) - 1);
	/* [1, 2^19): orders 0..18; then the three other blocks, 2^19 pages each. */
	ASSERT_EQ(r.n, 19 + 3);
	for (unsigned k = 0; k < 19; k++) {
		ASSERT_EQ(r.start[k], PG(1ULL << k));
		ASSERT_EQ(r.order[k], k);
	}
	for (unsigned k = 0; k < 3; k++) {
		ASSERT_EQ(r.start[19 + k], (2 + 2 * (uint64_t)k) * SZ_1G);
		ASSERT_EQ(r.order[19 + k], 19);
	}
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* Nothing free / nothing at all: 0, no call. */
static int free_all_with_no_free_page_releases_nothing(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 0, 0, SZ_1M));
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, tl_record_run, &r), 0);
	ASSERT_EQ(r.n, 0);
	ASSERT_STATS(&e, -1, 256, 0, 1, 1);
	tl_fini(&e);

	if (tl_init(&e, 0))
		return 1;
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, tl_record_run, &r), 0);
	ASSERT_EQ(r.n, 0);
	ASSERT_RC(bootmem_add_block(&e.bm, 0, 0, SZ_1M), BOOTMEM_ESTATE);
	tl_fini(&e);
	return 0;
}

/* Errors and the state afterwards -------------------------------------------- */

static int free_all_null_fn_or_order_64_is_einval(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };
	phys_addr_t a;

	if (setup_free_pages(&e, 3, 18))
		return 1;
	ASSERT_FAILS_CLEAN(&e, free_all_bootmem(&e.bm, 10, NULL, &r), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, free_all_bootmem(&e.bm, 64, tl_record_run, &r), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, free_all_bootmem(&e.bm, 1000, tl_record_run, &r), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, free_all_bootmem(&e.bm, ~0u, NULL, &r), BOOTMEM_EINVAL);
	ASSERT_EQ(r.n, 0);
	/* Still live. */
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_4K, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, PG(3));
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

/* After free_all: ESTATE for every call but stats, check and strerror. */
static int free_all_then_everything_is_estate(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };
	struct bootmem_stats st;
	phys_addr_t a = 99;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, 0, SZ_1M) || tl_add_free(&e, 1, SZ_1M, 2 * SZ_1M))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, 100, 0, 0, 0, &a));
	ASSERT_OK(reserve_bootmem(&e.bm, SZ_1M, SZ_64K, BOOTMEM_DEFAULT));
	ASSERT_STATS(&e, -1, 512, 512 - 1 - 16, 2, 2);
	ASSERT_EQ(free_all_bootmem(&e.bm, 10, tl_record_run, &r), 512 - 1 - 16);
	ASSERT_EQ(r.pages, 512 - 1 - 16);

	ASSERT_FAILS_CLEAN(&e, free_all_bootmem(&e.bm, 10, tl_record_run, &r), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, free_all_bootmem(&e.bm, 64, NULL, NULL), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, bootmem_add_block(&e.bm, 2, 4 * SZ_1M, 5 * SZ_1M), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, free_bootmem(&e.bm, SZ_1M, SZ_4K), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem(&e.bm, SZ_1M, SZ_4K, BOOTMEM_DEFAULT), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, free_bootmem_node(&e.bm, 1, SZ_1M, SZ_4K), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, reserve_bootmem_node(&e.bm, 1, SZ_1M, SZ_4K, 0), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, SZ_4K, 0, 0, 0, &a), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 0, SZ_4K, 0, 0, 0, &a), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, bootmem_page_is_free(&e.bm, SZ_1M), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, bootmem_page_is_free(&e.bm, 100 * SZ_1G), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, bootmem_check(&e.bm), 0);
	ASSERT_FAILS_CLEAN(&e, bootmem_stats(&e.bm, -1, &st), 0);
	/* Stats keep the counts from just before free_all. */
	ASSERT_STATS(&e, -1, 512, 512 - 1 - 16, 2, 2);
	ASSERT_STATS(&e, 0, 256, 255, 1, 1);
	ASSERT_STATS(&e, 1, 256, 256 - 16, 1, 1);
	ASSERT_STATS(&e, 7, 0, 0, 0, 0);
	ASSERT_RC(bootmem_stats(&e.bm, 1024, &st), BOOTMEM_EINVAL);
	ASSERT_TRUE(strcmp(bootmem_strerror(BOOTMEM_ESTATE), "unknown error") != 0);
	ASSERT_EQ(strcmp(bootmem_strerror(12345), "unknown error"), 0);
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

/* Scale: 1 TiB over 8 nodes x 4 blocks ------------------------------------- */

#define TIB   (1ULL << 40)
#define BLK   (32 * SZ_1G)           /* 2^23 pages */

/*
 * Blocks i = 0..31 at [i * 32G, (i+1) * 32G) of node i % 8: contiguous,
 * no two blocks of a node touch. Freed in one call, page 0 reserved, a 1G
 * allocation at the top and a 2M one that falls back to the bottom.
 */
static int scaled_1tib_8_nodes_stats_alloc_free_all(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };
	phys_addr_t a;
	struct timespec t0, t1;
	const uint64_t total = PAGES(TIB), per_node = total / 8;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (tl_init(&e, bootmem_arena_bytes(32, total)))
		return 1;
	for (int k = 0; k < 32; k++) {
		int i = (k * 13) % 32;     /* scrambled insertion order */

		ASSERT_OK(bootmem_add_block(&e.bm, i % 8, (uint64_t)i * BLK, (uint64_t)(i + 1) * BLK));
	}
	ASSERT_STATS(&e, -1, total, 0, 32, 8);
	ASSERT_OK(free_bootmem(&e.bm, 0, TIB));
	ASSERT_OK(reserve_bootmem(&e.bm, 0, SZ_4K, BOOTMEM_EXCLUSIVE));
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, total, total - 1, 32, 8);
	ASSERT_STATS(&e, 0, per_node, per_node - 1, 4, 1);
	for (int n = 1; n < 8; n++)
		ASSERT_STATS(&e, n, per_node, per_node, 4, 1);

	ASSERT_OK(alloc_bootmem(&e.bm, SZ_1G, SZ_1G, TIB - SZ_1G, 0, &a));
	ASSERT_EQ(a, TIB - SZ_1G);
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_2M, SZ_2M, 2 * TIB, 0, &a));    /* step 2 */
	ASSERT_EQ(a, SZ_2M);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_node(&e.bm, 7, BLK + SZ_4K, SZ_4K, 0, 0, &a),
			   BOOTMEM_ENOMEM);
	ASSERT_OK(alloc_bootmem_node(&e.bm, 7, BLK, SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, 7 * BLK);
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, total, total - 1 - PAGES(SZ_1G) - 512 - PAGES(BLK), 32, 8);
	ASSERT_STATS(&e, 7, per_node, per_node - PAGES(SZ_1G) - PAGES(BLK), 4, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, TIB - SZ_1G - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, TIB - SZ_1G), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, TIB - 1), 0);
	ASSERT_RC(bootmem_page_is_free(&e.bm, TIB), BOOTMEM_EFAULT);

	/*
	 * max_order 63. Block 0: [1, 512) as orders 0..8, [1024, 2^23) as
	 * orders 10..22. Blocks 1..30 except 7: one order-23 run each. Block 31:
	 * [31 * 2^23, 32 * 2^23 - 2^18) as orders 22..18.
	 */
	ASSERT_EQ(free_all_bootmem(&e.bm, 63, tl_record_run, &r),
		  total - 1 - PAGES(SZ_1G) - 512 - PAGES(BLK));
	ASSERT_EQ(r.n, 9 + 13 + 29 + 5);
	ASSERT_EQ(r.pages, total - 1 - PAGES(SZ_1G) - 512 - PAGES(BLK));
	for (unsigned k = 0; k < 9; k++) {
		ASSERT_EQ(r.start[k], PG(1ULL << k));
		ASSERT_EQ(r.order[k], k);
	}
	for (unsigned k = 0; k < 13; k++) {
		ASSERT_EQ(r.start[9 + k], PG(1ULL << (10 + k)));
		ASSERT_EQ(r.order[9 + k], 10 + k);
	}
	for (unsigned k = 0, i = 1; k < 29; k++, i++) {
		if (i == 7)
			i++;
		ASSERT_EQ(r.start[22 + k], i * BLK);
		ASSERT_EQ(r.order[22 + k], 23);
	}
	for (unsigned k = 0; k < 5; k++) {
		uint64_t s = 31 * BLK;

		for (unsigned j = 0; j < k; j++)
			s += PG(1ULL << (22 - j));
		ASSERT_EQ(r.start[51 + k], s);
		ASSERT_EQ(r.order[51 + k], 22 - k);
	}
	ASSERT_STATS(&e, -1, total, total - 1 - PAGES(SZ_1G) - 512 - PAGES(BLK), 32, 8);
	CHECK(&e.bm);
	tl_runs_free(&r);
	tl_fini(&e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* Generous bound (sanitizer builds, shared machine); host runs take ms. */
	ASSERT_TRUE((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 < 5000);
	return 0;
}

/* The same 1 TiB with max_order 18 (1 GiB): run count exact. */
static int scaled_1tib_free_all_max_order_18(void)
{
	struct tl_env e;
	struct tl_runs r = { 0 };
	phys_addr_t a;
	const uint64_t total = PAGES(TIB);

	if (tl_init(&e, bootmem_arena_bytes(32, total)))
		return 1;
	for (int i = 31; i >= 0; i--)
		ASSERT_OK(bootmem_add_block(&e.bm, i % 8, (uint64_t)i * BLK, (uint64_t)(i + 1) * BLK));
	ASSERT_OK(free_bootmem(&e.bm, 0, TIB));
	ASSERT_OK(reserve_bootmem(&e.bm, 0, SZ_4K, BOOTMEM_DEFAULT));
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_1G, SZ_1G, TIB - SZ_1G, 0, &a));
	ASSERT_EQ(a, TIB - SZ_1G);
	ASSERT_OK(alloc_bootmem(&e.bm, SZ_2M, SZ_2M, 0, 0, &a));
	ASSERT_EQ(a, SZ_2M);
	/* Block 0: 9 + 8 + 31, blocks 1..30: 32 each, block 31: 31. */
	ASSERT_EQ(free_all_bootmem(&e.bm, 18, tl_record_run, &r), total - 1 - 512 - PAGES(SZ_1G));
	ASSERT_EQ(r.n, 48 + 30 * 32 + 31);
	for (size_t i = 1; i < r.n; i++)
		ASSERT_TRUE(r.start[i] >= r.start[i - 1] + (SZ_4K << r.order[i - 1]));
	ASSERT_EQ(r.start[r.n - 1], TIB - 2 * SZ_1G);
	ASSERT_EQ(r.order[r.n - 1], 18);
	tl_runs_free(&r);
	tl_fini(&e);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(free_all_pages_3_to_17_max_order_10),
		TL_CASE(free_all_pages_3_to_16_max_order_10),
		TL_CASE(free_all_pages_3_to_17_max_order_2),
		TL_CASE(free_all_max_order_0_is_page_by_page),
		TL_CASE(free_all_run_100_to_block_end),
		TL_CASE(free_all_run_100_to_300_in_larger_block),
		TL_CASE(free_all_several_runs_in_one_block),
		TL_CASE(free_all_unaligned_block),
		TL_CASE(free_all_free_page_0_starts_largest_run),
		TL_CASE(free_all_max_order_63_whole_block_one_run),
		TL_CASE(free_all_runs_stop_at_contiguous_block_join),
		TL_CASE(free_all_runs_split_at_unaligned_join),
		TL_CASE(free_all_ascending_over_blocks_added_out_of_order),
		TL_CASE(free_all_seed_max_order_63),
		TL_CASE(free_all_with_no_free_page_releases_nothing),
		TL_CASE(free_all_null_fn_or_order_64_is_einval),
		TL_CASE(free_all_then_everything_is_estate),
		TL_CASE(scaled_1tib_8_nodes_stats_alloc_free_all),
		TL_CASE(scaled_1tib_free_all_max_order_18),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

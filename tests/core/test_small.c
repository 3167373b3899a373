// SPDX-License-Identifier: MIT
/*
 * test_small.c - sub-page packing of small requests (size < 4096 and
 * align < 4096): a small request goes into the partially used last page of
 * the previous small allocation of the block, at align_up(prev_end, align),
 * when it fits there and satisfies goal and limit; otherwise it takes a fresh
 * page (lowest, like a page-granular request), which becomes the shared page.
 */
#include "testlib.h"

#define P     SZ_4K

/* A: n0 [0, 1M), B: n1 [1M, 2M), contiguous, all free. */
static int setup_two(struct tl_env *e)
{
	if (tl_init(e, 0))
		return 1;
	if (tl_add_free(e, 0, 0, SZ_1M) || tl_add_free(e, 1, SZ_1M, 2 * SZ_1M))
		return 1;
	CHECK(&e->bm);
	return 0;
}

/* alloc_bootmem(size, align, goal, limit) must return @want. */
#define ALLOC_AT(e, size, align, goal, limit, want) do { \
	phys_addr_t _got = 0; \
	ASSERT_OK(alloc_bootmem(&(e)->bm, (size), (align), (goal), (limit), &_got)); \
	ASSERT_EQ(_got, (want)); \
	CHECK(&(e)->bm); \
} while (0)

#define ALLOC_NODE_AT(e, nid, size, align, want) do { \
	phys_addr_t _got = 0; \
	ASSERT_OK(alloc_bootmem_node(&(e)->bm, (nid), (size), (align), 0, 0, &_got)); \
	ASSERT_EQ(_got, (want)); \
	CHECK(&(e)->bm); \
} while (0)

static int small_first_takes_lowest_fresh_page(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 8, 0, 0, P);
	ASSERT_STATS(&e, -1, 256, 255, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, P + 4095), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 2 * P), 1);
	tl_fini(&e);
	return 0;
}

static int small_second_packs_right_after_first(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 8, 0, 0, P);
	ALLOC_AT(&e, 100, 8, 0, 0, P + 104);     /* align_up(P + 100, 8) */
	ALLOC_AT(&e, 3, 1, 0, 0, P + 204);
	ALLOC_AT(&e, 3, 4, 0, 0, P + 208);
	ASSERT_STATS(&e, -1, 256, 255, 1, 1);
	tl_fini(&e);
	return 0;
}

static int small_packing_honours_each_alignment(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 1, 1, 0, 0, P);
	ALLOC_AT(&e, 1, 2048, 0, 0, P + 2048);
	ALLOC_AT(&e, 1, 1024, 0, 0, P + 3072);
	/* align_up(P + 3073, 2048) is the page end: a fresh page. */
	ALLOC_AT(&e, 1, 2048, 0, 0, 2 * P);
	ALLOC_AT(&e, 1, 1, 0, 0, 2 * P + 1);
	ASSERT_STATS(&e, -1, 256, 254, 1, 1);
	tl_fini(&e);
	return 0;
}

static int small_exactly_filling_the_page_then_fresh_page(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 2048, 0, 0, 0, P);
	ALLOC_AT(&e, 2048, 0, 0, 0, P + 2048);
	ALLOC_AT(&e, 1, 0, 0, 0, 2 * P);
	ALLOC_AT(&e, 1, 0, 0, 0, 2 * P + 64);
	ASSERT_STATS(&e, -1, 256, 254, 1, 1);
	tl_fini(&e);
	return 0;
}

/* 4095 bytes, then 1 byte fits in the last byte of the page. */
static int small_4095_then_last_byte_of_page(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 4095, 1, 0, 0, P);
	ALLOC_AT(&e, 1, 1, 0, 0, P + 4095);
	ALLOC_AT(&e, 1, 1, 0, 0, 2 * P);
	ASSERT_STATS(&e, -1, 256, 254, 1, 1);
	tl_fini(&e);
	return 0;
}

/* A request that does not fit takes a fresh page, which becomes the shared
 * one: the room left in the older page is not used any more. */
static int small_fresh_page_becomes_the_shared_page(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 3000, 0, 0, 0, P);
	ALLOC_AT(&e, 2000, 0, 0, 0, 2 * P);
	ALLOC_AT(&e, 1000, 0, 0, 0, 2 * P + 2048);   /* not P + 3008 */
	ALLOC_AT(&e, 1000, 0, 0, 0, 2 * P + 3072);
	ASSERT_STATS(&e, -1, 256, 254, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Page-granular allocations in between leave the shared page alone. */
static int page_granular_allocs_do_not_disturb_sharing(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, 0, 0, P);
	ALLOC_AT(&e, P, P, 0, 0, 2 * P);
	ALLOC_AT(&e, 100, 0, 0, 0, P + 128);
	ALLOC_AT(&e, 2 * P, 2 * P, 0, 0, 4 * P);
	ALLOC_AT(&e, 100, 0, 0, 0, P + 256);
	ASSERT_STATS(&e, -1, 256, 256 - 4, 1, 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, 3 * P), 1);
	tl_fini(&e);
	return 0;
}

/*
 * A request with align >= 4096 (or size >= 4096) is not small: it is not a
 * "previous small allocation", so the next small one takes the lowest free
 * page. Its own placement is only guaranteed aligned and non-overlapping.
 */
static int non_small_requests_do_not_start_sharing(void)
{
	struct tl_env e;
	phys_addr_t a, b;
	uint64_t lowest;

	if (tl_one_free_block(&e))
		return 1;
	ASSERT_OK(alloc_bootmem(&e.bm, 100, P, 0, 0, &a));
	ASSERT_EQ(a % P, 0);
	ASSERT_TRUE(a >= P);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, a), 0);
	ASSERT_STATS(&e, -1, 256, 255, 1, 1);
	for (lowest = P; bootmem_page_is_free(&e.bm, lowest) != 1; lowest += P)
		;
	ALLOC_AT(&e, 100, 0, 0, 0, lowest);
	ASSERT_OK(alloc_bootmem(&e.bm, 5000, 64, 0, 0, &b));
	ASSERT_EQ(b % 64, 0);
	ASSERT_TRUE(b + 5000 <= a || b >= a + 100);
	ASSERT_TRUE(b + 5000 <= lowest || b >= lowest + 100);
	ALLOC_AT(&e, 100, 0, 0, 0, lowest + 128);
	ASSERT_STATS(&e, -1, 256, 256 - 1 - 1 - 2, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Freeing ------------------------------------------------------------------ */

static int freeing_shared_page_ends_sharing(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, 0, 0, P);
	ASSERT_OK(free_bootmem(&e.bm, P, P));
	CHECK(&e.bm);
	ALLOC_AT(&e, 100, 0, 0, 0, P);            /* a fresh page, not P + 128 */
	ALLOC_AT(&e, 100, 0, 0, 0, P + 128);
	ASSERT_STATS(&e, -1, 256, 255, 1, 1);
	tl_fini(&e);
	return 0;
}

/* The page is then handed out whole: no later small request may land in it. */
static int freed_shared_page_reused_whole_is_not_shared(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, 0, 0, P);
	ASSERT_OK(free_bootmem(&e.bm, P, P));
	ALLOC_AT(&e, P, P, 0, 0, P);
	ALLOC_AT(&e, 100, 0, 0, 0, 2 * P);
	ASSERT_STATS(&e, -1, 256, 254, 1, 1);
	tl_fini(&e);
	return 0;
}

/* A multi-page free that covers the shared page ends sharing too. */
static int freeing_range_over_shared_page_ends_sharing(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, 0, 0, P);
	ALLOC_AT(&e, 2 * P, P, 0, 0, 2 * P);
	ASSERT_OK(free_bootmem(&e.bm, P - 1, 3 * P + 2));   /* whole pages 1..3 */
	CHECK(&e.bm);
	ASSERT_STATS(&e, -1, 256, 256, 1, 1);
	ALLOC_AT(&e, 200, 0, 0, 0, P);
	ALLOC_AT(&e, 200, 0, 0, 0, P + 256);
	tl_fini(&e);
	return 0;
}

static int freeing_another_page_keeps_sharing(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, 0, 0, P);
	ALLOC_AT(&e, P, P, 0, 0, 2 * P);
	ASSERT_OK(free_bootmem(&e.bm, 2 * P, P));
	ALLOC_AT(&e, 100, 0, 0, 0, P + 128);      /* not the free page 2P */
	ASSERT_STATS(&e, -1, 256, 255, 1, 1);
	tl_fini(&e);
	return 0;
}

/* A free inside the shared page that covers no whole page changes nothing. */
static int free_of_no_whole_page_keeps_sharing(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, 0, 0, P);
	ASSERT_OK(free_bootmem(&e.bm, P + 200, 100));
	ALLOC_AT(&e, 100, 0, 0, 0, P + 128);
	ASSERT_STATS(&e, -1, 256, 255, 1, 1);
	tl_fini(&e);
	return 0;
}

/* The shared page needs no free page: it works with memory otherwise full. */
static int small_packs_with_no_free_page_left(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, 0, 0, P);
	ASSERT_OK(reserve_bootmem(&e.bm, 0, SZ_1M, BOOTMEM_DEFAULT));
	ALLOC_AT(&e, 100, 0, 0, 0, P + 128);
	ALLOC_AT(&e, 3000, 0, 0, 0, P + 256);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, 1000, 0, 0, 0, &a), BOOTMEM_ENOMEM);
	ALLOC_AT(&e, 832, 0, 0, 0, P + 3264);     /* align_up(P + 3256, 64), ends at 2P */
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, 1, 1, 0, 0, &a), BOOTMEM_ENOMEM);
	ASSERT_STATS(&e, -1, 256, 0, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Goal and limit ------------------------------------------------------------- */

/* The shared address is below the goal: a fresh page >= goal, which is
 * then the shared page. */
static int small_below_goal_takes_fresh_page_at_goal(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, 0, 0, P);
	ALLOC_AT(&e, 100, 0, 2 * P, 0, 2 * P);
	ALLOC_AT(&e, 100, 0, 0, 0, 2 * P + 128);
	ALLOC_AT(&e, 100, 0, P + 128, 0, 2 * P + 256);
	ASSERT_STATS(&e, -1, 256, 254, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Goal inside the shared page: the packed address must still be >= goal. */
static int small_goal_inside_shared_page(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, 0, 0, P);
	ALLOC_AT(&e, 100, 0, P + 128, 0, P + 128);   /* exactly at goal */
	ALLOC_AT(&e, 100, 0, P + 257, 0, 2 * P);     /* align_up(P + 228) = P + 256 < goal */
	ASSERT_STATS(&e, -1, 256, 254, 1, 1);
	tl_fini(&e);
	return 0;
}

/* limit bounds the end of a packed allocation; step 2 ignores it. */
static int small_limit_bounds_end_of_packed_address(void)
{
	struct tl_env e;

	if (setup_two(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, SZ_1M, 0, SZ_1M);
	ALLOC_AT(&e, 100, 0, SZ_1M, SZ_1M + 228, SZ_1M + 128);    /* ends exactly at limit */
	/* One byte short: no packed fit, no page-granular fit below the limit:
	 * step 2, lowest anywhere, i.e. a fresh page of A (A has no shared page). */
	ALLOC_AT(&e, 100, 0, SZ_1M, SZ_1M + 355, P);
	/* B's shared page is still B's. */
	ALLOC_AT(&e, 100, 0, SZ_1M, 0, SZ_1M + 256);
	ASSERT_STATS(&e, 0, 256, 255, 1, 1);
	ASSERT_STATS(&e, 1, 256, 255, 1, 1);
	tl_fini(&e);
	return 0;
}

/* A page-granular fit inside goal..limit is taken for a small request. */
static int small_fresh_page_inside_goal_limit(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, 0, 0, P);
	ALLOC_AT(&e, 100, 0, 5 * P, 6 * P, 5 * P);
	ALLOC_AT(&e, 100, 0, 5 * P, 6 * P, 5 * P + 128);
	ASSERT_STATS(&e, -1, 256, 254, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Step 2 uses the shared page too. */
static int small_step2_uses_shared_page(void)
{
	struct tl_env e;

	if (tl_one_free_block(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, 0, 0, P);
	ALLOC_AT(&e, 100, 0, 2 * P, 2 * P + 200, P + 128);
	ASSERT_STATS(&e, -1, 256, 255, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Per block ------------------------------------------------------------------ */

/* Each block has its own shared page. */
static int small_sharing_is_per_block(void)
{
	struct tl_env e;

	if (setup_two(&e))
		return 1;
	ALLOC_AT(&e, 100, 0, SZ_1M, 0, SZ_1M);       /* B's shared page */
	ALLOC_AT(&e, 100, 0, 0, 0, P);               /* A searched first: fresh page */
	ALLOC_AT(&e, 100, 0, 0, 0, P + 128);         /* A's shared page */
	ALLOC_AT(&e, 100, 0, SZ_1M, 0, SZ_1M + 128); /* B's shared page */
	ASSERT_STATS(&e, 0, 256, 255, 1, 1);
	ASSERT_STATS(&e, 1, 256, 255, 1, 1);
	tl_fini(&e);
	return 0;
}

static int small_node_allocs_pack_within_node_block(void)
{
	struct tl_env e;

	if (setup_two(&e))
		return 1;
	ALLOC_NODE_AT(&e, 1, 100, 0, SZ_1M);
	ALLOC_NODE_AT(&e, 1, 100, 0, SZ_1M + 128);
	ALLOC_NODE_AT(&e, 0, 100, 0, P);
	ALLOC_AT(&e, 100, 0, 0, 0, P + 128);
	ALLOC_NODE_AT(&e, 1, 64, 64, SZ_1M + 256);
	ASSERT_STATS(&e, 0, 256, 255, 1, 1);
	ASSERT_STATS(&e, 1, 256, 255, 1, 1);
	tl_fini(&e);
	return 0;
}

/* Random mix, checked against the packing rule ------------------------------ */

struct live {
	uint64_t a, size;
};

/*
 * Small and page-granular requests in random order on one block, goal 0 and
 * no limit. Each small result must be the packed address when it fits, else
 * the lowest free page; each page-granular result the lowest aligned free
 * run. No two live allocations overlap.
 */
static int small_random_mix_follows_packing_rule(void)
{
	enum { N = 600, PAGES_N = 1024 };
	static struct live live[N];
	struct tl_env e;
	uint64_t seed = 0xfeedface12345ULL, shared_end = 0;
	size_t n = 0;

	if (tl_init(&e, 0))
		return 1;
	if (tl_add_free(&e, 0, 0, PG(PAGES_N)))
		return 1;
	for (int i = 0; i < N; i++) {
		int page_req = tl_rand(&seed) % 5 == 0;
		uint64_t size, align, want = 0, npages, apages;
		phys_addr_t a;

		if (page_req) {
			npages = 1 + tl_rand(&seed) % 3;
			apages = 1ULL << (tl_rand(&seed) % 3);
			size = PG(npages);
			align = PG(apages);
		} else {
			size = 1 + tl_rand(&seed) % (tl_rand(&seed) % 2 ? 64 : 4095);
			align = 1ULL << (tl_rand(&seed) % 12);
			npages = apages = 1;
		}
		if (!page_req && shared_end) {
			uint64_t c = (shared_end + align - 1) & ~(align - 1);

			if (c + size <= (shared_end & ~(P - 1)) + P)
				want = c;
		}
		if (!want) {
			/* lowest aligned run of npages free pages, from page 1 */
			for (uint64_t p = apages; p + npages <= PAGES_N && !want; p += apages) {
				uint64_t k = 0;

				while (k < npages && bootmem_page_is_free(&e.bm, PG(p + k)) == 1)
					k++;
				if (k == npages)
					want = PG(p);
			}
		}
		if (!want) {
			ASSERT_FAILS_CLEAN(&e, alloc_bootmem(&e.bm, size, align, 0, 0, &a),
					   BOOTMEM_ENOMEM);
			continue;
		}
		ASSERT_OK(alloc_bootmem(&e.bm, size, align, 0, 0, &a));
		if (a != want) {
			fprintf(stderr, "step %d: size %" PRIu64 " align %" PRIu64 ": got 0x%" PRIx64
				", expected 0x%" PRIx64 "\n", i, size, align, a, want);
			ASSERT_EQ(a, want);
		}
		ASSERT_EQ(a % align, 0);
		for (size_t j = 0; j < n; j++)
			ASSERT_TRUE(a + size <= live[j].a || a >= live[j].a + live[j].size);
		live[n].a = a;
		live[n].size = size;
		n++;
		if (!page_req)
			shared_end = (a + size) % P ? a + size : 0;
		CHECK(&e.bm);
	}
	ASSERT_TRUE(n > N / 2);
	tl_fini(&e);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(small_first_takes_lowest_fresh_page),
		TL_CASE(small_second_packs_right_after_first),
		TL_CASE(small_packing_honours_each_alignment),
		TL_CASE(small_exactly_filling_the_page_then_fresh_page),
		TL_CASE(small_4095_then_last_byte_of_page),
		TL_CASE(small_fresh_page_becomes_the_shared_page),
		TL_CASE(page_granular_allocs_do_not_disturb_sharing),
		TL_CASE(non_small_requests_do_not_start_sharing),
		TL_CASE(freeing_shared_page_ends_sharing),
		TL_CASE(freed_shared_page_reused_whole_is_not_shared),
		TL_CASE(freeing_range_over_shared_page_ends_sharing),
		TL_CASE(freeing_another_page_keeps_sharing),
		TL_CASE(free_of_no_whole_page_keeps_sharing),
		TL_CASE(small_packs_with_no_free_page_left),
		TL_CASE(small_below_goal_takes_fresh_page_at_goal),
		TL_CASE(small_goal_inside_shared_page),
		TL_CASE(small_limit_bounds_end_of_packed_address),
		TL_CASE(small_fresh_page_inside_goal_limit),
		TL_CASE(small_step2_uses_shared_page),
		TL_CASE(small_sharing_is_per_block),
		TL_CASE(small_node_allocs_pack_within_node_block),
		TL_CASE(small_random_mix_follows_packing_rule),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

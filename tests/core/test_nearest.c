// SPDX-License-Identifier: MIT
/*
 * test_nearest.c - alloc_bootmem_nearest(): node @nid as alloc_bootmem_node(),
 * then the other nodes with memory in ascending distance, ties to the lower
 * nid; memoryless @nid; rows shorter than the node count (255 beyond);
 * goal and limit on every node; every error, each leaving the state
 * byte-identical and *out / *out_nid unwritten.
 */
#include <limits.h>

#include "testlib.h"

#define M(n)  ((uint64_t)(n) * SZ_1M)

/* Node n (0..4) owns [16M * (n + 1), 16M * (n + 1) + 1M), all free. */
static int setup(struct tl_env *e)
{
	if (tl_init(e, 0))
		return 1;
	for (int n = 4; n >= 0; n--)
		if (tl_add_free(e, n, M(16) * (uint64_t)(n + 1), M(16) * (uint64_t)(n + 1) + M(1)))
			return 1;
	CHECK(&e->bm);
	return 0;
}

static uint64_t node_base(int n)
{
	return M(16) * (uint64_t)(n + 1);
}

/* Leave @pages free pages at the start of every node's block. */
static int leave_free(struct tl_env *e, uint64_t pages)
{
	for (int n = 0; n < 5; n++)
		ASSERT_OK(reserve_bootmem(&e->bm, node_base(n) + PG(pages), M(1) - PG(pages),
					  BOOTMEM_DEFAULT));
	CHECK(&e->bm);
	return 0;
}

/*
 * One free page per node: allocating a page again and again from one row
 * gives the nodes in exactly the row's order, then ENOMEM.
 */
static int order_is(struct tl_env *e, int nid, const uint8_t *dist, uint32_t nr_dist,
		    const int *want, int n, const char *file, int line)
{
	for (int i = 0; i < n; i++) {
		phys_addr_t a = 0;
		int got = -1;
		int rc = alloc_bootmem_nearest(&e->bm, nid, dist, nr_dist, PG(1), SZ_4K, 0, 0, &a, &got);

		if (rc || got != want[i] || a != node_base(want[i])) {
			fprintf(stderr, "%s:%d: step %d: rc %d, node %d at 0x%llx; want node %d at 0x%llx\n",
				file, line, i, rc, got, (unsigned long long)a, want[i],
				(unsigned long long)node_base(want[i]));
			return 1;
		}
		CHECK(&e->bm);
	}
	ASSERT_FAILS_CLEAN(e, alloc_bootmem_nearest(&e->bm, nid, dist, nr_dist, PG(1), SZ_4K, 0, 0,
						    &(phys_addr_t){ 0 }, NULL), BOOTMEM_ENOMEM);
	return 0;
}
#define ASSERT_ORDER(e, nid, dist, nr, ...) do { \
	static const int _w[] = { __VA_ARGS__ }; \
	if (order_is((e), (nid), (dist), (nr), _w, (int)(sizeof(_w) / sizeof(_w[0])), \
		     __FILE__, __LINE__)) \
		return 1; \
} while (0)

/* Own node first, then by the row: 2 (15), 4 (20), 1 (30), 3 (40). */
static int own_node_then_ascending_distance(void)
{
	static const uint8_t row0[5] = { 10, 30, 15, 40, 20 };
	struct tl_env e;

	if (setup(&e) || leave_free(&e, 1))
		return 1;
	ASSERT_ORDER(&e, 0, row0, 5, 0, 2, 4, 1, 3);
	tl_fini(&e);
	return 0;
}

/* Rows are asymmetric: node 3's row orders the same nodes differently. */
static int asymmetric_rows_give_their_own_order(void)
{
	static const uint8_t row3[5] = { 25, 12, 90, 10, 11 };
	static const uint8_t row1[5] = { 11, 10, 12, 90, 25 };
	struct tl_env e;

	if (setup(&e) || leave_free(&e, 1))
		return 1;
	ASSERT_ORDER(&e, 3, row3, 5, 3, 4, 1, 0, 2);
	tl_fini(&e);
	if (setup(&e) || leave_free(&e, 1))
		return 1;
	ASSERT_ORDER(&e, 1, row1, 5, 1, 0, 2, 4, 3);
	tl_fini(&e);
	return 0;
}

/* Equal distances: the lower nid first. */
static int ties_go_to_the_lower_nid(void)
{
	static const uint8_t row[5] = { 20, 20, 10, 20, 20 };
	static const uint8_t pairs[5] = { 30, 10, 30, 10, 10 };
	struct tl_env e;

	if (setup(&e) || leave_free(&e, 1))
		return 1;
	ASSERT_ORDER(&e, 2, row, 5, 2, 0, 1, 3, 4);
	tl_fini(&e);
	if (setup(&e) || leave_free(&e, 1))
		return 1;
	/* dist[nid] plays no part: node 3 is tried first, then 1, 4 (10), 0, 2 (30). */
	ASSERT_ORDER(&e, 3, pairs, 5, 3, 1, 4, 0, 2);
	tl_fini(&e);
	return 0;
}

/* A valid node without memory (a CPU-only node) gets the nearest memory. */
static int memoryless_nid_served_by_nearest(void)
{
	static uint8_t row7[8] = { 40, 30, 20, 15, 25, 255, 255, 10 };
	struct tl_env e;
	phys_addr_t a = 0;
	int got = -1;

	if (setup(&e) || leave_free(&e, 1))
		return 1;
	ASSERT_ORDER(&e, 7, row7, 8, 3, 2, 4, 1, 0);
	tl_fini(&e);
	/* The largest valid nid, with a full-length row. */
	if (setup(&e))
		return 1;
	{
		static uint8_t big[BOOTMEM_MAX_NODES];

		memset(big, 200, sizeof(big));
		big[4] = 11;
		ASSERT_OK(alloc_bootmem_nearest(&e.bm, BOOTMEM_MAX_NODES - 1, big, BOOTMEM_MAX_NODES,
						PG(2), SZ_4K, 0, 0, &a, &got));
		ASSERT_EQ(a, node_base(4));
		ASSERT_EQ(got, 4);
	}
	ASSERT_STATS(&e, 4, PAGES(M(1)), PAGES(M(1)) - 2, 1, 1);
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

/* A row shorter than the node count: the nodes past it count as 255. */
static int short_row_counts_255_beyond(void)
{
	static const uint8_t row[2] = { 10, 255 };
	static const uint8_t row254[3] = { 10, 255, 254 };
	struct tl_env e;

	if (setup(&e) || leave_free(&e, 1))
		return 1;
	/* Nodes 1 (255 given), 2, 3, 4 (255 implied): a tie, lower nid first. */
	ASSERT_ORDER(&e, 0, row, 2, 0, 1, 2, 3, 4);
	tl_fini(&e);
	if (setup(&e) || leave_free(&e, 1))
		return 1;
	/* 254 beats every implied 255. */
	ASSERT_ORDER(&e, 0, row254, 3, 0, 2, 1, 3, 4);
	tl_fini(&e);
	if (setup(&e) || leave_free(&e, 1))
		return 1;
	/* No row at all: every other node equally far. */
	ASSERT_ORDER(&e, 3, NULL, 0, 3, 0, 1, 2, 4);
	tl_fini(&e);
	return 0;
}

/* Node nid is tried with both steps before any other node: its memory below the goal wins. */
static int own_node_step2_before_other_nodes(void)
{
	static const uint8_t row[5] = { 10, 11, 12, 13, 14 };
	struct tl_env e;
	phys_addr_t a = 0;
	int got = -1;

	if (setup(&e))
		return 1;
	ASSERT_OK(alloc_bootmem_nearest(&e.bm, 0, row, 5, PG(1), SZ_4K, node_base(1), 0, &a, &got));
	ASSERT_EQ(a, node_base(0));          /* step 2 on node 0, not step 1 on node 1 */
	ASSERT_EQ(got, 0);
	/* Node 0 full: goal and limit apply on node 1 as on node 0 (step 1). */
	ASSERT_OK(reserve_bootmem(&e.bm, node_base(0), M(1), BOOTMEM_DEFAULT));
	ASSERT_OK(alloc_bootmem_nearest(&e.bm, 0, row, 5, PG(2), SZ_4K, node_base(1) + PG(8),
					node_base(1) + PG(10), &a, &got));
	ASSERT_EQ(a, node_base(1) + PG(8));
	ASSERT_EQ(got, 1);
	/* A window no node can hold: step 2 on the nearest node, its lowest page. */
	ASSERT_OK(alloc_bootmem_nearest(&e.bm, 0, row, 5, PG(2), SZ_4K, M(200), M(200) + PG(1),
					&a, &got));
	ASSERT_EQ(a, node_base(1));
	ASSERT_EQ(got, 1);
	CHECK(&e.bm);
	ASSERT_STATS(&e, 1, PAGES(M(1)), PAGES(M(1)) - 4, 1, 1);
	ASSERT_STATS(&e, 2, PAGES(M(1)), PAGES(M(1)), 1, 1);
	tl_fini(&e);
	return 0;
}

/* A node too small for the request is skipped for the next one. */
static int node_without_room_is_skipped(void)
{
	static const uint8_t row[5] = { 10, 20, 30, 40, 50 };
	struct tl_env e;
	phys_addr_t a = 0;
	int got = -1;

	if (setup(&e) || leave_free(&e, 2))
		return 1;
	ASSERT_OK(reserve_bootmem(&e.bm, node_base(3), PG(2), BOOTMEM_DEFAULT));
	ASSERT_OK(free_bootmem(&e.bm, node_base(3) + PG(4), PG(3)));
	/* 3 pages: nodes 0-2 and 4 have only 2, node 3 has 3 at +4 pages. */
	ASSERT_OK(alloc_bootmem_nearest(&e.bm, 1, row, 5, PG(3), SZ_4K, 0, 0, &a, &got));
	ASSERT_EQ(a, node_base(3) + PG(4));
	ASSERT_EQ(got, 3);
	/* Alignment counts as well: 8 KiB aligned pair on node 0 is at its base. */
	ASSERT_OK(alloc_bootmem_nearest(&e.bm, 4, row, 5, PG(2), 2 * SZ_4K, 0, 0, &a, &got));
	ASSERT_EQ(a, node_base(4));
	ASSERT_EQ(got, 4);
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

/* Small requests pack into the serving node's shared page; out_nid may be NULL. */
static int small_requests_pack_on_the_serving_node(void)
{
	static const uint8_t row[9] = { 30, 20, 10, 40, 50, 0, 0, 0, 10 };
	struct tl_env e;
	phys_addr_t a = 0, b = 0;

	if (setup(&e))
		return 1;
	ASSERT_OK(alloc_bootmem_nearest(&e.bm, 8, row, 9, 100, 8, 0, 0, &a, NULL));
	ASSERT_OK(alloc_bootmem_nearest(&e.bm, 8, row, 9, 100, 8, 0, 0, &b, NULL));
	ASSERT_EQ(a, node_base(2));
	ASSERT_EQ(b, node_base(2) + 104);
	ASSERT_STATS(&e, 2, PAGES(M(1)), PAGES(M(1)) - 1, 1, 1);
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

/* Every error: the state stays byte-identical and nothing is written to out/out_nid. */
static int errors_change_nothing(void)
{
	static const uint8_t row[5] = { 10, 20, 30, 40, 50 };
	static uint8_t big[BOOTMEM_MAX_NODES + 1];
	struct tl_env e;
	phys_addr_t a = 0x1234;
	int got = 77;

	if (setup(&e) || leave_free(&e, 1))
		return 1;
	/* EINVAL: nid, dist/nr_dist, size, align, out. */
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, -1, row, 5, PG(1), 0, 0, 0, &a, &got), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, BOOTMEM_MAX_NODES, row, 5, PG(1), 0, 0, 0, &a, &got), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, INT_MIN, row, 5, PG(1), 0, 0, 0, &a, &got), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 0, NULL, 1, PG(1), 0, 0, 0, &a, &got), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 0, NULL, UINT32_MAX, PG(1), 0, 0, 0, &a, &got), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 0, big, BOOTMEM_MAX_NODES + 1, PG(1), 0, 0, 0, &a, &got), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 0, row, 5, 0, 0, 0, 0, &a, &got), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 0, row, 5, PG(1), 3, 0, 0, &a, &got), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 0, row, 5, UINT64_MAX - 100, 0, 0, 0, &a, &got), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 0, row, 5, PG(1), 0, 0, 0, NULL, &got), BOOTMEM_EINVAL);
	/* A memoryless nid with a bad size: EINVAL, not ENOMEM. */
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 9, row, 5, 0, 0, 0, 0, &a, &got), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(NULL, 0, row, 5, PG(1), 0, 0, 0, &a, &got), BOOTMEM_EINVAL);
	/* ENOMEM: larger than any node's free run, on a memoryless nid too. */
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 0, row, 5, PG(2), 0, 0, 0, &a, &got), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 9, NULL, 0, PG(2), 0, 0, 0, &a, &got), BOOTMEM_ENOMEM);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 0, row, 5, UINT64_MAX - 4095, 0, 0, 0, &a, &got), BOOTMEM_ENOMEM);
	ASSERT_EQ(a, 0x1234);
	ASSERT_EQ(got, 77);
	/* ESTATE after free_all_bootmem, before any argument check. */
	{
		struct tl_runs r = { 0, 0, NULL, NULL, 0 };

		ASSERT_EQ(free_all_bootmem(&e.bm, 10, tl_record_run, &r), 5);
		tl_runs_free(&r);
	}
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, 0, row, 5, PG(1), 0, 0, 0, &a, &got), BOOTMEM_ESTATE);
	ASSERT_FAILS_CLEAN(&e, alloc_bootmem_nearest(&e.bm, -1, NULL, 3, 0, 3, 0, 0, NULL, NULL), BOOTMEM_ESTATE);
	ASSERT_EQ(a, 0x1234);
	ASSERT_EQ(got, 77);
	tl_fini(&e);
	return 0;
}

/* Garbage state: EINVAL (as every other call). */
static int garbage_state_is_einval(void)
{
	struct bootmem bm;
	phys_addr_t a;

	memset(&bm, 0x5a, sizeof(bm));
	ASSERT_RC(alloc_bootmem_nearest(&bm, 0, NULL, 0, PG(1), 0, 0, 0, &a, NULL), BOOTMEM_EINVAL);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(own_node_then_ascending_distance),
		TL_CASE(asymmetric_rows_give_their_own_order),
		TL_CASE(ties_go_to_the_lower_nid),
		TL_CASE(memoryless_nid_served_by_nearest),
		TL_CASE(short_row_counts_255_beyond),
		TL_CASE(own_node_step2_before_other_nodes),
		TL_CASE(node_without_room_is_skipped),
		TL_CASE(small_requests_pack_on_the_serving_node),
		TL_CASE(errors_change_nothing),
		TL_CASE(garbage_state_is_einval),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

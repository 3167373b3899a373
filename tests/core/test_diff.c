// SPDX-License-Identifier: MIT
/*
 * test_diff.c - differential test: random layouts and random API calls run
 * on the core and on the reference model (model.c) side by side; after every
 * call the return code, *out, the complete page state, small_end, counters,
 * stats, the free-range walk of all nodes and of each node, and
 * bm_check_detail() are compared, and a failing call (or any
 * bootmem_next_free_range call) must leave the arena byte-identical.
 *
 *   test_diff [SEED] [GROUP...]
 *   env BOOTMEM_SEED=N        seed (default fixed); argv[1] wins
 *   env BOOTMEM_DIFF_OPS=N    total operations (default 1.2M)
 *   env BOOTMEM_DIFF_ONLY=G:R run only run R of group G (replay)
 *   env BOOTMEM_DIFF_TRACE=1  print every call (use with ..._ONLY)
 *
 * Each run (layout + call sequence) is seeded from (seed, group, run index)
 * alone, so a failure replays with the hint printed next to it.
 */
#include <inttypes.h>
#include <limits.h>
#include <time.h>

#include "model.h"
#include "testlib.h"

#if defined(__SANITIZE_ADDRESS__)
#define DIFF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DIFF_ASAN 1
#endif
#endif
#ifndef DIFF_ASAN
#define DIFF_ASAN 0
#endif

#define PAGE_SZ        4096ULL
#define TOP_END   0xfffffffffffff000ULL   /* highest possible block end */
#define MAX_PLAN  80
#define MAX_ALLOCS 256

static uint64_t g_seed = 0x5eed0b007a11c0deULL;
static const char *g_prog = "test_diff";
static int g_trace;
static uint64_t g_total_ops;
/* BOOTMEM_DIFF_HIST=1: outcome counts per call kind: [0] 0, [1] > 0, [1 - e] error e */
static uint64_t (*g_hist)[9];

struct plan_block {
	uint64_t start, end;
	int nid;
};

struct group {
	const char *name;
	unsigned share;           /* per mille of the op target */
	int max_blocks;
	int chunky;               /* multi-chunk blocks (default build) */
	int edges;                /* extreme placements and arguments more often */
	int late;                 /* many blocks added mid-run, random adds */
	int tight;                /* arena smaller than needed */
	int freeall;              /* always end with free_all_bootmem */
};

static const struct group groups[] = {
	{ "diff_small",   400, 64, 0, 0, 0, 0, 0 },
	{ "diff_chunky",  150,  4, 1, 0, 0, 0, 0 },
	{ "diff_edges",   150, 16, 0, 1, 0, 0, 0 },
	{ "diff_late",    150, 32, 0, 0, 1, 0, 0 },
	{ "diff_arena",    50, 24, 0, 0, 1, 1, 0 },
	{ "diff_freeall", 100, 24, 0, 0, 0, 0, 1 },
};
#define NR_GROUPS (sizeof(groups) / sizeof(groups[0]))

struct ctx {
	const struct group *g;
	uint64_t rng;
	unsigned run;
	uint64_t op_index;
	struct dual d;
	struct plan_block plan[MAX_PLAN];
	int nplan;
	int order[MAX_PLAN];      /* add order (indices into plan) */
	int nadded;               /* order[0..nadded) issued */
	int nids[8];
	int nnodes;
	uint64_t span_lo, span_hi;
	uint64_t allocs[MAX_ALLOCS][2];
	int nallocs;
	uint32_t extra_blocks;    /* arena budget left for random adds */
	uint64_t extra_pages;
	uint8_t dist[BOOTMEM_MAX_NODES + 1];   /* the row of an alloc_bootmem_nearest op */
	char why[512];
};

static uint64_t rnd(struct ctx *c) { return tl_rand(&c->rng); }
static uint64_t below(struct ctx *c, uint64_t n) { return n ? rnd(c) % n : 0; }
static int chance(struct ctx *c, unsigned pct) { return below(c, 100) < pct; }
static uint64_t between(struct ctx *c, uint64_t lo, uint64_t hi) /* inclusive */
{
	return lo + below(c, hi - lo + 1);
}

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* ---- layouts ---------------------------------------------------------------- */

static uint64_t block_pages(struct ctx *c)
{
	if (c->g->chunky) {
		if (chance(c, 70))
			return between(c, 4097, 20000);
		return between(c, 1, 3000);
	}
	switch (below(c, 10)) {
	case 0: case 1: case 2:
		return between(c, 1, 8);
	case 3: case 4: case 5: case 6: case 7:
		return between(c, 9, 200);
	default:
		return between(c, 201, 700);
	}
}

static uint64_t hole_pages(struct ctx *c)
{
	switch (below(c, 10)) {
	case 0:
		return between(c, 1000, 1ULL << 24);
	case 1: case 2:
		return 64 * between(c, 1, 4);
	default:
		return between(c, 1, 64);
	}
}

static void gen_layout(struct ctx *c)
{
	int nb, i;
	uint64_t total = 0, cur;

	c->nnodes = (int)between(c, 1, 8);
	if (chance(c, 70)) {
		for (i = 0; i < c->nnodes; i++)
			c->nids[i] = i;
	} else {
		for (i = 0; i < c->nnodes; i++) {
			int n, dup;

			do {
				n = chance(c, 20) ? BOOTMEM_MAX_NODES - 1 - (int)below(c, 2)
						  : (int)below(c, BOOTMEM_MAX_NODES);
				dup = 0;
				for (int j = 0; j < i; j++)
					dup |= c->nids[j] == n;
			} while (dup);
			c->nids[i] = n;
		}
	}
	nb = chance(c, 30) ? (int)between(c, 1, 4) : (int)between(c, 1, (uint64_t)c->g->max_blocks);

	/* lengths and gaps first, then place the whole layout */
	uint64_t len[MAX_PLAN], gap[MAX_PLAN];
	for (i = 0; i < nb; i++) {
		len[i] = block_pages(c);
		gap[i] = 0;
		if (i > 0 && (c->nnodes == 1 || chance(c, 55)))
			gap[i] = hole_pages(c);
		total += len[i] + gap[i];
	}
	switch (below(c, c->g->edges ? 4 : 8)) {
	case 0:
		cur = 0;                                   /* page 0 is managed */
		break;
	case 1:
		cur = TOP_END / PAGE_SZ - total;                /* ends at the top of 2^64 */
		break;
	case 2:
		cur = between(c, 1, 8);
		break;
	case 3:
		cur = (1ULL << between(c, 20, 40)) - below(c, 128);
		break;
	default:
		cur = between(c, 1, 1ULL << 22);
		break;
	}
	c->nplan = nb;
	for (i = 0; i < nb; i++) {
		struct plan_block *p = &c->plan[i];

		cur += gap[i];
		p->start = cur * PAGE_SZ;
		p->end = (cur + len[i]) * PAGE_SZ;
		cur += len[i];
		p->nid = c->nids[below(c, (uint64_t)c->nnodes)];
		if (i > 0 && gap[i] == 0 && p->nid == c->plan[i - 1].nid) {
			/* touching blocks need different nodes */
			int k = 0;

			while (c->nids[k] == c->plan[i - 1].nid)
				k++;
			p->nid = c->nids[k];
		}
	}
	c->span_lo = c->plan[0].start;
	c->span_hi = c->plan[nb - 1].end;
	for (i = 0; i < nb; i++)
		c->order[i] = i;
	for (i = nb - 1; i > 0; i--) {
		int j = (int)below(c, (uint64_t)i + 1), t = c->order[i];

		c->order[i] = c->order[j];
		c->order[j] = t;
	}
}

/* ---- argument pickers ------------------------------------------------------- */

static const struct plan_block *any_block(struct ctx *c)
{
	return &c->plan[below(c, (uint64_t)c->nplan)];
}

static uint64_t extreme(struct ctx *c)
{
	static const uint64_t v[] = {
		0, 1, 4095, 4096, 4097, 8192, UINT64_MAX, UINT64_MAX - 1, UINT64_MAX - 4095,
		UINT64_MAX - 4096, TOP_END, TOP_END - 4096, 1ULL << 63, (1ULL << 63) - 1,
		1ULL << 52, (1ULL << 52) * PAGE_SZ - PAGE_SZ, 0xfff, 0x1000000,
	};

	return v[below(c, sizeof(v) / sizeof(v[0]))];
}

static uint64_t small_delta(struct ctx *c)
{
	static const int64_t v[] = { 0, 0, 0, 1, -1, 4095, -4095, 4096, -4096, 4097, -4097, 64, -64 };

	return (uint64_t)v[below(c, sizeof(v) / sizeof(v[0]))];
}

static uint64_t pick_addr(struct ctx *c)
{
	const struct plan_block *b = any_block(c);
	uint64_t pages = (b->end - b->start) / PAGE_SZ;

	switch (below(c, 22)) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		return b->start + below(c, pages) * PAGE_SZ;
	case 20: case 21: {
		/* near a summary boundary (chunk or bitmap word) inside the block */
		uint64_t unit = (chance(c, 50) ? BM_CHUNK_PAGES : 64) * PAGE_SZ;
		uint64_t a = (b->start + below(c, pages) * PAGE_SZ + unit - 1) / unit * unit;
		int64_t d = (int64_t)between(c, 0, 6) - 3;

		return a + (uint64_t)d * PAGE_SZ + (chance(c, 10) ? small_delta(c) : 0);
	}
	case 6: case 7: case 8:
		return b->start + below(c, b->end - b->start);
	case 9: case 10: case 11:
		return (chance(c, 50) ? b->start : b->end) + small_delta(c);
	case 12:
		return c->span_lo + below(c, c->span_hi - c->span_lo + 1) / PAGE_SZ * PAGE_SZ;
	case 13:
		return c->span_lo - PAGE_SZ * below(c, 4) + below(c, c->span_hi - c->span_lo + 16 * PAGE_SZ);
	case 14:
		return extreme(c);
	default:
		if (c->nallocs) {
			uint64_t a = c->allocs[below(c, (uint64_t)c->nallocs)][0];

			return chance(c, 80) ? a : a + small_delta(c);
		}
		return b->start + below(c, pages) * PAGE_SZ;
	}
}

/* Size for free/reserve starting at @addr. */
static uint64_t pick_range_size(struct ctx *c, uint64_t addr)
{
	const struct plan_block *b;

	switch (below(c, 20)) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		return PAGE_SZ * between(c, 1, 8);
	case 6: case 7:
		return PAGE_SZ * between(c, 1, 300);
	case 8: case 9: case 10:
		return between(c, 1, 3 * PAGE_SZ);
	case 11: case 12:
		/* to the end of a block (maybe a later one) */
		b = any_block(c);
		return b->end > addr ? b->end - addr + small_delta(c) : PAGE_SZ;
	case 13:
		return c->span_hi > addr ? c->span_hi - addr : PAGE_SZ;
	case 14:
		switch (below(c, 5)) {
		case 0: return 0;
		case 1: return UINT64_MAX - addr;           /* ends at 2^64 - 1 */
		case 2: return UINT64_MAX - addr + 1;       /* wraps to exactly 2^64 */
		case 3: return UINT64_MAX;
		default: return extreme(c);
		}
	default:
		return PAGE_SZ * between(c, 1, 4) + small_delta(c);
	}
}

static uint64_t pick_alloc_size(struct ctx *c)
{
	if (c->g->chunky && chance(c, 20))
		return PAGE_SZ * between(c, 500, 5000) + (chance(c, 20) ? between(c, 1, PAGE_SZ - 1) : 0);
	switch (below(c, 20)) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		return chance(c, 50) ? between(c, 1, 64) : between(c, 1, PAGE_SZ - 1);
	case 6: case 7: case 8: case 9: case 10: case 11:
		return PAGE_SZ * between(c, 1, 4);
	case 12: case 13:
		return PAGE_SZ * between(c, 1, c->g->chunky ? 6000 : 300);
	case 14: case 15:
		return PAGE_SZ * between(c, 1, 8) + between(c, 1, PAGE_SZ - 1);
	case 16:
		return PAGE_SZ * between(c, 1, 8) - between(c, 1, 64);
	case 17:
		return PAGE_SZ;
	case 18:
		return (c->span_hi - c->span_lo) + small_delta(c);
	default:
		switch (below(c, 6)) {
		case 0: return 0;
		case 1: return UINT64_MAX;
		case 2: return UINT64_MAX - 4095;      /* rounds to 2^64 - 4096: ENOMEM */
		case 3: return UINT64_MAX - 4094;      /* rounds past 2^64: EINVAL */
		case 4: return 1ULL << 63;
		default: return extreme(c);
		}
	}
}

static uint64_t pick_align(struct ctx *c)
{
	switch (below(c, 20)) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		return 0;
	case 6: case 7: case 8: case 9: case 10: case 11: case 12:
		return 1ULL << between(c, 0, 12);
	case 13: case 14: case 15:
		return 1ULL << between(c, 13, 20);
	case 16:
		return 1ULL << between(c, 21, 63);
	case 17:
		return PAGE_SZ;
	default: {
		static const uint64_t bad[] = { 3, 6, 4097, 0x3000, 100, UINT64_MAX,
						(1ULL << 63) + 1, 0x1800 };

		return bad[below(c, sizeof(bad) / sizeof(bad[0]))];
	}
	}
}

static uint64_t pick_goal(struct ctx *c)
{
	switch (below(c, 10)) {
	case 0: case 1: case 2: case 3:
		return 0;
	case 4: case 5: case 6: case 7:
		return pick_addr(c);
	case 8:
		return between(c, 0, 4 * PAGE_SZ);
	default:
		return extreme(c);
	}
}

static uint64_t pick_limit(struct ctx *c, uint64_t goal)
{
	switch (below(c, 10)) {
	case 0: case 1: case 2: case 3:
		return 0;
	case 4: case 5: case 6:
		return pick_addr(c);
	case 7:
		return goal + PAGE_SZ * between(c, 0, 64) + small_delta(c);
	case 8:
		return goal - below(c, 3 * PAGE_SZ);
	default:
		return extreme(c);
	}
}

static int pick_nid(struct ctx *c)
{
	static const int bad[] = { -1, -2, BOOTMEM_MAX_NODES, BOOTMEM_MAX_NODES + 1, INT_MAX, INT_MIN };

	switch (below(c, 20)) {
	case 0:
		return bad[below(c, sizeof(bad) / sizeof(bad[0]))];
	case 1:
		return (int)below(c, BOOTMEM_MAX_NODES);
	default:
		return c->nids[below(c, (uint64_t)c->nnodes)];
	}
}

/* A block of @nid containing @addr, for the _node calls (mostly matching). */
static int nid_of(struct ctx *c, uint64_t addr)
{
	for (int i = 0; i < c->nplan; i++)
		if (c->plan[i].start <= addr && addr < c->plan[i].end)
			return c->plan[i].nid;
	return pick_nid(c);
}

/*
 * A distance row for alloc_bootmem_nearest: over the layout's nids (ties
 * likely: few values), full, short (the nodes past it count as 255), none,
 * or invalid (NULL with a length, longer than BOOTMEM_MAX_NODES).
 */
static void pick_row(struct ctx *c, struct dual_op *op)
{
	static const uint8_t vals[] = { 10, 10, 12, 15, 20, 20, 21, 30, 254, 255, 0, 1 };
	uint32_t top = 0;

	for (int i = 0; i < c->nnodes; i++)
		top = (uint32_t)c->nids[i] + 1 > top ? (uint32_t)c->nids[i] + 1 : top;
	for (uint32_t j = 0; j < top; j++)
		c->dist[j] = chance(c, 90) ? vals[below(c, sizeof(vals))] : (uint8_t)rnd(c);
	op->dist = c->dist;
	switch (below(c, 40)) {
	case 0:
		op->dist = NULL;
		op->nr_dist = (uint32_t)between(c, 1, 3);
		break;
	case 1:
		op->nr_dist = BOOTMEM_MAX_NODES + (uint32_t)below(c, 2);
		memset(c->dist + top, 40, sizeof(c->dist) - top);
		break;
	case 2: case 3: case 4:
		op->dist = chance(c, 50) ? NULL : c->dist;
		op->nr_dist = 0;
		break;
	case 5: case 6: case 7: case 8: case 9: case 10:
		op->nr_dist = (uint32_t)below(c, top);
		break;
	default:
		op->nr_dist = top;
		break;
	}
}

static unsigned pick_flags(struct ctx *c)
{
	switch (below(c, 12)) {
	case 0: return 2;
	case 1: return (unsigned)rnd(c) | 2;
	case 2: case 3: case 4: case 5: return BOOTMEM_EXCLUSIVE;
	default: return BOOTMEM_DEFAULT;
	}
}

/* ---- operations ------------------------------------------------------------- */

static void gen_add(struct ctx *c, struct dual_op *op)
{
	const struct plan_block *b = any_block(c);
	uint64_t s, e;

	op->kind = DOP_ADD;
	op->nid = c->nids[below(c, (uint64_t)c->nnodes)];
	switch (below(c, 10)) {
	case 0:   /* overlapping a planned block */
		s = b->start + below(c, (b->end - b->start) / PAGE_SZ) * PAGE_SZ;
		e = s + PAGE_SZ * between(c, 1, 16);
		break;
	case 1:   /* touching a block of the same node */
		op->nid = b->nid;
		if (chance(c, 50)) {
			s = b->end;
			e = s + PAGE_SZ * between(c, 1, 4);
		} else {
			e = b->start;
			s = e - PAGE_SZ * between(c, 1, 4);
		}
		break;
	case 2:   /* unaligned, empty, reversed, bad nid */
		s = b->end + small_delta(c);
		e = s + (chance(c, 50) ? 0 : PAGE_SZ * below(c, 3) + small_delta(c));
		if (chance(c, 30))
			op->nid = pick_nid(c);
		break;
	case 3:
		s = extreme(c) & ~(PAGE_SZ - 1);
		e = chance(c, 50) ? TOP_END : extreme(c);
		break;
	default:  /* somewhere in or around the layout, maybe in a hole */
		s = (c->span_lo + below(c, c->span_hi - c->span_lo + 64 * PAGE_SZ)) & ~(PAGE_SZ - 1);
		if (chance(c, 30) && s >= 8 * PAGE_SZ)
			s -= 8 * PAGE_SZ;
		e = s + PAGE_SZ * between(c, 1, 24);
		if (chance(c, 10))
			op->nid = pick_nid(c);
		break;
	}
	op->a = s;
	op->b = e;
	/* Would succeed: only within the arena budget. */
	if (model_add_block_check(&c->d.m, op->nid, s, e) == 0 && !c->g->tight) {
		uint64_t pages = (e - s) / PAGE_SZ;

		if (c->extra_blocks == 0 || pages > c->extra_pages) {
			op->kind = DOP_PAGE_IS_FREE;
			op->a = s;
			return;
		}
		c->extra_blocks--;
		c->extra_pages -= pages;
	}
}

static void gen_op(struct ctx *c, struct dual_op *op)
{
	unsigned k = (unsigned)below(c, 100);

	memset(op, 0, sizeof(*op));
	if (k < 30) {
		op->kind = DOP_ALLOC;
		op->b = pick_alloc_size(c);
		op->align = pick_align(c);
		op->goal = pick_goal(c);
		op->limit = pick_limit(c, op->goal);
		op->null_ptr = below(c, 200) == 0;
	} else if (k < 43) {
		op->kind = DOP_ALLOC_NODE;
		op->nid = pick_nid(c);
		op->b = pick_alloc_size(c);
		op->align = pick_align(c);
		op->goal = pick_goal(c);
		op->limit = pick_limit(c, op->goal);
		op->null_ptr = below(c, 200) == 0;
		if (chance(c, 45)) {
			op->kind = DOP_ALLOC_NEAREST;
			/* memoryless nids too: any valid nid, now and then */
			if (chance(c, 15))
				op->nid = (int)below(c, BOOTMEM_MAX_NODES);
			pick_row(c, op);
			op->null_nid = chance(c, 10);
		}
	} else if (k < 63) {
		op->kind = chance(c, 70) ? DOP_FREE : DOP_FREE_NODE;
		if (c->nallocs && chance(c, 60)) {
			int i = (int)below(c, (uint64_t)c->nallocs);

			op->a = c->allocs[i][0];
			op->b = c->allocs[i][1];
			if (chance(c, 50))
				op->b = (op->b + PAGE_SZ - 1) & ~(PAGE_SZ - 1);
			if (chance(c, 70)) {   /* forget it */
				c->allocs[i][0] = c->allocs[c->nallocs - 1][0];
				c->allocs[i][1] = c->allocs[c->nallocs - 1][1];
				c->nallocs--;
			}
		} else {
			op->a = pick_addr(c);
			op->b = pick_range_size(c, op->a);
		}
		op->nid = chance(c, 85) ? nid_of(c, op->a) : pick_nid(c);
	} else if (k < 78) {
		op->kind = chance(c, 70) ? DOP_RESERVE : DOP_RESERVE_NODE;
		op->a = pick_addr(c);
		op->b = pick_range_size(c, op->a);
		if (c->g->chunky && chance(c, 70))
			op->b = between(c, 1, 3 * PAGE_SZ);
		op->flags = pick_flags(c);
		op->nid = chance(c, 85) ? nid_of(c, op->a) : pick_nid(c);
	} else if (k < 84) {
		gen_add(c, op);
	} else if (k < 90) {
		op->kind = DOP_PAGE_IS_FREE;
		op->a = pick_addr(c);
	} else if (k < 94) {
		/* one step of a free-range walk from anywhere (full walks run in
		 * dual_compare after every call) */
		op->kind = DOP_NEXT_FREE_RANGE;
		op->nid = chance(c, 50) ? -1 : pick_nid(c);
		op->a = chance(c, 20) ? 0 : pick_addr(c);
		if (below(c, 30) == 0)
			op->null_ptr = (int)between(c, 1, 4);
	} else if (k < 99) {
		op->kind = DOP_STATS;
		op->nid = chance(c, 20) ? -1 : pick_nid(c);
		op->null_ptr = below(c, 20) == 0;
	} else {
		/* free_all_bootmem with invalid arguments only (the valid one ends a run) */
		op->kind = DOP_FREE_ALL;
		if (chance(c, 50)) {
			op->null_ptr = 1;
			op->max_order = (unsigned)below(c, 70);
		} else {
			op->max_order = chance(c, 50) ? 64 + (unsigned)below(c, 3) : UINT_MAX;
		}
	}
}

static int exec(struct ctx *c, const struct dual_op *op)
{
	char buf[256];

	c->op_index++;
	g_total_ops++;
	if (g_trace)
		printf("  %s/%u op %" PRIu64 ": %s\n", c->g->name, c->run, c->op_index,
		       dual_op_str(op, buf, sizeof(buf)));
	if (dual_exec(&c->d, op, DUAL_SNAPSHOT | DUAL_COMPARE_ALL, c->why, sizeof(c->why))) {
		fprintf(stderr, "%s: seed=0x%" PRIx64 " run=%u op=%" PRIu64 ": %s: %s\n",
			c->g->name, g_seed, c->run, c->op_index,
			dual_op_str(op, buf, sizeof(buf)), c->why);
		fprintf(stderr, "  replay: BOOTMEM_SEED=0x%" PRIx64 " BOOTMEM_DIFF_ONLY=%s:%u "
			"BOOTMEM_DIFF_TRACE=1 %s\n", g_seed, c->g->name, c->run, g_prog);
		return 1;
	}
	if (g_hist) {
		int64_t r = c->d.last_rc;

		g_hist[op->kind][r >= 0 ? (r > 0) : 1 - r]++;
	}
	if (op->kind == DOP_ALLOC || op->kind == DOP_ALLOC_NODE || op->kind == DOP_ALLOC_NEAREST) {
		/* remember successful allocations to free them later */
		int rc = model_page_is_free(&c->d.m, c->d.last_out);

		if (rc == 0 && c->d.last_out) {
			int i = c->nallocs < MAX_ALLOCS ? c->nallocs++ : (int)below(c, MAX_ALLOCS);

			c->allocs[i][0] = c->d.last_out;
			c->allocs[i][1] = op->b;
			c->d.last_out = 0;
		}
	}
	return 0;
}

static int add_planned(struct ctx *c)
{
	const struct plan_block *p = &c->plan[c->order[c->nadded++]];
	struct dual_op op;

	memset(&op, 0, sizeof(op));
	op.kind = DOP_ADD;
	op.nid = p->nid;
	op.a = p->start;
	op.b = p->end;
	if (exec(c, &op))
		return 1;
	if (chance(c, 85) && model_page_is_free(&c->d.m, p->start) == 0) {
		/* the loader frees what is usable */
		op.kind = chance(c, 50) ? DOP_FREE : DOP_FREE_NODE;
		if (chance(c, 70)) {
			op.a = p->start;
			op.b = p->end - p->start;
		} else {
			op.a = p->start + below(c, (p->end - p->start) / PAGE_SZ) * PAGE_SZ;
			op.b = p->end - op.a;
		}
		if (exec(c, &op))
			return 1;
	}
	return 0;
}

/*
 * Reserve a few pages just after a summary boundary (chunk or bitmap word),
 * then allocate with the goal just below it: the search must step over the
 * boundary exactly.
 */
static int probe_boundary(struct ctx *c)
{
	const struct plan_block *b = any_block(c);
	uint64_t unit = (chance(c, 50) ? BM_CHUNK_PAGES : 64) * PAGE_SZ;
	uint64_t bnd = (b->start + below(c, b->end - b->start) + unit - 1) / unit * unit;
	struct dual_op op;

	memset(&op, 0, sizeof(op));
	if (chance(c, 50) && bnd - unit >= b->start) {
		/* the unit below the boundary entirely free */
		op.kind = DOP_RESERVE;
		op.a = bnd - unit;
		op.b = unit;
		if (exec(c, &op))
			return 1;
		op.kind = DOP_FREE;
		if (exec(c, &op))
			return 1;
	}
	if (chance(c, 80)) {
		op.kind = DOP_RESERVE;
		op.a = bnd + PAGE_SZ * below(c, 3);
		op.b = PAGE_SZ * between(c, 1, 3);
		if (exec(c, &op))
			return 1;
	}
	op.kind = chance(c, 70) ? DOP_ALLOC : DOP_ALLOC_NODE;
	op.nid = b->nid;
	op.a = 0;
	op.b = PAGE_SZ * between(c, 1, 8) + (chance(c, 20) ? between(c, 1, PAGE_SZ - 1) : 0);
	if (chance(c, 10))
		op.b = PAGE_SZ * between(c, 1, 2 * BM_CHUNK_PAGES);
	op.align = chance(c, 50) ? 0 : PAGE_SZ << below(c, 3);
	op.goal = bnd - PAGE_SZ * below(c, 9);
	op.limit = chance(c, 70) ? 0 : bnd + PAGE_SZ * between(c, 0, 16);
	return exec(c, &op);
}

/* After free_all_bootmem: every call but stats/check is refused. */
static int after_free_all(struct ctx *c)
{
	struct dual_op op;
	int n = (int)between(c, 10, 40);

	for (int i = 0; i < n; i++) {
		if (chance(c, 15)) {
			memset(&op, 0, sizeof(op));
			op.kind = DOP_FREE_ALL;
			op.max_order = (unsigned)below(c, 80);
			op.null_ptr = chance(c, 30);
		} else {
			gen_op(c, &op);
		}
		if (exec(c, &op))
			return 1;
	}
	return 0;
}

static int run_one(const struct group *g, unsigned run, uint64_t *ops)
{
	struct ctx *c = calloc(1, sizeof(*c));
	uint64_t planned_pages = 0, nops;
	size_t arena, offset;
	int late, i, rc = 1;
	struct dual_op op;

	if (!c)
		abort();
	c->g = g;
	c->run = run;
	c->rng = mix(g_seed ^ mix((uint64_t)(g - groups) << 32 | run)) | 1;
	gen_layout(c);
	for (i = 0; i < c->nplan; i++)
		planned_pages += (c->plan[i].end - c->plan[i].start) / PAGE_SZ;

	c->extra_blocks = (uint32_t)below(c, 6);
	c->extra_pages = c->extra_blocks ? between(c, 1, 200) : 0;
	arena = bootmem_arena_bytes((uint32_t)c->nplan + c->extra_blocks,
				    planned_pages + c->extra_pages);
	if (g->tight) {
		size_t hdr = sizeof(struct bm_hdr);

		arena = hdr + below(c, arena - hdr + 64);
	}
	offset = 8 * below(c, 4);
	if (dual_init(&c->d, arena, offset, rnd(c))) {
		fprintf(stderr, "%s run %u: bootmem_init failed\n", g->name, run);
		goto out;
	}
	c->d.allow_add_enomem = g->tight;
	for (i = 0; i < c->nnodes; i++)
		c->d.nids[c->d.nr_nids++] = c->nids[i];
	c->d.nids[c->d.nr_nids++] = (int)below(c, BOOTMEM_MAX_NODES);

	/* blocks added later, in the middle of the run */
	late = g->late ? (int)below(c, (uint64_t)c->nplan) : (chance(c, 30) ? (int)below(c, 3) : 0);
	if (late >= c->nplan)
		late = c->nplan - 1;
	while (c->nadded < c->nplan - late)
		if (add_planned(c))
			goto out;
	if (chance(c, 60) && model_page_is_free(&c->d.m, 0) == 1) {
		memset(&op, 0, sizeof(op));
		op.kind = DOP_RESERVE;
		op.a = 0;
		op.b = PAGE_SZ;
		if (exec(c, &op))
			goto out;
	}

	nops = chance(c, 20) ? between(c, 20, 300) : between(c, 500, g->chunky ? 3000 : 6000);
	if (g->freeall)
		nops = between(c, 20, 1500);
	for (uint64_t k = 0; k < nops; k++) {
		if (c->nadded < c->nplan && below(c, nops) < (uint64_t)late + 1) {
			if (add_planned(c))
				goto out;
			continue;
		}
		if (chance(c, c->g->chunky ? 4 : 1)) {
			/* recycle: make a whole block (or contiguous span) free again */
			const struct plan_block *b = any_block(c);

			memset(&op, 0, sizeof(op));
			op.kind = DOP_RESERVE;
			op.a = b->start;
			op.b = b->end - b->start;
			if (chance(c, 30)) {
				op.a = c->span_lo;
				op.b = c->span_hi - c->span_lo;
			}
			if (exec(c, &op))
				goto out;
			op.kind = DOP_FREE;
			if (exec(c, &op))
				goto out;
			c->nallocs = 0;
			continue;
		}
		if (chance(c, c->g->chunky ? 6 : 2)) {
			if (probe_boundary(c))
				goto out;
			continue;
		}
		gen_op(c, &op);
		if (exec(c, &op))
			goto out;
	}
	while (c->nadded < c->nplan)
		if (add_planned(c))
			goto out;

	if (g->freeall || chance(c, 15)) {
		memset(&op, 0, sizeof(op));
		op.kind = DOP_FREE_ALL;
		switch (below(c, 4)) {
		case 0: op.max_order = 0; break;
		case 1: op.max_order = 63; break;
		case 2: op.max_order = 10; break;
		default: op.max_order = (unsigned)below(c, 64); break;
		}
		if (exec(c, &op) || after_free_all(c))
			goto out;
	}
	if (bootmem_check(&c->d.bm)) {
		fprintf(stderr, "%s: seed=0x%" PRIx64 " run=%u: bootmem_check failed at the end\n",
			g->name, g_seed, run);
		goto out;
	}
	rc = 0;
out:
	*ops += c->op_index;
	dual_fini(&c->d);
	free(c);
	return rc;
}

/* ---- bootmem_init and fixed corner cases ------------------------------------ */

#define EXPECT(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: diff_init: %s\n", __FILE__, __LINE__, #cond); return 1; } } while (0)

static int init_cases(void)
{
	size_t hdr = sizeof(struct bm_hdr);
	uint64_t *store = malloc(hdr + 4096);
	struct bootmem bm;
	unsigned char *a = (unsigned char *)store;
	struct dual d;
	struct dual_op op;
	char why[512];

	EXPECT(store);
	EXPECT(bootmem_init(NULL, a, hdr) == BOOTMEM_EINVAL);
	EXPECT(bootmem_init(&bm, NULL, hdr) == BOOTMEM_EINVAL);
	for (int off = 1; off < 8; off++)
		EXPECT(bootmem_init(&bm, a + off, hdr) == BOOTMEM_EINVAL);
	EXPECT(bootmem_init(&bm, a + 3, 0) == BOOTMEM_EINVAL);
	for (size_t n = 0; n < hdr; n += (n < 64 ? 1 : 97))
		EXPECT(bootmem_init(&bm, a, n) == BOOTMEM_ENOMEM);
	EXPECT(bootmem_init(&bm, a, hdr - 1) == BOOTMEM_ENOMEM);
	free(store);

	/* strerror: every code named, distinct; anything else "unknown error" */
	for (int e = BOOTMEM_ESTATE; e <= 0; e++) {
		EXPECT(bootmem_strerror(e) && strcmp(bootmem_strerror(e), "unknown error"));
		for (int f = BOOTMEM_ESTATE; f < e; f++)
			EXPECT(strcmp(bootmem_strerror(e), bootmem_strerror(f)));
	}
	{
		static const int unk[] = { 1, 2, -8, -100, INT_MIN, INT_MAX };

		for (size_t i = 0; i < sizeof(unk) / sizeof(unk[0]); i++)
			EXPECT(!strcmp(bootmem_strerror(unk[i]), "unknown error"));
	}

	/* header only: every add is ENOMEM and changes nothing */
	for (size_t extra = 0; extra < 200; extra += 7) {
		if (dual_init(&d, hdr + extra, 0, extra))
			return 1;
		d.allow_add_enomem = 1;
		d.nids[d.nr_nids++] = 0;
		memset(&op, 0, sizeof(op));
		op.kind = DOP_ADD;
		op.a = PAGE_SZ;
		op.b = PAGE_SZ * (1 + extra);
		if (dual_exec(&d, &op, DUAL_SNAPSHOT | DUAL_COMPARE_ALL, why, sizeof(why))) {
			fprintf(stderr, "diff_init: arena %zu: %s\n", hdr + extra, why);
			return 1;
		}
		dual_fini(&d);
	}

	/* exactly bootmem_arena_bytes(B, T) for B blocks of T pages, any order */
	uint64_t rng = g_seed | 1;
	for (int t = 0; t < 300; t++) {
		uint64_t s[40], n[40], total = 0, cur = 0;
		int nb = 1 + (int)(tl_rand(&rng) % 40);

		for (int i = 0; i < nb; i++) {
			cur += 1 + tl_rand(&rng) % 130;
			s[i] = cur;
			n[i] = 1 + tl_rand(&rng) % (t % 3 ? 200 : 9000);
			cur += n[i];
			total += n[i];
		}
		if (dual_init(&d, bootmem_arena_bytes((uint32_t)nb, total), 8 * (t % 2), rng))
			return 1;
		for (int i = 0; i < 3; i++)
			d.nids[d.nr_nids++] = i;
		for (int i = nb - 1; i >= 0; i--) {
			int j = (int)(tl_rand(&rng) % (uint64_t)nb);
			uint64_t ts = s[i], tn = n[i];

			s[i] = s[j]; n[i] = n[j]; s[j] = ts; n[j] = tn;
		}
		for (int i = 0; i < nb; i++) {
			memset(&op, 0, sizeof(op));
			op.kind = DOP_ADD;
			op.nid = (int)(tl_rand(&rng) % 3);
			op.a = s[i] * PAGE_SZ;
			op.b = (s[i] + n[i]) * PAGE_SZ;
			if (dual_exec(&d, &op, DUAL_SNAPSHOT | DUAL_COMPARE_ALL, why, sizeof(why))) {
				fprintf(stderr, "diff_init: arena bound t=%d: %s\n", t, why);
				return 1;
			}
		}
		g_total_ops += (uint64_t)nb;
		dual_fini(&d);
	}
	return 0;
}

/* ---- main --------------------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	timespec_get(&ts, TIME_UTC);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *env;
	uint64_t target = 1200000;
	const char *only = getenv("BOOTMEM_DIFF_ONLY");
	int failed = 0, argi = 1;
	double t0 = now();

	g_prog = argv[0];
	if ((env = getenv("BOOTMEM_SEED")) && *env)
		g_seed = strtoull(env, NULL, 0);
	if (argc > 1 && argv[1][0] >= '0' && argv[1][0] <= '9')
		g_seed = strtoull(argv[argi++], NULL, 0);
	if ((env = getenv("BOOTMEM_DIFF_OPS")) && *env)
		target = strtoull(env, NULL, 0);
	if ((env = getenv("BOOTMEM_DIFF_HIST")) && *env && *env != '0')
		g_hist = calloc(DOP_NR_KINDS, sizeof(*g_hist));
	g_trace = (env = getenv("BOOTMEM_DIFF_TRACE")) && *env && *env != '0';
	printf("# test_diff: seed=0x%" PRIx64 " ops=%" PRIu64 " chunk_pages=%llu%s\n", g_seed,
	       target, (unsigned long long)BM_CHUNK_PAGES, DIFF_ASAN ? " (asan)" : "");
	fflush(stdout);

	if (only) {
		char name[64];
		unsigned run = 0;
		const char *colon = strchr(only, ':');
		size_t len = colon ? (size_t)(colon - only) : strlen(only);

		if (!colon || len >= sizeof(name)) {
			fprintf(stderr, "BOOTMEM_DIFF_ONLY=GROUP:RUN\n");
			return 2;
		}
		memcpy(name, only, len);
		name[len] = 0;
		run = (unsigned)strtoul(colon + 1, NULL, 0);
		for (size_t gi = 0; gi < NR_GROUPS; gi++) {
			uint64_t ops = 0;

			if (strcmp(groups[gi].name, name))
				continue;
			if (run_one(&groups[gi], run, &ops)) {
				printf("FAIL %s run %u\n", name, run);
				return 1;
			}
			printf("ok %s run %u (%" PRIu64 " ops)\n", name, run, ops);
			return 0;
		}
		fprintf(stderr, "no group %s\n", name);
		return 2;
	}

	for (size_t gi = 0; gi <= NR_GROUPS; gi++) {
		const char *name = gi < NR_GROUPS ? groups[gi].name : "diff_init";
		int want = argi >= argc;
		double t = now();
		uint64_t ops = 0;
		unsigned run = 0;
		int bad = 0;

		for (int a = argi; a < argc; a++)
			want |= !strcmp(argv[a], name);
		if (!want)
			continue;
		if (gi == NR_GROUPS) {
			uint64_t before = g_total_ops;

			bad = init_cases();
			ops = g_total_ops - before;
		} else {
			uint64_t goal = target * groups[gi].share / 1000;

			while (ops < goal && !bad)
				bad = run_one(&groups[gi], run++, &ops);
		}
		if (bad) {
			printf("FAIL %s\n", name);
			failed++;
		} else {
			printf("ok %s (%u runs, %" PRIu64 " ops, %.1fs)\n", name, run, ops, now() - t);
		}
		fflush(stdout);
	}
	printf("# test_diff: %" PRIu64 " operations in %.1fs\n", g_total_ops, now() - t0);
	if (g_hist) {
		static const char *kn[] = { "add", "free", "reserve", "free_node", "reserve_node",
					    "alloc", "alloc_node", "free_all", "stats", "page_is_free",
					    "alloc_nearest", "next_range" };

		printf("# %-13s %8s %8s %8s %8s %8s %8s %8s %8s %8s\n", "call", "0", ">0", "EINVAL",
		       "ENOMEM", "EFAULT", "EBUSY", "EEXIST", "EALREADY", "ESTATE");
		for (int k = 0; k < DOP_NR_KINDS; k++) {
			printf("# %-13s", kn[k]);
			for (int r = 0; r < 9; r++)
				printf(" %8" PRIu64, g_hist[k][r]);
			printf("\n");
		}
	}
	return failed ? 1 : 0;
}

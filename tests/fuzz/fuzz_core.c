// SPDX-License-Identifier: MIT
/*
 * fuzz_core.c - libFuzzer target: the input bytes describe a block layout
 * and a sequence of API calls; every call runs on the core and on the
 * reference model (tests/core/model.c) and everything observable is compared
 * (return code, *out, free_all runs, full page state, small_end, counters,
 * stats, the free-range walk of all nodes and of each node, bm_check_detail,
 * byte-identical arena after a failing call and after every walk step).
 * A mismatch prints what differed and traps.
 *
 * Every call's return code and results are compared, and a failing call
 * must leave the core byte-identical. The complete comparison (bitmaps,
 * counters, stats, walks, bm_check_detail: linear in the state, and a walk
 * over all 1024 node slots) runs after every COMPARE_EVERY-th call and
 * after the last: after every call it cost several times the call itself.
 *
 * Input format (all optional: missing bytes read as 0):
 *   byte 0      number of blocks - 1 (mod 16)
 *   byte 1      bits 0-2 nodes - 1, bit 3 layout starts at page 0,
 *               bit 4 layout ends at the top of the address space,
 *               bit 5 free every block after adding it, bits 6-7 arena offset / 8
 *   per block   nid selector, gap (0: touching), length (2 bytes)
 *   byte        how many blocks are added up front (the rest come with op 0)
 *   then ops    opcode byte + argument bytes, see run_op() (alloc opcodes
 *               with bits 5-6 = 10 call alloc_bootmem_nearest, pick_nearest())
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootmem2.h"
#include "bootmem_internal.h"
#include "model.h"

#define PG       4096ULL
#define TOP_END  0xfffffffffffff000ULL
#define MAXB     16
#define MAX_OPS  3000
#define COMPARE_EVERY     16       /* calls between complete comparisons */

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint64_t u16(struct in *in)
{
	uint64_t v = u8(in);

	return v | (uint64_t)u8(in) << 8;
}

static uint64_t u64(struct in *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)u8(in) << (8 * i);
	return v;
}

struct fz {
	struct dual d;
	uint64_t start[MAXB], end[MAXB];
	int bnid[MAXB];
	int nb, nadded, nids[8], nnodes;
	uint64_t last_addr, last_size;
	uint32_t budget_blocks;
	uint64_t budget_pages;
	uint32_t nops;                   /* calls made */
	uint8_t dist[BOOTMEM_MAX_NODES + 1];  /* row of an alloc_bootmem_nearest call */
};

static const uint64_t extremes[] = {
	0, 1, 4095, 4096, 4097, 8192, UINT64_MAX, UINT64_MAX - 1, UINT64_MAX - 4095,
	UINT64_MAX - 4094, UINT64_MAX - 4096, TOP_END, TOP_END - 4096, 1ULL << 63,
	(1ULL << 63) - 1, 1ULL << 52, 0xfff, 64, 63, 0x100000,
};
#define NR_EXTREMES (sizeof(extremes) / sizeof(extremes[0]))

static uint64_t delta(struct in *in)
{
	static const int64_t v[] = { 0, 1, -1, 4095, -4095, 4096, -4096, 4097, -4097, 64, -64,
				     2, -2, 8192, -8192, 0 };

	return (uint64_t)v[u8(in) % 16];
}

static const int bad_nids[] = { -1, -2, BOOTMEM_MAX_NODES, BOOTMEM_MAX_NODES + 1, INT_MAX,
				INT_MIN, BOOTMEM_MAX_NODES - 1, 5 };

static int pick_nid(struct fz *f, struct in *in)
{
	uint8_t s = u8(in);

	if (s < 0xe0)
		return f->nids[s % f->nnodes];
	return bad_nids[s % 8];
}

static uint64_t pick_addr(struct fz *f, struct in *in)
{
	uint8_t s = u8(in);
	int k = u8(in) % f->nb;
	uint64_t len = f->end[k] - f->start[k], v, unit;

	switch (s % 10) {
	case 0:
		return f->start[k] + u16(in) % (len / PG) * PG;
	case 1:
		return f->start[k] + delta(in);
	case 2:
		return f->end[k] + delta(in);
	case 3:
		return f->start[k] + u16(in) % len;
	case 4:
		return extremes[u8(in) % NR_EXTREMES];
	case 5:
		return u64(in);
	case 6:
		unit = (u8(in) & 1 ? BM_CHUNK_PAGES : 64) * PG;
		v = (f->start[k] + u16(in) % (len / PG) * PG + unit - 1) / unit * unit;
		return v + delta(in);
	case 7:
		return f->last_addr + delta(in);
	default:
		return f->start[k] + u8(in) * PG;
	}
}

static uint64_t pick_size(struct fz *f, struct in *in, uint64_t addr)
{
	uint8_t s = u8(in);
	int k;

	switch (s % 10) {
	case 0: case 1:
		return PG * (1 + u8(in) % 16);
	case 2:
		return 1 + u16(in);
	case 3:
		return PG * (1 + u16(in));
	case 4:
		return extremes[u8(in) % NR_EXTREMES];
	case 5:
		return u64(in);
	case 6:
		k = u8(in) % f->nb;
		return f->end[k] - addr + delta(in);
	case 7:
		return f->last_size;
	case 8:
		return UINT64_MAX - addr + (u8(in) & 1);
	default:
		return 1 + u8(in) % 64;
	}
}

static uint64_t pick_align(struct in *in)
{
	static const uint64_t bad[] = { 3, 6, 4097, 0x3000, 100, UINT64_MAX, (1ULL << 63) + 1, 0x1800 };
	uint8_t s = u8(in);

	if (s < 64)
		return 1ULL << s;
	if (s < 200)
		return s & 1 ? 0 : 1ULL << (s % 14);
	return bad[s % 8];
}

static uint64_t pick_goal(struct fz *f, struct in *in)
{
	uint8_t s = u8(in);

	if (s < 100)
		return 0;
	return pick_addr(f, in);
}

/*
 * alloc_bootmem_nearest: a row over nids 0-7 from the input, then its
 * length: none (NULL or not), NULL with a length (EINVAL), longer than
 * BOOTMEM_MAX_NODES (EINVAL), short, full (every nid, 1023 included), or 8
 * (nid 1023 counts as 255); any nid, memoryless ones included.
 */
static void pick_nearest(struct fz *f, struct in *in, struct dual_op *op)
{
	uint8_t s = u8(in), fill;

	op->kind = DOP_ALLOC_NEAREST;
	op->nid = s & 0x80 ? (int)(u16(in) % BOOTMEM_MAX_NODES) : pick_nid(f, in);
	for (int j = 0; j < 8; j++)
		f->dist[j] = u8(in);
	fill = u8(in);
	memset(f->dist + 8, fill, sizeof(f->dist) - 8);
	op->dist = f->dist;
	switch (s % 8) {
	case 0:
		op->dist = s & 0x08 ? NULL : f->dist;
		op->nr_dist = 0;
		break;
	case 1:
		op->dist = NULL;
		op->nr_dist = 1 + u8(in) % 8;
		break;
	case 2:
		op->nr_dist = BOOTMEM_MAX_NODES + 1;
		break;
	case 3:
		op->nr_dist = u8(in) % 8;
		break;
	case 4:
		op->nr_dist = BOOTMEM_MAX_NODES;
		break;
	default:
		op->nr_dist = 8;
		break;
	}
	op->null_ptr = (s & 0x70) == 0x70;
	op->null_nid = (s & 0x70) == 0x60;
}

/* FUZZ_CORE_TRACE=1: print every call (to replay an input by hand). */
static int trace = -1;

/* Run one call on both sides; trace it; remember successful allocations. */
static int exec_op(struct fz *f, const struct dual_op *op, char *why, size_t wl)
{
	char buf[256];
	int alloc = op->kind == DOP_ALLOC || op->kind == DOP_ALLOC_NODE ||
		    op->kind == DOP_ALLOC_NEAREST;

	if (trace)
		fprintf(stderr, "  %s", dual_op_str(op, buf, sizeof(buf)));
	unsigned flags = DUAL_SNAPSHOT;

	if (++f->nops % COMPARE_EVERY == 0)
		flags |= DUAL_COMPARE_ALL;
	if (dual_exec(&f->d, op, flags, why, wl)) {
		fprintf(stderr, "%sfuzz_core: %s: %s\n", trace ? "\n" : "",
			dual_op_str(op, buf, sizeof(buf)), why);
		return 1;
	}
	if (trace)
		fprintf(stderr, " = %" PRId64 " (%s)%s0x%" PRIx64 "\n", f->d.last_rc,
			dual_err_name((int)f->d.last_rc), alloc ? " out=" : " ",
			alloc ? f->d.last_out : 0);
	if (alloc && f->d.last_rc == 0) {
		f->last_addr = f->d.last_out;
		f->last_size = op->b;
	}
	return 0;
}

static int run_op(struct fz *f, struct in *in, char *why, size_t wl)
{
	struct dual_op op;
	uint8_t code = u8(in);

	memset(&op, 0, sizeof(op));
	switch (code % 16) {
	case 0:
		if (f->nadded < f->nb) {
			op.kind = DOP_ADD;
			op.nid = f->bnid[f->nadded];
			op.a = f->start[f->nadded];
			op.b = f->end[f->nadded];
			f->nadded++;
			break;
		}
		/* fall through */
	case 1:
		op.kind = DOP_ADD;
		op.nid = pick_nid(f, in);
		op.a = pick_addr(f, in);
		op.b = u8(in) & 1 ? pick_addr(f, in) : op.a + PG * (u8(in) % 8) + (u8(in) & 1 ? delta(in) : 0);
		if (model_add_block_check(&f->d.m, op.nid, op.a, op.b) == 0) {
			uint64_t pages = (op.b - op.a) / PG;

			if (f->budget_blocks == 0 || pages > f->budget_pages)
				return 0;
			f->budget_blocks--;
			f->budget_pages -= pages;
		}
		break;
	case 2: case 3:
		op.kind = code & 0x10 ? DOP_FREE_NODE : DOP_FREE;
		op.nid = pick_nid(f, in);
		if (code & 0x20) {
			op.a = f->last_addr;
			op.b = code & 0x40 ? (f->last_size + PG - 1) & ~(PG - 1) : f->last_size;
		} else {
			op.a = pick_addr(f, in);
			op.b = pick_size(f, in, op.a);
		}
		break;
	case 4: case 5:
		op.kind = code & 0x10 ? DOP_RESERVE_NODE : DOP_RESERVE;
		op.nid = pick_nid(f, in);
		op.a = pick_addr(f, in);
		op.b = pick_size(f, in, op.a);
		op.flags = code & 0x20 ? BOOTMEM_EXCLUSIVE : 0;
		if ((code & 0xc0) == 0xc0)
			op.flags = u8(in) | 2;
		break;
	case 6: case 7: case 8: case 9: case 10:
		op.kind = code & 0x10 ? DOP_ALLOC_NODE : DOP_ALLOC;
		op.nid = pick_nid(f, in);
		if ((code & 0x60) == 0x40)
			pick_nearest(f, in, &op);
		op.b = pick_size(f, in, 0);
		op.align = pick_align(in);
		op.goal = pick_goal(f, in);
		op.limit = pick_goal(f, in);
		if (op.kind != DOP_ALLOC_NEAREST)
			op.null_ptr = (code & 0xe0) == 0xe0;
		break;
	case 11:
		op.kind = DOP_FREE_ALL;
		op.max_order = u8(in);
		if (op.max_order >= 128)
			op.max_order = UINT_MAX - (op.max_order & 1);
		op.null_ptr = (code & 0xe0) == 0xe0;
		break;
	case 12:
		op.kind = DOP_STATS;
		op.nid = code & 0x10 ? -1 : pick_nid(f, in);
		op.null_ptr = (code & 0xe0) == 0xe0;
		break;
	case 13:
		/* free a whole block (reserve it first so the free cannot be EALREADY) */
		op.kind = DOP_RESERVE;
		op.nid = u8(in) % f->nb;
		op.a = f->start[op.nid];
		op.b = f->end[op.nid] - op.a;
		if (exec_op(f, &op, why, wl))
			return 1;
		op.kind = DOP_FREE;
		break;
	case 15: {
		/*
		 * Boundary probe: make the chunk (or bitmap word) below a boundary
		 * free, reserve pages just above it, allocate from just below it.
		 */
		int k = u8(in) % f->nb;
		uint8_t s = u8(in);
		uint64_t unit = (s & 1 ? BM_CHUNK_PAGES : 64) * PG;
		uint64_t pages = (f->end[k] - f->start[k]) / PG;
		uint64_t bnd = (f->start[k] + u16(in) % pages * PG + unit - 1) / unit * unit;

		if ((s & 2) && bnd - unit >= f->start[k]) {
			op.kind = DOP_RESERVE;
			op.a = bnd - unit;
			op.b = unit;
			if (exec_op(f, &op, why, wl))
				return 1;
			op.kind = DOP_FREE;
			if (exec_op(f, &op, why, wl))
				return 1;
		}
		if (s & 4) {
			op.kind = DOP_RESERVE;
			op.a = bnd + PG * ((s >> 3) & 3);
			op.b = PG * (1 + ((s >> 5) & 3));
			if (exec_op(f, &op, why, wl))
				return 1;
		}
		op.kind = s & 0x80 ? DOP_ALLOC_NODE : DOP_ALLOC;
		op.nid = f->bnid[k];
		op.b = PG * (1 + (u8(in) & 15));
		op.align = 0;
		op.goal = bnd - PG * (u8(in) & 15);
		op.limit = 0;
		break;
	}
	default:
		if (code & 0x80) {
			/* One walk step from anywhere; dual_compare also walks all
			 * nodes and one node after every call. */
			op.kind = DOP_NEXT_FREE_RANGE;
			op.nid = code & 0x10 ? -1 : pick_nid(f, in);
			op.a = code & 0x20 ? 0 : pick_addr(f, in);
			op.null_ptr = code & 0x40 ? 1 + (u8(in) & 3) : 0;
			break;
		}
		op.kind = DOP_PAGE_IS_FREE;
		op.a = pick_addr(f, in);
		break;
	}
	return exec_op(f, &op, why, wl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz f;
	struct in in = { data, size };
	uint8_t hdr;
	uint64_t cur, total = 0, len[MAXB], gap[MAXB];
	size_t arena;
	char why[512];
	int up_front, free_each;

	if (trace < 0) {
		const char *e = getenv("FUZZ_CORE_TRACE");

		trace = e && *e && *e != '0';
	}
	memset(&f, 0, sizeof(f));
	f.nb = 1 + u8(&in) % MAXB;
	hdr = u8(&in);
	f.nnodes = 1 + (hdr & 7);
	for (int i = 0; i < f.nnodes; i++)
		f.nids[i] = i;
	if (f.nnodes > 2 && (hdr & 0x40))
		f.nids[f.nnodes - 1] = BOOTMEM_MAX_NODES - 1;
	free_each = !!(hdr & 0x20);
	for (int i = 0; i < f.nb; i++) {
		uint8_t ns = u8(&in), g = u8(&in);

		f.bnid[i] = f.nids[ns % f.nnodes];
		len[i] = 1 + u16(&in) % (ns & 0x80 ? 9000 : 700);
		if (i == 0)
			gap[i] = 0;
		else if (g == 0)
			gap[i] = f.bnid[i] == f.bnid[i - 1] ? 1 : 0;
		else if (g <= 200)
			gap[i] = g;
		else
			gap[i] = (uint64_t)(g - 200) << 14;
		total += len[i] + gap[i];
	}
	if (hdr & 0x10)
		cur = TOP_END / PG - total;
	else if (hdr & 0x08)
		cur = 0;
	else
		cur = 1 + (hdr >> 6) * 1000;
	for (int i = 0; i < f.nb; i++) {
		cur += gap[i];
		f.start[i] = cur * PG;
		cur += len[i];
		f.end[i] = cur * PG;
	}
	total = 0;
	for (int i = 0; i < f.nb; i++)
		total += len[i];
	f.budget_blocks = 4;
	f.budget_pages = 64;
	arena = bootmem_arena_bytes((uint32_t)f.nb + f.budget_blocks, total + f.budget_pages);
	if (dual_init(&f.d, arena, 8 * (hdr >> 6), size))
		__builtin_trap();
	for (int i = 0; i < f.nnodes; i++)
		f.d.nids[f.d.nr_nids++] = f.nids[i];
	f.d.nids[f.d.nr_nids++] = 7;

	up_front = u8(&in) % (f.nb + 1);
	if (up_front == 0)
		up_front = f.nb;
	while (f.nadded < up_front) {
		struct dual_op op;
		int i = f.nadded++;

		memset(&op, 0, sizeof(op));
		op.kind = DOP_ADD;
		op.nid = f.bnid[i];
		op.a = f.start[i];
		op.b = f.end[i];
		if (dual_exec(&f.d, &op, 0, why, sizeof(why)))
			goto bad;
		if (free_each) {
			op.kind = DOP_FREE;
			op.b = op.b - op.a;
			if (dual_exec(&f.d, &op, 0, why, sizeof(why)))
				goto bad;
		}
	}
	for (int n = 0; in.n && n < MAX_OPS; n++)
		if (run_op(&f, &in, why, sizeof(why)))
			goto bad_noprint;
	/* After the setup and the calls; it runs bm_check_detail() (bootmem_check) too. */
	if (dual_compare(&f.d, why, sizeof(why))) {
		fprintf(stderr, "fuzz_core: after the last call: %s\n", why);
		goto bad_noprint;
	}
	dual_fini(&f.d);
	return 0;
bad:
	fprintf(stderr, "fuzz_core: setup: %s\n", why);
bad_noprint:
	__builtin_trap();
}

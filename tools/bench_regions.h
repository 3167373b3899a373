/* SPDX-License-Identifier: MIT */
/*
 * bench_regions.h - the region-array allocator, the baseline of the
 * regions_* workloads of `make bench` (tools/bench_core.c).
 *
 * This is the algorithm Linux's memblock uses, written from its public
 * description (not from the kernel sources):
 *
 *   - two arrays of ranges sorted by address, "memory" (what exists, with
 *     its node) and "reserved" (what is in use);
 *   - adding a range walks the array from the start to the insertion
 *     point, inserts every piece not yet covered (shifting the tail up)
 *     and then merges the new pieces with neighbours they touch (shifting
 *     the tail down again);
 *   - a free range is a piece of a memory range between two reserved
 *     ranges; the free ranges are produced in address order by a merge walk
 *     over both arrays with two indices;
 *   - an allocation walks the free ranges from the bottom and takes the
 *     lowest aligned address that fits (memblock's bottom-up mode; its
 *     default top-down mode walks from the top instead), then reserves it.
 *
 * The allocation policy is made to match bootmem2's lowest fit so that both
 * allocators give the same answer to every call and the bench can compare
 * them: step 1 [max(goal, 4096), limit), step 2 [4096, no limit), size and
 * alignment in bytes (align 0 means 64), a fit never crosses a memory range.
 * The arrays are allocated up front with room to spare; memblock would
 * double them when full, which only adds cost.
 */
#ifndef BENCH_REGIONS_H
#define BENCH_REGIONS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RG_NO_NODE (-1)
#define RG_ENOMEM  (-2)

struct rg_region {
	uint64_t base, size;
	int32_t nid;
	uint32_t flags;       /* kept for the layout memblock uses; always 0 here */
};

struct rg_array {
	struct rg_region *r;
	uint32_t cnt, cap;
};

struct rg_state {
	struct rg_array memory, reserved;
};

static void rg_array_init(struct rg_array *a, uint32_t cap)
{
	a->r = malloc((size_t)cap * sizeof(*a->r));
	if (!a->r)
		abort();
	memset(a->r, 0, (size_t)cap * sizeof(*a->r));   /* pre-fault */
	a->cnt = 0;
	a->cap = cap;
}

static void rg_array_free(struct rg_array *a)
{
	free(a->r);
	a->r = NULL;
	a->cnt = a->cap = 0;
}

static void rg_array_copy(struct rg_array *dst, const struct rg_array *src)
{
	if (src->cnt > dst->cap)
		abort();
	memcpy(dst->r, src->r, (size_t)src->cnt * sizeof(*src->r));
	dst->cnt = src->cnt;
}

/* Make room at @i and store the piece there. */
static void rg_insert_at(struct rg_array *a, uint32_t i, uint64_t base, uint64_t size, int nid)
{
	if (a->cnt == a->cap)
		abort();
	memmove(&a->r[i + 1], &a->r[i], (size_t)(a->cnt - i) * sizeof(a->r[0]));
	a->r[i].base = base;
	a->r[i].size = size;
	a->r[i].nid = nid;
	a->r[i].flags = 0;
	a->cnt++;
}

/* Merge touching neighbours of one node among entries [lo, hi]. */
static void rg_merge(struct rg_array *a, uint32_t lo, uint32_t hi)
{
	uint32_t i = lo;

	if (hi > a->cnt - 1)
		hi = a->cnt - 1;
	while (i < hi) {
		struct rg_region *cur = &a->r[i], *nx = &a->r[i + 1];

		if (cur->base + cur->size != nx->base || cur->nid != nx->nid ||
		    cur->flags != nx->flags) {
			i++;
			continue;
		}
		cur->size += nx->size;
		memmove(nx, nx + 1, (size_t)(a->cnt - i - 2) * sizeof(*nx));
		a->cnt--;
		hi--;
	}
}

/*
 * Add [base, base + size) to @a: walk from the first entry, insert the parts
 * not covered yet, merge what touches.
 */
static void rg_add(struct rg_array *a, uint64_t base, uint64_t size, int nid)
{
	uint64_t end = base + size;
	uint32_t i, first = UINT32_MAX, last = 0;

	if (!size)
		return;
	for (i = 0; i < a->cnt; i++) {
		uint64_t rb = a->r[i].base, re = rb + a->r[i].size;

		if (rb >= end)
			break;
		if (re <= base)
			continue;
		if (rb > base) {
			rg_insert_at(a, i, base, rb - base, nid);
			if (first == UINT32_MAX)
				first = i;
			last = i;
			i++;
		}
		base = re < end ? re : end;
	}
	if (base < end) {
		rg_insert_at(a, i, base, end - base, nid);
		if (first == UINT32_MAX)
			first = i;
		last = i;
	}
	if (first != UINT32_MAX)
		rg_merge(a, first ? first - 1 : 0, last + 1);
}

/*
 * The next free range in address order: a memory range of node @nid (-1:
 * any) minus the reserved ranges. *idx is the walk state (start with 0):
 * memory index in the low half, reserved gap index in the high half.
 * Return: 1 with [*start, *end) and *nid_out, or 0 at the end.
 */
static int rg_next_free(const struct rg_state *s, int nid, uint64_t *idx,
			uint64_t *start, uint64_t *end, int *nid_out)
{
	uint32_t im = (uint32_t)*idx, ir = (uint32_t)(*idx >> 32);
	const struct rg_region *res = s->reserved.r;
	uint32_t nres = s->reserved.cnt;

	for (; im < s->memory.cnt; im++) {
		const struct rg_region *m = &s->memory.r[im];
		uint64_t ms = m->base, me = ms + m->size;

		if (nid != RG_NO_NODE && m->nid != nid)
			continue;
		for (; ir <= nres; ir++) {
			/* gap ir lies between reserved range ir - 1 and ir */
			uint64_t gs = ir ? res[ir - 1].base + res[ir - 1].size : 0;
			uint64_t ge = ir < nres ? res[ir].base : UINT64_MAX;

			if (gs >= me)
				break;
			if (ms < ge) {
				*start = ms > gs ? ms : gs;
				*end = me < ge ? me : ge;
				if (nid_out)
					*nid_out = m->nid;
				if (me <= ge)
					im++;
				else
					ir++;
				*idx = im | (uint64_t)ir << 32;
				return 1;
			}
		}
	}
	*idx = UINT64_MAX;
	return 0;
}

/* Lowest aligned @size bytes inside [lo, hi) on @nid, walking free ranges up. */
static int rg_find(const struct rg_state *s, int nid, uint64_t size, uint64_t align,
		   uint64_t lo, uint64_t hi, uint64_t *out)
{
	uint64_t idx = 0, fs, fe;

	while (rg_next_free(s, nid, &idx, &fs, &fe, NULL)) {
		uint64_t cand;

		if (fs < lo)
			fs = lo;
		if (fe > hi)
			fe = hi;
		if (fs >= fe)
			continue;
		cand = (fs + align - 1) & ~(align - 1);
		if (cand >= fs && cand < fe && fe - cand >= size) {
			*out = cand;
			return 1;
		}
	}
	return 0;
}

/* bootmem2's alloc_bootmem(_node) semantics on the region arrays. */
static int rg_alloc(struct rg_state *s, int nid, uint64_t size, uint64_t align,
		    uint64_t goal, uint64_t limit, uint64_t *out)
{
	uint64_t lo = goal > 4096 ? goal : 4096, hi = limit ? limit : UINT64_MAX;

	if (align == 0)
		align = 64;
	if (!((lo < hi && rg_find(s, nid, size, align, lo, hi, out)) ||
	      ((lo != 4096 || hi != UINT64_MAX) && rg_find(s, nid, size, align, 4096, UINT64_MAX, out))))
		return RG_ENOMEM;
	rg_add(&s->reserved, *out, size, RG_NO_NODE);
	return 0;
}

#endif /* BENCH_REGIONS_H */

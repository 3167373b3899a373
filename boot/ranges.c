// SPDX-License-Identifier: MIT
/* ranges.c - the interval painter; see ranges.h. Freestanding. */
#include "ranges.h"

#include "util.h"

static unsigned char *at(const struct ranges *r, uint32_t k)
{
	return (unsigned char *)r->elem + (size_t)k * r->size;
}

static uint64_t start_of(const void *e)
{
	return ((const uint64_t *)e)[0];
}

static uint64_t end_of(const void *e)
{
	return ((const uint64_t *)e)[1];
}

static void set_start(void *e, uint64_t v)
{
	((uint64_t *)e)[0] = v;
}

static void set_end(void *e, uint64_t v)
{
	((uint64_t *)e)[1] = v;
}

/* Insert a copy of @src, cut to [s, e), at position @k. */
static int insert(struct ranges *r, uint32_t k, const void *src, uint64_t s, uint64_t e)
{
	uint64_t piece[RANGES_ELEM_MAX / 8];

	if (r->n >= r->cap)
		return -1;
	util_copy(piece, src, r->size);
	piece[0] = s;
	piece[1] = e;
	util_copy(at(r, k + 1), at(r, k), (size_t)(r->n - k) * r->size);
	util_copy(at(r, k), piece, r->size);
	r->n++;
	return 0;
}

/* First k with element k ending above @s (binary search). */
static uint32_t first_after(const struct ranges *r, uint64_t s)
{
	uint32_t lo = 0, hi = r->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (end_of(at(r, mid)) > s)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int ranges_paint(struct ranges *r, const void *x)
{
	uint64_t p = start_of(x), xe = end_of(x);
	uint32_t k = first_after(r, p);

	while (p < xe) {
		uint64_t old[RANGES_ELEM_MAX / 8];
		uint64_t os, oe, seg_end;

		if (k == r->n || start_of(at(r, k)) >= xe)
			return insert(r, k, x, p, xe);
		os = start_of(at(r, k));
		if (os > p) {
			if (insert(r, k, x, p, os))
				return -1;
			k++;
			p = os;
			continue;
		}
		/* os <= p < oe: the overlapped piece is [p, seg_end). */
		oe = end_of(at(r, k));
		seg_end = util_min(oe, xe);
		if (r->wins(x, at(r, k)) > 0) {
			if (r->overlap)
				r->overlap(r->ctx, x, at(r, k), p, seg_end);
			util_copy(old, at(r, k), r->size);
			if (os < p) {
				set_end(at(r, k), p);
				k++;
				if (insert(r, k, x, p, seg_end))
					return -1;
			} else {
				util_copy(at(r, k), x, r->size);
				set_start(at(r, k), p);
				set_end(at(r, k), seg_end);
			}
			k++;
			if (seg_end < oe && insert(r, k, old, seg_end, oe))
				return -1;
		} else {
			if (r->overlap)
				r->overlap(r->ctx, at(r, k), x, p, seg_end);
			k++;
		}
		p = seg_end;
	}
	return 0;
}

void ranges_coalesce(struct ranges *r, int (*same)(const void *a, const void *b))
{
	uint32_t w = 0;

	for (uint32_t i = 0; i < r->n; i++) {
		if (w && end_of(at(r, w - 1)) == start_of(at(r, i)) && same(at(r, w - 1), at(r, i))) {
			set_end(at(r, w - 1), end_of(at(r, i)));
			continue;
		}
		if (w != i)
			util_copy(at(r, w), at(r, i), r->size);
		w++;
	}
	r->n = w;
}

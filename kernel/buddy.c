// SPDX-License-Identifier: MIT
/* buddy.c - per-node binary buddy page allocator over bitmaps; see buddy.h. */
#include "buddy.h"

#define ALIGN_PAGES (1ULL << BUDDY_MAX_ORDER)

static uint64_t words_for(uint64_t bits)
{
	return (bits + 63) / 64;
}

static uint64_t span_base(uint64_t start_pfn)
{
	return start_pfn & ~(ALIGN_PAGES - 1);
}

uint64_t buddy_meta_bytes(uint64_t start_pfn, uint64_t end_pfn)
{
	uint64_t pages = end_pfn > start_pfn ? end_pfn - span_base(start_pfn) : 0, n = 0;

	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
		uint64_t w = words_for((pages + (1ULL << o) - 1) >> o);

		n += w + words_for(w);
	}
	return n * 8;
}

void buddy_init(struct buddy_zone *z, uint64_t start_pfn, uint64_t end_pfn, uint64_t *meta)
{
	uint64_t pages, total = buddy_meta_bytes(start_pfn, end_pfn) / 8;

	z->base_pfn = span_base(start_pfn);
	z->start_pfn = start_pfn;
	z->end_pfn = end_pfn > start_pfn ? end_pfn : z->base_pfn;
	pages = z->end_pfn - z->base_pfn;
	for (uint64_t i = 0; i < total; i++)
		meta[i] = 0;
	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
		z->nwords[o] = words_for((pages + (1ULL << o) - 1) >> o);
		z->bits[o] = meta;
		meta += z->nwords[o];
		z->sum[o] = meta;
		meta += words_for(z->nwords[o]);
		z->nr_free[o] = 0;
	}
	z->free_pages = 0;
}

static bool test(const struct buddy_zone *z, unsigned o, uint64_t pfn)
{
	uint64_t i = (pfn - z->base_pfn) >> o;

	return (z->bits[o][i / 64] >> (i % 64)) & 1;
}

static void set(struct buddy_zone *z, unsigned o, uint64_t pfn)
{
	uint64_t i = (pfn - z->base_pfn) >> o;

	z->bits[o][i / 64] |= 1ULL << (i % 64);
	z->sum[o][i / 4096] |= 1ULL << ((i / 64) % 64);
	z->nr_free[o]++;
	z->free_pages += 1ULL << o;
}

static void clear(struct buddy_zone *z, unsigned o, uint64_t pfn)
{
	uint64_t i = (pfn - z->base_pfn) >> o;

	z->bits[o][i / 64] &= ~(1ULL << (i % 64));
	if (!z->bits[o][i / 64])
		z->sum[o][i / 4096] &= ~(1ULL << ((i / 64) % 64));
	z->nr_free[o]--;
	z->free_pages -= 1ULL << o;
}

/* Does a free block of any order cover a page of [pfn, pfn + 2^order)? */
static bool overlaps_free(const struct buddy_zone *z, uint64_t pfn, unsigned order)
{
	/* A free block containing pfn starts at pfn rounded down to its order. */
	for (unsigned o = order; o <= BUDDY_MAX_ORDER; o++) {
		uint64_t head = pfn & ~((1ULL << o) - 1);

		if (head + (1ULL << o) <= z->end_pfn && test(z, o, head))
			return true;
	}
	/* A smaller free block inside [pfn, pfn + 2^order): scan its bits. */
	for (unsigned o = 0; o < order; o++) {
		uint64_t i0 = (pfn - z->base_pfn) >> o, n = 1ULL << (order - o);

		for (uint64_t i = i0; i < i0 + n; ) {
			uint64_t w = z->bits[o][i / 64];
			unsigned sh = (unsigned)(i % 64);
			uint64_t take = 64 - sh < i0 + n - i ? 64 - sh : i0 + n - i;
			uint64_t mask = take == 64 ? ~0ULL : ((1ULL << take) - 1) << sh;

			if (w & mask)
				return true;
			i += take;
		}
	}
	return false;
}

int buddy_free(struct buddy_zone *z, uint64_t pfn, unsigned order)
{
	if (order > BUDDY_MAX_ORDER || (pfn & ((1ULL << order) - 1)) ||
	    pfn < z->start_pfn || pfn >= z->end_pfn ||
	    z->end_pfn - pfn < (1ULL << order) || overlaps_free(z, pfn, order))
		return -1;
	while (order < BUDDY_MAX_ORDER) {
		uint64_t buddy = pfn ^ (1ULL << order);

		if (buddy < z->start_pfn || buddy + (1ULL << order) > z->end_pfn ||
		    !test(z, order, buddy))
			break;
		clear(z, order, buddy);
		pfn &= ~(1ULL << order);
		order++;
	}
	set(z, order, pfn);
	return 0;
}

/* Lowest free head of order @o, or BUDDY_NONE. */
static uint64_t first_free(const struct buddy_zone *z, unsigned o)
{
	uint64_t nsum = words_for(z->nwords[o]);

	for (uint64_t s = 0; s < nsum; s++) {
		if (!z->sum[o][s])
			continue;
		uint64_t w = s * 64 + (uint64_t)__builtin_ctzll(z->sum[o][s]);
		uint64_t i = w * 64 + (uint64_t)__builtin_ctzll(z->bits[o][w]);

		return z->base_pfn + (i << o);
	}
	return BUDDY_NONE;
}

uint64_t buddy_alloc(struct buddy_zone *z, unsigned order)
{
	unsigned o = order;
	uint64_t pfn;

	if (order > BUDDY_MAX_ORDER)
		return BUDDY_NONE;
	while (o <= BUDDY_MAX_ORDER && !z->nr_free[o])
		o++;
	if (o > BUDDY_MAX_ORDER)
		return BUDDY_NONE;
	pfn = first_free(z, o);
	clear(z, o, pfn);
	/* Split: give back the upper halves. */
	while (o > order) {
		o--;
		set(z, o, pfn + (1ULL << o));
	}
	return pfn;
}

int buddy_check(const struct buddy_zone *z, const char **why)
{
	uint64_t pages = 0;

	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
		uint64_t n = 0;

		for (uint64_t w = 0; w < z->nwords[o]; w++) {
			uint64_t x = z->bits[o][w];
			bool s = (z->sum[o][w / 64] >> (w % 64)) & 1;

			if (s != (x != 0)) {
				*why = "summary bit differs from its bitmap word";
				return -1;
			}
			while (x) {
				uint64_t i = w * 64 + (uint64_t)__builtin_ctzll(x);
				uint64_t pfn = z->base_pfn + (i << o);

				x &= x - 1;
				if (pfn < z->start_pfn || pfn + (1ULL << o) > z->end_pfn) {
					*why = "free block outside the span";
					return -1;
				}
				for (unsigned a = o + 1; a <= BUDDY_MAX_ORDER; a++) {
					uint64_t head = pfn & ~((1ULL << a) - 1);

					if (head + (1ULL << a) <= z->end_pfn && test(z, a, head)) {
						*why = "free block inside a larger free block";
						return -1;
					}
				}
				if (o < BUDDY_MAX_ORDER) {
					uint64_t b = pfn ^ (1ULL << o);

					if (b >= z->start_pfn && b + (1ULL << o) <= z->end_pfn && test(z, o, b)) {
						*why = "two free buddies not merged";
						return -1;
					}
				}
				n++;
			}
		}
		if (n != z->nr_free[o]) {
			*why = "per-order counter";
			return -1;
		}
		pages += n << o;
	}
	if (pages != z->free_pages) {
		*why = "free page counter";
		return -1;
	}
	return 0;
}

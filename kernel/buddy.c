// SPDX-License-Identifier: MIT
/* buddy.c - per-node binary buddy page allocator; see buddy.h. */
#include "buddy.h"

struct links {
	uint64_t next, prev;               /* pfn, BUDDY_NONE at the ends */
};

static struct links *links(const struct buddy_zone *z, uint64_t pfn)
{
	return z->map(z->map_ctx, pfn);
}

static void list_add(struct buddy_zone *z, uint64_t pfn, unsigned order)
{
	struct links *l = links(z, pfn);

	l->prev = BUDDY_NONE;
	l->next = z->head[order];
	if (z->head[order] != BUDDY_NONE)
		links(z, z->head[order])->prev = pfn;
	z->head[order] = pfn;
	z->state[pfn - z->base_pfn] = (uint8_t)order;
	z->nr_free[order]++;
	z->free_pages += 1ULL << order;
}

static void list_del(struct buddy_zone *z, uint64_t pfn, unsigned order)
{
	struct links *l = links(z, pfn);

	if (l->prev != BUDDY_NONE)
		links(z, l->prev)->next = l->next;
	else
		z->head[order] = l->next;
	if (l->next != BUDDY_NONE)
		links(z, l->next)->prev = l->prev;
	z->state[pfn - z->base_pfn] = BUDDY_NOT_HEAD;
	z->nr_free[order]--;
	z->free_pages -= 1ULL << order;
}

void buddy_init(struct buddy_zone *z, uint64_t base_pfn, uint64_t end_pfn, uint8_t *state,
		void *(*map)(void *ctx, uint64_t pfn), void *ctx)
{
	z->base_pfn = base_pfn;
	z->end_pfn = end_pfn;
	z->state = state;
	z->map = map;
	z->map_ctx = ctx;
	z->free_pages = 0;
	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
		z->head[o] = BUDDY_NONE;
		z->nr_free[o] = 0;
	}
	for (uint64_t i = 0; i < end_pfn - base_pfn; i++)
		state[i] = BUDDY_NOT_HEAD;
}

/* Is any page of [pfn, pfn + 2^order) already inside a free block? */
static bool overlaps_free(const struct buddy_zone *z, uint64_t pfn, unsigned order)
{
	/* A free block containing pfn starts at pfn rounded down to its order. */
	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
		uint64_t head = pfn & ~((1ULL << o) - 1);

		if (head >= z->base_pfn && z->state[head - z->base_pfn] == o)
			return true;
	}
	/* ...or a smaller free block starts inside the new one. */
	for (uint64_t p = pfn; p < pfn + (1ULL << order); p++)
		if (z->state[p - z->base_pfn] != BUDDY_NOT_HEAD)
			return true;
	return false;
}

int buddy_free(struct buddy_zone *z, uint64_t pfn, unsigned order)
{
	if (order > BUDDY_MAX_ORDER || (pfn & ((1ULL << order) - 1)) ||
	    pfn < z->base_pfn || pfn >= z->end_pfn ||
	    z->end_pfn - pfn < (1ULL << order) || overlaps_free(z, pfn, order))
		return -1;
	while (order < BUDDY_MAX_ORDER) {
		uint64_t buddy = pfn ^ (1ULL << order);

		if (buddy < z->base_pfn || buddy >= z->end_pfn ||
		    z->state[buddy - z->base_pfn] != order)
			break;
		list_del(z, buddy, order);
		pfn &= ~(1ULL << order);
		order++;
	}
	list_add(z, pfn, order);
	return 0;
}

uint64_t buddy_alloc(struct buddy_zone *z, unsigned order)
{
	unsigned o = order;
	uint64_t pfn;

	if (order > BUDDY_MAX_ORDER)
		return BUDDY_NONE;
	while (o <= BUDDY_MAX_ORDER && z->head[o] == BUDDY_NONE)
		o++;
	if (o > BUDDY_MAX_ORDER)
		return BUDDY_NONE;
	pfn = z->head[o];
	list_del(z, pfn, o);
	/* Split: give back the upper halves. */
	while (o > order) {
		o--;
		list_add(z, pfn + (1ULL << o), o);
	}
	return pfn;
}

int buddy_check(const struct buddy_zone *z, const char **why)
{
	uint64_t pages = 0, heads = 0;

	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
		uint64_t n = 0, prev = BUDDY_NONE;

		for (uint64_t p = z->head[o]; p != BUDDY_NONE; p = links(z, p)->next) {
			if (p < z->base_pfn || p >= z->end_pfn || (p & ((1ULL << o) - 1))) {
				*why = "free block outside the span or unaligned";
				return -1;
			}
			if (z->state[p - z->base_pfn] != o) {
				*why = "state byte differs from the list order";
				return -1;
			}
			if (links(z, p)->prev != prev) {
				*why = "broken back link";
				return -1;
			}
			if (o < BUDDY_MAX_ORDER) {
				uint64_t b = p ^ (1ULL << o);

				if (b >= z->base_pfn && b < z->end_pfn && z->state[b - z->base_pfn] == o) {
					*why = "two free buddies not merged";
					return -1;
				}
			}
			prev = p;
			if (++n > z->end_pfn - z->base_pfn) {
				*why = "free list loops";
				return -1;
			}
		}
		if (n != z->nr_free[o]) {
			*why = "per-order counter";
			return -1;
		}
		pages += n << o;
		heads += n;
	}
	for (uint64_t i = 0; i < z->end_pfn - z->base_pfn; i++)
		heads -= z->state[i] != BUDDY_NOT_HEAD;
	if (heads) {
		*why = "state bytes mark heads that are on no list";
		return -1;
	}
	if (pages != z->free_pages) {
		*why = "free page counter";
		return -1;
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * buddy.h - the stub kernel's page allocator: a binary buddy system per
 * node, orders 0..BUDDY_MAX_ORDER.
 *
 * Free lists are intrusive (two links in the first bytes of each free block)
 * and a state byte per page of the node's span marks free block heads, so
 * handing memory over costs one write per free block, not per page. Memory is
 * reached through zone->map (identity in the kernel, a buffer in host tests).
 */
#ifndef KERNEL_BUDDY_H
#define KERNEL_BUDDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BUDDY_MAX_ORDER  10
#define BUDDY_NONE       UINT64_MAX
#define BUDDY_NOT_HEAD   0xff

struct buddy_zone {
	uint64_t base_pfn, end_pfn;        /* span [base_pfn, end_pfn) */
	uint8_t *state;                    /* per page: order of a free head, else 0xff */
	uint64_t head[BUDDY_MAX_ORDER + 1];/* first free block (pfn) per order */
	uint64_t nr_free[BUDDY_MAX_ORDER + 1];
	uint64_t free_pages;
	/* Address of page @pfn's memory (the zone writes its links there). */
	void *(*map)(void *ctx, uint64_t pfn);
	void *map_ctx;
};

/**
 * buddy_state_bytes() - bytes of state for a span of pages.
 * @pages: end_pfn - base_pfn
 */
static inline uint64_t buddy_state_bytes(uint64_t pages)
{
	return pages;
}

/**
 * buddy_init() - an empty zone over [base_pfn, end_pfn).
 * @z:      zone
 * @base_pfn: first page of the span
 * @end_pfn:  end of the span
 * @state:  buddy_state_bytes() bytes, not inside the span's free memory
 * @map:    page -> address translation
 * @ctx:    for @map
 */
void buddy_init(struct buddy_zone *z, uint64_t base_pfn, uint64_t end_pfn, uint8_t *state,
		void *(*map)(void *ctx, uint64_t pfn), void *ctx);

/**
 * buddy_free() - give a naturally aligned block of 2^order pages to the zone.
 * @z:     zone
 * @pfn:   first page, aligned to 2^order, inside the span
 * @order: 0..BUDDY_MAX_ORDER
 *
 * Merges with its buddy while the buddy is free, inside the span.
 * Return: 0, or -1 for a bad block (unaligned, outside, overlapping a free one).
 */
int buddy_free(struct buddy_zone *z, uint64_t pfn, unsigned order);

/**
 * buddy_alloc() - take a block of 2^order pages.
 * @z:     zone
 * @order: 0..BUDDY_MAX_ORDER
 *
 * Return: its first page, or BUDDY_NONE.
 */
uint64_t buddy_alloc(struct buddy_zone *z, unsigned order);

/**
 * buddy_check() - walk every list and verify links, state bytes, alignment,
 * no free buddy pairs left unmerged, and the counters.
 * @z:   zone
 * @why: receives a static message on failure
 *
 * Return: 0 or -1.
 */
int buddy_check(const struct buddy_zone *z, const char **why);

#endif /* KERNEL_BUDDY_H */

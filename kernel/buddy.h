/* SPDX-License-Identifier: MIT */
/*
 * buddy.h - the stub kernel's page allocator: a binary buddy system per
 * node, orders 0..BUDDY_MAX_ORDER.
 *
 * Non-intrusive: the free blocks are recorded in one bitmap per order (a set
 * bit = a free block of that order starts there) plus a summary bitmap per
 * order (a set bit = that bitmap word is non-zero), all in metadata the
 * caller provides. Taking over memory and allocating never write to the
 * managed pages themselves, so handing a 256 GiB guest over costs a few MiB
 * of metadata writes, not one touched page per block (which, with
 * transparent huge pages on the host, would back every 2 MiB of guest RAM).
 * Metadata: about pages/4 bytes (two bits per page over all orders).
 */
#ifndef KERNEL_BUDDY_H
#define KERNEL_BUDDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BUDDY_MAX_ORDER  10
#define BUDDY_NONE       UINT64_MAX

struct buddy_zone {
	uint64_t base_pfn, end_pfn;           /* span; base aligned to 2^MAX_ORDER */
	uint64_t start_pfn;                   /* first page that may be handed in */
	uint64_t *bits[BUDDY_MAX_ORDER + 1];  /* free heads of each order */
	uint64_t *sum[BUDDY_MAX_ORDER + 1];   /* non-zero words of bits[] */
	uint64_t nwords[BUDDY_MAX_ORDER + 1]; /* words in bits[o] */
	uint64_t nr_free[BUDDY_MAX_ORDER + 1];
	uint64_t free_pages;
};

/**
 * buddy_meta_bytes() - metadata for a zone over [start_pfn, end_pfn).
 * @start_pfn: first page
 * @end_pfn:   end page
 *
 * Return: bytes (a multiple of 8).
 */
uint64_t buddy_meta_bytes(uint64_t start_pfn, uint64_t end_pfn);

/**
 * buddy_init() - an empty zone.
 * @z:         zone
 * @start_pfn: first page that may be handed in
 * @end_pfn:   end page
 * @meta:      buddy_meta_bytes() bytes, 8-byte aligned, zeroed here
 */
void buddy_init(struct buddy_zone *z, uint64_t start_pfn, uint64_t end_pfn, uint64_t *meta);

/**
 * buddy_free() - give a naturally aligned block of 2^order pages to the zone.
 * @z:     zone
 * @pfn:   first page, aligned to 2^order, inside the span
 * @order: 0..BUDDY_MAX_ORDER
 *
 * Merges with its buddy while the buddy is free.
 * Return: 0, or -1 for a bad block (unaligned, outside, overlapping a free one).
 */
int buddy_free(struct buddy_zone *z, uint64_t pfn, unsigned order);

/**
 * buddy_alloc() - take a block of 2^order pages (the lowest of the smallest
 * order that has one).
 * @z:     zone
 * @order: 0..BUDDY_MAX_ORDER
 *
 * Return: its first page, or BUDDY_NONE.
 */
uint64_t buddy_alloc(struct buddy_zone *z, unsigned order);

/**
 * buddy_check() - verify the bitmaps: summaries, alignment, no free block
 * inside another, no free buddy pair left unmerged, and the counters.
 * @z:   zone
 * @why: receives a static message on failure
 *
 * Return: 0 or -1.
 */
int buddy_check(const struct buddy_zone *z, const char **why);

#endif /* KERNEL_BUDDY_H */

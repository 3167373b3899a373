/* SPDX-License-Identifier: MIT */
/*
 * ranges.h - the interval painter: paint a range over a sorted list of
 * disjoint ranges, where the higher priority keeps the overlapped bytes and
 * the loser is cut (split in two where the winner lands in its middle).
 *
 * Used for the memory map (the stricter EFI class wins an overlap) and for
 * the reserved list (the most specific reason wins). Elements are the
 * caller's structs; each must begin with `uint64_t start, end;` (half-open),
 * checked with RANGES_ELEM_OK().
 *
 * Freestanding C11.
 */
#ifndef BOOT_RANGES_H
#define BOOT_RANGES_H

#include <stddef.h>
#include <stdint.h>

#define RANGES_ELEM_MAX 64      /* largest element the painter copies */

/* True if @type starts with uint64_t start, end and fits the painter. */
#define RANGES_ELEM_OK(type) \
	(offsetof(type, start) == 0 && offsetof(type, end) == 8 && \
	 sizeof(type) <= RANGES_ELEM_MAX && sizeof(type) % 8 == 0)

/**
 * struct ranges - a sorted, disjoint list of elements over caller storage.
 * @elem:    the elements
 * @size:    bytes per element
 * @n:       elements in use
 * @cap:     elements that may be used (may be changed between paints)
 * @wins:    >0 if @new takes bytes that @old holds (ties: @old keeps them)
 * @overlap: called for every overlapped piece [s, e) with the winner and the
 *           loser, before the list changes; may be NULL
 * @ctx:     passed to @overlap
 */
struct ranges {
	void *elem;
	size_t size;
	uint32_t n, cap;
	int (*wins)(const void *new_elem, const void *old_elem);
	void (*overlap)(void *ctx, const void *winner, const void *loser,
			uint64_t s, uint64_t e);
	void *ctx;
};

/**
 * ranges_paint() - paint element @x (its [start, end) and payload) over @r.
 * @r: the list
 * @x: the element to paint; its bytes are copied into every piece it gets
 *
 * Gaps inside [x->start, x->end) get pieces of @x; where an element overlaps,
 * ranges.wins() decides who keeps the bytes. Inputs may come in any order.
 * An empty @x (start >= end) changes nothing.
 *
 * Return: 0, or -1 when a piece does not fit in @r->cap (the list is then
 * valid, sorted and disjoint, but only partly painted).
 */
int ranges_paint(struct ranges *r, const void *x);

/**
 * ranges_coalesce() - merge touching neighbours that @same says are alike.
 * @r:    the list
 * @same: nonzero if @b may be merged into @a (which ends where @b starts)
 */
void ranges_coalesce(struct ranges *r, int (*same)(const void *a, const void *b));

#endif /* BOOT_RANGES_H */

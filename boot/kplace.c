// SPDX-License-Identifier: MIT
/* kplace.c - choose a relocatable kernel's load base; see kplace.h. */
#include "kplace.h"

#include "memmap.h"
#include "util.h"

/* Descriptor @i as [*start, *end) if it is free general RAM. */
static bool free_desc(const struct kplace_map *m, uint32_t i, uint64_t *start, uint64_t *end)
{
	struct memmap_desc d;

	util_copy(&d, (const uint8_t *)m->desc + (uint64_t)i * m->desc_size, sizeof(d));
	if (d.type != MEMMAP_TYPE_CONVENTIONAL || (d.attribute & MEMMAP_ATTR_SP) ||
	    (d.physical_start & UTIL_PAGE_MASK) || !d.number_of_pages ||
	    d.number_of_pages > (UINT64_MAX - d.physical_start) / BOOTMEM_PAGE_SIZE)
		return false;
	*start = d.physical_start;
	*end = d.physical_start + d.number_of_pages * BOOTMEM_PAGE_SIZE;
	return true;
}

/* Is every byte of [a, b) in free descriptors? Follows the chain of descriptors. */
static bool covered(const struct kplace_map *m, uint64_t a, uint64_t b)
{
	uint64_t at = a;

	/* Each step moves past one descriptor's end: at most count steps. */
	for (uint32_t step = 0; at < b && step <= m->count; step++) {
		uint64_t s, e, next = at;

		for (uint32_t i = 0; i < m->count; i++)
			if (free_desc(m, i, &s, &e) && s <= at && at < e && e > next)
				next = e;
		if (next == at)
			return false;
		at = next;
	}
	return at >= b;
}

bool kplace_fits(const struct kplace_map *m, uint64_t lo, uint64_t hi, uint64_t base)
{
	if (!m || !m->desc || m->desc_size < sizeof(struct memmap_desc) || lo >= hi ||
	    (base & (KPLACE_ALIGN - 1)))
		return false;
	if (hi > KPLACE_LIMIT || base > KPLACE_LIMIT - hi || base + lo < KPLACE_MIN)
		return false;
	return covered(m, base + lo, base + hi);
}

static uint64_t align_up(uint64_t x)
{
	return x > UINT64_MAX - (KPLACE_ALIGN - 1) ? KPLACE_NONE :
	       (x + KPLACE_ALIGN - 1) & ~(KPLACE_ALIGN - 1);
}

uint64_t kplace_next(const struct kplace_map *m, uint64_t lo, uint64_t hi, uint64_t from)
{
	uint64_t best = KPLACE_NONE, first = align_up(from);

	if (!m || !m->desc || m->desc_size < sizeof(struct memmap_desc) || first == KPLACE_NONE)
		return KPLACE_NONE;
	/*
	 * The lowest fitting base puts the image start at the start of the
	 * free run holding it, at 16 MiB, or at @from, each rounded up to the
	 * alignment: one candidate per descriptor covers them all.
	 */
	for (uint32_t i = 0; i < m->count; i++) {
		uint64_t s, e, need, base;

		if (!free_desc(m, i, &s, &e))
			continue;
		need = util_max(s, KPLACE_MIN);
		base = need > lo ? align_up(need - lo) : 0;
		base = util_max(base, first);
		if (base < best && kplace_fits(m, lo, hi, base))
			best = base;
	}
	return best;
}

/* SPDX-License-Identifier: MIT */
/*
 * util.h - the one set of byte, page and sorting helpers of the loader, the
 * kernel and the host tools (lib/crt.c maps memset, memcpy, memmove and
 * memcmp onto them for the freestanding targets).
 *
 * Freestanding C11: only <stdint.h>, <stddef.h> and <stdbool.h>. Firmware
 * tables are read with the little-endian byte readers below, never through
 * struct pointers, because firmware does not promise any alignment. The page
 * size is the allocator's, BOOTMEM_PAGE_SIZE.
 */
#ifndef LIB_UTIL_H
#define LIB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootmem2.h"

#define UTIL_PAGE_MASK  (BOOTMEM_PAGE_SIZE - 1)

static inline uint8_t util_rd8(const uint8_t *p, uint64_t off)
{
	return p[off];
}

static inline uint16_t util_rd16(const uint8_t *p, uint64_t off)
{
	return (uint16_t)(p[off] | (uint16_t)p[off + 1] << 8);
}

static inline uint32_t util_rd32(const uint8_t *p, uint64_t off)
{
	return (uint32_t)p[off] | (uint32_t)p[off + 1] << 8 |
	       (uint32_t)p[off + 2] << 16 | (uint32_t)p[off + 3] << 24;
}

static inline uint64_t util_rd64(const uint8_t *p, uint64_t off)
{
	return (uint64_t)util_rd32(p, off) | (uint64_t)util_rd32(p, off + 4) << 32;
}

static inline void util_wr32(uint8_t *p, uint64_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[off + (uint64_t)i] = (uint8_t)(v >> (8 * i));
}

static inline void util_wr64(uint8_t *p, uint64_t off, uint64_t v)
{
	util_wr32(p, off, (uint32_t)v);
	util_wr32(p, off + 4, (uint32_t)(v >> 32));
}

static inline uint64_t util_page_down(uint64_t a)
{
	return a & ~UTIL_PAGE_MASK;
}

/* Round @a up to a page; false if that wraps past 2^64 - 1. */
static inline bool util_page_up(uint64_t a, uint64_t *out)
{
	if (a > UINT64_MAX - UTIL_PAGE_MASK)
		return false;
	*out = (a + UTIL_PAGE_MASK) & ~UTIL_PAGE_MASK;
	return true;
}

/* Pages of @bytes rounded up (@bytes must not be within a page of 2^64). */
static inline uint64_t util_pages(uint64_t bytes)
{
	return (bytes + UTIL_PAGE_MASK) / BOOTMEM_PAGE_SIZE;
}

static inline uint64_t util_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static inline uint64_t util_max(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/**
 * util_bzero() - clear @n bytes at @dst (no libc memset needed).
 * @dst: destination
 * @n:   bytes
 */
void util_bzero(void *dst, size_t n);

/**
 * util_set() - fill @n bytes at @dst with @c (memset semantics).
 * @dst: destination
 * @c:   byte value
 * @n:   bytes
 */
void util_set(void *dst, int c, size_t n);

/**
 * util_cmp() - compare @n bytes (memcmp semantics).
 * @a: first area
 * @b: second area
 * @n: bytes
 *
 * Return: <0, 0 or >0 as the first differing byte of @a is below, equal to or
 * above that of @b (as unsigned char).
 */
int util_cmp(const void *a, const void *b, size_t n);

/**
 * util_copy() - copy @n bytes; the areas may overlap (memmove semantics).
 * @dst: destination
 * @src: source
 * @n:   bytes
 */
void util_copy(void *dst, const void *src, size_t n);

/**
 * util_sum8() - 8-bit sum of @n bytes (ACPI checksums: a valid table sums to 0).
 * @p: bytes
 * @n: count
 *
 * Return: the sum modulo 256.
 */
uint8_t util_sum8(const uint8_t *p, uint64_t n);

/**
 * util_sort() - in-place heapsort (O(n log n), no extra memory, not stable).
 * @base: array
 * @n:    elements
 * @size: bytes per element (any size: elements are swapped byte by byte)
 * @cmp:  <0, 0, >0 like qsort's comparator
 */
void util_sort(void *base, size_t n, size_t size,
	       int (*cmp)(const void *a, const void *b));

#endif /* LIB_UTIL_H */

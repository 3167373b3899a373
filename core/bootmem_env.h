/* SPDX-License-Identifier: MIT */
/*
 * bootmem_env.h - the only place the core learns about its environment.
 *
 * The core is freestanding C11: it may include <stdint.h>, <stddef.h> and
 * <stdbool.h> and nothing else. Memory and bit helpers are defined here so
 * that the same sources build for the host (tests, fuzzers, the simulator),
 * the UEFI loader and the stub kernel.
 */
#ifndef BOOTMEM_ENV_H
#define BOOTMEM_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BM_UNUSED(x) ((void)(x))

/*
 * BM_ASSERT is for conditions that the code itself guarantees. It compiles
 * to nothing unless BOOTMEM_DEBUG is set; then a failure traps.
 */
#ifdef BOOTMEM_DEBUG
#define BM_ASSERT(c) do { if (!(c)) __builtin_trap(); } while (0)
#else
#define BM_ASSERT(c) do { } while (0)
#endif

static inline void bm_memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
}

/* Fill @n 64-bit words (the bitmap fast path). */
static inline void bm_fill64(uint64_t *dst, uint64_t v, size_t n)
{
	while (n--)
		*dst++ = v;
}

/*
 * Copy @n 64-bit words to a lower or non-overlapping address (ascending, so
 * dst < src may overlap): the block table's shift when a block is inserted.
 */
typedef uint64_t __attribute__((may_alias)) bm_word_alias;

static inline void bm_copy64_down(void *dst, const void *src, size_t n)
{
	bm_word_alias *d = dst;
	const bm_word_alias *s = src;

	while (n--)
		*d++ = *s++;
}

/* Bit helpers on 64-bit words; ctz/clz are undefined for 0, as the builtins. */
static inline unsigned bm_ctz64(uint64_t x)
{
	return (unsigned)__builtin_ctzll(x);
}

static inline unsigned bm_clz64(uint64_t x)
{
	return (unsigned)__builtin_clzll(x);
}

/* Population count without a libgcc call (no -mpopcnt on every target). */
static inline unsigned bm_popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

/* floor(log2(x)) for x > 0. */
static inline unsigned bm_log2_64(uint64_t x)
{
	return 63u - bm_clz64(x);
}

static inline bool bm_is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

static inline uint64_t bm_min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static inline uint64_t bm_max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

#endif /* BOOTMEM_ENV_H */

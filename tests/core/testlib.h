/* SPDX-License-Identifier: MIT */
/*
 * testlib.h - tiny test harness for the host tests (memblock-tests style):
 * each test builds a small layout, makes one call, asserts exact results.
 * A failed assertion prints file, line, both values and returns from the test.
 */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootmem2.h"
#include "bootmem_internal.h"

#define SZ_4K   0x1000ULL
#define SZ_64K  0x10000ULL
#define SZ_1M   0x100000ULL
#define SZ_2M   0x200000ULL
#define SZ_16M  0x1000000ULL
#define SZ_256M 0x10000000ULL
#define SZ_512M 0x20000000ULL
#define SZ_1G   0x40000000ULL
#define SZ_2G   0x80000000ULL
#define SZ_4G   0x100000000ULL
#define PAGES(bytes) ((uint64_t)(bytes) / SZ_4K)
#define PG(n)        ((uint64_t)(n) * SZ_4K)        /* n pages in bytes */

struct tl_case {
	const char *name;
	int (*fn)(void);
};

#define TL_CASE(f) { #f, f }

/* Run the cases (all, or those named on the command line); prints one
 * "ok NAME" / "FAIL NAME" line per case. Return: process exit status. */
int tl_main(const struct tl_case *cases, size_t n, int argc, char **argv);

/* "EINVAL", "ENOMEM", ... for a BOOTMEM_E* code ("0" for success). */
const char *tl_err_name(int e);

void tl_fail_u64(const char *file, int line, const char *a_txt, const char *b_txt,
		 uint64_t a, uint64_t b);
void tl_fail_err(const char *file, int line, const char *txt, int got, int want);
void tl_fail_msg(const char *file, int line, const char *msg);

#define ASSERT_EQ(a, b) do { \
	uint64_t _a = (uint64_t)(a), _b = (uint64_t)(b); \
	if (_a != _b) { tl_fail_u64(__FILE__, __LINE__, #a, #b, _a, _b); return 1; } \
} while (0)

#define ASSERT_STR(a, b) do { \
	const char *_a = (a), *_b = (b); \
	if (strcmp(_a, _b)) { \
		fprintf(stderr, "%s:%d: got \"%s\"\n    expected \"%s\"\n", __FILE__, __LINE__, _a, _b); \
		return 1; \
	} \
} while (0)

#define ASSERT_TRUE(c) do { \
	if (!(c)) { tl_fail_msg(__FILE__, __LINE__, "ASSERT_TRUE(" #c ")"); return 1; } \
} while (0)

/* An API call returning a BOOTMEM_E* code (or 0). */
#define ASSERT_RC(call, want) do { \
	int _g = (int)(call), _w = (int)(want); \
	if (_g != _w) { tl_fail_err(__FILE__, __LINE__, #call, _g, _w); return 1; } \
} while (0)
#define ASSERT_OK(call) ASSERT_RC(call, 0)

/* bootmem_check() must pass; on failure names the broken invariant. */
#define CHECK(bm) do { \
	const char *_why; \
	if (bm_check_detail((bm), &_why)) { tl_fail_msg(__FILE__, __LINE__, _why); return 1; } \
} while (0)

/*
 * A fixture: state plus an arena (malloc'ed, filled with garbage first so
 * that nothing relies on zeroed storage).
 */
struct tl_env {
	struct bootmem bm;
	unsigned char *arena;
	size_t arena_size;
};

/* Init with an arena of @arena_size bytes (0: enough for 64 blocks, 16 GiB). */
int tl_init(struct tl_env *e, size_t arena_size);
void tl_fini(struct tl_env *e);

/*
 * The seed layout: node 0 owns 0-2G and 4-6G, node 1 owns 2-4G and 6-8G; all
 * pages free afterwards except page 0 (reserved, as the loader does).
 */
int tl_seed_layout(struct tl_env *e);

/* Fixture: init, then node 0 owning [0, 1M) with every page free (page 0 too). */
int tl_one_free_block(struct tl_env *e);

/* Add a block and free all of it. */
int tl_add_free(struct tl_env *e, int nid, uint64_t start, uint64_t end);

/* Byte snapshot of state + arena, to prove a failed call changed nothing. */
struct tl_snap {
	struct bootmem bm;
	unsigned char *arena;
	size_t size;
};
void tl_snap_take(const struct tl_env *e, struct tl_snap *s);
int tl_snap_same(const struct tl_env *e, const struct tl_snap *s);   /* 1 if identical */
void tl_snap_free(struct tl_snap *s);

/* Assert that @call returns @want and leaves every byte of state unchanged. */
#define ASSERT_FAILS_CLEAN(env, call, want) do { \
	struct tl_snap _s; \
	tl_snap_take((env), &_s); \
	int _g = (int)(call); \
	int _same = tl_snap_same((env), &_s); \
	tl_snap_free(&_s); \
	if (_g != (int)(want)) { tl_fail_err(__FILE__, __LINE__, #call, _g, (int)(want)); return 1; } \
	if (!_same) { tl_fail_msg(__FILE__, __LINE__, "failed call changed the state: " #call); return 1; } \
} while (0)

/* Stats shortcuts (abort the test on error). */
uint64_t tl_free_pages(const struct tl_env *e, int nid);
uint64_t tl_total_pages(const struct tl_env *e, int nid);

/* Count free pages in [start, end) with bootmem_page_is_free. */
uint64_t tl_count_free(const struct tl_env *e, uint64_t start, uint64_t end);

/* Deterministic PRNG (xorshift64*), seeded explicitly. */
static inline uint64_t tl_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}


/*
 * Stats of @nid (-1: all) must be exactly these; reserved_pages is checked
 * as total - free. Prints every mismatching field.
 */
int tl_stats_are(const char *file, int line, const struct tl_env *e, int nid,
		 uint64_t total, uint64_t free_pages, uint32_t nr_blocks, uint32_t nr_nodes);
#define ASSERT_STATS(env, nid, total, free_pages, nr_blocks, nr_nodes) do { \
	if (tl_stats_are(__FILE__, __LINE__, (env), (nid), (total), (free_pages), \
			 (nr_blocks), (nr_nodes))) \
		return 1; \
} while (0)

/* Recorder for free_all_bootmem(): every run, in call order. */
struct tl_runs {
	size_t n, cap;
	uint64_t *start;
	unsigned *order;
	uint64_t pages;
};
void tl_record_run(void *ctx, phys_addr_t start, unsigned order);   /* ctx: struct tl_runs */
void tl_runs_free(struct tl_runs *r);

#endif /* TESTLIB_H */

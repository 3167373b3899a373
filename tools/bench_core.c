// SPDX-License-Identifier: MIT
/*
 * bench_core.c - `make bench`: bootmem2 against reference implementations,
 * in one process, on the same layout and the same data.
 *
 * Two layouts, each printed at start:
 *
 * 1 TiB of managed memory (2^28 pages) in 32 blocks on 8 nodes, interleaved
 * like a real multi-socket SRAT (block j belongs to node j % 8, so every two
 * neighbouring blocks that touch belong to different nodes), with two holes.
 * Baselines: a naive page-at-a-time bitmap allocator (2.6-era Linux bootmem)
 * and memory-bandwidth references.
 *   init_1t            bootmem_init + 32 add_block + free_bootmem of all usable
 *                      memory      vs  memset(0xff) of the 1-bit-per-page bitmap
 *   alloc_frag_goal0   2*10^4 one-page allocations, goal 0, on a map where
 *                      every other page is reserved   vs  naive allocator
 *   alloc_frag_random  the same with uniformly random goals (seeded)
 *   alloc_frag_nofit   16-page, 16-page-aligned requests on that map (ENOMEM)
 *   alloc_small        10^6 64-byte allocations, goal 0, on the init_1t map
 *   free_all_1t        free_all_bootmem(max_order 10) on the init_1t map plus a
 *                      few reservations  vs  one streaming read of the bitmap bytes
 *
 * The peer workloads of DESIGN.md section 4, against the region-array
 * algorithm of Linux's memblock (tools/bench_regions.h, bottom-up so that
 * both allocators give the same lowest-fit answers): 1 TiB, 8 nodes x 4
 * ranges, range k of node n at (8k+n) * 32 GiB, 32 GiB - 64 MiB long.
 *   regions_setup       add and free the 32 ranges, then 1000 one-page
 *                       reserves spread evenly over the managed pages
 *   regions_page_alloc  then 10^4 x (4096, align 4096, goal 0), ns per call
 *   regions_small_alloc then 10^5 x (64, align 64, goal 0)
 *   regions_frag_build  one range, every other page reserved, one call each
 *   regions_frag_alloc  64 x one page, goal top - 64 MiB, in a 4 GiB map with
 *                       every other page reserved
 *   regions_frag_nofit  8192 bytes, align 4096, in that map (ENOMEM), ns per
 *                       call (bootmem2 makes more calls than the baseline)
 *   regions_walk        every free range after regions_setup:
 *                       bootmem_next_free_range() vs walking the gaps
 *
 * Both allocators must return the same address (or ENOMEM) for every
 * allocation, and both walks the same ranges; the bench fails (exit 1)
 * otherwise. Times are CLOCK_MONOTONIC, the minimum over a few repetitions;
 * every buffer is pre-faulted before timing. The bench never touches the
 * simulated memory: physical addresses are just numbers.
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bootmem2.h"
#include "bench_regions.h"

#define KiB (UINT64_C(1) << 10)
#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)
#define TiB (UINT64_C(1) << 40)

#define NR_NODES        8
#define BLOCKS_PER_NODE 4
#define NR_BLOCKS       (NR_NODES * BLOCKS_PER_NODE)

#define FRAG_ALLOCS     20000       /* 2*10^4, fixed by the issue */
#define SMALL_ALLOCS    1000000     /* 10^6 */
#define SMALL_SIZE      64
#define NOFIT_PAGES     16
#define NOFIT_CALLS     8           /* requests per timed repetition */
#define FREEALL_ORDER   10
#define RNG_SEED        0x5eed2008b007ULL

#define NO_PFN UINT64_MAX

/* ------------------------------------------------------------------------ */
/* utilities                                                                */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_core: %s failed: %d (%s)\n", what, err, bootmem_strerror(err));
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		fprintf(stderr, "bench_core: out of host memory (%zu bytes)\n", n);
		exit(1);
	}
	memset(p, 0, n);    /* pre-fault */
	return p;
}

static uint64_t rng_state = RNG_SEED;

static uint64_t rng_next(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static inline uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* A sink the compiler cannot see through. */
static volatile uint64_t sink;

/* Push both sides' data out of every cache level: read 96 MiB (3x L3 here). */
#define EVICT_BYTES (96 * MiB)
static uint64_t *evict_buf;

static void evict_caches(void)
{
	uint64_t s = 0, i;

	if (!evict_buf) {
		evict_buf = malloc(EVICT_BYTES);
		if (!evict_buf)
			return;
		for (i = 0; i < EVICT_BYTES / 8; i++)
			evict_buf[i] = i;
	}
	for (i = 0; i < EVICT_BYTES / 8; i += 8)   /* one load per cache line */
		s += evict_buf[i];
	sink += s;
}

/* ------------------------------------------------------------------------ */
/* layout                                                                   */

struct blk_def {
	int nid;
	uint64_t start, end;     /* bytes */
};

static struct blk_def layout[NR_BLOCKS];   /* address order */
static uint64_t total_pages, span_end;
static uint64_t hole1_start, hole1_end, hole2_start, hole2_end;

/* Ranges as a firmware map would give them. */
struct range {
	uint64_t start, end;
	const char *what;
};

#define MAX_RANGES 8
static struct range usable[MAX_RANGES];
static unsigned nr_usable;
static struct range extra_res[NR_NODES + 4];
static unsigned nr_extra_res;

static void make_layout(void)
{
	uint64_t addr = 0;
	unsigned j;

	for (j = 0; j < NR_BLOCKS; j++) {
		uint64_t size = 32 * GiB;

		if (j == 0)
			size = 3 * GiB;             /* low memory below the PCI hole */
		if (j == NR_BLOCKS - 1)
			size = 61 * GiB;            /* makes the total exactly 1 TiB */
		if (j == 1) {
			hole1_start = addr;
			addr = 4 * GiB;             /* PCI hole [3 GiB, 4 GiB) */
			hole1_end = addr;
		}
		if (j == 16) {
			hole2_start = addr;
			addr += 2 * GiB;            /* MMIO hole between the two halves */
			hole2_end = addr;
		}
		layout[j].nid = (int)(j % NR_NODES);
		layout[j].start = addr;
		layout[j].end = addr + size;
		addr += size;
		total_pages += size / BOOTMEM_PAGE_SIZE;
	}
	span_end = addr;

	/* Usable memory: everything except the first MiB, the top 64 MiB below
	 * the PCI hole (ACPI tables), one 1 MiB ACPI NVS range in block 4 that
	 * is not chunk aligned, and the top 256 MiB (firmware). Ranges 1 and 3
	 * cross many blocks of different nodes. */
	uint64_t nvs = layout[4].start + 3 * MiB;

	usable[nr_usable++] = (struct range){ 1 * MiB, 3 * GiB - 64 * MiB, "low" };
	usable[nr_usable++] = (struct range){ 4 * GiB, nvs, "blocks 1-4" };
	usable[nr_usable++] = (struct range){ nvs + 1 * MiB, hole2_start, "blocks 4-15" };
	usable[nr_usable++] = (struct range){ hole2_end, span_end - 256 * MiB, "blocks 16-31" };

	/* free_all_1t: a few reservations on top of the init_1t map. */
	extra_res[nr_extra_res++] = (struct range){ 16 * MiB, 16 * MiB + 37 * MiB + 4 * KiB, "kernel+initrd" };
	extra_res[nr_extra_res++] = (struct range){ layout[6].start + 12 * KiB,
						    layout[6].start + 12 * KiB + 40 * MiB, "arena" };
	for (j = 0; j < NR_NODES; j++) {
		uint64_t a = layout[8 + j].start + 1 * GiB + (3 * j + 1) * BOOTMEM_PAGE_SIZE;

		extra_res[nr_extra_res++] = (struct range){ a, a + (j + 1) * BOOTMEM_PAGE_SIZE, "per-node" };
	}
}

static void print_layout(void)
{
	unsigned j;

	printf("layout: %u blocks on %d nodes, %" PRIu64 " pages = %" PRIu64 " GiB managed, "
	       "span 0x0-0x%" PRIx64 "\n", NR_BLOCKS, NR_NODES, total_pages,
	       (uint64_t)(total_pages * BOOTMEM_PAGE_SIZE / GiB), span_end);
	printf("  holes: [0x%" PRIx64 ", 0x%" PRIx64 ") PCI, [0x%" PRIx64 ", 0x%" PRIx64 ") MMIO;\n"
	       "  all other neighbouring blocks touch, always two different nodes\n",
	       hole1_start, hole1_end, hole2_start, hole2_end);
	printf("  blocks added in node order (SRAT order), stored in address order:\n");
	for (j = 0; j < NR_BLOCKS; j++) {
		const char *touch = "";

		if (j + 1 < NR_BLOCKS && layout[j].end == layout[j + 1].start)
			touch = "  touches next (other node)";
		printf("  block %2u node %d [0x%011" PRIx64 ", 0x%011" PRIx64 ") %3" PRIu64 " GiB%s\n",
		       j, layout[j].nid, layout[j].start, layout[j].end,
		       (layout[j].end - layout[j].start) / GiB, touch);
	}
	printf("  usable (freed by init_1t):");
	for (j = 0; j < nr_usable; j++)
		printf(" [0x%" PRIx64 ", 0x%" PRIx64 ")", usable[j].start, usable[j].end);
	printf("\n  free_all_1t also reserves %u ranges (kernel, arena, one per node)\n",
	       nr_extra_res);
}

/* ------------------------------------------------------------------------ */
/* bootmem2 side                                                            */

static void *arena;
static size_t arena_size;
static struct bootmem bm;

static void bm_add_blocks(struct bootmem *b)
{
	int n, r, err;

	/* Node order, as the SRAT lists them; the table sorts by address. */
	for (n = 0; n < NR_NODES; n++)
		for (r = 0; r < BLOCKS_PER_NODE; r++) {
			const struct blk_def *d = &layout[r * NR_NODES + n];

			err = bootmem_add_block(b, d->nid, d->start, d->end);
			if (err)
				die("bootmem_add_block", err);
		}
}

/* The init_1t workload itself: init, blocks, free usable memory. */
static void bm_build_init(void)
{
	unsigned i;
	int err;

	err = bootmem_init(&bm, arena, arena_size);
	if (err)
		die("bootmem_init", err);
	bm_add_blocks(&bm);
	for (i = 0; i < nr_usable; i++) {
		err = free_bootmem(&bm, usable[i].start, usable[i].end - usable[i].start);
		if (err)
			die("free_bootmem(usable)", err);
	}
}

static void bm_extra_reserves(void)
{
	unsigned i;
	int err;

	for (i = 0; i < nr_extra_res; i++) {
		err = reserve_bootmem(&bm, extra_res[i].start, extra_res[i].end - extra_res[i].start,
				      BOOTMEM_DEFAULT);
		if (err)
			die("reserve_bootmem", err);
	}
}

/* Snapshot of the fragmented map: built once through the API, restored by
 * copying the used parts of the arena back to the same address. */
static void *frag_snap;
static struct bootmem frag_bm;

static void bm_save_frag(void)
{
	frag_bm = bm;
	memcpy(frag_snap, arena, (size_t)bm.priv_heap);
	memcpy((char *)frag_snap + bm.priv_blocks, (char *)arena + bm.priv_blocks,
	       (size_t)(bm.priv_arena_size - bm.priv_blocks));
}

static void bm_restore_frag(void)
{
	bm = frag_bm;
	memcpy(arena, frag_snap, (size_t)bm.priv_heap);
	memcpy((char *)arena + bm.priv_blocks, (char *)frag_snap + bm.priv_blocks,
	       (size_t)(bm.priv_arena_size - bm.priv_blocks));
}

struct release_count {
	uint64_t calls, pages;
};

static void count_release(void *ctx, phys_addr_t start, unsigned order)
{
	struct release_count *rc = ctx;

	(void)start;
	rc->calls++;
	rc->pages += 1ULL << order;
}

/* ------------------------------------------------------------------------ */
/* baseline: page-at-a-time bitmap allocator, 2.6-era Linux bootmem style   */
/*                                                                          */
/* One bitmap per block, bit set = page reserved (as in Linux), indexed     */
/* from the block's first page. The search tests one bit per page, from the */
/* goal upwards, restarting at the next aligned page after a reserved one   */
/* (Linux: sidx = ALIGN(i, step), += step if equal). Same semantics as the  */
/* contract: step 1 lowest fit >= goal ending <= limit on any block in      */
/* address order, step 2 lowest fit anywhere; small requests share the      */
/* last partial page of the previous small allocation of the block.         */

struct bl_block {
	uint64_t start_pfn, end_pfn;
	uint64_t *map;
	uint64_t small_end;
};

static struct bl_block blb[NR_BLOCKS];   /* address order */
static uint64_t *bl_buf;                 /* all block bitmaps, contiguous */
static uint64_t bl_words;                /* words in bl_buf */
static size_t bitmap_bytes;              /* total_pages / 8: the reference size */

static void bl_setup(void)
{
	uint64_t off = 0;
	unsigned j;

	for (j = 0; j < NR_BLOCKS; j++)
		bl_words += ((layout[j].end - layout[j].start) / BOOTMEM_PAGE_SIZE + 63) / 64;
	bl_buf = xmalloc((size_t)bl_words * 8);
	for (j = 0; j < NR_BLOCKS; j++) {
		blb[j].start_pfn = layout[j].start / BOOTMEM_PAGE_SIZE;
		blb[j].end_pfn = layout[j].end / BOOTMEM_PAGE_SIZE;
		blb[j].map = bl_buf + off;
		blb[j].small_end = 0;
		off += (blb[j].end_pfn - blb[j].start_pfn + 63) / 64;
	}
}

static inline int bl_test(const struct bl_block *b, uint64_t pfn)
{
	uint64_t i = pfn - b->start_pfn;

	return (int)((b->map[i >> 6] >> (i & 63)) & 1);
}

static inline void bl_set(struct bl_block *b, uint64_t pfn)
{
	uint64_t i = pfn - b->start_pfn;

	b->map[i >> 6] |= 1ULL << (i & 63);
}

static inline void bl_clear(struct bl_block *b, uint64_t pfn)
{
	uint64_t i = pfn - b->start_pfn;

	b->map[i >> 6] &= ~(1ULL << (i & 63));
}

/* Setup only (untimed): mark [spfn, epfn) free or reserved across blocks. */
static void bl_mark(uint64_t spfn, uint64_t epfn, int reserved)
{
	unsigned j;

	for (j = 0; j < NR_BLOCKS; j++) {
		struct bl_block *b = &blb[j];
		uint64_t s = max64(spfn, b->start_pfn), e = min64(epfn, b->end_pfn), p;

		for (p = s; p < e; p++) {
			if (reserved)
				bl_set(b, p);
			else
				bl_clear(b, p);
		}
	}
}

static void bl_reset_small(void)
{
	unsigned j;

	for (j = 0; j < NR_BLOCKS; j++)
		blb[j].small_end = 0;
}

/* Baseline map equal to bootmem2's init_1t map (untimed). */
static void bl_build_init(void)
{
	unsigned i;

	memset(bl_buf, 0xff, (size_t)bl_words * 8);
	for (i = 0; i < nr_usable; i++)
		bl_mark(usable[i].start / BOOTMEM_PAGE_SIZE, usable[i].end / BOOTMEM_PAGE_SIZE, 0);
	bl_reset_small();
}

/* Baseline fragmented map: even pfns reserved, odd free (blocks start at
 * even pfns and hold a multiple of 64 pages). */
static void bl_build_frag(void)
{
	uint64_t w;

	for (w = 0; w < bl_words; w++)
		bl_buf[w] = 0x5555555555555555ULL;
	bl_reset_small();
}

/* The page-at-a-time search: one bit test per page. */
static uint64_t bl_find(const struct bl_block *b, uint64_t lo, uint64_t hi,
			uint64_t n, uint64_t align)
{
	uint64_t pos = align_up(lo, align);

	while (pos < hi && hi - pos >= n) {
		uint64_t i, e = pos + n;

		for (i = pos; i < e; i++)
			if (bl_test(b, i))
				break;
		if (i == e)
			return pos;
		pos = align_up(i + 1, align);
	}
	return NO_PFN;
}

struct bl_req {
	uint64_t size, align, npages, align_pages;
	int small;
};

static int bl_alloc_in_block(struct bl_block *b, const struct bl_req *rq,
			     uint64_t lo, uint64_t hi, uint64_t *out)
{
	uint64_t lo_pfn, hi_pfn, pfn, p;

	if (rq->small && b->small_end) {
		uint64_t a = align_up(b->small_end, rq->align);
		uint64_t page_end = (b->small_end & ~(BOOTMEM_PAGE_SIZE - 1)) + BOOTMEM_PAGE_SIZE;

		if (a >= lo && a + rq->size <= page_end && a + rq->size <= hi) {
			b->small_end = a + rq->size == page_end ? 0 : a + rq->size;
			*out = a;
			return 1;
		}
	}
	lo_pfn = max64((lo / BOOTMEM_PAGE_SIZE) + ((lo & (BOOTMEM_PAGE_SIZE - 1)) != 0), b->start_pfn);
	hi_pfn = min64(hi / BOOTMEM_PAGE_SIZE, b->end_pfn);
	if (lo_pfn >= hi_pfn || hi_pfn - lo_pfn < rq->npages)
		return 0;
	pfn = bl_find(b, lo_pfn, hi_pfn, rq->npages, rq->align_pages);
	if (pfn == NO_PFN)
		return 0;
	for (p = pfn; p < pfn + rq->npages; p++)
		bl_set(b, p);
	if (rq->small)
		b->small_end = (pfn * BOOTMEM_PAGE_SIZE) + rq->size;
	*out = pfn * BOOTMEM_PAGE_SIZE;
	return 1;
}

static int bl_window(const struct bl_req *rq, uint64_t lo, uint64_t hi, uint64_t *out)
{
	unsigned j;

	/* A plain walk over the blocks in address order. */
	for (j = 0; j < NR_BLOCKS; j++) {
		struct bl_block *b = &blb[j];

		if (b->end_pfn <= lo / BOOTMEM_PAGE_SIZE)
			continue;
		if (b->start_pfn * BOOTMEM_PAGE_SIZE >= hi)
			break;
		if (bl_alloc_in_block(b, rq, lo, hi, out))
			return 1;
	}
	return 0;
}

static int bl_alloc(uint64_t size, uint64_t align, uint64_t goal, uint64_t limit, uint64_t *out)
{
	struct bl_req rq;
	uint64_t lo, hi;

	if (align == 0)
		align = 64;
	rq.size = size;
	rq.align = align;
	rq.npages = (size + BOOTMEM_PAGE_SIZE - 1) / BOOTMEM_PAGE_SIZE;
	rq.align_pages = align > BOOTMEM_PAGE_SIZE ? align / BOOTMEM_PAGE_SIZE : 1;
	rq.small = size < BOOTMEM_PAGE_SIZE && align < BOOTMEM_PAGE_SIZE;
	lo = max64(goal, BOOTMEM_PAGE_SIZE);
	hi = limit ? limit : UINT64_MAX;
	if (lo < hi && bl_window(&rq, lo, hi, out))
		return 0;
	if ((lo != BOOTMEM_PAGE_SIZE || hi != UINT64_MAX) && bl_window(&rq, BOOTMEM_PAGE_SIZE, UINT64_MAX, out))
		return 0;
	return BOOTMEM_ENOMEM;
}

/* ------------------------------------------------------------------------ */
/* results                                                                  */

struct result {
	const char *name;
	uint64_t bm_ns, bl_ns;   /* totals, or per call for per-call workloads */
	double target;           /* ratio asked for (baseline / bootmem2) */
	const char *unit;        /* "" for totals, "/call" */
};

#define NR_WORKLOADS 13
static struct result results[NR_WORKLOADS];
static unsigned nr_results;
static int verify_failed;

/* The ratio of the two printed values, so that the line is self-consistent. */
static double ratio_of(const struct result *r)
{
	return (double)r->bl_ns / (double)(r->bm_ns ? r->bm_ns : 1);
}

static int target_met(const struct result *r)
{
	return ratio_of(r) >= r->target;
}

/* @bm_calls / @bl_calls > 0: the totals are for that many calls, report per call. */
static void add_result_calls(const char *name, uint64_t bm_ns, uint64_t bm_calls, uint64_t bl_ns,
			     uint64_t bl_calls, double target)
{
	struct result *r = &results[nr_results++];

	r->name = name;
	r->bm_ns = bm_calls ? (bm_ns + bm_calls / 2) / bm_calls : bm_ns;
	r->bl_ns = bl_calls ? (bl_ns + bl_calls / 2) / bl_calls : bl_ns;
	r->target = target;
	r->unit = bm_calls ? "/call" : "";
	printf("  %-19s bootmem2 %12.3f us%-5s baseline %14.3f us%-5s ratio %9.2f\n",
	       name, r->bm_ns / 1e3, r->unit, r->bl_ns / 1e3, r->unit, ratio_of(r));
	fflush(stdout);
}

static void add_result(const char *name, uint64_t bm_ns, uint64_t bl_ns, double target)
{
	add_result_calls(name, bm_ns, 0, bl_ns, 0, target);
}

static void verify(const char *name, const uint64_t *a, const int *ea,
		   const uint64_t *b, const int *eb, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++) {
		if (ea[i] != eb[i] || (ea[i] == 0 && a[i] != b[i])) {
			printf("  VERIFY FAIL %s: allocation %" PRIu64 ": bootmem2 %d/0x%" PRIx64
			       ", baseline %d/0x%" PRIx64 "\n", name, i, ea[i], a[i], eb[i], b[i]);
			verify_failed = 1;
			return;
		}
	}
	printf("  verified %s: %" PRIu64 " allocations, identical results\n", name, n);
}

/*
 * Pages the baseline tests per page-granular allocation, from the addresses
 * (untimed): from max(goal, block start) to the result, inclusive. Shows how
 * much work the naive scan has to do, i.e. what there is to be saved.
 */
static double bl_scan_per_alloc(const uint64_t *goals, const uint64_t *addr, uint64_t n)
{
	uint64_t i, sum = 0;
	unsigned j;

	for (i = 0; i < n; i++) {
		uint64_t lo = max64(goals ? goals[i] : 0, BOOTMEM_PAGE_SIZE);
		uint64_t lo_pfn = (lo + BOOTMEM_PAGE_SIZE - 1) / BOOTMEM_PAGE_SIZE, r = addr[i] / BOOTMEM_PAGE_SIZE;

		for (j = 0; j < NR_BLOCKS; j++)
			if (r >= blb[j].start_pfn && r < blb[j].end_pfn)
				break;
		if (j == NR_BLOCKS)
			continue;
		if (lo_pfn > r)     /* step 2: scanned from the start of memory */
			lo_pfn = 1;
		sum += r - max64(lo_pfn, blb[j].start_pfn) + 1;
	}
	return (double)sum / (double)n;
}

/* ------------------------------------------------------------------------ */
/* workloads                                                                */

static uint64_t *addr_bm, *addr_bl;
static int *err_bm, *err_bl;

static void run_init_1t(void)
{
	uint64_t best_bm = UINT64_MAX, best_bl = UINT64_MAX, t;
	int rep;

	for (rep = 0; rep < 7; rep++) {
		t = now_ns();
		bm_build_init();
		t = now_ns() - t;
		best_bm = min64(best_bm, t);
	}
	for (rep = 0; rep < 7; rep++) {
		t = now_ns();
		memset(bl_buf, 0xff, bitmap_bytes);
		t = now_ns() - t;
		sink += bl_buf[rep * 977];
		best_bl = min64(best_bl, t);
	}
	{
		struct bootmem_stats st;

		bootmem_stats(&bm, -1, &st);
		printf("  init_1t map: %" PRIu64 " pages, %" PRIu64 " free, %" PRIu64
		       " reserved, %u blocks, %u nodes; bootmem_check %d\n",
		       st.total_pages, st.free_pages, st.reserved_pages, st.nr_blocks,
		       st.nr_nodes, bootmem_check(&bm));
	}
	add_result("init_1t", best_bm, best_bl, 0.5);
}

static void run_free_all_1t(void)
{
	uint64_t best_bm = UINT64_MAX, best_bl = UINT64_MAX, t, expect = 0;
	struct release_count rc = { 0, 0 };
	int64_t n = 0;
	int rep;

	for (rep = 0; rep < 7; rep++) {
		struct bootmem_stats st;

		bm_build_init();
		bm_extra_reserves();
		bootmem_stats(&bm, -1, &st);
		expect = st.free_pages;
		rc.calls = rc.pages = 0;
		t = now_ns();
		n = free_all_bootmem(&bm, FREEALL_ORDER, count_release, &rc);
		t = now_ns() - t;
		if (n < 0)
			die("free_all_bootmem", (int)n);
		best_bm = min64(best_bm, t);
	}
	for (rep = 0; rep < 7; rep++) {
		const uint64_t *p = bl_buf;
		uint64_t s = 0, i, nw = bitmap_bytes / 8;

		t = now_ns();
		for (i = 0; i < nw; i++)
			s += p[i];
		t = now_ns() - t;
		sink += s;
		best_bl = min64(best_bl, t);
	}
	printf("  free_all_1t: released %" PRId64 " pages in %" PRIu64 " runs (expected %" PRIu64
	       " free pages)%s\n", n, rc.calls, expect,
	       ((uint64_t)n == expect && rc.pages == expect) ? "" : "  MISMATCH");
	if ((uint64_t)n != expect || rc.pages != expect)
		verify_failed = 1;
	add_result("free_all_1t", best_bm, best_bl, 1.0);
}

/* Build the every-other-page map through the API (untimed, once). */
static void build_frag(void)
{
	uint64_t t = now_ns(), calls = 0, pfn;
	unsigned j;
	int err;

	err = bootmem_init(&bm, arena, arena_size);
	if (err)
		die("bootmem_init", err);
	bm_add_blocks(&bm);
	for (j = 0; j < NR_BLOCKS; j++) {
		uint64_t s = layout[j].start / BOOTMEM_PAGE_SIZE, e = layout[j].end / BOOTMEM_PAGE_SIZE;

		for (pfn = s | 1; pfn < e; pfn += 2) {
			err = free_bootmem(&bm, pfn * BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE);
			if (err)
				die("free_bootmem(frag)", err);
			calls++;
		}
	}
	t = now_ns() - t;
	{
		struct bootmem_stats st;
		uint64_t tc = now_ns();
		int ck = bootmem_check(&bm);

		tc = now_ns() - tc;
		bootmem_stats(&bm, -1, &st);
		printf("  fragmented map: %" PRIu64 " free_bootmem calls (one page each) in %.2f s "
		       "(untimed setup); %" PRIu64 " free of %" PRIu64 " pages; bootmem_check %d (%.1f ms)\n",
		       calls, t / 1e9, st.free_pages, st.total_pages, ck, tc / 1e6);
		if (ck)
			verify_failed = 1;
	}
	bm_save_frag();
}

static void run_frag_goal0(void)
{
	uint64_t best_bm = UINT64_MAX, best_bl = UINT64_MAX, t;
	int rep, i;

	for (rep = 0; rep < 5; rep++) {
		bm_restore_frag();
		t = now_ns();
		for (i = 0; i < FRAG_ALLOCS; i++)
			err_bm[i] = alloc_bootmem(&bm, BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, 0, 0, &addr_bm[i]);
		t = now_ns() - t;
		best_bm = min64(best_bm, t);
	}
	for (rep = 0; rep < 3; rep++) {
		bl_build_frag();
		t = now_ns();
		for (i = 0; i < FRAG_ALLOCS; i++)
			err_bl[i] = bl_alloc(BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, 0, 0, &addr_bl[i]);
		t = now_ns() - t;
		best_bl = min64(best_bl, t);
	}
	verify("alloc_frag_goal0", addr_bm, err_bm, addr_bl, err_bl, FRAG_ALLOCS);
	printf("  alloc_frag_goal0: the baseline tests %.1f pages per allocation on average\n",
	       bl_scan_per_alloc(NULL, addr_bl, FRAG_ALLOCS));
	add_result("alloc_frag_goal0", best_bm, best_bl, 100);
}

static void run_frag_random(void)
{
	uint64_t best_bm = UINT64_MAX, best_bl = UINT64_MAX, t;
	uint64_t *goals = xmalloc(FRAG_ALLOCS * sizeof(*goals));
	int rep, i;

	/* Uniform page-aligned goals over the whole physical span (holes too). */
	for (i = 0; i < FRAG_ALLOCS; i++)
		goals[i] = (rng_next() % (span_end / BOOTMEM_PAGE_SIZE)) * BOOTMEM_PAGE_SIZE;
	/*
	 * Each repetition resets its side's map and then starts from cold
	 * caches: the resets differ (bootmem2 copies its arena back with a
	 * large memcpy, whose non-temporal stores leave nothing cached; the
	 * baseline rewrites its bitmap with ordinary stores, leaving much of
	 * it in the last-level cache), and with a random goal per call the
	 * workload is mostly one cache miss per allocation on both sides.
	 */
	for (rep = 0; rep < 5; rep++) {
		bm_restore_frag();
		evict_caches();
		t = now_ns();
		for (i = 0; i < FRAG_ALLOCS; i++)
			err_bm[i] = alloc_bootmem(&bm, BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, goals[i], 0, &addr_bm[i]);
		t = now_ns() - t;
		best_bm = min64(best_bm, t);

		bl_build_frag();
		evict_caches();
		t = now_ns();
		for (i = 0; i < FRAG_ALLOCS; i++)
			err_bl[i] = bl_alloc(BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, goals[i], 0, &addr_bl[i]);
		t = now_ns() - t;
		best_bl = min64(best_bl, t);
	}
	verify("alloc_frag_random", addr_bm, err_bm, addr_bl, err_bl, FRAG_ALLOCS);
	printf("  alloc_frag_random: the baseline tests %.1f pages per allocation on average\n",
	       bl_scan_per_alloc(goals, addr_bl, FRAG_ALLOCS));
	free(goals);
	add_result("alloc_frag_random", best_bm, best_bl, 0.5);
}

static void run_frag_nofit(void)
{
	uint64_t best_bm = UINT64_MAX, best_bl = UINT64_MAX, t;
	const uint64_t sz = NOFIT_PAGES * BOOTMEM_PAGE_SIZE;
	int rep, i;

	bm_restore_frag();
	bl_build_frag();
	for (rep = 0; rep < 5; rep++) {
		t = now_ns();
		for (i = 0; i < NOFIT_CALLS; i++)
			err_bm[i] = alloc_bootmem(&bm, sz, sz, 0, 0, &addr_bm[i]);
		t = now_ns() - t;
		best_bm = min64(best_bm, t);
	}
	for (rep = 0; rep < 3; rep++) {
		t = now_ns();
		for (i = 0; i < NOFIT_CALLS; i++)
			err_bl[i] = bl_alloc(sz, sz, 0, 0, &addr_bl[i]);
		t = now_ns() - t;
		best_bl = min64(best_bl, t);
	}
	for (i = 0; i < NOFIT_CALLS; i++)
		if (err_bm[i] != BOOTMEM_ENOMEM) {
			printf("  VERIFY FAIL alloc_frag_nofit: bootmem2 returned %d\n", err_bm[i]);
			verify_failed = 1;
		}
	verify("alloc_frag_nofit (all ENOMEM)", addr_bm, err_bm, addr_bl, err_bl, NOFIT_CALLS);
	add_result("alloc_frag_nofit", best_bm, best_bl, 100);
}

static void run_alloc_small(void)
{
	uint64_t best_bm = UINT64_MAX, best_bl = UINT64_MAX, t;
	int rep, i;

	for (rep = 0; rep < 5; rep++) {
		bm_build_init();
		t = now_ns();
		for (i = 0; i < SMALL_ALLOCS; i++)
			err_bm[i] = alloc_bootmem(&bm, SMALL_SIZE, 0, 0, 0, &addr_bm[i]);
		t = now_ns() - t;
		best_bm = min64(best_bm, t);
	}
	for (rep = 0; rep < 3; rep++) {
		bl_build_init();
		t = now_ns();
		for (i = 0; i < SMALL_ALLOCS; i++)
			err_bl[i] = bl_alloc(SMALL_SIZE, 0, 0, 0, &addr_bl[i]);
		t = now_ns() - t;
		best_bl = min64(best_bl, t);
	}
	verify("alloc_small", addr_bm, err_bm, addr_bl, err_bl, SMALL_ALLOCS);
	add_result("alloc_small", best_bm, best_bl, 1);
}

/* ------------------------------------------------------------------------ */
/* regions_*: bootmem2 against the region-array algorithm (bench_regions.h) */

#define RG_NR_RANGES     32               /* 8 nodes x 4 ranges */
#define RG_SLOT          (32 * GiB)
#define RG_LEN           (32 * GiB - 64 * MiB)
#define RG_RESERVES      1000
#define RG_PAGE_ALLOCS   10000
#define RG_SMALL_ALLOCS  100000
#define RG_BUILD_BYTES   (1 * GiB)        /* frag_build: quadratic for the baseline */
#define RG_FRAG_BYTES    (4 * GiB)
#define RG_FRAG_ALLOCS   64
#define RG_NOFIT_BM      2000             /* calls per timed repetition */
#define RG_NOFIT_RG      4

struct rg_range {
	uint64_t start, end;
	int nid;
};

static struct rg_range rg_layout[RG_NR_RANGES];   /* address order */
static uint64_t rg_res[RG_RESERVES];               /* reserved pages (addresses) */
static uint64_t rg_total_pages;

static struct bootmem rbm;                         /* bootmem2 side */
static void *rarena;
static size_t rarena_size;
static struct rg_state rgs;                        /* baseline side */

static void rg_make_layout(void)
{
	unsigned j, r = 0;

	for (j = 0; j < RG_NR_RANGES; j++) {
		/* range k of node n at (8k + n) * 32 GiB: slot j = 8k + n */
		rg_layout[j].nid = (int)(j % 8);
		rg_layout[j].start = j * RG_SLOT;
		rg_layout[j].end = j * RG_SLOT + RG_LEN;
		rg_total_pages += RG_LEN / BOOTMEM_PAGE_SIZE;
	}
	/* Reserve j at managed page j * T / 1000, counting pages in address order. */
	for (j = 0; j < RG_RESERVES; j++) {
		uint64_t idx = (uint64_t)j * rg_total_pages / RG_RESERVES;

		r = (unsigned)(idx / (RG_LEN / BOOTMEM_PAGE_SIZE));
		rg_res[j] = rg_layout[r].start + (idx % (RG_LEN / BOOTMEM_PAGE_SIZE)) * BOOTMEM_PAGE_SIZE;
	}
	printf("  regions layout: %u ranges, range k of node n at (8k+n)*32 GiB, 32 GiB - 64 MiB\n"
	       "  long (%" PRIu64 " pages); %u one-page reserves every %" PRIu64 " managed pages,\n"
	       "  first at 0x%" PRIx64 ", last at 0x%" PRIx64 "\n", RG_NR_RANGES, rg_total_pages,
	       RG_RESERVES, rg_total_pages / RG_RESERVES, rg_res[0], rg_res[RG_RESERVES - 1]);
}

/* regions_setup, bootmem2: init, add and free the ranges, reserve the pages. */
static void rbm_setup(void)
{
	unsigned j;
	int err = bootmem_init(&rbm, rarena, rarena_size);

	if (err)
		die("bootmem_init(regions)", err);
	for (j = 0; j < RG_NR_RANGES; j++) {
		err = bootmem_add_block(&rbm, rg_layout[j].nid, rg_layout[j].start, rg_layout[j].end);
		if (!err)
			err = free_bootmem(&rbm, rg_layout[j].start, rg_layout[j].end - rg_layout[j].start);
		if (err)
			die("add/free(regions)", err);
	}
	for (j = 0; j < RG_RESERVES; j++) {
		err = reserve_bootmem(&rbm, rg_res[j], BOOTMEM_PAGE_SIZE, BOOTMEM_DEFAULT);
		if (err)
			die("reserve_bootmem(regions)", err);
	}
}

/* regions_setup, baseline: the same ranges and reservations. */
static void rgs_setup(void)
{
	unsigned j;

	rgs.memory.cnt = rgs.reserved.cnt = 0;
	for (j = 0; j < RG_NR_RANGES; j++)
		rg_add(&rgs.memory, rg_layout[j].start, rg_layout[j].end - rg_layout[j].start,
		       rg_layout[j].nid);
	for (j = 0; j < RG_RESERVES; j++)
		rg_add(&rgs.reserved, rg_res[j], BOOTMEM_PAGE_SIZE, RG_NO_NODE);
}

/*
 * Walk both sides (untimed) and compare range by range; the walk of node
 * @nid (-1: all). Return: the number of ranges, or 0 after a mismatch.
 */
static uint64_t compare_walks(const char *name, const struct bootmem *b, const struct rg_state *s,
			      int nid)
{
	phys_addr_t cur = 0, bs, be;
	uint64_t idx = 0, rs, re, n = 0;
	int bn, rn, rb, rr;

	for (;;) {
		bn = rn = -5;
		rb = bootmem_next_free_range(b, nid, &cur, &bs, &be, &bn);
		rr = rg_next_free(s, nid, &idx, &rs, &re, &rn);
		if (rb < 0)
			die("bootmem_next_free_range", rb);
		if (rb != rr || (rb && (bs != rs || be != re || bn != rn))) {
			printf("  VERIFY FAIL %s: walk of nid %d, range %" PRIu64 ": bootmem2 %d [0x%"
			       PRIx64 ", 0x%" PRIx64 ") nid %d, baseline %d [0x%" PRIx64 ", 0x%" PRIx64
			       ") nid %d\n", name, nid, n, rb, rb ? bs : 0, rb ? be : 0, bn, rr,
			       rr ? rs : 0, rr ? re : 0, rn);
			verify_failed = 1;
			return 0;
		}
		if (!rb)
			return n;
		n++;
	}
}

static void run_regions_setup(void)
{
	uint64_t best_bm = UINT64_MAX, best_bl = UINT64_MAX, t, n;
	int rep, nid;

	for (rep = 0; rep < 21; rep++) {
		t = now_ns();
		rbm_setup();
		t = now_ns() - t;
		best_bm = min64(best_bm, t);
		t = now_ns();
		rgs_setup();
		t = now_ns() - t;
		best_bl = min64(best_bl, t);
	}
	n = compare_walks("regions_setup", &rbm, &rgs, -1);
	for (nid = 0; nid < 8; nid++)
		compare_walks("regions_setup", &rbm, &rgs, nid);
	printf("  regions_setup: %" PRIu64 " free ranges, identical on both sides (all nodes and "
	       "each node); baseline holds %u memory and %u reserved ranges; bootmem_check %d\n",
	       n, rgs.memory.cnt, rgs.reserved.cnt, bootmem_check(&rbm));
	add_result("regions_setup", best_bm, best_bl, 3);
}

/*
 * @calls allocations of (@size, @align, goal 0) on both sides from the setup
 * state; @per_call: report ns per call, else the totals.
 */
static void run_regions_alloc(const char *name, uint64_t size, uint64_t align, int calls,
			      int per_call, double target)
{
	uint64_t best_bm = UINT64_MAX, best_bl = UINT64_MAX, t;
	int rep, i;

	/* Repetitions alternate between the two, so that load spikes on the
	 * machine hit both alike. */
	for (rep = 0; rep < 7; rep++) {
		rbm_setup();
		t = now_ns();
		for (i = 0; i < calls; i++)
			err_bm[i] = alloc_bootmem(&rbm, size, align, 0, 0, &addr_bm[i]);
		t = now_ns() - t;
		best_bm = min64(best_bm, t);
		if (rep >= 3)
			continue;
		rgs_setup();
		t = now_ns();
		for (i = 0; i < calls; i++)
			err_bl[i] = rg_alloc(&rgs, RG_NO_NODE, size, align, 0, 0, &addr_bl[i]);
		t = now_ns() - t;
		best_bl = min64(best_bl, t);
	}
	verify(name, addr_bm, err_bm, addr_bl, err_bl, (uint64_t)calls);
	if (bootmem_check(&rbm))
		verify_failed = 1;
	printf("  %s: last address 0x%" PRIx64 "; baseline holds %u reserved ranges\n", name,
	       addr_bm[calls - 1], rgs.reserved.cnt);
	if (per_call)
		add_result_calls(name, best_bm, (uint64_t)calls, best_bl, (uint64_t)calls, target);
	else
		add_result(name, best_bm, best_bl, target);
}

static void run_regions_walk(void)
{
	uint64_t best_bm = UINT64_MAX, best_bl = UINT64_MAX, t, sum_bm = 0, sum_bl = 0, n = 0;
	int rep;

	rbm_setup();
	rgs_setup();
	for (rep = 0; rep < 201; rep++) {
		phys_addr_t cur = 0, s, e;
		uint64_t idx = 0, rs, re;

		t = now_ns();
		while (bootmem_next_free_range(&rbm, -1, &cur, &s, &e, NULL) == 1)
			sum_bm += e - s;
		t = now_ns() - t;
		best_bm = min64(best_bm, t);
		t = now_ns();
		while (rg_next_free(&rgs, RG_NO_NODE, &idx, &rs, &re, NULL))
			sum_bl += re - rs;
		t = now_ns() - t;
		best_bl = min64(best_bl, t);
	}
	n = compare_walks("regions_walk", &rbm, &rgs, -1);
	printf("  regions_walk: %" PRIu64 " ranges, %" PRIu64 " free pages, identical on both sides"
	       "%s\n", n, (uint64_t)(sum_bm / 201 / BOOTMEM_PAGE_SIZE), sum_bm == sum_bl ? "" : "  MISMATCH");
	if (sum_bm != sum_bl)
		verify_failed = 1;
	add_result("regions_walk", best_bm, best_bl, 1);
}

static void run_regions_frag_build(void)
{
	uint64_t best_bm = UINT64_MAX, t, p, pages = RG_BUILD_BYTES / BOOTMEM_PAGE_SIZE, n;
	size_t asz = bootmem_arena_bytes(1, pages);
	void *a = xmalloc(asz);
	struct bootmem b;
	struct rg_state s;
	int rep, err;

	for (rep = 0; rep < 5; rep++) {
		err = bootmem_init(&b, a, asz);
		if (!err)
			err = bootmem_add_block(&b, 0, 0, RG_BUILD_BYTES);
		if (!err)
			err = free_bootmem(&b, 0, RG_BUILD_BYTES);
		if (err)
			die("frag_build setup", err);
		t = now_ns();
		for (p = 0; p < pages; p += 2) {
			err = reserve_bootmem(&b, p * BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, BOOTMEM_DEFAULT);
			if (err)
				die("reserve_bootmem(frag_build)", err);
		}
		t = now_ns() - t;
		best_bm = min64(best_bm, t);
	}
	/* Once: quadratic in the number of calls. */
	rg_array_init(&s.memory, 4);
	rg_array_init(&s.reserved, (uint32_t)(pages / 2 + 16));
	rg_add(&s.memory, 0, RG_BUILD_BYTES, 0);
	t = now_ns();
	for (p = 0; p < pages; p += 2)
		rg_add(&s.reserved, p * BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, RG_NO_NODE);
	t = now_ns() - t;
	n = compare_walks("regions_frag_build", &b, &s, -1);
	printf("  regions_frag_build: %" PRIu64 " MiB, %" PRIu64 " reserve calls; %" PRIu64
	       " free ranges identical on both sides; bootmem_check %d\n", RG_BUILD_BYTES / MiB,
	       pages / 2, n, bootmem_check(&b));
	rg_array_free(&s.memory);
	rg_array_free(&s.reserved);
	free(a);
	add_result("regions_frag_build", best_bm, t, 1000);
}

/* The 4 GiB map with every other page reserved, built once on both sides. */
static struct bootmem fbm, fbm_snap;
static void *farena, *farena_snap;
static size_t farena_size;
static struct rg_state fgs;
static struct rg_array fgs_res_snap;

static void build_regions_frag(void)
{
	uint64_t pages = RG_FRAG_BYTES / BOOTMEM_PAGE_SIZE, p, n;
	int err;

	farena_size = bootmem_arena_bytes(1, pages);
	farena = xmalloc(farena_size);
	farena_snap = xmalloc(farena_size);
	err = bootmem_init(&fbm, farena, farena_size);
	if (!err)
		err = bootmem_add_block(&fbm, 0, 0, RG_FRAG_BYTES);
	for (p = 1; p < pages && !err; p += 2)
		err = free_bootmem(&fbm, p * BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE);
	if (err)
		die("regions frag map", err);
	fbm_snap = fbm;
	memcpy(farena_snap, farena, farena_size);

	/* Baseline: the arrays the reservations would leave, written directly. */
	rg_array_init(&fgs.memory, 4);
	rg_array_init(&fgs.reserved, (uint32_t)(pages / 2 + 2 * RG_FRAG_ALLOCS));
	rg_array_init(&fgs_res_snap, fgs.reserved.cap);
	rg_add(&fgs.memory, 0, RG_FRAG_BYTES, 0);
	for (p = 0; p < pages; p += 2) {
		struct rg_region *r = &fgs.reserved.r[fgs.reserved.cnt++];

		r->base = p * BOOTMEM_PAGE_SIZE;
		r->size = BOOTMEM_PAGE_SIZE;
		r->nid = RG_NO_NODE;
		r->flags = 0;
	}
	rg_array_copy(&fgs_res_snap, &fgs.reserved);
	n = compare_walks("regions frag map", &fbm, &fgs, -1);
	printf("  regions frag map: 4 GiB, one range, every other page reserved: %" PRIu64
	       " free ranges identical on both sides; bootmem_check %d\n", n, bootmem_check(&fbm));
}

static void restore_regions_frag(void)
{
	fbm = fbm_snap;
	memcpy(farena, farena_snap, farena_size);
	rg_array_copy(&fgs.reserved, &fgs_res_snap);
}

static void run_regions_frag_alloc(void)
{
	uint64_t best_bm = UINT64_MAX, best_bl = UINT64_MAX, t;
	const uint64_t goal = RG_FRAG_BYTES - 64 * MiB;
	int rep, i;

	for (rep = 0; rep < 5; rep++) {
		restore_regions_frag();
		t = now_ns();
		for (i = 0; i < RG_FRAG_ALLOCS; i++)
			err_bm[i] = alloc_bootmem(&fbm, BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, goal, 0, &addr_bm[i]);
		t = now_ns() - t;
		best_bm = min64(best_bm, t);
	}
	for (rep = 0; rep < 3; rep++) {
		restore_regions_frag();
		t = now_ns();
		for (i = 0; i < RG_FRAG_ALLOCS; i++)
			err_bl[i] = rg_alloc(&fgs, RG_NO_NODE, BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, goal, 0, &addr_bl[i]);
		t = now_ns() - t;
		best_bl = min64(best_bl, t);
	}
	verify("regions_frag_alloc", addr_bm, err_bm, addr_bl, err_bl, RG_FRAG_ALLOCS);
	add_result("regions_frag_alloc", best_bm, best_bl, 1000);
}

static void run_regions_frag_nofit(void)
{
	uint64_t best_bm = UINT64_MAX, best_bl = UINT64_MAX, t;
	int rep, i;

	restore_regions_frag();
	for (rep = 0; rep < 5; rep++) {
		t = now_ns();
		for (i = 0; i < RG_NOFIT_BM; i++)
			err_bm[i] = alloc_bootmem(&fbm, 2 * BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, 0, 0, &addr_bm[i]);
		t = now_ns() - t;
		best_bm = min64(best_bm, t);
	}
	for (rep = 0; rep < 3; rep++) {
		t = now_ns();
		for (i = 0; i < RG_NOFIT_RG; i++)
			err_bl[i] = rg_alloc(&fgs, RG_NO_NODE, 2 * BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, 0, 0, &addr_bl[i]);
		t = now_ns() - t;
		best_bl = min64(best_bl, t);
	}
	for (i = 0; i < RG_NOFIT_BM; i++)
		if (err_bm[i] != BOOTMEM_ENOMEM) {
			printf("  VERIFY FAIL regions_frag_nofit: bootmem2 returned %d\n", err_bm[i]);
			verify_failed = 1;
			break;
		}
	verify("regions_frag_nofit (all ENOMEM)", addr_bm, err_bm, addr_bl, err_bl, RG_NOFIT_RG);
	add_result_calls("regions_frag_nofit", best_bm, RG_NOFIT_BM, best_bl, RG_NOFIT_RG, 1000);
}

static void run_regions(void)
{
	rarena_size = bootmem_arena_bytes(RG_NR_RANGES, rg_total_pages);
	rarena = xmalloc(rarena_size);
	rg_array_init(&rgs.memory, 64);
	rg_array_init(&rgs.reserved, RG_RESERVES + RG_PAGE_ALLOCS + RG_SMALL_ALLOCS + 16);

	run_regions_setup();
	run_regions_alloc("regions_page_alloc", BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, RG_PAGE_ALLOCS, 1, 20);
	run_regions_alloc("regions_small_alloc", SMALL_SIZE, SMALL_SIZE, RG_SMALL_ALLOCS, 0, 50);
	run_regions_walk();
	run_regions_frag_build();
	build_regions_frag();
	run_regions_frag_alloc();
	run_regions_frag_nofit();
	free(rarena);
	rg_array_free(&rgs.memory);
	rg_array_free(&rgs.reserved);
}

/* ------------------------------------------------------------------------ */

int main(void)
{
	uint64_t t_start = now_ns();
	struct rusage ru;
	unsigned i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	make_layout();
	printf("bootmem2 benchmark (tools/bench_core.c): bootmem2 vs a naive page-at-a-time bitmap\n"
	       "allocator (2.6 bootmem), memory-bandwidth references and the region-array\n"
	       "algorithm (memblock, tools/bench_regions.h); times are the best of 3-201\n"
	       "repetitions, CLOCK_MONOTONIC, buffers pre-faulted.\n\n");
	print_layout();
	rg_make_layout();

	arena_size = bootmem_arena_bytes(NR_BLOCKS, total_pages);
	arena = xmalloc(arena_size);
	frag_snap = xmalloc(arena_size);
	bitmap_bytes = (size_t)(total_pages / 8);
	bl_setup();
	if ((size_t)bl_words * 8 != bitmap_bytes) {
		fprintf(stderr, "bench_core: baseline bitmap size mismatch\n");
		return 1;
	}
	addr_bm = xmalloc(SMALL_ALLOCS * sizeof(*addr_bm));
	addr_bl = xmalloc(SMALL_ALLOCS * sizeof(*addr_bl));
	err_bm = xmalloc(SMALL_ALLOCS * sizeof(*err_bm));
	err_bl = xmalloc(SMALL_ALLOCS * sizeof(*err_bl));

	printf("\nrunning:\n");
	run_init_1t();
	build_frag();
	run_frag_goal0();
	run_frag_random();
	run_frag_nofit();
	run_alloc_small();
	run_free_all_1t();
	run_regions();

	/* Memory: arena bound and use for this layout (1 TiB exactly). */
	bm_build_init();
	printf("\nmemory (layout = %" PRIu64 " GiB = 1 TiB managed, %u blocks):\n",
	       (uint64_t)(total_pages * BOOTMEM_PAGE_SIZE / GiB), NR_BLOCKS);
	printf("  bootmem_arena_bytes(%u, %" PRIu64 ") = %zu bytes (%.2f MiB) per TiB\n",
	       NR_BLOCKS, total_pages, arena_size, arena_size / (double)MiB);
	printf("  arena actually used = %" PRIu64 " bytes (%.2f MiB) per TiB: header+maps %" PRIu64
	       ", block table %" PRIu64 "\n",
	       bm.priv_heap + (bm.priv_arena_size - bm.priv_blocks),
	       (bm.priv_heap + (bm.priv_arena_size - bm.priv_blocks)) / (double)MiB,
	       bm.priv_heap, bm.priv_arena_size - bm.priv_blocks);
	printf("  plain 1-bit-per-page bitmap = %zu bytes (%.2f MiB)\n", bitmap_bytes,
	       bitmap_bytes / (double)MiB);
	getrusage(RUSAGE_SELF, &ru);
	printf("  peak host memory (ru_maxrss) = %ld KiB (%.1f MiB)\n", ru.ru_maxrss,
	       ru.ru_maxrss / 1024.0);

	printf("\n%-19s %18s %18s %10s  %-8s %s\n", "workload", "bootmem2", "baseline", "ratio",
	       "target", "met?");
	for (i = 0; i < nr_results; i++) {
		const struct result *r = &results[i];

		printf("%-19s %12.3f us%-5s %12.3f us%-5s %9.2fx  >= %-5g %s\n", r->name,
		       r->bm_ns / 1e3, r->unit, r->bl_ns / 1e3, r->unit, ratio_of(r), r->target,
		       target_met(r) ? "yes" : "NO");
	}
	printf("(ratio = baseline / bootmem2. Baselines: init_1t memset 0xff of the %zu bitmap\n"
	       " bytes, free_all_1t one streaming read of them, alloc_* the naive allocator\n"
	       " (alloc_frag_nofit: %d requests), regions_* the region-array algorithm)\n\n",
	       bitmap_bytes, NOFIT_CALLS);
	for (i = 0; i < nr_results; i++) {
		const struct result *r = &results[i];

		printf("bench %s bootmem2_ns=%" PRIu64 " baseline_ns=%" PRIu64 " ratio=%.2f\n",
		       r->name, r->bm_ns, r->bl_ns, ratio_of(r));
	}
	printf("\ntotal bench time %.1f s%s\n", (now_ns() - t_start) / 1e9,
	       verify_failed ? "; VERIFICATION FAILED" : "");
	return verify_failed ? 1 : 0;
}

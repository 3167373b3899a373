// SPDX-License-Identifier: MIT
/*
 * model.c - reference model of DESIGN.md section 2 and the differential
 * harness (see model.h). The model part uses nothing from core/: it is a
 * direct transcription of the contract, page by page.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "testlib.h"
#include "bootmem_internal.h"   /* harness part only: reads the core's state */

#define PAGE_SZ      4096ULL
#define NOLIMIT UINT64_MAX

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fprintf(stderr, "model: out of host memory\n");
		abort();
	}
	return q;
}

/* ---- pages ---------------------------------------------------------------- */

static uint64_t blk_spfn(const struct model_block *b) { return b->start / PAGE_SZ; }
static uint64_t blk_epfn(const struct model_block *b) { return b->end / PAGE_SZ; }

static int pg_free(const struct model_block *b, uint64_t pfn)
{
	uint64_t i = pfn - b->base_pfn;

	return (int)((b->bits[i / 64] >> (i % 64)) & 1);
}

static void pg_set(struct model_block *b, uint64_t pfn, int isfree)
{
	uint64_t i = pfn - b->base_pfn;

	if (isfree)
		b->bits[i / 64] |= 1ULL << (i % 64);
	else
		b->bits[i / 64] &= ~(1ULL << (i % 64));
}

/* Bits of word @w that are pages in [s, e) (pfns relative to base_pfn). */
static uint64_t word_mask(uint64_t w, uint64_t s, uint64_t e)
{
	uint64_t lo = s > 64 * w ? s - 64 * w : 0, hi = e - 64 * w < 64 ? e - 64 * w : 64;

	return (hi == 64 ? ~0ULL : (1ULL << hi) - 1) & ~((1ULL << lo) - 1);
}

/*
 * Pages [s, e) of @b: does any have the state @isfree? The same answer as
 * pg_free() page by page, a word at a time (the fuzzer's calls cover
 * thousands of pages).
 */
static int any_page(const struct model_block *b, uint64_t s, uint64_t e, int isfree)
{
	s -= b->base_pfn;
	e -= b->base_pfn;
	for (uint64_t w = s / 64; s < e && w <= (e - 1) / 64; w++) {
		uint64_t bits = isfree ? b->bits[w] : ~b->bits[w];

		if (bits & word_mask(w, s, e))
			return 1;
	}
	return 0;
}

/* pg_set() for pages [s, e) of @b, a word at a time. */
static void set_pages(struct model_block *b, uint64_t s, uint64_t e, int isfree)
{
	s -= b->base_pfn;
	e -= b->base_pfn;
	for (uint64_t w = s / 64; s < e && w <= (e - 1) / 64; w++) {
		if (isfree)
			b->bits[w] |= word_mask(w, s, e);
		else
			b->bits[w] &= ~word_mask(w, s, e);
	}
}

static uint64_t blk_free_pages(const struct model_block *b)
{
	uint64_t n = 0;

	/* bits of pages outside the block are never set (pg_set stays inside) */
	for (uint64_t w = 0; w < b->nr_words; w++)
		n += (uint64_t)__builtin_popcountll(b->bits[w]);
	return n;
}

/* Block holding byte @addr, or NULL. */
static struct model_block *blk_of(const struct model *m, uint64_t addr)
{
	for (uint32_t i = 0; i < m->nr; i++)
		if (m->blk[i].start <= addr && addr < m->blk[i].end)
			return &m->blk[i];
	return NULL;
}

static int nid_ok(int nid)
{
	return nid >= 0 && nid < BOOTMEM_MAX_NODES;
}

/* ---- setup ---------------------------------------------------------------- */

void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
}

void model_fini(struct model *m)
{
	for (uint32_t i = 0; i < m->nr; i++)
		free(m->blk[i].bits);
	free(m->blk);
	free(m->runs);
	memset(m, 0, sizeof(*m));
}

int model_add_block_check(const struct model *m, int nid, uint64_t start, uint64_t end)
{
	if (m->done)
		return BOOTMEM_ESTATE;
	if (!nid_ok(nid) || start % PAGE_SZ || end % PAGE_SZ || start >= end)
		return BOOTMEM_EINVAL;
	for (uint32_t i = 0; i < m->nr; i++) {
		const struct model_block *b = &m->blk[i];

		if (start < b->end && b->start < end)
			return BOOTMEM_EEXIST;
		if (b->nid == nid && (b->end == start || end == b->start))
			return BOOTMEM_EEXIST;
	}
	return 0;
}

int model_add_block(struct model *m, int nid, uint64_t start, uint64_t end)
{
	struct model_block nb;
	uint32_t pos;
	int err = model_add_block_check(m, nid, start, end);

	if (err)
		return err;
	memset(&nb, 0, sizeof(nb));
	nb.start = start;
	nb.end = end;
	nb.nid = nid;
	nb.base_pfn = start / PAGE_SZ / 64 * 64;
	nb.nr_words = (end / PAGE_SZ - nb.base_pfn + 63) / 64;
	nb.bits = calloc(nb.nr_words, 8);     /* every page reserved */
	if (!nb.bits)
		abort();
	if (m->nr == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 8;
		m->blk = xrealloc(m->blk, m->cap * sizeof(*m->blk));
	}
	for (pos = 0; pos < m->nr && m->blk[pos].start < start; pos++)
		;
	memmove(&m->blk[pos + 1], &m->blk[pos], (m->nr - pos) * sizeof(*m->blk));
	m->blk[pos] = nb;
	m->nr++;
	return 0;
}

/* ---- free / reserve ---------------------------------------------------- */

/*
 * Every byte of [addr, end) managed: for nid -1 across blocks that follow
 * each other without a hole, else inside one block of @nid. end > addr.
 */
static int range_managed(const struct model *m, int nid, uint64_t addr, uint64_t end)
{
	if (nid >= 0) {
		for (uint32_t i = 0; i < m->nr; i++) {
			const struct model_block *b = &m->blk[i];

			if (b->nid == nid && b->start <= addr && end <= b->end)
				return 1;
		}
		return 0;
	}
	for (uint64_t cur = addr; cur < end;) {
		const struct model_block *b = blk_of(m, cur);

		if (!b)
			return 0;
		cur = b->end;
		if (cur == 0)   /* cannot happen: block ends are below 2^64 */
			break;
	}
	return 1;
}

static int range_op(struct model *m, int nid, uint64_t addr, uint64_t size,
		    unsigned flags, int is_free)
{
	uint64_t end, spfn, epfn;

	if (m->done)
		return BOOTMEM_ESTATE;
	if (nid != -1 && !nid_ok(nid))
		return BOOTMEM_EINVAL;
	if (size == 0 || addr > UINT64_MAX - size)   /* addr + size >= 2^64 */
		return BOOTMEM_EINVAL;
	end = addr + size;
	if (!is_free) {
		if (flags != BOOTMEM_DEFAULT && flags != BOOTMEM_EXCLUSIVE)
			return BOOTMEM_EINVAL;
		/* end rounded up can only wrap in the last page, which no
		 * block reaches: that is the EFAULT below, not EINVAL */
	}
	if (!range_managed(m, nid, addr, end))
		return BOOTMEM_EFAULT;

	if (is_free) {
		spfn = addr / PAGE_SZ + (addr % PAGE_SZ != 0);
		epfn = end / PAGE_SZ;
	} else {
		spfn = addr / PAGE_SZ;
		epfn = end / PAGE_SZ + (end % PAGE_SZ != 0);
	}
	if (spfn >= epfn)
		return 0;   /* only a free can get here: covers no whole page */

	/* Every page in [spfn, epfn) is in some block (range_managed). */
	for (uint32_t i = 0; i < m->nr; i++) {
		struct model_block *b = &m->blk[i];

		uint64_t s = spfn > blk_spfn(b) ? spfn : blk_spfn(b);
		uint64_t e = epfn < blk_epfn(b) ? epfn : blk_epfn(b);

		if (s >= e)
			continue;
		if (is_free && any_page(b, s, e, 1))
			return BOOTMEM_EALREADY;
		if (!is_free && flags == BOOTMEM_EXCLUSIVE && any_page(b, s, e, 0))
			return BOOTMEM_EBUSY;
	}
	for (uint32_t i = 0; i < m->nr; i++) {
		struct model_block *b = &m->blk[i];

		uint64_t s = spfn > blk_spfn(b) ? spfn : blk_spfn(b);
		uint64_t e = epfn < blk_epfn(b) ? epfn : blk_epfn(b);

		if (s >= e)
			continue;
		set_pages(b, s, e, is_free);
		if (is_free && b->small_end && b->small_end / PAGE_SZ >= s &&
		    b->small_end / PAGE_SZ < e)
			b->small_end = 0;
	}
	return 0;
}

int model_free(struct model *m, uint64_t addr, uint64_t size)
{
	return range_op(m, -1, addr, size, 0, 1);
}

int model_reserve(struct model *m, uint64_t addr, uint64_t size, unsigned flags)
{
	return range_op(m, -1, addr, size, flags, 0);
}

int model_free_node(struct model *m, int nid, uint64_t addr, uint64_t size)
{
	if (nid == -1)
		return m->done ? BOOTMEM_ESTATE : BOOTMEM_EINVAL;
	return range_op(m, nid, addr, size, 0, 1);
}

int model_reserve_node(struct model *m, int nid, uint64_t addr, uint64_t size, unsigned flags)
{
	if (nid == -1)
		return m->done ? BOOTMEM_ESTATE : BOOTMEM_EINVAL;
	return range_op(m, nid, addr, size, flags, 0);
}

/* ---- allocation ---------------------------------------------------------- */

struct req {
	uint64_t size, align, npages, align_pages;
	int small;
};

/*
 * Lowest pfn p of block @b with p * 4096 >= lo, p a multiple of align_pages,
 * (p + npages) * 4096 <= hi and pages [p, p + npages) all free. The scan
 * follows the end q of the candidate run: the first q that completes a fit
 * gives the lowest start.
 */
static int fresh_fit(const struct model_block *b, const struct req *rq,
		     uint64_t lo, uint64_t hi, uint64_t *pfn)
{
	uint64_t s0 = lo / PAGE_SZ + (lo % PAGE_SZ != 0), run = 0;

	if (s0 < blk_spfn(b))
		s0 = blk_spfn(b);
	if (s0 >= blk_epfn(b) || blk_epfn(b) - s0 < rq->npages)
		return 0;
	for (uint64_t q = s0; q < blk_epfn(b); q++) {
		uint64_t i = q - b->base_pfn;

		if (hi != NOLIMIT && q >= hi / PAGE_SZ)
			return 0;     /* a run ending here would end above hi */
		/* shortcut: a wholly reserved bitmap word ends any run */
		if (i % 64 == 0 && b->bits[i / 64] == 0) {
			run = 0;
			q += 63;
			continue;
		}
		if (!pg_free(b, q)) {
			run = 0;
			continue;
		}
		run++;
		if (run < rq->npages)
			continue;
		/* pages [q + 1 - npages, q] are free and >= s0 */
		if (hi != NOLIMIT && (q + 1) > hi / PAGE_SZ)
			return 0;     /* (q + 1) * 4096 > hi, and later q only grow */
		if ((q + 1 - rq->npages) % rq->align_pages == 0) {
			*pfn = q + 1 - rq->npages;
			return 1;
		}
	}
	return 0;
}

static int in_block(struct model_block *b, const struct req *rq,
		    uint64_t lo, uint64_t hi, uint64_t *out)
{
	uint64_t pfn;

	if (rq->small && b->small_end) {
		uint64_t a = (b->small_end + rq->align - 1) / rq->align * rq->align;
		uint64_t pend = b->small_end / PAGE_SZ * PAGE_SZ + PAGE_SZ;

		if (a + rq->size <= pend && a >= lo && (hi == NOLIMIT || a + rq->size <= hi)) {
			b->small_end = a + rq->size == pend ? 0 : a + rq->size;
			*out = a;
			return 1;
		}
	}
	if (!fresh_fit(b, rq, lo, hi, &pfn))
		return 0;
	for (uint64_t p = pfn; p < pfn + rq->npages; p++)
		pg_set(b, p, 0);
	if (rq->small)
		b->small_end = pfn * PAGE_SZ + rq->size;
	*out = pfn * PAGE_SZ;
	return 1;
}

static int search(struct model *m, int nid, const struct req *rq,
		  uint64_t lo, uint64_t hi, uint64_t *out)
{
	for (uint32_t i = 0; i < m->nr; i++) {
		if (nid >= 0 && m->blk[i].nid != nid)
			continue;
		if (in_block(&m->blk[i], rq, lo, hi, out))
			return 1;
	}
	return 0;
}

static int alloc_common(struct model *m, int nid, uint64_t size, uint64_t align,
			uint64_t goal, uint64_t limit, uint64_t *out)
{
	struct req rq;
	uint64_t lo, hi;

	if (m->done)
		return BOOTMEM_ESTATE;
	if (nid != -1 && !nid_ok(nid))
		return BOOTMEM_EINVAL;
	if (!out || size == 0)
		return BOOTMEM_EINVAL;
	if (size > UINT64_MAX - (PAGE_SZ - 1))     /* size rounded up to pages wraps */
		return BOOTMEM_EINVAL;
	if (align == 0)
		align = 64;
	if (align & (align - 1))
		return BOOTMEM_EINVAL;

	rq.size = size;
	rq.align = align;
	rq.npages = size / PAGE_SZ + (size % PAGE_SZ != 0);
	rq.align_pages = align > PAGE_SZ ? align / PAGE_SZ : 1;
	rq.small = size < PAGE_SZ && align < PAGE_SZ;

	/* step 1: [max(goal, 4096), limit) */
	lo = goal > PAGE_SZ ? goal : PAGE_SZ;
	hi = limit ? limit : NOLIMIT;
	if (search(m, nid, &rq, lo, hi, out))
		return 0;
	/* step 2: anywhere (on the node) above page 0 */
	if (search(m, nid, &rq, PAGE_SZ, NOLIMIT, out))
		return 0;
	return BOOTMEM_ENOMEM;
}

int model_alloc(struct model *m, uint64_t size, uint64_t align, uint64_t goal,
		uint64_t limit, uint64_t *out)
{
	return alloc_common(m, -1, size, align, goal, limit, out);
}

int model_alloc_node(struct model *m, int nid, uint64_t size, uint64_t align,
		     uint64_t goal, uint64_t limit, uint64_t *out)
{
	if (nid == -1)
		return m->done ? BOOTMEM_ESTATE : BOOTMEM_EINVAL;
	return alloc_common(m, nid, size, align, goal, limit, out);
}

/*
 * Nearest: node @nid as model_alloc_node(), then the nodes that own blocks,
 * sorted by (distance, nid), each the same way. Written from DESIGN.md:
 * collect, sort, try in turn.
 */
int model_alloc_nearest(struct model *m, int nid, const uint8_t *dist, uint32_t nr_dist,
			uint64_t size, uint64_t align, uint64_t goal, uint64_t limit,
			uint64_t *out, int *out_nid)
{
	int nodes[BOOTMEM_MAX_NODES], n = 0, rc;
	unsigned key[BOOTMEM_MAX_NODES];

	if (m->done)
		return BOOTMEM_ESTATE;
	if (!nid_ok(nid) || (!dist && nr_dist) || nr_dist > BOOTMEM_MAX_NODES)
		return BOOTMEM_EINVAL;
	rc = alloc_common(m, nid, size, align, goal, limit, out);
	if (rc != BOOTMEM_ENOMEM) {
		if (rc == 0 && out_nid)
			*out_nid = nid;
		return rc;
	}
	for (uint32_t i = 0; i < m->nr; i++) {
		int j = m->blk[i].nid, seen = j == nid;

		for (int k = 0; k < n && !seen; k++)
			seen = nodes[k] == j;
		if (seen)
			continue;
		nodes[n] = j;
		key[n] = ((uint32_t)j < nr_dist ? dist[j] : 255u) * BOOTMEM_MAX_NODES + (unsigned)j;
		n++;
	}
	/* insertion sort by (distance, nid) */
	for (int i = 1; i < n; i++)
		for (int k = i; k > 0 && key[k - 1] > key[k]; k--) {
			unsigned tk = key[k];
			int tn = nodes[k];

			key[k] = key[k - 1];
			nodes[k] = nodes[k - 1];
			key[k - 1] = tk;
			nodes[k - 1] = tn;
		}
	for (int i = 0; i < n; i++) {
		rc = alloc_common(m, nodes[i], size, align, goal, limit, out);
		if (rc == 0 && out_nid)
			*out_nid = nodes[i];
		if (rc != BOOTMEM_ENOMEM)
			return rc;
	}
	return BOOTMEM_ENOMEM;
}

/* ---- release, queries ------------------------------------------------------ */

static void add_run(struct model *m, uint64_t pfn, unsigned order)
{
	if (m->nr_runs == m->cap_runs) {
		m->cap_runs = m->cap_runs ? 2 * m->cap_runs : 64;
		m->runs = xrealloc(m->runs, m->cap_runs * sizeof(*m->runs));
	}
	m->runs[m->nr_runs].start = pfn * PAGE_SZ;
	m->runs[m->nr_runs].order = order;
	m->nr_runs++;
}

int64_t model_free_all(struct model *m, unsigned max_order, int fn_null)
{
	int64_t n = 0;

	if (m->done)
		return BOOTMEM_ESTATE;
	if (fn_null || max_order >= 64)
		return BOOTMEM_EINVAL;
	m->nr_runs = 0;
	for (uint32_t i = 0; i < m->nr; i++) {
		const struct model_block *b = &m->blk[i];
		uint64_t p = blk_spfn(b);

		while (p < blk_epfn(b)) {
			uint64_t e;

			if (!pg_free(b, p)) {
				p++;
				continue;
			}
			for (e = p; e < blk_epfn(b) && pg_free(b, e); e++)
				;
			/* free run [p, e): largest aligned pieces, greedy */
			n += (int64_t)(e - p);
			while (p < e) {
				unsigned o = max_order;

				while (o > 0 && (p % (1ULL << o) != 0 || e - p < (1ULL << o)))
					o--;
				add_run(m, p, o);
				p += 1ULL << o;
			}
		}
	}
	m->done = 1;
	return n;
}

int model_stats(const struct model *m, int nid, struct bootmem_stats *st)
{
	int seen[BOOTMEM_MAX_NODES];

	if (!st || nid < -1 || nid >= BOOTMEM_MAX_NODES)
		return BOOTMEM_EINVAL;
	memset(st, 0, sizeof(*st));
	memset(seen, 0, sizeof(seen));
	for (uint32_t i = 0; i < m->nr; i++) {
		const struct model_block *b = &m->blk[i];

		if (nid != -1 && b->nid != nid)
			continue;
		st->total_pages += blk_epfn(b) - blk_spfn(b);
		st->free_pages += blk_free_pages(b);
		st->nr_blocks++;
		if (!seen[b->nid]) {
			seen[b->nid] = 1;
			st->nr_nodes++;
		}
	}
	st->reserved_pages = st->total_pages - st->free_pages;
	return 0;
}

int model_page_is_free(const struct model *m, uint64_t addr)
{
	const struct model_block *b;

	if (m->done)
		return BOOTMEM_ESTATE;
	b = blk_of(m, addr);
	if (!b)
		return BOOTMEM_EFAULT;
	return pg_free(b, addr / PAGE_SZ);
}

/*
 * Lowest maximal free run inside one block (of @nid unless -1) that ends
 * above the cursor rounded up to a page, clipped to start there.
 */
int model_next_free_range(const struct model *m, int nid, uint64_t *cursor, uint64_t *start,
			  uint64_t *end, int *range_nid)
{
	uint64_t cpfn;

	if (m->done)
		return BOOTMEM_ESTATE;
	if (!cursor || !start || !end || nid < -1 || nid >= BOOTMEM_MAX_NODES)
		return BOOTMEM_EINVAL;
	cpfn = *cursor / PAGE_SZ + (*cursor % PAGE_SZ != 0);
	for (uint32_t i = 0; i < m->nr; i++) {
		const struct model_block *b = &m->blk[i];
		uint64_t p = cpfn > blk_spfn(b) ? cpfn : blk_spfn(b), e;

		if (nid != -1 && b->nid != nid)
			continue;
		while (p < blk_epfn(b) && !pg_free(b, p)) {
			/* shortcut: the rest of the bitmap word is reserved */
			uint64_t k = p - b->base_pfn;

			p += (b->bits[k / 64] >> (k % 64)) == 0 ? 64 - k % 64 : 1;
		}
		if (p >= blk_epfn(b))
			continue;
		for (e = p; e < blk_epfn(b) && pg_free(b, e);) {
			/* shortcut: the rest of the word is free (never past the
			 * block: bits outside it are clear) */
			uint64_t k = e - b->base_pfn;

			e += (~b->bits[k / 64] >> (k % 64)) == 0 ? 64 - k % 64 : 1;
		}
		*start = p * PAGE_SZ;
		*end = e * PAGE_SZ;
		*cursor = *end;
		if (range_nid)
			*range_nid = b->nid;
		return 1;
	}
	return 0;
}

/* ======================================================================== */
/* differential harness                                                      */
/* ======================================================================== */

const char *dual_err_name(int e)
{
	return tl_err_name(e);
}

static int fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return 1;
}

int dual_init(struct dual *d, size_t arena_size, size_t offset, uint64_t garbage)
{
	memset(d, 0, sizeof(*d));
	d->buf = malloc(arena_size + offset + 1);
	d->snap = malloc(arena_size + 1);
	if (!d->buf || !d->snap)
		abort();
	/* Garbage, 8 bytes per step of the generator (the old per-byte fill
	 * cost more than many short runs of the fuzzer). */
	for (size_t i = 0; i < arena_size + offset; i += 8) {
		size_t n = arena_size + offset - i < 8 ? arena_size + offset - i : 8;

		garbage = garbage * 6364136223846793005ULL + 1442695040888963407ULL;
		memcpy(d->buf + i, &garbage, n);
	}
	memset(&d->bm, (int)(garbage & 0xff), sizeof(d->bm));
	d->arena = d->buf + offset;
	d->arena_size = arena_size;
	d->offset = offset < 32 ? offset : 32;
	memcpy(d->guard, d->buf + offset - d->offset, d->offset);
	d->guard[d->offset] = d->buf[offset + arena_size] = 0x5c;
	model_init(&d->m);
	return bootmem_init(&d->bm, d->arena, arena_size);
}

void dual_fini(struct dual *d)
{
	free(d->buf);
	free(d->snap);
	free(d->runs);
	model_fini(&d->m);
	d->buf = d->snap = NULL;
	d->runs = NULL;
}

static void core_release(void *ctx, phys_addr_t start, unsigned order)
{
	struct dual *d = ctx;

	if (d->nr_runs == d->cap_runs) {
		d->cap_runs = d->cap_runs ? 2 * d->cap_runs : 64;
		d->runs = xrealloc(d->runs, d->cap_runs * sizeof(*d->runs));
	}
	d->runs[d->nr_runs].start = start;
	d->runs[d->nr_runs].order = order;
	d->nr_runs++;
	/* calling back in must be refused */
	if (alloc_bootmem(&d->bm, 4096, 0, 0, 0, &(phys_addr_t){ 0 }) != BOOTMEM_ESTATE)
		d->nr_runs = (size_t)-1 / 2;   /* poison: reported as a run mismatch */
}

const char *dual_op_str(const struct dual_op *op, char *buf, size_t len)
{
	switch (op->kind) {
	case DOP_ADD:
		snprintf(buf, len, "bootmem_add_block(nid=%d, 0x%" PRIx64 ", 0x%" PRIx64 ")",
			 op->nid, op->a, op->b);
		break;
	case DOP_FREE:
		snprintf(buf, len, "free_bootmem(0x%" PRIx64 ", 0x%" PRIx64 ")", op->a, op->b);
		break;
	case DOP_RESERVE:
		snprintf(buf, len, "reserve_bootmem(0x%" PRIx64 ", 0x%" PRIx64 ", %u)",
			 op->a, op->b, op->flags);
		break;
	case DOP_FREE_NODE:
		snprintf(buf, len, "free_bootmem_node(nid=%d, 0x%" PRIx64 ", 0x%" PRIx64 ")",
			 op->nid, op->a, op->b);
		break;
	case DOP_RESERVE_NODE:
		snprintf(buf, len, "reserve_bootmem_node(nid=%d, 0x%" PRIx64 ", 0x%" PRIx64 ", %u)",
			 op->nid, op->a, op->b, op->flags);
		break;
	case DOP_ALLOC:
		snprintf(buf, len, "alloc_bootmem(size=0x%" PRIx64 ", align=0x%" PRIx64
			 ", goal=0x%" PRIx64 ", limit=0x%" PRIx64 "%s)", op->b, op->align,
			 op->goal, op->limit, op->null_ptr ? ", out=NULL" : "");
		break;
	case DOP_ALLOC_NODE:
		snprintf(buf, len, "alloc_bootmem_node(nid=%d, size=0x%" PRIx64 ", align=0x%" PRIx64
			 ", goal=0x%" PRIx64 ", limit=0x%" PRIx64 "%s)", op->nid, op->b, op->align,
			 op->goal, op->limit, op->null_ptr ? ", out=NULL" : "");
		break;
	case DOP_FREE_ALL:
		snprintf(buf, len, "free_all_bootmem(max_order=%u%s)", op->max_order,
			 op->null_ptr ? ", fn=NULL" : "");
		break;
	case DOP_STATS:
		snprintf(buf, len, "bootmem_stats(nid=%d%s)", op->nid, op->null_ptr ? ", st=NULL" : "");
		break;
	case DOP_PAGE_IS_FREE:
		snprintf(buf, len, "bootmem_page_is_free(0x%" PRIx64 ")", op->a);
		break;
	case DOP_ALLOC_NEAREST: {
		char row[64] = "NULL";
		int at = 0;

		if (op->dist) {
			at = snprintf(row, sizeof(row), "{");
			for (uint32_t i = 0; i < op->nr_dist && i < 8 && at < 48; i++)
				at += snprintf(row + at, sizeof(row) - (size_t)at, "%s%u", i ? "," : "",
					       op->dist[i]);
			snprintf(row + at, sizeof(row) - (size_t)at, "%s}", op->nr_dist > 8 ? ",..." : "");
		}
		snprintf(buf, len, "alloc_bootmem_nearest(nid=%d, dist=%s, nr_dist=%u, size=0x%" PRIx64
			 ", align=0x%" PRIx64 ", goal=0x%" PRIx64 ", limit=0x%" PRIx64 "%s%s)", op->nid,
			 row, op->nr_dist, op->b, op->align, op->goal, op->limit,
			 op->null_ptr ? ", out=NULL" : "", op->null_nid ? ", out_nid=NULL" : "");
		break;
	}
	case DOP_NEXT_FREE_RANGE:
		snprintf(buf, len, "bootmem_next_free_range(nid=%d, cursor=0x%" PRIx64 "%s)", op->nid,
			 op->a, op->null_ptr == 1 ? ", cursor=NULL" : op->null_ptr == 2 ? ", start=NULL" :
			 op->null_ptr == 3 ? ", end=NULL" : op->null_ptr == 4 ? ", range_nid=NULL" : "");
		break;
	default:
		snprintf(buf, len, "op kind %d", (int)op->kind);
	}
	return buf;
}

static int cmp_stats(const struct bootmem_stats *c, const struct bootmem_stats *m)
{
	return c->total_pages != m->total_pages || c->free_pages != m->free_pages ||
	       c->reserved_pages != m->reserved_pages || c->nr_blocks != m->nr_blocks ||
	       c->nr_nodes != m->nr_nodes;
}

static int stats_one(struct dual *d, int nid, char *why, size_t len)
{
	struct bootmem_stats sc, sm;
	int rc, rm;

	memset(&sc, 0xee, sizeof(sc));
	rc = bootmem_stats(&d->bm, nid, &sc);
	rm = model_stats(&d->m, nid, &sm);
	if (rc != rm)
		return fail(why, len, "bootmem_stats(%d) returned %s, model %s", nid,
			    dual_err_name(rc), dual_err_name(rm));
	if (!rc && cmp_stats(&sc, &sm))
		return fail(why, len, "bootmem_stats(%d): core total=%" PRIu64 " free=%" PRIu64
			    " reserved=%" PRIu64 " blocks=%u nodes=%u, model total=%" PRIu64
			    " free=%" PRIu64 " reserved=%" PRIu64 " blocks=%u nodes=%u", nid,
			    sc.total_pages, sc.free_pages, sc.reserved_pages, sc.nr_blocks,
			    sc.nr_nodes, sm.total_pages, sm.free_pages, sm.reserved_pages,
			    sm.nr_blocks, sm.nr_nodes);
	return 0;
}

/* Walk every free range of @nid on both sides; they must agree exactly. */
static int walk_one(struct dual *d, int nid, char *why, size_t len)
{
	phys_addr_t cc = 0, cs = 0, ce = 0;
	uint64_t mc = 0, ms = 0, me = 0;
	int cn = -2, mn = -2, rc, rm;

	for (unsigned n = 0;; n++) {
		rc = bootmem_next_free_range(&d->bm, nid, &cc, &cs, &ce, &cn);
		rm = model_next_free_range(&d->m, nid, &mc, &ms, &me, &mn);
		if (rc != rm)
			return fail(why, len, "free-range walk of nid %d, range %u: core returned %s, "
				    "model %s", nid, n, dual_err_name(rc), dual_err_name(rm));
		if (rc != 1)
			return 0;
		if (cs != ms || ce != me || cn != mn || cc != mc)
			return fail(why, len, "free-range walk of nid %d, range %u: core [0x%" PRIx64
				    ",0x%" PRIx64 ") nid %d, model [0x%" PRIx64 ",0x%" PRIx64 ") nid %d",
				    nid, n, cs, ce, cn, ms, me, mn);
	}
}

int dual_compare(struct dual *d, char *why, size_t len)
{
	const struct model *m = &d->m;
	const struct bm_block *blk;
	struct bootmem_block_info info;
	const char *cwhy;

	if (memcmp(d->guard, d->arena - d->offset, d->offset) ||
	    d->arena[d->arena_size] != d->guard[d->offset])
		return fail(why, len, "bytes outside the arena were written");
	if (bm_check_detail(&d->bm, &cwhy))
		return fail(why, len, "bm_check_detail: %s", cwhy);
	if (d->bm.priv_nr_blocks != m->nr)
		return fail(why, len, "core has %u blocks, model %u", d->bm.priv_nr_blocks, m->nr);
	blk = bm_blocks(&d->bm);
	for (uint32_t i = 0; i < m->nr; i++) {
		const struct bm_block *cb = &blk[i];
		const struct model_block *mb = &m->blk[i];
		uint64_t nfree = 0;

		if (cb->start_pfn != mb->start / PAGE_SZ || cb->end_pfn != mb->end / PAGE_SZ ||
		    cb->nid != mb->nid)
			return fail(why, len, "block %u: core [0x%" PRIx64 ",0x%" PRIx64 ") nid %d, "
				    "model [0x%" PRIx64 ",0x%" PRIx64 ") nid %d", i,
				    cb->start_pfn * PAGE_SZ, cb->end_pfn * PAGE_SZ, cb->nid,
				    mb->start, mb->end, mb->nid);
		if (cb->small_end != mb->small_end)
			return fail(why, len, "block %u [0x%" PRIx64 ",0x%" PRIx64 "): core small_end "
				    "0x%" PRIx64 ", model 0x%" PRIx64, i, mb->start, mb->end,
				    cb->small_end, mb->small_end);
		if (cb->base_pfn != mb->base_pfn || cb->nr_words != mb->nr_words)
			return fail(why, len, "block %u: bitmap geometry differs", i);
		for (uint64_t w = 0; w < mb->nr_words; w++) {
			uint64_t x = bm_get_word(&d->bm, cb, w);

			if (x != mb->bits[w]) {
				uint64_t diff = x ^ mb->bits[w];
				uint64_t pfn = mb->base_pfn + 64 * w + (uint64_t)__builtin_ctzll(diff);

				return fail(why, len, "page 0x%" PRIx64 " (block %u): core says %s, "
					    "model %s", pfn * PAGE_SZ, i,
					    (x >> (pfn % 64)) & 1 ? "free" : "reserved",
					    (mb->bits[w] >> (pfn % 64)) & 1 ? "free" : "reserved");
			}
			nfree += (uint64_t)__builtin_popcountll(x);
		}
		if (cb->free_pages != nfree)
			return fail(why, len, "block %u: free counter %" PRIu64 ", bitmap %" PRIu64,
				    i, cb->free_pages, nfree);
		/* the bootmem_block_info() extension reports the same */
		memset(&info, 0xee, sizeof(info));
		if (bootmem_block_info(&d->bm, i, &info) || info.start != mb->start ||
		    info.end != mb->end || info.nid != mb->nid || info.free_pages != nfree)
			return fail(why, len, "bootmem_block_info(%u) differs", i);
	}
	if (bootmem_block_info(&d->bm, m->nr, &info) != BOOTMEM_EINVAL)
		return fail(why, len, "bootmem_block_info(%u) past the last block not EINVAL", m->nr);
	if (stats_one(d, -1, why, len) || walk_one(d, -1, why, len))
		return 1;
	for (int i = 0; i < d->nr_nids; i++)
		if (stats_one(d, d->nids[i], why, len))
			return 1;
	/* the walk of one node per comparison, taking turns */
	if (d->nr_nids && walk_one(d, d->nids[d->walk_turn++ % (unsigned)d->nr_nids], why, len))
		return 1;
	return 0;
}

static void snap_take(struct dual *d)
{
	d->snap_bm = d->bm;
	memcpy(d->snap, d->arena, d->arena_size);
}

static int snap_same(const struct dual *d)
{
	return !memcmp(&d->snap_bm, &d->bm, sizeof(d->bm)) &&
	       !memcmp(d->snap, d->arena, d->arena_size);
}

int dual_exec(struct dual *d, const struct dual_op *op, unsigned flags,
	      char *why, size_t len)
{
	uint64_t mout = 0, mcur = op->a, ms = 1, me = 2;
	phys_addr_t cout = 0, ccur = op->a, cs = 1, ce = 2;
	int mnid = -5, cnid = -5;
	int64_t rm = 0, rc = 0;
	int mcheck = 0, took = 0;
	struct bootmem_stats sc, sm;

	/* Model first, so that a snapshot is taken only when a failure is due. */
	switch (op->kind) {
	case DOP_ADD:
		mcheck = model_add_block_check(&d->m, op->nid, op->a, op->b);
		rm = mcheck;
		break;
	case DOP_FREE:
		rm = model_free(&d->m, op->a, op->b);
		break;
	case DOP_RESERVE:
		rm = model_reserve(&d->m, op->a, op->b, op->flags);
		break;
	case DOP_FREE_NODE:
		rm = model_free_node(&d->m, op->nid, op->a, op->b);
		break;
	case DOP_RESERVE_NODE:
		rm = model_reserve_node(&d->m, op->nid, op->a, op->b, op->flags);
		break;
	case DOP_ALLOC:
		rm = model_alloc(&d->m, op->b, op->align, op->goal, op->limit,
				 op->null_ptr ? NULL : &mout);
		break;
	case DOP_ALLOC_NODE:
		rm = model_alloc_node(&d->m, op->nid, op->b, op->align, op->goal, op->limit,
				      op->null_ptr ? NULL : &mout);
		break;
	case DOP_FREE_ALL:
		rm = model_free_all(&d->m, op->max_order, op->null_ptr);
		break;
	case DOP_STATS:
		rm = model_stats(&d->m, op->nid, op->null_ptr ? NULL : &sm);
		break;
	case DOP_PAGE_IS_FREE:
		rm = model_page_is_free(&d->m, op->a);
		break;
	case DOP_ALLOC_NEAREST:
		rm = model_alloc_nearest(&d->m, op->nid, op->dist, op->nr_dist, op->b, op->align,
					 op->goal, op->limit, op->null_ptr ? NULL : &mout,
					 op->null_nid ? NULL : &mnid);
		break;
	case DOP_NEXT_FREE_RANGE:
		rm = model_next_free_range(&d->m, op->nid, op->null_ptr == 1 ? NULL : &mcur,
					   op->null_ptr == 2 ? NULL : &ms, op->null_ptr == 3 ? NULL : &me,
					   op->null_ptr == 4 ? NULL : &mnid);
		break;
	default:
		return fail(why, len, "bad op kind %d", (int)op->kind);
	}

	if ((rm < 0 && (flags & DUAL_SNAPSHOT)) || (op->kind == DOP_ADD && d->allow_add_enomem)) {
		snap_take(d);
		took = 1;
	}

	switch (op->kind) {
	case DOP_ADD:
		rc = bootmem_add_block(&d->bm, op->nid, op->a, op->b);
		if (rc == 0 && mcheck == 0)
			model_add_block(&d->m, op->nid, op->a, op->b);
		if (rc == BOOTMEM_ENOMEM && mcheck == 0 && d->allow_add_enomem)
			rm = rc;   /* arena exhausted: allowed, must change nothing */
		break;
	case DOP_FREE:
		rc = free_bootmem(&d->bm, op->a, op->b);
		break;
	case DOP_RESERVE:
		rc = reserve_bootmem(&d->bm, op->a, op->b, op->flags);
		break;
	case DOP_FREE_NODE:
		rc = free_bootmem_node(&d->bm, op->nid, op->a, op->b);
		break;
	case DOP_RESERVE_NODE:
		rc = reserve_bootmem_node(&d->bm, op->nid, op->a, op->b, op->flags);
		break;
	case DOP_ALLOC:
		rc = alloc_bootmem(&d->bm, op->b, op->align, op->goal, op->limit,
				   op->null_ptr ? NULL : &cout);
		break;
	case DOP_ALLOC_NODE:
		rc = alloc_bootmem_node(&d->bm, op->nid, op->b, op->align, op->goal, op->limit,
					op->null_ptr ? NULL : &cout);
		break;
	case DOP_FREE_ALL:
		d->nr_runs = 0;
		rc = free_all_bootmem(&d->bm, op->max_order, op->null_ptr ? NULL : core_release, d);
		break;
	case DOP_STATS:
		memset(&sc, 0xee, sizeof(sc));
		rc = bootmem_stats(&d->bm, op->nid, op->null_ptr ? NULL : &sc);
		break;
	case DOP_PAGE_IS_FREE:
		rc = bootmem_page_is_free(&d->bm, op->a);
		break;
	case DOP_ALLOC_NEAREST:
		rc = alloc_bootmem_nearest(&d->bm, op->nid, op->dist, op->nr_dist, op->b, op->align,
					   op->goal, op->limit, op->null_ptr ? NULL : &cout,
					   op->null_nid ? NULL : &cnid);
		break;
	case DOP_NEXT_FREE_RANGE:
		/* A query: it must not change a byte, whatever it returns. */
		snap_take(d);
		took = 1;
		rc = bootmem_next_free_range(&d->bm, op->nid, op->null_ptr == 1 ? NULL : &ccur,
					     op->null_ptr == 2 ? NULL : &cs, op->null_ptr == 3 ? NULL : &ce,
					     op->null_ptr == 4 ? NULL : &cnid);
		break;
	default:
		break;
	}

	d->last_rc = rc;
	if (rc != rm)
		return fail(why, len, "returned %" PRId64 " (%s), model %" PRId64 " (%s)",
			    rc, dual_err_name((int)rc), rm, dual_err_name((int)rm));
	if (took && rm < 0 && !snap_same(d))
		return fail(why, len, "failed call (%s) changed the state", dual_err_name((int)rm));
	if (op->kind == DOP_NEXT_FREE_RANGE) {
		if (!snap_same(d))
			return fail(why, len, "bootmem_next_free_range changed the state");
		if (ccur != mcur || cs != ms || ce != me || cnid != mnid)
			return fail(why, len, "core cursor 0x%" PRIx64 " [0x%" PRIx64 ",0x%" PRIx64
				    ") nid %d, model cursor 0x%" PRIx64 " [0x%" PRIx64 ",0x%" PRIx64
				    ") nid %d", ccur, cs, ce, cnid, mcur, ms, me, mnid);
	}
	if (rc == 0 && (op->kind == DOP_ALLOC || op->kind == DOP_ALLOC_NODE ||
			op->kind == DOP_ALLOC_NEAREST)) {
		if (cout != mout)
			return fail(why, len, "*out 0x%" PRIx64 ", model 0x%" PRIx64, cout, mout);
		d->last_out = cout;
	}
	/* The serving node; on failure *out_nid stays unwritten. */
	if (op->kind == DOP_ALLOC_NEAREST && cnid != mnid)
		return fail(why, len, "*out_nid %d, model %d", cnid, mnid);
	if (rc == 0 && op->kind == DOP_STATS && !op->null_ptr && cmp_stats(&sc, &sm))
		return fail(why, len, "stats differ");
	if (op->kind == DOP_FREE_ALL && rc >= 0) {
		if (d->nr_runs != d->m.nr_runs)
			return fail(why, len, "core released %zu runs, model %zu", d->nr_runs,
				    d->m.nr_runs);
		for (size_t i = 0; i < d->nr_runs; i++)
			if (d->runs[i].start != d->m.runs[i].start ||
			    d->runs[i].order != d->m.runs[i].order)
				return fail(why, len, "run %zu: core 0x%" PRIx64 "/%u, model 0x%"
					    PRIx64 "/%u", i, d->runs[i].start, d->runs[i].order,
					    d->m.runs[i].start, d->m.runs[i].order);
	}
	if (flags & DUAL_COMPARE_ALL)
		return dual_compare(d, why, len);
	return 0;
}

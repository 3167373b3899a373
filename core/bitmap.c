// SPDX-License-Identifier: MIT
/*
 * bitmap.c - per-block page bitmaps with a two-level summary.
 *
 * Everything here works a 64-bit word (64 pages) or a whole chunk
 * (BM_CHUNK_PAGES pages) at a time; see bootmem_internal.h for the layout.
 * Page frame numbers (pfn) passed in always lie inside the block.
 */
#include "bootmem_internal.h"

static inline uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* Mask of bits [lo, hi) of a word, 0 <= lo < hi <= 64. */
static inline uint64_t bits_mask(unsigned lo, unsigned hi)
{
	uint64_t m = hi == 64 ? ~0ULL : (1ULL << hi) - 1;

	return m & (~0ULL << lo);
}

/**
 * bm_word_order() - largest naturally aligned free group inside a word.
 * @x: bitmap word (bit set = free)
 *
 * Return: k such that some group of 2^k pages aligned to 2^k is free, the
 * largest such k (0..6); -1 when no page is free.
 */
int bm_word_order(uint64_t x)
{
	uint64_t m;

	if (!x)
		return -1;
	if (x == ~0ULL)
		return 6;
	m = x & (x >> 1) & 0x5555555555555555ULL;
	if (!m)
		return 0;
	m = m & (m >> 2) & 0x1111111111111111ULL;
	if (!m)
		return 1;
	m = m & (m >> 4) & 0x0101010101010101ULL;
	if (!m)
		return 2;
	m = m & (m >> 8) & 0x0001000100010001ULL;
	if (!m)
		return 3;
	m = m & (m >> 16) & 0x0000000100000001ULL;
	if (!m)
		return 4;
	return 5;
}

/* True when every page of chunk @c lies inside the block. */
bool bm_chunk_inside(const struct bm_block *b, uint64_t c)
{
	uint64_t first = b->base_pfn + (c << BM_CHUNK_BITS);

	return first >= b->start_pfn && b->end_pfn - first >= BM_CHUNK_PAGES;
}

static inline uint64_t chunk_first_word(uint64_t c)
{
	return c << BOOTMEM_CHUNK_SHIFT;
}

static inline uint64_t chunk_end_word(const struct bm_block *b, uint64_t c)
{
	return bm_min64((c + 1) << BOOTMEM_CHUNK_SHIFT, b->nr_words);
}

/**
 * bm_get_word() - bitmap word @w of a block as it logically is.
 * @bm: allocator
 * @b:  block
 * @w:  word index
 *
 * Return: the word; uniform chunks are answered from their summary byte.
 */
uint64_t bm_get_word(const struct bootmem *bm, const struct bm_block *b, uint64_t w)
{
	int8_t c = bm_chunk(bm, b)[w >> BOOTMEM_CHUNK_SHIFT];

	if (c == BM_CH_NONE)
		return 0;
	if (c == BM_CH_ALL)
		return ~0ULL;
	return bm_words(bm, b)[w];
}

/**
 * bm_chunk_summary() - canonical summary byte of chunk @c from its words.
 * @bm: allocator
 * @b:  block
 * @c:  chunk index; its words and order bytes must be valid
 *
 * Return: BM_CH_NONE, BM_CH_ALL or the largest word order.
 */
int bm_chunk_summary(const struct bootmem *bm, const struct bm_block *b, uint64_t c)
{
	const int8_t *ord = bm_order(bm, b);
	uint64_t w, we = chunk_end_word(b, c);
	int max = -1, min = 6;

	for (w = chunk_first_word(c); w < we; w++) {
		int o = ord[w];

		max = o > max ? o : max;
		min = o < min ? o : min;
	}
	if (max == 6 && min == 6 && bm_chunk_inside(b, c))
		return BM_CH_ALL;
	return max;
}

/* Make chunk @c's words and order bytes valid (it is about to be split). */
static void chunk_materialize(const struct bootmem *bm, const struct bm_block *b, uint64_t c)
{
	int8_t *ch = bm_chunk(bm, b);
	uint64_t w0 = chunk_first_word(c), n = chunk_end_word(b, c) - w0;

	if (ch[c] == BM_CH_NONE) {
		bm_fill64(bm_words(bm, b) + w0, 0, n);
		bm_memset(bm_order(bm, b) + w0, -1, n);
	} else if (ch[c] == BM_CH_ALL) {
		bm_fill64(bm_words(bm, b) + w0, ~0ULL, n);
		bm_memset(bm_order(bm, b) + w0, 6, n);
	}
}

/**
 * bm_block_init_map() - a new block: every page reserved.
 * @bm: allocator
 * @b:  block whose map_off and nr_words are set
 *
 * Only the chunk bytes are written: the words of a BM_CH_NONE chunk are
 * never read, so the bitmap itself costs nothing until it is split.
 */
void bm_block_init_map(const struct bootmem *bm, const struct bm_block *b)
{
	bm_memset(bm_chunk(bm, b), BM_CH_NONE, bm_nr_chunks(b->nr_words));
}

/**
 * bm_page_free() - state of one page.
 * @bm:  allocator
 * @b:   block
 * @pfn: page inside @b
 *
 * Return: 1 free, 0 reserved.
 */
int bm_page_free(const struct bootmem *bm, const struct bm_block *b, uint64_t pfn)
{
	uint64_t i = pfn - b->base_pfn;

	return (int)((bm_get_word(bm, b, i >> 6) >> (i & 63)) & 1);
}

/**
 * bm_count_free() - free pages in [spfn, epfn) of one block.
 * @bm:   allocator
 * @b:    block
 * @spfn: first page
 * @epfn: end page, spfn <= epfn <= b->end_pfn
 *
 * Return: the count; uniform chunks are counted without reading words.
 */
uint64_t bm_count_free(const struct bootmem *bm, const struct bm_block *b,
		       uint64_t spfn, uint64_t epfn)
{
	const int8_t *ch = bm_chunk(bm, b);
	const uint64_t *words = bm_words(bm, b);
	uint64_t i = spfn - b->base_pfn, end = epfn - b->base_pfn, n = 0;

	while (i < end) {
		uint64_t c = i >> BM_CHUNK_BITS;
		uint64_t cend = bm_min64((c + 1) << BM_CHUNK_BITS, end);

		if (ch[c] == BM_CH_ALL) {
			n += cend - i;
			i = cend;
			continue;
		}
		if (ch[c] == BM_CH_NONE) {
			i = cend;
			continue;
		}
		while (i < cend) {
			uint64_t w = i >> 6;
			unsigned lo = i & 63;
			unsigned hi = (unsigned)bm_min64(64, cend - (w << 6));

			n += bm_popcount64(words[w] & bits_mask(lo, hi));
			i = (w << 6) + hi;
		}
	}
	return n;
}

/**
 * bm_set_range() - mark pages [spfn, epfn) of one block free or reserved.
 * @bm:        allocator
 * @b:         block
 * @spfn:      first page
 * @epfn:      end page, spfn <= epfn <= b->end_pfn
 * @make_free: true to free, false to reserve
 *
 * Updates words, order bytes and chunk bytes; not the counters.
 */
void bm_set_range(const struct bootmem *bm, const struct bm_block *b,
		  uint64_t spfn, uint64_t epfn, bool make_free)
{
	int8_t *ch = bm_chunk(bm, b), *ord = bm_order(bm, b);
	uint64_t *words = bm_words(bm, b);
	uint64_t i = spfn - b->base_pfn, end = epfn - b->base_pfn;
	int target = make_free ? BM_CH_ALL : BM_CH_NONE;

	while (i < end) {
		uint64_t c = i >> BM_CHUNK_BITS;
		uint64_t cstart = c << BM_CHUNK_BITS;
		uint64_t cend = bm_min64(cstart + BM_CHUNK_PAGES, end);

		if (ch[c] == target) {
			/* Already uniform in the wanted state. */
			i = cend;
			continue;
		}
		if (i == cstart && cend - cstart == BM_CHUNK_PAGES) {
			/* The whole chunk, which then lies inside the block. */
			ch[c] = (int8_t)target;
			i = cend;
			continue;
		}
		/*
		 * Split chunk: update words and their order bytes, then the
		 * summary incrementally. Freeing only raises orders, so the new
		 * maximum is known unless it reaches 6 (the chunk may have become
		 * all free). Reserving only lowers them, so the maximum can only
		 * drop when a word that held it dropped.
		 */
		int old_max = ch[c] == BM_CH_ALL ? 6 : ch[c];
		int new_max = -1;
		bool rescan = false;

		chunk_materialize(bm, b, c);
		while (i < cend) {
			uint64_t w = i >> 6;
			unsigned lo = i & 63;
			unsigned hi = (unsigned)bm_min64(64, cend - (w << 6));
			uint64_t m = bits_mask(lo, hi);
			int before = ord[w], after;

			words[w] = make_free ? words[w] | m : words[w] & ~m;
			after = bm_word_order(words[w]);
			ord[w] = (int8_t)after;
			new_max = after > new_max ? after : new_max;
			rescan |= !make_free && before == old_max && after < before;
			i = (w << 6) + hi;
		}
		if (make_free)
			ch[c] = (int8_t)(new_max == 6 ? bm_chunk_summary(bm, b, c)
					 : (new_max > old_max ? new_max : old_max));
		else if (rescan)
			ch[c] = (int8_t)bm_chunk_summary(bm, b, c);
	}
}

/*
 * Check that pages [pfn, pfn + need) are all free. On failure *bad is the
 * first reserved page.
 */
static bool run_free(const struct bootmem *bm, const struct bm_block *b,
		     uint64_t pfn, uint64_t need, uint64_t *bad)
{
	const int8_t *ch = bm_chunk(bm, b);
	const uint64_t *words = bm_words(bm, b);
	uint64_t i = pfn - b->base_pfn, end = i + need;

	while (i < end) {
		uint64_t c = i >> BM_CHUNK_BITS;

		if (ch[c] == BM_CH_ALL) {
			i = (c + 1) << BM_CHUNK_BITS;
			continue;
		}
		if (ch[c] == BM_CH_NONE) {
			*bad = b->base_pfn + i;
			return false;
		}
		uint64_t w = i >> 6;
		unsigned lo = i & 63;
		unsigned hi = (unsigned)bm_min64(64, end - (w << 6));
		uint64_t m = bits_mask(lo, hi);
		uint64_t holes = ~words[w] & m;

		if (holes) {
			*bad = b->base_pfn + (w << 6) + bm_ctz64(holes);
			return false;
		}
		i = (w << 6) + hi;
	}
	return true;
}

/* Bits at multiples of @a (a power of two <= 64) within a word. */
static uint64_t align_mask(uint64_t a)
{
	static const uint64_t masks[7] = {
		~0ULL, 0x5555555555555555ULL, 0x1111111111111111ULL,
		0x0101010101010101ULL, 0x0001000100010001ULL,
		0x0000000100000001ULL, 1ULL,
	};

	return a >= 64 ? 1ULL : masks[bm_log2_64(a)];
}

/*
 * Positions p in @x where a free run of @n pages starts, counting a run that
 * reaches bit 63 as a start too (it may continue in the next word).
 */
static uint64_t run_starts(uint64_t x, uint64_t n)
{
	uint64_t y = 0, top;
	unsigned t = x == ~0ULL ? 64 : bm_clz64(~x);

	if (n < 64) {
		uint64_t len = 1;

		y = x;
		while (len < n) {
			uint64_t s = bm_min64(len, n - len);

			y &= y >> s;
			len += s;
		}
	}
	top = t ? ~0ULL << (64 - t) : 0;
	return y | top;
}

/**
 * bm_find_fit() - lowest aligned run of free pages inside a window.
 * @bm:          allocator
 * @b:           block
 * @lo:          lowest start pfn, >= b->start_pfn
 * @hi:          the run must end at or below this pfn, <= b->end_pfn
 * @npages:      run length, > 0
 * @align_pages: start alignment in pages (physical), a power of two
 *
 * The start word of any fit holds a naturally aligned free group of
 * 2^min(log2 align, log2 npages, 6) pages, so chunks and words whose summary
 * is smaller are skipped without reading the bitmap.
 *
 * Return: the start pfn, or BM_NO_PFN.
 */
uint64_t bm_find_fit(const struct bootmem *bm, const struct bm_block *b,
		     uint64_t lo, uint64_t hi, uint64_t npages, uint64_t align_pages)
{
	const int8_t *ch = bm_chunk(bm, b), *ord = bm_order(bm, b);
	const uint64_t *words = bm_words(bm, b);
	uint64_t amask = align_mask(align_pages);
	unsigned k = (unsigned)bm_min64(bm_min64(bm_log2_64(align_pages), bm_log2_64(npages)), 6);
	uint64_t pos = align_up(lo, align_pages), bad;

	while (pos < hi && hi - pos >= npages) {
		uint64_t i = pos - b->base_pfn;
		uint64_t w = i >> 6, c = i >> BM_CHUNK_BITS;
		int cb = ch[c];

		if (cb < (int)k) {
			pos = align_up(b->base_pfn + ((c + 1) << BM_CHUNK_BITS), align_pages);
			continue;
		}
		if (cb == BM_CH_ALL) {
			if (run_free(bm, b, pos, npages, &bad))
				return pos;
			pos = align_up(bad + 1, align_pages);
			continue;
		}
		/* For k == 0 the order byte only says "word != 0": read the word. */
		if (k && ord[w] < (int)k) {
			pos = align_up(b->base_pfn + ((w + 1) << 6), align_pages);
			continue;
		}
		uint64_t x = words[w] & (~0ULL << (i & 63));
		uint64_t cand = run_starts(x, npages) & amask;

		if (!cand) {
			pos = align_up(b->base_pfn + ((w + 1) << 6), align_pages);
			continue;
		}
		unsigned p = bm_ctz64(cand);

		pos = b->base_pfn + (w << 6) + p;
		if (pos >= hi || hi - pos < npages)
			break;
		if (p + npages <= 64)
			return pos;
		/* Lower candidates would have fit inside the word; higher ones need
		 * a longer continuation, so if this one fails they all do. */
		if (run_free(bm, b, b->base_pfn + ((w + 1) << 6), npages - (64 - p), &bad))
			return pos;
		pos = align_up(bad + 1, align_pages);
	}
	return BM_NO_PFN;
}

/* Hand the free run [s, e) out as maximal naturally aligned power-of-two runs. */
static uint64_t release_run(uint64_t s, uint64_t e, unsigned max_order,
			    bootmem_release_fn fn, void *ctx)
{
	uint64_t n = e - s;

	while (s < e) {
		unsigned order = max_order;

		if (s && bm_ctz64(s) < order)
			order = bm_ctz64(s);
		if (bm_log2_64(e - s) < order)
			order = bm_log2_64(e - s);
		fn(ctx, s << BM_PAGE_SHIFT, order);
		s += 1ULL << order;
	}
	return n;
}

/**
 * bm_release_block() - free_all_bootmem() for one block.
 * @bm:        allocator
 * @b:         block
 * @max_order: largest run order
 * @fn:        receiver
 * @ctx:       its context
 *
 * Finds maximal free runs a word (or a uniform chunk) at a time.
 *
 * Return: pages released.
 */
uint64_t bm_release_block(const struct bootmem *bm, const struct bm_block *b,
			  unsigned max_order, bootmem_release_fn fn, void *ctx)
{
	const int8_t *ch = bm_chunk(bm, b);
	const uint64_t *words = bm_words(bm, b);
	uint64_t i = b->start_pfn - b->base_pfn, end = b->end_pfn - b->base_pfn;
	uint64_t run = BM_NO_PFN, n = 0;

	while (i < end) {
		uint64_t c = i >> BM_CHUNK_BITS;
		uint64_t cend = bm_min64((c + 1) << BM_CHUNK_BITS, end);

		if (ch[c] == BM_CH_ALL || ch[c] == BM_CH_NONE) {
			bool isfree = ch[c] == BM_CH_ALL;

			if (isfree && run == BM_NO_PFN)
				run = i;
			if (!isfree && run != BM_NO_PFN) {
				n += release_run(b->base_pfn + run, b->base_pfn + i, max_order, fn, ctx);
				run = BM_NO_PFN;
			}
			i = cend;
			continue;
		}
		while (i < cend) {
			uint64_t w = i >> 6;
			unsigned lo = i & 63;
			uint64_t x = words[w];

			/* Bits outside the block are clear, so runs stop at its end. */
			while (lo < 64) {
				uint64_t rest = ~0ULL << lo;
				uint64_t edge = (run == BM_NO_PFN ? x : ~x) & rest;

				if (!edge)
					break;
				lo = bm_ctz64(edge);
				if (run == BM_NO_PFN) {
					run = (w << 6) + lo;
				} else {
					n += release_run(b->base_pfn + run, b->base_pfn + (w << 6) + lo,
							 max_order, fn, ctx);
					run = BM_NO_PFN;
				}
			}
			i = (w + 1) << 6;
		}
	}
	if (run != BM_NO_PFN)
		n += release_run(b->base_pfn + run, b->end_pfn, max_order, fn, ctx);
	return n;
}

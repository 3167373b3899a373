// SPDX-License-Identifier: MIT
/*
 * bitmap.c - per-block page bitmaps with chunk and group summaries.
 *
 * Everything here works a word (64 pages), a chunk (BM_CHUNK_PAGES) or a
 * group (BM_GROUP_PAGES) at a time; see bootmem_internal.h for the layout.
 * Page frame numbers (pfn) passed in lie inside the block unless said.
 */
#include "bootmem_internal.h"

#define CS BOOTMEM_CHUNK_SHIFT
#define GS BOOTMEM_GROUP_SHIFT
#define CB BM_CHUNK_BITS
#define GB BM_GROUP_BITS

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

/* Bits above bit @k (k < 64). */
static inline uint64_t bits_above(uint64_t k)
{
	return (~0ULL << k) << 1;
}

/* True when every page of chunk @c lies inside the block. */
bool bm_chunk_inside(const struct bm_block *b, uint64_t c)
{
	uint64_t first = b->base_pfn + (c << CB);

	return first >= b->start_pfn && b->end_pfn - first >= BM_CHUNK_PAGES;
}

/* True when every page of group @g lies inside the block. */
static bool group_inside(const struct bm_block *b, uint64_t g)
{
	uint64_t first = b->base_pfn + (g << GB);

	return first >= b->start_pfn && b->end_pfn - first >= BM_GROUP_PAGES;
}

/**
 * bm_get_word() - bitmap word @w of a block as it logically is.
 * @bm: allocator
 * @b:  block
 * @w:  word index; past the last word the answer is 0
 *
 * Return: the word; uniform chunks are answered from their group.
 */
uint64_t bm_get_word(const struct bootmem *bm, const struct bm_block *b, uint64_t w)
{
	if (w >= b->nr_words)
		return 0;
	switch (bm_chunk_state(bm_groups(bm, b), w >> CS)) {
	case BM_CH_ALL:
		return ~0ULL;
	case BM_CH_NONE:
		return 0;
	default:
		return bm_words(bm, b)[w];
	}
}

/* Largest of @n bytes (stops early at the cap). */
static unsigned max_run(const uint8_t *p, uint64_t n)
{
	unsigned m = 0;

	for (uint64_t k = 0; k < n && m < BM_RUN_MAX; k++)
		m = p[k] > m ? p[k] : m;
	return m;
}

/* The run of chunk @ci of group @g becomes @v: keep the group maximum. */
static void set_chunk_run(struct bm_group *g, uint64_t ci, unsigned v)
{
	unsigned old = g->run[ci];

	if (old == v)
		return;
	g->run[ci] = (uint8_t)v;
	if (v > g->max)
		g->max = (uint8_t)v;
	else if (old == g->max)
		g->max = (uint8_t)max_run(g->run, BM_GROUP_CHUNKS);
}

static void set_chunk_state(struct bm_group *g, uint64_t ci, enum bm_chunk_state st)
{
	uint64_t bit = 1ULL << ci;

	switch (st) {
	case BM_CH_ALL:
		g->full |= bit;
		g->any |= bit;
		set_chunk_run(g, ci, BM_RUN_MAX);
		break;
	case BM_CH_NONE:
		g->full &= ~bit;
		g->any &= ~bit;
		set_chunk_run(g, ci, 0);
		break;
	default:
		/* The run follows from the word runs (refresh_runs()). */
		g->full &= ~bit;
		g->any |= bit;
		break;
	}
}

/* Make chunk @c (in uniform state @st) a valid mixed representation. */
static void chunk_materialize(const struct bootmem *bm, const struct bm_block *b, uint64_t c,
			      enum bm_chunk_state st)
{
	struct bm_chunk *ch = &bm_chunks(bm, b)[c];
	uint64_t w0 = c << CS, n = bm_min64(BM_CHUNK_WORDS, b->nr_words - w0);

	uint64_t *words = bm_words(bm, b) + w0, v = st == BM_CH_ALL ? ~0ULL : 0;

	/* A fixed count for whole chunks: the compiler emits plain vector
	 * stores rather than a string instruction with its start-up cost. */
	if (n == BM_CHUNK_WORDS)
		for (uint64_t k = 0; k < BM_CHUNK_WORDS; k++)
			words[k] = v;
	else
		bm_fill64(words, v, n);
	bm_memset(ch->run, 0, sizeof(ch->run));
	if (st == BM_CH_ALL) {
		/* all-free chunks lie inside the block: every word exists */
		ch->full = ch->any = BM_CHUNK_ALL;
		bm_memset(ch->run, BM_RUN_MAX, n);
	} else {
		ch->full = ch->any = 0;
	}
}

/* Word @w + 1 as it logically is, when word @w lies in a mixed chunk. */
static inline uint64_t next_word(const struct bootmem *bm, const struct bm_block *b, uint64_t w)
{
	if (((w + 1) & (BM_CHUNK_WORDS - 1)) && w + 1 < b->nr_words)
		return bm_words(bm, b)[w + 1];   /* same (mixed) chunk */
	return bm_get_word(bm, b, w + 1);
}

/* Recompute the run of word @w of mixed chunk @c, and from it the chunk's. */
static void refresh_word_run(const struct bootmem *bm, const struct bm_block *b, uint64_t w,
			     uint64_t c)
{
	struct bm_chunk *ch = &bm_chunks(bm, b)[c];
	struct bm_group *gr = &bm_groups(bm, b)[c >> GS];
	uint64_t ci = c & (BM_GROUP_CHUNKS - 1), wi = w & (BM_CHUNK_WORDS - 1);
	unsigned v = bm_word_run(bm_words(bm, b)[w], next_word(bm, b, w));
	unsigned old = ch->run[wi], cm;

	if (old == v)
		return;
	ch->run[wi] = (uint8_t)v;
	cm = gr->run[ci];
	if (v > cm)
		set_chunk_run(gr, ci, v);
	else if (old == cm)
		set_chunk_run(gr, ci, max_run(ch->run, BM_CHUNK_WORDS));
}

/*
 * Recompute the runs of words [lo, hi] (those in mixed chunks) and, from
 * them, the chunk and group runs. The bitmap must be final.
 */
static void refresh_runs(const struct bootmem *bm, const struct bm_block *b, uint64_t lo, uint64_t hi)
{
	const struct bm_group *grs = bm_groups(bm, b);

	for (uint64_t w = lo; w <= hi; w++) {
		uint64_t c = w >> CS;

		if (bm_chunk_state(grs, c) != BM_CH_MIXED)
			w = ((c + 1) << CS) - 1;   /* its words and runs are stale */
		else
			refresh_word_run(bm, b, w, c);
	}
}

/**
 * bm_block_init_map() - a new block: every page reserved.
 * @bm: allocator
 * @b:  block whose map_off and nr_words are set
 *
 * Only the group nodes are written: every chunk starts "none", so its words
 * and node are never read until it is split.
 */
void bm_block_init_map(const struct bootmem *bm, const struct bm_block *b)
{
	bm_memset(bm_groups(bm, b), 0, sizeof(struct bm_group) * bm_nr_groups(b->nr_words));
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
 * Return: the count; uniform groups and chunks are counted without reading
 * words.
 */
uint64_t bm_count_free(const struct bootmem *bm, const struct bm_block *b,
		       uint64_t spfn, uint64_t epfn)
{
	const struct bm_group *grs = bm_groups(bm, b);
	const uint64_t *words = bm_words(bm, b);
	uint64_t i = spfn - b->base_pfn, end = epfn - b->base_pfn, n = 0;

	while (i < end) {
		uint64_t c = i >> CB, cend = bm_min64((c + 1) << CB, end);
		const struct bm_group *gr = &grs[c >> GS];

		if (!(i & (BM_GROUP_PAGES - 1)) && end - i >= BM_GROUP_PAGES &&
		    (gr->any == 0 || gr->full == BM_GROUP_ALL)) {
			n += gr->any ? BM_GROUP_PAGES : 0;
			i += BM_GROUP_PAGES;
			continue;
		}
		switch (bm_chunk_state(grs, c)) {
		case BM_CH_ALL:
			n += cend - i;
			break;
		case BM_CH_NONE:
			break;
		default:
			while (i < cend) {
				uint64_t w = i >> 6;
				unsigned hi = (unsigned)bm_min64(64, cend - (w << 6));

				n += bm_popcount64(words[w] & bits_mask(i & 63, hi));
				i = (w << 6) + hi;
			}
			break;
		}
		i = cend;
	}
	return n;
}

/*
 * bm_set_range() for pages inside one word @w of a mixed chunk (the common
 * case of allocations and one-page reservations): the bits @m of the word.
 */
static void set_in_word(const struct bootmem *bm, struct bm_block *b, uint64_t w,
			uint64_t m, enum bm_set how)
{
	uint64_t *words = bm_words(bm, b);
	uint64_t c = w >> CS, bit = 1ULL << (w & (BM_CHUNK_WORDS - 1)), x;
	struct bm_chunk *ch = &bm_chunks(bm, b)[c];
	struct bm_group *gr = &bm_groups(bm, b)[c >> GS];
	uint64_t ci = c & (BM_GROUP_CHUNKS - 1);
	uint64_t old = words[w], nx;
	unsigned v, was, cm;

	x = how == BM_SET_FREE ? old | m : old & ~m;
	words[w] = x;
	/* The hint: the lowest free page is in this word now, or moves up
	 * (often within the word: the lowest page was just allocated). */
	if (how == BM_SET_FREE) {
		if (b->base_pfn + (w << 6) + bm_ctz64(m) < b->first_free)
			b->first_free = b->base_pfn + (w << 6) + bm_ctz64(m);
	} else if (b->first_free - b->base_pfn - (w << 6) < 64 &&
		   (m >> ((b->first_free - b->base_pfn) & 63)) & 1) {
		uint64_t above = x & ~(m | (m - 1));   /* free pages above the cleared ones */

		b->first_free = above ? b->base_pfn + (w << 6) + bm_ctz64(above) : BM_NO_PFN;
	}
	/*
	 * The node is touched only where it changes: the masks when the word
	 * becomes or stops being empty or full, the run byte when the run
	 * (computed before and after from the words) differs. A one-page
	 * allocation in a fragmented chunk then costs no node access at all.
	 */
	if ((x == ~0ULL) != (old == ~0ULL) || !x != !old) {
		ch->full = x == ~0ULL ? ch->full | bit : ch->full & ~bit;
		ch->any = x ? ch->any | bit : ch->any & ~bit;
		if (!ch->any) {
			set_chunk_state(gr, ci, BM_CH_NONE);
			goto prev;
		}
		if (ch->full == BM_CHUNK_ALL && bm_chunk_inside(b, c)) {
			set_chunk_state(gr, ci, BM_CH_ALL);
			goto prev;
		}
	}
	nx = next_word(bm, b, w);
	was = bm_word_run(old, nx);      /* what the node holds for this word */
	v = bm_word_run(x, nx);
	if (v != was) {
		ch->run[w & (BM_CHUNK_WORDS - 1)] = (uint8_t)v;
		cm = gr->run[ci];
		if (v > cm)
			set_chunk_run(gr, ci, v);
		else if (was == cm)
			set_chunk_run(gr, ci, max_run(ch->run, BM_CHUNK_WORDS));
	}
prev:
	/* The word before depends on this one only through its free bottom
	 * pages, and only if its own top page is free. */
	if (w && bm_prefix_len(x) != bm_prefix_len(old) && (bm_get_word(bm, b, w - 1) >> 63))
		refresh_runs(bm, b, w - 1, w - 1);
	if (b->first_free == BM_NO_PFN)
		b->first_free = bm_next_free(bm, b, b->base_pfn + ((w + 1) << 6));
}

/**
 * bm_set_range() - mark pages [spfn, epfn) of one block free or reserved.
 * @bm:   allocator
 * @b:    block
 * @spfn: first page
 * @epfn: end page, spfn < epfn <= b->end_pfn
 * @how:  BM_SET_FREE or BM_SET_RESERVED
 *
 * Updates words, every summary and the block's first_free; not the page
 * counters. Whole groups and chunks only touch their group node; at most
 * the first and the last chunk of the range are split.
 */
void bm_set_range(const struct bootmem *bm, struct bm_block *b,
		  uint64_t spfn, uint64_t epfn, enum bm_set how)
{
	uint64_t *words = bm_words(bm, b);
	struct bm_chunk *chs = bm_chunks(bm, b);
	struct bm_group *grs = bm_groups(bm, b);
	uint64_t i = spfn - b->base_pfn, end = epfn - b->base_pfn;
	uint64_t first_w = i >> 6, last_w = (end - 1) >> 6;
	bool make_free = how == BM_SET_FREE;
	enum bm_chunk_state target = make_free ? BM_CH_ALL : BM_CH_NONE;

	if (i >= end)
		return;
	if (first_w == last_w && bm_chunk_state(grs, first_w >> CS) == BM_CH_MIXED) {
		set_in_word(bm, b, first_w, bits_mask(i & 63, (unsigned)(((end - 1) & 63) + 1)), how);
		return;
	}
	while (i < end) {
		uint64_t c = i >> CB, ci = c & (BM_GROUP_CHUNKS - 1), g = c >> GS;
		uint64_t cstart = c << CB, cend = bm_min64(cstart + BM_CHUNK_PAGES, end);
		struct bm_group *gr = &grs[g];
		enum bm_chunk_state st;
		struct bm_chunk *ch;

		if (!(i & (BM_GROUP_PAGES - 1)) && end - i >= BM_GROUP_PAGES && group_inside(b, g)) {
			/* A whole group: its node says it all. */
			gr->full = gr->any = make_free ? BM_GROUP_ALL : 0;
			bm_memset(gr->run, make_free ? BM_RUN_MAX : 0, BM_GROUP_CHUNKS);
			gr->max = make_free ? BM_RUN_MAX : 0;
			i += BM_GROUP_PAGES;
			continue;
		}
		st = bm_chunk_state(grs, c);
		if (st == target) {
			i = cend;
			continue;
		}
		if (i == cstart && cend - cstart == BM_CHUNK_PAGES) {
			/* A whole chunk, which then lies inside the block. */
			set_chunk_state(gr, ci, target);
			i = cend;
			continue;
		}
		if (st != BM_CH_MIXED)
			chunk_materialize(bm, b, c, st);
		ch = &chs[c];
		while (i < cend) {
			uint64_t w = i >> 6, bit = 1ULL << (w & (BM_CHUNK_WORDS - 1));
			unsigned hi = (unsigned)bm_min64(64, cend - (w << 6));
			uint64_t m = bits_mask(i & 63, hi);
			uint64_t x = make_free ? words[w] | m : words[w] & ~m;

			words[w] = x;
			ch->full = x == ~0ULL ? ch->full | bit : ch->full & ~bit;
			ch->any = x ? ch->any | bit : ch->any & ~bit;
			i = (w << 6) + hi;
		}
		if (!ch->any)
			set_chunk_state(gr, ci, BM_CH_NONE);
		else if (ch->full == BM_CHUNK_ALL && bm_chunk_inside(b, c))
			set_chunk_state(gr, ci, BM_CH_ALL);
		else
			set_chunk_state(gr, ci, BM_CH_MIXED);
	}

	/*
	 * Runs of the words whose pair (word, next word) changed: the word
	 * before the range and the words of the range's first and last chunk
	 * (the chunks in between are whole, hence uniform now).
	 */
	uint64_t lo = first_w ? first_w - 1 : 0;
	uint64_t first_end = ((first_w >> CS) << CS) + BM_CHUNK_WORDS - 1;

	refresh_runs(bm, b, lo, bm_min64(last_w, first_end));
	if (last_w > first_end)
		refresh_runs(bm, b, bm_max64((last_w >> CS) << CS, first_end + 1), last_w);

	if (make_free && spfn < b->first_free)
		b->first_free = spfn;
	else if (!make_free && b->first_free >= spfn && b->first_free < epfn)
		b->first_free = bm_next_free(bm, b, epfn);
}

/**
 * bm_next_free() - lowest free page at or above @pfn.
 * @bm:  allocator
 * @b:   block
 * @pfn: any pfn (also outside the block)
 *
 * Uses the masks of groups and chunks: reserved stretches cost one mask
 * test per chunk, or per group, not a word read per 64 pages.
 *
 * Return: the pfn, or b->end_pfn when there is none.
 */
uint64_t bm_next_free(const struct bootmem *bm, const struct bm_block *b, uint64_t pfn)
{
	const uint64_t *words = bm_words(bm, b);
	const struct bm_chunk *chs = bm_chunks(bm, b);
	const struct bm_group *grs = bm_groups(bm, b);
	uint64_t ng = bm_nr_groups(b->nr_words), i, m, x;

	if (pfn < b->start_pfn)
		pfn = b->start_pfn;
	if (pfn >= b->end_pfn)
		return b->end_pfn;
	i = pfn - b->base_pfn;
	for (;;) {
		uint64_t c = i >> CB, g = c >> GS, ci = c & (BM_GROUP_CHUNKS - 1);
		const struct bm_group *gr = &grs[g];

		if ((gr->any >> ci) & 1) {
			uint64_t w = i >> 6;

			if ((gr->full >> ci) & 1)
				return b->base_pfn + i;
			x = words[w] & (~0ULL << (i & 63));
			if (x)
				return b->base_pfn + (w << 6) + bm_ctz64(x);
			m = chs[c].any & bits_above(w & (BM_CHUNK_WORDS - 1));
			if (m) {
				w = (c << CS) + bm_ctz64(m);
				return b->base_pfn + (w << 6) + bm_ctz64(words[w]);
			}
		}
		m = gr->any & bits_above(ci);
		while (!m) {
			if (++g >= ng)
				return b->end_pfn;
			m = grs[g].any;
		}
		i = ((g << GS) + bm_ctz64(m)) << CB;
	}
}

/**
 * bm_next_reserved() - lowest reserved page at or above @pfn.
 * @bm:  allocator
 * @b:   block
 * @pfn: a pfn inside the block, or its end
 *
 * Return: the pfn, or b->end_pfn when every page from @pfn on is free.
 */
uint64_t bm_next_reserved(const struct bootmem *bm, const struct bm_block *b, uint64_t pfn)
{
	const uint64_t *words = bm_words(bm, b);
	const struct bm_chunk *chs = bm_chunks(bm, b);
	const struct bm_group *grs = bm_groups(bm, b);
	uint64_t ng = bm_nr_groups(b->nr_words), nc = bm_nr_chunks(b->nr_words);
	uint64_t i, m, x;

	if (pfn >= b->end_pfn)
		return b->end_pfn;
	i = pfn - b->base_pfn;
	for (;;) {
		uint64_t c = i >> CB, g = c >> GS, ci = c & (BM_GROUP_CHUNKS - 1);
		const struct bm_group *gr = &grs[g];

		if (!((gr->any >> ci) & 1))
			return b->base_pfn + i;
		if (!((gr->full >> ci) & 1)) {
			uint64_t w = i >> 6;

			x = ~words[w] & (~0ULL << (i & 63));
			if (x)
				return bm_min64(b->base_pfn + (w << 6) + bm_ctz64(x), b->end_pfn);
			m = ~chs[c].full & bits_above(w & (BM_CHUNK_WORDS - 1)) & BM_CHUNK_ALL;
			if (m) {
				w = (c << CS) + bm_ctz64(m);
				if (w >= b->nr_words)
					return b->end_pfn;
				return bm_min64(b->base_pfn + (w << 6) + bm_ctz64(~words[w]), b->end_pfn);
			}
		}
		m = ~gr->full & bits_above(ci) & BM_GROUP_ALL;
		while (!m) {
			if (++g >= ng)
				return b->end_pfn;
			m = ~grs[g].full & BM_GROUP_ALL;
		}
		c = (g << GS) + bm_ctz64(m);
		if (c >= nc)
			return b->end_pfn;
		i = c << CB;
	}
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

/* First word index >= @wi of chunk @ch whose run is >= @need, or BM_CHUNK_WORDS. */
static uint64_t next_word_run(const struct bm_chunk *ch, uint64_t wi, unsigned need)
{
	uint64_t m;

	if (need == 1) {
		/* run >= 1: the word has a free page */
		m = wi < BM_CHUNK_WORDS ? ch->any & (~0ULL << wi) : 0;
		return m ? bm_ctz64(m) : BM_CHUNK_WORDS;
	}
	while (wi < BM_CHUNK_WORDS && ch->run[wi] < need)
		wi++;
	return wi;
}

/* First chunk index >= @ci of group @g whose run is >= @need, or BM_GROUP_CHUNKS. */
static uint64_t next_chunk_run(const struct bm_group *g, uint64_t ci, unsigned need)
{
	while (ci < BM_GROUP_CHUNKS && g->run[ci] < need)
		ci++;
	return ci;
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
 * A fit starts in a word whose run is at least min(npages, 64), so groups,
 * chunks and words with shorter runs are skipped without reading the bitmap;
 * the rest of a long fit is checked with bm_next_reserved().
 *
 * Return: the start pfn, or BM_NO_PFN.
 */
uint64_t bm_find_fit(const struct bootmem *bm, const struct bm_block *b,
		     uint64_t lo, uint64_t hi, uint64_t npages, uint64_t align_pages)
{
	const uint64_t *words = bm_words(bm, b);
	const struct bm_chunk *chs = bm_chunks(bm, b);
	const struct bm_group *grs = bm_groups(bm, b);
	unsigned need = (unsigned)bm_min64(npages, BM_RUN_MAX);
	uint64_t amask = align_mask(align_pages), base = b->base_pfn;
	uint64_t pos = align_up(lo, align_pages), e;

	while (pos < hi && hi - pos >= npages) {
		uint64_t i = pos - base, w = i >> 6, c = w >> CS, g = c >> GS;
		uint64_t ci = c & (BM_GROUP_CHUNKS - 1);
		const struct bm_group *gr = &grs[g];

		if (gr->max < need) {
			pos = align_up(base + ((g + 1) << GB), align_pages);
			continue;
		}
		if (gr->run[ci] < need) {
			c = (g << GS) + next_chunk_run(gr, ci + 1, need);
			pos = align_up(base + (c << CB), align_pages);
			continue;
		}
		if ((gr->full >> ci) & 1) {
			/* pos is free; the fit ends before the next reserved page? */
			e = bm_next_reserved(bm, b, pos);
			if (e - pos >= npages)
				return pos;
			pos = align_up(e + 1, align_pages);
			continue;
		}
		const struct bm_chunk *ch = &chs[c];
		uint64_t wi = w & (BM_CHUNK_WORDS - 1), x, cand;

		/* One page: the word itself says it (no node load when it does). */
		if (need > 1 && ch->run[wi] < need)
			x = 0;
		else
			x = words[w] & (~0ULL << (i & 63));
		cand = x ? run_starts(x, npages) & amask : 0;

		if (!cand) {
			/* The next word of this chunk that can start a fit. */
			wi = next_word_run(ch, wi + 1, need);
			pos = align_up(base + (((c << CS) + wi) << 6), align_pages);
			continue;
		}
		unsigned p = bm_ctz64(cand);

		pos = base + (w << 6) + p;
		if (pos >= hi || hi - pos < npages)
			break;
		if (p + npages <= 64)
			return pos;
		/* Lower candidates would have fit inside the word; higher ones need
		 * a longer continuation, so if this one fails they all do. */
		e = bm_next_reserved(bm, b, base + ((w + 1) << 6));
		if (e - (base + ((w + 1) << 6)) >= npages - (64 - p))
			return pos;
		pos = align_up(e + 1, align_pages);
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
 * Walks the maximal free runs with bm_next_free()/bm_next_reserved(), so
 * uniform groups and chunks cost a mask test each.
 *
 * Return: pages released.
 */
uint64_t bm_release_block(const struct bootmem *bm, const struct bm_block *b,
			  unsigned max_order, bootmem_release_fn fn, void *ctx)
{
	uint64_t n = 0, s = bm_next_free(bm, b, b->first_free), e;

	while (s < b->end_pfn) {
		e = bm_next_reserved(bm, b, s);
		n += release_run(s, e, max_order, fn, ctx);
		s = bm_next_free(bm, b, e);
	}
	return n;
}

/* SPDX-License-Identifier: MIT */
/*
 * bootmem_internal.h - arena layout and block-level helpers of the core.
 *
 * Not part of the API: tests and tools may include it to look inside
 * (white-box checks), nothing else should.
 *
 * Arena layout (all offsets relative to the arena base, 8-byte aligned):
 *
 *   [ struct bm_hdr | block maps, bump-allocated upwards ->   <- block table ]
 *   0               sizeof(bm_hdr)           priv_heap   priv_blocks    top
 *
 * The block table is an array of struct bm_block sorted by address; it grows
 * downwards so that neither part needs to know the number of blocks up front.
 * Each block owns one map allocation of three levels:
 *
 *   uint64_t        words[nr_words]    page bitmap, bit set = page free; word w
 *                                      covers pfns [base_pfn + 64w, +64) where
 *                                      base_pfn is start_pfn rounded down to 64,
 *                                      so words align with physical 64-page
 *                                      boundaries
 *   struct bm_chunk chunks[nr_chunks]  one per BM_CHUNK_WORDS words
 *   struct bm_group groups[nr_groups]  one per BM_GROUP_CHUNKS chunks
 *
 * The *run* of a word is the longest run of free pages that starts in it,
 * counted up to 64 pages (so it may reach into the next word, never further):
 * a fit of n pages can only start in a word whose run is >= min(n, 64). The
 * run of a chunk is the largest run of its words, the run of a group the
 * largest of its chunks; a search skips every group, chunk and word whose run
 * is too short without reading the bitmap.
 *
 * A chunk is in one of three states, kept in its group's two masks:
 *   none   (any bit clear)  no page free; the chunk's words and node are stale
 *   all    (full bit set)   every page free; only for chunks that lie entirely
 *                           inside the block; words and node are stale
 *   mixed  (any set, full clear)  words and node are valid
 * Free/reserve of whole chunks (and whole groups) only touch the group, so the
 * bitmap costs nothing until a chunk is split. A mixed chunk's node keeps, per
 * word, "all 64 pages free" and "some page free" bits and the word's run;
 * searches for the next free or reserved page use the masks of both levels.
 *
 * Everything is a function of the page states (canonical): a chunk with no
 * free page is none, an inside chunk with every page free is all, node bytes
 * of words past the block's last word are zero, and bits for pfns outside
 * [start_pfn, end_pfn) are always clear. bootmem_check() recomputes it all,
 * as well as each block's first_free (its lowest free page).
 */
#ifndef BOOTMEM_INTERNAL_H
#define BOOTMEM_INTERNAL_H

#include "bootmem_env.h"
#include "bootmem2.h"

#define BM_MAGIC_LIVE   0x4556494c324d4222ULL   /* state usable */
#define BM_MAGIC_DONE   0x454e4f44324d4222ULL   /* after free_all_bootmem */
#define BM_ARENA_MAGIC  0x414e455241324d42ULL   /* "BM2ARENA" */

#define BM_PAGE_SHIFT   12
#define BM_NONE         0xffffffffu
#define BM_NO_PFN       UINT64_MAX
/* Highest page frame number + 1 that a block may reach. */
#define BM_PFN_LIMIT    (UINT64_MAX >> BM_PAGE_SHIFT)

/* log2 of words per chunk: 6 -> 64 words = 4096 pages = 16 MiB per chunk. */
#ifndef BOOTMEM_CHUNK_SHIFT
#define BOOTMEM_CHUNK_SHIFT 6
#endif
/* log2 of chunks per group: by default as many as words per chunk, so that
 * the chunk1 test build (2-word chunks) also gets 2-chunk groups. */
#ifndef BOOTMEM_GROUP_SHIFT
#define BOOTMEM_GROUP_SHIFT BOOTMEM_CHUNK_SHIFT
#endif
_Static_assert(BOOTMEM_CHUNK_SHIFT >= 1 && BOOTMEM_CHUNK_SHIFT <= 6, "chunk masks are one word");
_Static_assert(BOOTMEM_GROUP_SHIFT >= 1 && BOOTMEM_GROUP_SHIFT <= 6, "group masks are one word");

#define BM_CHUNK_WORDS  (1ULL << BOOTMEM_CHUNK_SHIFT)
#define BM_CHUNK_BITS   (6 + BOOTMEM_CHUNK_SHIFT)     /* log2 pages per chunk */
#define BM_CHUNK_PAGES  (1ULL << BM_CHUNK_BITS)
#define BM_GROUP_CHUNKS (1ULL << BOOTMEM_GROUP_SHIFT)
#define BM_GROUP_BITS   (BM_CHUNK_BITS + BOOTMEM_GROUP_SHIFT)   /* log2 pages per group */
#define BM_GROUP_PAGES  (1ULL << BM_GROUP_BITS)
#define BM_RUN_MAX      64                            /* runs are counted up to this */

/* Mask of the low @n bits, 1 <= n <= 64. */
#define BM_LOW_BITS(n)  ((n) >= 64 ? ~0ULL : (1ULL << (n)) - 1)
#define BM_CHUNK_ALL    BM_LOW_BITS(BM_CHUNK_WORDS)   /* every word of a chunk */
#define BM_GROUP_ALL    BM_LOW_BITS(BM_GROUP_CHUNKS)  /* every chunk of a group */

/* Node of a mixed chunk; stale while the chunk is uniform (none or all). */
struct bm_chunk {
	uint64_t full;                          /* bit i: word i has every page free */
	uint64_t any;                           /* bit i: word i has a free page */
	uint8_t run[(BM_CHUNK_WORDS + 7) & ~7ULL];   /* run of word i, 0..64 */
};

/* Node of a group; always valid. */
struct bm_group {
	uint64_t full;                          /* bit c: chunk c is all free */
	uint64_t any;                           /* bit c: chunk c has a free page */
	uint8_t run[(BM_GROUP_CHUNKS + 7) & ~7ULL];  /* run of chunk c: 64 all, 0 none */
	uint8_t max;                            /* largest run[] of the group */
	uint8_t pad[7];
};

_Static_assert(sizeof(struct bm_chunk) % 8 == 0, "bm_chunk alignment");
_Static_assert(sizeof(struct bm_group) % 8 == 0, "bm_group alignment");

struct bm_node {
	uint32_t first;       /* index of the lowest block of the node, BM_NONE */
	uint32_t nr_blocks;
};

struct bm_hdr {
	uint64_t magic;
	struct bm_node nodes[BOOTMEM_MAX_NODES];
};

struct bm_block {
	uint64_t start_pfn, end_pfn;   /* managed pages [start_pfn, end_pfn) */
	uint64_t base_pfn;             /* start_pfn rounded down to 64 */
	uint64_t nr_words;             /* bitmap words */
	uint64_t map_off;              /* arena offset of words[] */
	uint64_t chunk_off;            /* arena offset of chunks[] (after words[]) */
	uint64_t group_off;            /* arena offset of groups[] (after chunks[]) */
	uint64_t free_pages;
	uint64_t first_free;           /* lowest free pfn, end_pfn when none */
	uint64_t small_end;            /* just past the last small allocation if its
	                                * page is still shared, else 0 */
	int32_t nid;
	uint32_t next;                 /* next block of the same node, BM_NONE */
};

_Static_assert(sizeof(struct bm_block) == 88, "bm_block layout");
_Static_assert(sizeof(struct bm_hdr) % 8 == 0, "bm_hdr alignment");

static inline unsigned char *bm_arena(const struct bootmem *bm)
{
	return (unsigned char *)(uintptr_t)bm->priv_arena;
}

static inline struct bm_hdr *bm_hdr(const struct bootmem *bm)
{
	return (struct bm_hdr *)(void *)bm_arena(bm);
}

static inline struct bm_block *bm_blocks(const struct bootmem *bm)
{
	return (struct bm_block *)(void *)(bm_arena(bm) + bm->priv_blocks);
}

static inline uint64_t bm_nr_chunks(uint64_t nr_words)
{
	return (nr_words + BM_CHUNK_WORDS - 1) >> BOOTMEM_CHUNK_SHIFT;
}

static inline uint64_t bm_nr_groups(uint64_t nr_words)
{
	return (bm_nr_chunks(nr_words) + BM_GROUP_CHUNKS - 1) >> BOOTMEM_GROUP_SHIFT;
}

static inline uint64_t *bm_words(const struct bootmem *bm, const struct bm_block *b)
{
	return (uint64_t *)(void *)(bm_arena(bm) + b->map_off);
}

static inline struct bm_chunk *bm_chunks(const struct bootmem *bm, const struct bm_block *b)
{
	return (struct bm_chunk *)(void *)(bm_arena(bm) + b->chunk_off);
}

static inline struct bm_group *bm_groups(const struct bootmem *bm, const struct bm_block *b)
{
	return (struct bm_group *)(void *)(bm_arena(bm) + b->group_off);
}

/* Where chunks[] and groups[] of a map at @map_off with @nr_words words go. */
static inline uint64_t bm_chunk_off(uint64_t map_off, uint64_t nr_words)
{
	return map_off + 8 * nr_words;
}

static inline uint64_t bm_group_off(uint64_t map_off, uint64_t nr_words)
{
	return bm_chunk_off(map_off, nr_words) + sizeof(struct bm_chunk) * bm_nr_chunks(nr_words);
}

/* Bytes of one block's map allocation (a multiple of 8). */
static inline uint64_t bm_map_bytes(uint64_t nr_words)
{
	return 8 * nr_words + sizeof(struct bm_chunk) * bm_nr_chunks(nr_words) +
	       sizeof(struct bm_group) * bm_nr_groups(nr_words);
}

/* Chunk states as the group masks give them. */
enum bm_chunk_state {
	BM_CH_NONE,
	BM_CH_MIXED,
	BM_CH_ALL,
};

static inline enum bm_chunk_state bm_chunk_state(const struct bm_group *gr, uint64_t c)
{
	const struct bm_group *g = &gr[c >> BOOTMEM_GROUP_SHIFT];
	uint64_t bit = 1ULL << (c & (BM_GROUP_CHUNKS - 1));

	if (g->full & bit)
		return BM_CH_ALL;
	return (g->any & bit) ? BM_CH_MIXED : BM_CH_NONE;
}

/* What bm_set_range() makes of the pages. */
enum bm_set {
	BM_SET_RESERVED,
	BM_SET_FREE,
};

/* Free pages at the bottom of a word. */
static inline unsigned bm_prefix_len(uint64_t x)
{
	return x == ~0ULL ? 64 : bm_ctz64(~x);
}

/* Longest run of set bits of @x, for x != 0 and x != ~0. */
static inline unsigned bm_longest_run(uint64_t x)
{
	uint64_t a2 = x & (x >> 1), a4, a8, a16, a32, cur, c;
	unsigned n;

	if (!a2)
		return 1;
	a4 = a2 & (a2 >> 2);
	if (!a4)
		return (a2 & (a2 >> 1)) ? 3 : 2;
	/*
	 * a_k has bit p set when bits p..p+k-1 of x are all set. Grow the run
	 * length n from 4 greedily: a_{n+k} = a_n & (a_k >> n). n stays below
	 * 64 because x is not all ones.
	 */
	a8 = a4 & (a4 >> 4);
	a16 = a8 & (a8 >> 8);
	a32 = a16 & (a16 >> 16);
	cur = a4;
	n = 4;
	c = cur & (a32 >> n);
	if (c) {
		cur = c;
		n += 32;
	}
	c = cur & (a16 >> n);
	if (c) {
		cur = c;
		n += 16;
	}
	c = cur & (a8 >> n);
	if (c) {
		cur = c;
		n += 8;
	}
	c = cur & (a4 >> n);
	if (c) {
		cur = c;
		n += 4;
	}
	c = cur & (a2 >> n);
	if (c) {
		cur = c;
		n += 2;
	}
	if (cur & (x >> n))
		n += 1;
	return n;
}

/**
 * bm_word_run() - run of a word: longest free run starting in it, up to 64.
 * @x:    the word (bit set = free)
 * @next: the following word (0 past the block)
 *
 * A run that reaches bit 63 continues into @next; 64 pages is enough to
 * tell every request of up to 64 pages, and longer ones all need it.
 *
 * Return: 0..64.
 */
static inline unsigned bm_word_run(uint64_t x, uint64_t next)
{
	unsigned tz, top, r;
	uint64_t y;

	if (x == ~0ULL)
		return 64;
	if (!x)
		return 0;
	tz = bm_ctz64(x);
	y = x >> tz;
	if (!(y & (y + 1)))
		r = 64 - bm_clz64(x) - tz;      /* a single run */
	else
		r = bm_longest_run(x);
	top = bm_clz64(~x);                     /* free pages at the top */
	if (top && top + bm_prefix_len(next) > r)
		r = top + bm_prefix_len(next);
	return r > BM_RUN_MAX ? BM_RUN_MAX : r;
}

/* bitmap.c: block-level operations; pfn arguments lie inside the block. */
uint64_t bm_get_word(const struct bootmem *bm, const struct bm_block *b, uint64_t w);
bool bm_chunk_inside(const struct bm_block *b, uint64_t c);
void bm_block_init_map(const struct bootmem *bm, const struct bm_block *b);
uint64_t bm_count_free(const struct bootmem *bm, const struct bm_block *b,
		       uint64_t spfn, uint64_t epfn);
void bm_set_range(const struct bootmem *bm, struct bm_block *b,
		  uint64_t spfn, uint64_t epfn, enum bm_set how);
uint64_t bm_next_free(const struct bootmem *bm, const struct bm_block *b, uint64_t pfn);
uint64_t bm_next_reserved(const struct bootmem *bm, const struct bm_block *b, uint64_t pfn);
uint64_t bm_find_fit(const struct bootmem *bm, const struct bm_block *b,
		     uint64_t lo, uint64_t hi, uint64_t npages, uint64_t align_pages);
int bm_page_free(const struct bootmem *bm, const struct bm_block *b, uint64_t pfn);
uint64_t bm_release_block(const struct bootmem *bm, const struct bm_block *b,
			  unsigned max_order, bootmem_release_fn fn, void *ctx);

/* check.c: like bootmem_check(), and names the first broken invariant. */
int bm_check_detail(const struct bootmem *bm, const char **why);

#endif /* BOOTMEM_INTERNAL_H */

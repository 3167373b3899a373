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
 * Each block owns one map allocation:
 *
 *   uint64_t words[nr_words]   page bitmap, bit set = page free; word w covers
 *                              pfns [base_pfn + 64w, base_pfn + 64w + 64) where
 *                              base_pfn is start_pfn rounded down to 64, so
 *                              words are aligned to physical 64-page boundaries
 *   int8_t   order[nr_words]   per word: largest k such that a naturally
 *                              aligned group of 2^k pages is free, -1 if none
 *   int8_t   chunk[nr_chunks]  per chunk of BM_CHUNK_WORDS words (summary)
 *
 * Chunk bytes are the summary level that makes searches skip full regions and
 * makes whole-chunk updates O(1):
 *   BM_CH_NONE (-1)  no page of the chunk is free; words/order are stale
 *   BM_CH_ALL  (7)   every page of the chunk is free (only for chunks that lie
 *                    entirely inside the block); words/order are stale
 *   0..6             mixed: words and order are valid, value = max order
 * The chunk byte is a function of the page states (canonical), so it can be
 * checked. Bits for pfns outside [start_pfn, end_pfn) are always clear.
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
#define BM_CHUNK_WORDS  (1ULL << BOOTMEM_CHUNK_SHIFT)
#define BM_CHUNK_BITS   (6 + BOOTMEM_CHUNK_SHIFT)     /* log2 pages per chunk */
#define BM_CHUNK_PAGES  (1ULL << BM_CHUNK_BITS)

#define BM_CH_NONE      (-1)
#define BM_CH_ALL       7

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
	uint64_t free_pages;
	uint64_t small_end;            /* just past the last small allocation if its
	                                * page is still shared, else 0 */
	int32_t nid;
	uint32_t next;                 /* next block of the same node, BM_NONE */
};

_Static_assert(sizeof(struct bm_block) == 64, "bm_block layout");
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

static inline uint64_t *bm_words(const struct bootmem *bm, const struct bm_block *b)
{
	return (uint64_t *)(void *)(bm_arena(bm) + b->map_off);
}

static inline int8_t *bm_order(const struct bootmem *bm, const struct bm_block *b)
{
	return (int8_t *)(void *)(bm_arena(bm) + b->map_off + 8 * b->nr_words);
}

static inline int8_t *bm_chunk(const struct bootmem *bm, const struct bm_block *b)
{
	return (int8_t *)(void *)(bm_arena(bm) + b->map_off + 9 * b->nr_words);
}

/* Bytes of one block's map allocation, rounded up to 8. */
static inline uint64_t bm_map_bytes(uint64_t nr_words)
{
	return (9 * nr_words + bm_nr_chunks(nr_words) + 7) & ~7ULL;
}

/* bitmap.c: block-level operations; pfn arguments lie inside the block. */
int bm_word_order(uint64_t x);
uint64_t bm_get_word(const struct bootmem *bm, const struct bm_block *b, uint64_t w);
bool bm_chunk_inside(const struct bm_block *b, uint64_t c);
int bm_chunk_summary(const struct bootmem *bm, const struct bm_block *b, uint64_t c);
void bm_block_init_map(const struct bootmem *bm, const struct bm_block *b);
uint64_t bm_count_free(const struct bootmem *bm, const struct bm_block *b,
		       uint64_t spfn, uint64_t epfn);
void bm_set_range(const struct bootmem *bm, const struct bm_block *b,
		  uint64_t spfn, uint64_t epfn, bool make_free);
uint64_t bm_find_fit(const struct bootmem *bm, const struct bm_block *b,
		     uint64_t lo, uint64_t hi, uint64_t npages, uint64_t align_pages);
int bm_page_free(const struct bootmem *bm, const struct bm_block *b, uint64_t pfn);
uint64_t bm_release_block(const struct bootmem *bm, const struct bm_block *b,
			  unsigned max_order, bootmem_release_fn fn, void *ctx);

/* check.c: like bootmem_check(), and names the first broken invariant. */
int bm_check_detail(const struct bootmem *bm, const char **why);

#endif /* BOOTMEM_INTERNAL_H */

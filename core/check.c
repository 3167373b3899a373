// SPDX-License-Identifier: MIT
/*
 * check.c - bootmem_check(): every invariant of the state, verified from
 * scratch. Linear in the bitmap size; tests call it after each mutation.
 */
#include "bootmem_internal.h"

#define FAIL(msg) do { *why = (msg); return BOOTMEM_EINVAL; } while (0)

/* Words, order bytes, chunk bytes and counter of one block. */
static int check_block_map(const struct bootmem *bm, const struct bm_block *b, const char **why)
{
	const int8_t *ch = bm_chunk(bm, b), *ord = bm_order(bm, b);
	const uint64_t *words = bm_words(bm, b);
	uint64_t nchunks = bm_nr_chunks(b->nr_words), nfree = 0;
	uint64_t lo_bit = b->start_pfn - b->base_pfn, hi_bit = b->end_pfn - b->base_pfn;

	for (uint64_t c = 0; c < nchunks; c++) {
		int cb = ch[c];
		uint64_t w0 = c << BOOTMEM_CHUNK_SHIFT;
		uint64_t w1 = bm_min64(w0 + BM_CHUNK_WORDS, b->nr_words);

		if (cb == BM_CH_NONE)
			continue;
		if (cb == BM_CH_ALL) {
			if (!bm_chunk_inside(b, c))
				FAIL("all-free chunk reaches outside its block");
			nfree += BM_CHUNK_PAGES;
			continue;
		}
		if (cb < 0 || cb > 6)
			FAIL("chunk summary byte out of range");
		for (uint64_t w = w0; w < w1; w++) {
			uint64_t x = words[w], outside = 0;
			uint64_t wlo = w << 6, whi = wlo + 64;

			if (lo_bit > wlo)
				outside |= lo_bit >= whi ? ~0ULL : (1ULL << (lo_bit - wlo)) - 1;
			if (hi_bit < whi)
				outside |= hi_bit <= wlo ? ~0ULL : ~0ULL << (hi_bit - wlo);
			if (x & outside)
				FAIL("bitmap bit set outside its block");
			if (ord[w] != bm_word_order(x))
				FAIL("word order byte does not match its word");
			nfree += bm_popcount64(x);
		}
		if (bm_chunk_summary(bm, b, c) != cb)
			FAIL("chunk summary does not match its words");
	}
	if (nfree != b->free_pages)
		FAIL("block free counter differs from bitmap popcount");
	if (b->small_end) {
		uint64_t pfn = b->small_end >> 12;

		if (!(b->small_end & 0xfff))
			FAIL("shared small-allocation page end is page aligned");
		if (pfn < b->start_pfn || pfn >= b->end_pfn)
			FAIL("shared small-allocation page outside its block");
		if (bm_page_free(bm, b, pfn))
			FAIL("shared small-allocation page is free");
	}
	return 0;
}

/**
 * bm_check_detail() - bootmem_check() that names the first broken invariant.
 * @bm:  allocator
 * @why: receives a static description on failure
 *
 * Return: 0 or BOOTMEM_EINVAL.
 */
int bm_check_detail(const struct bootmem *bm, const char **why)
{
	const struct bm_hdr *hdr;
	const struct bm_block *blk;
	uint64_t total = 0, nfree = 0, expect_heap = sizeof(struct bm_hdr);
	uint32_t nr, nodes_seen = 0, listed = 0;
	int err;

	*why = "ok";
	if (!bm)
		FAIL("NULL state");
	if (bm->priv_magic != BM_MAGIC_LIVE && bm->priv_magic != BM_MAGIC_DONE)
		FAIL("state magic");
	if (!bm->priv_arena || (bm->priv_arena & 7) || (bm->priv_arena_size & 7))
		FAIL("arena base or size misaligned");
	if (bm->priv_heap < sizeof(struct bm_hdr) || bm->priv_heap > bm->priv_blocks ||
	    bm->priv_blocks > bm->priv_arena_size || (bm->priv_heap & 7))
		FAIL("arena bounds");
	nr = bm->priv_nr_blocks;
	if ((bm->priv_arena_size - bm->priv_blocks) / sizeof(struct bm_block) != nr ||
	    (bm->priv_arena_size - bm->priv_blocks) % sizeof(struct bm_block))
		FAIL("block table size differs from block count");
	hdr = bm_hdr(bm);
	if (hdr->magic != BM_ARENA_MAGIC)
		FAIL("arena magic");
	blk = bm_blocks(bm);

	for (uint32_t i = 0; i < nr; i++) {
		const struct bm_block *b = &blk[i];

		if (b->nid < 0 || b->nid >= BOOTMEM_MAX_NODES)
			FAIL("block node id out of range");
		if (b->start_pfn >= b->end_pfn || b->end_pfn > BM_PFN_LIMIT)
			FAIL("empty or oversized block");
		if (b->base_pfn != (b->start_pfn & ~63ULL) ||
		    b->nr_words != (b->end_pfn - b->base_pfn + 63) >> 6)
			FAIL("block geometry");
		if (i > 0 && blk[i - 1].end_pfn > b->start_pfn)
			FAIL("blocks unsorted or overlapping");
		if (i > 0 && blk[i - 1].end_pfn == b->start_pfn && blk[i - 1].nid == b->nid)
			FAIL("adjacent blocks of the same node");
		/* Maps are bump-allocated in insertion order: they must tile the heap. */
		if (b->map_off < sizeof(struct bm_hdr) || (b->map_off & 7) ||
		    b->map_off > bm->priv_heap ||
		    bm->priv_heap - b->map_off < bm_map_bytes(b->nr_words))
			FAIL("block map outside the arena heap");
		expect_heap += bm_map_bytes(b->nr_words);
		if (b->free_pages > b->end_pfn - b->start_pfn)
			FAIL("block free counter above its size");
		err = check_block_map(bm, b, why);
		if (err)
			return err;
		total += b->end_pfn - b->start_pfn;
		nfree += b->free_pages;
	}
	if (expect_heap != bm->priv_heap)
		FAIL("block maps do not add up to the arena heap");
	for (uint32_t i = 0; i < nr; i++)
		for (uint32_t j = i + 1; j < nr; j++)
			if (blk[i].map_off < blk[j].map_off + bm_map_bytes(blk[j].nr_words) &&
			    blk[j].map_off < blk[i].map_off + bm_map_bytes(blk[i].nr_words))
				FAIL("block maps overlap");
	if (total != bm->priv_total_pages)
		FAIL("total page counter");
	if (nfree != bm->priv_free_pages)
		FAIL("free page counter");

	for (int n = 0; n < BOOTMEM_MAX_NODES; n++) {
		const struct bm_node *nd = &hdr->nodes[n];
		uint32_t cnt = 0, prev = BM_NONE;

		for (uint32_t i = nd->first; i != BM_NONE; i = blk[i].next) {
			if (i >= nr)
				FAIL("node list index out of range");
			if (blk[i].nid != n)
				FAIL("node list holds a block of another node");
			if (prev != BM_NONE && i <= prev)
				FAIL("node list not in address order");
			prev = i;
			if (++cnt > nr)
				FAIL("node list loops");
		}
		if (cnt != nd->nr_blocks)
			FAIL("node block count differs from its list");
		listed += cnt;
		nodes_seen += cnt ? 1 : 0;
	}
	if (listed != nr)
		FAIL("node lists do not cover every block");
	if (nodes_seen != bm->priv_nr_nodes)
		FAIL("node counter");
	return 0;
}

int bootmem_check(const struct bootmem *bm)
{
	const char *why;

	return bm_check_detail(bm, &why);
}

// SPDX-License-Identifier: MIT
/*
 * check.c - bootmem_check(): every invariant of the state, verified from
 * scratch. Linear in the bitmap size; tests call it after each mutation.
 */
#include "bootmem_internal.h"

#define FAIL(msg) do { *why = (msg); return BOOTMEM_EINVAL; } while (0)

/* Bits of word @w that stand for pfns outside the block. */
static uint64_t outside_bits(const struct bm_block *b, uint64_t w)
{
	uint64_t lo_bit = b->start_pfn - b->base_pfn, hi_bit = b->end_pfn - b->base_pfn;
	uint64_t wlo = w << 6, whi = wlo + 64, outside = 0;

	if (lo_bit > wlo)
		outside |= lo_bit >= whi ? ~0ULL : (1ULL << (lo_bit - wlo)) - 1;
	if (hi_bit < whi)
		outside |= hi_bit <= wlo ? ~0ULL : ~0ULL << (hi_bit - wlo);
	return outside;
}

/* Largest of @n bytes. */
static unsigned max_byte(const uint8_t *p, uint64_t n)
{
	unsigned m = 0;

	for (uint64_t k = 0; k < n; k++)
		m = p[k] > m ? p[k] : m;
	return m;
}

/*
 * Node and words of mixed chunk @c: masks and runs from the words. Adds the
 * free pages to *nfree and lowers *first to the chunk's lowest free pfn.
 */
static int check_mixed_chunk(const struct bootmem *bm, const struct bm_block *b, uint64_t c,
			     uint64_t *nfree, uint64_t *first, const char **why)
{
	const struct bm_chunk *ch = &bm_chunks(bm, b)[c];
	const struct bm_group *gr = &bm_groups(bm, b)[c >> BOOTMEM_GROUP_SHIFT];
	const uint64_t *words = bm_words(bm, b);
	uint64_t w0 = c << BOOTMEM_CHUNK_SHIFT;
	uint64_t n = bm_min64(BM_CHUNK_WORDS, b->nr_words - w0), full = 0, any = 0;

	for (uint64_t k = 0; k < n; k++) {
		uint64_t x = words[w0 + k];

		if (x & outside_bits(b, w0 + k))
			FAIL("bitmap bit set outside its block");
		full |= (uint64_t)(x == ~0ULL) << k;
		any |= (uint64_t)(x != 0) << k;
		if (ch->run[k] != bm_word_run(x, bm_get_word(bm, b, w0 + k + 1)))
			FAIL("word run byte does not match the bitmap");
		if (x && *first == b->end_pfn)
			*first = b->base_pfn + ((w0 + k) << 6) + bm_ctz64(x);
		*nfree += bm_popcount64(x);
	}
	for (uint64_t k = n; k < sizeof(ch->run); k++)
		if (ch->run[k])
			FAIL("chunk run byte past the block's last word");
	if ((ch->full | ch->any) & ~BM_LOW_BITS(n))
		FAIL("chunk mask bit past the block's last word");
	if (ch->full != full)
		FAIL("chunk full mask does not match its words");
	if (ch->any != any)
		FAIL("chunk any mask does not match its words");
	if (!any)
		FAIL("mixed chunk has no free page (should be none)");
	if (full == BM_CHUNK_ALL && bm_chunk_inside(b, c))
		FAIL("mixed chunk has every page free (should be all)");
	if (gr->run[c & (BM_GROUP_CHUNKS - 1)] != max_byte(ch->run, n))
		FAIL("group run byte does not match its chunk");
	return 0;
}

/* Groups, chunks, words, counter and first_free of one block. */
static int check_block_map(const struct bootmem *bm, const struct bm_block *b, const char **why)
{
	const struct bm_group *grs = bm_groups(bm, b);
	uint64_t nchunks = bm_nr_chunks(b->nr_words), ngroups = bm_nr_groups(b->nr_words);
	uint64_t nfree = 0, first = b->end_pfn;
	int err;

	for (uint64_t g = 0; g < ngroups; g++) {
		const struct bm_group *gr = &grs[g];
		uint64_t c0 = g << BOOTMEM_GROUP_SHIFT;
		uint64_t n = bm_min64(BM_GROUP_CHUNKS, nchunks - c0);

		if (gr->full & ~gr->any)
			FAIL("group marks a chunk all free but not partly free");
		if ((gr->full | gr->any) & ~BM_LOW_BITS(n))
			FAIL("group mask bit past the block's last chunk");
		for (uint64_t k = n; k < sizeof(gr->run); k++)
			if (gr->run[k])
				FAIL("group run byte past the block's last chunk");
		for (uint64_t k = 0; k < sizeof(gr->pad); k++)
			if (gr->pad[k])
				FAIL("group padding is not zero");
		if (gr->max != max_byte(gr->run, n))
			FAIL("group max does not match its run bytes");
		for (uint64_t k = 0; k < n; k++) {
			uint64_t c = c0 + k;

			switch (bm_chunk_state(grs, c)) {
			case BM_CH_ALL:
				if (!bm_chunk_inside(b, c))
					FAIL("all-free chunk reaches outside its block");
				if (gr->run[k] != BM_RUN_MAX)
					FAIL("group run byte of an all-free chunk is not 64");
				if (first == b->end_pfn)
					first = b->base_pfn + (c << BM_CHUNK_BITS);
				nfree += BM_CHUNK_PAGES;
				break;
			case BM_CH_NONE:
				if (gr->run[k])
					FAIL("group run byte of a reserved chunk is not 0");
				break;
			default:
				err = check_mixed_chunk(bm, b, c, &nfree, &first, why);
				if (err)
					return err;
				break;
			}
		}
	}
	if (nfree != b->free_pages)
		FAIL("block free counter differs from bitmap popcount");
	if (b->first_free != first)
		FAIL("block first_free is not its lowest free page");
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
		if (b->chunk_off != bm_chunk_off(b->map_off, b->nr_words) ||
		    b->group_off != bm_group_off(b->map_off, b->nr_words))
			FAIL("block chunk or group offset does not follow its map");
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

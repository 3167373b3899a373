// SPDX-License-Identifier: MIT
/*
 * test_stats.c - bootmem_stats(), bootmem_page_is_free(), and bootmem_check()
 * catching targeted corruptions of a copy of the state and its arena.
 */
#include <limits.h>

#include "testlib.h"

#define M(n)  ((uint64_t)(n) * SZ_1M)

/*
 * Blocks, in address order:
 *   X n0 pfn [5, 300)        free [10, 200) and [290, 300): mixed chunks
 *   Y n1 [16M, 32M)          all free: all-free chunks in every configuration
 *   Z n0 [64M, 65M)          all reserved
 *   W n1 [65M, 66M)          free, then a 100-byte allocation at 65M (shared page)
 */
enum { IX = 0, IY = 1, IZ = 2, IW = 3 };

static int setup(struct tl_env *e)
{
	phys_addr_t a;

	if (tl_init(e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e->bm, 1, M(65), M(66)));
	ASSERT_OK(bootmem_add_block(&e->bm, 0, PG(5), PG(300)));
	ASSERT_OK(bootmem_add_block(&e->bm, 0, M(64), M(65)));
	ASSERT_OK(bootmem_add_block(&e->bm, 1, M(16), M(32)));
	ASSERT_OK(free_bootmem(&e->bm, PG(10), PG(190)));
	ASSERT_OK(free_bootmem(&e->bm, PG(290), PG(10)));
	ASSERT_OK(free_bootmem(&e->bm, M(16), M(16)));
	ASSERT_OK(free_bootmem(&e->bm, M(65), M(1)));
	ASSERT_OK(alloc_bootmem(&e->bm, 100, 0, M(65), 0, &a));
	ASSERT_EQ(a, M(65));
	CHECK(&e->bm);
	return 0;
}

/* Expected counts of the layout above. */
#define X_PAGES  295
#define X_FREE   200
#define Y_PAGES  4096
#define Z_PAGES  256
#define W_PAGES  256

/* Stats ------------------------------------------------------------------- */

static int stats_all_nodes_and_each_node_exact(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_STATS(&e, -1, X_PAGES + Y_PAGES + Z_PAGES + W_PAGES,
		     X_FREE + Y_PAGES + W_PAGES - 1, 4, 2);
	ASSERT_STATS(&e, 0, X_PAGES + Z_PAGES, X_FREE, 2, 1);
	ASSERT_STATS(&e, 1, Y_PAGES + W_PAGES, Y_PAGES + W_PAGES - 1, 2, 1);
	tl_fini(&e);
	return 0;
}

/* A valid node without blocks: 0 and every field written as zero. */
static int stats_valid_empty_node_is_all_zero(void)
{
	static const int nids[] = { 2, 3, 511, BOOTMEM_MAX_NODES - 1 };
	struct tl_env e;
	struct bootmem_stats st;

	if (setup(&e))
		return 1;
	for (size_t i = 0; i < sizeof(nids) / sizeof(nids[0]); i++) {
		memset(&st, 0xa5, sizeof(st));
		ASSERT_OK(bootmem_stats(&e.bm, nids[i], &st));
		ASSERT_EQ(st.total_pages, 0);
		ASSERT_EQ(st.free_pages, 0);
		ASSERT_EQ(st.reserved_pages, 0);
		ASSERT_EQ(st.nr_blocks, 0);
		ASSERT_EQ(st.nr_nodes, 0);
	}
	tl_fini(&e);
	return 0;
}

static int stats_empty_allocator_is_all_zero(void)
{
	struct tl_env e;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_STATS(&e, -1, 0, 0, 0, 0);
	ASSERT_STATS(&e, 0, 0, 0, 0, 0);
	tl_fini(&e);
	return 0;
}

static int stats_nid_out_of_range_is_einval(void)
{
	static const int bad[] = { -2, -1000, BOOTMEM_MAX_NODES, BOOTMEM_MAX_NODES + 1, INT_MIN,
				   INT_MAX };
	struct tl_env e;
	struct bootmem_stats st;

	if (setup(&e))
		return 1;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ASSERT_FAILS_CLEAN(&e, bootmem_stats(&e.bm, bad[i], &st), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

static int stats_null_arguments_are_einval(void)
{
	struct tl_env e;
	struct bootmem_stats st;

	if (setup(&e))
		return 1;
	ASSERT_FAILS_CLEAN(&e, bootmem_stats(&e.bm, -1, NULL), BOOTMEM_EINVAL);
	ASSERT_FAILS_CLEAN(&e, bootmem_stats(&e.bm, 0, NULL), BOOTMEM_EINVAL);
	ASSERT_RC(bootmem_stats(NULL, -1, &st), BOOTMEM_EINVAL);
	ASSERT_RC(bootmem_stats(NULL, 0, &st), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

/* nr_nodes is 1 for a single node, as many as distinct nodes for -1. */
static int stats_single_node_counts_one_node(void)
{
	struct tl_env e;

	if (tl_init(&e, 0))
		return 1;
	ASSERT_OK(bootmem_add_block(&e.bm, 700, 0, M(1)));
	ASSERT_OK(bootmem_add_block(&e.bm, 700, M(2), M(3)));
	ASSERT_OK(bootmem_add_block(&e.bm, 700, M(4), M(5)));
	ASSERT_STATS(&e, -1, 768, 0, 3, 1);
	ASSERT_STATS(&e, 700, 768, 0, 3, 1);
	ASSERT_STATS(&e, 699, 0, 0, 0, 0);
	tl_fini(&e);
	return 0;
}

/* Stats follow every mutation exactly. */
static int stats_follow_free_reserve_alloc(void)
{
	struct tl_env e;
	phys_addr_t a;

	if (setup(&e))
		return 1;
	ASSERT_OK(reserve_bootmem(&e.bm, M(16), M(1), BOOTMEM_EXCLUSIVE));
	ASSERT_STATS(&e, 1, Y_PAGES + W_PAGES, Y_PAGES + W_PAGES - 1 - 256, 2, 1);
	ASSERT_OK(alloc_bootmem_node(&e.bm, 0, PG(3), SZ_4K, 0, 0, &a));
	ASSERT_EQ(a, PG(10));
	ASSERT_STATS(&e, 0, X_PAGES + Z_PAGES, X_FREE - 3, 2, 1);
	ASSERT_OK(free_bootmem(&e.bm, M(64), M(1)));
	ASSERT_STATS(&e, 0, X_PAGES + Z_PAGES, X_FREE - 3 + 256, 2, 1);
	ASSERT_STATS(&e, -1, X_PAGES + Y_PAGES + Z_PAGES + W_PAGES,
		     X_FREE - 3 + 256 + Y_PAGES - 256 + W_PAGES - 1, 4, 2);
	CHECK(&e.bm);
	tl_fini(&e);
	return 0;
}

/* Page queries --------------------------------------------------------------- */

/* Any byte of a page answers for the page; outside blocks is EFAULT. */
static int page_is_free_any_byte_and_edges(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_RC(bootmem_page_is_free(&e.bm, 0), BOOTMEM_EFAULT);
	ASSERT_RC(bootmem_page_is_free(&e.bm, PG(5) - 1), BOOTMEM_EFAULT);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(5)), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(10) - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(10)), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(10) + 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(10) + 4095), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(200) - 1), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(200)), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, PG(300) - 1), 1);
	ASSERT_RC(bootmem_page_is_free(&e.bm, PG(300)), BOOTMEM_EFAULT);
	ASSERT_RC(bootmem_page_is_free(&e.bm, M(16) - 1), BOOTMEM_EFAULT);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, M(16)), 1);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, M(32) - 1), 1);
	ASSERT_RC(bootmem_page_is_free(&e.bm, M(32)), BOOTMEM_EFAULT);
	ASSERT_RC(bootmem_page_is_free(&e.bm, UINT64_MAX), BOOTMEM_EFAULT);
	ASSERT_RC(bootmem_page_is_free(NULL, PG(10)), BOOTMEM_EINVAL);
	tl_fini(&e);
	return 0;
}

/* The join of Z (n0, reserved) and W (n1, free but the shared page). */
static int page_is_free_across_contiguous_join(void)
{
	struct tl_env e;

	if (setup(&e))
		return 1;
	ASSERT_EQ(bootmem_page_is_free(&e.bm, M(65) - 1), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, M(65)), 0);          /* the small allocation */
	ASSERT_EQ(bootmem_page_is_free(&e.bm, M(65) + 4095), 0);
	ASSERT_EQ(bootmem_page_is_free(&e.bm, M(65) + SZ_4K), 1);
	ASSERT_EQ(tl_count_free(&e, M(64), M(66)), 255);
	tl_fini(&e);
	return 0;
}

/* bootmem_check: targeted corruption of a copy ------------------------------ */

struct copy {
	struct bootmem bm;
	unsigned char *arena;
};

/* A deep copy whose state points at its own arena; the copy must pass. */
static int take_copy(const struct tl_env *e, struct copy *c)
{
	c->arena = malloc(e->arena_size);
	ASSERT_TRUE(c->arena);
	memcpy(c->arena, e->arena, e->arena_size);
	c->bm = e->bm;
	c->bm.priv_arena = (uint64_t)(uintptr_t)c->arena;
	ASSERT_OK(bootmem_check(&c->bm));
	return 0;
}

static struct bm_block *cblk(struct copy *c, int i)
{
	return &bm_blocks(&c->bm)[i];
}

/*
 * Build the layout, copy it, apply @corrupt to the copy: bootmem_check must
 * return a negative value (EINVAL) for the copy, 0 for the original. White
 * box: the invariant named by bm_check_detail() must contain @why, so that
 * each corruption is known to trip the check it targets.
 */
static int check_detects(void (*corrupt)(struct copy *c), const char *why)
{
	struct tl_env e;
	struct copy c;
	const char *got;
	int rc;

	if (setup(&e))
		return 1;
	if (take_copy(&e, &c))
		return 1;
	corrupt(&c);
	rc = bootmem_check(&c.bm);
	ASSERT_TRUE(rc < 0);
	ASSERT_RC(rc, BOOTMEM_EINVAL);
	ASSERT_RC(bm_check_detail(&c.bm, &got), BOOTMEM_EINVAL);
	if (!strstr(got, why)) {
		fprintf(stderr, "%s:%d: detected as \"%s\", expected \"%s\"\n",
			__FILE__, __LINE__, got, why);
		return 1;
	}
	ASSERT_OK(bootmem_check(&e.bm));
	free(c.arena);
	tl_fini(&e);
	return 0;
}

static void bad_free_counter(struct copy *c) { c->bm.priv_free_pages++; }
static void bad_total_counter(struct copy *c) { c->bm.priv_total_pages--; }
static void bad_node_counter(struct copy *c) { c->bm.priv_nr_nodes++; }
static void bad_block_counter(struct copy *c) { c->bm.priv_nr_blocks--; }
static void bad_state_magic(struct copy *c) { c->bm.priv_magic ^= 1; }
static void bad_arena_magic(struct copy *c) { bm_hdr(&c->bm)->magic = 0; }
static void bad_heap_end(struct copy *c) { c->bm.priv_heap += 8; }
static void bad_arena_size(struct copy *c) { c->bm.priv_arena_size -= 8; }

/* Per-block counter and global counter raised together: only the bitmap
 * popcount disagrees. */
static void bad_block_free_pages(struct copy *c)
{
	cblk(c, IX)->free_pages++;
	c->bm.priv_free_pages++;
}

/* A set bit for pfn 0 (below X's start 5), counters adjusted to match. */
static void bit_below_block_start(struct copy *c)
{
	struct bm_block *b = cblk(c, IX);

	bm_words(&c->bm, b)[0] |= 1;
	b->free_pages++;
	c->bm.priv_free_pages++;
}

/* A set bit for pfn 310 (past X's end 300), in a mixed word; counters adjusted. */
static void bit_past_block_end(struct copy *c)
{
	struct bm_block *b = cblk(c, IX);

	bm_words(&c->bm, b)[310 / 64] |= 1ULL << (310 % 64);
	b->free_pages++;
	c->bm.priv_free_pages++;
}

/* A reserved page of X (pfn 250) marked free, counters not updated. */
static void bit_flipped_inside_block(struct copy *c)
{
	bm_words(&c->bm, cblk(c, IX))[250 / 64] |= 1ULL << (250 % 64);
}

/* Summary nodes of a block, for the corruptions below. */
static struct bm_group *cgroup(struct copy *c, int i, uint64_t g)
{
	return &bm_groups(&c->bm, cblk(c, i))[g];
}

static struct bm_chunk *cchunk(struct copy *c, int i, uint64_t ch)
{
	return &bm_chunks(&c->bm, cblk(c, i))[ch];
}

static uint64_t last_group(struct copy *c, int i)
{
	return bm_nr_groups(cblk(c, i)->nr_words) - 1;
}

static uint64_t last_chunk(struct copy *c, int i)
{
	return bm_nr_chunks(cblk(c, i)->nr_words) - 1;
}

/* Keep a group's max consistent with its run bytes, so that only the
 * corrupted byte itself is wrong. */
static void fix_group_max(struct bm_group *g)
{
	g->max = 0;
	for (uint64_t k = 0; k < BM_GROUP_CHUNKS; k++)
		g->max = g->run[k] > g->max ? g->run[k] : g->max;
}

/* Word 0 of X (pages 10..63 free, word 1 all free): run 64, claimed 63. */
static void bad_word_run(struct copy *c)
{
	cchunk(c, IX, 0)->run[0] = 63;
}

/* X's first chunk (mixed, largest word run 64): its group byte claims 63. */
static void bad_group_run_of_mixed_chunk(struct copy *c)
{
	cgroup(c, IX, 0)->run[0] = 63;
	fix_group_max(cgroup(c, IX, 0));
}

/* X's first group: max claims 63 while a chunk run is 64. */
static void bad_group_max(struct copy *c)
{
	cgroup(c, IX, 0)->max = 63;
}

/* Claim "all free" for X's first chunk, which starts below the block. */
static void all_free_chunk_outside_block(struct copy *c)
{
	cgroup(c, IX, 0)->full |= 1;
}

/* Y's first chunk is all free; its group byte claims a run of 63. */
static void all_free_chunk_run_not_64(struct copy *c)
{
	cgroup(c, IY, 0)->run[0] = 63;
	fix_group_max(cgroup(c, IY, 0));
}

/* Z's first chunk is reserved; its group byte claims a run of 5. */
static void reserved_chunk_run_not_0(struct copy *c)
{
	cgroup(c, IZ, 0)->run[0] = 5;
	fix_group_max(cgroup(c, IZ, 0));
}

/* Y's first chunk is all free; claim none free (run byte made to agree), so
 * only the page count is wrong. */
static void all_free_chunk_claims_none(struct copy *c)
{
	struct bm_group *g = cgroup(c, IY, 0);

	g->full &= ~1ULL;
	g->any &= ~1ULL;
	g->run[0] = 0;
	fix_group_max(g);
}

/* Z's first chunk (reserved) marked "all free" without "some free". */
static void group_full_without_any(struct copy *c)
{
	cgroup(c, IZ, 0)->full |= 1;
}

/* Z has fewer chunks than a group holds: a mask bit for one past its end. */
static void group_mask_past_last_chunk(struct copy *c)
{
	cgroup(c, IZ, last_group(c, IZ))->any |= 1ULL << 63;
}

static void group_run_past_last_chunk(struct copy *c)
{
	struct bm_group *g = cgroup(c, IZ, last_group(c, IZ));

	g->run[sizeof(g->run) - 1] = 1;
}

static void group_padding_not_zero(struct copy *c)
{
	cgroup(c, IZ, 0)->pad[0] = 1;
}

/* X's word 1 (all free) loses its "full" bit in the chunk node. */
static void chunk_full_mask_wrong(struct copy *c)
{
	cchunk(c, IX, 0)->full &= ~2ULL;
}

/* X's word 0 (pages 10..63 free) loses its "some free" bit. */
static void chunk_any_mask_wrong(struct copy *c)
{
	cchunk(c, IX, 0)->any &= ~1ULL;
}

/* X's last chunk has fewer words than a chunk holds: bits past them. */
static void chunk_mask_past_last_word(struct copy *c)
{
	cchunk(c, IX, last_chunk(c, IX))->any |= 1ULL << 63;
}

static void chunk_run_past_last_word(struct copy *c)
{
	struct bm_chunk *ch = cchunk(c, IX, last_chunk(c, IX));

	ch->run[sizeof(ch->run) - 1] = 1;
}

/* Z's first chunk (reserved) made "mixed" with a node and words that say no
 * page is free: not canonical, it must be "none". */
static void mixed_chunk_without_free_page(struct copy *c)
{
	struct bm_block *b = cblk(c, IZ);
	struct bm_chunk *ch = cchunk(c, IZ, 0);
	uint64_t n = bm_min64(BM_CHUNK_WORDS, b->nr_words);

	memset(bm_words(&c->bm, b), 0, n * 8);
	memset(ch, 0, sizeof(*ch));
	cgroup(c, IZ, 0)->any |= 1;
}

/* Y's first chunk (all free) made "mixed" with a node and words that say
 * every page is free: not canonical, it must be "all". */
static void mixed_chunk_with_every_page_free(struct copy *c)
{
	struct bm_chunk *ch = cchunk(c, IY, 0);

	for (uint64_t w = 0; w < BM_CHUNK_WORDS; w++)
		bm_words(&c->bm, cblk(c, IY))[w] = ~0ULL;
	memset(ch, 0, sizeof(*ch));
	ch->full = ch->any = BM_CHUNK_ALL;
	memset(ch->run, BM_RUN_MAX, BM_CHUNK_WORDS);
	cgroup(c, IY, 0)->full &= ~1ULL;
}

/* X's lowest free page is 10: the hint says 11. */
static void first_free_too_high(struct copy *c)
{
	cblk(c, IX)->first_free = 11;
}

/* Z has no free page: the hint must be its end, not its start. */
static void first_free_in_reserved_block(struct copy *c)
{
	cblk(c, IZ)->first_free = cblk(c, IZ)->start_pfn;
}

/* Swap X and Y in the table: unsorted. */
static void blocks_unsorted(struct copy *c)
{
	struct bm_block t = *cblk(c, IX);

	*cblk(c, IX) = *cblk(c, IY);
	*cblk(c, IY) = t;
}

/*
 * Y now starts on X's last page, its geometry (base, words) made consistent
 * with the new start, so that only the overlap itself is wrong.
 */
static void blocks_overlap(struct copy *c)
{
	struct bm_block *y = cblk(c, IY);

	y->start_pfn = cblk(c, IX)->end_pfn - 1;
	y->base_pfn = y->start_pfn & ~63ULL;
	y->nr_words = (y->end_pfn - y->base_pfn + 63) >> 6;
}

/* W moved to node 0: it now touches Z of the same node. */
static void same_node_blocks_touch(struct copy *c)
{
	struct bm_hdr *h = bm_hdr(&c->bm);

	cblk(c, IW)->nid = 0;
	/* Relink by hand so that only the adjacency is wrong: n0 X->Z->W, n1 Y. */
	cblk(c, IZ)->next = IW;
	cblk(c, IW)->next = BM_NONE;
	cblk(c, IY)->next = BM_NONE;
	h->nodes[0].nr_blocks = 3;
	h->nodes[1].nr_blocks = 1;
}

static void node_list_skips_block(struct copy *c)
{
	bm_hdr(&c->bm)->nodes[1].first = IW;
}

static void node_count_wrong(struct copy *c)
{
	bm_hdr(&c->bm)->nodes[0].nr_blocks = 3;
}

static void node_list_loops(struct copy *c)
{
	cblk(c, IZ)->next = IX;
}

static void node_list_holds_other_node(struct copy *c)
{
	cblk(c, IX)->next = IY;
}

static void empty_node_gets_a_list(struct copy *c)
{
	bm_hdr(&c->bm)->nodes[5].first = IZ;
	bm_hdr(&c->bm)->nodes[5].nr_blocks = 1;
}

static void node_list_index_out_of_range(struct copy *c)
{
	cblk(c, IW)->next = 17;
}

static void block_nid_out_of_range(struct copy *c)
{
	cblk(c, IX)->nid = BOOTMEM_MAX_NODES;
}

static void block_geometry_wrong(struct copy *c)
{
	cblk(c, IX)->base_pfn = 5;
}

/* Z (4 words) shares W's map (4 words); counters and hint made to agree with
 * it, so only the overlap itself is wrong. */
static void block_maps_overlap(struct copy *c)
{
	cblk(c, IZ)->map_off = cblk(c, IW)->map_off;
	cblk(c, IZ)->chunk_off = cblk(c, IW)->chunk_off;
	cblk(c, IZ)->group_off = cblk(c, IW)->group_off;
	cblk(c, IZ)->free_pages = cblk(c, IW)->free_pages;
	cblk(c, IZ)->first_free = cblk(c, IZ)->start_pfn +
				  (cblk(c, IW)->first_free - cblk(c, IW)->start_pfn);
	c->bm.priv_free_pages += cblk(c, IW)->free_pages;
}

/* X's group nodes said to start 8 bytes later than its map puts them. */
static void group_offset_wrong(struct copy *c)
{
	cblk(c, IX)->group_off += 8;
}

/* The shared small-allocation page of W set to a free page. */
static void shared_page_is_free(struct copy *c)
{
	cblk(c, IW)->small_end = M(65) + SZ_4K + 100;
}

static void shared_page_end_aligned(struct copy *c)
{
	cblk(c, IW)->small_end = M(65) + SZ_4K;
}

static void shared_page_outside_block(struct copy *c)
{
	cblk(c, IW)->small_end = M(200) + 100;
}

#define CHECK_CASE(name, why) \
	static int check_detects_##name(void) { return check_detects(name, why); }

CHECK_CASE(bad_free_counter, "free page counter")
CHECK_CASE(bad_total_counter, "total page counter")
CHECK_CASE(bad_node_counter, "node counter")
CHECK_CASE(bad_block_counter, "block table size")
CHECK_CASE(bad_state_magic, "state magic")
CHECK_CASE(bad_arena_magic, "arena magic")
CHECK_CASE(bad_heap_end, "arena heap")
CHECK_CASE(bad_arena_size, "block table size")
CHECK_CASE(bad_block_free_pages, "popcount")
CHECK_CASE(bit_below_block_start, "bitmap bit set outside its block")
CHECK_CASE(bit_past_block_end, "bitmap bit set outside its block")
CHECK_CASE(bit_flipped_inside_block, "popcount")
CHECK_CASE(bad_word_run, "word run byte does not match the bitmap")
CHECK_CASE(bad_group_run_of_mixed_chunk, "group run byte does not match its chunk")
CHECK_CASE(bad_group_max, "group max does not match its run bytes")
CHECK_CASE(all_free_chunk_outside_block, "all-free chunk reaches outside its block")
CHECK_CASE(all_free_chunk_run_not_64, "group run byte of an all-free chunk is not 64")
CHECK_CASE(reserved_chunk_run_not_0, "group run byte of a reserved chunk is not 0")
CHECK_CASE(all_free_chunk_claims_none, "popcount")
CHECK_CASE(group_full_without_any, "group marks a chunk all free but not partly free")
CHECK_CASE(group_mask_past_last_chunk, "group mask bit past the block's last chunk")
CHECK_CASE(group_run_past_last_chunk, "group run byte past the block's last chunk")
CHECK_CASE(group_padding_not_zero, "group padding is not zero")
CHECK_CASE(chunk_full_mask_wrong, "chunk full mask does not match its words")
CHECK_CASE(chunk_any_mask_wrong, "chunk any mask does not match its words")
CHECK_CASE(chunk_mask_past_last_word, "chunk mask bit past the block's last word")
CHECK_CASE(chunk_run_past_last_word, "chunk run byte past the block's last word")
CHECK_CASE(mixed_chunk_without_free_page, "mixed chunk has no free page")
CHECK_CASE(mixed_chunk_with_every_page_free, "mixed chunk has every page free")
CHECK_CASE(first_free_too_high, "first_free is not its lowest free page")
CHECK_CASE(first_free_in_reserved_block, "first_free is not its lowest free page")
CHECK_CASE(blocks_unsorted, "unsorted")
CHECK_CASE(blocks_overlap, "blocks unsorted or overlapping")
CHECK_CASE(same_node_blocks_touch, "adjacent blocks of the same node")
CHECK_CASE(node_list_skips_block, "node block count")
CHECK_CASE(node_count_wrong, "node block count")
CHECK_CASE(node_list_loops, "node list")
CHECK_CASE(node_list_holds_other_node, "another node")
CHECK_CASE(empty_node_gets_a_list, "another node")
CHECK_CASE(node_list_index_out_of_range, "index out of range")
CHECK_CASE(block_nid_out_of_range, "node id out of range")
CHECK_CASE(block_geometry_wrong, "geometry")
CHECK_CASE(block_maps_overlap, "maps overlap")
CHECK_CASE(group_offset_wrong, "chunk or group offset does not follow its map")
CHECK_CASE(shared_page_is_free, "shared small-allocation page is free")
CHECK_CASE(shared_page_end_aligned, "page aligned")
CHECK_CASE(shared_page_outside_block, "outside its block")

/* The copy machinery itself: an untouched copy passes. */
static int check_accepts_untouched_copy(void)
{
	struct tl_env e;
	struct copy c;

	if (setup(&e))
		return 1;
	if (take_copy(&e, &c))
		return 1;
	ASSERT_OK(bootmem_check(&c.bm));
	ASSERT_OK(bootmem_check(&e.bm));
	free(c.arena);
	tl_fini(&e);
	return 0;
}

static int check_null_is_negative(void)
{
	ASSERT_RC(bootmem_check(NULL), BOOTMEM_EINVAL);
	return 0;
}

/* A never-initialised (garbage) state is reported, not trusted. */
static int check_garbage_state_is_negative(void)
{
	struct bootmem bm;

	memset(&bm, 0x5a, sizeof(bm));
	ASSERT_TRUE(bootmem_check(&bm) < 0);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(stats_all_nodes_and_each_node_exact),
		TL_CASE(stats_valid_empty_node_is_all_zero),
		TL_CASE(stats_empty_allocator_is_all_zero),
		TL_CASE(stats_nid_out_of_range_is_einval),
		TL_CASE(stats_null_arguments_are_einval),
		TL_CASE(stats_single_node_counts_one_node),
		TL_CASE(stats_follow_free_reserve_alloc),
		TL_CASE(page_is_free_any_byte_and_edges),
		TL_CASE(page_is_free_across_contiguous_join),
		TL_CASE(check_accepts_untouched_copy),
		TL_CASE(check_null_is_negative),
		TL_CASE(check_garbage_state_is_negative),
		TL_CASE(check_detects_bad_free_counter),
		TL_CASE(check_detects_bad_total_counter),
		TL_CASE(check_detects_bad_node_counter),
		TL_CASE(check_detects_bad_block_counter),
		TL_CASE(check_detects_bad_state_magic),
		TL_CASE(check_detects_bad_arena_magic),
		TL_CASE(check_detects_bad_heap_end),
		TL_CASE(check_detects_bad_arena_size),
		TL_CASE(check_detects_bad_block_free_pages),
		TL_CASE(check_detects_bit_below_block_start),
		TL_CASE(check_detects_bit_past_block_end),
		TL_CASE(check_detects_bit_flipped_inside_block),
		TL_CASE(check_detects_bad_word_run),
		TL_CASE(check_detects_bad_group_run_of_mixed_chunk),
		TL_CASE(check_detects_bad_group_max),
		TL_CASE(check_detects_all_free_chunk_outside_block),
		TL_CASE(check_detects_all_free_chunk_run_not_64),
		TL_CASE(check_detects_reserved_chunk_run_not_0),
		TL_CASE(check_detects_all_free_chunk_claims_none),
		TL_CASE(check_detects_group_full_without_any),
		TL_CASE(check_detects_group_mask_past_last_chunk),
		TL_CASE(check_detects_group_run_past_last_chunk),
		TL_CASE(check_detects_group_padding_not_zero),
		TL_CASE(check_detects_chunk_full_mask_wrong),
		TL_CASE(check_detects_chunk_any_mask_wrong),
		TL_CASE(check_detects_chunk_mask_past_last_word),
		TL_CASE(check_detects_chunk_run_past_last_word),
		TL_CASE(check_detects_mixed_chunk_without_free_page),
		TL_CASE(check_detects_mixed_chunk_with_every_page_free),
		TL_CASE(check_detects_first_free_too_high),
		TL_CASE(check_detects_first_free_in_reserved_block),
		TL_CASE(check_detects_blocks_unsorted),
		TL_CASE(check_detects_blocks_overlap),
		TL_CASE(check_detects_same_node_blocks_touch),
		TL_CASE(check_detects_node_list_skips_block),
		TL_CASE(check_detects_node_count_wrong),
		TL_CASE(check_detects_node_list_loops),
		TL_CASE(check_detects_node_list_holds_other_node),
		TL_CASE(check_detects_empty_node_gets_a_list),
		TL_CASE(check_detects_node_list_index_out_of_range),
		TL_CASE(check_detects_block_nid_out_of_range),
		TL_CASE(check_detects_block_geometry_wrong),
		TL_CASE(check_detects_block_maps_overlap),
		TL_CASE(check_detects_group_offset_wrong),
		TL_CASE(check_detects_shared_page_is_free),
		TL_CASE(check_detects_shared_page_end_aligned),
		TL_CASE(check_detects_shared_page_outside_block),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

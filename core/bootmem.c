// SPDX-License-Identifier: MIT
/*
 * bootmem.c - the bootmem2 API: blocks, nodes, free/reserve, allocation,
 * release. Argument checking happens here, in the order DESIGN.md fixes
 * (ESTATE, EINVAL, EFAULT, EEXIST, EBUSY/EALREADY, ENOMEM), and every check
 * runs before the first write, so a failing call changes nothing.
 */
#include "bootmem_internal.h"

#define PAGE_MASK (BOOTMEM_PAGE_SIZE - 1)
#define NID_ANY   (-1)

#ifdef BOOTMEM_DEBUG_CHECK
#define DEBUG_CHECK(bm) BM_ASSERT(bootmem_check(bm) == 0)
#else
#define DEBUG_CHECK(bm) do { } while (0)
#endif

/* Which mutations a state allows: EINVAL for garbage, ESTATE once released. */
static int state_err(const struct bootmem *bm)
{
	if (!bm)
		return BOOTMEM_EINVAL;
	if (bm->priv_magic == BM_MAGIC_LIVE)
		return 0;
	if (bm->priv_magic == BM_MAGIC_DONE)
		return BOOTMEM_ESTATE;
	return BOOTMEM_EINVAL;
}

static bool nid_valid(int nid)
{
	return nid >= 0 && nid < BOOTMEM_MAX_NODES;
}

int bootmem_init(struct bootmem *bm, void *arena, size_t arena_size)
{
	struct bm_hdr *hdr = arena;
	uint64_t top;
	int i;

	if (!bm || !arena || ((uintptr_t)arena & 7))
		return BOOTMEM_EINVAL;
	if (arena_size < sizeof(struct bm_hdr))
		return BOOTMEM_ENOMEM;
	top = (uint64_t)arena_size & ~7ULL;

	hdr->magic = BM_ARENA_MAGIC;
	for (i = 0; i < BOOTMEM_MAX_NODES; i++) {
		hdr->nodes[i].first = BM_NONE;
		hdr->nodes[i].nr_blocks = 0;
	}
	bm->priv_magic = BM_MAGIC_LIVE;
	bm->priv_arena = (uint64_t)(uintptr_t)arena;
	bm->priv_arena_size = top;
	bm->priv_heap = sizeof(struct bm_hdr);
	bm->priv_blocks = top;
	bm->priv_total_pages = 0;
	bm->priv_free_pages = 0;
	bm->priv_nr_blocks = 0;
	bm->priv_nr_nodes = 0;
	return 0;
}

size_t bootmem_arena_bytes(uint32_t nr_blocks, uint64_t total_pages)
{
	/*
	 * A block of P pages needs at most ceil((P + 63) / 64) <= P/64 + 2
	 * words (its first word starts at a 64-page boundary), one chunk node
	 * per BM_CHUNK_WORDS words plus one, one group node per BM_GROUP_CHUNKS
	 * chunks plus one, and its table entry; every part is a multiple of 8
	 * bytes. Summed over the blocks this is bounded by the total below.
	 */
	uint64_t b = nr_blocks;
	uint64_t words = (total_pages >> 6) + 2 * b;
	uint64_t chunks = (words >> BOOTMEM_CHUNK_SHIFT) + b;
	uint64_t groups = (chunks >> BOOTMEM_GROUP_SHIFT) + b;
	uint64_t bytes;

	if (total_pages > BM_PFN_LIMIT)
		return SIZE_MAX;
	bytes = sizeof(struct bm_hdr) + 8 * words + sizeof(struct bm_chunk) * chunks +
		sizeof(struct bm_group) * groups + b * sizeof(struct bm_block) + 8;
	if (bytes > SIZE_MAX)
		return SIZE_MAX;
	return (size_t)bytes;
}

/*
 * Index of the first block whose end lies above @pfn (nr_blocks if none).
 * Block ends ascend with the index. Branch-free (the comparison becomes a
 * conditional move), so random addresses cost no mispredictions.
 */
static uint32_t first_block_ending_above(const struct bootmem *bm, uint64_t pfn)
{
	const struct bm_block *blk = bm_blocks(bm);
	uint32_t base = 0, len = bm->priv_nr_blocks;

	if (!len)
		return 0;
	while (len > 1) {
		uint32_t half = len / 2;

		base = blk[base + half - 1].end_pfn <= pfn ? base + half : base;
		len -= half;
	}
	return base + (blk[base].end_pfn <= pfn);
}

/*
 * The same with branches: cheaper when the caller's addresses follow each
 * other (walks, consecutive frees and reservations), as the branches then
 * predict and the loads overlap.
 */
static uint32_t first_block_ending_above_seq(const struct bootmem *bm, uint64_t pfn)
{
	const struct bm_block *blk = bm_blocks(bm);
	uint32_t lo = 0, hi = bm->priv_nr_blocks;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (blk[mid].end_pfn <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the block holding byte @addr, or BM_NONE. */
static uint32_t find_block(const struct bootmem *bm, uint64_t addr)
{
	uint64_t pfn = addr >> BM_PAGE_SHIFT;
	uint32_t i = first_block_ending_above_seq(bm, pfn);

	if (i < bm->priv_nr_blocks && bm_blocks(bm)[i].start_pfn <= pfn)
		return i;
	return BM_NONE;
}

/* Number of blocks starting below @pfn (the insertion index for a new block). */
static uint32_t blocks_below(const struct bootmem *bm, uint64_t pfn)
{
	const struct bm_block *blk = bm_blocks(bm);
	uint32_t lo = 0, hi = bm->priv_nr_blocks;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (blk[mid].start_pfn < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Rebuild every per-node list from the sorted table (after an insertion). */
static void relink_nodes(const struct bootmem *bm)
{
	struct bm_hdr *hdr = bm_hdr(bm);
	struct bm_block *blk = bm_blocks(bm);
	uint32_t i = bm->priv_nr_blocks;

	for (uint32_t j = 0; j < i; j++) {
		hdr->nodes[blk[j].nid].first = BM_NONE;
		hdr->nodes[blk[j].nid].nr_blocks = 0;
	}
	while (i--) {
		struct bm_node *n = &hdr->nodes[blk[i].nid];

		blk[i].next = n->first;
		n->first = i;
		n->nr_blocks++;
	}
}

int bootmem_add_block(struct bootmem *bm, int nid, phys_addr_t start, phys_addr_t end)
{
	struct bm_block *blk, nb;
	uint64_t spfn, epfn, map, need;
	uint32_t pos, nr;
	int err = state_err(bm);

	if (err)
		return err;
	if (!nid_valid(nid) || (start & PAGE_MASK) || (end & PAGE_MASK) || start >= end)
		return BOOTMEM_EINVAL;
	spfn = start >> BM_PAGE_SHIFT;
	epfn = end >> BM_PAGE_SHIFT;

	blk = bm_blocks(bm);
	nr = bm->priv_nr_blocks;
	pos = blocks_below(bm, spfn);
	if (pos > 0 && (blk[pos - 1].end_pfn > spfn ||
			(blk[pos - 1].end_pfn == spfn && blk[pos - 1].nid == nid)))
		return BOOTMEM_EEXIST;
	if (pos < nr && (blk[pos].start_pfn < epfn ||
			 (blk[pos].start_pfn == epfn && blk[pos].nid == nid)))
		return BOOTMEM_EEXIST;

	nb.start_pfn = spfn;
	nb.end_pfn = epfn;
	nb.base_pfn = spfn & ~63ULL;
	nb.nr_words = (epfn - nb.base_pfn + 63) >> 6;
	nb.free_pages = 0;
	nb.first_free = epfn;
	nb.small_end = 0;
	nb.nid = nid;
	nb.next = BM_NONE;
	map = bm_map_bytes(nb.nr_words);
	need = map + sizeof(struct bm_block);
	if (bm->priv_blocks - bm->priv_heap < need || nr == BM_NONE - 1)
		return BOOTMEM_ENOMEM;

	nb.map_off = bm->priv_heap;
	nb.chunk_off = bm_chunk_off(nb.map_off, nb.nr_words);
	nb.group_off = bm_group_off(nb.map_off, nb.nr_words);
	bm->priv_heap += map;
	bm->priv_blocks -= sizeof(struct bm_block);
	/* The table moved down one slot: shift the lower entries, insert. */
	bm_copy64_down(bm_blocks(bm), blk, (size_t)pos * (sizeof(struct bm_block) / 8));
	blk = bm_blocks(bm);
	blk[pos] = nb;
	bm->priv_nr_blocks = nr + 1;
	bm_block_init_map(bm, &blk[pos]);

	if (bm_hdr(bm)->nodes[nid].nr_blocks == 0)
		bm->priv_nr_nodes++;
	relink_nodes(bm);
	bm->priv_total_pages += epfn - spfn;
	DEBUG_CHECK(bm);
	return 0;
}

enum range_op {
	RANGE_FREE,
	RANGE_RESERVE,
};

/*
 * free/reserve over [addr, addr+size), optionally inside one block of @nid.
 * All checks first, then the update.
 */
static int range_op(struct bootmem *bm, int nid, phys_addr_t addr, uint64_t size,
		    unsigned flags, enum range_op op)
{
	struct bm_block *blk;
	uint64_t end, spfn, epfn, nfree = 0, want;
	uint32_t first, last, i;
	int err = state_err(bm);

	if (err)
		return err;
	if (nid != NID_ANY && !nid_valid(nid))
		return BOOTMEM_EINVAL;
	if (size == 0 || size > UINT64_MAX - addr)
		return BOOTMEM_EINVAL;
	end = addr + size;
	if (op == RANGE_RESERVE && (flags & ~(unsigned)BOOTMEM_EXCLUSIVE))
		return BOOTMEM_EINVAL;

	/* Every byte must be managed, across contiguous blocks only. */
	blk = bm_blocks(bm);
	first = find_block(bm, addr);
	if (first == BM_NONE)
		return BOOTMEM_EFAULT;
	last = first;
	if (nid != NID_ANY) {
		if (blk[first].nid != nid || end > blk[first].end_pfn << BM_PAGE_SHIFT)
			return BOOTMEM_EFAULT;
	} else {
		while (end > blk[last].end_pfn << BM_PAGE_SHIFT) {
			if (last + 1 == bm->priv_nr_blocks ||
			    blk[last + 1].start_pfn != blk[last].end_pfn)
				return BOOTMEM_EFAULT;
			last++;
		}
	}

	if (op == RANGE_FREE) {
		spfn = (addr + PAGE_MASK) >> BM_PAGE_SHIFT;
		epfn = end >> BM_PAGE_SHIFT;
		if (spfn >= epfn)
			return 0;
	} else {
		/* Managed memory ends at or below 2^64 - 4096: no wrap here. */
		spfn = addr >> BM_PAGE_SHIFT;
		epfn = (end + PAGE_MASK) >> BM_PAGE_SHIFT;
	}

	if (epfn - spfn == 1) {
		/* One page (in the next block when the range starts in the
		 * partial last page of the first). */
		i = blk[first].end_pfn > spfn ? first : first + 1;
		nfree = (uint64_t)bm_page_free(bm, &blk[i], spfn);
	} else {
		for (i = first; i <= last; i++)
			nfree += bm_count_free(bm, &blk[i], bm_max64(spfn, blk[i].start_pfn),
					       bm_min64(epfn, blk[i].end_pfn));
	}
	if (op == RANGE_FREE && nfree)
		return BOOTMEM_EALREADY;
	if (op == RANGE_RESERVE && (flags & BOOTMEM_EXCLUSIVE) && nfree != epfn - spfn)
		return BOOTMEM_EBUSY;

	for (i = first; i <= last; i++) {
		struct bm_block *b = &blk[i];
		uint64_t s = bm_max64(spfn, b->start_pfn), e = bm_min64(epfn, b->end_pfn);

		if (s >= e)
			continue;   /* only the bytes of a partial page reach this block */
		if (op == RANGE_FREE) {
			want = e - s;
			b->free_pages += want;
			bm->priv_free_pages += want;
			/* Freeing the shared page of small allocations ends sharing. */
			if (b->small_end && (b->small_end >> BM_PAGE_SHIFT) >= s &&
			    (b->small_end >> BM_PAGE_SHIFT) < e)
				b->small_end = 0;
			bm_set_range(bm, b, s, e, BM_SET_FREE);
		} else {
			/* One block: the count above is this block's. */
			want = first == last ? nfree : bm_count_free(bm, b, s, e);
			if (!want)
				continue;
			b->free_pages -= want;
			bm->priv_free_pages -= want;
			bm_set_range(bm, b, s, e, BM_SET_RESERVED);
		}
	}
	DEBUG_CHECK(bm);
	return 0;
}

int free_bootmem(struct bootmem *bm, phys_addr_t addr, uint64_t size)
{
	return range_op(bm, NID_ANY, addr, size, 0, RANGE_FREE);
}

int reserve_bootmem(struct bootmem *bm, phys_addr_t addr, uint64_t size, unsigned flags)
{
	return range_op(bm, NID_ANY, addr, size, flags, RANGE_RESERVE);
}

int free_bootmem_node(struct bootmem *bm, int nid, phys_addr_t addr, uint64_t size)
{
	if (nid == NID_ANY)
		return state_err(bm) ? state_err(bm) : BOOTMEM_EINVAL;
	return range_op(bm, nid, addr, size, 0, RANGE_FREE);
}

int reserve_bootmem_node(struct bootmem *bm, int nid, phys_addr_t addr, uint64_t size,
			 unsigned flags)
{
	if (nid == NID_ANY)
		return state_err(bm) ? state_err(bm) : BOOTMEM_EINVAL;
	return range_op(bm, nid, addr, size, flags, RANGE_RESERVE);
}

/* One allocation request, normalised. */
struct alloc_req {
	uint64_t size;
	uint64_t align;        /* bytes, power of two */
	uint64_t npages;       /* size rounded up to pages */
	uint64_t align_pages;  /* max(align, 4096) in pages */
	bool small;            /* size and align below a page: may share a page */
};

/* Take the request inside block @b within byte window [lo, hi), or fail. */
static inline bool alloc_in_block(struct bootmem *bm, struct bm_block *b,
				  const struct alloc_req *rq, uint64_t lo, uint64_t hi,
				  phys_addr_t *out)
{
	uint64_t lo_pfn, hi_pfn, pfn;

	if (rq->small && b->small_end) {
		uint64_t a = (b->small_end + rq->align - 1) & ~(rq->align - 1);
		uint64_t page_end = (b->small_end & ~PAGE_MASK) + BOOTMEM_PAGE_SIZE;

		if (a >= lo && a + rq->size <= page_end && a + rq->size <= hi) {
			b->small_end = a + rq->size == page_end ? 0 : a + rq->size;
			*out = a;
			return true;
		}
	}

	/* Nothing is free below first_free. */
	lo_pfn = bm_max64((lo >> BM_PAGE_SHIFT) + ((lo & PAGE_MASK) != 0), b->first_free);
	hi_pfn = bm_min64(hi >> BM_PAGE_SHIFT, b->end_pfn);
	if (lo_pfn >= hi_pfn || hi_pfn - lo_pfn < rq->npages)
		return false;
	if (rq->npages == 1 && rq->align_pages == 1) {
		/* One page: the next free one (the lowest free page itself when
		 * the window starts below it). */
		pfn = lo_pfn == b->first_free ? lo_pfn : bm_next_free(bm, b, lo_pfn);
		if (pfn >= hi_pfn)
			pfn = BM_NO_PFN;
	} else {
		pfn = bm_find_fit(bm, b, lo_pfn, hi_pfn, rq->npages, rq->align_pages);
	}
	if (pfn == BM_NO_PFN)
		return false;

	bm_set_range(bm, b, pfn, pfn + rq->npages, BM_SET_RESERVED);
	b->free_pages -= rq->npages;
	bm->priv_free_pages -= rq->npages;
	if (rq->small)
		b->small_end = (pfn << BM_PAGE_SHIFT) + rq->size;
	*out = pfn << BM_PAGE_SHIFT;
	return true;
}

/* Lowest fit in byte window [lo, hi) on node @nid (or any node). */
static inline bool alloc_window(struct bootmem *bm, int nid, const struct alloc_req *rq,
				uint64_t lo, uint64_t hi, phys_addr_t *out)
{
	struct bm_block *blk = bm_blocks(bm);
	uint32_t i;

	if (nid == NID_ANY) {
		/* First block ending above lo, then upwards while below hi. */
		i = bm->priv_nr_blocks && blk[0].end_pfn > lo >> BM_PAGE_SHIFT ? 0
			: first_block_ending_above(bm, lo >> BM_PAGE_SHIFT);
		for (; i < bm->priv_nr_blocks; i++) {
			if (blk[i].start_pfn << BM_PAGE_SHIFT >= hi)
				break;
			if (alloc_in_block(bm, &blk[i], rq, lo, hi, out))
				return true;
		}
		return false;
	}
	for (i = bm_hdr(bm)->nodes[nid].first; i != BM_NONE; i = blk[i].next) {
		if (blk[i].start_pfn << BM_PAGE_SHIFT >= hi)
			break;
		if (blk[i].end_pfn <= lo >> BM_PAGE_SHIFT)
			continue;
		if (alloc_in_block(bm, &blk[i], rq, lo, hi, out))
			return true;
	}
	return false;
}

static inline int alloc_core(struct bootmem *bm, int nid, uint64_t size, uint64_t align,
			     phys_addr_t goal, phys_addr_t limit, phys_addr_t *out)
{
	struct alloc_req rq;
	uint64_t lo, hi;
	int err = state_err(bm);

	if (err)
		return err;
	if (nid != NID_ANY && !nid_valid(nid))
		return BOOTMEM_EINVAL;
	if (!out || size == 0 || size > UINT64_MAX - PAGE_MASK)
		return BOOTMEM_EINVAL;
	if (align == 0)
		align = 64;
	if (!bm_is_pow2(align))
		return BOOTMEM_EINVAL;

	rq.size = size;
	rq.align = align;
	rq.npages = (size + PAGE_MASK) >> BM_PAGE_SHIFT;
	rq.align_pages = align > BOOTMEM_PAGE_SIZE ? align >> BM_PAGE_SHIFT : 1;
	rq.small = size < BOOTMEM_PAGE_SIZE && align < BOOTMEM_PAGE_SIZE;
	if (rq.npages > BM_PFN_LIMIT)
		return BOOTMEM_ENOMEM;

	/* Page 0 is never handed out: both steps start at 4096. */
	lo = bm_max64(goal, BOOTMEM_PAGE_SIZE);
	hi = limit ? limit : UINT64_MAX;
	if (lo < hi && alloc_window(bm, nid, &rq, lo, hi, out))
		goto done;
	if ((lo != BOOTMEM_PAGE_SIZE || hi != UINT64_MAX) &&
	    alloc_window(bm, nid, &rq, BOOTMEM_PAGE_SIZE, UINT64_MAX, out))
		goto done;
	return BOOTMEM_ENOMEM;
done:
	DEBUG_CHECK(bm);
	return 0;
}

int alloc_bootmem(struct bootmem *bm, uint64_t size, uint64_t align,
		  phys_addr_t goal, phys_addr_t limit, phys_addr_t *out)
{
	return alloc_core(bm, NID_ANY, size, align, goal, limit, out);
}

int alloc_bootmem_node(struct bootmem *bm, int nid, uint64_t size, uint64_t align,
		       phys_addr_t goal, phys_addr_t limit, phys_addr_t *out)
{
	if (nid == NID_ANY)
		return state_err(bm) ? state_err(bm) : BOOTMEM_EINVAL;
	return alloc_core(bm, nid, size, align, goal, limit, out);
}

int64_t free_all_bootmem(struct bootmem *bm, unsigned max_order, bootmem_release_fn fn, void *ctx)
{
	const struct bm_block *blk;
	uint64_t n = 0;
	int err = state_err(bm);

	if (err)
		return err;
	if (!fn || max_order >= 64)
		return BOOTMEM_EINVAL;
	/* Retire first: a callback that calls back in gets ESTATE. */
	bm->priv_magic = BM_MAGIC_DONE;
	blk = bm_blocks(bm);
	for (uint32_t i = 0; i < bm->priv_nr_blocks; i++)
		n += bm_release_block(bm, &blk[i], max_order, fn, ctx);
	return (int64_t)n;
}

int bootmem_stats(const struct bootmem *bm, int nid, struct bootmem_stats *st)
{
	const struct bm_block *blk;
	int err = state_err(bm);

	if (err && err != BOOTMEM_ESTATE)
		return err;
	if (!st || nid < NID_ANY || nid >= BOOTMEM_MAX_NODES)
		return BOOTMEM_EINVAL;
	if (nid == NID_ANY) {
		st->total_pages = bm->priv_total_pages;
		st->free_pages = bm->priv_free_pages;
		st->nr_blocks = bm->priv_nr_blocks;
		st->nr_nodes = bm->priv_nr_nodes;
	} else {
		st->total_pages = 0;
		st->free_pages = 0;
		st->nr_blocks = 0;
		blk = bm_blocks(bm);
		for (uint32_t i = bm_hdr(bm)->nodes[nid].first; i != BM_NONE; i = blk[i].next) {
			st->total_pages += blk[i].end_pfn - blk[i].start_pfn;
			st->free_pages += blk[i].free_pages;
			st->nr_blocks++;
		}
		st->nr_nodes = st->nr_blocks ? 1 : 0;
	}
	st->reserved_pages = st->total_pages - st->free_pages;
	return 0;
}

int bootmem_block_info(const struct bootmem *bm, uint32_t index, struct bootmem_block_info *info)
{
	const struct bm_block *b;
	int err = state_err(bm);

	if (err && err != BOOTMEM_ESTATE)
		return err;
	if (!info || index >= bm->priv_nr_blocks)
		return BOOTMEM_EINVAL;
	b = &bm_blocks(bm)[index];
	info->start = b->start_pfn << BM_PAGE_SHIFT;
	info->end = b->end_pfn << BM_PAGE_SHIFT;
	info->free_pages = b->free_pages;
	info->nid = b->nid;
	return 0;
}

int bootmem_page_is_free(const struct bootmem *bm, phys_addr_t addr)
{
	uint32_t i;
	int err = state_err(bm);

	if (err)
		return err;
	i = find_block(bm, addr);
	if (i == BM_NONE)
		return BOOTMEM_EFAULT;
	return bm_page_free(bm, &bm_blocks(bm)[i], addr >> BM_PAGE_SHIFT);
}

int bootmem_next_free_range(const struct bootmem *bm, int nid, phys_addr_t *cursor,
			    phys_addr_t *start, phys_addr_t *end, int *range_nid)
{
	const struct bm_block *blk, *b;
	uint64_t cpfn;
	uint32_t i;
	int err = state_err(bm);

	if (err)
		return err;
	if (!cursor || !start || !end || (nid != NID_ANY && !nid_valid(nid)))
		return BOOTMEM_EINVAL;
	/* The cursor rounded up to a page (2^52 for the last page: no block). */
	cpfn = (*cursor >> BM_PAGE_SHIFT) + ((*cursor & PAGE_MASK) != 0);
	blk = bm_blocks(bm);
	if (nid == NID_ANY) {
		/* First block ending above the cursor, then upwards. */
		i = first_block_ending_above_seq(bm, cpfn);
		if (i == bm->priv_nr_blocks)
			i = BM_NONE;
	} else {
		i = bm_hdr(bm)->nodes[nid].first;
	}
	for (; i != BM_NONE; i = nid == NID_ANY ? (i + 1 < bm->priv_nr_blocks ? i + 1 : BM_NONE)
					       : blk[i].next) {
		uint64_t s;

		b = &blk[i];
		if (b->end_pfn <= cpfn)
			continue;
		s = bm_next_free(bm, b, bm_max64(cpfn, b->first_free));
		if (s == b->end_pfn)
			continue;
		*start = s << BM_PAGE_SHIFT;
		*end = bm_next_reserved(bm, b, s) << BM_PAGE_SHIFT;
		*cursor = *end;
		if (range_nid)
			*range_nid = b->nid;
		return 1;
	}
	return 0;
}

const char *bootmem_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case BOOTMEM_EINVAL:
		return "EINVAL: invalid argument";
	case BOOTMEM_ENOMEM:
		return "ENOMEM: no fitting free memory or arena exhausted";
	case BOOTMEM_EFAULT:
		return "EFAULT: range not inside managed memory";
	case BOOTMEM_EBUSY:
		return "EBUSY: exclusive reservation hits a reserved page";
	case BOOTMEM_EEXIST:
		return "EEXIST: block overlaps or touches a block of the same node";
	case BOOTMEM_EALREADY:
		return "EALREADY: page already free";
	case BOOTMEM_ESTATE:
		return "ESTATE: not allowed after free_all_bootmem";
	default:
		return "unknown error";
	}
}

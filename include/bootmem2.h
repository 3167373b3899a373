/* SPDX-License-Identifier: MIT */
/*
 * bootmem2.h - block-oriented boot-time physical memory allocator.
 *
 * The allocator manages physical memory as a set of *blocks*: contiguous,
 * page-aligned physical ranges, each owned by one NUMA node and tracked by its
 * own page bitmap. All bookkeeping lives in an arena the caller injects with
 * bootmem_init(); the allocator never reads or writes the memory it manages.
 *
 * Contract: ../shared/DESIGN.md section 2. Ranges are half-open [start, end).
 * Every function returns 0 (or a count) on success and a negative BOOTMEM_E*
 * code on failure; a failed call leaves the state exactly as it was.
 *
 * Freestanding: needs only <stdint.h>, <stddef.h> and <stdbool.h>.
 */
#ifndef BOOTMEM2_H
#define BOOTMEM2_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t phys_addr_t;

#define BOOTMEM_PAGE_SIZE   4096ULL
#define BOOTMEM_MAX_NODES   1024

/* reserve flags */
#define BOOTMEM_DEFAULT     0x0     /* reserving an already reserved page is fine */
#define BOOTMEM_EXCLUSIVE   0x1     /* ...is an error (BOOTMEM_EBUSY) */

/* error codes: negative return values */
#define BOOTMEM_EINVAL   (-1)  /* bad argument: size 0, align not a power of two, unaligned or empty block, overflow, bad nid */
#define BOOTMEM_ENOMEM   (-2)  /* no fitting free memory / arena exhausted */
#define BOOTMEM_EFAULT   (-3)  /* range not inside managed memory (hole, outside blocks, wrong node, crosses a non-contiguous boundary) */
#define BOOTMEM_EBUSY    (-4)  /* BOOTMEM_EXCLUSIVE reservation hits an already reserved page */
#define BOOTMEM_EEXIST   (-5)  /* new block overlaps a registered block, or touches a block of the same node */
#define BOOTMEM_EALREADY (-6)  /* free of a page that is already free (double free) */
#define BOOTMEM_ESTATE   (-7)  /* call not allowed in this state (e.g. after free_all_bootmem) */

/**
 * struct bootmem - allocator state; the caller owns the storage.
 *
 * All fields are private: use the functions below. The struct holds no
 * pointers except the arena base (stored as an integer), and neither it nor
 * the arena holds function pointers, so a later stage (the kernel) can keep
 * using a state built by an earlier one (the loader) as long as the arena
 * stays mapped at the same address.
 */
struct bootmem {
	uint64_t priv_magic;        /* live, or done after free_all_bootmem (private values) */
	uint64_t priv_arena;        /* arena base address */
	uint64_t priv_arena_size;   /* bytes */
	uint64_t priv_heap;         /* arena offset: end of used space growing up */
	uint64_t priv_blocks;       /* arena offset: block table (grows down) */
	uint64_t priv_total_pages;  /* pages in all blocks */
	uint64_t priv_free_pages;   /* free pages in all blocks */
	uint32_t priv_nr_blocks;
	uint32_t priv_nr_nodes;     /* distinct nodes that own blocks */
};

/**
 * struct bootmem_stats - page and block counts of one node or of all nodes.
 * @total_pages:    pages in the blocks counted
 * @free_pages:     of those, pages currently free
 * @reserved_pages: total_pages - free_pages
 * @nr_blocks:      blocks counted
 * @nr_nodes:       distinct nodes owning the blocks counted (0 or 1 for one node)
 */
struct bootmem_stats {
	uint64_t total_pages, free_pages, reserved_pages;
	uint32_t nr_blocks, nr_nodes;
};

/**
 * typedef bootmem_release_fn - receives one free run from free_all_bootmem().
 * @ctx:   the caller's context pointer
 * @start: physical address of the run, aligned to (4096 << @order)
 * @order: the run is (1 << @order) pages long
 */
typedef void (*bootmem_release_fn)(void *ctx, phys_addr_t start, unsigned order);

/**
 * bootmem_init() - start an empty allocator over an injected arena.
 * @bm:         storage for the state (may hold garbage)
 * @arena:      bookkeeping storage, 8-byte aligned, may hold garbage
 * @arena_size: bytes in @arena; size it with bootmem_arena_bytes()
 *
 * Return: 0; BOOTMEM_EINVAL for NULL pointers or a misaligned arena;
 * BOOTMEM_ENOMEM if the arena cannot hold the fixed header.
 */
int bootmem_init(struct bootmem *bm, void *arena, size_t arena_size);

/**
 * bootmem_arena_bytes() - arena size that always suffices.
 * @nr_blocks:   number of blocks that will be added
 * @total_pages: pages in all of them together
 *
 * Return: an upper bound on the arena bytes needed for any @nr_blocks blocks
 * totalling @total_pages pages, added in any order; SIZE_MAX if that does not
 * fit in a size_t.
 */
size_t bootmem_arena_bytes(uint32_t nr_blocks, uint64_t total_pages);

/**
 * bootmem_add_block() - register a contiguous physical range of node @nid.
 * @bm:    allocator
 * @nid:   owning node, 0 <= nid < BOOTMEM_MAX_NODES
 * @start: page-aligned first address
 * @end:   page-aligned end address, @start < @end
 *
 * All pages of the new block start reserved; free what is usable with
 * free_bootmem(). Blocks may be added in any order, at any time before
 * free_all_bootmem().
 *
 * Return: 0; BOOTMEM_EINVAL (bad nid, unaligned or empty range);
 * BOOTMEM_EEXIST (overlaps a block, or touches a block of the same node);
 * BOOTMEM_ENOMEM (arena exhausted); BOOTMEM_ESTATE (after free_all_bootmem).
 */
int bootmem_add_block(struct bootmem *bm, int nid, phys_addr_t start, phys_addr_t end);

/**
 * free_bootmem() - mark the pages fully inside [addr, addr+size) free.
 * @bm:   allocator
 * @addr: first byte
 * @size: bytes
 *
 * Every byte must be managed memory; the range may cross block and node
 * boundaries where blocks are contiguous. A range that covers no whole page
 * succeeds and changes nothing.
 *
 * Return: 0; BOOTMEM_EINVAL (size 0, overflow); BOOTMEM_EFAULT (a byte is not
 * managed); BOOTMEM_EALREADY (a page acted on is already free);
 * BOOTMEM_ESTATE (after free_all_bootmem).
 */
int free_bootmem(struct bootmem *bm, phys_addr_t addr, uint64_t size);

/**
 * reserve_bootmem() - mark every page touching [addr, addr+size) reserved.
 * @bm:    allocator
 * @addr:  first byte
 * @size:  bytes
 * @flags: BOOTMEM_DEFAULT or BOOTMEM_EXCLUSIVE
 *
 * Every byte must be managed memory; the range may cross contiguous blocks.
 *
 * Return: 0; BOOTMEM_EINVAL (size 0, overflow, unknown flags);
 * BOOTMEM_EFAULT (a byte is not managed); BOOTMEM_EBUSY (EXCLUSIVE and a page
 * is already reserved); BOOTMEM_ESTATE (after free_all_bootmem).
 */
int reserve_bootmem(struct bootmem *bm, phys_addr_t addr, uint64_t size, unsigned flags);

/**
 * free_bootmem_node() - free_bootmem() restricted to one block of node @nid.
 * @bm:   allocator
 * @nid:  node, 0 <= nid < BOOTMEM_MAX_NODES
 * @addr: first byte
 * @size: bytes
 *
 * Return: as free_bootmem(); BOOTMEM_EFAULT also when the range is not inside
 * one block of @nid; BOOTMEM_EINVAL for a bad @nid.
 */
int free_bootmem_node(struct bootmem *bm, int nid, phys_addr_t addr, uint64_t size);

/**
 * reserve_bootmem_node() - reserve_bootmem() restricted to one block of @nid.
 * @bm:    allocator
 * @nid:   node, 0 <= nid < BOOTMEM_MAX_NODES
 * @addr:  first byte
 * @size:  bytes
 * @flags: BOOTMEM_DEFAULT or BOOTMEM_EXCLUSIVE
 *
 * Return: as reserve_bootmem(); BOOTMEM_EFAULT also when the range is not
 * inside one block of @nid; BOOTMEM_EINVAL for a bad @nid.
 */
int reserve_bootmem_node(struct bootmem *bm, int nid, phys_addr_t addr, uint64_t size,
			 unsigned flags);

/**
 * alloc_bootmem() - allocate @size bytes anywhere, preferring [goal, limit).
 * @bm:    allocator
 * @size:  bytes, > 0
 * @align: power of two; 0 means 64 (a cache line)
 * @goal:  step 1 looks at addresses >= @goal only
 * @limit: step 1 requires addr + size <= @limit; 0 means no limit
 * @out:   receives the address
 *
 * Step 1 takes the lowest fit >= @goal ending at or below @limit, on any node;
 * if there is none, step 2 takes the lowest fit anywhere. Page-granular
 * requests (size a multiple of 4096, align >= 4096) get the exact lowest
 * address; small ones (size and align < 4096) may share the last page of the
 * previous small allocation of the same block. Page 0 is never returned and
 * no allocation crosses a block boundary.
 *
 * Return: 0; BOOTMEM_EINVAL (size 0, align not a power of two, size rounded
 * to pages overflows, NULL @out); BOOTMEM_ENOMEM (no fit);
 * BOOTMEM_ESTATE (after free_all_bootmem).
 */
int alloc_bootmem(struct bootmem *bm, uint64_t size, uint64_t align,
		  phys_addr_t goal, phys_addr_t limit, phys_addr_t *out);

/**
 * alloc_bootmem_node() - alloc_bootmem() that only ever uses node @nid.
 * @bm:    allocator
 * @nid:   node, 0 <= nid < BOOTMEM_MAX_NODES
 * @size:  bytes, > 0
 * @align: power of two; 0 means 64
 * @goal:  as alloc_bootmem()
 * @limit: as alloc_bootmem()
 * @out:   receives the address
 *
 * Step 1 is goal..limit on @nid, step 2 anywhere on @nid; no other node is
 * used (the caller may fall back to alloc_bootmem()).
 *
 * Return: as alloc_bootmem(); BOOTMEM_ENOMEM also for a node without blocks;
 * BOOTMEM_EINVAL for a bad @nid.
 */
int alloc_bootmem_node(struct bootmem *bm, int nid, uint64_t size, uint64_t align,
		       phys_addr_t goal, phys_addr_t limit, phys_addr_t *out);

/**
 * free_all_bootmem() - release every free page and retire the allocator.
 * @bm:        allocator
 * @max_order: largest run handed out is (1 << @max_order) pages, < 64
 * @fn:        called once per run, in ascending address order
 * @ctx:       passed to @fn
 *
 * Runs are naturally aligned powers of two, each as large as possible, and
 * never cross a block boundary. Afterwards every call except bootmem_stats(),
 * bootmem_check() and bootmem_strerror() returns BOOTMEM_ESTATE, and
 * bootmem_stats() keeps reporting the counts from just before this call.
 *
 * Return: number of pages released; BOOTMEM_EINVAL (NULL @fn, @max_order
 * >= 64); BOOTMEM_ESTATE (called twice).
 */
int64_t free_all_bootmem(struct bootmem *bm, unsigned max_order, bootmem_release_fn fn, void *ctx);

/**
 * bootmem_stats() - page and block counts.
 * @bm:  allocator
 * @nid: node, or -1 for all nodes
 * @st:  receives the counts (all zero for a node without blocks)
 *
 * Return: 0; BOOTMEM_EINVAL (NULL pointer, nid outside [-1, BOOTMEM_MAX_NODES)).
 */
int bootmem_stats(const struct bootmem *bm, int nid, struct bootmem_stats *st);

/**
 * bootmem_page_is_free() - state of the page containing @addr.
 * @bm:   allocator
 * @addr: any byte of the page
 *
 * Return: 1 free, 0 reserved; BOOTMEM_EFAULT (not managed memory);
 * BOOTMEM_EINVAL (NULL @bm); BOOTMEM_ESTATE (after free_all_bootmem).
 */
int bootmem_page_is_free(const struct bootmem *bm, phys_addr_t addr);

/**
 * bootmem_next_free_range() - next run of free pages, without changing anything.
 * @bm:        allocator
 * @nid:       node whose blocks are walked, or -1 for every node
 * @cursor:    walk position; start with 0, each call moves it to *@end
 * @start:     receives the first address of the run (page aligned)
 * @end:       receives the end of the run (exclusive, page aligned)
 * @range_nid: receives the node of the run's block; may be NULL
 *
 * Finds the lowest maximal run of free pages inside one block (of @nid when
 * given) that ends above *@cursor rounded up to a page, and clips it to start
 * there. Runs never cross a block boundary: two contiguous blocks give two
 * runs. Walking with a loop until it returns 0 visits every free page once,
 * in ascending address order; the state may change between calls.
 *
 * Return: 1 with the run; 0 when there is none (also for a node without
 * blocks); BOOTMEM_EINVAL (NULL @bm, @cursor, @start or @end, @nid outside
 * [-1, BOOTMEM_MAX_NODES)); BOOTMEM_ESTATE (after free_all_bootmem).
 */
int bootmem_next_free_range(const struct bootmem *bm, int nid, phys_addr_t *cursor,
			    phys_addr_t *start, phys_addr_t *end, int *range_nid);

/**
 * struct bootmem_block_info - one block, for reports (extension to DESIGN.md).
 * @start:      first address
 * @end:        end address (exclusive)
 * @nid:        owning node
 * @free_pages: pages of the block currently free
 */
struct bootmem_block_info {
	phys_addr_t start, end;
	uint64_t free_pages;
	int nid;
};

/**
 * bootmem_block_info() - describe the block at @index in address order.
 * @bm:    allocator
 * @index: 0 <= index < bootmem_stats(bm, -1).nr_blocks
 * @info:  receives the block
 *
 * An extension beyond DESIGN.md section 2, so that a report can list blocks
 * without scanning pages. Like bootmem_stats() it works after
 * free_all_bootmem() and then reports the counts from just before it.
 *
 * Return: 0; BOOTMEM_EINVAL (NULL pointer, index out of range).
 */
int bootmem_block_info(const struct bootmem *bm, uint32_t index, struct bootmem_block_info *info);

/**
 * bootmem_check() - verify every invariant of the state.
 * @bm: allocator
 *
 * Checks arena bounds, block order and disjointness, node lists, that no two
 * blocks of a node touch, every summary (group and chunk masks, run bytes,
 * group maxima) against its bitmap, each block's lowest-free hint, bitmap
 * bits outside each block clear, and every counter against the bitmap
 * popcounts. Cost is linear in the bitmap size, plus O(blocks^2) for the
 * check that no two block maps overlap in the arena.
 *
 * Return: 0 if consistent; BOOTMEM_EINVAL if @bm is NULL or corrupt.
 */
int bootmem_check(const struct bootmem *bm);

/**
 * bootmem_strerror() - name of an error code.
 * @err: a BOOTMEM_E* code (or 0)
 *
 * Return: a static string such as "EFAULT: range not inside managed memory";
 * "unknown error" for any other value.
 */
const char *bootmem_strerror(int err);

/**
 * alloc_bootmem_nearest() - allocate on node @nid, else on the nearest node
 * that has room.
 * @bm:      allocator
 * @nid:     the node asking, 0 <= nid < BOOTMEM_MAX_NODES; it may own no
 *           memory (a memoryless node's CPUs get the nearest memory)
 * @dist:    distance from @nid to node j at dist[j] (a SLIT row indexed by
 *           nid); may be NULL only when @nr_dist is 0
 * @nr_dist: entries in @dist, at most BOOTMEM_MAX_NODES; nodes j >= @nr_dist
 *           count as distance 255
 * @size:    bytes, > 0
 * @align:   power of two; 0 means 64
 * @goal:    as alloc_bootmem(), on every node tried
 * @limit:   as alloc_bootmem(), on every node tried
 * @out:     receives the address
 * @out_nid: receives the node that served; may be NULL
 *
 * Tries node @nid exactly as alloc_bootmem_node() (steps 1 and 2), then
 * every other node that has blocks in ascending dist[j], ties to the lower
 * nid first, each again as alloc_bootmem_node() with the same goal and
 * limit. The first node that can serve does. On failure nothing changes and
 * neither *@out nor *@out_nid is written.
 *
 * Return: 0; BOOTMEM_EINVAL (as alloc_bootmem_node(), or @dist NULL with
 * @nr_dist > 0, or @nr_dist > BOOTMEM_MAX_NODES); BOOTMEM_ENOMEM (no node
 * can serve); BOOTMEM_ESTATE (after free_all_bootmem).
 */
int alloc_bootmem_nearest(struct bootmem *bm, int nid, const uint8_t *dist, uint32_t nr_dist,
			  uint64_t size, uint64_t align, phys_addr_t goal, phys_addr_t limit,
			  phys_addr_t *out, int *out_nid);

#ifdef __cplusplus
}
#endif

#endif /* BOOTMEM2_H */

/* SPDX-License-Identifier: MIT */
/*
 * topology.h - from a normalised memory map and a parsed SRAT to bootmem2
 * blocks, node table and reserved ranges.
 *
 *   topo_init()       attach caller storage (blocks, reserved ranges)
 *   topo_layout()     pure: usable ranges -> split at SRAT node boundaries
 *                     -> merged same-node pieces = blocks; node table
 *   topo_arena_bytes() the arena this layout needs (exact); the loader
 *                     sizes its arena with boot_arena_bound() instead, which
 *                     also holds for the final map (pipeline.h)
 *   topo_reserve()    record caller ranges (loader image, arena, kernel...)
 *   topo_build()      drive the core: add blocks, free usable ranges,
 *                     reserve page 0, in-use map entries and caller ranges;
 *                     per-block free page counts; cross-check with the core
 *
 * Rules (Linux-like): a page belongs to the node whose SRAT range holds its
 * first byte (SRAT boundaries are rounded up to pages); SRAT ranges that
 * hold no usable memory (hotplug windows, NVDIMM) are set aside; usable
 * memory in no SRAT range goes to the node of the nearest range below it
 * (node 0 if none) with a warning; ranges of different nodes that overlap
 * disable NUMA (one node 0) with a warning, as does an SRAT without memory
 * ranges; without SRAT there is one node 0 (pxm 0).
 *
 * Freestanding C11.
 */
#ifndef BOOT_TOPOLOGY_H
#define BOOT_TOPOLOGY_H

#include <stdint.h>

#include "acpi.h"
#include "bootmem2.h"
#include "diag.h"
#include "memmap.h"

#define TOPO_MAX_EXTRA      32            /* caller-given reserved ranges */
#define TOPO_FREE_UNKNOWN   UINT64_MAX    /* topo_block.free_pages not known */

/**
 * struct topo_node - one node of the node table (index = nid).
 * @nid:       node id
 * @pxm:       ACPI proximity domain (0 without NUMA)
 * @flags:     ACPI_NODE_* from the SRAT (CPU, memory, hotplug, non-volatile)
 * @nr_cpus:   enabled CPUs in the SRAT
 * @nr_ranges: enabled non-empty SRAT memory ranges
 * @nr_blocks: blocks of the node
 * @pages:     pages in those blocks
 */
struct topo_node {
	uint32_t nid;
	uint32_t pxm;
	uint32_t flags;
	uint32_t nr_cpus;
	uint32_t nr_ranges;
	uint32_t nr_blocks;
	uint64_t pages;
};

/**
 * struct topo_block - one block [start, end) of node @nid.
 * @start:      page-aligned start
 * @end:        page-aligned end
 * @nid:        node
 * @free_pages: free pages right after topo_build(), TOPO_FREE_UNKNOWN before
 */
struct topo_block {
	uint64_t start, end;
	uint32_t nid;
	uint32_t reserved;
	uint64_t free_pages;
};

/**
 * struct topo_resv - one reserved managed range [start, end), page aligned.
 * @what: enum memmap_what
 */
struct topo_resv {
	uint64_t start, end;
	uint32_t what;
	uint32_t reserved;
};

/* struct topo.flags */
#define TOPO_NUMA           0x1u   /* nodes come from the SRAT */
#define TOPO_NUMA_CONFLICT  0x2u   /* NUMA disabled: nodes overlap */
#define TOPO_NUMA_NOMEM     0x4u   /* NUMA disabled: SRAT without memory ranges */
#define TOPO_LAID_OUT       0x8u   /* topo_layout() succeeded */
#define TOPO_BUILT          0x10u  /* topo_build() succeeded */

/**
 * struct topo - layout state; about 40 KiB, keep it off small stacks.
 * All fields are readable; change them only through the functions.
 */
struct topo {
	uint32_t flags;
	uint32_t nr_nodes;
	uint32_t nr_blocks, block_cap;
	uint32_t nr_resv, resv_cap;
	uint32_t nr_extra;
	uint32_t reserved;
	uint64_t total_pages;
	struct topo_block *block;          /* sorted by address */
	struct topo_resv *resv;            /* sorted, disjoint (after topo_build) */
	const struct memmap *mm;
	const struct acpi_numa *numa;
	const struct acpi_slit_info *slit;
	struct diag_log *log;
	struct topo_resv extra[TOPO_MAX_EXTRA];
	struct topo_node node[BOOTMEM_MAX_NODES];
};

/**
 * topo_block_capacity() - blocks topo_layout() may produce.
 * @mm:   normalised map
 * @numa: parsed SRAT or NULL
 *
 * Return: an upper bound (map entries + 2 per SRAT range + 1).
 */
uint32_t topo_block_capacity(const struct memmap *mm, const struct acpi_numa *numa);

/**
 * topo_resv_capacity() - reserved ranges topo_build() may produce.
 * @mm: normalised map
 *
 * Return: an upper bound for up to TOPO_MAX_EXTRA caller ranges.
 */
uint32_t topo_resv_capacity(const struct memmap *mm);

/**
 * topo_init() - empty state over caller storage.
 * @t:         state
 * @blocks:    storage for @block_cap blocks
 * @block_cap: topo_block_capacity()
 * @resv:      storage for @resv_cap reserved ranges
 * @resv_cap:  topo_resv_capacity()
 * @log:       warnings; may be NULL
 */
void topo_init(struct topo *t, struct topo_block *blocks, uint32_t block_cap,
	       struct topo_resv *resv, uint32_t resv_cap, struct diag_log *log);

/**
 * topo_layout() - compute blocks and the node table (no allocator calls).
 * @t:    initialised state (a previous layout is replaced; caller ranges stay)
 * @mm:   normalised map; must stay valid until topo_build()
 * @numa: parsed SRAT, or NULL for a single node 0
 * @err:  error details; may be NULL
 *
 * Return: 0, or -DIAG_ENOSPC (more blocks than the capacity), -DIAG_EINVAL.
 */
int topo_layout(struct topo *t, const struct memmap *mm, const struct acpi_numa *numa,
		struct diag_err *err);

/**
 * topo_arena_bytes() - arena bootmem_init() needs for the laid-out blocks.
 * @t: state after topo_layout()
 *
 * Return: bootmem_arena_bytes(nr_blocks, total_pages).
 */
size_t topo_arena_bytes(const struct topo *t);

/**
 * topo_reserve() - record a caller range to reserve at topo_build().
 * @t:    state
 * @addr: first byte
 * @size: bytes (rounded out to whole pages)
 * @what: enum memmap_what (MEMMAP_WHAT_LOADER, _KERNEL, _ARENA, ...)
 *
 * Caller ranges win over the map's in-use reasons where they overlap.
 * Parts outside managed memory are dropped with a warning at topo_build().
 *
 * Return: 0, -DIAG_EINVAL (size 0, overflow, bad what), -DIAG_ENOSPC (more
 * than TOPO_MAX_EXTRA).
 */
int topo_reserve(struct topo *t, uint64_t addr, uint64_t size, unsigned what);

/**
 * topo_build() - register the layout in an initialised allocator.
 * @t:   state after topo_layout()
 * @bm:  allocator after bootmem_init(), with no blocks yet
 * @err: error details; may be NULL
 *
 * Adds every block, frees every usable range, reserves page 0 (if managed),
 * the in-use map entries (what=bs_code, loader_data, ...) and the caller
 * ranges; fills @t->resv and each block's free_pages, then checks them
 * against bootmem_stats() per node. On an error the allocator may hold part
 * of the layout: start again from bootmem_init().
 *
 * Return: 0, -DIAG_ECORE (an allocator call failed: value = its code,
 * value2 = address), -DIAG_ENOSPC (reserved list full), -DIAG_EINTERNAL
 * (counts disagree with the allocator), -DIAG_EINVAL (no layout).
 */
int topo_build(struct topo *t, struct bootmem *bm, struct diag_err *err);

/**
 * topo_use_slit() - attach a SLIT for topo_distance() after validating it.
 * @t:    state after topo_layout()
 * @slit: parsed SLIT (must stay valid), or NULL to drop it
 *
 * An invalid SLIT (acpi_slit_validate) is ignored with a warning; a SLIT
 * smaller than the highest proximity domain is kept with a warning.
 *
 * Return: 0 if attached (or NULL given), else the validation error (negative).
 */
int topo_use_slit(struct topo *t, const struct acpi_slit_info *slit);

/**
 * topo_distance() - NUMA distance between two nodes.
 * @t:    state
 * @from: nid
 * @to:   nid
 *
 * Return: the SLIT distance of their proximity domains, or 10 (same node)
 * / 20 without a usable SLIT entry.
 */
uint32_t topo_distance(const struct topo *t, uint32_t from, uint32_t to);

/**
 * topo_usable_next() - iterate the coalesced usable ranges of a map.
 * @mm:    normalised map
 * @pos:   cursor, start at 0
 * @start: out: range start
 * @end:   out: range end
 *
 * A usable range is a maximal run of contiguous MEMMAP_FREE / MEMMAP_INUSE
 * entries.
 *
 * Return: true with a range, false at the end.
 */
bool topo_usable_next(const struct memmap *mm, uint32_t *pos, uint64_t *start, uint64_t *end);

/**
 * topo_range_present() - does [start, end) overlap usable memory of the map?
 * @mm:    normalised map
 * @start: first byte
 * @end:   end (exclusive)
 *
 * An SRAT range that is not present (hotplug window, NVDIMM) gets no blocks.
 *
 * Return: true if some MEMMAP_FREE or MEMMAP_INUSE entry overlaps it.
 */
bool topo_range_present(const struct memmap *mm, uint64_t start, uint64_t end);

#endif /* BOOT_TOPOLOGY_H */

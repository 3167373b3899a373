/* SPDX-License-Identifier: MIT */
/*
 * pipeline.h - the one boot pipeline: firmware tables and a raw memory map
 * -> normalised map -> blocks per node -> bootmem2 -> report and handoff.
 *
 * The loader's report and boot modes, bootmem2-sim, the tests and the
 * fuzzers all run these steps, so a fix lands once:
 *
 *   boot_tables_srat()  parse an SRAT into caller storage     (optional)
 *   boot_tables_slit()  parse and validate a SLIT             (optional)
 *   boot_need()         storage a map of N descriptors needs
 *   boot_init()         attach the tables and caller storage
 *   boot_layout()       raw map -> normalised map -> blocks and node table
 *   boot_arena_bound()  arena that suffices for this map and any smaller one
 *   boot_reserve()      ranges the caller uses (loader, kernel, arena...)
 *   boot_build()        bootmem_init() + blocks, free and reserved ranges
 *   boot_report()       the DESIGN.md section 4 report (+ verbose extras)
 *   boot_bi_caps(), boot_bi_input()   what boot_info needs (bootinfo_build.h)
 *
 * Nothing here allocates: every array comes from the caller, sized by
 * boot_need(). Freestanding C11.
 */
#ifndef BOOT_PIPELINE_H
#define BOOT_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "acpi.h"
#include "bootinfo_build.h"
#include "bootmem2.h"
#include "diag.h"
#include "memmap.h"
#include "report.h"
#include "topology.h"

/* struct boot_tables.flags */
enum boot_table_flags {
	BOOT_HAVE_SRAT = 1 << 0,     /* numa holds a parsed SRAT */
	BOOT_HAVE_SLIT = 1 << 1,     /* slit holds a parsed, valid SLIT */
	BOOT_SRAT_BAD  = 1 << 2,     /* an SRAT was given and rejected */
	BOOT_SLIT_BAD  = 1 << 3,     /* a SLIT was given and rejected */
};

/**
 * struct boot_tables - the parsed firmware tables the pipeline reads.
 * @numa:  the SRAT (valid with BOOT_HAVE_SRAT)
 * @slit:  the SLIT (valid with BOOT_HAVE_SLIT); points into the caller's bytes
 * @flags: enum boot_table_flags
 */
struct boot_tables {
	struct acpi_numa numa;
	struct acpi_slit_info slit;
	uint32_t flags;
};

/**
 * boot_tables_init() - no tables yet.
 * @t: tables
 */
void boot_tables_init(struct boot_tables *t);

/**
 * boot_tables_srat() - parse an SRAT into @t.
 * @t:       tables
 * @srat:    raw table bytes
 * @len:     bytes at @srat
 * @mem:     storage for memory ranges, acpi_srat_mem_capacity(@len) entries
 * @mem_cap: entries at @mem
 * @log:     a rejected table is logged as a warning; may be NULL
 * @err:     what is wrong (table, offset, value); may be NULL
 *
 * Return: 0 with BOOT_HAVE_SRAT set, or the parser's negative DIAG code with
 * BOOT_SRAT_BAD set (the pipeline then runs with one node 0).
 */
int boot_tables_srat(struct boot_tables *t, const void *srat, uint64_t len,
		     struct acpi_numa_mem *mem, uint32_t mem_cap, struct diag_log *log,
		     struct diag_err *err);

/**
 * boot_tables_slit() - parse and validate a SLIT into @t.
 * @t:   tables
 * @slit: raw table bytes; must stay valid while @t is used
 * @len: bytes at @slit
 * @log: a rejected table is logged as a warning; may be NULL
 * @err: what is wrong; may be NULL
 *
 * A well-formed table with unusable distances (acpi_slit_validate()) is
 * ignored with a warning: BOOT_SLIT_BAD, return 0.
 *
 * Return: 0 (BOOT_HAVE_SLIT set if the SLIT is used), or the parser's
 * negative DIAG code for a malformed table, with BOOT_SLIT_BAD set. Without
 * a SLIT distances are 10 local, 20 remote.
 */
int boot_tables_slit(struct boot_tables *t, const void *slit, uint64_t len,
		     struct diag_log *log, struct diag_err *err);

/**
 * struct boot_store - caller storage of one pipeline (sizes from boot_need()).
 * @entries:     normalised map entries
 * @entries_cap: capacity of @entries
 * @blocks:      blocks
 * @block_cap:   capacity of @blocks
 * @resv:        reserved ranges
 * @resv_cap:    capacity of @resv
 */
struct boot_store {
	struct memmap_entry *entries;
	uint32_t entries_cap;
	struct topo_block *blocks;
	uint32_t block_cap;
	struct topo_resv *resv;
	uint32_t resv_cap;
};

/**
 * boot_need() - capacities for maps of up to @max_descs descriptors.
 * @max_descs: descriptors of the largest map boot_layout() will see
 * @t:         tables (the SRAT adds block boundaries)
 * @need:      receives the three capacities (pointers set to NULL)
 */
void boot_need(uint32_t max_descs, const struct boot_tables *t, struct boot_store *need);

/* boot_layout() flags: how the map's in-use types count. */
enum boot_layout_flags {
	BOOT_BS_FREE     = MEMMAP_BS_FREE,     /* boot services code/data is free
						* (the final map, after ExitBootServices) */
	BOOT_LOADER_FREE = MEMMAP_LOADER_FREE, /* loader code/data is free (the loader
						* reserves what it hands over itself) */
};

/**
 * struct boot_map - a raw memory map as GetMemoryMap() returns it.
 * @desc:      the descriptors
 * @size:      bytes at @desc
 * @desc_size: the firmware's descriptor stride
 * @count:     descriptors
 */
struct boot_map {
	const void *desc;
	uint64_t size;
	uint64_t desc_size;
	uint64_t count;
};

/* struct boot.flags */
enum boot_state_flags {
	BOOT_LAID_OUT = 1 << 0,
	BOOT_BUILT    = 1 << 1,
};

/**
 * struct boot - one pipeline run (about 40 KiB: keep it off small stacks).
 * @tables: the firmware tables (not owned)
 * @log:    warnings (not owned); may be NULL
 * @store:  caller storage
 * @mm:     the normalised map of the last boot_layout()
 * @topo:   blocks, node table and reserved list
 * @flags:  enum boot_state_flags
 */
struct boot {
	const struct boot_tables *tables;
	struct diag_log *log;
	struct boot_store store;
	struct memmap mm;
	struct topo topo;
	uint32_t flags;
};

/**
 * boot_init() - attach tables, storage and the warning log.
 * @b:      pipeline
 * @tables: parsed tables (may be NULL: no SRAT, no SLIT)
 * @store:  storage sized by boot_need()
 * @log:    warnings; may be NULL
 */
void boot_init(struct boot *b, const struct boot_tables *tables,
	       const struct boot_store *store, struct diag_log *log);

/**
 * boot_layout() - normalise @map and lay out blocks (no allocator calls).
 * @b:     pipeline (a previous layout and its reservations are dropped)
 * @map:   the raw map; must stay valid until boot_build()
 * @flags: enum boot_layout_flags
 * @err:   what is wrong (src "memmap" or "topology"); may be NULL
 *
 * Return: 0 or the negative DIAG code of memmap_normalise()/topo_layout().
 */
int boot_layout(struct boot *b, const struct boot_map *map, unsigned flags,
		struct diag_err *err);

/**
 * boot_arena_bound() - arena bytes that suffice for this layout and for any
 * later layout of a map with no more usable pages and no more descriptors
 * than boot_need() allowed (the loader sizes the arena from the first map
 * with boot services memory free, then builds from the final map).
 * @b: pipeline after boot_layout()
 *
 * Return: bootmem_arena_bytes(block capacity, usable pages).
 */
size_t boot_arena_bound(const struct boot *b);

/**
 * boot_reserve() - record a range to reserve at boot_build().
 * @b:    pipeline after boot_layout()
 * @addr: first byte
 * @size: bytes (rounded out to whole pages)
 * @what: enum memmap_what (MEMMAP_WHAT_KERNEL, _ARENA, ...)
 *
 * Return: 0, or -DIAG_EINVAL / -DIAG_ENOSPC as topo_reserve().
 */
int boot_reserve(struct boot *b, uint64_t addr, uint64_t size, unsigned what);

/**
 * boot_build() - bootmem_init() on @arena, then register the layout.
 * @b:          pipeline after boot_layout()
 * @bm:         allocator storage
 * @arena:      arena, at least boot_arena_bound() bytes
 * @arena_size: bytes at @arena
 * @err:        what failed (DIAG_ECORE names the bootmem2 error); may be NULL
 *
 * Return: 0 or a negative DIAG code; on error start again from boot_layout().
 */
int boot_build(struct boot *b, struct bootmem *bm, void *arena, size_t arena_size,
	       struct diag_err *err);

/* boot_report() flags */
enum boot_report_flags {
	BOOT_REPORT_VERBOSE  = 1 << 0,   /* the topology in words, SRAT summary, node table */
	BOOT_REPORT_WARNINGS = 1 << 1,   /* one "warning: ..." line per logged warning */
	BOOT_REPORT_NEAREST  = 1 << 3,   /* "nearest node=..." per node (report_nearest()) */
	BOOT_REPORT_TOPOLOGY = 1 << 2,   /* distances and SRAT ranges without memory, in words */
};

/**
 * boot_report() - the memory report of DESIGN.md section 4 (summary, node,
 * block and reserved lines), then the extras @flags ask for.
 * @b:     pipeline after boot_build()
 * @bm:    its allocator
 * @out:   the sink
 * @flags: enum boot_report_flags
 *
 * Return: 0 or a negative BOOTMEM_E* code from the allocator.
 */
int boot_report(const struct boot *b, const struct bootmem *bm, const struct report_sink *out,
		unsigned flags);

/**
 * boot_bi_caps() - boot_info capacities that hold for any layout of maps
 * within boot_need()'s bounds (the area is allocated before the final map).
 * @b:       pipeline after boot_layout()
 * @cmdline: command line room in bytes, NUL included
 * @caps:    receives the capacities
 *
 * A SLIT larger than BI_SLIT_MAX_LOCALITIES gets no room (not handed over).
 */
void boot_bi_caps(const struct boot *b, uint32_t cmdline, struct bi_caps *caps);

/**
 * boot_bi_input() - fill the pipeline's part of bi_build()'s input: the
 * topology, the SRAT and the SLIT when it fits boot_info. The caller fills
 * the rest (area, allocator, memory map, kernel, stack, ...).
 * @b:  pipeline after boot_build()
 * @in: bi_build() input
 */
void boot_bi_input(const struct boot *b, struct bi_build_in *in);

#endif /* BOOT_PIPELINE_H */

/* SPDX-License-Identifier: MIT */
/*
 * bootinfo_build.h - lay out and fill the loader's "bootinfo area": one
 * contiguous allocation (what=bootinfo) holding struct boot_info and
 * everything it points to that the loader owns:
 *
 *   offset 0            struct boot_info
 *   o_bootmem           struct bootmem (the allocator state the kernel keeps)
 *   o_nodes             struct bi_node[nodes]
 *   o_ranges            struct bi_range[ranges]     (all nodes together)
 *   o_reserved          struct bi_reserved[reserved]
 *   o_slit              uint8_t[localities * localities]
 *   o_cmdline           char[cmdline]               (NUL terminated)
 *
 * Every region starts 8-byte aligned; the area size is a multiple of 8.
 *
 *   bi_area_layout()  capacities -> size and offsets (before the area is
 *                     allocated, i.e. before the final memory map)
 *   bi_build()        after topo_build(): fill boot_info, the node table
 *                     (blocks, then SRAT ranges absent from the map), the
 *                     SLIT copy, the command line and the reserved list,
 *                     then bi_seal(). A capacity that is too small is an
 *                     error, never a silent truncation.
 *
 * Pure logic, freestanding C11: no libc, no UEFI types. Physical addresses
 * are the pointers' values (identity mapping in the loader; on the host the
 * tests treat host addresses as physical).
 */
#ifndef BOOT_BOOTINFO_BUILD_H
#define BOOT_BOOTINFO_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acpi.h"
#include "bootinfo.h"
#include "bootmem2.h"
#include "topology.h"

#define BI_SLIT_MAX_LOCALITIES 256u     /* what bi_validate() accepts */

/**
 * struct bi_caps - room to reserve in the area.
 * @nodes:           node table entries
 * @ranges:          bi_range entries of all nodes together (blocks + SRAT ranges)
 * @reserved:        reserved-list entries
 * @slit_localities: N of the N x N SLIT copy, 0 for none (at most 256)
 * @cmdline:         command line bytes including the terminating NUL
 */
struct bi_caps {
	uint32_t nodes;
	uint32_t ranges;
	uint32_t reserved;
	uint32_t slit_localities;
	uint32_t cmdline;
};

/**
 * struct bi_layout - where everything lives, as byte offsets from the area base.
 * @caps:       the capacities it was computed for
 * @size:       bytes of the whole area (multiple of 8)
 * @o_bootinfo: struct boot_info (always 0)
 * @o_bootmem:  struct bootmem
 * @o_nodes:    struct bi_node[caps.nodes]
 * @o_ranges:   struct bi_range[caps.ranges]
 * @o_reserved: struct bi_reserved[caps.reserved]
 * @o_slit:     uint8_t[caps.slit_localities ^ 2]
 * @o_cmdline:  char[caps.cmdline]
 */
struct bi_layout {
	struct bi_caps caps;
	uint64_t size;
	uint64_t o_bootinfo;
	uint64_t o_bootmem;
	uint64_t o_nodes;
	uint64_t o_ranges;
	uint64_t o_reserved;
	uint64_t o_slit;
	uint64_t o_cmdline;
};

/**
 * struct bi_build_error - what bi_area_layout() / bi_build() refused.
 * @msg:  static text, e.g. "node range table full"
 * @need: what was needed (entries, localities or bytes; 0 if not a capacity)
 * @cap:  the capacity or limit it exceeded
 */
struct bi_build_error {
	const char *msg;
	uint64_t need;
	uint64_t cap;
};

/**
 * bi_area_layout() - compute the area size and region offsets.
 * @caps: capacities
 * @lay:  receives the layout (caps copied in)
 * @err:  receives what is wrong; may be NULL
 *
 * Return: 0, or -1 if @caps->slit_localities exceeds BI_SLIT_MAX_LOCALITIES
 * (boot_info cannot carry it).
 */
int bi_area_layout(const struct bi_caps *caps, struct bi_layout *lay,
		   struct bi_build_error *err);

/**
 * struct bi_build_in - everything bi_build() puts into the handoff.
 * @topo:         layout after topo_build() (nodes, blocks, reserved list)
 * @numa:         the parsed SRAT given to topo_layout(), or NULL; its
 *                memory ranges that are absent from the map are listed per
 *                node when the topology is NUMA (TOPO_NUMA)
 * @slit:         a validated SLIT to copy, or NULL
 * @area:         base of the area, laid out by bi_area_layout(@lay)
 * @lay:          the area's layout
 * @bm:           the allocator (normally @area + @lay->o_bootmem)
 * @arena:        its arena, physical address
 * @arena_size:   bytes
 * @memmap:       the final UEFI memory map descriptors
 * @memmap_size:  bytes of descriptors
 * @memmap_desc_size:    firmware descriptor stride
 * @memmap_desc_version: firmware descriptor version
 * @kernel_lo:    kernel image start (where it runs)
 * @kernel_hi:    kernel image end (exclusive)
 * @kernel_entry: entry point
 * @kernel_load_base: runtime address - ELF address (0 for a fixed-address kernel)
 * @kernel_flags: enum bi_kernel_flags (BI_KERNEL_RELOCATED for an ET_DYN kernel)
 * @kernel_relocs: relocations the loader applied
 * @stack_start:  kernel stack start
 * @stack_end:    kernel stack end (exclusive)
 * @rsdp:         ACPI RSDP, 0 if none
 * @cmdline:      NUL-terminated ASCII command line (NULL: empty)
 * @flags:        enum bi_flags from the loader; bi_build() sets BI_FLAG_SLIT
 *                iff a SLIT is copied, and turns BI_FLAG_SRAT into
 *                BI_FLAG_NUMA_OFF when the topology disabled NUMA
 *                (overlapping nodes, SRAT without memory)
 * @stats:        loader statistics, copied as they are
 */
struct bi_build_in {
	const struct topo *topo;
	const struct acpi_numa *numa;
	const struct acpi_slit_info *slit;
	void *area;
	const struct bi_layout *lay;
	const struct bootmem *bm;
	uint64_t arena, arena_size;
	const void *memmap;
	uint64_t memmap_size;
	uint32_t memmap_desc_size;
	uint32_t memmap_desc_version;
	uint64_t kernel_lo, kernel_hi, kernel_entry;
	uint64_t kernel_load_base;
	uint32_t kernel_flags;
	uint32_t kernel_relocs;
	uint64_t stack_start, stack_end;
	uint64_t rsdp;
	const char *cmdline;
	uint32_t flags;
	struct bi_loader_stats stats;
};

/**
 * bi_build() - fill and seal the boot_info at @in->area.
 * @in:  inputs
 * @err: receives what is wrong; may be NULL
 *
 * Zeroes the area except the struct bootmem slot (it holds the live
 * allocator), then fills boot_info, the node table (per node in nid order:
 * its blocks as ranges with flags 0, then - NUMA only - its SRAT memory
 * ranges that no usable map entry overlaps, flagged BI_RANGE_ABSENT and
 * HOTPLUG / NONVOLATILE as the SRAT says; nodes without ranges get
 * ranges = 0), the SLIT copy, the command line and the reserved list
 * (topo->resv with memmap_what_name() names), then bi_seal().
 * It does not validate the result against the allocator: call bi_validate().
 *
 * Return: 0, or -1 with @err set: "topology not built", "no bootinfo area",
 * "node table full", "node range table full", "reserved list full",
 * "SLIT larger than its room", "command line longer than its room"
 * (need / cap say by how much), "block of a node outside the node table"
 * (a topology whose blocks name a nid >= nr_nodes; need = ranges, cap =
 * ranges written). On error the area content is unspecified
 * and boot_info is not sealed.
 */
int bi_build(const struct bi_build_in *in, struct bi_build_error *err);

/**
 * bi_build_ranges_needed() - bi_range entries bi_build() will write.
 * @t:    layout after topo_layout()
 * @numa: as for bi_build()
 *
 * Return: blocks + (NUMA only) SRAT memory ranges absent from the map.
 */
uint64_t bi_build_ranges_needed(const struct topo *t, const struct acpi_numa *numa);

#endif /* BOOT_BOOTINFO_BUILD_H */

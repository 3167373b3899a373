/* SPDX-License-Identifier: MIT */
/*
 * report_topo.h - the loader's side of the memory report: the DESIGN.md
 * section 4 report of a built topology (lib/report.h does the lines), the
 * verbose extras (SRAT summary, distances, warnings) and the --print-srat
 * line formats.
 *
 * Freestanding C11.
 */
#ifndef BOOT_REPORT_TOPO_H
#define BOOT_REPORT_TOPO_H

#include <stddef.h>
#include <stdint.h>

#include "acpi.h"
#include "bootmem2.h"
#include "diag.h"
#include "report.h"
#include "topology.h"

/**
 * report_topo() - the memory report of a built layout: summary, node lines
 * (the topology's node table, memoryless nodes included), block lines and
 * the reserved ranges with their reasons.
 * @t:   state after topo_build() (before it: no reserved lines)
 * @bm:  the allocator it was built into
 * @out: the sink
 *
 * Return: 0 or a negative BOOTMEM_E* code from the allocator.
 */
int report_topo(const struct topo *t, const struct bootmem *bm, const struct report_sink *out);

/* Distance rows are listed up to this many nodes (a line per node). */
#define REPORT_DIST_MAX_NODES 32

/**
 * report_nearest_node() - the node that serves @nid first under
 * alloc_bootmem_nearest() with a row of topo_distance(): @nid itself if it
 * owns blocks, else the node with blocks at the smallest distance, the
 * lower nid on a tie.
 * @t:    layout state (after topo_layout())
 * @nid:  the node asking, < t->nr_nodes
 * @dist: receives the distance from @nid to it; may be NULL
 *
 * Return: the serving nid, or -1 if no node owns blocks.
 */
int report_nearest_node(const struct topo *t, uint32_t nid, uint32_t *dist);

/**
 * report_nearest() - one line per node, in nid order: where its memory
 * comes from first (report_nearest_node()). Each line starts with its own
 * word (DESIGN.md section 4 allows extra lines of that shape):
 *   nearest node=<nid> memory_node=<nid> distance=<dec>
 *   nearest node=<nid> memory_node=none                 (no node has memory)
 * @t:   layout state (after topo_layout())
 * @out: the sink
 */
void report_nearest(const struct topo *t, const struct report_sink *out);

/**
 * report_topology() - the topology in words, after the memory report: the
 * SLIT as "distances from node <nid>: <d0> <d1> ..." rows (nid order, after
 * one "distances:" line saying what they are), then one line per enabled
 * SRAT range without usable memory, starting with "hotplug:",
 * "nonvolatile:" or "absent:" and saying why it has no blocks.
 * @t:   layout state (after topo_layout())
 * @out: the sink
 */
void report_topology(const struct topo *t, const struct report_sink *out);

/**
 * report_memmap() - a raw UEFI memory map, one line per descriptor in map
 * order after a line with the count and stride:
 *   memmap: <type> start=0x<hex> end=0x<hex> pages=<dec> attr=0x<hex>
 * (<type> as memmap_type_name(), "unknown(<dec>)" beyond the UEFI types).
 * @desc:      the descriptors
 * @desc_size: their stride (at least MEMMAP_DESC_MIN_SIZE; else nothing is printed)
 * @count:     how many
 * @out:       the sink
 */
void report_memmap(const void *desc, uint64_t desc_size, uint64_t count,
		   const struct report_sink *out);

/**
 * report_verbose() - extras: SRAT summary, node table, warnings.
 * @t:   layout state (after topo_layout())
 * @log: warnings, or NULL
 * @out: the sink
 */
void report_verbose(const struct topo *t, const struct diag_log *log,
		    const struct report_sink *out);

/**
 * report_warnings() - one "warning: <text>" line per logged warning.
 * @log: the log, or NULL
 * @out: the sink
 */
void report_warnings(const struct diag_log *log, const struct report_sink *out);

/**
 * report_srat_entry() - one --print-srat line (DESIGN.md section 4):
 *   cpu pxm=<d> apic=<d> flags=<enabled|disabled>
 *   mem pxm=<d> base=0x<h> length=0x<h> flags=<enabled|disabled>[,hotplug][,nonvolatile]
 *   x2apic pxm=<d> apic=<d> flags=<enabled|disabled>
 *   other type=<d> length=<d>
 * @e:    decoded entry
 * @buf:  destination
 * @size: bytes in @buf (128 always suffice)
 *
 * Return: the line length (snprintf semantics).
 */
int report_srat_entry(const struct acpi_srat_entry *e, char *buf, size_t size);

/**
 * report_slit() - "slit localities=<N>" then N "dist ..." lines.
 * @s:    parsed SLIT
 * @buf:  line buffer, at least 4 * N + 8 bytes
 * @size: bytes in @buf
 * @out:  the sink
 *
 * Return: 0, or -DIAG_ENOSPC if @buf is too small (nothing printed).
 */
int report_slit(const struct acpi_slit_info *s, char *buf, size_t size,
		const struct report_sink *out);

#endif /* BOOT_REPORT_TOPO_H */

/* SPDX-License-Identifier: MIT */
/*
 * report.h - the memory report of DESIGN.md section 4, shared by the loader,
 * the kernel and the host tools.
 *
 * The report needs only the allocator and a node table: block lines come
 * from the allocator itself (bootmem_block_info(): exact per-block free
 * counts at any time, no page scans, also in the kernel), node lines from
 * bootmem_stats() per node. Reserved ranges are printed one by one with
 * report_reserved(), because the loader keeps their reasons as codes and the
 * kernel as boot_info strings.
 *
 * Output goes line by line (no newline) through a sink, so the same code
 * prints on the UEFI console, on serial, on the host and in tests.
 *
 * Freestanding C11; needs fmt.c and the core.
 */
#ifndef LIB_REPORT_H
#define LIB_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "bootmem2.h"

/**
 * struct report_sink - where lines go.
 * @emit: called once per line; @line has no newline and is only valid
 *        during the call
 * @ctx:  passed to @emit
 */
struct report_sink {
	void (*emit)(void *ctx, const char *line);
	void *ctx;
};

/**
 * struct report_node - one node line of the report.
 * @nid: bootmem2 node id
 * @pxm: ACPI proximity domain
 */
struct report_node {
	uint32_t nid;
	uint32_t pxm;
};

/**
 * struct report_view - what the memory report describes.
 * @bm:       the allocator (blocks and counts come from it)
 * @node:     node table in nid order, memoryless nodes included
 * @nr_nodes: entries in @node
 */
struct report_view {
	const struct bootmem *bm;
	const struct report_node *node;
	uint32_t nr_nodes;
};

/**
 * report_emit() - send one line to a sink (a NULL sink or emit is ignored).
 * @out:  the sink
 * @line: the line, without newline
 */
void report_emit(const struct report_sink *out, const char *line);

/**
 * report_memory() - print the summary, node and block lines, exactly as
 * DESIGN.md section 4:
 *   bootmem2: nodes=<N> blocks=<B> total_pages=<T> free_pages=<F> reserved_pages=<R>
 *   node <nid> pxm=<p> blocks=<n> total_pages=<t> free_pages=<f> reserved_pages=<r>
 *   block <i> node=<nid> start=0x<hex> end=0x<hex> pages=<n> free_pages=<f>
 * N is the number of node lines; every count comes from the allocator.
 * The caller prints the reserved lines after it (report_reserved()).
 * @v:   the view
 * @out: the sink
 *
 * Return: 0 or a negative BOOTMEM_E* code (lines before it were printed).
 */
int report_memory(const struct report_view *v, const struct report_sink *out);

/**
 * report_reserved() - print one "reserved start=0x.. end=0x.. what=.." line.
 * @out:   the sink
 * @start: range start
 * @end:   range end (exclusive)
 * @what:  reason ("kernel", "bs_data"...)
 */
void report_reserved(const struct report_sink *out, uint64_t start, uint64_t end,
		     const char *what);

#endif /* LIB_REPORT_H */

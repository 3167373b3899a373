/* SPDX-License-Identifier: MIT */
/*
 * report.h - the memory report of DESIGN.md section 4, plus verbose extras
 * and the --print-srat line formats.
 *
 * Output goes line by line (no newline) through a sink, so the same code
 * prints on the UEFI console, on serial, on the host and in the kernel.
 *
 * Per-block free pages come from the allocator's own per-block counter
 * (bootmem_block_info()), so they are exact at any time (after allocations,
 * in the kernel) and cost nothing on a terabyte machine.
 *
 * report.c needs only fmt.c and the core (the kernel links it alone);
 * report_verbose() and report_warnings() live in report_verbose.c, which
 * also needs diag.c and topology.c.
 *
 * Freestanding C11.
 */
#ifndef EFI_REPORT_H
#define EFI_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "acpi.h"
#include "bootmem2.h"
#include "diag.h"
#include "topology.h"

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
 * struct report_view - what the memory report describes.
 * @bm:        the allocator
 * @node:      node table, sorted by nid (memoryless nodes included)
 * @nr_nodes:  entries in @node
 * @block:     blocks, sorted by address; free_pages may be TOPO_FREE_UNKNOWN
 * @nr_blocks: entries in @block
 * @resv:      reserved ranges, sorted by address
 * @nr_resv:   entries in @resv
 */
struct report_view {
	const struct bootmem *bm;
	const struct topo_node *node;
	uint32_t nr_nodes;
	const struct topo_block *block;
	uint32_t nr_blocks;
	const struct topo_resv *resv;
	uint32_t nr_resv;
};

/**
 * report_view_from_topo() - view of a built layout.
 * @v:  the view
 * @t:  state after topo_build()
 * @bm: the allocator it was built into
 */
void report_view_from_topo(struct report_view *v, const struct topo *t,
			   const struct bootmem *bm);

/**
 * report_block_free() - free pages of block @i (see the header comment).
 * @v:   the view
 * @i:   block index
 * @out: free pages
 *
 * Return: 0, or a negative BOOTMEM_E* code: BOOTMEM_EINVAL for an index the
 * allocator does not have, BOOTMEM_EFAULT when the view's block @i is not
 * the allocator's block @i (a stale view).
 */
int report_block_free(const struct report_view *v, uint32_t i, uint64_t *out);

/**
 * report_memory() - print the memory report, exactly as DESIGN.md section 4:
 *   bootmem2: nodes=<N> blocks=<B> total_pages=<T> free_pages=<F> reserved_pages=<R>
 *   node <nid> pxm=<p> blocks=<n> total_pages=<t> free_pages=<f> reserved_pages=<r>
 *   block <i> node=<nid> start=0x<hex> end=0x<hex> pages=<n> free_pages=<f>
 *   reserved start=0x<hex> end=0x<hex> what=<reason>
 * N is the number of node lines (the node table, memoryless nodes included);
 * the counts come from bootmem_stats().
 * @v:   the view
 * @out: the sink
 *
 * Return: 0 or a negative BOOTMEM_E* code (lines before it were printed).
 */
int report_memory(const struct report_view *v, const struct report_sink *out);

/**
 * report_line_reserved() - format one "reserved start= end= what=" line.
 * @buf:   destination
 * @size:  bytes in @buf
 * @start: range start
 * @end:   range end
 * @what:  reason text ("kernel", "bs_data"...)
 *
 * For callers that keep reasons as text (the kernel reads them from
 * boot_info) and print the reserved lines themselves after a
 * report_memory() with nr_resv = 0.
 *
 * Return: the line length (snprintf semantics).
 */
int report_line_reserved(char *buf, size_t size, uint64_t start, uint64_t end,
			 const char *what);

/**
 * report_verbose() - extras: SRAT summary, node table, SLIT, warnings.
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

#endif /* EFI_REPORT_H */

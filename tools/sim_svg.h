/* SPDX-License-Identifier: MIT */
/*
 * sim_svg.h - `bootmem2-sim --svg FILE` / `--html FILE`: a picture of the
 * physical memory map per node, drawn from a built boot pipeline.
 *
 * The drawing: one horizontal lane per node (memoryless nodes included and
 * hatched), one physical address axis shared by every lane. Blocks sit in
 * their node's lane, green where pages are free and red where they are
 * reserved (the pipeline's reserved list, checked against the allocator's
 * per-block counts). The axis is piecewise linear: every block is drawn at
 * one scale (data-px-per-page on the root element) unless that would make
 * it narrower than the minimum block width (data-min-block-width: 24 px for
 * a few blocks down to 4 px for many), in which case it is drawn that wide
 * with a dashed border (data-widened="1"); reserved ranges narrower than
 * SIM_SVG_MIN_RESV_W get that width and a label. Holes between blocks are
 * gaps; holes wider than SIM_SVG_BREAK_W are cut to that width and marked
 * with a break (//). Hot-pluggable and non-volatile SRAT ranges are
 * outlines. Every block, reserved range, hole and outline has an SVG
 * <title> with its exact start, end and pages. A title line gives the
 * summary, a matrix the SLIT distances (up to SIM_SVG_SLIT_MAX nodes).
 *
 * Size: about 350 bytes per block and per reserved range plus 400 per
 * node; 1024 blocks with 2 reserved ranges each stay below 2 MB (tested).
 *
 * Hosted C11 (tools/ only).
 */
#ifndef TOOLS_SIM_SVG_H
#define TOOLS_SIM_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "bootmem2.h"
#include "pipeline.h"
#include "sim_buf.h"

#define SIM_SVG_AXIS_W       1200   /* px for the axis unless minimum widths need more */
#define SIM_SVG_MIN_BLOCK_W  4      /* px: narrowest block, with many blocks */
#define SIM_SVG_MAX_MIN_BLOCK_W 24  /* px: narrowest block, with few blocks */
#define SIM_SVG_MIN_RESV_W   2      /* px: narrowest reserved range */
#define SIM_SVG_GAP_W        3      /* px: narrowest hole */
#define SIM_SVG_BREAK_W      24     /* px: widest hole (wider ones are cut) */
#define SIM_SVG_OUTLINE_W    60     /* px: widest SRAT range without blocks */
#define SIM_SVG_SLIT_MAX     32     /* nodes up to which the SLIT is drawn */

/* sim_svg_render() flags */
enum sim_svg_flags {
	SIM_SVG_HTML = 1 << 0,      /* an HTML page: the SVG and the report side by side */
};

/**
 * struct sim_svg_range - a range of the firmware map that is not usable
 * memory ("ACPI Tables", "mmio"...), named in the hover text of the hole
 * it falls in.
 * @start: first byte
 * @end:   end (exclusive)
 * @name:  the type's name
 */
struct sim_svg_range {
	uint64_t start, end;
	const char *name;
};

/**
 * struct sim_svg_in - what to draw.
 * @b:      the pipeline after boot_build()
 * @bm:     its allocator
 * @source: what was read (file names, "host /"), for the title
 * @fw:     firmware map ranges that are not usable memory; may be NULL
 * @nr_fw:  entries at @fw
 * @report: the text report (lines with newlines) for SIM_SVG_HTML; may be NULL
 */
struct sim_svg_in {
	const struct boot *b;
	const struct bootmem *bm;
	const char *source;
	const struct sim_svg_range *fw;
	uint32_t nr_fw;
	const char *report;
};

/**
 * sim_svg_render() - append the SVG (or, with SIM_SVG_HTML, the HTML page)
 * to @out.
 * @in:    what to draw
 * @flags: enum sim_svg_flags
 * @out:   the text is appended here
 * @msg:   on error: what went wrong
 * @msize: bytes at @msg
 *
 * The blocks and their free counts come from the allocator
 * (bootmem_block_info()); they must agree with the pipeline's blocks and
 * reserved list, and a few pages per range are checked with
 * bootmem_page_is_free() (no page scans).
 *
 * Return: 0, or -1 with @msg set (allocator and pipeline disagree, out of
 * memory).
 */
int sim_svg_render(const struct sim_svg_in *in, unsigned flags, struct sim_buf *out,
		   char *msg, size_t msize);

#endif /* TOOLS_SIM_SVG_H */

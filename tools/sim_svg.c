// SPDX-License-Identifier: MIT
/* sim_svg.c - the memory map as SVG / HTML; see sim_svg.h. */
#include "sim_svg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memmap.h"
#include "topology.h"
#include "util.h"

typedef unsigned long long ull;

/* Geometry (px). */
#define LABEL_W     140                 /* lane labels on the left */
#define AXIS_X      (LABEL_W + 10)      /* x of the axis' first address */
#define RIGHT_PAD   20
#define MIN_WIDTH   1040                /* header and legend fit */
#define LANES_Y     104                 /* first lane */
#define LANE_H      54
#define BAR_Y       6                   /* bar inside its lane */
#define BAR_H       22
#define LABEL_DY0   (BAR_Y + BAR_H + 10)  /* the two label rows of a lane */
#define LABEL_DY1   (BAR_Y + BAR_H + 20)
#define CHAR_W      5.0                 /* average width of a 9 px character */
#define CELL_W      28                  /* SLIT matrix cell */
#define CELL_H      16
#define MAX_FW_NAMES 4                  /* firmware ranges named per hole */

enum ivl_kind {
	IVL_HOLE,       /* no block, no outline: a gap */
	IVL_BLOCK,      /* exactly one block */
	IVL_OUTLINE,    /* an SRAT range without blocks */
};

/* struct ivl.flags */
enum ivl_flags {
	IVL_WIDENED = 1 << 0,   /* drawn wider than the scale */
	IVL_CUT     = 1 << 1,   /* drawn narrower than the scale (break mark) */
};

/* human() forms */
enum human_form {
	HUMAN_LONG,     /* "640 KiB", "3.38 GiB" */
	HUMAN_SHORT,    /* axis labels: "640K", "3.38G" */
};

/* Page states bootmem_page_is_free() answers. */
enum page_state {
	PAGE_RESERVED = 0,
	PAGE_FREE = 1,
};

/* One piece of the axis: [s, e) drawn at [x, x + w). */
struct ivl {
	uint64_t s, e;
	double x, w;
	uint32_t kind;
	uint32_t flags;
};

/* An SRAT range drawn as an outline. */
struct outline {
	uint64_t s, e;
	uint32_t lane, pxm, flags;
};

struct svg {
	const struct sim_svg_in *in;
	const struct topo *t;
	struct sim_buf *o;
	struct bootmem_block_info *blk;     /* from the allocator, address order */
	uint32_t nr_blk;
	struct outline *ol;
	uint32_t nr_ol;
	struct ivl *iv;
	uint32_t nr_iv;
	double scale;                       /* px per page */
	double min_block_w;                 /* narrowest block (px) */
	double axis_w;
	uint32_t nr_lanes;
	int width, height, axis_y;
	char *msg;
	size_t msize;
};

static int fail(struct svg *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct svg *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(g->msg, g->msize, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- numbers as text ----------------------------------------------------- */

/* A coordinate with at most 2 decimals, no trailing zeros. */
static const char *px(double v)
{
	static char ring[8][32];
	static unsigned k;
	char *b = ring[k++ % 8];
	ull c = v > 0 ? (ull)(v * 100.0 + 0.5) : 0;

	if (c % 100 == 0)
		snprintf(b, 32, "%llu", c / 100);
	else if (c % 10 == 0)
		snprintf(b, 32, "%llu.%llu", c / 100, (c % 100) / 10);
	else
		snprintf(b, 32, "%llu.%02llu", c / 100, c % 100);
	return b;
}

/*
 * Bytes in binary units: exact where a unit gives fewer than 10000 of them
 * ("640 KiB", "2047 MiB"), else the largest unit with two decimals
 * ("72.00 GiB"); HUMAN_SHORT gives the axis form ("640K", "3.38G").
 */
static const char *human(uint64_t v, enum human_form form)
{
	static const char unit[] = "KMGTPE";
	static char ring[8][32];
	static unsigned k;
	char *b = ring[k++ % 8];
	int top = -1;

	for (int i = 0; i < 6; i++)
		if (v >> (10 * (i + 1)))
			top = i;
	if (top < 0) {
		snprintf(b, 32, form == HUMAN_SHORT ? "%llu" : "%llu B", (ull)v);
		return b;
	}
	for (int u = top; u >= 0; u--) {
		unsigned shift = 10 * (unsigned)(u + 1);

		if (!(v & ((1ULL << shift) - 1)) && (v >> shift) < 10000) {
			snprintf(b, 32, form == HUMAN_SHORT ? "%llu%c" : "%llu %ciB", (ull)(v >> shift), unit[u]);
			return b;
		}
	}
	snprintf(b, 32, form == HUMAN_SHORT ? "%.2f%c" : "%.2f %ciB",
		 (double)v / (double)(1ULL << (10 * (top + 1))), unit[top]);
	return b;
}

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* ---- the allocator's view, checked against the pipeline ------------------- */

/* Reserved pages of [s, e) per the reserved list (from index *r on). */
static uint64_t resv_pages_in(const struct topo *t, uint32_t *r, uint64_t s, uint64_t e)
{
	uint64_t n = 0;

	while (*r < t->nr_resv && t->resv[*r].end <= s)
		(*r)++;
	for (uint32_t k = *r; k < t->nr_resv && t->resv[k].start < e; k++)
		n += (util_min(e, t->resv[k].end) - util_max(s, t->resv[k].start)) / BOOTMEM_PAGE_SIZE;
	return n;
}

/* The page at @a must be in state @want in the allocator. */
static int expect_page(struct svg *g, uint64_t a, enum page_state want)
{
	int got = bootmem_page_is_free(g->in->bm, a);

	if (got != (int)want)
		return fail(g, "allocator: page 0x%llx is %s, the reserved list says %s",
			    (ull)a, got == 1 ? "free" : got == 0 ? "reserved" : "unmanaged",
			    want == PAGE_FREE ? "free" : "reserved");
	return 0;
}

/*
 * Blocks from bootmem_block_info(); each must be the pipeline's block, its
 * free count the block minus the reserved list, and the first and last page
 * of every reserved range and free run must have the state drawn.
 */
static int load_blocks(struct svg *g)
{
	const struct topo *t = g->t;
	struct bootmem_stats st;
	uint32_t r = 0;

	if (bootmem_stats(g->in->bm, -1, &st))
		return fail(g, "allocator: bootmem_stats failed");
	if (st.nr_blocks != t->nr_blocks)
		return fail(g, "allocator has %u blocks, the pipeline %u", st.nr_blocks, t->nr_blocks);
	g->nr_blk = st.nr_blocks;
	g->blk = calloc(g->nr_blk ? g->nr_blk : 1, sizeof(*g->blk));
	if (!g->blk)
		return fail(g, "out of memory");
	for (uint32_t i = 0; i < g->nr_blk; i++) {
		struct bootmem_block_info *b = &g->blk[i];
		const struct topo_block *tb = &t->block[i];
		uint64_t pages, resv, run;

		if (bootmem_block_info(g->in->bm, i, b) || b->start != tb->start ||
		    b->end != tb->end || b->nid != (int)tb->nid)
			return fail(g, "allocator block %u differs from the pipeline's 0x%llx-0x%llx",
				    i, (ull)tb->start, (ull)tb->end);
		pages = (b->end - b->start) / BOOTMEM_PAGE_SIZE;
		resv = resv_pages_in(t, &r, b->start, b->end);
		if (pages - resv != b->free_pages)
			return fail(g, "block %u: allocator has %llu free pages, the reserved list leaves %llu",
				    i, (ull)b->free_pages, (ull)(pages - resv));
		run = b->start;
		for (uint32_t k = r; k < t->nr_resv && t->resv[k].start < b->end; k++) {
			uint64_t s = util_max(b->start, t->resv[k].start);
			uint64_t e = util_min(b->end, t->resv[k].end);

			if ((run < s && (expect_page(g, run, PAGE_FREE) ||
					 expect_page(g, s - 4096, PAGE_FREE))) ||
			    expect_page(g, s, PAGE_RESERVED) ||
			    expect_page(g, e - 4096, PAGE_RESERVED))
				return -1;
			run = e;
		}
		if (run < b->end && (expect_page(g, run, PAGE_FREE) ||
				     expect_page(g, b->end - 4096, PAGE_FREE)))
			return -1;
	}
	return 0;
}

/* Hot-pluggable and non-volatile SRAT ranges. */
static int load_outlines(struct svg *g)
{
	const struct acpi_numa *numa = g->t->numa;

	if (!numa || !numa->nr_mem)
		return 0;
	g->ol = calloc(numa->nr_mem, sizeof(*g->ol));
	if (!g->ol)
		return fail(g, "out of memory");
	for (uint32_t i = 0; i < numa->nr_mem; i++) {
		const struct acpi_numa_mem *m = &numa->mem[i];
		struct outline *o = &g->ol[g->nr_ol];

		if (!(m->flags & (ACPI_SRAT_HOTPLUG | ACPI_SRAT_NONVOLATILE)) || m->base >= m->end)
			continue;
		o->s = m->base;
		o->e = m->end;
		o->lane = (g->t->flags & TOPO_NUMA) && m->nid < g->nr_lanes ? m->nid : 0;
		o->pxm = m->pxm;
		o->flags = m->flags;
		g->nr_ol++;
	}
	return 0;
}

/* ---- the axis --------------------------------------------------------------- */

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Index of the block holding @a strictly inside (start < a < end), or -1. */
static int64_t block_inside(const struct svg *g, uint64_t a)
{
	uint32_t lo = 0, hi = g->nr_blk;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (g->blk[mid].end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->nr_blk && g->blk[lo].start < a ? (int64_t)lo : -1;
}

static double ivl_width(const struct svg *g, const struct ivl *v, double scale, uint32_t *flags)
{
	double want = (double)(v->e - v->s) / 4096.0 * scale;
	double lo = v->kind == IVL_HOLE ? SIM_SVG_GAP_W :
		    v->kind == IVL_BLOCK ? g->min_block_w : SIM_SVG_MIN_BLOCK_W;
	double hi = v->kind == IVL_HOLE ? SIM_SVG_BREAK_W :
		    v->kind == IVL_OUTLINE ? SIM_SVG_OUTLINE_W : 0;

	*flags = 0;
	if (want < lo) {
		*flags = v->kind == IVL_BLOCK ? IVL_WIDENED : 0;
		return lo;
	}
	if (hi && want > hi) {
		*flags = IVL_CUT;
		return hi;
	}
	return want;
}

static double axis_total(const struct svg *g, double scale)
{
	double sum = 0;
	uint32_t f;

	for (uint32_t i = 0; i < g->nr_iv; i++)
		sum += ivl_width(g, &g->iv[i], scale, &f);
	return sum;
}

/*
 * Stops at every block boundary and every outline boundary that is not
 * inside a block; the pieces between are blocks, outlines or holes. Blocks
 * get at least SIM_SVG_AXIS_W / (8 x blocks) px, within SIM_SVG_MIN_BLOCK_W
 * and SIM_SVG_MAX_MIN_BLOCK_W: a 640 KiB block next to a 1 TiB one stays
 * visible, and a thousand blocks still fit. The scale is the one that makes
 * the axis SIM_SVG_AXIS_W wide (or twice the sum of the minimum widths, when
 * that is more): found by bisection, the total width being monotonic in the
 * scale.
 */
static int build_axis(struct svg *g)
{
	uint32_t n = 0, o = 0;
	uint64_t *stop = calloc(2 * (size_t)(g->nr_blk + g->nr_ol) + 1, sizeof(*stop));
	double target, lo = 0, hi = 1e-12, x = AXIS_X;

	if (!stop)
		return fail(g, "out of memory");
	for (uint32_t i = 0; i < g->nr_blk; i++) {
		stop[n++] = g->blk[i].start;
		stop[n++] = g->blk[i].end;
	}
	for (uint32_t i = 0; i < g->nr_ol; i++) {
		if (block_inside(g, g->ol[i].s) < 0)
			stop[n++] = g->ol[i].s;
		if (block_inside(g, g->ol[i].e) < 0)
			stop[n++] = g->ol[i].e;
	}
	qsort(stop, n, sizeof(*stop), u64_cmp);
	g->min_block_w = g->nr_blk ? (double)SIM_SVG_AXIS_W / (8.0 * g->nr_blk) :
				     SIM_SVG_MIN_BLOCK_W;
	if (g->min_block_w < SIM_SVG_MIN_BLOCK_W)
		g->min_block_w = SIM_SVG_MIN_BLOCK_W;
	if (g->min_block_w > SIM_SVG_MAX_MIN_BLOCK_W)
		g->min_block_w = SIM_SVG_MAX_MIN_BLOCK_W;
	g->min_block_w = (double)(int)g->min_block_w;
	g->iv = calloc(n ? n : 1, sizeof(*g->iv));
	if (!g->iv) {
		free(stop);
		return fail(g, "out of memory");
	}
	for (uint32_t i = 0, b = 0; i + 1 < n; i++) {
		struct ivl *v = &g->iv[g->nr_iv];

		if (stop[i] == stop[i + 1])
			continue;
		v->s = stop[i];
		v->e = stop[i + 1];
		while (b < g->nr_blk && g->blk[b].end <= v->s)
			b++;
		if (b < g->nr_blk && g->blk[b].start == v->s) {
			v->kind = IVL_BLOCK;
		} else {
			v->kind = IVL_HOLE;
			for (o = 0; o < g->nr_ol; o++)
				if (g->ol[o].s < v->e && g->ol[o].e > v->s)
					v->kind = IVL_OUTLINE;
		}
		g->nr_iv++;
	}
	free(stop);

	target = axis_total(g, 0) * 2;
	if (target < SIM_SVG_AXIS_W)
		target = SIM_SVG_AXIS_W;
	for (int i = 0; i < 400 && axis_total(g, hi) < target; i++)
		hi *= 2;
	for (int i = 0; i < 200; i++) {
		double mid = lo + (hi - lo) / 2;

		if (axis_total(g, mid) < target)
			lo = mid;
		else
			hi = mid;
	}
	g->scale = hi;
	for (uint32_t i = 0; i < g->nr_iv; i++) {
		g->iv[i].w = ivl_width(g, &g->iv[i], g->scale, &g->iv[i].flags);
		g->iv[i].x = x;
		x += g->iv[i].w;
	}
	g->axis_w = x - AXIS_X;
	return 0;
}

/* x of address @a: linear inside the piece that holds it. */
static double x_of(const struct svg *g, uint64_t a)
{
	uint32_t lo = 0, hi = g->nr_iv;
	const struct ivl *v;

	if (!g->nr_iv)
		return AXIS_X;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (g->iv[mid].e <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= g->nr_iv)
		return g->iv[g->nr_iv - 1].x + g->iv[g->nr_iv - 1].w;
	v = &g->iv[lo];
	if (a <= v->s)
		return v->x;
	return v->x + (double)(a - v->s) / (double)(v->e - v->s) * v->w;
}

static const struct ivl *block_ivl(const struct svg *g, uint64_t start)
{
	uint32_t lo = 0, hi = g->nr_iv;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (g->iv[mid].s < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &g->iv[lo];
}

/* ---- drawing ---------------------------------------------------------------- */

static int lane_y(uint32_t lane)
{
	return LANES_Y + (int)lane * LANE_H;
}

static void header(struct svg *g, const struct bootmem_stats *st)
{
	struct sim_buf *o = g->o;
	static const struct {
		const char *cls, *text;
	} legend[] = {
		{ "block", "free pages" },
		{ "resv", "reserved pages" },
		{ "wide", "drawn wider than the scale" },
		{ "hotplug", "hot-pluggable SRAT range" },
		{ "nonvolatile", "non-volatile SRAT range" },
		{ "memless", "memoryless node" },
		{ "cut", "hole cut (not to scale)" },
	};
	double x = 10;

	sim_buf_printf(o, "<text class=\"h1\" x=\"10\" y=\"22\">bootmem2: nodes=%u blocks=%u total_pages=%llu free_pages=%llu reserved_pages=%llu</text>\n",
		       g->nr_lanes, st->nr_blocks, (ull)st->total_pages, (ull)st->free_pages,
		       (ull)st->reserved_pages);
	sim_buf_printf(o, "<text class=\"h2\" x=\"10\" y=\"42\">");
	sim_buf_xml(o, g->in->source ? g->in->source : "");
	sim_buf_printf(o, ": %s of memory, %s free, %s reserved</text>\n",
		       human(st->total_pages * BOOTMEM_PAGE_SIZE, HUMAN_LONG),
		       human(st->free_pages * BOOTMEM_PAGE_SIZE, HUMAN_LONG),
		       human(st->reserved_pages * BOOTMEM_PAGE_SIZE, HUMAN_LONG));
	sim_buf_printf(o, "<text class=\"h3\" x=\"10\" y=\"60\">scale: 1 GiB = %s px; blocks narrower than %s px drawn %s px wide; holes wider than %d px cut; hover for exact ranges</text>\n",
		       px(g->scale * 262144.0), px(g->min_block_w), px(g->min_block_w),
		       SIM_SVG_BREAK_W);
	sim_buf_printf(o, "<g class=\"legend\">\n");
	for (size_t i = 0; i < sizeof(legend) / sizeof(legend[0]); i++) {
		const char *c = legend[i].cls;

		if (!strcmp(c, "cut"))
			sim_buf_printf(o, "<text class=\"brk\" x=\"%s\" y=\"86\">//</text>", px(x + 2));
		else if (!strcmp(c, "wide"))
			sim_buf_printf(o, "<rect class=\"block\" data-widened=\"1\" x=\"%s\" y=\"76\" width=\"14\" height=\"12\"/>", px(x));
		else if (!strcmp(c, "memless"))
			sim_buf_printf(o, "<rect class=\"memless\" x=\"%s\" y=\"76\" width=\"14\" height=\"12\"/>", px(x));
		else
			sim_buf_printf(o, "<rect class=\"%s\" x=\"%s\" y=\"76\" width=\"14\" height=\"12\"/>", c, px(x));
		sim_buf_printf(o, "<text x=\"%s\" y=\"86\">%s</text>\n", px(x + 18), legend[i].text);
		x += 18 + CHAR_W * 1.2 * (double)strlen(legend[i].text) + 16;
	}
	sim_buf_printf(o, "</g>\n");
}

/* Put a label in the first of the lane's two rows where it fits. */
static void label(struct svg *g, double *row_end, int y, double x, const char *text)
{
	double w = CHAR_W * (double)strlen(text);

	if (x + w > AXIS_X + g->axis_w)
		x = AXIS_X + g->axis_w - w;
	for (int r = 0; r < 2; r++) {
		if (x >= row_end[r]) {
			sim_buf_printf(g->o, "<text class=\"rl\" x=\"%s\" y=\"%d\">", px(x),
				       y + (r ? LABEL_DY1 : LABEL_DY0));
			sim_buf_xml(g->o, text);
			sim_buf_printf(g->o, "</text>\n");
			row_end[r] = x + w + 4;
			return;
		}
	}
}

static void draw_resv(struct svg *g, uint32_t bi, const struct ivl *bv, int y, uint32_t *r,
		      double *row_end)
{
	const struct bootmem_block_info *b = &g->blk[bi];
	const struct topo *t = g->t;

	while (*r < t->nr_resv && t->resv[*r].end <= b->start)
		(*r)++;
	for (uint32_t k = *r; k < t->nr_resv && t->resv[k].start < b->end; k++) {
		const struct topo_resv *rv = &t->resv[k];
		uint64_t s = util_max(b->start, rv->start), e = util_min(b->end, rv->end);
		double x = x_of(g, s), w = x_of(g, e) - x;
		const char *what = memmap_what_name(rv->what);
		int widened = w < SIM_SVG_MIN_RESV_W;
		char text[64];

		if (widened) {
			w = SIM_SVG_MIN_RESV_W;
			if (x + w > bv->x + bv->w)
				x = bv->x + bv->w - w;
		}
		sim_buf_printf(g->o, "<rect class=\"resv\" data-block=\"%u\" data-what=\"%s\" data-start=\"0x%llx\" data-end=\"0x%llx\" data-pages=\"%llu\" data-widened=\"%d\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\"><title>reserved 0x%llx-0x%llx what=%s: %llu page%s (%s)",
			       bi, what, (ull)s, (ull)e, (ull)((e - s) / BOOTMEM_PAGE_SIZE), widened, px(x),
			       y + BAR_Y, px(w), BAR_H, (ull)s, (ull)e, what,
			       (ull)((e - s) / BOOTMEM_PAGE_SIZE), plural((e - s) / BOOTMEM_PAGE_SIZE),
			       human(e - s, HUMAN_LONG));
		if (s != rv->start || e != rv->end)
			sim_buf_printf(g->o, ", part of 0x%llx-0x%llx", (ull)rv->start, (ull)rv->end);
		sim_buf_printf(g->o, "%s</title></rect>\n", widened ? ", drawn wider than the scale" : "");
		snprintf(text, sizeof(text), widened ? "%s %s" : "%s", what,
			 human(e - s, HUMAN_LONG));
		label(g, row_end, y, x, text);
	}
}

static void draw_block(struct svg *g, uint32_t i, int y, uint32_t *r, double *row_end)
{
	const struct bootmem_block_info *b = &g->blk[i];
	const struct ivl *v = block_ivl(g, b->start);
	uint64_t pages = (b->end - b->start) / BOOTMEM_PAGE_SIZE;
	int widened = !!(v->flags & IVL_WIDENED);
	const char *size = human(b->end - b->start, HUMAN_LONG);

	sim_buf_printf(g->o, "<rect class=\"block\" data-index=\"%u\" data-nid=\"%d\" data-start=\"0x%llx\" data-end=\"0x%llx\" data-pages=\"%llu\" data-free=\"%llu\" data-widened=\"%d\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\"><title>block %u, node %d: 0x%llx-0x%llx, %llu pages (%s): %llu free, %llu reserved%s</title></rect>\n",
		       i, b->nid, (ull)b->start, (ull)b->end, (ull)pages, (ull)b->free_pages,
		       widened, px(v->x), y + BAR_Y, px(v->w), BAR_H, i, b->nid, (ull)b->start,
		       (ull)b->end, (ull)pages, size, (ull)b->free_pages,
		       (ull)(pages - b->free_pages), widened ? ", drawn wider than the scale" : "");
	draw_resv(g, i, v, y, r, row_end);
	if (v->w >= CHAR_W * 1.2 * (double)strlen(size) + 6)
		sim_buf_printf(g->o, "<text class=\"bt\" x=\"%s\" y=\"%d\">%s</text>\n",
			       px(v->x + v->w / 2), y + BAR_Y + BAR_H / 2 + 4, size);
}

static void draw_outlines(struct svg *g, uint32_t lane, int y, double *row_end)
{
	for (uint32_t i = 0; i < g->nr_ol; i++) {
		const struct outline *o = &g->ol[i];
		double x = x_of(g, o->s), w = x_of(g, o->e) - x;
		int present = 0;
		char text[64];

		if (o->lane != lane)
			continue;
		for (uint32_t b = 0; b < g->nr_blk && !present; b++)
			present = g->blk[b].start < o->e && g->blk[b].end > o->s;
		if (w < SIM_SVG_MIN_RESV_W)
			w = SIM_SVG_MIN_RESV_W;
		sim_buf_printf(g->o, "<rect class=\"%s\" data-lane=\"%u\" data-pxm=\"%u\" data-start=\"0x%llx\" data-end=\"0x%llx\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\"><title>SRAT range pxm=%u%s%s: 0x%llx-0x%llx, %s%s</title></rect>\n",
			       (o->flags & ACPI_SRAT_HOTPLUG) ? "hotplug" : "nonvolatile", lane,
			       o->pxm, (ull)o->s, (ull)o->e, px(x), y + BAR_Y - 2, px(w), BAR_H + 4,
			       o->pxm, (o->flags & ACPI_SRAT_HOTPLUG) ? " hot-pluggable" : "",
			       (o->flags & ACPI_SRAT_NONVOLATILE) ? " non-volatile" : "",
			       (ull)o->s, (ull)o->e, human(o->e - o->s, HUMAN_LONG),
			       present ? "" : ", no usable memory in it now");
		snprintf(text, sizeof(text), "%s %s",
			 (o->flags & ACPI_SRAT_HOTPLUG) ? "hotplug" : "non-volatile",
			 human(o->e - o->s, HUMAN_LONG));
		label(g, row_end, y, x, text);
	}
}

static void draw_lanes(struct svg *g)
{
	const struct topo *t = g->t;
	struct sim_buf *o = g->o;

	for (uint32_t n = 0; n < g->nr_lanes; n++) {
		const struct topo_node *tn = &t->node[n];
		struct bootmem_stats ns = { 0 };
		double row_end[2] = { 0, 0 };
		int y = lane_y(n), memless;
		uint32_t r = 0;

		bootmem_stats(g->in->bm, (int)n, &ns);
		memless = ns.nr_blocks == 0;
		sim_buf_printf(o, "<g class=\"lane\" data-nid=\"%u\" data-pxm=\"%u\" data-memoryless=\"%d\" data-y=\"%d\" data-height=\"%d\">\n",
			       tn->nid, tn->pxm, memless, y, LANE_H);
		sim_buf_printf(o, "<rect class=\"%s\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n",
			       memless ? "memless" : n % 2 ? "lane1" : "lane0", y, g->width, LANE_H - 2);
		sim_buf_printf(o, "<text class=\"ln\" x=\"8\" y=\"%d\">node %u<title>node %u pxm=%u: %u blocks, %llu pages (%s): %llu free, %llu reserved; %u CPUs</title></text>\n",
			       y + 18, tn->nid, tn->nid, tn->pxm, ns.nr_blocks, (ull)ns.total_pages,
			       human(ns.total_pages * BOOTMEM_PAGE_SIZE, HUMAN_LONG), (ull)ns.free_pages,
			       (ull)ns.reserved_pages, tn->nr_cpus);
		sim_buf_printf(o, "<text class=\"ls\" x=\"8\" y=\"%d\">pxm %u, %s</text>\n", y + 32,
			       tn->pxm, memless ? "memoryless" : human(ns.total_pages * BOOTMEM_PAGE_SIZE, HUMAN_LONG));
		if (t->numa)
			sim_buf_printf(o, "<text class=\"ls\" x=\"8\" y=\"%d\">%u CPU%s, %u block%s</text>\n",
				       y + 45, tn->nr_cpus, tn->nr_cpus == 1 ? "" : "s", ns.nr_blocks,
				       ns.nr_blocks == 1 ? "" : "s");
		else
			sim_buf_printf(o, "<text class=\"ls\" x=\"8\" y=\"%d\">%u block%s (no SRAT)</text>\n",
				       y + 45, ns.nr_blocks, ns.nr_blocks == 1 ? "" : "s");
		for (uint32_t i = 0; i < g->nr_blk; i++)
			if (g->blk[i].nid == (int)n)
				draw_block(g, i, y, &r, row_end);
		draw_outlines(g, n, y, row_end);
		sim_buf_printf(o, "</g>\n");
	}
}

/* Hover text for every hole and a break mark where one is cut. */
static void draw_holes(struct svg *g)
{
	int top = LANES_Y, h = (int)g->nr_lanes * LANE_H;

	for (uint32_t i = 0; i < g->nr_iv; i++) {
		const struct ivl *v = &g->iv[i];
		uint32_t named = 0, more = 0;

		if (v->kind == IVL_BLOCK)
			continue;
		if (v->flags & IVL_CUT) {
			double mx = v->x + v->w / 2;

			sim_buf_printf(g->o, "<line class=\"cutl\" x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\"/><text class=\"brk\" x=\"%s\" y=\"%d\">//</text>\n",
				       px(mx), top, px(mx), g->axis_y, px(mx - 5), g->axis_y + 4);
		}
		if (v->kind != IVL_HOLE)
			continue;
		sim_buf_printf(g->o, "<rect class=\"hole\" data-start=\"0x%llx\" data-end=\"0x%llx\" data-cut=\"%d\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\"><title>hole 0x%llx-0x%llx (%s)%s",
			       (ull)v->s, (ull)v->e, !!(v->flags & IVL_CUT), px(v->x), top,
			       px(v->w),
			       h, (ull)v->s, (ull)v->e, human(v->e - v->s, HUMAN_LONG),
			       (v->flags & IVL_CUT) ? ", cut: not to scale" : "");
		for (uint32_t k = 0; k < g->in->nr_fw; k++) {
			const struct sim_svg_range *f = &g->in->fw[k];

			if (f->start >= v->e || f->end <= v->s)
				continue;
			if (named == MAX_FW_NAMES) {
				more++;
				continue;
			}
			sim_buf_printf(g->o, "%s", named++ ? "; " : "; firmware: ");
			sim_buf_xml(g->o, f->name);
			sim_buf_printf(g->o, " 0x%llx-0x%llx", (ull)f->start, (ull)f->end);
		}
		if (more)
			sim_buf_printf(g->o, "; %u more", more);
		sim_buf_printf(g->o, "</title></rect>\n");
	}
}

/* Address labels where blocks and outlines start, and at the end. */
static void draw_axis(struct svg *g)
{
	double last = -1e9;
	int y = g->axis_y;

	sim_buf_printf(g->o, "<g class=\"axis\">\n<line class=\"ax\" x1=\"%d\" y1=\"%d\" x2=\"%s\" y2=\"%d\"/>\n",
		       AXIS_X, y, px(AXIS_X + g->axis_w), y);
	for (uint32_t i = 0; i <= g->nr_iv && g->nr_iv; i++) {
		int at_end = i == g->nr_iv;
		const struct ivl *v = &g->iv[at_end ? i - 1 : i];
		uint64_t a = at_end ? v->e : v->s;
		double x = at_end ? v->x + v->w : v->x;
		const char *s = human(a, HUMAN_SHORT);
		double w = CHAR_W * 1.1 * (double)strlen(s);

		if (!at_end && v->kind == IVL_HOLE)
			continue;
		sim_buf_printf(g->o, "<line class=\"tk\" x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\"/>",
			       px(x), y, px(x), y + 4);
		if (at_end && x - w >= last)
			sim_buf_printf(g->o, "<text class=\"al ae\" x=\"%s\" y=\"%d\">%s<title>0x%llx</title></text>",
				       px(x), y + 15, s, (ull)a);
		else if (!at_end && x >= last && x + w <= AXIS_X + g->axis_w) {
			sim_buf_printf(g->o, "<text class=\"al\" x=\"%s\" y=\"%d\">%s<title>0x%llx</title></text>",
				       px(x), y + 15, s, (ull)a);
			last = x + w + 6;
		}
		sim_buf_printf(g->o, "\n");
	}
	sim_buf_printf(g->o, "</g>\n");
}

static int slit_drawn(const struct svg *g)
{
	return g->t->slit && (g->t->flags & TOPO_NUMA) && g->nr_lanes <= SIM_SVG_SLIT_MAX;
}

static void draw_slit(struct svg *g, int y)
{
	const struct topo *t = g->t;
	uint32_t n = g->nr_lanes;

	if (!t->slit || !(t->flags & TOPO_NUMA)) {
		sim_buf_printf(g->o, "<text class=\"h3\" x=\"10\" y=\"%d\">no SLIT: distances 10 (local), 20 (remote)</text>\n",
			       y + 12);
		return;
	}
	if (!slit_drawn(g)) {
		sim_buf_printf(g->o, "<text class=\"h3\" x=\"10\" y=\"%d\">SLIT: %u nodes, matrix not drawn above %d (bootmem2-sim --verbose prints it)</text>\n",
			       y + 12, n, SIM_SVG_SLIT_MAX);
		return;
	}
	sim_buf_printf(g->o, "<g class=\"slit\" data-nodes=\"%u\">\n<text class=\"h3\" x=\"10\" y=\"%d\">SLIT distances, from node (row) to node (column)</text>\n",
		       n, y + 12);
	y += 18;
	for (uint32_t j = 0; j < n; j++)
		sim_buf_printf(g->o, "<text class=\"sh\" x=\"%d\" y=\"%d\">%u</text>", 40 + (int)j * CELL_W + CELL_W / 2,
			       y + CELL_H - 4, j);
	sim_buf_printf(g->o, "\n");
	for (uint32_t i = 0; i < n; i++) {
		int ry = y + (int)(i + 1) * CELL_H;

		sim_buf_printf(g->o, "<text class=\"sh\" x=\"%d\" y=\"%d\">%u</text>", 24, ry + CELL_H - 4, i);
		for (uint32_t j = 0; j < n; j++)
			sim_buf_printf(g->o, "<text class=\"%s\" x=\"%d\" y=\"%d\">%u</text>",
				       i == j ? "sl" : "sd", 40 + (int)j * CELL_W + CELL_W / 2,
				       ry + CELL_H - 4, topo_distance(t, i, j));
		sim_buf_printf(g->o, "\n");
	}
	sim_buf_printf(g->o, "</g>\n");
}

static const char style[] =
	"<style>\n"
	"text{font-family:sans-serif;font-size:11px;fill:#222}\n"
	".h1{font-size:15px;font-weight:bold}.h2{font-size:12px}.h3{font-size:11px;fill:#555}\n"
	".ln{font-size:12px;font-weight:bold}.ls{font-size:10px;fill:#555}\n"
	".rl{font-size:9px;fill:#8b1e1b;pointer-events:none}.bt{font-size:10px;text-anchor:middle;pointer-events:none}\n"
	".al{font-size:9px;fill:#444}.ae{text-anchor:end}.brk{font-size:12px;font-weight:bold;fill:#666}\n"
	".sh{font-size:10px;text-anchor:middle;font-weight:bold}.sd,.sl{font-size:10px;text-anchor:middle}.sl{fill:#888}\n"
	".lane0{fill:#f4f4f4}.lane1{fill:#ececec}.memless{fill:url(#hatch)}\n"
	".block{fill:#9fd49a;stroke:#3d7a38;stroke-width:.5}.block[data-widened=\"1\"]{stroke:#000;stroke-dasharray:2 1}\n"
	".resv{fill:#d9534f}\n"
	".hotplug{fill:none;stroke:#1f5fbf;stroke-width:1.5;stroke-dasharray:5 3}\n"
	".nonvolatile{fill:none;stroke:#8a3fbf;stroke-width:1.5;stroke-dasharray:1 2}\n"
	".hole{fill:#fff;fill-opacity:0}.cutl{stroke:#999;stroke-dasharray:3 3}\n"
	".ax,.tk{stroke:#444;stroke-width:1}\n"
	"</style>\n"
	"<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	"<rect width=\"6\" height=\"6\" fill=\"#f4f4f4\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d0d0d0\" stroke-width=\"2\"/></pattern></defs>\n";

static void draw(struct svg *g, unsigned flags)
{
	struct bootmem_stats st = { 0 };
	struct sim_buf *o = g->o;
	int slit_y;

	bootmem_stats(g->in->bm, -1, &st);
	g->axis_y = lane_y(g->nr_lanes) + 2;
	slit_y = g->axis_y + 26;
	g->width = (int)(AXIS_X + g->axis_w + RIGHT_PAD + 0.999);
	if (g->width < MIN_WIDTH)
		g->width = MIN_WIDTH;
	if (slit_drawn(g)) {
		int need = 40 + (int)g->nr_lanes * CELL_W + 10;

		g->height = slit_y + 18 + (int)(g->nr_lanes + 1) * CELL_H + 10;
		if (g->width < need)
			g->width = need;
	} else {
		g->height = slit_y + 24;
	}
	if (!(flags & SIM_SVG_HTML))
		sim_buf_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	sim_buf_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" data-px-per-page=\"%.10g\" data-axis-x=\"%d\" data-axis-width=\"%s\" data-min-block-width=\"%s\" data-min-resv-width=\"%d\" data-break-width=\"%d\">\n",
		       g->width, g->height, g->width, g->height, g->scale, AXIS_X, px(g->axis_w),
		       px(g->min_block_w), SIM_SVG_MIN_RESV_W, SIM_SVG_BREAK_W);
	sim_buf_printf(o, "<title>bootmem2-sim: ");
	sim_buf_xml(o, g->in->source ? g->in->source : "");
	sim_buf_printf(o, "</title>\n%s<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n",
		       style, g->width, g->height);
	header(g, &st);
	draw_lanes(g);
	draw_holes(g);
	draw_axis(g);
	if (!g->nr_blk)
		sim_buf_printf(o, "<text class=\"h2\" x=\"%d\" y=\"%d\">no usable memory: no blocks</text>\n",
			       AXIS_X, LANES_Y + 20);
	draw_slit(g, slit_y);
	sim_buf_printf(o, "</svg>\n");
}

int sim_svg_render(const struct sim_svg_in *in, unsigned flags, struct sim_buf *out,
		   char *msg, size_t msize)
{
	struct svg g;
	int rc;

	memset(&g, 0, sizeof(g));
	g.in = in;
	g.t = &in->b->topo;
	g.o = out;
	g.msg = msg;
	g.msize = msize;
	g.nr_lanes = g.t->nr_nodes;
	if (!(g.t->flags & TOPO_BUILT)) {
		rc = fail(&g, "the pipeline has not been built");
		goto out;
	}
	rc = load_blocks(&g);
	if (!rc)
		rc = load_outlines(&g);
	if (!rc)
		rc = build_axis(&g);
	if (rc)
		goto out;
	if (flags & SIM_SVG_HTML) {
		sim_buf_printf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>bootmem2-sim: ");
		sim_buf_xml(out, in->source ? in->source : "");
		sim_buf_printf(out, "</title>\n<style>\n"
			       "body{margin:0;font-family:sans-serif}\n"
			       ".side{display:flex;align-items:flex-start;gap:16px;padding:8px}\n"
			       ".map{flex:1 1 auto;min-width:0;overflow:auto}\n"
			       ".report{flex:0 0 auto;margin:0;font-size:12px;max-height:95vh;overflow:auto}\n"
			       "</style>\n</head>\n<body>\n<div class=\"side\">\n<div class=\"map\">\n");
		draw(&g, flags);
		sim_buf_printf(out, "</div>\n<pre class=\"report\">");
		sim_buf_xml(out, in->report ? in->report : "");
		sim_buf_printf(out, "</pre>\n</div>\n</body>\n</html>\n");
	} else {
		draw(&g, flags);
	}
	if (out->oom)
		rc = fail(&g, "out of memory");
out:
	free(g.blk);
	free(g.ol);
	free(g.iv);
	return rc;
}

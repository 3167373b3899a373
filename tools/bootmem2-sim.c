// SPDX-License-Identifier: MIT
/*
 * bootmem2-sim - the loader's topology logic on the host (DESIGN.md section 4).
 *
 *   bootmem2-sim --srat FILE [--slit FILE] [--memmap FILE] [--print-srat]
 *   bootmem2-sim --host [ROOT] [--print-srat]
 *   either form: [--svg FILE] [--html FILE] [--verbose]
 *
 * FILE is a raw ACPI table (acpidump -b / acpixtract) or, for --memmap, the
 * loader's memmap.bin dump. --host reads the running Linux machine's own
 * ROOT/sys/firmware/acpi/tables/{SRAT,SLIT} and firmware memory map
 * (tools/sim_host.h). --print-srat prints one line per SRAT entry and then
 * the SLIT; otherwise the blocks are built by the one boot pipeline the
 * loader runs (boot/pipeline.h) and the memory report is printed, and
 * --svg / --html draw it (tools/sim_svg.h). Without --memmap or --host the
 * usable map is the SRAT's enabled memory ranges that are neither
 * hot-pluggable nor non-volatile.
 *
 * Everything is computed before anything is printed or written: an error
 * leaves no partial report and no partial drawing.
 *
 * Every input file is read whole, up to SIM_INPUT_MAX (64 MiB: an SRAT, SLIT
 * or memory map of a real machine is a few KiB); a larger file, a device
 * without end or a directory is refused.
 *
 * Exit status: 0 success, 2 malformed input, unreadable input or usage error
 * (a one-line message on stderr), 1 anything else (out of host memory,
 * core error).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acpi.h"
#include "bootmem2.h"
#include "diag.h"
#include "memmap.h"
#include "pipeline.h"
#include "report.h"
#include "report_topo.h"
#include "sim_buf.h"
#include "sim_file.h"
#include "sim_host.h"
#include "sim_svg.h"
#include "topology.h"
#include "util.h"

#define EXIT_BAD_INPUT 2
#define SIM_INPUT_MAX  (64u << 20)      /* bytes; documented in --help and README.md */

/* Command line flags. */
enum sim_flags {
	SIM_PRINT_SRAT = 1 << 0,   /* --print-srat */
	SIM_VERBOSE    = 1 << 1,   /* --verbose */
	SIM_HOST       = 1 << 2,   /* --host [ROOT] */
};

static const char *prog = "bootmem2-sim";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s --srat FILE [--slit FILE] [--memmap FILE] [--print-srat] [--verbose]\n"
		"       %s --host [ROOT] [--print-srat] [--verbose]\n"
		"       either form: [--svg FILE] [--html FILE]\n"
		"\n"
		"Run the bootmem2 loader's topology logic on the host.\n"
		"\n"
		"  --srat FILE    raw ACPI SRAT (acpidump -b / acpixtract output)\n"
		"  --slit FILE    raw ACPI SLIT\n"
		"  --memmap FILE  memory map dumped by the loader's `dump` command (memmap.bin);\n"
		"                 default: the SRAT's enabled, non-hotplug, volatile ranges\n"
		"  --host [ROOT]  this Linux machine: ROOT/sys/firmware/acpi/tables/{SRAT,SLIT}\n"
		"                 and ROOT/sys/firmware/memmap (ROOT defaults to /; the tables\n"
		"                 are readable by root only: use sudo)\n"
		"  --print-srat   print one line per SRAT entry, then the SLIT, and exit\n"
		"  --svg FILE     also draw the memory map per node as SVG into FILE\n"
		"  --html FILE    also write an HTML page: the drawing and the report side by side\n"
		"  --verbose      after the report, print the SRAT summary and warnings\n"
		"  --help         this text\n"
		"\n"
		"Input files are read whole; at most 64 MiB each.\n"
		"Without --print-srat: build the blocks and print the memory report, then for\n"
		"each node the node its memory comes from first (\"nearest node=N memory_node=M\n"
		"distance=D\": itself if it has memory, else the nearest by SLIT).\n"
		"Exit status: 0 ok, 2 malformed or unreadable input or usage error, 1 other failure.\n",
		prog, prog);
}

struct file {
	const char *path;
	unsigned char *data;
	size_t size;
};

/* Everything allocated stays reachable from here (no leak reports on exit paths). */
static struct file g_srat, g_slit, g_mmf;
static struct sim_host g_host;
static struct sim_buf g_report, g_warn, g_svg, g_html;
static void *g_alloc[16];
static unsigned g_nalloc;

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "%s: out of memory (%zu bytes)\n", prog, n);
		exit(1);
	}
	if (g_nalloc < sizeof(g_alloc) / sizeof(g_alloc[0]))
		g_alloc[g_nalloc++] = p;
	return p;
}

/* Like xmalloc, but NULL instead of exiting. */
static void *xmalloc_try(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p && g_nalloc < sizeof(g_alloc) / sizeof(g_alloc[0]))
		g_alloc[g_nalloc++] = p;
	return p;
}

static void free_all(void)
{
	while (g_nalloc)
		free(g_alloc[--g_nalloc]);
	if (g_srat.data != g_host.srat)
		free(g_srat.data);
	if (g_slit.data != g_host.slit)
		free(g_slit.data);
	free(g_mmf.data);
	g_srat.data = g_slit.data = g_mmf.data = NULL;
	sim_host_free(&g_host);
	sim_buf_free(&g_report);
	sim_buf_free(&g_warn);
	sim_buf_free(&g_svg);
	sim_buf_free(&g_html);
}

static __attribute__((noreturn)) void too_big(const struct file *f)
{
	fprintf(stderr, "%s: %s: more than %u MiB, the limit for an input file\n", prog, f->path,
		SIM_INPUT_MAX >> 20);
	exit(EXIT_BAD_INPUT);
}

/* Read @f->path whole: at most SIM_INPUT_MAX bytes, never a directory. */
static void read_file(struct file *f)
{
	int e = sim_file_read(f->path, SIM_INPUT_MAX, &f->data, &f->size);

	if (e == EFBIG)
		too_big(f);
	if (e == EISDIR) {
		fprintf(stderr, "%s: %s: is a directory\n", prog, f->path);
		exit(EXIT_BAD_INPUT);
	}
	if (e) {
		fprintf(stderr, "%s: %s: %s\n", prog, f->path, strerror(e));
		exit(e == ENOMEM ? 1 : EXIT_BAD_INPUT);
	}
}

static void fail(const struct file *f, const struct diag_err *err)
{
	char msg[256];

	fflush(stdout);
	diag_format(err, msg, sizeof(msg));
	fprintf(stderr, "%s: %s: %s\n", prog, f->path, msg);
	exit(EXIT_BAD_INPUT);
}

static void emit_stdout(void *ctx, const char *line)
{
	(void)ctx;
	puts(line);
}

/* Warnings and notes go to stderr after the report, prefixed by the name. */
static void flush_warnings(void)
{
	const char *p = g_warn.p;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		fprintf(stderr, "%s: %.*s\n", prog, (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

static void print_slit(const struct file *slit)
{
	struct acpi_slit_info s;
	struct diag_err err;
	struct report_sink out = { emit_stdout, NULL };
	size_t size;
	char *buf;

	if (acpi_slit_parse(&s, slit->data, slit->size, &err))
		fail(slit, &err);
	size = (size_t)s.localities * 4 + 32;
	buf = xmalloc(size);
	report_slit(&s, buf, size, &out);
}

static int print_srat(const struct file *srat, const struct file *slit)
{
	struct acpi_srat_iter it;
	struct acpi_srat_entry e;
	struct diag_err err;
	char line[128];
	int rc;

	if (srat->data) {
		if (acpi_srat_begin(&it, srat->data, srat->size, &err))
			fail(srat, &err);
		while ((rc = acpi_srat_next(&it, &e, &err)) > 0) {
			report_srat_entry(&e, line, sizeof(line));
			puts(line);
		}
		if (rc < 0)
			fail(srat, &err);
	}
	if (slit->data)
		print_slit(slit);
	flush_warnings();
	return 0;
}

/* The usable map without --memmap: enabled, volatile, non-hotplug SRAT ranges. */
static unsigned char *srat_descs(const struct acpi_numa *numa, uint32_t *count)
{
	struct memmap_desc *d = xmalloc(sizeof(*d) * (numa->nr_mem + 1));
	uint32_t n = 0;

	for (uint32_t i = 0; i < numa->nr_mem; i++) {
		const struct acpi_numa_mem *m = &numa->mem[i];
		uint64_t s, e = util_page_down(m->end);

		if (m->flags & (ACPI_SRAT_HOTPLUG | ACPI_SRAT_NONVOLATILE))
			continue;
		if (!util_page_up(m->base, &s) || s >= e)
			continue;
		memset(&d[n], 0, sizeof(d[n]));
		d[n].type = MEMMAP_TYPE_CONVENTIONAL;
		d[n].physical_start = s;
		d[n].number_of_pages = (e - s) / BOOTMEM_PAGE_SIZE;
		n++;
	}
	*count = n;
	return (unsigned char *)d;
}

/* Firmware ranges that are not usable memory, named in the drawing's holes. */
static struct sim_svg_range *fw_ranges(const struct boot *b, unsigned flags, uint32_t *count)
{
	uint32_t n = 0, cap = (flags & SIM_HOST) ? g_host.nr_entries : b->mm.n;
	struct sim_svg_range *r = xmalloc(sizeof(*r) * (cap + 1));

	if (flags & SIM_HOST) {
		for (uint32_t i = 0; i < g_host.nr_entries; i++) {
			const struct sim_host_entry *e = &g_host.entry[i];

			if (e->flags & SIM_HOST_RAM)
				continue;
			r[n].start = e->start;
			r[n].end = e->last == UINT64_MAX ? UINT64_MAX : e->last + 1;
			r[n++].name = e->type;
		}
	} else if (g_mmf.path) {
		for (uint32_t i = 0; i < b->mm.n; i++) {
			const struct memmap_entry *e = &b->mm.e[i];

			if (e->kind != MEMMAP_RESERVED)
				continue;
			r[n].start = e->start;
			r[n].end = e->end;
			r[n++].name = memmap_type_name(e->type);
		}
	}
	*count = n;
	return r;
}

/* Write @b to @path completely, or remove what was written and exit 2. */
static void write_output(const char *path, const struct sim_buf *b)
{
	FILE *f = fopen(path, "wb");
	int e = 0;

	if (!f) {
		e = errno;
	} else {
		if (b->len && fwrite(b->p, 1, b->len, f) != b->len)
			e = errno ? errno : EIO;
		if (fclose(f) && !e)
			e = errno ? errno : EIO;
		if (e)
			unlink(path);
	}
	if (e) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(e));
		exit(EXIT_BAD_INPUT);
	}
}

/* The drawing (and the HTML page), in memory; written by the caller. */
static void draw(const struct boot *b, const struct bootmem *bm, const char *source,
		 unsigned flags, const char *svg, const char *html)
{
	struct sim_svg_in in = { b, bm, source, NULL, 0, NULL };
	struct sim_buf page = { 0 };
	char msg[256];

	in.fw = fw_ranges(b, flags, &in.nr_fw);
	if (svg && sim_svg_render(&in, 0, &g_svg, msg, sizeof(msg))) {
		fprintf(stderr, "%s: --svg: %s\n", prog, msg);
		exit(1);
	}
	if (html) {
		sim_buf_put(&page, g_report.p ? g_report.p : "", g_report.len);
		sim_buf_put(&page, g_warn.p ? g_warn.p : "", g_warn.len);
		in.report = page.p;
		if (sim_svg_render(&in, SIM_SVG_HTML, &g_html, msg, sizeof(msg)) || page.oom) {
			sim_buf_free(&page);
			fprintf(stderr, "%s: --html: %s\n", prog, page.oom ? "out of memory" : msg);
			exit(1);
		}
		sim_buf_free(&page);
	}
}

static int build_report(const struct file *srat, const struct file *slit,
			const struct file *mmf, unsigned flags, const char *source,
			const char *svg, const char *html)
{
	static struct boot_tables tables;
	static struct boot b;
	static struct diag_log log;
	struct report_sink out = { sim_buf_line, &g_report }, warn = { sim_buf_line, &g_warn };
	struct boot_store store;
	struct boot_map map;
	struct diag_err err;
	struct bootmem bm;
	size_t arena_size;
	void *arena;
	int rc;

	diag_log_init(&log);
	boot_tables_init(&tables);
	if (srat->data) {
		uint32_t cap = acpi_srat_mem_capacity(srat->size);

		if (boot_tables_srat(&tables, srat->data, srat->size,
				     xmalloc(sizeof(struct acpi_numa_mem) * cap), cap, NULL, &err))
			fail(srat, &err);
	}
	if (slit->data && boot_tables_slit(&tables, slit->data, slit->size, &log, &err))
		fail(slit, &err);
	if (flags & SIM_HOST) {
		map.desc = g_host.desc;
		map.count = g_host.nr_desc;
		map.desc_size = sizeof(struct memmap_desc);
	} else if (mmf->path) {
		struct memmap_dump dump;

		if (memmap_dump_parse(mmf->data, mmf->size, &dump, &err))
			fail(mmf, &err);
		map.desc = dump.desc;
		map.count = dump.count;
		map.desc_size = dump.desc_size;
	} else {
		uint32_t count;

		map.desc = srat_descs(&tables.numa, &count);
		if (count > MEMMAP_MAX_DESCS) {
			fprintf(stderr, "%s: %s: SRAT: %u usable memory ranges, more than the %u map "
				"entries made from them without --memmap\n", prog, srat->path, count,
				MEMMAP_MAX_DESCS);
			return EXIT_BAD_INPUT;
		}
		map.count = count;
		map.desc_size = sizeof(struct memmap_desc);
	}
	map.size = map.count * map.desc_size;

	boot_need((uint32_t)map.count, &tables, &store);
	store.entries = xmalloc(sizeof(*store.entries) * store.entries_cap);
	store.blocks = xmalloc(sizeof(*store.blocks) * store.block_cap);
	store.resv = xmalloc(sizeof(*store.resv) * store.resv_cap);
	boot_init(&b, &tables, &store, &log);
	/* The loader builds after ExitBootServices: boot services memory is free. */
	if (boot_layout(&b, &map, BOOT_BS_FREE, &err)) {
		struct file hostmap = { g_host.memmap_path, NULL, 0 };
		const struct file *src = srat->path ? srat : mmf;

		if (!strcmp(err.src, "memmap"))
			src = (flags & SIM_HOST) ? &hostmap : mmf->path ? mmf : srat;
		fail(src, &err);
	}

	arena_size = boot_arena_bound(&b);
	if (arena_size == SIZE_MAX || !(arena = xmalloc_try(arena_size))) {
		fprintf(stderr, "%s: cannot allocate an arena for %u blocks, %llu pages\n",
			prog, b.topo.nr_blocks, (unsigned long long)b.topo.total_pages);
		return 1;
	}
	if (boot_build(&b, &bm, arena, arena_size, &err)) {
		char msg[256];

		diag_format(&err, msg, sizeof(msg));
		fprintf(stderr, "%s: %s\n", prog, msg);
		return 1;
	}
	rc = boot_report(&b, &bm, &out, BOOT_REPORT_NEAREST | ((flags & SIM_VERBOSE) ? BOOT_REPORT_VERBOSE : 0));
	if (rc) {
		fprintf(stderr, "%s: report: %s\n", prog, bootmem_strerror(rc));
		return 1;
	}
	if (flags & SIM_HOST)
		sim_host_report(&g_host, &out);
	report_warnings(&log, &warn);
	rc = bootmem_check(&bm);
	if (rc) {
		fprintf(stderr, "%s: bootmem_check: %s\n", prog, bootmem_strerror(rc));
		return 1;
	}
	if (g_report.oom || g_warn.oom) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}
	draw(&b, &bm, source, flags, svg, html);
	if (svg)
		write_output(svg, &g_svg);
	if (html)
		write_output(html, &g_html);
	fputs(g_report.p ? g_report.p : "", stdout);
	fflush(stdout);
	flush_warnings();
	return 0;
}

/* The title of the drawing: what was read. */
static void describe(char *buf, size_t size, unsigned flags, const char *root)
{
	const struct file *f[3] = { &g_srat, &g_slit, &g_mmf };
	static const char *const key[3] = { "srat", "slit", "memmap" };
	size_t n = 0;

	if (flags & SIM_HOST) {
		snprintf(buf, size, "host %s", root);
		return;
	}
	buf[0] = '\0';
	for (int i = 0; i < 3; i++) {
		const char *base;

		if (!f[i]->path)
			continue;
		base = strrchr(f[i]->path, '/');
		base = base ? base + 1 : f[i]->path;
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s=%s", n ? " " : "",
				      key[i], base);
		if (n >= size)
			break;
	}
}

/* --host: the machine's tables and map; the first problem exits 2. */
static void read_host(const char *root)
{
	struct report_sink warn = { sim_buf_line, &g_warn };
	char msg[SIM_HOST_PATH_MAX + 256];

	if (sim_host_read(&g_host, root, &warn, msg, sizeof(msg))) {
		fprintf(stderr, "%s: %s\n", prog, msg);
		exit(EXIT_BAD_INPUT);
	}
	g_srat.path = g_host.srat_path;
	g_srat.data = g_host.srat;
	g_srat.size = g_host.srat_size;
	if (g_host.slit) {
		g_slit.path = g_host.slit_path;
		g_slit.data = g_host.slit;
		g_slit.size = g_host.slit_size;
	}
}

int main(int argc, char **argv)
{
	struct file *srat = &g_srat, *slit = &g_slit, *mmf = &g_mmf;
	const char *root = "/", *svg = NULL, *html = NULL;
	unsigned flags = 0;
	char source[512];
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], **out = NULL;
		struct file *f = NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--print-srat")) {
			flags |= SIM_PRINT_SRAT;
			continue;
		} else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
			flags |= SIM_VERBOSE;
			continue;
		} else if (!strcmp(a, "--host")) {
			if (flags & SIM_HOST) {
				fprintf(stderr, "%s: --host given twice\n", prog);
				return EXIT_BAD_INPUT;
			}
			flags |= SIM_HOST;
			if (i + 1 < argc && strncmp(argv[i + 1], "--", 2))
				root = argv[++i];
			continue;
		} else if (!strcmp(a, "--srat")) {
			f = srat;
		} else if (!strcmp(a, "--slit")) {
			f = slit;
		} else if (!strcmp(a, "--memmap")) {
			f = mmf;
		} else if (!strcmp(a, "--svg")) {
			out = &svg;
		} else if (!strcmp(a, "--html")) {
			out = &html;
		} else {
			fprintf(stderr, "%s: unknown argument '%s' (try --help)\n", prog, a);
			return EXIT_BAD_INPUT;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "%s: %s needs a FILE argument (try --help)\n", prog, a);
			return EXIT_BAD_INPUT;
		}
		if (f ? f->path != NULL : *out != NULL) {
			fprintf(stderr, "%s: %s given twice\n", prog, a);
			return EXIT_BAD_INPUT;
		}
		if (f)
			f->path = argv[++i];
		else
			*out = argv[++i];
	}
	if ((flags & SIM_HOST) && (srat->path || slit->path || mmf->path)) {
		fprintf(stderr, "%s: --host reads the machine's own tables and map: not with --srat, --slit or --memmap\n",
			prog);
		return EXIT_BAD_INPUT;
	}
	if ((flags & SIM_PRINT_SRAT) && (svg || html)) {
		fprintf(stderr, "%s: --svg and --html draw the memory report: not with --print-srat\n",
			prog);
		return EXIT_BAD_INPUT;
	}
	if (!(flags & SIM_HOST) && !srat->path && !(mmf->path && !(flags & SIM_PRINT_SRAT))) {
		fprintf(stderr, "%s: --srat FILE or --host is required (try --help)\n", prog);
		return EXIT_BAD_INPUT;
	}
	if (flags & SIM_HOST) {
		read_host(root);
	} else {
		if (srat->path)
			read_file(srat);
		if (slit->path)
			read_file(slit);
		if (mmf->path)
			read_file(mmf);
	}
	describe(source, sizeof(source), flags, root);
	rc = (flags & SIM_PRINT_SRAT) ? print_srat(srat, slit) :
	     build_report(srat, slit, mmf, flags, source, svg, html);
	free_all();
	return rc;
}

// SPDX-License-Identifier: MIT
/*
 * bootmem2-sim - the loader's topology logic on the host (DESIGN.md section 4).
 *
 *   bootmem2-sim --srat FILE [--slit FILE] [--memmap FILE] [--print-srat]
 *
 * FILE is a raw ACPI table (acpidump -b / acpixtract) or, for --memmap, the
 * loader's memmap.bin dump. --print-srat prints one line per SRAT entry and
 * then the SLIT; otherwise the blocks are built with the very objects the
 * loader links (efi/memmap.c, acpi.c, topology.c, report.c) and the memory
 * report is printed. Without --memmap the usable map is the SRAT's enabled
 * memory ranges that are neither hot-pluggable nor non-volatile.
 *
 * Exit status: 0 success, 2 malformed input or usage error (a one-line
 * message on stderr), 1 anything else (out of host memory, core error).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "bootmem2.h"
#include "diag.h"
#include "memmap.h"
#include "pipeline.h"
#include "report.h"
#include "report_topo.h"
#include "topology.h"
#include "util.h"

#define EXIT_BAD_INPUT 2

static const char *prog = "bootmem2-sim";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s --srat FILE [--slit FILE] [--memmap FILE] [--print-srat] [--verbose]\n"
		"\n"
		"Run the bootmem2 loader's topology logic on the host.\n"
		"\n"
		"  --srat FILE    raw ACPI SRAT (acpidump -b / acpixtract output)\n"
		"  --slit FILE    raw ACPI SLIT\n"
		"  --memmap FILE  memory map dumped by the loader's `dump` command (memmap.bin);\n"
		"                 default: the SRAT's enabled, non-hotplug, volatile ranges\n"
		"  --print-srat   print one line per SRAT entry, then the SLIT, and exit\n"
		"  --verbose      after the report, print the SRAT summary and warnings\n"
		"  --help         this text\n"
		"\n"
		"Without --print-srat: build the blocks and print the memory report, then for\n"
		"each node the node its memory comes from first (\"nearest node=N memory_node=M\n"
		"distance=D\": itself if it has memory, else the nearest by SLIT).\n"
		"Exit status: 0 ok, 2 malformed input or usage error, 1 other failure.\n",
		prog);
}

struct file {
	const char *path;
	unsigned char *data;
	size_t size;
};

/* Everything allocated stays reachable from here (no leak reports on exit paths). */
static struct file g_srat, g_slit, g_mmf;
static void *g_alloc[8];
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
	free(g_srat.data);
	free(g_slit.data);
	free(g_mmf.data);
	g_srat.data = g_slit.data = g_mmf.data = NULL;
}

static void read_file(struct file *f)
{
	FILE *fp = fopen(f->path, "rb");
	size_t cap = 65536, n = 0;

	if (!fp) {
		fprintf(stderr, "%s: %s: %s\n", prog, f->path, strerror(errno));
		exit(EXIT_BAD_INPUT);
	}
	f->data = malloc(cap);
	if (!f->data) {
		fprintf(stderr, "%s: %s: out of memory\n", prog, f->path);
		exit(1);
	}
	for (;;) {
		size_t got = fread(f->data + n, 1, cap - n, fp);

		n += got;
		if (n < cap) {
			if (ferror(fp)) {
				fprintf(stderr, "%s: %s: read error\n", prog, f->path);
				exit(EXIT_BAD_INPUT);
			}
			break;
		}
		unsigned char *bigger;

		cap *= 2;
		bigger = realloc(f->data, cap);
		if (!bigger) {
			fprintf(stderr, "%s: %s: out of memory\n", prog, f->path);
			exit(1);
		}
		f->data = bigger;
	}
	fclose(fp);
	f->size = n;
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

static void emit_warning(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "%s: %s\n", prog, line);
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

	if (acpi_srat_begin(&it, srat->data, srat->size, &err))
		fail(srat, &err);
	while ((rc = acpi_srat_next(&it, &e, &err)) > 0) {
		report_srat_entry(&e, line, sizeof(line));
		puts(line);
	}
	if (rc < 0)
		fail(srat, &err);
	if (slit->path)
		print_slit(slit);
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

static int build_report(const struct file *srat, const struct file *slit,
			const struct file *mmf, int verbose)
{
	static struct boot_tables tables;
	static struct boot b;
	static struct diag_log log;
	struct report_sink out = { emit_stdout, NULL }, warn = { emit_warning, NULL };
	struct boot_store store;
	struct boot_map map;
	struct diag_err err;
	struct bootmem bm;
	size_t arena_size;
	void *arena;
	int rc;

	diag_log_init(&log);
	boot_tables_init(&tables);
	if (srat->path) {
		uint32_t cap = acpi_srat_mem_capacity(srat->size);

		if (boot_tables_srat(&tables, srat->data, srat->size,
				     xmalloc(sizeof(struct acpi_numa_mem) * cap), cap, NULL, &err))
			fail(srat, &err);
	}
	if (slit->path && boot_tables_slit(&tables, slit->data, slit->size, &log, &err))
		fail(slit, &err);
	if (mmf->path) {
		struct memmap_dump dump;

		if (memmap_dump_parse(mmf->data, mmf->size, &dump, &err))
			fail(mmf, &err);
		map.desc = dump.desc;
		map.count = dump.count;
		map.desc_size = dump.desc_size;
	} else {
		uint32_t count;

		map.desc = srat_descs(&tables.numa, &count);
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
	if (boot_layout(&b, &map, BOOT_BS_FREE, &err))
		fail(!strcmp(err.src, "memmap") ? (mmf->path ? mmf : srat) : (srat->path ? srat : mmf),
		     &err);

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
	rc = boot_report(&b, &bm, &out, BOOT_REPORT_NEAREST | (verbose ? BOOT_REPORT_VERBOSE : 0));
	if (rc) {
		fprintf(stderr, "%s: report: %s\n", prog, bootmem_strerror(rc));
		return 1;
	}
	report_warnings(&log, &warn);
	rc = bootmem_check(&bm);
	if (rc) {
		fprintf(stderr, "%s: bootmem_check: %s\n", prog, bootmem_strerror(rc));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct file *srat = &g_srat, *slit = &g_slit, *mmf = &g_mmf;
	int print = 0, verbose = 0, rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		struct file *f = NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--print-srat")) {
			print = 1;
			continue;
		} else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
			verbose = 1;
			continue;
		} else if (!strcmp(a, "--srat")) {
			f = srat;
		} else if (!strcmp(a, "--slit")) {
			f = slit;
		} else if (!strcmp(a, "--memmap")) {
			f = mmf;
		} else {
			fprintf(stderr, "%s: unknown argument '%s' (try --help)\n", prog, a);
			return EXIT_BAD_INPUT;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "%s: %s needs a FILE argument (try --help)\n", prog, a);
			return EXIT_BAD_INPUT;
		}
		if (f->path) {
			fprintf(stderr, "%s: %s given twice\n", prog, a);
			return EXIT_BAD_INPUT;
		}
		f->path = argv[++i];
	}
	if (!srat->path && !(mmf->path && !print)) {
		fprintf(stderr, "%s: --srat FILE is required (try --help)\n", prog);
		return EXIT_BAD_INPUT;
	}
	if (srat->path)
		read_file(srat);
	if (slit->path)
		read_file(slit);
	if (mmf->path)
		read_file(mmf);
	rc = print ? print_srat(srat, slit) : build_report(srat, slit, mmf, verbose);
	free_all();
	return rc;
}

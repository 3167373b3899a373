/* SPDX-License-Identifier: MIT */
/*
 * ltest.h - helpers for the loader's pure-logic tests: table builders with
 * correct checksums, EFI memory map builders, a whole-pipeline fixture and
 * exact line comparison.
 */
#ifndef LTEST_H
#define LTEST_H

#include "testlib.h"

#include "acpi.h"
#include "diag.h"
#include "memmap.h"
#include "pipeline.h"
#include "report_topo.h"
#include "topology.h"

/* ---- ACPI table builder ------------------------------------------------ */

struct tb {
	uint8_t b[1 << 16];
	uint32_t len;
};

/* SDT header with @sig and @revision; SRAT adds its 12 reserved bytes. */
void tb_begin(struct tb *t, const char *sig, uint8_t revision);
void tb_srat(struct tb *t, uint8_t revision);
/* Subtables; each returns its offset. */
uint32_t tb_cpu(struct tb *t, uint32_t pxm, uint8_t apic, uint32_t flags);
uint32_t tb_mem(struct tb *t, uint32_t pxm, uint64_t base, uint64_t len, uint32_t flags);
uint32_t tb_x2apic(struct tb *t, uint32_t pxm, uint32_t apic, uint32_t flags);
uint32_t tb_raw(struct tb *t, uint8_t type, uint8_t len);
void tb_bytes(struct tb *t, const void *p, uint32_t n);
void tb_u64(struct tb *t, uint64_t v);
/* Set the length field to the bytes written and fix the checksum. */
void tb_finish(struct tb *t);
/* Recompute only the checksum (after editing bytes). */
void tb_fix_checksum(struct tb *t);
/* SLIT with n x n distances (row major). */
void tb_slit(struct tb *t, uint64_t n, const uint8_t *dist);

#define EN  ACPI_SRAT_ENABLED
#define HP  ACPI_SRAT_HOTPLUG
#define NV  ACPI_SRAT_NONVOLATILE

/* ---- EFI memory map builder -------------------------------------------- */

struct mapb {
	uint8_t b[1 << 16];
	uint32_t desc_size;
	uint32_t count;
};

void mapb_init(struct mapb *m, uint32_t desc_size);
void mapb_add(struct mapb *m, uint32_t type, uint64_t start, uint64_t pages, uint64_t attr);
/* Conventional memory [start, end). */
void mapb_ram(struct mapb *m, uint64_t start, uint64_t end);

/* ---- pipeline fixture: the boot pipeline (pipeline.h) on host memory ---- */

struct world {
	struct boot_tables tables;
	struct acpi_numa_mem mem[512];
	struct memmap_entry me[2048];
	struct topo_block blocks[1024];
	struct topo_resv resv[4096];
	struct boot b;
	struct diag_log log;
	struct diag_err err;
	struct bootmem bm;
	void *arena;
	size_t arena_size;
	/* captured report */
	char *line[4096];
	int nr_lines;
};

struct world *world_new(void);
void world_free(struct world *w);
/* Parse @srat and @slit (either NULL: none) as the pipeline's tables. */
int world_tables(struct world *w, const struct tb *srat, const struct tb *slit);
/* boot_init() with storage sized by boot_need(@map->count), boot_layout(). */
int world_layout_map(struct world *w, const struct boot_map *map, unsigned flags);
/* world_tables(@srat, NULL), then world_layout_map() of @map. */
int world_layout(struct world *w, const struct tb *srat, const struct mapb *map, unsigned mflags);
/* Allocate a boot_arena_bound() arena (garbage-filled), boot_build(). */
int world_build(struct world *w);
/* Both, failing the test on any error. */
int world_run(struct world *w, const struct tb *srat, const struct mapb *map, unsigned mflags);
/* Capture report_memory() (verbose: also report_verbose()). Returns its rc. */
int world_report(struct world *w, int verbose);
void world_clear_lines(struct world *w);
/* Capture sink: appends to w->line. */
void world_sink(void *ctx, const char *line);

/* Compare captured lines with a NULL-terminated list; prints a diff. */
int lines_equal(const char *file, int line, char **got, int n, const char *const *want);
#define ASSERT_LINES(w, ...) do { \
	static const char *const _want[] = { __VA_ARGS__, NULL }; \
	if (lines_equal(__FILE__, __LINE__, (w)->line, (w)->nr_lines, _want)) return 1; \
} while (0)

/* An error must have this code, source and offset; and print as @msg (if not NULL). */
int err_is(const char *file, int line, const struct diag_err *e, int code, const char *src,
	   uint64_t offset, const char *msg);
#define ASSERT_ERR(e, code, src, off, msg) do { \
	if (err_is(__FILE__, __LINE__, (e), (code), (src), (off), (msg))) return 1; \
} while (0)

#define SZ_8G  (8 * SZ_1G)
#define SZ_3G  (3 * SZ_1G)

#endif /* LTEST_H */

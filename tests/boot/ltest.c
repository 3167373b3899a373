// SPDX-License-Identifier: MIT
/* ltest.c - see ltest.h. */
#include "ltest.h"
#include "util.h"

void tb_begin(struct tb *t, const char *sig, uint8_t revision)
{
	memset(t->b, 0, 36);
	memcpy(t->b, sig, 4);
	t->b[8] = revision;
	memcpy(t->b + 10, "BM2TST", 6);
	memcpy(t->b + 16, "LOADTEST", 8);
	t->len = 36;
}

void tb_srat(struct tb *t, uint8_t revision)
{
	tb_begin(t, "SRAT", revision);
	memset(t->b + 36, 0, 12);
	t->b[36] = 1;
	t->len = 48;
}

void tb_bytes(struct tb *t, const void *p, uint32_t n)
{
	memcpy(t->b + t->len, p, n);
	t->len += n;
}

void tb_u64(struct tb *t, uint64_t v)
{
	util_wr64(t->b, t->len, v);
	t->len += 8;
}

uint32_t tb_cpu(struct tb *t, uint32_t pxm, uint8_t apic, uint32_t flags)
{
	uint32_t off = t->len;
	uint8_t *s = t->b + off;

	memset(s, 0, 16);
	s[0] = 0;
	s[1] = 16;
	s[2] = (uint8_t)pxm;
	s[3] = apic;
	util_wr32(s, 4, flags);
	s[9] = (uint8_t)(pxm >> 8);
	s[10] = (uint8_t)(pxm >> 16);
	s[11] = (uint8_t)(pxm >> 24);
	t->len += 16;
	return off;
}

uint32_t tb_mem(struct tb *t, uint32_t pxm, uint64_t base, uint64_t len, uint32_t flags)
{
	uint32_t off = t->len;
	uint8_t *s = t->b + off;

	memset(s, 0, 40);
	s[0] = 1;
	s[1] = 40;
	util_wr32(s, 2, pxm);
	util_wr64(s, 8, base);
	util_wr64(s, 16, len);
	util_wr32(s, 28, flags);
	t->len += 40;
	return off;
}

uint32_t tb_x2apic(struct tb *t, uint32_t pxm, uint32_t apic, uint32_t flags)
{
	uint32_t off = t->len;
	uint8_t *s = t->b + off;

	memset(s, 0, 24);
	s[0] = 2;
	s[1] = 24;
	util_wr32(s, 4, pxm);
	util_wr32(s, 8, apic);
	util_wr32(s, 12, flags);
	t->len += 24;
	return off;
}

uint32_t tb_raw(struct tb *t, uint8_t type, uint8_t len)
{
	uint32_t off = t->len;

	memset(t->b + off, 0, len > 2 ? len : 2);
	t->b[off] = type;
	t->b[off + 1] = len;
	t->len += len > 2 ? len : 2;
	return off;
}

void tb_fix_checksum(struct tb *t)
{
	uint32_t len = util_rd32(t->b, 4);

	if (len > sizeof(t->b))
		len = t->len;
	t->b[9] = 0;
	t->b[9] = (uint8_t)(0x100 - util_sum8(t->b, len));
}

void tb_finish(struct tb *t)
{
	util_wr32(t->b, 4, t->len);
	tb_fix_checksum(t);
}

void tb_slit(struct tb *t, uint64_t n, const uint8_t *dist)
{
	tb_begin(t, "SLIT", 1);
	tb_u64(t, n);
	tb_bytes(t, dist, (uint32_t)(n * n));
	tb_finish(t);
}

void mapb_init(struct mapb *m, uint32_t desc_size)
{
	memset(m->b, 0xee, sizeof(m->b));       /* garbage in the padding */
	m->desc_size = desc_size;
	m->count = 0;
}

void mapb_add(struct mapb *m, uint32_t type, uint64_t start, uint64_t pages, uint64_t attr)
{
	uint8_t *d = m->b + (size_t)m->count * m->desc_size;

	util_wr32(d, 0, type);
	util_wr32(d, 4, 0);
	util_wr64(d, 8, start);
	util_wr64(d, 16, 0);
	util_wr64(d, 24, pages);
	util_wr64(d, 32, attr);
	m->count++;
}

void mapb_ram(struct mapb *m, uint64_t start, uint64_t end)
{
	mapb_add(m, MEMMAP_TYPE_CONVENTIONAL, start, (end - start) / 4096, 0xf);
}

struct world *world_new(void)
{
	struct world *w = calloc(1, sizeof(*w));

	if (!w)
		abort();
	diag_log_init(&w->log);
	return w;
}

void world_clear_lines(struct world *w)
{
	for (int i = 0; i < w->nr_lines; i++)
		free(w->line[i]);
	w->nr_lines = 0;
}

void world_free(struct world *w)
{
	world_clear_lines(w);
	free(w->arena);
	free(w);
}

void world_sink(void *ctx, const char *line)
{
	struct world *w = ctx;
	size_t n = strlen(line) + 1;
	char *copy = malloc(n);

	if (!copy)
		abort();
	memcpy(copy, line, n);
	if (w->nr_lines < 4096)
		w->line[w->nr_lines++] = copy;
	else
		free(copy);
}

int world_tables(struct world *w, const struct tb *srat, const struct tb *slit)
{
	int rc;

	boot_tables_init(&w->tables);
	acpi_numa_init(&w->tables.numa, w->mem, 512);
	if (srat) {
		rc = boot_tables_srat(&w->tables, srat->b, srat->len, w->mem, 512, &w->log, &w->err);
		if (rc)
			return rc;
	}
	if (slit) {
		rc = boot_tables_slit(&w->tables, slit->b, slit->len, &w->log, &w->err);
		if (rc)
			return rc;
	}
	return 0;
}

int world_layout_map(struct world *w, const struct boot_map *map, unsigned flags)
{
	struct boot_store store;

	boot_need((uint32_t)map->count, &w->tables, &store);
	if (store.entries_cap > 2048 || store.block_cap > 1024 || store.resv_cap > 4096) {
		fprintf(stderr, "world: map of %llu descriptors needs more storage\n",
			(unsigned long long)map->count);
		abort();
	}
	store.entries = w->me;
	store.blocks = w->blocks;
	store.resv = w->resv;
	boot_init(&w->b, &w->tables, &store, &w->log);
	return boot_layout(&w->b, map, flags, &w->err);
}

int world_layout(struct world *w, const struct tb *srat, const struct mapb *map, unsigned mflags)
{
	struct boot_map bm = { map->b, sizeof(map->b), map->desc_size, map->count };
	int rc = world_tables(w, srat, NULL);

	return rc ? rc : world_layout_map(w, &bm, mflags);
}

int world_build(struct world *w)
{
	free(w->arena);
	w->arena_size = boot_arena_bound(&w->b);
	w->arena = malloc(w->arena_size);
	if (!w->arena)
		abort();
	memset(w->arena, 0xa5, w->arena_size);
	return boot_build(&w->b, &w->bm, w->arena, w->arena_size, &w->err);
}

int world_run(struct world *w, const struct tb *srat, const struct mapb *map, unsigned mflags)
{
	char msg[256];
	int rc = world_layout(w, srat, map, mflags);

	if (!rc)
		rc = world_build(w);
	if (rc) {
		diag_format(&w->err, msg, sizeof(msg));
		tl_fail_msg(__FILE__, __LINE__, msg);
		return 1;
	}
	if (bootmem_check(&w->bm)) {
		tl_fail_msg(__FILE__, __LINE__, "bootmem_check failed after build");
		return 1;
	}
	return 0;
}

int world_report(struct world *w, int verbose)
{
	struct report_sink out = { world_sink, w };
	int rc;

	world_clear_lines(w);
	rc = boot_report(&w->b, &w->bm, &out,
			 verbose ? BOOT_REPORT_VERBOSE | BOOT_REPORT_WARNINGS : 0);
	return rc;
}

int lines_equal(const char *file, int line, char **got, int n, const char *const *want)
{
	int nw = 0, bad = 0;

	while (want[nw])
		nw++;
	for (int i = 0; i < n || i < nw; i++) {
		const char *g = i < n ? got[i] : "(missing)";
		const char *x = i < nw ? want[i] : "(none)";

		if (strcmp(g, x)) {
			if (!bad)
				fprintf(stderr, "%s:%d: report lines differ:\n", file, line);
			fprintf(stderr, "  line %d: got      \"%s\"\n          expected \"%s\"\n", i, g, x);
			bad = 1;
		}
	}
	return bad;
}

int err_is(const char *file, int line, const struct diag_err *e, int code, const char *src,
	   uint64_t offset, const char *msg)
{
	char buf[256];

	diag_format(e, buf, sizeof(buf));
	if (e->code != code || strcmp(e->src, src) || e->offset != offset) {
		fprintf(stderr, "%s:%d: error is code %d src %s offset 0x%llx (\"%s\"), expected code %d src %s offset 0x%llx\n",
			file, line, e->code, e->src, (unsigned long long)e->offset, buf, code, src,
			(unsigned long long)offset);
		return 1;
	}
	if (msg && strcmp(buf, msg)) {
		fprintf(stderr, "%s:%d: message \"%s\"\n    expected \"%s\"\n", file, line, buf, msg);
		return 1;
	}
	return 0;
}

// SPDX-License-Identifier: MIT
/* pipeline.c - the one boot pipeline; see pipeline.h. Freestanding. */
#include "pipeline.h"

#include "report_topo.h"
#include "util.h"

void boot_tables_init(struct boot_tables *t)
{
	acpi_numa_init(&t->numa, NULL, 0);
	util_bzero(&t->slit, sizeof(t->slit));
	t->flags = 0;
}

int boot_tables_srat(struct boot_tables *t, const void *srat, uint64_t len,
		     struct acpi_numa_mem *mem, uint32_t mem_cap, struct diag_log *log,
		     struct diag_err *err)
{
	struct diag_err e;
	int rc;

	t->flags &= ~(uint32_t)(BOOT_HAVE_SRAT | BOOT_SRAT_BAD);
	acpi_numa_init(&t->numa, mem, mem_cap);
	rc = acpi_srat_parse(&t->numa, srat, len, &e);
	if (err)
		*err = e;
	if (rc) {
		diag_warn_err(log, &e);
		t->flags |= BOOT_SRAT_BAD;
		return rc;
	}
	t->flags |= BOOT_HAVE_SRAT;
	return 0;
}

int boot_tables_slit(struct boot_tables *t, const void *slit, uint64_t len,
		     struct diag_log *log, struct diag_err *err)
{
	struct diag_err e;
	int rc;

	t->flags &= ~(uint32_t)(BOOT_HAVE_SLIT | BOOT_SLIT_BAD);
	rc = acpi_slit_parse(&t->slit, slit, len, &e);
	if (rc) {
		if (err)
			*err = e;
		diag_warn_err(log, &e);
		t->flags |= BOOT_SLIT_BAD;
		return rc;
	}
	if (acpi_slit_validate(&t->slit, &e)) {
		/* Well formed, unusable distances: ignored with a warning. */
		diag_warn_err(log, &e);
		t->flags |= BOOT_SLIT_BAD;
		return 0;
	}
	t->flags |= BOOT_HAVE_SLIT;
	return 0;
}

static const struct acpi_numa *tables_numa(const struct boot_tables *t)
{
	return t && (t->flags & BOOT_HAVE_SRAT) ? &t->numa : NULL;
}

static const struct acpi_slit_info *tables_slit(const struct boot_tables *t)
{
	return t && (t->flags & BOOT_HAVE_SLIT) ? &t->slit : NULL;
}

void boot_need(uint32_t max_descs, const struct boot_tables *t, struct boot_store *need)
{
	struct memmap bound = { NULL, 0, 0, 0, 0 };

	util_bzero(need, sizeof(*need));
	need->entries_cap = memmap_capacity(max_descs);
	bound.n = need->entries_cap;
	need->block_cap = topo_block_capacity(&bound, tables_numa(t));
	need->resv_cap = topo_resv_capacity(&bound);
}

void boot_init(struct boot *b, const struct boot_tables *tables,
	       const struct boot_store *store, struct diag_log *log)
{
	/* mm and topo are set up by boot_layout(): clearing 40 KiB here is waste. */
	b->tables = tables;
	b->store = *store;
	b->log = log;
	b->flags = 0;
	memmap_init(&b->mm, store->entries, store->entries_cap);
	topo_init(&b->topo, store->blocks, store->block_cap, store->resv, store->resv_cap, log);
}

int boot_layout(struct boot *b, const struct boot_map *map, unsigned flags,
		struct diag_err *err)
{
	const struct boot_store *s = &b->store;
	int rc;

	b->flags = 0;
	memmap_init(&b->mm, s->entries, s->entries_cap);
	rc = memmap_normalise(&b->mm, map->desc, map->size, map->desc_size, map->count,
			      flags, b->log, err);
	if (rc)
		return rc;
	topo_init(&b->topo, s->blocks, s->block_cap, s->resv, s->resv_cap, b->log);
	rc = topo_layout(&b->topo, &b->mm, tables_numa(b->tables), err);
	if (rc)
		return rc;
	if (tables_slit(b->tables))
		topo_use_slit(&b->topo, tables_slit(b->tables));
	b->flags |= BOOT_LAID_OUT;
	return 0;
}

size_t boot_arena_bound(const struct boot *b)
{
	return bootmem_arena_bytes(b->store.block_cap, b->mm.usable_pages);
}

int boot_reserve(struct boot *b, uint64_t addr, uint64_t size, unsigned what)
{
	return topo_reserve(&b->topo, addr, size, what);
}

int boot_build(struct boot *b, struct bootmem *bm, void *arena, size_t arena_size,
	       struct diag_err *err)
{
	int rc;

	if (!(b->flags & BOOT_LAID_OUT))
		return diag_set(err, DIAG_EINVAL, "topology", 0, 0, 0);
	b->flags &= ~(uint32_t)BOOT_BUILT;
	rc = bootmem_init(bm, arena, arena_size);
	if (rc)
		return diag_set(err, DIAG_ECORE, "bootmem2", 0, (uint64_t)(int64_t)rc,
				(uint64_t)(uintptr_t)arena);
	rc = topo_build(&b->topo, bm, err);
	if (rc)
		return rc;
	b->flags |= BOOT_BUILT;
	return 0;
}

int boot_report(const struct boot *b, const struct bootmem *bm, const struct report_sink *out,
		unsigned flags)
{
	int rc = report_topo(&b->topo, bm, out);

	if (rc)
		return rc;
	if (flags & BOOT_REPORT_NEAREST)
		report_nearest(&b->topo, out);
	if (flags & (BOOT_REPORT_TOPOLOGY | BOOT_REPORT_VERBOSE))
		report_topology(&b->topo, out);
	if (flags & BOOT_REPORT_VERBOSE)
		report_verbose(&b->topo, NULL, out);
	if (flags & BOOT_REPORT_WARNINGS)
		report_warnings(b->log, out);
	return 0;
}

/* The SLIT goes into boot_info only if it fits the format (bi_validate). */
static const struct acpi_slit_info *bi_slit(const struct boot *b)
{
	const struct acpi_slit_info *s = tables_slit(b->tables);

	return s && s->localities <= BI_SLIT_MAX_LOCALITIES ? s : NULL;
}

void boot_bi_caps(const struct boot *b, uint32_t cmdline, struct bi_caps *caps)
{
	const struct acpi_numa *numa = tables_numa(b->tables);
	const struct acpi_slit_info *slit = bi_slit(b);

	caps->nodes = numa && numa->nr_nodes > 1 ? numa->nr_nodes : 1;
	caps->ranges = b->store.block_cap + (numa ? numa->nr_mem : 0);
	caps->reserved = b->store.resv_cap;
	caps->slit_localities = slit ? (uint32_t)slit->localities : 0;
	caps->cmdline = cmdline;
}

void boot_bi_input(const struct boot *b, struct bi_build_in *in)
{
	in->topo = &b->topo;
	in->numa = tables_numa(b->tables);
	in->slit = bi_slit(b);
}

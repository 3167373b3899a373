// SPDX-License-Identifier: MIT
/*
 * report.c - memory report and table line formats. See report.h.
 * Freestanding; needs only fmt.c and the core, so the kernel links it alone
 * (the verbose extras live in report_verbose.c).
 */
#include "fmt.h"
#include "memmap.h"
#include "report.h"
#include "util.h"

typedef unsigned long long ull;

#define LINE 256

static void emit(const struct report_sink *out, const char *line)
{
	if (out && out->emit)
		out->emit(out->ctx, line);
}

void report_view_from_topo(struct report_view *v, const struct topo *t,
			   const struct bootmem *bm)
{
	v->bm = bm;
	v->node = t->node;
	v->nr_nodes = t->nr_nodes;
	v->block = t->block;
	v->nr_blocks = t->nr_blocks;
	v->resv = t->resv;
	v->nr_resv = (t->flags & TOPO_BUILT) ? t->nr_resv : 0;
}

static uint64_t block_pages(const struct topo_block *b)
{
	return (b->end - b->start) >> 12;
}

/*
 * Free pages of block @i, straight from the allocator's per-block counter
 * (bootmem_block_info): exact at any time, also after allocations and in the
 * kernel, without scanning pages. The allocator's blocks are the topology's
 * blocks in the same address order; a mismatch means the view is stale.
 */
int report_block_free(const struct report_view *v, uint32_t i, uint64_t *out)
{
	const struct topo_block *b = &v->block[i];
	struct bootmem_block_info info;
	int rc;

	rc = bootmem_block_info(v->bm, i, &info);
	if (rc)
		return rc;
	if (info.start != b->start || info.end != b->end || (uint32_t)info.nid != b->nid)
		return BOOTMEM_EFAULT;
	*out = info.free_pages;
	return 0;
}

int report_line_reserved(char *buf, size_t size, uint64_t start, uint64_t end,
			 const char *what)
{
	return fmt_snprintf(buf, size, "reserved start=0x%llx end=0x%llx what=%s",
			    (ull)start, (ull)end, what);
}

int report_memory(const struct report_view *v, const struct report_sink *out)
{
	struct bootmem_stats st;
	char line[LINE];
	int rc;

	rc = bootmem_stats(v->bm, -1, &st);
	if (rc)
		return rc;
	fmt_snprintf(line, sizeof(line),
		     "bootmem2: nodes=%u blocks=%u total_pages=%llu free_pages=%llu reserved_pages=%llu",
		     v->nr_nodes, st.nr_blocks, (ull)st.total_pages, (ull)st.free_pages,
		     (ull)st.reserved_pages);
	emit(out, line);
	for (uint32_t n = 0; n < v->nr_nodes; n++) {
		const struct topo_node *nd = &v->node[n];

		rc = bootmem_stats(v->bm, (int)nd->nid, &st);
		if (rc)
			return rc;
		fmt_snprintf(line, sizeof(line),
			     "node %u pxm=%u blocks=%u total_pages=%llu free_pages=%llu reserved_pages=%llu",
			     nd->nid, nd->pxm, st.nr_blocks, (ull)st.total_pages, (ull)st.free_pages,
			     (ull)st.reserved_pages);
		emit(out, line);
	}
	for (uint32_t i = 0; i < v->nr_blocks; i++) {
		const struct topo_block *b = &v->block[i];
		uint64_t f;

		rc = report_block_free(v, i, &f);
		if (rc)
			return rc;
		fmt_snprintf(line, sizeof(line),
			     "block %u node=%u start=0x%llx end=0x%llx pages=%llu free_pages=%llu",
			     i, b->nid, (ull)b->start, (ull)b->end, (ull)block_pages(b), (ull)f);
		emit(out, line);
	}
	for (uint32_t i = 0; i < v->nr_resv; i++) {
		const struct topo_resv *r = &v->resv[i];

		report_line_reserved(line, sizeof(line), r->start, r->end,
				     memmap_what_name(r->what));
		emit(out, line);
	}
	return 0;
}

static const char *flag_str(uint32_t flags, char *buf, size_t size)
{
	fmt_snprintf(buf, size, "%s%s%s", flags & ACPI_SRAT_ENABLED ? "enabled" : "disabled",
		     flags & ACPI_SRAT_HOTPLUG ? ",hotplug" : "",
		     flags & ACPI_SRAT_NONVOLATILE ? ",nonvolatile" : "");
	return buf;
}

int report_srat_entry(const struct acpi_srat_entry *e, char *buf, size_t size)
{
	char f[40];

	switch (e->type) {
	case ACPI_SRAT_CPU:
		return fmt_snprintf(buf, size, "cpu pxm=%u apic=%u flags=%s", e->pxm, e->apic,
				    flag_str(e->flags & ACPI_SRAT_ENABLED, f, sizeof(f)));
	case ACPI_SRAT_MEM:
		return fmt_snprintf(buf, size, "mem pxm=%u base=0x%llx length=0x%llx flags=%s",
				    e->pxm, (ull)e->base, (ull)e->size, flag_str(e->flags, f, sizeof(f)));
	case ACPI_SRAT_X2APIC:
		return fmt_snprintf(buf, size, "x2apic pxm=%u apic=%u flags=%s", e->pxm, e->apic,
				    flag_str(e->flags & ACPI_SRAT_ENABLED, f, sizeof(f)));
	default:
		return fmt_snprintf(buf, size, "other type=%u length=%u", e->type, e->length);
	}
}

int report_slit(const struct acpi_slit_info *s, char *buf, size_t size,
		const struct report_sink *out)
{
	uint64_t n = s->localities;

	if (size < 32 || (n && (size - 8) / 4 < n))
		return -DIAG_ENOSPC;
	fmt_snprintf(buf, size, "slit localities=%llu", (ull)n);
	emit(out, buf);
	for (uint64_t i = 0; i < n; i++) {
		size_t len = (size_t)fmt_snprintf(buf, size, "dist");

		for (uint64_t j = 0; j < n; j++)
			len += (size_t)fmt_snprintf(buf + len, size - len, " %u",
						    s->matrix[i * n + j]);
		emit(out, buf);
	}
	return 0;
}


// SPDX-License-Identifier: MIT
/*
 * report_topo.c - the loader's side of the memory report, each node's
 * nearest memory, the verbose extras (SRAT summary, distances, warnings) and
 * the --print-srat lines.
 * See report_topo.h. Freestanding.
 */
#include "report_topo.h"

#include "fmt.h"
#include "memmap.h"
#include "util.h"

typedef unsigned long long ull;

#define LINE 256

static void emit(const struct report_sink *out, const char *line)
{
	report_emit(out, line);
}

int report_topo(const struct topo *t, const struct bootmem *bm, const struct report_sink *out)
{
	struct report_node node[BOOTMEM_MAX_NODES];
	struct report_view v = { bm, node, t->nr_nodes };
	int rc;

	for (uint32_t n = 0; n < t->nr_nodes; n++) {
		node[n].nid = t->node[n].nid;
		node[n].pxm = t->node[n].pxm;
	}
	rc = report_memory(&v, out);
	if (rc || !(t->flags & TOPO_BUILT))
		return rc;
	for (uint32_t i = 0; i < t->nr_resv; i++)
		report_reserved(out, t->resv[i].start, t->resv[i].end,
				memmap_what_name(t->resv[i].what));
	return 0;
}

int report_nearest_node(const struct topo *t, uint32_t nid, uint32_t *dist)
{
	int best = -1;
	uint32_t best_d = 0;

	if (nid < t->nr_nodes && t->node[nid].nr_blocks) {
		best = (int)nid;
		best_d = topo_distance(t, nid, nid);
	}
	for (uint32_t j = 0; best != (int)nid && j < t->nr_nodes; j++) {
		uint32_t d;

		if (j == nid || !t->node[j].nr_blocks)
			continue;
		d = topo_distance(t, nid, j);
		if (best < 0 || d < best_d) {       /* ascending j: ties keep the lower nid */
			best = (int)j;
			best_d = d;
		}
	}
	if (dist)
		*dist = best_d;
	return best;
}

void report_nearest(const struct topo *t, const struct report_sink *out)
{
	char line[LINE];

	for (uint32_t n = 0; n < t->nr_nodes; n++) {
		uint32_t d;
		int m = report_nearest_node(t, n, &d);

		if (m < 0)
			fmt_snprintf(line, sizeof(line), "nearest node=%u memory_node=none", n);
		else
			fmt_snprintf(line, sizeof(line), "nearest node=%u memory_node=%d distance=%u",
				     n, m, d);
		emit(out, line);
	}
}

static const char *flag_str(uint32_t flags, char *buf, size_t size)
{
	fmt_snprintf(buf, size, "%s%s%s", flags & ACPI_SRAT_ENABLED ? "enabled" : "disabled",
		     flags & ACPI_SRAT_HOTPLUG ? ",hotplug" : "",
		     flags & ACPI_SRAT_NONVOLATILE ? ",nonvolatile" : "");
	return buf;
}

void report_warnings(const struct diag_log *log, const struct report_sink *out)
{
	char line[LINE], msg[LINE - 16];

	if (!log)
		return;
	for (uint32_t i = 0; i < log->n; i++) {
		diag_warn_format(&log->w[i], msg, sizeof(msg));
		fmt_snprintf(line, sizeof(line), "warning: %s", msg);
		emit(out, line);
	}
	if (log->dropped) {
		fmt_snprintf(line, sizeof(line), "warning: %u more warnings not shown", log->dropped);
		emit(out, line);
	}
}

static const char *node_flags(uint32_t fl, char *buf, size_t size)
{
	fmt_snprintf(buf, size, "%s%s%s%s%s", fl & ACPI_NODE_CPU ? ",cpu" : "",
		     fl & ACPI_NODE_MEM ? ",mem" : "", fl & ACPI_NODE_HOTPLUG ? ",hotplug" : "",
		     fl & ACPI_NODE_NONVOLATILE ? ",nonvolatile" : "", fl ? "" : ",none");
	return buf + 1;
}

void report_verbose(const struct topo *t, const struct diag_log *log,
		    const struct report_sink *out)
{
	const struct acpi_numa *numa = t->numa;
	char line[LINE], f[48];

	if (!numa) {
		emit(out, "numa: no SRAT, single node 0");
	} else {
		const char *mode = (t->flags & TOPO_NUMA) ? "numa" :
				   (t->flags & TOPO_NUMA_CONFLICT) ? "single node (overlapping nodes)" :
				   "single node (no memory ranges)";

		fmt_snprintf(line, sizeof(line),
			     "numa: srat revision=%u entries=%u domains=%u cpus=%u cpus_disabled=%u ranges=%u mem_disabled=%u other=%u mode=%s",
			     numa->revision, numa->nr_entries, numa->nr_nodes, numa->nr_cpu,
			     numa->nr_cpu_disabled, numa->nr_mem, numa->nr_mem_disabled,
			     numa->nr_other, mode);
		emit(out, line);
		for (uint32_t i = 0; i < numa->nr_nodes; i++) {
			const struct acpi_numa_node *n = &numa->node[i];

			fmt_snprintf(line, sizeof(line), "numa: domain pxm=%u nid=%u cpus=%u ranges=%u flags=%s",
				     n->pxm, i, n->nr_cpus, n->nr_mem, node_flags(n->flags, f, sizeof(f)));
			emit(out, line);
		}
		for (uint32_t i = 0; i < numa->nr_mem; i++) {
			const struct acpi_numa_mem *m = &numa->mem[i];

			fmt_snprintf(line, sizeof(line),
				     "numa: range pxm=%u nid=%u start=0x%llx end=0x%llx flags=%s%s",
				     m->pxm, m->nid, (ull)m->base, (ull)m->end,
				     flag_str(m->flags, f, sizeof(f)),
				     (t->mm && topo_range_present(t->mm, m->base, m->end)) ? "" : " (no usable memory: no blocks)");
			emit(out, line);
		}
	}
	report_warnings(log, out);
}

/* The SLIT as rows per node (nid order, columns too), when it is in use. */
static void report_distances(const struct topo *t, const struct report_sink *out)
{
	char line[LINE];

	if (!t->slit || !(t->flags & TOPO_NUMA))
		return;
	if (t->nr_nodes > REPORT_DIST_MAX_NODES) {
		fmt_snprintf(line, sizeof(line), "distances: ACPI SLIT for %u nodes, too many to list "
			     "(at most %u)", t->nr_nodes, REPORT_DIST_MAX_NODES);
		emit(out, line);
		return;
	}
	fmt_snprintf(line, sizeof(line), "distances: ACPI SLIT, relative cost of a memory access "
		     "from a node to each node (columns: nodes 0..%u); 10 = local", t->nr_nodes - 1);
	emit(out, line);
	for (uint32_t i = 0; i < t->nr_nodes; i++) {
		size_t len = (size_t)fmt_snprintf(line, sizeof(line), "distances from node %u:", i);

		for (uint32_t j = 0; j < t->nr_nodes && len < sizeof(line); j++)
			len += (size_t)fmt_snprintf(line + len, sizeof(line) - len, " %u",
						    topo_distance(t, i, j));
		emit(out, line);
	}
}

/* Enabled SRAT ranges with no usable memory behind them: why they have no blocks. */
static void report_absent_ranges(const struct topo *t, const struct report_sink *out)
{
	const struct acpi_numa *numa = t->numa;
	char line[LINE];

	if (!numa || !(t->flags & TOPO_NUMA) || !t->mm)
		return;
	for (uint32_t i = 0; i < numa->nr_mem; i++) {
		const struct acpi_numa_mem *m = &numa->mem[i];
		const char *fmt;

		if (topo_range_present(t->mm, m->base, m->end))
			continue;
		if (m->flags & ACPI_SRAT_HOTPLUG)
			fmt = "hotplug: node %u range 0x%llx-0x%llx can take memory plugged in later; "
			      "empty now: no blocks";
		else if (m->flags & ACPI_SRAT_NONVOLATILE)
			fmt = "nonvolatile: node %u range 0x%llx-0x%llx is persistent memory, not RAM: "
			      "no blocks";
		else
			fmt = "absent: node %u range 0x%llx-0x%llx is in the SRAT but not in the "
			      "memory map: no blocks";
		fmt_snprintf(line, sizeof(line), fmt, m->nid, (ull)m->base, (ull)m->end);
		emit(out, line);
	}
}

void report_memmap(const void *desc, uint64_t desc_size, uint64_t count,
		   const struct report_sink *out)
{
	const uint8_t *d = desc;
	char line[LINE], type[24];

	if (!d || desc_size < MEMMAP_DESC_MIN_SIZE)
		return;
	fmt_snprintf(line, sizeof(line), "memmap: %llu descriptors of %llu bytes (firmware memory map)",
		     (ull)count, (ull)desc_size);
	emit(out, line);
	for (uint64_t i = 0; i < count; i++, d += desc_size) {
		uint32_t ty = util_rd32(d, offsetof(struct memmap_desc, type));
		uint64_t start = util_rd64(d, offsetof(struct memmap_desc, physical_start));
		uint64_t pages = util_rd64(d, offsetof(struct memmap_desc, number_of_pages));

		if (ty <= MEMMAP_TYPE_UNACCEPTED)
			fmt_snprintf(type, sizeof(type), "%s", memmap_type_name(ty));
		else
			fmt_snprintf(type, sizeof(type), "unknown(%u)", ty);
		fmt_snprintf(line, sizeof(line), "memmap: %s start=0x%llx end=0x%llx pages=%llu attr=0x%llx",
			     type, (ull)start, (ull)(start + pages * BOOTMEM_PAGE_SIZE), (ull)pages,
			     (ull)util_rd64(d, offsetof(struct memmap_desc, attribute)));
		emit(out, line);
	}
}

void report_topology(const struct topo *t, const struct report_sink *out)
{
	report_distances(t, out);
	report_absent_ranges(t, out);
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

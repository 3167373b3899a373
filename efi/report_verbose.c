// SPDX-License-Identifier: MIT
/*
 * report_verbose.c - the report's verbose extras (SRAT summary, distances,
 * warnings). See report.h. Freestanding; needs diag.c and topology.c too.
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
	if (t->slit && (t->flags & TOPO_NUMA) && t->nr_nodes <= 32) {
		for (uint32_t i = 0; i < t->nr_nodes; i++) {
			size_t len = (size_t)fmt_snprintf(line, sizeof(line), "numa: distance %u:", i);

			for (uint32_t j = 0; j < t->nr_nodes && len < sizeof(line); j++)
				len += (size_t)fmt_snprintf(line + len, sizeof(line) - len, " %u",
							    topo_distance(t, i, j));
			emit(out, line);
		}
	}
	report_warnings(log, out);
}

// SPDX-License-Identifier: MIT
/* report.c - the memory report; see report.h. Freestanding. */
#include "report.h"

#include "fmt.h"

typedef unsigned long long ull;

#define REPORT_LINE 256

void report_emit(const struct report_sink *out, const char *line)
{
	if (out && out->emit)
		out->emit(out->ctx, line);
}

int report_memory(const struct report_view *v, const struct report_sink *out)
{
	struct bootmem_stats st;
	struct bootmem_block_info b;
	char line[REPORT_LINE];
	int rc;

	rc = bootmem_stats(v->bm, -1, &st);
	if (rc)
		return rc;
	fmt_snprintf(line, sizeof(line),
		     "bootmem2: nodes=%u blocks=%u total_pages=%llu free_pages=%llu reserved_pages=%llu",
		     v->nr_nodes, st.nr_blocks, (ull)st.total_pages, (ull)st.free_pages,
		     (ull)st.reserved_pages);
	report_emit(out, line);
	for (uint32_t n = 0; n < v->nr_nodes; n++) {
		struct bootmem_stats ns;

		rc = bootmem_stats(v->bm, (int)v->node[n].nid, &ns);
		if (rc)
			return rc;
		fmt_snprintf(line, sizeof(line),
			     "node %u pxm=%u blocks=%u total_pages=%llu free_pages=%llu reserved_pages=%llu",
			     v->node[n].nid, v->node[n].pxm, ns.nr_blocks, (ull)ns.total_pages,
			     (ull)ns.free_pages, (ull)ns.reserved_pages);
		report_emit(out, line);
	}
	for (uint32_t i = 0; i < st.nr_blocks; i++) {
		rc = bootmem_block_info(v->bm, i, &b);
		if (rc)
			return rc;
		fmt_snprintf(line, sizeof(line),
			     "block %u node=%d start=0x%llx end=0x%llx pages=%llu free_pages=%llu",
			     i, b.nid, (ull)b.start, (ull)b.end,
			     (ull)((b.end - b.start) / BOOTMEM_PAGE_SIZE), (ull)b.free_pages);
		report_emit(out, line);
	}
	return 0;
}

void report_reserved(const struct report_sink *out, uint64_t start, uint64_t end,
		     const char *what)
{
	char line[REPORT_LINE];

	fmt_snprintf(line, sizeof(line), "reserved start=0x%llx end=0x%llx what=%s",
		     (ull)start, (ull)end, what);
	report_emit(out, line);
}

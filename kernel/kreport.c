// SPDX-License-Identifier: MIT
/* kreport.c - see kreport.h. */
#include "kreport.h"

#include "console.h"
#include "report.h"

static struct report_node nodes[BOOTMEM_MAX_NODES];

int kernel_report(const struct boot_info *bi, const struct bootmem *bm)
{
	const struct bi_node *bn = (const struct bi_node *)(uintptr_t)bi->nodes;
	const struct bi_reserved *br = (const struct bi_reserved *)(uintptr_t)bi->reserved;
	struct report_sink out = { kline, 0 };
	struct report_view v = { bm, nodes, bi->nr_nodes };
	char what[BI_WHAT_LEN + 1];
	int rc;

	if (bi->nr_nodes > BOOTMEM_MAX_NODES)
		return BOOTMEM_EINVAL;
	for (uint32_t n = 0; n < bi->nr_nodes; n++) {
		nodes[n].nid = bn[n].nid;
		nodes[n].pxm = bn[n].pxm;
	}
	rc = report_memory(&v, &out);
	if (rc)
		return rc;
	for (uint32_t i = 0; i < bi->nr_reserved; i++) {
		for (uint32_t k = 0; k < BI_WHAT_LEN; k++)
			what[k] = br[i].what[k];
		what[BI_WHAT_LEN] = 0;
		report_reserved(&out, br[i].start, br[i].end, what);
	}
	return 0;
}

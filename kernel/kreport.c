// SPDX-License-Identifier: MIT
/* kreport.c - see kreport.h. */
#include "kreport.h"

#include "console.h"
#include "memmap.h"
#include "report.h"

#define KREPORT_MAX_BLOCKS 4096
#define KREPORT_MAX_RESV   4096

static struct topo_node nodes[BOOTMEM_MAX_NODES];
static struct topo_block blocks[KREPORT_MAX_BLOCKS];
static struct topo_resv resv[KREPORT_MAX_RESV];

static unsigned what_code(const char *name)
{
	for (unsigned w = 0; w < MEMMAP_WHAT_NR; w++) {
		const char *n = memmap_what_name(w);
		unsigned i = 0;

		while (i < BI_WHAT_LEN && n[i] && n[i] == name[i])
			i++;
		if (!n[i] && (i == BI_WHAT_LEN || !name[i]))
			return w;
	}
	return MEMMAP_WHAT_OTHER;
}

int kernel_report(const struct boot_info *bi, const struct bootmem *bm)
{
	const struct bi_node *bn = (const struct bi_node *)(uintptr_t)bi->nodes;
	const struct bi_reserved *br = (const struct bi_reserved *)(uintptr_t)bi->reserved;
	struct report_sink out = { kline, 0 };
	struct report_view v;
	struct bootmem_stats st;
	int rc;

	rc = bootmem_stats(bm, -1, &st);
	if (rc)
		return rc;
	if (st.nr_blocks > KREPORT_MAX_BLOCKS || bi->nr_reserved > KREPORT_MAX_RESV)
		return BOOTMEM_ENOMEM;
	for (uint32_t n = 0; n < bi->nr_nodes; n++) {
		nodes[n].nid = bn[n].nid;
		nodes[n].pxm = bn[n].pxm;
	}
	for (uint32_t i = 0; i < st.nr_blocks; i++) {
		struct bootmem_block_info info;

		rc = bootmem_block_info(bm, i, &info);
		if (rc)
			return rc;
		blocks[i].start = info.start;
		blocks[i].end = info.end;
		blocks[i].nid = (uint32_t)info.nid;
		blocks[i].free_pages = info.free_pages;
	}
	for (uint32_t i = 0; i < bi->nr_reserved; i++) {
		resv[i].start = br[i].start;
		resv[i].end = br[i].end;
		resv[i].what = what_code(br[i].what);
	}
	v.bm = bm;
	v.node = nodes;
	v.nr_nodes = bi->nr_nodes;
	v.block = blocks;
	v.nr_blocks = st.nr_blocks;
	v.resv = resv;
	v.nr_resv = bi->nr_reserved;
	return report_memory(&v, &out);
}

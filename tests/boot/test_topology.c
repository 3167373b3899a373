// SPDX-License-Identifier: MIT
/*
 * test_topology.c - memory map + SRAT -> blocks, nodes, reserved ranges,
 * the core driven with them, and the exact memory report.
 */
#include "ltest.h"
#include "util.h"

static struct tb S;
static struct mapb M;

#define ASSERT_BLOCK(w, i, s_, e_, nid_) do { \
	ASSERT_EQ((w)->b.topo.block[i].start, (s_)); \
	ASSERT_EQ((w)->b.topo.block[i].end, (e_)); \
	ASSERT_EQ((w)->b.topo.block[i].nid, (nid_)); \
} while (0)

#define ASSERT_RESV(w, i, s_, e_, what_) do { \
	ASSERT_EQ((w)->b.topo.resv[i].start, (s_)); \
	ASSERT_EQ((w)->b.topo.resv[i].end, (e_)); \
	ASSERT_EQ((w)->b.topo.resv[i].what, (what_)); \
} while (0)

/* Without an SRAT: one node 0, in-use entries reserved with their reasons. */
static int one_node_without_srat(void)
{
	struct world *w = world_new();

	mapb_init(&M, 48);
	mapb_ram(&M, 0, 0x9f000);
	mapb_add(&M, MEMMAP_TYPE_RESERVED, 0x9f000, 0x61, 0);
	mapb_add(&M, MEMMAP_TYPE_LOADER_CODE, 0x100000, 128, 0);
	mapb_ram(&M, 0x180000, 0x7f000000);
	mapb_add(&M, MEMMAP_TYPE_BS_DATA, 0x7f000000, 2048, 0);
	mapb_add(&M, MEMMAP_TYPE_RUNTIME_DATA, 0x7f800000, 2048, 0);
	mapb_ram(&M, SZ_4G, SZ_4G + SZ_1G);
	if (world_run(w, NULL, &M, 0))
		return 1;
	ASSERT_EQ(w->b.topo.flags & TOPO_NUMA, 0);
	ASSERT_OK(world_report(w, 0));
	ASSERT_LINES(w,
		"bootmem2: nodes=1 blocks=3 total_pages=784287 free_pages=782110 reserved_pages=2177",
		"node 0 pxm=0 blocks=3 total_pages=784287 free_pages=782110 reserved_pages=2177",
		"block 0 node=0 start=0x0 end=0x9f000 pages=159 free_pages=158",
		"block 1 node=0 start=0x100000 end=0x7f800000 pages=521984 free_pages=519808",
		"block 2 node=0 start=0x100000000 end=0x140000000 pages=262144 free_pages=262144",
		"reserved start=0x0 end=0x1000 what=page0",
		"reserved start=0x100000 end=0x180000 what=loader_code",
		"reserved start=0x7f000000 end=0x7f800000 what=bs_data");
	ASSERT_EQ(w->log.n, 0);
	world_free(w);
	return 0;
}

/* Two nodes: usable memory split exactly at the SRAT boundary. */
static int two_nodes_split_at_boundary(void)
{
	struct world *w = world_new();

	tb_srat(&S, 3);
	tb_cpu(&S, 0, 0, EN);
	tb_cpu(&S, 1, 1, EN);
	tb_mem(&S, 0, 0, SZ_2G, EN);
	tb_mem(&S, 1, SZ_2G, SZ_2G, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, SZ_1M, SZ_3G);
	mapb_ram(&M, 0, 0xa0000);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_OK(world_report(w, 0));
	ASSERT_LINES(w,
		"bootmem2: nodes=2 blocks=3 total_pages=786336 free_pages=786335 reserved_pages=1",
		"node 0 pxm=0 blocks=2 total_pages=524192 free_pages=524191 reserved_pages=1",
		"node 1 pxm=1 blocks=1 total_pages=262144 free_pages=262144 reserved_pages=0",
		"block 0 node=0 start=0x0 end=0xa0000 pages=160 free_pages=159",
		"block 1 node=0 start=0x100000 end=0x80000000 pages=524032 free_pages=524032",
		"block 2 node=1 start=0x80000000 end=0xc0000000 pages=262144 free_pages=262144",
		"reserved start=0x0 end=0x1000 what=page0");
	ASSERT_EQ(w->log.n, 0);
	world_free(w);
	return 0;
}

/* 4 and 8 nodes of equal size; the node lines follow nid order. */
static int n_nodes(unsigned n, uint64_t each)
{
	struct world *w = world_new();
	char buf[200];

	tb_srat(&S, 2);
	for (unsigned i = 0; i < n; i++) {
		tb_cpu(&S, n - 1 - i, (uint8_t)i, EN);      /* pxm n-1 gets nid 0 */
		tb_mem(&S, n - 1 - i, (n - 1 - i) * each, each, EN);
	}
	tb_finish(&S);
	mapb_init(&M, 40);
	mapb_ram(&M, 0, n * each);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_OK(world_report(w, 0));
	ASSERT_EQ(w->nr_lines, 1 + n + n + 1);
	snprintf(buf, sizeof(buf), "bootmem2: nodes=%u blocks=%u total_pages=%llu free_pages=%llu reserved_pages=1",
		 n, n, (unsigned long long)PAGES(n * each), (unsigned long long)PAGES(n * each) - 1);
	ASSERT_STR(w->line[0], buf);
	for (unsigned i = 0; i < n; i++) {
		unsigned pxm = n - 1 - i;                   /* nid i */
		unsigned long long pg = PAGES(each);

		snprintf(buf, sizeof(buf), "node %u pxm=%u blocks=1 total_pages=%llu free_pages=%llu reserved_pages=%u",
			 i, pxm, pg, pg - (pxm == 0), pxm == 0);
		ASSERT_STR(w->line[1 + i], buf);
		/* block i (address order) is pxm i = nid n-1-i */
		snprintf(buf, sizeof(buf), "block %u node=%u start=0x%llx end=0x%llx pages=%llu free_pages=%llu",
			 i, n - 1 - i, (unsigned long long)(i * each),
			 (unsigned long long)((i + 1) * each), pg, pg - (i == 0));
		ASSERT_STR(w->line[1 + n + i], buf);
	}
	ASSERT_STR(w->line[1 + 2 * n], "reserved start=0x0 end=0x1000 what=page0");
	world_free(w);
	return 0;
}

static int four_nodes(void)
{
	return n_nodes(4, SZ_1G);
}

static int eight_nodes(void)
{
	return n_nodes(8, SZ_512M);
}

/*
 * The seed layout: node 0 owns 0-2G and 4-6G, node 1 2-4G and 6-8G, with
 * RAM missing between 3G and 4G: node 1 has two blocks around the hole.
 */
static int node_with_two_blocks_around_4g_hole(void)
{
	struct world *w = world_new();

	tb_srat(&S, 3);
	tb_mem(&S, 0, 0, SZ_2G, EN);
	tb_mem(&S, 1, SZ_2G, SZ_2G, EN);
	tb_mem(&S, 0, SZ_4G, SZ_2G, EN);
	tb_mem(&S, 1, 6 * SZ_1G, SZ_2G, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, SZ_4G, SZ_8G);
	mapb_ram(&M, 0, SZ_3G);
	mapb_add(&M, MEMMAP_TYPE_MMIO, SZ_3G, PAGES(SZ_1G), 0);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_EQ(w->b.topo.nr_blocks, 4);
	ASSERT_BLOCK(w, 0, 0, SZ_2G, 0);
	ASSERT_BLOCK(w, 1, SZ_2G, SZ_3G, 1);
	ASSERT_BLOCK(w, 2, SZ_4G, 6 * SZ_1G, 0);
	ASSERT_BLOCK(w, 3, 6 * SZ_1G, SZ_8G, 1);
	ASSERT_EQ(w->b.topo.node[1].nr_blocks, 2);
	ASSERT_EQ(w->b.topo.node[1].pages, PAGES(SZ_3G));
	/* DESIGN.md's seed example: a free crossing node and block boundaries */
	ASSERT_OK(reserve_bootmem(&w->bm, 1536 * SZ_1M, 1024 * SZ_1M, BOOTMEM_DEFAULT));
	ASSERT_OK(free_bootmem(&w->bm, 1536 * SZ_1M, 1024 * SZ_1M));
	ASSERT_RC(free_bootmem(&w->bm, SZ_2G + SZ_512M, SZ_2G), BOOTMEM_EFAULT);      /* hole */
	world_free(w);
	return 0;
}

/* A CPU-only domain is a node with blocks=0. */
static int memoryless_node_listed(void)
{
	struct world *w = world_new();

	tb_srat(&S, 2);
	tb_cpu(&S, 0, 0, EN);
	tb_cpu(&S, 1, 1, EN);
	tb_cpu(&S, 2, 2, EN);
	tb_mem(&S, 0, 0, SZ_2G, EN);
	tb_mem(&S, 2, SZ_2G, SZ_2G, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_4G);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_OK(world_report(w, 0));
	ASSERT_LINES(w,
		"bootmem2: nodes=3 blocks=2 total_pages=1048576 free_pages=1048575 reserved_pages=1",
		"node 0 pxm=0 blocks=1 total_pages=524288 free_pages=524287 reserved_pages=1",
		"node 1 pxm=1 blocks=0 total_pages=0 free_pages=0 reserved_pages=0",
		"node 2 pxm=2 blocks=1 total_pages=524288 free_pages=524288 reserved_pages=0",
		"block 0 node=0 start=0x0 end=0x80000000 pages=524288 free_pages=524287",
		"block 1 node=2 start=0x80000000 end=0x100000000 pages=524288 free_pages=524288",
		"reserved start=0x0 end=0x1000 what=page0");
	ASSERT_EQ(w->b.topo.node[1].flags, ACPI_NODE_CPU);
	world_free(w);
	return 0;
}

/* A hot-pluggable range outside the map: its node has no blocks, verbose says so. */
static int hotplug_range_not_in_map(void)
{
	struct world *w = world_new();

	tb_srat(&S, 1);
	tb_cpu(&S, 0, 0, EN);
	tb_mem(&S, 0, 0, SZ_2G, EN);
	tb_mem(&S, 1, SZ_4G, SZ_4G, EN | HP);
	tb_mem(&S, 0, SZ_2G, SZ_1G, EN | HP);       /* hotplug but present: normal memory */
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_3G);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_OK(world_report(w, 1));
	ASSERT_LINES(w,
		"bootmem2: nodes=2 blocks=1 total_pages=786432 free_pages=786431 reserved_pages=1",
		"node 0 pxm=0 blocks=1 total_pages=786432 free_pages=786431 reserved_pages=1",
		"node 1 pxm=1 blocks=0 total_pages=0 free_pages=0 reserved_pages=0",
		"block 0 node=0 start=0x0 end=0xc0000000 pages=786432 free_pages=786431",
		"reserved start=0x0 end=0x1000 what=page0",
		"hotplug: node 1 range 0x100000000-0x200000000 can take memory plugged in later; empty now: no blocks",
		"numa: srat revision=1 entries=4 domains=2 cpus=1 cpus_disabled=0 ranges=3 mem_disabled=0 other=0 mode=numa",
		"numa: domain pxm=0 nid=0 cpus=1 ranges=2 flags=cpu,mem,hotplug",
		"numa: domain pxm=1 nid=1 cpus=0 ranges=1 flags=mem,hotplug",
		"numa: range pxm=0 nid=0 start=0x0 end=0x80000000 flags=enabled",
		"numa: range pxm=0 nid=0 start=0x80000000 end=0xc0000000 flags=enabled,hotplug",
		"numa: range pxm=1 nid=1 start=0x100000000 end=0x200000000 flags=enabled,hotplug (no usable memory: no blocks)");
	world_free(w);
	return 0;
}

/* Memory in no SRAT range: nearest range below, else node 0, with warnings. */
static int memory_outside_srat(void)
{
	struct world *w = world_new();
	char msg[200];

	tb_srat(&S, 3);
	tb_mem(&S, 1, SZ_2G, SZ_1G, EN);            /* nid 0 = pxm 1 */
	tb_mem(&S, 0, SZ_1G, SZ_1G, EN);            /* nid 1 = pxm 0 */
	tb_mem(&S, 5, SZ_3G, SZ_1G, 0);             /* disabled: does not count */
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_4G);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_EQ(w->b.topo.nr_blocks, 3);
	ASSERT_BLOCK(w, 0, 0, SZ_1G, 0);            /* nothing below: node 0 */
	ASSERT_BLOCK(w, 1, SZ_1G, SZ_2G, 1);
	ASSERT_BLOCK(w, 2, SZ_2G, SZ_4G, 0);        /* 3G-4G: nearest below is 2G-3G */
	ASSERT_EQ(w->log.n, 2);
	diag_warn_format(&w->log.w[0], msg, sizeof(msg));
	ASSERT_STR(msg, "topology: memory 0x0-0x40000000 not in any SRAT range, given to node 0");
	diag_warn_format(&w->log.w[1], msg, sizeof(msg));
	ASSERT_STR(msg, "topology: memory 0xc0000000-0x100000000 not in any SRAT range, given to node 0");
	world_free(w);
	return 0;
}

/* Ranges of different nodes overlapping: NUMA off, one node 0, a warning. */
static int overlapping_nodes_disable_numa(void)
{
	struct world *w = world_new();
	char msg[200];

	tb_srat(&S, 3);
	tb_cpu(&S, 0, 0, EN);
	tb_cpu(&S, 1, 1, EN);
	tb_mem(&S, 0, 0, SZ_3G, EN);
	tb_mem(&S, 1, SZ_2G, SZ_2G, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_4G);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_EQ(w->b.topo.flags & (TOPO_NUMA | TOPO_NUMA_CONFLICT), TOPO_NUMA_CONFLICT);
	ASSERT_OK(world_report(w, 0));
	ASSERT_LINES(w,
		"bootmem2: nodes=1 blocks=1 total_pages=1048576 free_pages=1048575 reserved_pages=1",
		"node 0 pxm=0 blocks=1 total_pages=1048576 free_pages=1048575 reserved_pages=1",
		"block 0 node=0 start=0x0 end=0x100000000 pages=1048576 free_pages=1048575",
		"reserved start=0x0 end=0x1000 what=page0");
	ASSERT_EQ(w->log.n, 1);
	diag_warn_format(&w->log.w[0], msg, sizeof(msg));
	ASSERT_STR(msg, "SRAT: node 0 and node 1 overlap at 0x80000000-0xc0000000, NUMA disabled");
	world_free(w);
	return 0;
}

/* Overlap inside a range with no usable memory (an NVDIMM in a hotplug window) is harmless. */
static int overlap_outside_memory_keeps_numa(void)
{
	struct world *w = world_new();

	tb_srat(&S, 1);
	tb_mem(&S, 0, 0, SZ_2G, EN);
	tb_mem(&S, 1, SZ_2G, SZ_2G, EN);
	tb_mem(&S, 2, 0x108000000ULL, 0x8000000, EN | NV);
	tb_mem(&S, 3, SZ_4G, 0xf8000000ULL, EN | HP);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_4G);
	mapb_add(&M, MEMMAP_TYPE_PERSISTENT, 0x108000000ULL, PAGES(0x8000000), 0);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_EQ(w->b.topo.flags & TOPO_NUMA, TOPO_NUMA);
	ASSERT_EQ(w->b.topo.nr_nodes, 4);
	ASSERT_EQ(w->b.topo.nr_blocks, 2);
	ASSERT_EQ(w->log.n, 0);
	world_free(w);
	return 0;
}

/* Overlapping ranges of one node: merged, with a warning. */
static int same_node_overlap_merges(void)
{
	struct world *w = world_new();

	tb_srat(&S, 3);
	tb_mem(&S, 0, 0, SZ_2G, EN);
	tb_mem(&S, 0, SZ_1G, SZ_2G, EN);
	tb_mem(&S, 1, SZ_3G, SZ_1G, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_4G);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_EQ(w->b.topo.nr_blocks, 2);
	ASSERT_BLOCK(w, 0, 0, SZ_3G, 0);
	ASSERT_BLOCK(w, 1, SZ_3G, SZ_4G, 1);
	ASSERT_EQ(diag_log_count(&w->log, DIAG_W_NUMA_SELF), 1);
	world_free(w);
	return 0;
}

/* An SRAT without enabled memory ranges: NUMA off. */
static int srat_without_memory_disables_numa(void)
{
	struct world *w = world_new();

	tb_srat(&S, 3);
	tb_cpu(&S, 0, 0, EN);
	tb_cpu(&S, 1, 1, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_1G);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_EQ(w->b.topo.flags, TOPO_NUMA_NOMEM | TOPO_LAID_OUT | TOPO_BUILT);
	ASSERT_EQ(w->b.topo.nr_nodes, 1);
	ASSERT_EQ(diag_log_count(&w->log, DIAG_W_NUMA_NOMEM), 1);
	world_free(w);
	return 0;
}

/* SRAT boundaries inside a page: the page goes to the node owning its first byte. */
static int unaligned_srat_boundary(void)
{
	struct world *w = world_new();

	tb_srat(&S, 3);
	tb_mem(&S, 0, 0, SZ_2G + 0x800, EN);
	tb_mem(&S, 1, SZ_2G + 0x800, SZ_2G - 0x800, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_4G);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_EQ(w->b.topo.nr_blocks, 2);
	ASSERT_BLOCK(w, 0, 0, SZ_2G + SZ_4K, 0);
	ASSERT_BLOCK(w, 1, SZ_2G + SZ_4K, SZ_4G, 1);
	ASSERT_EQ(w->log.n, 0);
	world_free(w);
	return 0;
}

/* Unsorted, overlapping map entries and SP memory through the whole pipeline. */
static int messy_map_through_pipeline(void)
{
	struct world *w = world_new();

	tb_srat(&S, 3);
	tb_mem(&S, 0, 0, SZ_2G, EN);
	tb_mem(&S, 1, SZ_2G, SZ_2G, EN);
	tb_finish(&S);
	mapb_init(&M, 56);
	mapb_ram(&M, SZ_2G, SZ_4G);
	mapb_ram(&M, 0, SZ_2G + SZ_1G);                                   /* overlaps the one above */
	mapb_add(&M, MEMMAP_TYPE_CONVENTIONAL, SZ_1G, PAGES(SZ_256M), MEMMAP_ATTR_SP);
	mapb_add(&M, MEMMAP_TYPE_ACPI_RECLAIM, SZ_3G, 16, 0);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_EQ(w->b.topo.nr_blocks, 4);
	ASSERT_BLOCK(w, 0, 0, SZ_1G, 0);
	ASSERT_BLOCK(w, 1, SZ_1G + SZ_256M, SZ_2G, 0);
	ASSERT_BLOCK(w, 2, SZ_2G, SZ_3G, 1);
	ASSERT_BLOCK(w, 3, SZ_3G + 16 * SZ_4K, SZ_4G, 1);
	ASSERT_EQ(diag_log_count(&w->log, DIAG_W_MAP_OVERLAP), 3);
	world_free(w);
	return 0;
}

/* Caller ranges win over the map's reasons; parts outside managed memory warn. */
static int caller_ranges_and_reasons(void)
{
	struct world *w = world_new();
	char msg[200];

	mapb_init(&M, 48);
	mapb_ram(&M, 0, 0xa0000);
	mapb_add(&M, MEMMAP_TYPE_LOADER_CODE, 0x100000, 0x40, 0);           /* 0x100000-0x140000 */
	mapb_add(&M, MEMMAP_TYPE_LOADER_DATA, 0x140000, 0x1c0, 0);          /* 0x140000-0x300000 */
	mapb_ram(&M, 0x300000, 0x4000000);
	mapb_add(&M, MEMMAP_TYPE_BS_CODE, 0x4000000, 0x100, 0);  /* 0x4000000-0x4100000 */
	mapb_add(&M, MEMMAP_TYPE_RESERVED, 0x4100000, 0x100, 0);
	if (world_layout(w, NULL, &M, 0))
		return 1;
	ASSERT_OK(boot_reserve(&w->b, 0x100000, 0x3ffff, MEMMAP_WHAT_LOADER));   /* the image */
	ASSERT_OK(boot_reserve(&w->b, 0x200010, 0x10000, MEMMAP_WHAT_ARENA));    /* inside loader_data */
	ASSERT_OK(boot_reserve(&w->b, 0x1000000, 0x201234, MEMMAP_WHAT_KERNEL)); /* free memory */
	ASSERT_OK(boot_reserve(&w->b, 0x40ff000, 0x2000, MEMMAP_WHAT_STACK));    /* half outside */
	ASSERT_OK(boot_reserve(&w->b, 0x800, 0x10, MEMMAP_WHAT_BOOTINFO));       /* inside page 0 */
	ASSERT_EQ(boot_reserve(&w->b, 0x1000, 0, MEMMAP_WHAT_STACK), -DIAG_EINVAL);
	ASSERT_EQ(boot_reserve(&w->b, ~0ULL, 2, MEMMAP_WHAT_STACK), -DIAG_EINVAL);
	ASSERT_EQ(boot_reserve(&w->b, 0x1000, 1, MEMMAP_WHAT_NONE), -DIAG_EINVAL);
	if (world_build(w))
		return 1;
	ASSERT_OK(world_report(w, 0));
	ASSERT_LINES(w,
		"bootmem2: nodes=1 blocks=2 total_pages=16544 free_pages=15261 reserved_pages=1283",
		"node 0 pxm=0 blocks=2 total_pages=16544 free_pages=15261 reserved_pages=1283",
		"block 0 node=0 start=0x0 end=0xa0000 pages=160 free_pages=159",
		"block 1 node=0 start=0x100000 end=0x4100000 pages=16384 free_pages=15102",
		"reserved start=0x0 end=0x1000 what=bootinfo",
		"reserved start=0x100000 end=0x140000 what=loader",
		"reserved start=0x140000 end=0x200000 what=loader_data",
		"reserved start=0x200000 end=0x211000 what=arena",
		"reserved start=0x211000 end=0x300000 what=loader_data",
		"reserved start=0x1000000 end=0x1202000 what=kernel",
		"reserved start=0x4000000 end=0x40ff000 what=bs_code",
		"reserved start=0x40ff000 end=0x4100000 what=stack");
	ASSERT_EQ(w->log.n, 1);
	diag_warn_format(&w->log.w[0], msg, sizeof(msg));
	ASSERT_STR(msg, "topology: reserved range 0x40ff000-0x4101000 what=stack not fully in managed memory");
	world_free(w);
	return 0;
}

/* After ExitBootServices boot services memory is free: no bs_* reservations. */
static int bs_memory_free_after_exit(void)
{
	struct world *w = world_new();

	mapb_init(&M, 48);
	mapb_add(&M, MEMMAP_TYPE_BS_DATA, 0, 0x10, 0);
	mapb_add(&M, MEMMAP_TYPE_BS_CODE, 0x10000, 0x10, 0);
	mapb_add(&M, MEMMAP_TYPE_LOADER_DATA, 0x20000, 0x10, 0);
	if (world_run(w, NULL, &M, MEMMAP_BS_FREE))
		return 1;
	ASSERT_OK(world_report(w, 0));
	ASSERT_LINES(w,
		"bootmem2: nodes=1 blocks=1 total_pages=48 free_pages=31 reserved_pages=17",
		"node 0 pxm=0 blocks=1 total_pages=48 free_pages=31 reserved_pages=17",
		"block 0 node=0 start=0x0 end=0x30000 pages=48 free_pages=31",
		"reserved start=0x0 end=0x1000 what=page0",
		"reserved start=0x20000 end=0x30000 what=loader_data");
	world_free(w);
	return 0;
}

/* No usable memory at all: an empty but valid report. */
static int empty_map(void)
{
	struct world *w = world_new();

	mapb_init(&M, 48);
	mapb_add(&M, MEMMAP_TYPE_MMIO, SZ_4G, 16, 0);
	if (world_run(w, NULL, &M, 0))
		return 1;
	ASSERT_OK(world_report(w, 0));
	ASSERT_LINES(w,
		"bootmem2: nodes=1 blocks=0 total_pages=0 free_pages=0 reserved_pages=0",
		"node 0 pxm=0 blocks=0 total_pages=0 free_pages=0 reserved_pages=0");
	world_free(w);
	return 0;
}

/* The arena size is the core's bound for the laid-out blocks. */
static int arena_bytes_from_layout(void)
{
	struct world *w = world_new();

	tb_srat(&S, 3);
	tb_mem(&S, 0, 0, SZ_2G, EN);
	tb_mem(&S, 1, SZ_2G, SZ_2G, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_1G);
	mapb_ram(&M, SZ_1G + SZ_2M, SZ_3G);
	ASSERT_OK(world_layout(w, &S, &M, 0));
	ASSERT_EQ(w->b.topo.nr_blocks, 3);
	ASSERT_EQ(w->b.topo.total_pages, PAGES(SZ_3G - SZ_2M));
	ASSERT_EQ(topo_arena_bytes(&w->b.topo), bootmem_arena_bytes(3, PAGES(SZ_3G - SZ_2M)));
	ASSERT_OK(world_build(w));
	world_free(w);
	return 0;
}

static int block_storage_full(void)
{
	struct world *w = world_new();
	struct topo_block two[2];

	tb_srat(&S, 3);
	tb_mem(&S, 0, 0, SZ_1G, EN);
	tb_mem(&S, 1, SZ_1G, SZ_1G, EN);
	tb_mem(&S, 0, SZ_2G, SZ_1G, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_3G);
	ASSERT_OK(world_layout(w, &S, &M, 0));
	ASSERT_TRUE(topo_block_capacity(&w->b.mm, &w->tables.numa) >= 3);
	topo_init(&w->b.topo, two, 2, w->resv, 16, NULL);
	ASSERT_EQ(topo_layout(&w->b.topo, &w->b.mm, &w->tables.numa, &w->err), -DIAG_ENOSPC);
	ASSERT_EQ(topo_build(&w->b.topo, &w->bm, &w->err), -DIAG_EINVAL);
	world_free(w);
	return 0;
}

/* SLIT distances per node; an invalid SLIT is ignored with a warning. */
static int slit_distances(void)
{
	static const uint8_t good[4] = { 10, 21, 21, 10 };
	static const uint8_t bad[4] = { 10, 21, 21, 11 };
	static struct tb slit;
	struct acpi_slit_info si;
	struct world *w = world_new();
	char msg[200];

	tb_srat(&S, 3);
	tb_mem(&S, 1, 0, SZ_1G, EN);                /* nid 0 = pxm 1 */
	tb_mem(&S, 0, SZ_1G, SZ_1G, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_2G);
	if (world_run(w, &S, &M, 0))
		return 1;
	tb_slit(&slit, 2, good);
	ASSERT_OK(acpi_slit_parse(&si, slit.b, slit.len, &w->err));
	ASSERT_OK(topo_use_slit(&w->b.topo, &si));
	ASSERT_EQ(topo_distance(&w->b.topo, 0, 1), 21);
	ASSERT_EQ(topo_distance(&w->b.topo, 1, 1), 10);
	tb_slit(&slit, 2, bad);
	ASSERT_OK(acpi_slit_parse(&si, slit.b, slit.len, &w->err));
	ASSERT_EQ(topo_use_slit(&w->b.topo, &si), -DIAG_ESLITDIST);
	ASSERT_EQ(topo_distance(&w->b.topo, 0, 1), 20);
	diag_warn_format(&w->log.w[w->log.n - 1], msg, sizeof(msg));
	ASSERT_STR(msg, "SLIT: invalid distance 11 at offset 0x2f, table ignored");
	world_free(w);
	return 0;
}

/*
 * Block lines come from the allocator itself (bootmem_block_info()), so they
 * are exact after allocations too (the kernel's case), whatever the
 * topology's own derived counts say.
 */
static int report_block_free_after_allocations(void)
{
	struct world *w = world_new();
	phys_addr_t a;

	tb_srat(&S, 3);
	tb_mem(&S, 0, 0, SZ_2G, EN);
	tb_mem(&S, 1, SZ_2G, SZ_2G, EN);
	tb_mem(&S, 0, SZ_4G, SZ_2G, EN);
	tb_mem(&S, 1, 6 * SZ_1G, SZ_2G, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_3G);
	mapb_ram(&M, SZ_4G, SZ_8G);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_OK(alloc_bootmem_node(&w->bm, 0, 5 * SZ_4K, SZ_4K, 0, 0, &a));     /* low block */
	ASSERT_OK(alloc_bootmem_node(&w->bm, 1, 3 * SZ_4K, SZ_4K, 7 * SZ_1G, 0, &a)); /* high block */
	ASSERT_OK(alloc_bootmem_node(&w->bm, 1, SZ_4K, SZ_4K, 0, 0, &a));         /* 2G-3G block */
	for (uint32_t i = 0; i < w->b.topo.nr_blocks; i++)
		w->b.topo.block[i].free_pages = 12345;     /* stale derived counts: not used */
	ASSERT_OK(world_report(w, 0));
	ASSERT_LINES(w,
		"bootmem2: nodes=2 blocks=4 total_pages=1835008 free_pages=1834998 reserved_pages=10",
		"node 0 pxm=0 blocks=2 total_pages=1048576 free_pages=1048570 reserved_pages=6",
		"node 1 pxm=1 blocks=2 total_pages=786432 free_pages=786428 reserved_pages=4",
		"block 0 node=0 start=0x0 end=0x80000000 pages=524288 free_pages=524282",
		"block 1 node=1 start=0x80000000 end=0xc0000000 pages=262144 free_pages=262143",
		"block 2 node=0 start=0x100000000 end=0x180000000 pages=524288 free_pages=524288",
		"block 3 node=1 start=0x180000000 end=0x200000000 pages=524288 free_pages=524285",
		"reserved start=0x0 end=0x1000 what=page0");
	world_free(w);
	return 0;
}

/*
 * BOOT_REPORT_TOPOLOGY (the loader's report, both modes): the SLIT and the
 * SRAT ranges without memory in words, after the four DESIGN.md kinds of
 * line, each starting with its own word. Distances are per node (nid 0 is
 * pxm 1 here), not per SLIT row.
 */
static int topology_in_words(void)
{
	static const uint8_t dist[9] = { 10, 31, 40, 31, 10, 50, 40, 50, 10 };
	static struct tb slit;
	struct world *w = world_new();
	struct boot_map bm;
	struct report_sink out = { world_sink, w };

	tb_srat(&S, 3);
	tb_mem(&S, 1, 0, SZ_1G, EN);                    /* nid 0 = pxm 1 */
	tb_mem(&S, 0, SZ_1G, SZ_1G, EN);                /* nid 1 = pxm 0 */
	tb_mem(&S, 0, SZ_4G, SZ_4G, EN | HP);           /* hot-pluggable, empty */
	tb_mem(&S, 2, SZ_8G, SZ_1G, EN | NV);           /* nid 2: persistent memory */
	tb_mem(&S, 1, SZ_8G + SZ_1G, SZ_1G, EN);        /* in the SRAT, not in the map */
	tb_finish(&S);
	tb_slit(&slit, 3, dist);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_2G);
	bm = (struct boot_map){ M.b, sizeof(M.b), M.desc_size, M.count };
	ASSERT_OK(world_tables(w, &S, &slit));
	ASSERT_OK(world_layout_map(w, &bm, 0));
	ASSERT_OK(world_build(w));
	world_clear_lines(w);
	ASSERT_OK(boot_report(&w->b, &w->bm, &out, BOOT_REPORT_TOPOLOGY));
	ASSERT_LINES(w,
		"bootmem2: nodes=3 blocks=2 total_pages=524288 free_pages=524287 reserved_pages=1",
		"node 0 pxm=1 blocks=1 total_pages=262144 free_pages=262143 reserved_pages=1",
		"node 1 pxm=0 blocks=1 total_pages=262144 free_pages=262144 reserved_pages=0",
		"node 2 pxm=2 blocks=0 total_pages=0 free_pages=0 reserved_pages=0",
		"block 0 node=0 start=0x0 end=0x40000000 pages=262144 free_pages=262143",
		"block 1 node=1 start=0x40000000 end=0x80000000 pages=262144 free_pages=262144",
		"reserved start=0x0 end=0x1000 what=page0",
		"distances: ACPI SLIT, relative cost of a memory access from a node to each node "
		"(columns: nodes 0..2); 10 = local",
		"distances from node 0: 10 31 50",
		"distances from node 1: 31 10 40",
		"distances from node 2: 50 40 10",
		"hotplug: node 1 range 0x100000000-0x200000000 can take memory plugged in later; "
		"empty now: no blocks",
		"nonvolatile: node 2 range 0x200000000-0x240000000 is persistent memory, not RAM: no blocks",
		"absent: node 0 range 0x240000000-0x280000000 is in the SRAT but not in the memory map: "
		"no blocks");
	/* without the flag: the four kinds only */
	world_clear_lines(w);
	ASSERT_OK(boot_report(&w->b, &w->bm, &out, 0));
	ASSERT_EQ(w->nr_lines, 7);
	world_free(w);
	return 0;
}

/* `verbose`: the firmware's map, one line per descriptor, in map order. */
static int memmap_listing(void)
{
	struct world *w = world_new();
	struct report_sink out = { world_sink, w };

	mapb_init(&M, 48);
	mapb_ram(&M, SZ_1M, SZ_2G);
	mapb_add(&M, MEMMAP_TYPE_BS_DATA, 0, 0xa0, 0xf);
	mapb_add(&M, MEMMAP_TYPE_MMIO, 0xfec00000, 1, 0x8000000000000001ULL);
	mapb_add(&M, 99, SZ_4G, 16, 0);
	report_memmap(M.b, M.desc_size, M.count, &out);
	ASSERT_LINES(w,
		"memmap: 4 descriptors of 48 bytes (firmware memory map)",
		"memmap: conventional start=0x100000 end=0x80000000 pages=524032 attr=0xf",
		"memmap: bs_data start=0x0 end=0xa0000 pages=160 attr=0xf",
		"memmap: mmio start=0xfec00000 end=0xfec01000 pages=1 attr=0x8000000000000001",
		"memmap: unknown(99) start=0x100000000 end=0x100010000 pages=16 attr=0x0");
	world_free(w);
	return 0;
}

/* Verbose extras: summary and warnings. */
static int report_verbose_lines(void)
{
	struct world *w = world_new();

	tb_srat(&S, 2);
	tb_cpu(&S, 0, 0, EN);
	tb_cpu(&S, 0, 1, 0);
	tb_raw(&S, 3, 18);
	tb_mem(&S, 0, SZ_1G, SZ_1G, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_2G);
	if (world_run(w, &S, &M, 0))
		return 1;
	ASSERT_OK(world_report(w, 1));
	ASSERT_LINES(w,
		"bootmem2: nodes=1 blocks=1 total_pages=524288 free_pages=524287 reserved_pages=1",
		"node 0 pxm=0 blocks=1 total_pages=524288 free_pages=524287 reserved_pages=1",
		"block 0 node=0 start=0x0 end=0x80000000 pages=524288 free_pages=524287",
		"reserved start=0x0 end=0x1000 what=page0",
		"numa: srat revision=2 entries=4 domains=1 cpus=1 cpus_disabled=1 ranges=1 mem_disabled=0 other=1 mode=numa",
		"numa: domain pxm=0 nid=0 cpus=1 ranges=1 flags=cpu,mem",
		"numa: range pxm=0 nid=0 start=0x40000000 end=0x80000000 flags=enabled",
		"warning: topology: memory 0x0-0x40000000 not in any SRAT range, given to node 0");
	world_free(w);
	return 0;
}

/*
 * report_nearest(): one line per node, through boot_report() with
 * BOOT_REPORT_NEAREST after the four line kinds; an empty map has no node
 * with memory ("none"); the SLIT decides through proximity domains.
 */
static int report_nearest_lines(void)
{
	static const uint8_t dist[9] = { 10, 30, 12, 30, 10, 30, 12, 30, 10 };
	static struct tb slit;
	struct acpi_slit_info si;
	struct report_sink out;
	struct world *w = world_new();
	uint32_t d = 99;

	mapb_init(&M, 48);
	mapb_add(&M, MEMMAP_TYPE_MMIO, SZ_4G, 16, 0);
	if (world_run(w, NULL, &M, 0))
		return 1;
	out.emit = world_sink;
	out.ctx = w;
	world_clear_lines(w);
	report_nearest(&w->b.topo, &out);
	ASSERT_LINES(w, "nearest node=0 memory_node=none");
	ASSERT_EQ(report_nearest_node(&w->b.topo, 0, &d), -1);
	world_free(w);

	/* nid 0 = pxm 2 (CPUs only), nid 1 = pxm 0 [0, 1G), nid 2 = pxm 1 [1G, 2G). */
	w = world_new();
	tb_srat(&S, 3);
	tb_cpu(&S, 2, 0, EN);
	tb_mem(&S, 0, 0, SZ_1G, EN);
	tb_mem(&S, 1, SZ_1G, SZ_1G, EN);
	tb_finish(&S);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_2G);
	if (world_run(w, &S, &M, 0))
		return 1;
	tb_slit(&slit, 3, dist);       /* pxm 2 -> pxm 0: 12, -> pxm 1: 30 */
	ASSERT_OK(acpi_slit_parse(&si, slit.b, slit.len, &w->err));
	ASSERT_OK(topo_use_slit(&w->b.topo, &si));
	out.emit = world_sink;
	out.ctx = w;
	world_clear_lines(w);
	ASSERT_OK(boot_report(&w->b, &w->bm, &out, BOOT_REPORT_NEAREST));
	ASSERT_LINES(w,
		"bootmem2: nodes=3 blocks=2 total_pages=524288 free_pages=524287 reserved_pages=1",
		"node 0 pxm=2 blocks=0 total_pages=0 free_pages=0 reserved_pages=0",
		"node 1 pxm=0 blocks=1 total_pages=262144 free_pages=262143 reserved_pages=1",
		"node 2 pxm=1 blocks=1 total_pages=262144 free_pages=262144 reserved_pages=0",
		"block 0 node=1 start=0x0 end=0x40000000 pages=262144 free_pages=262143",
		"block 1 node=2 start=0x40000000 end=0x80000000 pages=262144 free_pages=262144",
		"reserved start=0x0 end=0x1000 what=page0",
		"nearest node=0 memory_node=1 distance=12",
		"nearest node=1 memory_node=1 distance=10",
		"nearest node=2 memory_node=2 distance=10");
	ASSERT_EQ(report_nearest_node(&w->b.topo, 0, NULL), 1);
	/* pxm 2 -> pxm 1 nearer now: the higher address wins by distance. */
	{
		uint8_t d2[9];

		memcpy(d2, dist, sizeof(d2));
		d2[7] = 11;
		tb_slit(&slit, 3, d2);
		ASSERT_OK(acpi_slit_parse(&si, slit.b, slit.len, &w->err));
		ASSERT_OK(topo_use_slit(&w->b.topo, &si));
		ASSERT_EQ(report_nearest_node(&w->b.topo, 0, &d), 2);
		ASSERT_EQ(d, 11);
	}
	world_free(w);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(one_node_without_srat),
		TL_CASE(two_nodes_split_at_boundary),
		TL_CASE(four_nodes),
		TL_CASE(eight_nodes),
		TL_CASE(node_with_two_blocks_around_4g_hole),
		TL_CASE(memoryless_node_listed),
		TL_CASE(hotplug_range_not_in_map),
		TL_CASE(topology_in_words),
		TL_CASE(memmap_listing),
		TL_CASE(memory_outside_srat),
		TL_CASE(overlapping_nodes_disable_numa),
		TL_CASE(overlap_outside_memory_keeps_numa),
		TL_CASE(same_node_overlap_merges),
		TL_CASE(srat_without_memory_disables_numa),
		TL_CASE(unaligned_srat_boundary),
		TL_CASE(messy_map_through_pipeline),
		TL_CASE(caller_ranges_and_reasons),
		TL_CASE(bs_memory_free_after_exit),
		TL_CASE(empty_map),
		TL_CASE(arena_bytes_from_layout),
		TL_CASE(block_storage_full),
		TL_CASE(slit_distances),
		TL_CASE(report_block_free_after_allocations),
		TL_CASE(report_verbose_lines),
		TL_CASE(report_nearest_lines),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

// SPDX-License-Identifier: MIT
/*
 * main.c - the stub kernel: validate the handoff, print the memory report
 * again, allocate through the handed-over bootmem2 state on every node, then
 * release all free memory into a per-node buddy allocator and cross-check.
 * A 64 KiB area per node comes from alloc_bootmem_nearest() with the node's
 * SLIT row (memoryless nodes get the nearest memory).
 * Last line: "bootmem2-kernel: PASS" or "bootmem2-kernel: FAIL <reason>".
 */
#include "bootinfo.h"
#include "bootinfo_check.h"
#include "bootmem2.h"
#include "buddy.h"
#include "console.h"
#include "fmt.h"
#include "kreport.h"

void kmain(struct boot_info *bi);

static struct bootmem *g_bm;
static const struct boot_info *g_bi;

/* The image's ends (kernel.ld), taken PC-relative: where the kernel runs. */
extern char __kernel_start[] __attribute__((visibility("hidden")));
extern char __kernel_end[] __attribute__((visibility("hidden")));

/* A pointer to itself: correct only once the loader applied the relocations. */
static void *volatile reloc_probe = (void *)&reloc_probe;

static const struct bi_node *bi_nodes(void)
{
	return (const struct bi_node *)(uintptr_t)g_bi->nodes;
}

/* Node whose blocks hold [a, a+len), or -1. */
static int node_of(uint64_t a, uint64_t len)
{
	for (uint32_t n = 0; n < g_bi->nr_nodes; n++) {
		const struct bi_node *nd = &bi_nodes()[n];
		const struct bi_range *r = (const struct bi_range *)(uintptr_t)nd->ranges;

		for (uint32_t i = 0; i < nd->nr_ranges; i++)
			if (!(r[i].flags & BI_RANGE_ABSENT) && a >= r[i].start &&
			    len <= r[i].end - a && a < r[i].end)
				return (int)nd->nid;
	}
	return -1;
}

static void pattern_check(uint64_t a, uint64_t len, uint64_t seed)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)a;

	for (uint64_t i = 0; i < len / 8; i++)
		p[i] = seed ^ (a + i * 8) * 0x9e3779b97f4a7c15ULL;
	for (uint64_t i = 0; i < len / 8; i++)
		if (p[i] != (seed ^ (a + i * 8) * 0x9e3779b97f4a7c15ULL))
			kfail("memory at 0x%llx does not hold its pattern", (unsigned long long)(a + i * 8));
}

/* Allocate on every node with memory; check placement and the memory itself. */
static void self_test(void)
{
	struct bootmem_stats all, before, after;
	uint64_t a;
	int rc;

	bootmem_stats(g_bm, -1, &all);
	for (uint32_t n = 0; n < g_bi->nr_nodes; n++) {
		const struct bi_node *nd = &bi_nodes()[n];
		uint64_t small[4];

		bootmem_stats(g_bm, (int)nd->nid, &before);
		if (!(nd->flags & BI_NODE_HAS_MEMORY)) {
			rc = alloc_bootmem_node(g_bm, (int)nd->nid, BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, 0, 0, &a);
			if (rc != BOOTMEM_ENOMEM)
				kfail("memoryless node %u: alloc returned %d, want ENOMEM", nd->nid, rc);
			kprintf("kernel: node %u has no memory: alloc_bootmem_node -> ENOMEM (ok)\n", nd->nid);
			continue;
		}
		if (before.free_pages < 8) {
			kprintf("kernel: node %u has %llu free pages, skipping its test\n", nd->nid,
				(unsigned long long)before.free_pages);
			continue;
		}
		rc = alloc_bootmem_node(g_bm, (int)nd->nid, 3 * BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, 0, 0, &a);
		if (rc)
			kfail("node %u: alloc_bootmem_node(3 pages): %s", nd->nid, bootmem_strerror(rc));
		if (node_of(a, 3 * BOOTMEM_PAGE_SIZE) != (int)nd->nid)
			kfail("node %u: 3 pages at 0x%llx are not in its blocks", nd->nid,
			      (unsigned long long)a);
		pattern_check(a, 3 * BOOTMEM_PAGE_SIZE, nd->nid);
		for (int i = 0; i < 4; i++) {
			rc = alloc_bootmem_node(g_bm, (int)nd->nid, 100, 8, 0, 0, &small[i]);
			if (rc || node_of(small[i], 100) != (int)nd->nid || (small[i] & 7))
				kfail("node %u: small allocation %d: rc %d at 0x%llx", nd->nid, i, rc,
				      (unsigned long long)small[i]);
			if (i && small[i] != small[i - 1] + 104)
				kfail("node %u: small allocations not packed: 0x%llx after 0x%llx",
				      nd->nid, (unsigned long long)small[i],
				      (unsigned long long)small[i - 1]);
			pattern_check(small[i], 96, (uint64_t)i);
		}
		bootmem_stats(g_bm, (int)nd->nid, &after);
		if (after.free_pages != before.free_pages - 4)
			kfail("node %u: free pages %llu after 4 pages allocated, want %llu", nd->nid,
			      (unsigned long long)after.free_pages,
			      (unsigned long long)(before.free_pages - 4));
		/* Give the 3 pages back: free_bootmem_node must accept exactly them. */
		rc = free_bootmem_node(g_bm, (int)nd->nid, a, 3 * BOOTMEM_PAGE_SIZE);
		if (rc)
			kfail("node %u: free_bootmem_node: %s", nd->nid, bootmem_strerror(rc));
		rc = free_bootmem_node(g_bm, (int)nd->nid, a, BOOTMEM_PAGE_SIZE);
		if (rc != BOOTMEM_EALREADY)
			kfail("node %u: double free returned %d, want EALREADY", nd->nid, rc);
		kprintf("kernel: node %u: 3 pages at 0x%llx, 4 packed small allocations at 0x%llx, "
			"pattern ok\n", nd->nid, (unsigned long long)a, (unsigned long long)small[0]);
	}

	/* goal/limit below 4 GiB, then an impossible request. */
	rc = alloc_bootmem(g_bm, 1ULL << 20, 1ULL << 20, 16ULL << 20, 1ULL << 32, &a);
	if (rc)
		kfail("alloc below 4 GiB: %s", bootmem_strerror(rc));
	if (a < (16ULL << 20) || a + (1ULL << 20) > (1ULL << 32))
		kfail("alloc with goal 16M limit 4G returned 0x%llx", (unsigned long long)a);
	pattern_check(a, 1ULL << 20, 0x4a4a);
	kprintf("kernel: 1 MiB with goal 16 MiB, limit 4 GiB at 0x%llx\n", (unsigned long long)a);
	rc = alloc_bootmem(g_bm, (all.total_pages + 1) * BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, 0, 0, &a);
	if (rc != BOOTMEM_ENOMEM)
		kfail("impossible allocation returned %d, want ENOMEM", rc);
	kprintf("kernel: allocation larger than memory -> ENOMEM (ok)\n");
}

/* ---- a per-node area from the nearest memory ---------------------------------- */

#define NODE_AREA_BYTES (64ULL << 10)

static unsigned node_distance(const struct bi_node *a, const struct bi_node *b);

/*
 * Every node, memoryless ones included, gets a 64 KiB area through
 * alloc_bootmem_nearest() with its SLIT row: from itself when it has room,
 * else from the nearest node that has. The area must lie in the serving
 * node's blocks and hold a pattern; a node with plenty of free memory must
 * serve itself.
 */
static void per_node_areas(void)
{
	static uint8_t row[BOOTMEM_MAX_NODES];

	for (uint32_t n = 0; n < g_bi->nr_nodes; n++) {
		const struct bi_node *nd = &bi_nodes()[n];
		struct bootmem_stats st;
		uint64_t a = 0;
		int served = -1, rc;

		for (uint32_t j = 0; j < g_bi->nr_nodes; j++)
			row[j] = (uint8_t)node_distance(nd, &bi_nodes()[j]);
		rc = alloc_bootmem_nearest(g_bm, (int)nd->nid, row, g_bi->nr_nodes, NODE_AREA_BYTES,
					   BOOTMEM_PAGE_SIZE, 0, 0, &a, &served);
		if (rc)
			kfail("node %u: alloc_bootmem_nearest(64 KiB): %s", nd->nid, bootmem_strerror(rc));
		if (served < 0 || (uint32_t)served >= g_bi->nr_nodes ||
		    node_of(a, NODE_AREA_BYTES) != served)
			kfail("node %u: 64 KiB at 0x%llx said to come from node %d, which does not own it",
			      nd->nid, (unsigned long long)a, served);
		bootmem_stats(g_bm, (int)nd->nid, &st);
		if (served != (int)nd->nid && st.free_pages >= 1024)
			kfail("node %u has %llu free pages but was served by node %d", nd->nid,
			      (unsigned long long)st.free_pages, served);
		pattern_check(a, NODE_AREA_BYTES, nd->nid);
		kprintf("kernel: node %u%s: 64 KiB from node %d, distance %u\n", nd->nid,
			(nd->flags & BI_NODE_HAS_MEMORY) ? "" : " (no memory)", served, row[served]);
	}
}

/* ---- release into the buddy allocator -------------------------------------- */

static struct buddy_zone zones[BOOTMEM_MAX_NODES];

struct release_ctx {
	uint64_t pages, runs, next;
	const char *error;
	uint64_t bad;
};

static bool overlaps_reserved(uint64_t s, uint64_t e)
{
	const struct bi_reserved *r = (const struct bi_reserved *)(uintptr_t)g_bi->reserved;

	for (uint32_t i = 0; i < g_bi->nr_reserved; i++)
		if (s < r[i].end && r[i].start < e)
			return true;
	return false;
}

static void release(void *ctxp, phys_addr_t start, unsigned order)
{
	struct release_ctx *c = ctxp;
	uint64_t len = BOOTMEM_PAGE_SIZE << order;
	int nid;

	if (c->error)
		return;
	if (start < c->next) {
		c->error = "runs not in ascending order";
		c->bad = start;
		return;
	}
	c->next = start + len;
	nid = node_of(start, len);
	if (nid < 0) {
		c->error = "run outside every node's blocks";
		c->bad = start;
		return;
	}
	if (overlaps_reserved(start, start + len)) {
		c->error = "run overlaps a reserved range";
		c->bad = start;
		return;
	}
	if (buddy_free(&zones[nid], start / BOOTMEM_PAGE_SIZE, order)) {
		c->error = "buddy allocator refused a run";
		c->bad = start;
		return;
	}
	c->pages += 1ULL << order;
	c->runs++;
}

/* Step 1: one buddy zone per node; its metadata comes from bootmem itself. */
static void init_zones(void)
{
	for (uint32_t i = 0; i < g_bi->nr_nodes; i++) {
		const struct bi_node *nd = &bi_nodes()[i];
		const struct bi_range *r = (const struct bi_range *)(uintptr_t)nd->ranges;
		uint64_t lo = UINT64_MAX, hi = 0, st_addr;
		int rc;

		for (uint32_t k = 0; k < nd->nr_ranges; k++) {
			if (r[k].flags & BI_RANGE_ABSENT)
				continue;
			lo = r[k].start < lo ? r[k].start : lo;
			hi = r[k].end > hi ? r[k].end : hi;
		}
		if (lo >= hi) {
			buddy_init(&zones[nd->nid], 0, 0, 0);
			continue;
		}
		uint64_t bytes = buddy_meta_bytes(lo / BOOTMEM_PAGE_SIZE, hi / BOOTMEM_PAGE_SIZE);

		rc = alloc_bootmem_node(g_bm, (int)nd->nid, bytes, BOOTMEM_PAGE_SIZE, 0, 0, &st_addr);
		if (rc)
			rc = alloc_bootmem(g_bm, bytes, BOOTMEM_PAGE_SIZE, 0, 0, &st_addr);
		if (rc)
			kfail("node %u: no memory for %llu bytes of buddy metadata: %s", nd->nid,
			      (unsigned long long)bytes, bootmem_strerror(rc));
		buddy_init(&zones[nd->nid], lo / BOOTMEM_PAGE_SIZE, hi / BOOTMEM_PAGE_SIZE,
			   (uint64_t *)(uintptr_t)st_addr);
	}
}

/* Step 2: free_all_bootmem() into the zones; every page accounted for. */
static void release_to_zones(void)
{
	struct bootmem_stats st;
	struct release_ctx c = { 0, 0, 0, 0, 0 };
	uint64_t total = 0;
	int64_t n;

	bootmem_stats(g_bm, -1, &st);
	n = free_all_bootmem(g_bm, BUDDY_MAX_ORDER, release, &c);
	if (n < 0)
		kfail("free_all_bootmem: %s", bootmem_strerror((int)n));
	if (c.error)
		kfail("free_all_bootmem: %s at 0x%llx", c.error, (unsigned long long)c.bad);
	if ((uint64_t)n != st.free_pages || c.pages != st.free_pages)
		kfail("free_all_bootmem released %lld pages (callback saw %llu), free_pages was %llu",
		      (long long)n, (unsigned long long)c.pages, (unsigned long long)st.free_pages);
	for (uint32_t i = 0; i < g_bi->nr_nodes; i++) {
		const char *why;

		if (buddy_check(&zones[i], &why))
			kfail("buddy node %u: %s", i, why);
		total += zones[i].free_pages;
	}
	if (total != st.free_pages)
		kfail("buddy holds %llu pages, bootmem had %llu free", (unsigned long long)total,
		      (unsigned long long)st.free_pages);
	if (alloc_bootmem(g_bm, BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, 0, 0, &(uint64_t){0}) != BOOTMEM_ESTATE)
		kfail("bootmem still allocates after free_all_bootmem");
	kprintf("kernel: free_all_bootmem released %llu pages in %llu runs = free_pages before; "
		"buddy allocator holds them\n", (unsigned long long)c.pages, (unsigned long long)c.runs);
}

/* Step 3: use the buddy allocator a little on every node. */
static void exercise_zones(void)
{
	for (uint32_t i = 0; i < g_bi->nr_nodes; i++) {
		struct buddy_zone *z = &zones[i];
		uint64_t got[BUDDY_MAX_ORDER + 1];
		const char *why;

		if (!z->free_pages)
			continue;
		for (int round = 0; round < 3; round++) {
			for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
				got[o] = buddy_alloc(z, o);
				if (got[o] != BUDDY_NONE) {
					if (node_of(got[o] * BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE << o) != (int)i)
						kfail("buddy node %u gave 0x%llx outside the node", i,
						      (unsigned long long)(got[o] * BOOTMEM_PAGE_SIZE));
					pattern_check(got[o] * BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, o);
				}
			}
			for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++)
				if (got[o] != BUDDY_NONE && buddy_free(z, got[o], o))
					kfail("buddy node %u refused its own block", i);
		}
		if (buddy_check(z, &why))
			kfail("buddy node %u after use: %s", i, why);
	}
	kprintf("kernel: buddy allocate/free rounds on every node ok\n");
}

/* The handoff to the kernel's own page allocator, in its three steps. */
static void handoff_to_buddy(void)
{
	init_zones();
	release_to_zones();
	exercise_zones();
}

#define DIST_MAX_NODES 32      /* distance rows listed up to this many nodes */

/* SLIT distance between two nodes (rows and columns are proximity domains). */
static unsigned node_distance(const struct bi_node *a, const struct bi_node *b)
{
	const uint8_t *slit = (const uint8_t *)(uintptr_t)g_bi->slit;
	uint32_t n = g_bi->slit_localities;

	if (a->pxm < n && b->pxm < n)
		return slit[a->pxm * n + b->pxm];
	return a == b ? 10 : 20;
}

/* The SLIT in words: one row per node, in nid order (as the loader prints it). */
static void print_distances(void)
{
	uint32_t nodes = g_bi->nr_nodes;

	if (!g_bi->slit_localities)
		return;
	if (nodes > DIST_MAX_NODES) {
		kprintf("kernel: distances: ACPI SLIT for %u nodes, too many to list (at most %u)\n",
			nodes, DIST_MAX_NODES);
		return;
	}
	kprintf("kernel: distances: ACPI SLIT, relative cost of a memory access from a node to "
		"each node (columns: nodes 0..%u); 10 = local\n", nodes - 1);
	for (uint32_t i = 0; i < nodes; i++) {
		char line[DIST_MAX_NODES * 4 + 8];
		int len = 0;

		for (uint32_t j = 0; j < nodes; j++)
			len += fmt_snprintf(line + len, sizeof(line) - (size_t)len, " %u",
					    node_distance(&bi_nodes()[i], &bi_nodes()[j]));
		kprintf("kernel: distances from node %u:%s\n", bi_nodes()[i].nid, line);
	}
}

/* What boot_info adds to the report: nodes and SRAT ranges without memory, the SLIT. */
static void print_topology(void)
{
	for (uint32_t n = 0; n < g_bi->nr_nodes; n++) {
		const struct bi_node *nd = &bi_nodes()[n];
		const struct bi_range *r = (const struct bi_range *)(uintptr_t)nd->ranges;

		if (!(nd->flags & BI_NODE_HAS_MEMORY))
			kprintf("kernel: node %u pxm=%u has no memory%s\n", nd->nid, nd->pxm,
				(nd->flags & BI_NODE_HAS_CPU) ? " (CPUs only)" : "");
		for (uint32_t i = 0; i < nd->nr_ranges; i++) {
			unsigned long long s = r[i].start, e = r[i].end;

			if (!(r[i].flags & BI_RANGE_ABSENT))
				continue;
			if (r[i].flags & BI_RANGE_HOTPLUG)
				kprintf("kernel: node %u range 0x%llx-0x%llx can take memory plugged in "
					"later (hotplug); empty now: no blocks\n", nd->nid, s, e);
			else if (r[i].flags & BI_RANGE_NONVOLATILE)
				kprintf("kernel: node %u range 0x%llx-0x%llx is persistent memory, not "
					"RAM: no blocks\n", nd->nid, s, e);
			else
				kprintf("kernel: node %u range 0x%llx-0x%llx is in the SRAT but not in "
					"the memory map: no blocks\n", nd->nid, s, e);
		}
	}
	print_distances();
}

/*
 * Where the kernel runs: the image boot_info names must be this very image,
 * and its relocations must have been applied (the probe pointer holds its
 * own runtime address). Prints where it runs and how it got there.
 */
static void check_placement(void)
{
	uint64_t start = (uint64_t)(uintptr_t)__kernel_start;
	uint64_t end = (uint64_t)(uintptr_t)__kernel_end;
	uint64_t probe = (uint64_t)(uintptr_t)reloc_probe;

	if (start != g_bi->kernel_start || end != g_bi->kernel_end)
		kfail("running at 0x%llx-0x%llx, boot_info says the kernel is at 0x%llx-0x%llx",
		      (unsigned long long)start, (unsigned long long)end,
		      (unsigned long long)g_bi->kernel_start, (unsigned long long)g_bi->kernel_end);
	if (probe != (uint64_t)(uintptr_t)&reloc_probe)
		kfail("relocations not applied: the pointer at 0x%llx holds 0x%llx",
		      (unsigned long long)(uintptr_t)&reloc_probe, (unsigned long long)probe);
	if (g_bi->kernel_flags & BI_KERNEL_RELOCATED) {
		if (!g_bi->kernel_relocs)
			kfail("relocated kernel, but boot_info says no relocation was applied");
		kprintf("kernel: running at 0x%llx-0x%llx (load base 0x%llx, linked at 0x%llx, "
			"%u relocations applied)\n", (unsigned long long)start,
			(unsigned long long)end, (unsigned long long)g_bi->kernel_load_base,
			(unsigned long long)(start - g_bi->kernel_load_base), g_bi->kernel_relocs);
	} else {
		kprintf("kernel: running at 0x%llx-0x%llx (fixed address, linked there)\n",
			(unsigned long long)start, (unsigned long long)end);
	}
}

/* Is "k.NAME=VALUE" on the command line? */
static bool has_kopt(const char *opt)
{
	const char *c = (const char *)(uintptr_t)g_bi->cmdline;

	for (uint32_t i = 0; i < g_bi->cmdline_len; i++) {
		uint32_t k = 0;

		if (i && c[i - 1] != ' ')
			continue;
		while (opt[k] && i + k < g_bi->cmdline_len && c[i + k] == opt[k])
			k++;
		if (!opt[k] && (i + k == g_bi->cmdline_len || c[i + k] == ' '))
			return true;
	}
	return false;
}

/* k.fault=ud|pf|gp: take a CPU exception on purpose (tests the IDT path). */
static void fault_test(void)
{
	if (has_kopt("k.fault=ud")) {
		kprintf("kernel: k.fault=ud: executing ud2\n");
		__asm__ volatile("ud2");
	}
	if (has_kopt("k.fault=pf")) {
		kprintf("kernel: k.fault=pf: reading unmapped 0x%llx\n", 1ULL << 45);
		(void)*(volatile uint64_t *)(uintptr_t)(1ULL << 45);
	}
	if (has_kopt("k.fault=gp")) {
		kprintf("kernel: k.fault=gp: reading non-canonical 0x8000000000000000\n");
		(void)*(volatile uint64_t *)(uintptr_t)0x8000000000000000ULL;
	}
}

void kmain(struct boot_info *bi)
{
	struct bi_error err;
	int rc;

	serial_init();
	gdt_init();
	idt_init();
	kprintf("bootmem2-kernel: started, boot_info at 0x%llx\n", (unsigned long long)(uintptr_t)bi);
	if (bi_validate_header(bi, &err))
		kfail("boot_info: %s (0x%llx)", err.msg, (unsigned long long)err.value);
	g_bi = bi;
	if (bi_validate(bi, &err))
		kfail("boot_info: %s (0x%llx)", err.msg, (unsigned long long)err.value);
	g_bm = (struct bootmem *)(uintptr_t)bi->bootmem;
	rc = bootmem_check(g_bm);
	if (rc)
		kfail("bootmem_check on the handed state: %s", bootmem_strerror(rc));
	kprintf("kernel: boot_info v%u valid (%u bytes, checksum 0x%08x), bootmem_check ok, "
		"cmdline \"%s\"\n", bi->version, bi->size, bi->checksum,
		(const char *)(uintptr_t)bi->cmdline);
	check_placement();

	rc = kernel_report(bi, g_bm);
	if (rc)
		kfail("report: %s", bootmem_strerror(rc));
	print_topology();
	fault_test();
	self_test();
	per_node_areas();
	rc = bootmem_check(g_bm);
	if (rc)
		kfail("bootmem_check after the self-test: %s", bootmem_strerror(rc));
	handoff_to_buddy();
	kprintf("bootmem2-kernel: PASS\n");
	kexit(0);
}

// SPDX-License-Identifier: MIT
/* bootinfo_build.c - lay out and fill the bootinfo area; see bootinfo_build.h. */
#include "bootinfo_build.h"

#include "bootinfo_check.h"
#include "memmap.h"
#include "util.h"

static uint64_t align8(uint64_t x)
{
	return (x + 7) & ~7ULL;
}

static int fail(struct bi_build_error *err, const char *msg, uint64_t need, uint64_t cap)
{
	if (err) {
		err->msg = msg;
		err->need = need;
		err->cap = cap;
	}
	return -1;
}

int bi_area_layout(const struct bi_caps *caps, struct bi_layout *lay,
		   struct bi_build_error *err)
{
	uint64_t off;

	if (caps->slit_localities > BI_SLIT_MAX_LOCALITIES)
		return fail(err, "SLIT too large for boot_info", caps->slit_localities,
			    BI_SLIT_MAX_LOCALITIES);
	/* Every term is at most 2^32 * 32 bytes: no overflow in 64 bits. */
	lay->caps = *caps;
	lay->o_bootinfo = 0;
	off = align8(sizeof(struct boot_info));
	lay->o_bootmem = off;
	off = align8(off + sizeof(struct bootmem));
	lay->o_nodes = off;
	off = align8(off + sizeof(struct bi_node) * (uint64_t)caps->nodes);
	lay->o_ranges = off;
	off = align8(off + sizeof(struct bi_range) * (uint64_t)caps->ranges);
	lay->o_reserved = off;
	off = align8(off + sizeof(struct bi_reserved) * (uint64_t)caps->reserved);
	lay->o_slit = off;
	off = align8(off + (uint64_t)caps->slit_localities * caps->slit_localities);
	lay->o_cmdline = off;
	off = align8(off + caps->cmdline);
	lay->size = off;
	return 0;
}

/* SRAT ranges are listed per node only when the nodes came from the SRAT. */
static bool numa_ranges(const struct topo *t, const struct acpi_numa *numa)
{
	return numa && (t->flags & TOPO_NUMA);
}

static bool absent(const struct topo *t, const struct acpi_numa_mem *m)
{
	return !topo_range_present(t->mm, m->base, m->end);
}

uint64_t bi_build_ranges_needed(const struct topo *t, const struct acpi_numa *numa)
{
	uint64_t n = t->nr_blocks;

	if (numa_ranges(t, numa))
		for (uint32_t i = 0; i < numa->nr_mem; i++)
			n += absent(t, &numa->mem[i]);
	return n;
}

static void copy_name(char dst[BI_WHAT_LEN], const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < BI_WHAT_LEN; i++)
		dst[i] = src[i];
	for (; i < BI_WHAT_LEN; i++)
		dst[i] = 0;
}

static uint64_t phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* The node table: per node its blocks, then (NUMA) its absent SRAT ranges. */
static int fill_nodes(const struct bi_build_in *in, unsigned char *area,
		      struct bi_build_error *err)
{
	const struct topo *t = in->topo;
	const struct bi_layout *lay = in->lay;
	struct bi_node *nodes = (struct bi_node *)(area + lay->o_nodes);
	struct bi_range *ranges = (struct bi_range *)(area + lay->o_ranges);
	bool srat = numa_ranges(t, in->numa);
	uint64_t need;
	uint32_t used = 0;

	if (t->nr_nodes > lay->caps.nodes)
		return fail(err, "node table full", t->nr_nodes, lay->caps.nodes);
	need = bi_build_ranges_needed(t, in->numa);
	if (need > lay->caps.ranges)
		return fail(err, "node range table full", need, lay->caps.ranges);

	for (uint32_t n = 0; n < t->nr_nodes; n++) {
		const struct topo_node *tn = &t->node[n];
		struct bi_node *bn = &nodes[n];

		bn->nid = tn->nid;
		bn->pxm = tn->pxm;
		bn->flags = (tn->nr_blocks ? BI_NODE_HAS_MEMORY : 0) |
			    ((tn->flags & ACPI_NODE_CPU) ? BI_NODE_HAS_CPU : 0) |
			    ((tn->flags & ACPI_NODE_HOTPLUG) ? BI_NODE_HOTPLUG : 0);
		bn->ranges = phys(&ranges[used]);
		bn->nr_ranges = 0;
		for (uint32_t i = 0; i < t->nr_blocks; i++) {
			if (t->block[i].nid != tn->nid)
				continue;
			ranges[used].start = t->block[i].start;
			ranges[used].end = t->block[i].end;
			ranges[used].flags = 0;
			used++;
			bn->nr_ranges++;
		}
		for (uint32_t i = 0; srat && i < in->numa->nr_mem; i++) {
			const struct acpi_numa_mem *m = &in->numa->mem[i];

			if (m->nid != tn->nid || !absent(t, m))
				continue;
			ranges[used].start = m->base;
			ranges[used].end = m->end;
			ranges[used].flags = BI_RANGE_ABSENT |
				((m->flags & ACPI_SRAT_HOTPLUG) ? BI_RANGE_HOTPLUG : 0) |
				((m->flags & ACPI_SRAT_NONVOLATILE) ? BI_RANGE_NONVOLATILE : 0);
			used++;
			bn->nr_ranges++;
		}
		if (!bn->nr_ranges)
			bn->ranges = 0;
	}
	/* Blocks of a nid outside the node table would have been dropped. */
	if (used != need)
		return fail(err, "block of a node outside the node table", need, used);
	return 0;
}

int bi_build(const struct bi_build_in *in, struct bi_build_error *err)
{
	const struct topo *t;
	const struct bi_layout *lay;
	unsigned char *area;
	struct boot_info *bi;
	uint64_t len = 0;
	int rc;

	if (!in || !in->topo || !in->lay || !in->area || !in->bm)
		return fail(err, "no bootinfo area", 0, 0);
	t = in->topo;
	lay = in->lay;
	area = in->area;
	if (!(t->flags & TOPO_BUILT))
		return fail(err, "topology not built", 0, 0);
	if (t->nr_resv > lay->caps.reserved)
		return fail(err, "reserved list full", t->nr_resv, lay->caps.reserved);
	if (in->slit && in->slit->localities > lay->caps.slit_localities)
		return fail(err, "SLIT larger than its room", in->slit->localities,
			    lay->caps.slit_localities);
	if (in->cmdline)
		while (in->cmdline[len] && len < UINT32_MAX)
			len++;
	if (len + 1 > lay->caps.cmdline)
		return fail(err, "command line longer than its room", len + 1, lay->caps.cmdline);

	/* Everything but the live allocator state starts zeroed (padding too). */
	util_bzero(area, (size_t)lay->o_bootmem);
	util_bzero(area + lay->o_nodes, (size_t)(lay->size - lay->o_nodes));
	bi = (struct boot_info *)(area + lay->o_bootinfo);
	rc = fill_nodes(in, area, err);
	if (rc)
		return rc;

	bi->flags = in->flags & ~(uint32_t)BI_FLAG_SLIT;
	if (in->numa && (t->flags & (TOPO_NUMA_CONFLICT | TOPO_NUMA_NOMEM)))
		bi->flags = (bi->flags & ~(uint32_t)BI_FLAG_SRAT) | BI_FLAG_NUMA_OFF;
	bi->bootmem = phys(in->bm);
	bi->arena = in->arena;
	bi->arena_size = in->arena_size;
	bi->memmap = phys(in->memmap);
	bi->memmap_size = in->memmap_size;
	bi->memmap_desc_size = in->memmap_desc_size;
	bi->memmap_desc_version = in->memmap_desc_version;
	bi->nodes = phys(area + lay->o_nodes);
	bi->nr_nodes = t->nr_nodes;
	if (in->slit && in->slit->localities) {
		uint64_t nn = in->slit->localities * in->slit->localities;
		uint8_t *d = area + lay->o_slit;

		for (uint64_t i = 0; i < nn; i++)
			d[i] = in->slit->matrix[i];
		bi->slit = phys(d);
		bi->slit_localities = (uint32_t)in->slit->localities;
		bi->flags |= BI_FLAG_SLIT;
	}
	bi->rsdp = in->rsdp;
	bi->kernel_start = in->kernel_lo;
	bi->kernel_end = in->kernel_hi;
	bi->kernel_entry = in->kernel_entry;
	bi->kernel_load_base = in->kernel_load_base;
	bi->kernel_flags = in->kernel_flags;
	bi->kernel_relocs = in->kernel_relocs;
	bi->stack_start = in->stack_start;
	bi->stack_end = in->stack_end;
	{
		char *c = (char *)(area + lay->o_cmdline);

		for (uint64_t i = 0; i < len; i++)
			c[i] = in->cmdline[i];
		c[len] = 0;
		bi->cmdline = phys(c);
		bi->cmdline_len = (uint32_t)len;
	}
	{
		struct bi_reserved *r = (struct bi_reserved *)(area + lay->o_reserved);

		for (uint32_t i = 0; i < t->nr_resv; i++) {
			r[i].start = t->resv[i].start;
			r[i].end = t->resv[i].end;
			copy_name(r[i].what, memmap_what_name(t->resv[i].what));
		}
		bi->reserved = phys(r);
		bi->nr_reserved = t->nr_resv;
	}
	bi->stats = in->stats;
	bi_seal(bi);
	return 0;
}

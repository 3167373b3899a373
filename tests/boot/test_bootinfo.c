// SPDX-License-Identifier: MIT
/*
 * test_bootinfo.c - the loader's boot_info handoff on the host: layout,
 * fill, seal, validate (efi/bootinfo_build.c, efi/bootinfo_check.c), and
 * bi_validate() against hostile or corrupted boot_info.
 *
 * "Physical memory" is a real host buffer: a 64 MiB, 2 MiB aligned
 * allocation whose host addresses are taken as physical addresses (base B).
 * The synthetic UEFI map and SRAT describe it, and the kernel image, stack,
 * bootinfo area, arena, memory map copy and page tables are placed inside
 * it and reserved through topo_reserve(), as efi/main.c does after
 * ExitBootServices. The core never touches managed memory, so only the
 * parts the loader writes (area, arena, map copy) are ever accessed.
 *
 * Layout (offsets from B; map flags MEMMAP_BS_FREE | MEMMAP_LOADER_FREE):
 *   map:  RAM [0, 64K) (below every SRAT range: node 0 with a warning),
 *         RAM [B, B+1M), loader_data [B+1M, B+8M), bs_data [B+8M, B+9M),
 *         RAM [B+9M, B+64M-64K), ACPI reclaim [B+64M-64K, B+64M) (RSDP)
 *   SRAT: CPUs pxm 0, 1, 2 (nodes 0, 1, 2; node 2 memoryless),
 *         pxm 0 [B, B+32M), pxm 1 [B+32M, B+64M),
 *         pxm 1 [B+64M, B+80M) hotplug (absent), pxm 0 [B+96M, B+112M)
 *         non-volatile (absent)
 *   SLIT: 3 x 3 {10 20 30, 20 10 25, 30 25 10}
 *   kernel [B+1M, B+1M+64K) entry +0x100, stack [B+2M, +64K),
 *   bootinfo area at B+3M, arena at B+4M, map copy at B+6M (16K),
 *   page tables [B+7M, +16K); B+8M is a free page for hostile pointers.
 */
#include "ltest.h"

#include "bootinfo.h"
#include "bootinfo_build.h"
#include "bootinfo_check.h"
#include "util.h"

#define PHYS_SIZE    (64 * SZ_1M)
#define LOW_END      0x10000ULL
#define KERNEL_OFF   (1 * SZ_1M)
#define KERNEL_SIZE  SZ_64K
#define ENTRY_OFF    0x100ULL
#define STACK_OFF    (2 * SZ_1M)
#define STACK_SIZE   SZ_64K
#define AREA_OFF     (3 * SZ_1M)
#define ARENA_OFF    (4 * SZ_1M)
#define MEMMAP_OFF   (6 * SZ_1M)
#define MEMMAP_CAP   (4 * SZ_4K)
#define PT_OFF       (7 * SZ_1M)
#define PT_SIZE      (4 * SZ_4K)
#define FREE_OFF     (8 * SZ_1M)
#define ACPI_OFF     (PHYS_SIZE - SZ_64K)
#define DESC_SIZE    48u
#define CMDLINE      "boot verbose kernel=\\kernel.elf"

static const uint8_t slit3[9] = { 10, 20, 30, 20, 10, 25, 30, 25, 10 };

struct fx {
	unsigned char *mem;             /* the "physical memory" */
	uint64_t B;                     /* its address */
	struct world *w;
	struct tb srat, slit;
	struct mapb map;
	int have_srat, have_slit;
	struct bi_caps caps;
	struct bi_layout lay;
	struct bi_build_in in;
	struct boot_info *bi;
	struct bootmem *bm;
	uint64_t arena_size, map_count;
};

static uint64_t page_up(uint64_t x)
{
	return (x + SZ_4K - 1) & ~(SZ_4K - 1);
}

static void *at(const struct fx *f, uint64_t off)
{
	return f->mem + off;
}

static uint64_t pa(const struct fx *f, uint64_t off)
{
	return f->B + off;
}

/* The standard SRAT (see the header comment); @conflict adds an overlap of nodes 0 and 1. */
static void make_srat(struct fx *f, int conflict)
{
	uint64_t B = f->B;

	tb_srat(&f->srat, 3);
	tb_cpu(&f->srat, 0, 0, EN);
	tb_cpu(&f->srat, 1, 1, EN);
	tb_cpu(&f->srat, 2, 2, EN);
	tb_mem(&f->srat, 0, B, 32 * SZ_1M, EN);
	tb_mem(&f->srat, 1, B + 32 * SZ_1M, 32 * SZ_1M, EN);
	tb_mem(&f->srat, 1, B + 64 * SZ_1M, 16 * SZ_1M, EN | HP);
	tb_mem(&f->srat, 0, B + 96 * SZ_1M, 16 * SZ_1M, EN | NV);
	if (conflict)
		tb_mem(&f->srat, 1, B + 16 * SZ_1M, 4 * SZ_1M, EN);
	tb_finish(&f->srat);
}

static void make_map(struct fx *f)
{
	uint64_t B = f->B;

	mapb_init(&f->map, DESC_SIZE);
	mapb_ram(&f->map, 0, LOW_END);
	mapb_ram(&f->map, B, B + SZ_1M);
	mapb_add(&f->map, MEMMAP_TYPE_LOADER_DATA, B + SZ_1M, PAGES(7 * SZ_1M), 0xf);
	mapb_add(&f->map, MEMMAP_TYPE_BS_DATA, B + 8 * SZ_1M, PAGES(SZ_1M), 0xf);
	mapb_ram(&f->map, B + 9 * SZ_1M, B + ACPI_OFF);
	mapb_add(&f->map, MEMMAP_TYPE_ACPI_RECLAIM, B + ACPI_OFF, PAGES(SZ_64K), 0xf);
}

enum fx_opts {
	FX_NO_SRAT   = 1 << 0,
	FX_CONFLICT  = 1 << 1,
	FX_NO_SLIT   = 1 << 2,
	FX_NO_BUILD  = 1 << 3,     /* stop before bi_build() */
};

/*
 * The loader's sequence after ExitBootServices, on host memory. Returns
 * NULL (after printing why) if any step fails.
 */
static struct fx *fx_new(unsigned opts)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct world *w;
	struct bi_build_error berr;
	char msg[256];

	if (!f)
		abort();
	f->mem = aligned_alloc(SZ_2M, PHYS_SIZE);
	if (!f->mem)
		abort();
	f->B = (uint64_t)(uintptr_t)f->mem;
	f->w = w = world_new();
	f->have_srat = !(opts & FX_NO_SRAT);
	f->have_slit = f->have_srat && !(opts & FX_NO_SLIT);

	/* The firmware's final map, in a loader buffer (what=memmap). */
	make_map(f);
	f->map_count = f->map.count;
	memcpy(at(f, MEMMAP_OFF), f->map.b, f->map_count * DESC_SIZE);
	memcpy(at(f, ACPI_OFF), "RSD PTR ", 8);

	if (f->have_srat)
		make_srat(f, !!(opts & FX_CONFLICT));
	if (f->have_slit)
		tb_slit(&f->slit, 3, slit3);
	if (world_tables(w, f->have_srat ? &f->srat : NULL, f->have_slit ? &f->slit : NULL))
		goto diag;
	{
		struct boot_map map = { at(f, MEMMAP_OFF), MEMMAP_CAP, DESC_SIZE, f->map_count };

		if (world_layout_map(w, &map, BOOT_BS_FREE | BOOT_LOADER_FREE))
			goto diag;
	}

	/* The area, sized as the loader does, holding garbage at first. */
	boot_bi_caps(&w->b, 512, &f->caps);
	if (bi_area_layout(&f->caps, &f->lay, &berr)) {
		fprintf(stderr, "bi_area_layout: %s\n", berr.msg);
		return NULL;
	}
	memset(at(f, AREA_OFF), 0xa5, f->lay.size);
	f->bi = at(f, AREA_OFF);
	f->bm = at(f, AREA_OFF + f->lay.o_bootmem);
	f->arena_size = boot_arena_bound(&w->b);
	if (f->arena_size > MEMMAP_OFF - ARENA_OFF) {
		fprintf(stderr, "fixture: arena of %llu bytes does not fit\n",
			(unsigned long long)f->arena_size);
		return NULL;
	}

	boot_reserve(&w->b, pa(f, KERNEL_OFF), KERNEL_SIZE, MEMMAP_WHAT_KERNEL);
	boot_reserve(&w->b, pa(f, STACK_OFF), STACK_SIZE, MEMMAP_WHAT_STACK);
	boot_reserve(&w->b, pa(f, AREA_OFF), f->lay.size, MEMMAP_WHAT_BOOTINFO);
	boot_reserve(&w->b, pa(f, ARENA_OFF), f->arena_size, MEMMAP_WHAT_ARENA);
	boot_reserve(&w->b, pa(f, PT_OFF), PT_SIZE, MEMMAP_WHAT_PAGETABLES);
	boot_reserve(&w->b, pa(f, MEMMAP_OFF), MEMMAP_CAP, MEMMAP_WHAT_MEMMAP);
	if (boot_build(&w->b, f->bm, at(f, ARENA_OFF), f->arena_size, &w->err))
		goto diag;

	boot_bi_input(&w->b, &f->in);
	f->in.area = at(f, AREA_OFF);
	f->in.lay = &f->lay;
	f->in.bm = f->bm;
	f->in.arena = pa(f, ARENA_OFF);
	f->in.arena_size = f->arena_size;
	f->in.memmap = at(f, MEMMAP_OFF);
	f->in.memmap_size = f->map_count * DESC_SIZE;
	f->in.memmap_desc_size = DESC_SIZE;
	f->in.memmap_desc_version = 1;
	f->in.kernel_lo = pa(f, KERNEL_OFF);
	f->in.kernel_hi = pa(f, KERNEL_OFF + KERNEL_SIZE);
	f->in.kernel_entry = pa(f, KERNEL_OFF + ENTRY_OFF);
	f->in.stack_start = pa(f, STACK_OFF);
	f->in.stack_end = pa(f, STACK_OFF + STACK_SIZE);
	f->in.rsdp = pa(f, ACPI_OFF);
	f->in.cmdline = CMDLINE;
	f->in.flags = f->have_srat ? BI_FLAG_SRAT : 0;
	f->in.stats.map_entries = f->map_count;
	f->in.stats.usable_pages = w->b.mm.usable_pages;
	f->in.stats.ebs_attempts = 2;
	f->in.stats.warnings = w->log.n + w->log.dropped;
	f->in.stats.arena_bound = f->arena_size;
	if (opts & FX_NO_BUILD)
		return f;
	if (bi_build(&f->in, &berr)) {
		fprintf(stderr, "bi_build: %s (need %llu, cap %llu)\n", berr.msg,
			(unsigned long long)berr.need, (unsigned long long)berr.cap);
		return NULL;
	}
	return f;
diag:
	diag_format(&w->err, msg, sizeof(msg));
	fprintf(stderr, "fixture: %s\n", msg);
	return NULL;
}

static void fx_free(struct fx *f)
{
	if (!f)
		return;
	world_free(f->w);
	free(f->mem);
	free(f);
}

#define FX(f, opts) struct fx *f = fx_new(opts); \
	if (!f) { tl_fail_msg(__FILE__, __LINE__, "fixture failed"); return 1; }

static struct bi_node *node_tab(const struct fx *f)
{
	return (struct bi_node *)(uintptr_t)f->bi->nodes;
}

static struct bi_range *ranges_of(const struct fx *f, uint32_t n)
{
	return (struct bi_range *)(uintptr_t)node_tab(f)[n].ranges;
}

static struct bi_reserved *resv_tab(const struct fx *f)
{
	return (struct bi_reserved *)(uintptr_t)f->bi->reserved;
}

static uint8_t *slit_of(const struct fx *f)
{
	return (uint8_t *)(uintptr_t)f->bi->slit;
}

static char *cmdline_of(const struct fx *f)
{
	return (char *)(uintptr_t)f->bi->cmdline;
}

/* Recompute the checksum after a field change (bi_seal would reset version/size). */
static void reseal(struct boot_info *bi)
{
	bi->checksum = bi_checksum(bi);
}

/* bi_validate() must fail with exactly this message and value. */
static int invalid_is(const char *file, int line, const struct boot_info *bi,
		      const char *msg, uint64_t value)
{
	struct bi_error e = { NULL, 0 };
	int rc = bi_validate(bi, &e);

	if (rc != -1) {
		fprintf(stderr, "%s:%d: bi_validate returned %d, expected -1 (\"%s\")\n", file, line,
			rc, msg);
		return 1;
	}
	if (strcmp(e.msg, msg) || e.value != value) {
		fprintf(stderr, "%s:%d: bi_validate: \"%s\" (0x%llx)\n    expected \"%s\" (0x%llx)\n",
			file, line, e.msg, (unsigned long long)e.value, msg,
			(unsigned long long)value);
		return 1;
	}
	return 0;
}

#define ASSERT_INVALID(f, msg, value) do { \
	int _r = invalid_is(__FILE__, __LINE__, (f)->bi, (msg), (value)); \
	fx_free(f); \
	if (_r) return 1; \
} while (0)

#define ASSERT_VALID(bi) do { \
	struct bi_error _e = { "", 0 }; \
	if (bi_validate((bi), &_e)) { \
		fprintf(stderr, "%s:%d: bi_validate: %s (0x%llx)\n", __FILE__, __LINE__, _e.msg, \
			(unsigned long long)_e.value); \
		return 1; \
	} \
} while (0)

/* ---- layout ------------------------------------------------------------------ */

/* Regions follow each other 8-byte aligned, in the documented order. */
static int layout_offsets_exact(void)
{
	struct bi_caps c = { 3, 5, 80, 3, 512 };
	struct bi_layout l;

	ASSERT_EQ(bi_area_layout(&c, &l, NULL), 0);
	ASSERT_EQ(l.o_bootinfo, 0);
	ASSERT_EQ(l.o_bootmem, 216);
	ASSERT_EQ(l.o_nodes, 216 + 64);
	ASSERT_EQ(l.o_ranges, 280 + 3 * 24);
	ASSERT_EQ(l.o_reserved, 352 + 5 * 24);
	ASSERT_EQ(l.o_slit, 472 + 80 * 32);
	ASSERT_EQ(l.o_cmdline, 3032 + 16);          /* 9 SLIT bytes, aligned up */
	ASSERT_EQ(l.size, 3048 + 512);
	ASSERT_EQ(l.caps.reserved, 80);
	return 0;
}

/* Odd sizes are padded to 8; empty regions take no room. */
static int layout_pads_odd_sizes(void)
{
	struct bi_caps c = { 1, 0, 1, 0, 3 };
	struct bi_layout l;

	ASSERT_EQ(bi_area_layout(&c, &l, NULL), 0);
	ASSERT_EQ(l.o_nodes, 280);
	ASSERT_EQ(l.o_ranges, 304);
	ASSERT_EQ(l.o_reserved, 304);
	ASSERT_EQ(l.o_slit, 336);
	ASSERT_EQ(l.o_cmdline, 336);
	ASSERT_EQ(l.size, 344);
	return 0;
}

/* The largest capacities still compute without overflow. */
static int layout_max_caps_no_overflow(void)
{
	struct bi_caps c = { UINT32_MAX, UINT32_MAX, UINT32_MAX, 256, UINT32_MAX };
	struct bi_layout l;

	ASSERT_EQ(bi_area_layout(&c, &l, NULL), 0);
	ASSERT_EQ(l.o_ranges, 280 + 24ULL * UINT32_MAX);
	ASSERT_EQ(l.size, l.o_cmdline + 0x100000000ULL);
	ASSERT_EQ(l.o_cmdline - l.o_slit, 65536);
	return 0;
}

/* boot_info cannot carry a SLIT of more than 256 localities. */
static int layout_refuses_slit_over_256(void)
{
	struct bi_caps c = { 1, 1, 1, 257, 1 };
	struct bi_layout l;
	struct bi_build_error e;

	ASSERT_EQ(bi_area_layout(&c, &l, &e), -1);
	ASSERT_STR(e.msg, "SLIT too large for boot_info");
	ASSERT_EQ(e.need, 257);
	ASSERT_EQ(e.cap, 256);
	return 0;
}

/* ---- round trip -------------------------------------------------------------- */

static int round_trip_validates(void)
{
	FX(f, 0);
	struct boot_info *bi = f->bi;

	ASSERT_VALID(bi);
	ASSERT_EQ(bi->magic, BI_MAGIC);
	ASSERT_EQ(bi->version, BI_VERSION);
	ASSERT_EQ(bi->size, 216);
	ASSERT_EQ(bi->flags, BI_FLAG_SRAT | BI_FLAG_SLIT);
	ASSERT_EQ(bi->bootmem, pa(f, AREA_OFF + 216));
	ASSERT_EQ(bi->arena, pa(f, ARENA_OFF));
	ASSERT_EQ(bi->arena_size, f->arena_size);
	ASSERT_EQ(bi->memmap, pa(f, MEMMAP_OFF));
	ASSERT_EQ(bi->memmap_size, 6 * DESC_SIZE);
	ASSERT_EQ(bi->memmap_desc_size, DESC_SIZE);
	ASSERT_EQ(bi->memmap_desc_version, 1);
	ASSERT_EQ(bi->nodes, pa(f, AREA_OFF + f->lay.o_nodes));
	ASSERT_EQ(bi->nr_nodes, 3);
	ASSERT_EQ(bi->rsdp, pa(f, ACPI_OFF));
	ASSERT_EQ(bi->kernel_start, pa(f, KERNEL_OFF));
	ASSERT_EQ(bi->kernel_end, pa(f, KERNEL_OFF + KERNEL_SIZE));
	ASSERT_EQ(bi->kernel_entry, pa(f, KERNEL_OFF + 0x100));
	ASSERT_EQ(bi->stack_start, pa(f, STACK_OFF));
	ASSERT_EQ(bi->stack_end, pa(f, STACK_OFF + STACK_SIZE));
	ASSERT_EQ(bi->stats.map_entries, 6);
	ASSERT_EQ(bi->stats.usable_pages, 16 + PAGES(ACPI_OFF));
	ASSERT_EQ(bi->stats.ebs_attempts, 2);
	ASSERT_EQ(bi->stats.warnings, 1);                 /* [0, 64K) in no SRAT range */
	ASSERT_EQ(bi->stats.arena_bound, f->arena_size);
	/* The allocator the kernel gets is the one topo_build() filled. */
	ASSERT_EQ(bootmem_check(f->bm), 0);
	ASSERT_EQ(bootmem_page_is_free(f->bm, pa(f, FREE_OFF)), 1);
	fx_free(f);
	return 0;
}

/* Per node, in nid order: blocks, then SRAT ranges absent from the map. */
static int round_trip_node_table(void)
{
	FX(f, 0);
	struct bi_node *n = node_tab(f);
	struct bi_range *r;
	uint64_t B = f->B;

	ASSERT_EQ(n[0].nid, 0);
	ASSERT_EQ(n[0].pxm, 0);
	ASSERT_EQ(n[0].flags, BI_NODE_HAS_MEMORY | BI_NODE_HAS_CPU);
	ASSERT_EQ(n[0].nr_ranges, 3);
	ASSERT_EQ(n[0].ranges, pa(f, AREA_OFF + f->lay.o_ranges));
	r = ranges_of(f, 0);
	ASSERT_EQ(r[0].start, 0);
	ASSERT_EQ(r[0].end, LOW_END);
	ASSERT_EQ(r[0].flags, 0);
	ASSERT_EQ(r[1].start, B);
	ASSERT_EQ(r[1].end, B + 32 * SZ_1M);
	ASSERT_EQ(r[1].flags, 0);
	ASSERT_EQ(r[2].start, B + 96 * SZ_1M);
	ASSERT_EQ(r[2].end, B + 112 * SZ_1M);
	ASSERT_EQ(r[2].flags, BI_RANGE_ABSENT | BI_RANGE_NONVOLATILE);

	ASSERT_EQ(n[1].nid, 1);
	ASSERT_EQ(n[1].pxm, 1);
	ASSERT_EQ(n[1].flags, BI_NODE_HAS_MEMORY | BI_NODE_HAS_CPU | BI_NODE_HOTPLUG);
	ASSERT_EQ(n[1].nr_ranges, 2);
	ASSERT_EQ(n[1].ranges, pa(f, AREA_OFF + f->lay.o_ranges + 3 * 24));
	r = ranges_of(f, 1);
	ASSERT_EQ(r[0].start, B + 32 * SZ_1M);
	ASSERT_EQ(r[0].end, B + ACPI_OFF);
	ASSERT_EQ(r[0].flags, 0);
	ASSERT_EQ(r[1].start, B + 64 * SZ_1M);
	ASSERT_EQ(r[1].end, B + 80 * SZ_1M);
	ASSERT_EQ(r[1].flags, BI_RANGE_ABSENT | BI_RANGE_HOTPLUG);
	ASSERT_EQ(r[1].pad, 0);

	ASSERT_EQ(n[2].nid, 2);
	ASSERT_EQ(n[2].pxm, 2);
	ASSERT_EQ(n[2].flags, BI_NODE_HAS_CPU);
	ASSERT_EQ(n[2].nr_ranges, 0);
	ASSERT_EQ(n[2].ranges, 0);
	ASSERT_EQ(bi_build_ranges_needed(&f->w->b.topo, &f->w->tables.numa), 5);
	fx_free(f);
	return 0;
}

/* The reserved list: what the allocator reserved, with the report's names. */
static int round_trip_reserved_list(void)
{
	FX(f, 0);
	struct bi_reserved *r = resv_tab(f);
	static const char *const names[] = {
		"page0", "kernel", "stack", "bootinfo", "arena", "memmap", "pagetables",
	};
	const uint64_t start[] = {
		0, pa(f, KERNEL_OFF), pa(f, STACK_OFF), pa(f, AREA_OFF), pa(f, ARENA_OFF),
		pa(f, MEMMAP_OFF), pa(f, PT_OFF),
	};
	const uint64_t end[] = {
		SZ_4K, pa(f, KERNEL_OFF + KERNEL_SIZE), pa(f, STACK_OFF + STACK_SIZE),
		pa(f, AREA_OFF) + page_up(f->lay.size), pa(f, ARENA_OFF) + page_up(f->arena_size),
		pa(f, MEMMAP_OFF + MEMMAP_CAP), pa(f, PT_OFF + PT_SIZE),
	};

	ASSERT_EQ(f->bi->nr_reserved, 7);
	ASSERT_EQ(f->bi->reserved, pa(f, AREA_OFF + f->lay.o_reserved));
	for (int i = 0; i < 7; i++) {
		char want[BI_WHAT_LEN] = { 0 };

		strcpy(want, names[i]);
		ASSERT_EQ(r[i].start, start[i]);
		ASSERT_EQ(r[i].end, end[i]);
		ASSERT_TRUE(!memcmp(r[i].what, want, BI_WHAT_LEN));   /* NUL padded */
		ASSERT_EQ(bi_region_reserved(f->bm, r[i].start, r[i].end - r[i].start), 1);
	}
	fx_free(f);
	return 0;
}

static int round_trip_slit_and_cmdline(void)
{
	FX(f, 0);

	ASSERT_EQ(f->bi->slit_localities, 3);
	ASSERT_EQ(f->bi->slit, pa(f, AREA_OFF + f->lay.o_slit));
	ASSERT_TRUE(!memcmp(slit_of(f), slit3, 9));
	ASSERT_EQ(f->bi->cmdline, pa(f, AREA_OFF + f->lay.o_cmdline));
	ASSERT_EQ(f->bi->cmdline_len, strlen(CMDLINE));
	ASSERT_STR(cmdline_of(f), CMDLINE);
	fx_free(f);
	return 0;
}

/* bi_build zeroes the garbage the area held, but not the live allocator. */
static int round_trip_area_zeroed_except_bootmem(void)
{
	FX(f, 0);
	unsigned char *a = at(f, AREA_OFF);
	uint64_t used_ranges = f->lay.o_ranges + 5 * 24, used_resv = f->lay.o_reserved + 7 * 32;

	for (uint64_t i = used_ranges; i < f->lay.o_reserved; i++)
		ASSERT_EQ(a[i], 0);
	for (uint64_t i = used_resv; i < f->lay.o_slit; i++)
		ASSERT_EQ(a[i], 0);
	for (uint64_t i = f->lay.o_cmdline + strlen(CMDLINE); i < f->lay.size; i++)
		ASSERT_EQ(a[i], 0);
	ASSERT_EQ(bootmem_check(f->bm), 0);
	ASSERT_VALID(f->bi);
	fx_free(f);
	return 0;
}

/* The checksum covers the sealed struct and is reproducible. */
static int round_trip_checksum_stable(void)
{
	FX(f, 0);
	uint32_t sum = f->bi->checksum;
	struct boot_info copy;

	ASSERT_EQ(bi_checksum(f->bi), sum);
	bi_seal(f->bi);
	ASSERT_EQ(f->bi->checksum, sum);
	memcpy(&copy, f->bi, sizeof(copy));
	copy.checksum = 0x12345678;
	ASSERT_EQ(bi_checksum(&copy), sum);           /* the field itself counts as 0 */
	/* Building again from the same inputs gives the same bytes. */
	ASSERT_EQ(bi_build(&f->in, NULL), 0);
	ASSERT_EQ(f->bi->checksum, sum);
	ASSERT_VALID(f->bi);
	fx_free(f);
	return 0;
}

/* Without an SRAT: one node 0, pxm 0, its blocks only; no SLIT. */
static int round_trip_without_srat(void)
{
	FX(f, FX_NO_SRAT);
	struct bi_range *r;

	ASSERT_VALID(f->bi);
	ASSERT_EQ(f->bi->flags, 0);
	ASSERT_EQ(f->bi->nr_nodes, 1);
	ASSERT_EQ(node_tab(f)[0].flags, BI_NODE_HAS_MEMORY);
	ASSERT_EQ(node_tab(f)[0].nr_ranges, 2);
	r = ranges_of(f, 0);
	ASSERT_EQ(r[0].end, LOW_END);
	ASSERT_EQ(r[1].start, f->B);
	ASSERT_EQ(r[1].end, f->B + ACPI_OFF);
	ASSERT_EQ(f->bi->slit_localities, 0);
	ASSERT_EQ(f->bi->slit, 0);
	fx_free(f);
	return 0;
}

/*
 * Overlapping nodes make the topology one node 0: boot_info says NUMA off,
 * not SRAT, and lists no SRAT ranges (their node ids mean nothing now).
 */
static int round_trip_numa_conflict_is_numa_off(void)
{
	FX(f, FX_CONFLICT | FX_NO_SLIT);

	ASSERT_VALID(f->bi);
	ASSERT_EQ(f->bi->flags, BI_FLAG_NUMA_OFF);
	ASSERT_EQ(f->bi->nr_nodes, 1);
	ASSERT_EQ(node_tab(f)[0].nr_ranges, 2);
	ASSERT_EQ(ranges_of(f, 0)[1].flags, 0);
	ASSERT_EQ(bi_build_ranges_needed(&f->w->b.topo, &f->w->tables.numa), 2);
	fx_free(f);
	return 0;
}

/* A SLIT flag from the caller without a SLIT is dropped. */
static int round_trip_slit_flag_follows_copy(void)
{
	FX(f, FX_NO_SLIT | FX_NO_BUILD);

	f->in.flags |= BI_FLAG_SLIT;
	ASSERT_EQ(bi_build(&f->in, NULL), 0);
	ASSERT_EQ(f->bi->flags, BI_FLAG_SRAT);
	ASSERT_EQ(f->bi->slit, 0);
	ASSERT_VALID(f->bi);
	fx_free(f);
	return 0;
}

/* A NULL command line is an empty one. */
static int round_trip_null_cmdline_is_empty(void)
{
	FX(f, FX_NO_BUILD);

	f->in.cmdline = NULL;
	ASSERT_EQ(bi_build(&f->in, NULL), 0);
	ASSERT_EQ(f->bi->cmdline_len, 0);
	ASSERT_EQ(cmdline_of(f)[0], 0);
	ASSERT_VALID(f->bi);
	fx_free(f);
	return 0;
}

/* ---- capacity errors: never a silent truncation -------------------------------- */

/* Rebuild the area for @caps and expect bi_build to refuse with @msg, @need, @cap. */
static int build_refused(const char *file, int line, struct fx *f, const char *msg,
			 uint64_t need, uint64_t cap)
{
	struct bi_build_error e = { NULL, 0, 0 };

	if (bi_area_layout(&f->caps, &f->lay, NULL) || f->lay.size > SZ_1M) {
		tl_fail_msg(file, line, "layout");
		return 1;
	}
	f->bi->magic = 0;
	if (bi_build(&f->in, &e) != -1) {
		tl_fail_msg(file, line, "bi_build accepted");
		return 1;
	}
	if (strcmp(e.msg, msg) || e.need != need || e.cap != cap) {
		fprintf(stderr, "%s:%d: bi_build: \"%s\" need %llu cap %llu\n    expected \"%s\" need %llu cap %llu\n",
			file, line, e.msg, (unsigned long long)e.need, (unsigned long long)e.cap,
			msg, (unsigned long long)need, (unsigned long long)cap);
		return 1;
	}
	if (f->bi->magic == BI_MAGIC) {
		tl_fail_msg(file, line, "boot_info sealed after an error");
		return 1;
	}
	return 0;
}

#define ASSERT_REFUSED(f, msg, need, cap) do { \
	int _r = build_refused(__FILE__, __LINE__, (f), (msg), (need), (cap)); \
	fx_free(f); \
	if (_r) return 1; \
} while (0)

static int build_node_table_full(void)
{
	FX(f, FX_NO_BUILD);
	f->caps.nodes = 2;
	ASSERT_REFUSED(f, "node table full", 3, 2);
	return 0;
}

static int build_range_table_full(void)
{
	FX(f, FX_NO_BUILD);
	f->caps.ranges = 4;
	ASSERT_REFUSED(f, "node range table full", 5, 4);
	return 0;
}

static int build_reserved_list_full(void)
{
	FX(f, FX_NO_BUILD);
	f->caps.reserved = 6;
	ASSERT_REFUSED(f, "reserved list full", 7, 6);
	return 0;
}

static int build_slit_room_too_small(void)
{
	FX(f, FX_NO_BUILD);
	f->caps.slit_localities = 2;
	ASSERT_REFUSED(f, "SLIT larger than its room", 3, 2);
	return 0;
}

static int build_cmdline_room_too_small(void)
{
	FX(f, FX_NO_BUILD);
	f->caps.cmdline = (uint32_t)strlen(CMDLINE);      /* no room for the NUL */
	ASSERT_REFUSED(f, "command line longer than its room", strlen(CMDLINE) + 1,
		       strlen(CMDLINE));
	return 0;
}

static int build_before_topo_build_refused(void)
{
	FX(f, FX_NO_BUILD);
	f->w->b.topo.flags &= ~TOPO_BUILT;
	ASSERT_REFUSED(f, "topology not built", 0, 0);
	return 0;
}

static int build_without_area_refused(void)
{
	FX(f, FX_NO_BUILD);
	f->in.area = NULL;
	ASSERT_REFUSED(f, "no bootinfo area", 0, 0);
	return 0;
}

/* A block whose node is not in the node table is reported, not dropped. */
static int build_block_of_unknown_node_refused(void)
{
	FX(f, FX_NO_BUILD);
	f->w->b.topo.block[0].nid = 7;
	ASSERT_REFUSED(f, "block of a node outside the node table", 5, 4);
	return 0;
}

/* ---- hostile boot_info: header ------------------------------------------------ */

static int hostile_null_pointer(void)
{
	struct bi_error e;

	ASSERT_EQ(bi_validate(NULL, &e), -1);
	ASSERT_STR(e.msg, "boot_info pointer is NULL");
	return 0;
}

static int hostile_magic(void)
{
	FX(f, 0);
	f->bi->magic ^= 1ULL << 40;
	ASSERT_INVALID(f, "bad boot_info magic", BI_MAGIC ^ (1ULL << 40));
	return 0;
}

static int hostile_version_zero(void)
{
	FX(f, 0);
	f->bi->version = 0;
	reseal(f->bi);
	ASSERT_INVALID(f, "unsupported boot_info version", 0);
	return 0;
}

static int hostile_size_below_struct(void)
{
	FX(f, 0);
	f->bi->size = 215;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad boot_info size", 215);
	return 0;
}

static int hostile_size_above_64k(void)
{
	FX(f, 0);
	f->bi->size = 65537;
	ASSERT_INVALID(f, "bad boot_info size", 65537);
	return 0;
}

static int hostile_checksum(void)
{
	FX(f, 0);
	uint32_t bad = f->bi->checksum ^ 0x80;

	f->bi->checksum = bad;
	ASSERT_INVALID(f, "bad boot_info checksum", bad);
	return 0;
}

/* A field changed after sealing is caught by the checksum. */
static int hostile_field_changed_after_seal(void)
{
	FX(f, 0);
	uint32_t sum = f->bi->checksum;

	f->bi->kernel_entry += 1;
	ASSERT_INVALID(f, "bad boot_info checksum", sum);
	return 0;
}

/* Every single-byte change of the sealed struct, any value, is rejected. */
static int hostile_any_byte_flip_rejected(void)
{
	FX(f, 0);
	unsigned char *p = (unsigned char *)f->bi;
	struct bi_error e;

	for (size_t off = 0; off < sizeof(struct boot_info); off++) {
		unsigned char orig = p[off];

		for (unsigned x = 1; x < 256; x++) {
			p[off] = (unsigned char)(orig ^ x);
			if (bi_validate_header(f->bi, &e) != -1) {
				fprintf(stderr, "byte %zu ^ 0x%02x accepted\n", off, x);
				fx_free(f);
				return 1;
			}
		}
		p[off] = orig;
	}
	ASSERT_VALID(f->bi);
	fx_free(f);
	return 0;
}

/* ---- hostile boot_info: the reserved list and the allocator ------------------- */

static int hostile_no_reserved_entries(void)
{
	FX(f, 0);
	f->bi->nr_reserved = 0;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad reserved list", 0);
	return 0;
}

static int hostile_too_many_reserved_entries(void)
{
	FX(f, 0);
	f->bi->nr_reserved = 4097;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad reserved list", 4097);
	return 0;
}

static int hostile_reserved_list_misaligned(void)
{
	FX(f, 0);
	f->bi->reserved += 4;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad reserved list", 7);
	return 0;
}

static int hostile_reserved_list_null(void)
{
	FX(f, 0);
	f->bi->reserved = 0;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad reserved list", 7);
	return 0;
}

/* A faithful copy of the list, but in free memory: not the bootinfo range. */
static int hostile_reserved_list_moved_to_free_memory(void)
{
	FX(f, 0);
	memcpy(at(f, FREE_OFF), resv_tab(f), 7 * sizeof(struct bi_reserved));
	f->bi->reserved = pa(f, FREE_OFF);
	reseal(f->bi);
	ASSERT_INVALID(f, "reserved list outside the bootinfo range", pa(f, FREE_OFF));
	return 0;
}

/* The last entry runs past the end of the bootinfo range. */
static int hostile_reserved_list_count_past_area(void)
{
	FX(f, 0);
	uint32_t room = (uint32_t)((page_up(f->lay.size) - f->lay.o_reserved) / 32);

	f->bi->nr_reserved = room + 1;
	reseal(f->bi);
	ASSERT_INVALID(f, "reserved list outside the bootinfo range", f->bi->reserved);
	return 0;
}

static int hostile_bootmem_in_arena(void)
{
	FX(f, 0);
	f->bi->bootmem = pa(f, ARENA_OFF);
	reseal(f->bi);
	ASSERT_INVALID(f, "bootmem state outside the bootinfo range", pa(f, ARENA_OFF));
	return 0;
}

static int hostile_bootmem_misaligned(void)
{
	FX(f, 0);
	f->bi->bootmem += 4;
	reseal(f->bi);
	ASSERT_INVALID(f, "bootmem state outside the bootinfo range", pa(f, AREA_OFF + 220));
	return 0;
}

static int hostile_bootmem_null(void)
{
	FX(f, 0);
	f->bi->bootmem = 0;
	reseal(f->bi);
	ASSERT_INVALID(f, "bootmem state outside the bootinfo range", 0);
	return 0;
}

static int hostile_arena_moved_to_free_memory(void)
{
	FX(f, 0);
	f->bi->arena = pa(f, FREE_OFF);
	reseal(f->bi);
	ASSERT_INVALID(f, "arena outside the arena range", pa(f, FREE_OFF));
	return 0;
}

static int hostile_arena_size_past_range(void)
{
	FX(f, 0);
	f->bi->arena_size = page_up(f->arena_size) + 1;
	reseal(f->bi);
	ASSERT_INVALID(f, "arena outside the arena range", pa(f, ARENA_OFF));
	return 0;
}

/* A counter in the state disagrees with the bitmaps. */
static int hostile_bootmem_state_corrupt(void)
{
	FX(f, 0);
	f->bm->priv_free_pages += 1;
	ASSERT_INVALID(f, "bootmem_check failed on the handed state", (uint64_t)(int64_t)BOOTMEM_EINVAL);
	return 0;
}

/* A sealed copy of boot_info placed in free memory. */
static int hostile_boot_info_in_free_memory(void)
{
	FX(f, 0);
	memcpy(at(f, FREE_OFF), f->bi, sizeof(struct boot_info));
	f->bi = at(f, FREE_OFF);
	ASSERT_INVALID(f, "boot_info not in reserved memory", pa(f, FREE_OFF));
	return 0;
}

/* The kernel's (or a bug's) free of the boot_info page. */
static int hostile_boot_info_page_freed(void)
{
	FX(f, 0);
	ASSERT_EQ(free_bootmem(f->bm, pa(f, AREA_OFF), SZ_4K), 0);
	ASSERT_INVALID(f, "boot_info not in reserved memory", pa(f, AREA_OFF));
	return 0;
}

static int hostile_arena_page_freed(void)
{
	FX(f, 0);
	ASSERT_EQ(free_bootmem(f->bm, pa(f, ARENA_OFF), SZ_4K), 0);
	ASSERT_INVALID(f, "arena not in reserved memory", pa(f, ARENA_OFF));
	return 0;
}

/*
 * A range the list calls reserved was freed in the allocator afterwards:
 * the kernel would take it over while the list still names it.
 */
static int hostile_reserved_range_freed(void)
{
	FX(f, 0);
	ASSERT_EQ(free_bootmem(f->bm, pa(f, PT_OFF + SZ_4K), SZ_4K), 0);
	ASSERT_INVALID(f, "reserved range not reserved in the allocator", pa(f, PT_OFF));
	return 0;
}

/* An entry claims free memory as reserved. */
static int hostile_reserved_entry_over_free_memory(void)
{
	FX(f, 0);
	resv_tab(f)[6].end += SZ_4K;      /* pagetables grows into a free page */
	ASSERT_INVALID(f, "reserved range not reserved in the allocator", pa(f, PT_OFF));
	return 0;
}

static int hostile_reserved_entry_empty(void)
{
	FX(f, 0);
	resv_tab(f)[1].end = resv_tab(f)[1].start;
	ASSERT_INVALID(f, "reserved range not reserved in the allocator", pa(f, KERNEL_OFF));
	return 0;
}

/* ---- hostile boot_info: pointed-to regions ------------------------------------ */

static int hostile_memmap_desc_size_39(void)
{
	FX(f, 0);
	f->bi->memmap_desc_size = 39;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad final memory map", pa(f, MEMMAP_OFF));
	return 0;
}

static int hostile_memmap_size_not_multiple(void)
{
	FX(f, 0);
	f->bi->memmap_size -= 1;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad final memory map", pa(f, MEMMAP_OFF));
	return 0;
}

static int hostile_memmap_in_free_memory(void)
{
	FX(f, 0);
	f->bi->memmap = pa(f, FREE_OFF);
	reseal(f->bi);
	ASSERT_INVALID(f, "bad final memory map", pa(f, FREE_OFF));
	return 0;
}

static int hostile_memmap_runs_past_reserved(void)
{
	FX(f, 0);
	f->bi->memmap_size = (MEMMAP_CAP / DESC_SIZE + 1) * DESC_SIZE;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad final memory map", pa(f, MEMMAP_OFF));
	return 0;
}

/* Page 0 is managed and reserved here (what=page0), as on real machines. */
static int hostile_memmap_null(void)
{
	FX(f, 0);
	f->bi->memmap = 0;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad final memory map", 0);
	return 0;
}

static int hostile_no_nodes(void)
{
	FX(f, 0);
	f->bi->nr_nodes = 0;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad node table", 0);
	return 0;
}

static int hostile_too_many_nodes(void)
{
	FX(f, 0);
	f->bi->nr_nodes = BOOTMEM_MAX_NODES + 1;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad node table", BOOTMEM_MAX_NODES + 1);
	return 0;
}

static int hostile_node_table_in_free_memory(void)
{
	FX(f, 0);
	memcpy(at(f, FREE_OFF), node_tab(f), 3 * sizeof(struct bi_node));
	f->bi->nodes = pa(f, FREE_OFF);
	reseal(f->bi);
	ASSERT_INVALID(f, "bad node table", 3);
	return 0;
}

static int hostile_node_table_null(void)
{
	FX(f, 0);
	f->bi->nodes = 0;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad node table", 3);
	return 0;
}

/* More nodes than the table holds: the count runs into free memory. */
static int hostile_node_count_past_area(void)
{
	FX(f, 0);
	f->bi->nr_nodes = (uint32_t)((page_up(f->lay.size) - f->lay.o_nodes) / 24 + 1);
	reseal(f->bi);
	ASSERT_INVALID(f, "bad node table", f->bi->nr_nodes);
	return 0;
}

static int hostile_nodes_out_of_order(void)
{
	FX(f, 0);
	struct bi_node tmp = node_tab(f)[0];

	node_tab(f)[0] = node_tab(f)[1];
	node_tab(f)[1] = tmp;
	ASSERT_INVALID(f, "node table not in nid order", 1);
	return 0;
}

static int hostile_node_ranges_too_many(void)
{
	FX(f, 0);
	node_tab(f)[1].nr_ranges = 65537;
	ASSERT_INVALID(f, "bad node range list", 1);
	return 0;
}

static int hostile_node_ranges_in_free_memory(void)
{
	FX(f, 0);
	node_tab(f)[0].ranges = pa(f, FREE_OFF);
	ASSERT_INVALID(f, "bad node range list", 0);
	return 0;
}

static int hostile_node_ranges_null(void)
{
	FX(f, 0);
	node_tab(f)[1].ranges = 0;
	ASSERT_INVALID(f, "bad node range list", 1);
	return 0;
}

static int hostile_slit_too_large(void)
{
	FX(f, 0);
	f->bi->slit_localities = 257;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad SLIT", f->bi->slit);
	return 0;
}

static int hostile_slit_in_free_memory(void)
{
	FX(f, 0);
	memcpy(at(f, FREE_OFF), slit3, 9);
	f->bi->slit = pa(f, FREE_OFF);
	reseal(f->bi);
	ASSERT_INVALID(f, "bad SLIT", pa(f, FREE_OFF));
	return 0;
}

static int hostile_slit_null(void)
{
	FX(f, 0);
	f->bi->slit = 0;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad SLIT", 0);
	return 0;
}

static int hostile_slit_diagonal(void)
{
	FX(f, 0);
	slit_of(f)[2 * 3 + 2] = 11;
	ASSERT_INVALID(f, "SLIT diagonal not 10", 2);
	return 0;
}

static int hostile_cmdline_null(void)
{
	FX(f, 0);
	f->bi->cmdline = 0;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad command line", 0);
	return 0;
}

static int hostile_cmdline_in_free_memory(void)
{
	FX(f, 0);
	strcpy(at(f, FREE_OFF), CMDLINE);
	f->bi->cmdline = pa(f, FREE_OFF);
	reseal(f->bi);
	ASSERT_INVALID(f, "bad command line", pa(f, FREE_OFF));
	return 0;
}

static int hostile_cmdline_not_terminated(void)
{
	FX(f, 0);
	cmdline_of(f)[f->bi->cmdline_len] = 'x';
	ASSERT_INVALID(f, "bad command line", pa(f, AREA_OFF + f->lay.o_cmdline));
	return 0;
}

static int hostile_cmdline_len_huge(void)
{
	FX(f, 0);
	f->bi->cmdline_len = UINT32_MAX;
	reseal(f->bi);
	ASSERT_INVALID(f, "bad command line", pa(f, AREA_OFF + f->lay.o_cmdline));
	return 0;
}

static int hostile_kernel_empty(void)
{
	FX(f, 0);
	f->bi->kernel_end = f->bi->kernel_start;
	reseal(f->bi);
	ASSERT_INVALID(f, "kernel image not reserved", pa(f, KERNEL_OFF));
	return 0;
}

static int hostile_kernel_in_free_memory(void)
{
	FX(f, 0);
	f->bi->kernel_start = pa(f, FREE_OFF);
	f->bi->kernel_end = pa(f, FREE_OFF + KERNEL_SIZE);
	f->bi->kernel_entry = pa(f, FREE_OFF + ENTRY_OFF);
	reseal(f->bi);
	ASSERT_INVALID(f, "kernel image not reserved", pa(f, FREE_OFF));
	return 0;
}

static int hostile_stack_empty(void)
{
	FX(f, 0);
	f->bi->stack_start = f->bi->stack_end;
	reseal(f->bi);
	ASSERT_INVALID(f, "kernel stack not reserved", pa(f, STACK_OFF + STACK_SIZE));
	return 0;
}

static int hostile_stack_in_free_memory(void)
{
	FX(f, 0);
	f->bi->stack_start = pa(f, FREE_OFF);
	f->bi->stack_end = pa(f, FREE_OFF + STACK_SIZE);
	reseal(f->bi);
	ASSERT_INVALID(f, "kernel stack not reserved", pa(f, FREE_OFF));
	return 0;
}

static int hostile_entry_at_image_end(void)
{
	FX(f, 0);
	f->bi->kernel_entry = f->bi->kernel_end;
	reseal(f->bi);
	ASSERT_INVALID(f, "kernel entry outside the image", pa(f, KERNEL_OFF + KERNEL_SIZE));
	return 0;
}

static int hostile_entry_below_image(void)
{
	FX(f, 0);
	f->bi->kernel_entry = f->bi->kernel_start - 1;
	reseal(f->bi);
	ASSERT_INVALID(f, "kernel entry outside the image", pa(f, KERNEL_OFF) - 1);
	return 0;
}

/* ---- the kernel's placement (boot_info version 2) ------------------------------- */

/* A fixed-address kernel: load base 0, no relocations, flags 0. */
static int kernel_fixed_round_trip(void)
{
	FX(f, 0);
	ASSERT_EQ(f->bi->kernel_load_base, 0);
	ASSERT_EQ(f->bi->kernel_flags, 0);
	ASSERT_EQ(f->bi->kernel_relocs, 0);
	ASSERT_VALID(f->bi);
	fx_free(f);
	return 0;
}

/* A relocated kernel linked at 1 MiB below its image: load base B (2 MiB aligned). */
static int kernel_relocated_round_trip(void)
{
	FX(f, FX_NO_BUILD);
	struct bi_build_error berr;

	f->in.kernel_load_base = f->B;
	f->in.kernel_flags = BI_KERNEL_RELOCATED;
	f->in.kernel_relocs = 64;
	ASSERT_EQ(bi_build(&f->in, &berr), 0);
	ASSERT_EQ(f->bi->kernel_load_base, f->B);
	ASSERT_EQ(f->bi->kernel_flags, BI_KERNEL_RELOCATED);
	ASSERT_EQ(f->bi->kernel_relocs, 64);
	ASSERT_EQ(f->bi->kernel_start - f->bi->kernel_load_base, KERNEL_OFF);   /* ELF address */
	ASSERT_VALID(f->bi);
	fx_free(f);
	return 0;
}

static int hostile_kernel_flags_unknown(void)
{
	FX(f, 0);
	f->bi->kernel_flags = BI_KERNEL_RELOCATED | 0x10;
	reseal(f->bi);
	ASSERT_INVALID(f, "unknown kernel flags", BI_KERNEL_RELOCATED | 0x10);
	return 0;
}

static int hostile_fixed_kernel_with_load_base(void)
{
	FX(f, 0);
	f->bi->kernel_load_base = SZ_2M;
	reseal(f->bi);
	ASSERT_INVALID(f, "fixed-address kernel with a load base", SZ_2M);
	return 0;
}

static int hostile_fixed_kernel_with_relocs(void)
{
	FX(f, 0);
	f->bi->kernel_relocs = 1;
	reseal(f->bi);
	ASSERT_INVALID(f, "fixed-address kernel with a load base", 0);
	return 0;
}

static int hostile_kernel_load_base_misaligned(void)
{
	FX(f, 0);
	f->bi->kernel_flags = BI_KERNEL_RELOCATED;
	f->bi->kernel_load_base = f->B + SZ_1M;
	reseal(f->bi);
	ASSERT_INVALID(f, "kernel load base not 2 MiB aligned", f->B + SZ_1M);
	return 0;
}

static int hostile_kernel_load_base_above_image(void)
{
	FX(f, 0);
	f->bi->kernel_flags = BI_KERNEL_RELOCATED;
	f->bi->kernel_load_base = f->B + SZ_2M;        /* image starts at B + 1 MiB */
	reseal(f->bi);
	ASSERT_INVALID(f, "kernel load base above the kernel image", f->B + SZ_2M);
	return 0;
}

/* A version 1 boot_info (no placement fields) is refused by name. */
static int hostile_version_1(void)
{
	FX(f, 0);
	f->bi->version = 1;
	reseal(f->bi);
	ASSERT_INVALID(f, "unsupported boot_info version", 1);
	return 0;
}

static int hostile_rsdp_in_free_memory(void)
{
	FX(f, 0);
	f->bi->rsdp = pa(f, FREE_OFF + 0x10);
	reseal(f->bi);
	ASSERT_INVALID(f, "RSDP lies in free memory", pa(f, FREE_OFF + 0x10));
	return 0;
}

/* The RSDP may be unmanaged firmware memory, reserved memory, or absent. */
static int rsdp_unmanaged_reserved_or_none_accepted(void)
{
	FX(f, 0);
	ASSERT_EQ(bootmem_page_is_free(f->bm, f->bi->rsdp), BOOTMEM_EFAULT);
	ASSERT_VALID(f->bi);
	f->bi->rsdp = pa(f, PT_OFF);
	reseal(f->bi);
	ASSERT_VALID(f->bi);
	f->bi->rsdp = 0;
	reseal(f->bi);
	ASSERT_VALID(f->bi);
	fx_free(f);
	return 0;
}

static const struct tl_case cases[] = {
	TL_CASE(layout_offsets_exact),
	TL_CASE(layout_pads_odd_sizes),
	TL_CASE(layout_max_caps_no_overflow),
	TL_CASE(layout_refuses_slit_over_256),
	TL_CASE(round_trip_validates),
	TL_CASE(round_trip_node_table),
	TL_CASE(round_trip_reserved_list),
	TL_CASE(round_trip_slit_and_cmdline),
	TL_CASE(round_trip_area_zeroed_except_bootmem),
	TL_CASE(round_trip_checksum_stable),
	TL_CASE(round_trip_without_srat),
	TL_CASE(round_trip_numa_conflict_is_numa_off),
	TL_CASE(round_trip_slit_flag_follows_copy),
	TL_CASE(round_trip_null_cmdline_is_empty),
	TL_CASE(build_node_table_full),
	TL_CASE(build_range_table_full),
	TL_CASE(build_reserved_list_full),
	TL_CASE(build_slit_room_too_small),
	TL_CASE(build_cmdline_room_too_small),
	TL_CASE(build_before_topo_build_refused),
	TL_CASE(build_without_area_refused),
	TL_CASE(build_block_of_unknown_node_refused),
	TL_CASE(hostile_null_pointer),
	TL_CASE(hostile_magic),
	TL_CASE(hostile_version_zero),
	TL_CASE(hostile_size_below_struct),
	TL_CASE(hostile_size_above_64k),
	TL_CASE(hostile_checksum),
	TL_CASE(hostile_field_changed_after_seal),
	TL_CASE(hostile_any_byte_flip_rejected),
	TL_CASE(hostile_no_reserved_entries),
	TL_CASE(hostile_too_many_reserved_entries),
	TL_CASE(hostile_reserved_list_misaligned),
	TL_CASE(hostile_reserved_list_null),
	TL_CASE(hostile_reserved_list_moved_to_free_memory),
	TL_CASE(hostile_reserved_list_count_past_area),
	TL_CASE(hostile_bootmem_in_arena),
	TL_CASE(hostile_bootmem_misaligned),
	TL_CASE(hostile_bootmem_null),
	TL_CASE(hostile_arena_moved_to_free_memory),
	TL_CASE(hostile_arena_size_past_range),
	TL_CASE(hostile_bootmem_state_corrupt),
	TL_CASE(hostile_boot_info_in_free_memory),
	TL_CASE(hostile_boot_info_page_freed),
	TL_CASE(hostile_arena_page_freed),
	TL_CASE(hostile_reserved_range_freed),
	TL_CASE(hostile_reserved_entry_over_free_memory),
	TL_CASE(hostile_reserved_entry_empty),
	TL_CASE(hostile_memmap_desc_size_39),
	TL_CASE(hostile_memmap_size_not_multiple),
	TL_CASE(hostile_memmap_in_free_memory),
	TL_CASE(hostile_memmap_runs_past_reserved),
	TL_CASE(hostile_memmap_null),
	TL_CASE(hostile_no_nodes),
	TL_CASE(hostile_too_many_nodes),
	TL_CASE(hostile_node_table_in_free_memory),
	TL_CASE(hostile_node_table_null),
	TL_CASE(hostile_node_count_past_area),
	TL_CASE(hostile_nodes_out_of_order),
	TL_CASE(hostile_node_ranges_too_many),
	TL_CASE(hostile_node_ranges_in_free_memory),
	TL_CASE(hostile_node_ranges_null),
	TL_CASE(hostile_slit_too_large),
	TL_CASE(hostile_slit_in_free_memory),
	TL_CASE(hostile_slit_null),
	TL_CASE(hostile_slit_diagonal),
	TL_CASE(hostile_cmdline_null),
	TL_CASE(hostile_cmdline_in_free_memory),
	TL_CASE(hostile_cmdline_not_terminated),
	TL_CASE(hostile_cmdline_len_huge),
	TL_CASE(hostile_kernel_empty),
	TL_CASE(hostile_kernel_in_free_memory),
	TL_CASE(hostile_stack_empty),
	TL_CASE(hostile_stack_in_free_memory),
	TL_CASE(hostile_entry_at_image_end),
	TL_CASE(hostile_entry_below_image),
	TL_CASE(hostile_rsdp_in_free_memory),
	TL_CASE(kernel_fixed_round_trip),
	TL_CASE(kernel_relocated_round_trip),
	TL_CASE(hostile_kernel_flags_unknown),
	TL_CASE(hostile_fixed_kernel_with_load_base),
	TL_CASE(hostile_fixed_kernel_with_relocs),
	TL_CASE(hostile_kernel_load_base_misaligned),
	TL_CASE(hostile_kernel_load_base_above_image),
	TL_CASE(hostile_version_1),
	TL_CASE(rsdp_unmanaged_reserved_or_none_accepted),
};

int main(int argc, char **argv)
{
	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

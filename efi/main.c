// SPDX-License-Identifier: MIT
/*
 * main.c - bootmem2.efi: firmware memory map + ACPI SRAT/SLIT -> blocks ->
 * bootmem2, then either a report (from the EFI shell) or the handoff to the
 * kernel (boot). This file and uefi_*.c are the only code that talks to
 * firmware; the logic is the boot pipeline (boot/pipeline.h), which
 * bootmem2-sim, the tests and the fuzzers run as it is.
 *
 * Report mode: firmware free pages -> tables -> first map -> arena -> the
 * map as it is now -> build -> report -> a test page per node -> free
 * everything (a second run finds the firmware's map as the first left it).
 *
 * Boot mode (DESIGN.md section 1): tables -> kernel ELF loaded (a fixed one
 * at its addresses, a relocatable one wherever the firmware has room, see
 * boot/kplace.h, then relocated) -> first map (sizes everything) -> arena, page tables and
 * boot_info area -> final GetMemoryMap + ExitBootServices (retry on a stale
 * key, no output in between) -> blocks from the final map -> report on
 * serial -> boot_info -> jump. Every error before ExitBootServices frees
 * what was allocated and returns to the shell; after it, the reason goes to
 * serial and the machine halts.
 */
#include "uefi.h"

#include "bootinfo.h"
#include "bootinfo_build.h"
#include "bootinfo_check.h"
#include "bootmem2.h"
#include "cmdline.h"
#include "diag.h"
#include "elf.h"
#include "fmt.h"
#include "kplace.h"
#include "memmap.h"
#include "pagetable.h"
#include "pipeline.h"
#include "report.h"
#include "report_topo.h"
#include "util.h"

#define MAP_SLACK_DESCS    64      /* map buffer room for descriptors added later */
#define STACK_PAGES        16      /* 64 KiB kernel stack */
#define EBS_TRIES          8
#define PLACE_TRIES        8       /* load bases tried for a relocatable kernel */
#define OCCUPY_BYTES       (2ULL << 20)

typedef unsigned long long ull;

/* Everything the steps share. */
struct loader {
	struct cmdline cmd;
	struct diag_log log;
	struct boot_tables tables;
	struct boot b;                  /* the pipeline (about 40 KiB) */
	uint64_t rsdp;
	uint32_t bi_flags;
	/* the raw tables, for dump */
	const void *srat, *slit;
	uint32_t srat_len, slit_len;
	/* the firmware's map; its buffer becomes the final map's */
	struct uefi_memmap map;
	uint64_t arena, arena_size;
};

static struct loader g;

/* ---- small helpers --------------------------------------------------------- */

static EFI_STATUS alloc_pages(uint64_t bytes, EFI_ALLOCATE_TYPE type, uint64_t *addr,
			      const char *what)
{
	uint64_t pages = util_pages(bytes);
	EFI_STATUS st = uefi_alloc_pages(type, pages, addr);

	if (st == EFI_SUCCESS)
		return st;
	if (type == AllocateAddress)
		con_printf(LOG_ERR, "bootmem2: AllocatePages(%s, 0x%llx-0x%llx): %s "
			   "(the range is taken by firmware)\n", what, (ull)*addr,
			   (ull)(*addr + pages * BOOTMEM_PAGE_SIZE), efi_status_name(st));
	else
		con_printf(LOG_ERR, "bootmem2: AllocatePages(%s, %llu pages): %s\n", what,
			   (ull)pages, efi_status_name(st));
	return st;
}

static EFI_STATUS alloc_pool(uint64_t bytes, void **out, const char *what)
{
	EFI_STATUS st = uefi_alloc_pool(bytes, out);

	if (st != EFI_SUCCESS)
		con_printf(LOG_ERR, "bootmem2: AllocatePool(%s, %llu bytes): %s\n", what,
			   (ull)bytes, efi_status_name(st));
	return st;
}

static void print_diag(const char *prefix, const struct diag_err *err)
{
	char msg[200];

	diag_format(err, msg, sizeof(msg));
	con_printf(LOG_ERR, "bootmem2: %s%s\n", prefix, msg);
}

static void usage(void)
{
	for (int i = 0; cmdline_usage[i]; i++)
		con_printf(LOG_ERR, "%s\n", cmdline_usage[i]);
}

/* Warnings: shown unless `quiet`. */
static void warn_line(void *ctx, const char *line)
{
	(void)ctx;
	con_printf(LOG_INFO, "%s\n", line);
}

static void serial_line(void *ctx, const char *line)
{
	(void)ctx;
	serial_printf("%s\n", line);
}

static struct boot_map raw_map(const struct uefi_memmap *m)
{
	struct boot_map map = { m->buf, m->size, m->desc_size, m->size / m->desc_size };

	return map;
}

/* ---- step: the firmware tables ---------------------------------------------- */

static const void *identity_map(void *ctx, uint64_t addr, uint64_t len)
{
	(void)ctx;
	(void)len;
	return (const void *)(UINTN)addr;
}

/* RSDP -> XSDT/RSDT -> SRAT, SLIT in firmware memory. */
static void find_firmware_tables(void)
{
	struct acpi_phys phys = { identity_map, NULL };
	struct acpi_tables tabs;
	struct diag_err err;
	int v2;

	g.rsdp = uefi_find_rsdp(&v2);
	if (!g.rsdp) {
		con_printf(LOG_INFO, "bootmem2: no ACPI RSDP in the configuration table: one node\n");
		return;
	}
	if (acpi_find_tables(&phys, g.rsdp, &tabs, &g.log, &err)) {
		print_diag("ACPI: ", &err);
		con_printf(LOG_INFO, "bootmem2: ACPI tables unusable: one node\n");
		return;
	}
	con_printf(LOG_VERBOSE, "bootmem2: RSDP 0x%llx rev %u, %s at 0x%llx, %u entries\n",
		   (ull)g.rsdp, tabs.rsdp_revision, tabs.root_is_xsdt ? "XSDT" : "RSDT",
		   (ull)tabs.root_phys, tabs.nr_entries);
	if (tabs.srat.data) {
		g.srat = tabs.srat.data;
		g.srat_len = tabs.srat.length;
	}
	if (tabs.slit.data) {
		g.slit = tabs.slit.data;
		g.slit_len = tabs.slit.length;
	}
}

/*
 * srat=FILE replaces the firmware's SRAT. A file that cannot be read stops
 * the loader, as a kernel= that cannot be read does: the user named it.
 */
static EFI_STATUS read_srat_file(void)
{
	void *buf;
	UINTN size;
	EFI_STATUS st = uefi_read_file(g.cmd.srat, &buf, &size);

	if (st != EFI_SUCCESS) {
		con_printf(LOG_ERR, "bootmem2: srat=%s: cannot read: %s\n", g.cmd.srat,
			   efi_status_name(st));
		return st;
	}
	con_printf(LOG_INFO, "bootmem2: using SRAT from %s (%llu bytes) instead of "
		   "the firmware's\n", g.cmd.srat, (ull)size);
	g.srat = buf;
	g.srat_len = (uint32_t)size;
	g.bi_flags |= BI_FLAG_SRAT_FILE;
	return EFI_SUCCESS;
}

/*
 * Find and parse the SRAT (firmware's, or the srat= file) and the SLIT.
 * Problems with a table are printed and lead to a single node 0; only a
 * srat= file that cannot be read is an error.
 */
static EFI_STATUS load_tables(void)
{
	struct diag_err err;
	EFI_STATUS st;

	boot_tables_init(&g.tables);
	find_firmware_tables();
	if (g.cmd.srat[0]) {
		st = read_srat_file();
		if (st != EFI_SUCCESS)
			return st;
	}
	if (!g.srat) {
		con_printf(LOG_VERBOSE, "bootmem2: no SRAT: one node\n");
		return EFI_SUCCESS;
	}

	uint32_t cap = acpi_srat_mem_capacity(g.srat_len);
	void *mem;

	if (alloc_pool(sizeof(struct acpi_numa_mem) * (uint64_t)cap, &mem, "SRAT ranges")
	    != EFI_SUCCESS) {
		con_printf(LOG_ERR, "bootmem2: no room for %u SRAT ranges: one node\n", cap);
		return EFI_SUCCESS;
	}
	if (boot_tables_srat(&g.tables, g.srat, g.srat_len, mem, cap, &g.log, &err)) {
		print_diag(g.cmd.srat[0] ? "srat file: " : "", &err);
		con_printf(LOG_ERR, "bootmem2: SRAT rejected: NUMA off, one node\n");
		g.bi_flags |= BI_FLAG_NUMA_OFF;
		return EFI_SUCCESS;
	}
	g.bi_flags |= BI_FLAG_SRAT;
	if (g.slit && boot_tables_slit(&g.tables, g.slit, g.slit_len, &g.log, &err))
		print_diag("SLIT ignored: ", &err);
	return EFI_SUCCESS;
}

/* ---- step: dump ------------------------------------------------------------- */

static void write_dump(const char *name, const void *buf, uint64_t size)
{
	EFI_STATUS st = uefi_write_file_here(name, buf, size);

	if (st != EFI_SUCCESS)
		con_printf(LOG_ERR, "bootmem2: dump: writing %s: %s\n", name, efi_status_name(st));
	else
		con_printf(LOG_INFO, "bootmem2: dump: wrote %s (%llu bytes)\n", name, (ull)size);
}

static void dump_tables(const struct uefi_memmap *m)
{
	uint32_t count = (uint32_t)(m->size / m->desc_size);
	uint64_t size = memmap_dump_size((uint32_t)m->desc_size, count);
	void *buf;

	if (size && alloc_pool(size, &buf, "memmap.bin") == EFI_SUCCESS) {
		if (memmap_dump_write(buf, size, m->buf, (uint32_t)m->desc_size, m->desc_version, count))
			write_dump("memmap.bin", buf, size);
		uefi_free_pool(buf);
	}
	if (g.srat)
		write_dump("srat.bin", g.srat, g.srat_len);
	if (g.slit)
		write_dump("slit.bin", g.slit, g.slit_len);
}

/* ---- step: the first map ------------------------------------------------------ */

/* Pipeline storage sized once from the first map, so the final build allocates nothing. */
static EFI_STATUS alloc_store(const struct uefi_memmap *m)
{
	struct boot_store s;
	void *e, *bl, *r;
	EFI_STATUS st;

	boot_need((uint32_t)(m->capacity / m->desc_size), &g.tables, &s);
	st = alloc_pool(sizeof(*s.entries) * (uint64_t)s.entries_cap, &e, "map entries");
	if (st == EFI_SUCCESS)
		st = alloc_pool(sizeof(*s.blocks) * (uint64_t)s.block_cap, &bl, "blocks");
	if (st == EFI_SUCCESS)
		st = alloc_pool(sizeof(*s.resv) * (uint64_t)s.resv_cap, &r, "reserved list");
	if (st != EFI_SUCCESS)
		return st;
	s.entries = e;
	s.blocks = bl;
	s.resv = r;
	boot_init(&g.b, &g.tables, &s, &g.log);
	return EFI_SUCCESS;
}

/* Lay out the map now in g.map; errors printed with @how (console or serial). */
static int layout(unsigned flags, void (*how)(const char *fmt, ...))
{
	struct boot_map map = raw_map(&g.map);
	struct diag_err err;
	char msg[200];

	if (!boot_layout(&g.b, &map, flags, &err))
		return 0;
	diag_format(&err, msg, sizeof(msg));
	how("bootmem2: laying out the memory map: %s\n", msg);
	return -1;
}

static void console_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	con_vprintf(LOG_ERR, fmt, ap);
	va_end(ap);
}

/*
 * First map: dump it if asked, size the pipeline's storage from it and lay
 * it out with boot-services memory counted as free (the largest the final
 * map can be): that layout sizes the arena and the identity map.
 */
static EFI_STATUS first_map(void)
{
	EFI_STATUS st = uefi_memmap_get(&g.map, MAP_SLACK_DESCS);

	if (st != EFI_SUCCESS) {
		con_printf(LOG_ERR, "bootmem2: GetMemoryMap: %s\n", efi_status_name(st));
		return st;
	}
	if (g.cmd.flags & CMDLINE_OPT_DUMP)
		dump_tables(&g.map);
	st = alloc_store(&g.map);
	if (st != EFI_SUCCESS)
		return st;
	if (layout(BOOT_BS_FREE, console_error))
		return EFI_LOAD_ERROR;
	g.arena_size = boot_arena_bound(&g.b);
	return alloc_pages(g.arena_size, AllocateAnyPages, &g.arena, "arena");
}

/* ---- report mode ------------------------------------------------------------- */

/* One test page per node with memory, through the allocator. */
static int test_pages(struct bootmem *bm)
{
	const struct topo *t = &g.b.topo;

	for (uint32_t n = 0; n < t->nr_nodes; n++) {
		uint32_t nid = t->node[n].nid;
		phys_addr_t a;
		int rc;

		if (!t->node[n].nr_blocks)
			continue;
		rc = alloc_bootmem_node(bm, (int)nid, BOOTMEM_PAGE_SIZE, BOOTMEM_PAGE_SIZE, 0, 0, &a);
		if (rc) {
			con_printf(LOG_ERR, "bootmem2: test: alloc_bootmem_node(node %u): %s\n", nid,
				   bootmem_strerror(rc));
			return rc;
		}
		rc = free_bootmem_node(bm, (int)nid, a, BOOTMEM_PAGE_SIZE);
		con_printf(LOG_INFO, "bootmem2: test: node %u page 0x%llx allocated and freed: %s\n",
			   nid, (ull)a, rc ? bootmem_strerror(rc) : "ok");
		if (rc)
			return rc;
	}
	return bootmem_check(bm);
}

/* Build from the map as it is now (boot services and loader memory in use). */
static EFI_STATUS build_now(struct bootmem *bm)
{
	char image_path[160];
	uint64_t image_base, image_size;
	struct diag_err err;
	EFI_STATUS st = uefi_memmap_refill(&g.map);

	if (st != EFI_SUCCESS) {
		con_printf(LOG_ERR, "bootmem2: GetMemoryMap: %s\n", efi_status_name(st));
		return st;
	}
	if (layout(0, console_error))
		return EFI_LOAD_ERROR;
	uefi_image_info(image_path, sizeof(image_path), &image_base, &image_size);
	if (image_size)
		boot_reserve(&g.b, image_base, image_size, MEMMAP_WHAT_LOADER);
	boot_reserve(&g.b, g.arena, g.arena_size, MEMMAP_WHAT_ARENA);
	if (boot_build(&g.b, bm, (void *)(UINTN)g.arena, g.arena_size, &err)) {
		print_diag("building the allocator: ", &err);
		return EFI_LOAD_ERROR;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS run_report(void)
{
	struct report_sink out = { con_line, NULL }, warn = { warn_line, NULL };
	struct bootmem bm;
	EFI_STATUS st;
	int rc;

	st = first_map();
	if (st == EFI_SUCCESS)
		st = build_now(&bm);
	if (st != EFI_SUCCESS)
		return st;
	rc = boot_report(&g.b, &bm, &out, BOOT_REPORT_TOPOLOGY | BOOT_REPORT_NEAREST |
			 ((g.cmd.flags & CMDLINE_OPT_VERBOSE) ? BOOT_REPORT_VERBOSE : 0));
	if (rc)
		con_printf(LOG_ERR, "bootmem2: report: %s\n", bootmem_strerror(rc));
	if (g.cmd.flags & CMDLINE_OPT_VERBOSE)
		report_memmap(g.map.buf, g.map.desc_size, g.map.size / g.map.desc_size, &out);
	report_warnings(&g.log, &warn);
	if (rc == 0)
		rc = test_pages(&bm);
	con_printf(LOG_INFO, "bootmem2: report %s\n", rc ? "FAILED" : "done");
	return rc ? EFI_LOAD_ERROR : EFI_SUCCESS;
}

/* ---- boot mode --------------------------------------------------------------- */

struct kernel_image {
	struct elf_image img;
	uint64_t load_base;               /* runtime address - ELF address */
	uint64_t start, end, entry;       /* where it runs */
	uint32_t relocs;                  /* relocations applied */
	uint64_t stack, stack_size;
};

/* Everything the kernel gets besides its image, allocated before the final map. */
struct handoff {
	uint64_t pt, pt_size, cr3, top;   /* identity map of [0, top) */
	uint64_t area;                    /* boot_info area (what=bootinfo) */
	struct bi_layout lay;
	struct bootmem *bm;               /* inside the area */
};

/*
 * occupy64m (test aid): hold 64-66 MiB, a relocatable kernel's first choice,
 * so that it must go elsewhere (a fixed one linked there fails to load).
 */
static void occupy_64m(void)
{
	uint64_t a = KPLACE_PREFERRED;

	if (alloc_pages(OCCUPY_BYTES, AllocateAddress, &a, "occupy64m") == EFI_SUCCESS)
		con_printf(LOG_INFO, "bootmem2: occupy64m: holding 0x%llx-0x%llx (test aid)\n",
			   (ull)a, (ull)(a + OCCUPY_BYTES));
}

/*
 * A relocatable kernel: the first load base (64 MiB, then upwards from
 * 16 MiB, see kplace.h) that the firmware's map offers and AllocatePages
 * grants.
 */
static EFI_STATUS place_kernel(struct kernel_image *k)
{
	const struct elf_image *im = &k->img;
	struct uefi_memmap m;
	struct kplace_map km;
	uint64_t base, at = 0;
	EFI_STATUS st = uefi_memmap_get(&m, 8);

	if (st != EFI_SUCCESS) {
		con_printf(LOG_ERR, "bootmem2: GetMemoryMap: %s\n", efi_status_name(st));
		return st;
	}
	km.desc = m.buf;
	km.desc_size = m.desc_size;
	km.count = (uint32_t)(m.size / m.desc_size);
	base = kplace_fits(&km, im->lo, im->hi, KPLACE_PREFERRED) ? KPLACE_PREFERRED :
	       kplace_next(&km, im->lo, im->hi, 0);
	st = EFI_NOT_FOUND;
	for (int tries = 0; base != KPLACE_NONE && tries < PLACE_TRIES; tries++) {
		at = base + im->lo;
		st = uefi_alloc_pages(AllocateAddress, util_pages(im->hi - im->lo), &at);
		if (st == EFI_SUCCESS)
			break;
		con_printf(LOG_VERBOSE, "bootmem2: kernel at load base 0x%llx: %s, trying further\n",
			   (ull)base, efi_status_name(st));
		base = kplace_next(&km, im->lo, im->hi, base + KPLACE_ALIGN);
	}
	uefi_free_pool(m.buf);
	if (st != EFI_SUCCESS) {
		con_printf(LOG_ERR, "bootmem2: kernel %s: no room for %llu KiB at a 2 MiB boundary "
			   "between 16 MiB and 4 GiB (%s)\n", g.cmd.kernel,
			   (ull)((im->hi - im->lo) >> 10), efi_status_name(st));
		return EFI_OUT_OF_RESOURCES;
	}
	k->load_base = base;
	return EFI_SUCCESS;
}

/* Step: read and validate the kernel ELF, place, load and relocate it; its stack. */
static EFI_STATUS load_kernel(struct kernel_image *k)
{
	struct diag_err err;
	char msg[200];
	void *file;
	UINTN size;
	EFI_STATUS st;
	int64_t relocs;

	st = uefi_read_file(g.cmd.kernel, &file, &size);
	if (st != EFI_SUCCESS) {
		con_printf(LOG_ERR, "bootmem2: kernel %s: cannot read: %s\n", g.cmd.kernel,
			   efi_status_name(st));
		return st;
	}
	if (elf_parse(file, size, &k->img, &err)) {
		diag_format(&err, msg, sizeof(msg));
		con_printf(LOG_ERR, "bootmem2: kernel %s: %s\n", g.cmd.kernel, msg);
		uefi_free_pool(file);
		return EFI_LOAD_ERROR;
	}
	if (g.cmd.flags & CMDLINE_OPT_OCCUPY_64M)
		occupy_64m();
	if (k->img.flags & ELF_IMG_RELOCATABLE) {
		st = place_kernel(k);
	} else {
		uint64_t lo = k->img.lo;

		k->load_base = 0;
		st = alloc_pages(k->img.hi - k->img.lo, AllocateAddress, &lo, "kernel");
	}
	if (st != EFI_SUCCESS) {
		uefi_free_pool(file);
		return st;
	}
	k->start = k->img.lo + k->load_base;
	k->end = k->img.hi + k->load_base;
	k->entry = k->img.entry + k->load_base;
	elf_load(file, &k->img, (void *)(UINTN)k->start);
	relocs = elf_relocate(file, &k->img, (void *)(UINTN)k->start, k->load_base, &err);
	uefi_free_pool(file);
	if (relocs < 0) {
		diag_format(&err, msg, sizeof(msg));
		con_printf(LOG_ERR, "bootmem2: kernel %s: %s\n", g.cmd.kernel, msg);
		return EFI_LOAD_ERROR;
	}
	k->relocs = (uint32_t)relocs;
	if (k->img.flags & ELF_IMG_RELOCATABLE)
		con_printf(LOG_INFO, "bootmem2: kernel %s: relocatable, %u segments at 0x%llx-0x%llx, "
			   "entry 0x%llx, load base 0x%llx, %u relocations applied\n", g.cmd.kernel,
			   k->img.nr_segs, (ull)k->start, (ull)k->end, (ull)k->entry,
			   (ull)k->load_base, k->relocs);
	else
		con_printf(LOG_INFO, "bootmem2: kernel %s: %u segments at 0x%llx-0x%llx, entry 0x%llx\n",
			   g.cmd.kernel, k->img.nr_segs, (ull)k->start, (ull)k->end, (ull)k->entry);

	k->stack_size = STACK_PAGES * BOOTMEM_PAGE_SIZE;
	return alloc_pages(k->stack_size, AllocateAnyPages, &k->stack, "kernel stack");
}

/* Highest end of usable memory, for the identity map (at least 4 GiB). */
static uint64_t ram_top(const struct memmap *mm)
{
	uint64_t top = 4ULL << 30, a, b;
	uint32_t pos = 0;

	while (topo_usable_next(mm, &pos, &a, &b))
		top = b > top ? b : top;
	return top;
}

/* Step: page tables and the boot_info area, sized by the first map. */
static EFI_STATUS alloc_handoff(struct handoff *h)
{
	struct bi_caps caps;
	struct bi_build_error berr;
	EFI_STATUS st;

	h->top = ram_top(&g.b.mm);
	h->pt_size = pt_bytes(h->top);
	if (!h->pt_size) {
		con_printf(LOG_ERR, "bootmem2: memory up to 0x%llx is beyond a 4-level identity map\n",
			   (ull)h->top);
		return EFI_UNSUPPORTED;
	}
	st = alloc_pages(h->pt_size, AllocateAnyPages, &h->pt, "page tables");
	if (st != EFI_SUCCESS)
		return st;
	h->cr3 = pt_build((void *)(UINTN)h->pt, h->pt, h->top);

	/* Capacities that hold for any layout of the final map, not just this one. */
	boot_bi_caps(&g.b, sizeof(g.cmd.text), &caps);
	if ((g.tables.flags & BOOT_HAVE_SLIT) && !caps.slit_localities)
		con_printf(LOG_INFO, "bootmem2: SLIT with %llu localities is too large for "
			   "boot_info: not handed over\n", (ull)g.tables.slit.localities);
	if (bi_area_layout(&caps, &h->lay, &berr)) {
		con_printf(LOG_ERR, "bootmem2: boot_info layout: %s\n", berr.msg);
		return EFI_LOAD_ERROR;
	}
	st = alloc_pages(h->lay.size, AllocateAnyPages, &h->area, "boot_info");
	if (st != EFI_SUCCESS)
		return st;
	util_bzero((void *)(UINTN)h->area, h->lay.size);
	h->bm = (struct bootmem *)(UINTN)(h->area + h->lay.o_bootmem);
	return EFI_SUCCESS;
}

/*
 * Step: final map -> ExitBootServices. Nothing may touch the firmware (no
 * output, no allocation) in between; a stale key means the map changed
 * under us: get it again into the same buffer and retry.
 * Returns the number of attempts; on failure says why on serial and halts.
 */
static __attribute__((noreturn)) void halt_after_exit(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

static uint32_t exit_boot_services(void)
{
	uint32_t attempts = 0;
	EFI_STATUS st;

	for (;;) {
		attempts++;
		st = uefi_memmap_refill(&g.map);
		if (st != EFI_SUCCESS)
			break;
		/* stalekey (test aid): the first attempt uses an outdated key. */
		st = uefi_call_wrapper(g_bs->ExitBootServices, 2, g_image,
				       g.map.key + ((g.cmd.flags & CMDLINE_OPT_STALE_KEY) && attempts == 1));
		if (st != EFI_INVALID_PARAMETER || attempts == EBS_TRIES)
			break;
	}
	serial_init();
	if (st != EFI_SUCCESS) {
		/* Boot services may be half gone: say it on serial and stop. */
		serial_printf("bootmem2: ExitBootServices failed after %u attempts: %s\n", attempts,
			      efi_status_name(st));
		halt_after_exit();
	}
	g_st = NULL;
	serial_printf("bootmem2: ExitBootServices ok (attempt %u), %llu descriptors in the final map\n",
		      attempts, (ull)(g.map.size / g.map.desc_size));
	return attempts;
}

static void serial_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	serial_vprintf(fmt, ap);
	va_end(ap);
}

static __attribute__((noreturn, format(printf, 1, 2))) void fail_after_exit(const char *fmt, ...)
{
	va_list ap;

	serial_write("bootmem2-loader: FAIL ");
	va_start(ap, fmt);
	serial_vprintf(fmt, ap);
	va_end(ap);
	serial_write("\n");
	halt_after_exit();
}

/*
 * Step (boot services gone: serial only, no allocations): blocks from the
 * final map, in which boot services and loader memory are free; the loader
 * reserves what it hands over itself.
 */
static void build_final(const struct kernel_image *k, const struct handoff *h)
{
	struct report_sink out = { serial_line, NULL };
	struct diag_err err;
	char msg[200];
	int rc;

	if (layout(BOOT_BS_FREE | BOOT_LOADER_FREE, serial_error))
		fail_after_exit("cannot lay out the final memory map");
	boot_reserve(&g.b, k->start, k->end - k->start, MEMMAP_WHAT_KERNEL);
	boot_reserve(&g.b, k->stack, k->stack_size, MEMMAP_WHAT_STACK);
	boot_reserve(&g.b, h->area, h->lay.size, MEMMAP_WHAT_BOOTINFO);
	boot_reserve(&g.b, g.arena, g.arena_size, MEMMAP_WHAT_ARENA);
	boot_reserve(&g.b, h->pt, h->pt_size, MEMMAP_WHAT_PAGETABLES);
	boot_reserve(&g.b, (uint64_t)(UINTN)g.map.buf, g.map.capacity, MEMMAP_WHAT_MEMMAP);
	if (boot_build(&g.b, h->bm, (void *)(UINTN)g.arena, g.arena_size, &err)) {
		diag_format(&err, msg, sizeof(msg));
		fail_after_exit("building the allocator: %s", msg);
	}
	rc = boot_report(&g.b, h->bm, &out, BOOT_REPORT_WARNINGS | BOOT_REPORT_TOPOLOGY |
			 ((g.cmd.flags & CMDLINE_OPT_VERBOSE) ? BOOT_REPORT_VERBOSE : 0));
	if (rc)
		serial_printf("bootmem2: report: %s\n", bootmem_strerror(rc));
	if (g.cmd.flags & CMDLINE_OPT_VERBOSE)
		report_memmap(g.map.buf, g.map.desc_size, g.map.size / g.map.desc_size, &out);
}

/* Step: fill, seal and validate boot_info. */
static void fill_boot_info(const struct kernel_image *k, const struct handoff *h,
			   uint32_t attempts)
{
	struct bi_build_in in;
	struct bi_build_error builderr;
	struct bi_error berr;

	util_bzero(&in, sizeof(in));
	boot_bi_input(&g.b, &in);
	in.area = (void *)(UINTN)h->area;
	in.lay = &h->lay;
	in.bm = h->bm;
	in.arena = g.arena;
	in.arena_size = g.arena_size;
	in.memmap = g.map.buf;
	in.memmap_size = g.map.size;
	in.memmap_desc_size = (uint32_t)g.map.desc_size;
	in.memmap_desc_version = g.map.desc_version;
	in.kernel_lo = k->start;
	in.kernel_hi = k->end;
	in.kernel_entry = k->entry;
	in.kernel_load_base = k->load_base;
	in.kernel_flags = (k->img.flags & ELF_IMG_RELOCATABLE) ? BI_KERNEL_RELOCATED : 0;
	in.kernel_relocs = k->relocs;
	in.stack_start = k->stack;
	in.stack_end = k->stack + k->stack_size;
	in.rsdp = g.rsdp;
	in.cmdline = g.cmd.text;
	in.flags = g.bi_flags;
	in.stats.map_entries = g.map.size / g.map.desc_size;
	in.stats.usable_pages = g.b.mm.usable_pages;
	in.stats.ebs_attempts = attempts;
	in.stats.warnings = g.log.n + g.log.dropped;
	in.stats.arena_bound = g.arena_size;
	if (bi_build(&in, &builderr))
		fail_after_exit("filling boot_info: %s (need %llu, room %llu)", builderr.msg,
				(ull)builderr.need, (ull)builderr.cap);
	if (bi_validate((struct boot_info *)(UINTN)h->area, &berr))
		fail_after_exit("boot_info does not validate: %s (0x%llx)", berr.msg,
				(ull)berr.value);
}

static __attribute__((noreturn)) void jump_to_kernel(uint64_t entry, uint64_t stack_top,
						     uint64_t cr3, uint64_t bi)
{
	__asm__ volatile(
		"cli\n\t"
		"mov %0, %%cr3\n\t"
		"mov %1, %%rsp\n\t"
		"xor %%ebp, %%ebp\n\t"
		"jmp *%2\n\t"
		: : "r"(cr3), "r"(stack_top), "r"(entry), "D"(bi) : "memory");
	__builtin_unreachable();
}

static EFI_STATUS run_boot(void)
{
	struct kernel_image k;
	struct handoff h;
	uint32_t attempts;
	EFI_STATUS st;

	util_bzero(&k, sizeof(k));
	util_bzero(&h, sizeof(h));
	st = load_kernel(&k);
	if (st == EFI_SUCCESS)
		st = first_map();
	if (st == EFI_SUCCESS)
		st = alloc_handoff(&h);
	if (st != EFI_SUCCESS)
		return st;
	con_printf(LOG_INFO, "bootmem2: arena %llu KiB at 0x%llx, boot_info at 0x%llx, identity "
		   "map to 0x%llx; exiting boot services\n", (ull)(g.arena_size >> 10),
		   (ull)g.arena, (ull)h.area, (ull)h.top);

	attempts = exit_boot_services();
	build_final(&k, &h);
	fill_boot_info(&k, &h, attempts);
	serial_printf("bootmem2: jumping to the kernel at 0x%llx, boot_info 0x%llx\n",
		      (ull)k.entry, (ull)h.area);
	jump_to_kernel(k.entry, k.stack + k.stack_size, h.cr3, h.area);
}

/* ---- entry ------------------------------------------------------------------- */

/* Step: LoadOptions -> g.cmd; prints the error and the usage. */
static EFI_STATUS parse_command_line(void)
{
	EFI_LOADED_IMAGE *li = NULL;
	EFI_GUID lip = LOADED_IMAGE_PROTOCOL;
	struct diag_err err;

	uefi_call_wrapper(g_bs->HandleProtocol, 3, g_image, &lip, (void **)&li);
	if (cmdline_parse(li ? li->LoadOptions : NULL, li ? li->LoadOptionsSize : 0, &g.cmd, &err)) {
		print_diag("", &err);
		usage();
		return EFI_INVALID_PARAMETER;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS run(void)
{
	EFI_STATUS st = parse_command_line();
	uint64_t free_pages;

	if (st != EFI_SUCCESS)
		return st;
	if (g.cmd.mode == CMDLINE_MODE_HELP) {
		usage();
		return EFI_SUCCESS;
	}
	g_log_level = (g.cmd.flags & CMDLINE_OPT_QUIET) ? LOG_ERR :
		      (g.cmd.flags & CMDLINE_OPT_VERBOSE) ? LOG_VERBOSE : LOG_INFO;
	con_printf(LOG_INFO, "bootmem2: loader, mode %s%s%s\n",
		   g.cmd.mode == CMDLINE_MODE_BOOT ? "boot" : "report",
		   (g.cmd.flags & CMDLINE_OPT_DUMP) ? " + dump" : "",
		   (g.cmd.flags & CMDLINE_OPT_BINARY) ? " (binary load options ignored)" : "");
	/* Report mode frees all it takes: this count is the same on the next run. */
	if (g.cmd.mode == CMDLINE_MODE_REPORT && uefi_conventional_pages(&free_pages) == EFI_SUCCESS)
		con_printf(LOG_INFO, "bootmem2: firmware free_pages=%llu\n", (ull)free_pages);
	st = load_tables();
	if (st != EFI_SUCCESS)
		return st;
	return g.cmd.mode == CMDLINE_MODE_BOOT ? run_boot() : run_report();
}

/* gnu-efi's crt0 calls this with the SysV ABI: not EFIAPI. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_STATUS rc;

	InitializeLib(image, st);
	g_image = image;
	g_st = st;
	g_bs = st->BootServices;
	util_bzero(&g, sizeof(g));
	diag_log_init(&g.log);
	rc = run();
	/*
	 * Back to the shell (report mode, or an error before ExitBootServices).
	 * A failure ends with the verdict line run-qemu.sh waits for, as the
	 * kernel's "bootmem2-kernel: FAIL" and fail_after_exit() do.
	 */
	if (rc != EFI_SUCCESS)
		con_printf(LOG_ERR, "bootmem2-loader: FAIL %s\n",
			   con_last_error()[0] ? con_last_error() : efi_status_name(rc));
	uefi_free_all();
	return rc;
}

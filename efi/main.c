// SPDX-License-Identifier: MIT
/*
 * main.c - bootmem2.efi: firmware memory map + ACPI SRAT/SLIT -> blocks ->
 * bootmem2, then either a report (from the EFI shell) or the handoff to the
 * kernel (boot). Only this file and uefi_*.c talk to firmware; the logic is
 * in the pure modules (memmap, acpi, topology, report, elf, bootinfo_build,
 * bootinfo_check, pagetable), which the host tests and bootmem2-sim run as they are.
 *
 * Order in boot mode (DESIGN.md section 1):
 *   command line -> ACPI -> kernel ELF loaded at its addresses -> stack,
 *   page tables, arena, boot_info area and map buffer allocated -> final
 *   GetMemoryMap -> ExitBootServices (retry on a stale key, no output in
 *   between) -> blocks from the final map -> report on serial -> jump.
 */
#include "uefi.h"

#include "acpi.h"
#include "bootinfo.h"
#include "bootinfo_build.h"
#include "bootinfo_check.h"
#include "bootmem2.h"
#include "cmdline.h"
#include "diag.h"
#include "elf.h"
#include "fmt.h"
#include "memmap.h"
#include "pagetable.h"
#include "report_topo.h"
#include "topology.h"

#define LOADER_NAME        "bootmem2"
#define MAP_SLACK_DESCS    64      /* map buffer room for descriptors added later */
#define STACK_PAGES        16      /* 64 KiB kernel stack */
#define EBS_TRIES          8
#define PAGE               4096ULL

typedef unsigned long long ull;

static struct efi_cmdline g_cmd;
static struct diag_log g_log;
static struct acpi_numa g_numa;
static struct topo g_topo;
static struct acpi_slit_info g_slit;
static int g_have_numa, g_have_slit;
static uint32_t g_bi_flags;
static uint64_t g_rsdp;

/* Raw table copies for `dump` and the SLIT copy for boot_info. */
static const void *g_srat_data, *g_slit_data;
static uint32_t g_srat_len, g_slit_len;

/* ---- small helpers --------------------------------------------------------- */

static uint64_t pages_of(uint64_t bytes)
{
	return (bytes + PAGE - 1) / PAGE;
}

static EFI_STATUS alloc_pages(uint64_t bytes, EFI_ALLOCATE_TYPE type, uint64_t *addr,
			      const char *what)
{
	EFI_PHYSICAL_ADDRESS a = *addr;
	EFI_STATUS st = uefi_call_wrapper(g_bs->AllocatePages, 4, type, EfiLoaderData,
					  pages_of(bytes), &a);

	if (st != EFI_SUCCESS) {
		if (type == AllocateAddress)
			con_printf(LOG_ERR, "bootmem2: AllocatePages(%s, 0x%llx-0x%llx): %s "
				   "(the range is taken by firmware)\n", what, (ull)*addr,
				   (ull)(*addr + pages_of(bytes) * PAGE), efi_status_name(st));
		else
			con_printf(LOG_ERR, "bootmem2: AllocatePages(%s, %llu pages): %s\n", what,
				   (ull)pages_of(bytes), efi_status_name(st));
		return st;
	}
	*addr = a;
	return EFI_SUCCESS;
}

static void free_pages(uint64_t addr, uint64_t bytes)
{
	if (addr)
		uefi_call_wrapper(g_bs->FreePages, 2, addr, pages_of(bytes));
}

static void print_diag(const char *prefix, const struct diag_err *err)
{
	char msg[200];

	diag_format(err, msg, sizeof(msg));
	con_printf(LOG_ERR, "bootmem2: %s%s\n", prefix, msg);
}

static void usage(void)
{
	for (int i = 0; efi_cmdline_usage[i]; i++)
		con_printf(LOG_ERR, "%s\n", efi_cmdline_usage[i]);
}

/* Warnings: shown unless `quiet`. */
static void warn_line(void *ctx, const char *line)
{
	(void)ctx;
	con_printf(LOG_INFO, "%s\n", line);
}

/* ---- ACPI ------------------------------------------------------------------- */

static const void *identity_map(void *ctx, uint64_t addr, uint64_t len)
{
	(void)ctx;
	(void)len;
	return (const void *)(UINTN)addr;
}

/*
 * Find and parse the SRAT (firmware's, or the srat= file) and the SLIT.
 * Problems are printed and lead to a single node 0, never to a failure.
 */
static void load_topology_tables(void)
{
	struct acpi_phys phys = { identity_map, NULL };
	struct acpi_tables tabs;
	struct diag_err err;
	int v2;

	g_rsdp = uefi_find_rsdp(&v2);
	if (!g_rsdp) {
		con_printf(LOG_INFO, "bootmem2: no ACPI RSDP in the configuration table: one node\n");
	} else if (acpi_find_tables(&phys, g_rsdp, &tabs, &g_log, &err)) {
		print_diag("ACPI: ", &err);
		con_printf(LOG_INFO, "bootmem2: ACPI tables unusable: one node\n");
	} else {
		con_printf(LOG_VERBOSE, "bootmem2: RSDP 0x%llx rev %u, %s at 0x%llx, %u entries\n",
			   (ull)g_rsdp, tabs.rsdp_revision, tabs.root_is_xsdt ? "XSDT" : "RSDT",
			   (ull)tabs.root_phys, tabs.nr_entries);
		if (tabs.srat.data) {
			g_srat_data = tabs.srat.data;
			g_srat_len = tabs.srat.length;
		}
		if (tabs.slit.data) {
			g_slit_data = tabs.slit.data;
			g_slit_len = tabs.slit.length;
		}
	}

	if (g_cmd.srat[0]) {
		void *buf;
		UINTN size;
		EFI_STATUS st = uefi_read_file(g_cmd.srat, &buf, &size);

		if (st != EFI_SUCCESS) {
			con_printf(LOG_ERR, "bootmem2: srat=%s: cannot read: %s; no SRAT: one node\n",
				   g_cmd.srat, efi_status_name(st));
			g_srat_data = NULL;
		} else {
			con_printf(LOG_INFO, "bootmem2: using SRAT from %s (%llu bytes) instead of "
				   "the firmware's\n", g_cmd.srat, (ull)size);
			g_srat_data = buf;
			g_srat_len = (uint32_t)size;
			g_bi_flags |= BI_FLAG_SRAT_FILE;
		}
	}

	if (g_srat_data) {
		uint32_t cap = acpi_srat_mem_capacity(g_srat_len);
		struct acpi_numa_mem *mem = NULL;

		if (uefi_call_wrapper(g_bs->AllocatePool, 3, EfiLoaderData,
				      sizeof(*mem) * cap, (void **)&mem) != EFI_SUCCESS) {
			con_printf(LOG_ERR, "bootmem2: out of memory for %u SRAT ranges: one node\n", cap);
		} else {
			acpi_numa_init(&g_numa, mem, cap);
			if (acpi_srat_parse(&g_numa, g_srat_data, g_srat_len, &err)) {
				print_diag(g_cmd.srat[0] ? "srat file: " : "", &err);
				con_printf(LOG_ERR, "bootmem2: SRAT rejected: NUMA off, one node\n");
				diag_warn_err(&g_log, &err);
				g_bi_flags |= BI_FLAG_NUMA_OFF;
			} else {
				g_have_numa = 1;
				g_bi_flags |= BI_FLAG_SRAT;
			}
		}
	} else {
		con_printf(LOG_VERBOSE, "bootmem2: no SRAT: one node\n");
	}

	if (g_slit_data && g_have_numa) {
		if (acpi_slit_parse(&g_slit, g_slit_data, g_slit_len, &err) ||
		    acpi_slit_validate(&g_slit, &err)) {
			print_diag("SLIT ignored: ", &err);
			diag_warn_err(&g_log, &err);
		} else {
			g_have_slit = 1;
		}
	}
}

/* ---- dump ------------------------------------------------------------------- */

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
	void *buf = NULL;

	if (size && uefi_call_wrapper(g_bs->AllocatePool, 3, EfiLoaderData, size, &buf) == EFI_SUCCESS) {
		if (memmap_dump_write(buf, size, m->buf, (uint32_t)m->desc_size, m->desc_version, count))
			write_dump("memmap.bin", buf, size);
		uefi_call_wrapper(g_bs->FreePool, 1, buf);
	}
	if (g_srat_data)
		write_dump("srat.bin", g_srat_data, g_srat_len);
	if (g_slit_data)
		write_dump("slit.bin", g_slit_data, g_slit_len);
}

/* ---- building the allocator -------------------------------------------------- */

/* Storage sized once from the first map, so the final build allocates nothing. */
struct build_store {
	struct memmap_entry *entries;
	uint32_t entries_cap;
	struct topo_block *blocks;
	uint32_t block_cap;
	struct topo_resv *resv;
	uint32_t resv_cap;
};

static EFI_STATUS alloc_store(struct build_store *s, const struct uefi_memmap *m)
{
	struct memmap bound;
	uint32_t max_descs = (uint32_t)(m->capacity / m->desc_size);
	EFI_STATUS st;

	s->entries_cap = memmap_capacity(max_descs);
	bound.n = s->entries_cap;
	s->block_cap = topo_block_capacity(&bound, g_have_numa ? &g_numa : NULL);
	s->resv_cap = topo_resv_capacity(&bound);
	st = uefi_call_wrapper(g_bs->AllocatePool, 3, EfiLoaderData,
			       sizeof(struct memmap_entry) * s->entries_cap, (void **)&s->entries);
	if (st == EFI_SUCCESS)
		st = uefi_call_wrapper(g_bs->AllocatePool, 3, EfiLoaderData,
				       sizeof(struct topo_block) * s->block_cap, (void **)&s->blocks);
	if (st == EFI_SUCCESS)
		st = uefi_call_wrapper(g_bs->AllocatePool, 3, EfiLoaderData,
				       sizeof(struct topo_resv) * s->resv_cap, (void **)&s->resv);
	if (st != EFI_SUCCESS)
		con_printf(LOG_ERR, "bootmem2: AllocatePool(build storage): %s\n", efi_status_name(st));
	return st;
}

/* Normalise @m and lay out blocks; no allocator calls. Returns 0 or -1. */
static int layout(struct memmap *mm, const struct build_store *s, const struct uefi_memmap *m,
		  unsigned flags, int quiet_errors)
{
	struct diag_err err;
	uint32_t count = (uint32_t)(m->size / m->desc_size);

	memmap_init(mm, s->entries, s->entries_cap);
	if (memmap_normalise(mm, m->buf, m->size, m->desc_size, count, flags, &g_log, &err)) {
		if (!quiet_errors)
			print_diag("memory map: ", &err);
		return -1;
	}
	topo_init(&g_topo, s->blocks, s->block_cap, s->resv, s->resv_cap, &g_log);
	if (topo_layout(&g_topo, mm, g_have_numa ? &g_numa : NULL, &err)) {
		if (!quiet_errors)
			print_diag("topology: ", &err);
		return -1;
	}
	if (g_have_slit)
		topo_use_slit(&g_topo, &g_slit);
	return 0;
}

/* Upper bound of the arena for any layout of maps like @m (BS memory free). */
static uint64_t arena_bound(const struct memmap *mm_bs_free, const struct build_store *s)
{
	uint64_t pages = 0, a, b;
	uint32_t pos = 0;

	while (topo_usable_next(mm_bs_free, &pos, &a, &b))
		pages += (b - a) / PAGE;
	return bootmem_arena_bytes(s->block_cap, pages);
}

/*
 * First map: dump it if asked, size the build storage from it and lay it out
 * with boot-services memory counted as free (the largest the final map can
 * be). @mm then serves arena and identity-map sizing.
 */
static EFI_STATUS first_map(struct uefi_memmap *m, struct build_store *s, struct memmap *mm)
{
	EFI_STATUS st = uefi_memmap_get(m, MAP_SLACK_DESCS);

	if (st != EFI_SUCCESS) {
		con_printf(LOG_ERR, "bootmem2: GetMemoryMap: %s\n", efi_status_name(st));
		return st;
	}
	if (g_cmd.flags & EFI_OPT_DUMP)
		dump_tables(m);
	st = alloc_store(s, m);
	if (st != EFI_SUCCESS)
		return st;
	if (layout(mm, s, m, MEMMAP_BS_FREE, 0))
		return EFI_LOAD_ERROR;
	return EFI_SUCCESS;
}

/* ---- report mode ------------------------------------------------------------- */

static EFI_STATUS run_report(void)
{
	struct uefi_memmap m;
	struct build_store s;
	struct memmap mm;
	struct report_sink out = { con_line, NULL }, warn = { warn_line, NULL };
	struct diag_err err;
	struct bootmem bm;
	char image_path[160];
	uint64_t image_base, image_size, arena = 0, arena_size;
	EFI_STATUS st;
	int rc;

	st = first_map(&m, &s, &mm);
	if (st != EFI_SUCCESS)
		return st;
	arena_size = arena_bound(&mm, &s);
	st = alloc_pages(arena_size, AllocateAnyPages, &arena, "arena");
	if (st != EFI_SUCCESS)
		return st;

	/* The map as it is now: boot services and loader memory are in use. */
	st = uefi_memmap_refill(&m);
	if (st != EFI_SUCCESS) {
		con_printf(LOG_ERR, "bootmem2: GetMemoryMap: %s\n", efi_status_name(st));
		free_pages(arena, arena_size);
		return st;
	}
	if (layout(&mm, &s, &m, 0, 0)) {
		free_pages(arena, arena_size);
		return EFI_LOAD_ERROR;
	}
	uefi_image_info(image_path, sizeof(image_path), &image_base, &image_size);
	if (image_size)
		topo_reserve(&g_topo, image_base, image_size, MEMMAP_WHAT_LOADER);
	topo_reserve(&g_topo, arena, arena_size, MEMMAP_WHAT_ARENA);
	rc = bootmem_init(&bm, (void *)(UINTN)arena, arena_size);
	if (rc == 0 && topo_build(&g_topo, &bm, &err)) {
		print_diag("building the allocator: ", &err);
		free_pages(arena, arena_size);
		return EFI_LOAD_ERROR;
	}
	if (rc) {
		con_printf(LOG_ERR, "bootmem2: bootmem_init: %s\n", bootmem_strerror(rc));
		free_pages(arena, arena_size);
		return EFI_LOAD_ERROR;
	}

	rc = report_topo(&g_topo, &bm, &out);
	if (rc)
		con_printf(LOG_ERR, "bootmem2: report: %s\n", bootmem_strerror(rc));
	if (g_cmd.flags & EFI_OPT_VERBOSE)
		report_verbose(&g_topo, NULL, &out);
	report_warnings(&g_log, &warn);

	/* One test page per node with memory, through the allocator. */
	for (uint32_t n = 0; n < g_topo.nr_nodes && rc == 0; n++) {
		uint32_t nid = g_topo.node[n].nid;
		phys_addr_t a;
		int arc;

		if (!g_topo.node[n].nr_blocks)
			continue;
		arc = alloc_bootmem_node(&bm, (int)nid, PAGE, PAGE, 0, 0, &a);
		if (arc) {
			con_printf(LOG_ERR, "bootmem2: test: alloc_bootmem_node(node %u): %s\n", nid,
				   bootmem_strerror(arc));
			rc = arc;
			break;
		}
		arc = free_bootmem_node(&bm, (int)nid, a, PAGE);
		con_printf(LOG_INFO, "bootmem2: test: node %u page 0x%llx allocated and freed: %s\n",
			   nid, (ull)a, arc ? bootmem_strerror(arc) : "ok");
		rc = arc;
	}
	if (rc == 0)
		rc = bootmem_check(&bm);
	con_printf(LOG_INFO, "bootmem2: report %s\n", rc ? "FAILED" : "done");
	free_pages(arena, arena_size);
	return rc ? EFI_LOAD_ERROR : EFI_SUCCESS;
}

/* ---- boot mode --------------------------------------------------------------- */

/* Everything the kernel gets, in one loader allocation (what=bootinfo). */
struct bi_area {
	uint64_t base;
	struct bi_layout lay;
	struct bootmem *bm;
};

/* The SLIT goes into boot_info only if it fits the format (bi_validate). */
static int slit_for_boot_info(void)
{
	return g_have_slit && g_slit.localities <= BI_SLIT_MAX_LOCALITIES;
}

static EFI_STATUS alloc_bi_area(struct bi_area *a, const struct build_store *s)
{
	struct bi_caps caps;
	struct bi_build_error berr;
	EFI_STATUS st;

	/* Bounds that hold for any layout of the final map, not just this one. */
	caps.nodes = g_have_numa && g_numa.nr_nodes > 1 ? g_numa.nr_nodes : 1;
	caps.ranges = s->block_cap + (g_have_numa ? g_numa.nr_mem : 0);
	caps.reserved = s->resv_cap;
	caps.slit_localities = slit_for_boot_info() ? (uint32_t)g_slit.localities : 0;
	caps.cmdline = sizeof(g_cmd.text);
	if (g_have_slit && !slit_for_boot_info())
		con_printf(LOG_INFO, "bootmem2: SLIT with %llu localities is too large for "
			   "boot_info: not handed over\n", (ull)g_slit.localities);
	if (bi_area_layout(&caps, &a->lay, &berr)) {
		con_printf(LOG_ERR, "bootmem2: boot_info layout: %s\n", berr.msg);
		return EFI_LOAD_ERROR;
	}
	a->base = 0;
	st = alloc_pages(a->lay.size, AllocateAnyPages, &a->base, "boot_info");
	if (st != EFI_SUCCESS)
		return st;
	unsigned char *p = (unsigned char *)(UINTN)a->base;

	for (uint64_t i = 0; i < a->lay.size; i++)
		p[i] = 0;
	a->bm = (struct bootmem *)(p + a->lay.o_bootmem);
	return EFI_SUCCESS;
}

struct kernel_image {
	struct efi_elf_image img;
	uint64_t stack, stack_size;
};

static EFI_STATUS load_kernel(struct kernel_image *k)
{
	struct efi_elf_error err;
	void *file;
	UINTN size;
	EFI_STATUS st;
	uint64_t lo;

	st = uefi_read_file(g_cmd.kernel, &file, &size);
	if (st != EFI_SUCCESS) {
		con_printf(LOG_ERR, "bootmem2: kernel %s: cannot read: %s\n", g_cmd.kernel,
			   efi_status_name(st));
		return st;
	}
	if (efi_elf_parse(file, size, &k->img, &err)) {
		if (err.seg >= 0)
			con_printf(LOG_ERR, "bootmem2: kernel %s: %s (program header %d, %s=0x%llx)\n",
				   g_cmd.kernel, err.msg, err.seg, err.field, (ull)err.value);
		else
			con_printf(LOG_ERR, "bootmem2: kernel %s: %s (%s=0x%llx)\n", g_cmd.kernel,
				   err.msg, err.field, (ull)err.value);
		uefi_call_wrapper(g_bs->FreePool, 1, file);
		return EFI_LOAD_ERROR;
	}
	lo = k->img.lo;
	st = alloc_pages(k->img.hi - k->img.lo, AllocateAddress, &lo, "kernel");
	if (st != EFI_SUCCESS) {
		uefi_call_wrapper(g_bs->FreePool, 1, file);
		return st;
	}
	efi_elf_load(file, &k->img, (void *)(UINTN)k->img.lo);
	uefi_call_wrapper(g_bs->FreePool, 1, file);
	con_printf(LOG_INFO, "bootmem2: kernel %s: %u segments at 0x%llx-0x%llx, entry 0x%llx\n",
		   g_cmd.kernel, k->img.nr_segs, (ull)k->img.lo, (ull)k->img.hi, (ull)k->img.entry);

	k->stack = 0;
	k->stack_size = STACK_PAGES * PAGE;
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

static void serial_line(void *ctx, const char *line)
{
	(void)ctx;
	serial_printf("%s\n", line);
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

static __attribute__((noreturn)) void halt_after_exit(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

static EFI_STATUS run_boot(void)
{
	struct kernel_image k;
	struct uefi_memmap m;
	struct build_store s;
	struct memmap mm;
	struct bi_area a;
	struct report_sink out = { serial_line, NULL };
	struct diag_err err;
	struct bi_error berr;
	struct bi_build_error builderr;
	struct bi_build_in in;
	uint64_t arena = 0, arena_size, pt = 0, pt_size, cr3, top;
	uint32_t attempts = 0;
	EFI_STATUS st;
	int rc;

	st = load_kernel(&k);
	if (st != EFI_SUCCESS)
		return st;

	/* A first map sizes everything; its buffer becomes the final map's. */
	st = first_map(&m, &s, &mm);
	if (st != EFI_SUCCESS)
		return st;
	arena_size = arena_bound(&mm, &s);
	top = ram_top(&mm);
	pt_size = pt_bytes(top);
	if (!pt_size) {
		con_printf(LOG_ERR, "bootmem2: memory up to 0x%llx is beyond a 4-level identity map\n",
			   (ull)top);
		return EFI_UNSUPPORTED;
	}
	st = alloc_pages(arena_size, AllocateAnyPages, &arena, "arena");
	if (st == EFI_SUCCESS)
		st = alloc_pages(pt_size, AllocateAnyPages, &pt, "page tables");
	if (st == EFI_SUCCESS)
		st = alloc_bi_area(&a, &s);
	if (st != EFI_SUCCESS)
		return st;
	cr3 = pt_build((void *)(UINTN)pt, pt, top);
	con_printf(LOG_INFO, "bootmem2: arena %llu KiB at 0x%llx, boot_info at 0x%llx, identity "
		   "map to 0x%llx; exiting boot services\n", (ull)(arena_size >> 10), (ull)arena,
		   (ull)a.base, (ull)top);

	/*
	 * Final map -> ExitBootServices. Nothing may touch the firmware (no
	 * output, no allocation) in between; a stale key means the map changed
	 * under us: get it again into the same buffer and retry.
	 */
	for (;;) {
		attempts++;
		st = uefi_memmap_refill(&m);
		if (st != EFI_SUCCESS)
			break;
		/* stalekey (test aid): the first attempt uses an outdated key. */
		st = uefi_call_wrapper(g_bs->ExitBootServices, 2, g_image,
				       m.key + ((g_cmd.flags & EFI_OPT_STALE_KEY) && attempts == 1));
		if (st != EFI_INVALID_PARAMETER || attempts == EBS_TRIES)
			break;
	}
	if (st != EFI_SUCCESS) {
		/* Boot services may be half gone: say it on serial and stop. */
		serial_init();
		serial_printf("bootmem2: ExitBootServices failed after %u attempts: %s\n", attempts,
			      efi_status_name(st));
		halt_after_exit();
	}

	/* ---- boot services are gone: serial only, no allocations ---- */
	serial_init();
	g_st = NULL;
	serial_printf("bootmem2: ExitBootServices ok (attempt %u), %llu descriptors in the final map\n",
		      attempts, (ull)(m.size / m.desc_size));
	/* The loader reserves what lives on itself (kernel, stack, boot_info,
	 * arena, page tables, map); the rest of its memory is free now. */
	if (layout(&mm, &s, &m, MEMMAP_BS_FREE | MEMMAP_LOADER_FREE, 1)) {
		serial_printf("bootmem2-loader: FAIL cannot lay out the final memory map\n");
		halt_after_exit();
	}
	topo_reserve(&g_topo, k.img.lo, k.img.hi - k.img.lo, MEMMAP_WHAT_KERNEL);
	topo_reserve(&g_topo, k.stack, k.stack_size, MEMMAP_WHAT_STACK);
	topo_reserve(&g_topo, a.base, a.lay.size, MEMMAP_WHAT_BOOTINFO);
	topo_reserve(&g_topo, arena, arena_size, MEMMAP_WHAT_ARENA);
	topo_reserve(&g_topo, pt, pt_size, MEMMAP_WHAT_PAGETABLES);
	topo_reserve(&g_topo, (uint64_t)(UINTN)m.buf, m.capacity, MEMMAP_WHAT_MEMMAP);
	rc = bootmem_init(a.bm, (void *)(UINTN)arena, arena_size);
	if (rc || topo_build(&g_topo, a.bm, &err)) {
		char msg[200];

		if (rc)
			fmt_snprintf(msg, sizeof(msg), "bootmem_init: %s", bootmem_strerror(rc));
		else
			diag_format(&err, msg, sizeof(msg));
		serial_printf("bootmem2-loader: FAIL building the allocator: %s\n", msg);
		halt_after_exit();
	}
	rc = report_topo(&g_topo, a.bm, &out);
	if (rc)
		serial_printf("bootmem2: report: %s\n", bootmem_strerror(rc));
	report_warnings(&g_log, &out);

	/* boot_info */
	struct boot_info *bi = (struct boot_info *)(UINTN)a.base;

	in.topo = &g_topo;
	in.numa = g_have_numa ? &g_numa : NULL;
	in.slit = slit_for_boot_info() ? &g_slit : NULL;
	in.area = bi;
	in.lay = &a.lay;
	in.bm = a.bm;
	in.arena = arena;
	in.arena_size = arena_size;
	in.memmap = m.buf;
	in.memmap_size = m.size;
	in.memmap_desc_size = (uint32_t)m.desc_size;
	in.memmap_desc_version = m.desc_version;
	in.kernel_lo = k.img.lo;
	in.kernel_hi = k.img.hi;
	in.kernel_entry = k.img.entry;
	in.stack_start = k.stack;
	in.stack_end = k.stack + k.stack_size;
	in.rsdp = g_rsdp;
	in.cmdline = g_cmd.text;
	in.flags = g_bi_flags;
	in.stats.map_entries = m.size / m.desc_size;
	in.stats.usable_pages = mm.usable_pages;
	in.stats.ebs_attempts = attempts;
	in.stats.warnings = g_log.n + g_log.dropped;
	in.stats.arena_bound = arena_size;
	if (bi_build(&in, &builderr)) {
		serial_printf("bootmem2-loader: FAIL filling boot_info: %s (need %llu, room %llu)\n",
			      builderr.msg, (ull)builderr.need, (ull)builderr.cap);
		halt_after_exit();
	}
	if (bi_validate(bi, &berr)) {
		serial_printf("bootmem2-loader: FAIL boot_info does not validate: %s (0x%llx)\n",
			      berr.msg, (ull)berr.value);
		halt_after_exit();
	}
	serial_printf("bootmem2: jumping to the kernel at 0x%llx, boot_info 0x%llx\n",
		      (ull)k.img.entry, (ull)a.base);
	jump_to_kernel(k.img.entry, k.stack + k.stack_size, cr3, a.base);
}

/* ---- entry ------------------------------------------------------------------- */

/* gnu-efi's crt0 calls this with the SysV ABI: not EFIAPI. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_LOADED_IMAGE *li = NULL;
	EFI_GUID lip = LOADED_IMAGE_PROTOCOL;

	InitializeLib(image, st);
	g_image = image;
	g_st = st;
	g_bs = st->BootServices;
	diag_log_init(&g_log);

	uefi_call_wrapper(g_bs->HandleProtocol, 3, image, &lip, (void **)&li);
	if (efi_cmdline_parse(li ? li->LoadOptions : NULL, li ? li->LoadOptionsSize : 0, &g_cmd)) {
		con_printf(LOG_ERR, "bootmem2: %s '%s' at position %llu of the command line\n",
			   g_cmd.error, g_cmd.error_token, (ull)g_cmd.error_pos);
		usage();
		return EFI_INVALID_PARAMETER;
	}
	if (g_cmd.mode == EFI_MODE_HELP) {
		usage();
		return EFI_SUCCESS;
	}
	g_log_level = (g_cmd.flags & EFI_OPT_QUIET) ? LOG_ERR :
		      (g_cmd.flags & EFI_OPT_VERBOSE) ? LOG_VERBOSE : LOG_INFO;
	con_printf(LOG_INFO, "bootmem2: loader, mode %s%s%s\n",
		   g_cmd.mode == EFI_MODE_BOOT ? "boot" : "report",
		   (g_cmd.flags & EFI_OPT_DUMP) ? " + dump" : "",
		   (g_cmd.flags & EFI_OPT_BINARY) ? " (binary load options ignored)" : "");

	load_topology_tables();
	return g_cmd.mode == EFI_MODE_BOOT ? run_boot() : run_report();
}

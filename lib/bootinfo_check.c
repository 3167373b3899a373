// SPDX-License-Identifier: MIT
/* bootinfo_check.c - seal and validate the handoff; see bootinfo_check.h. */
#include "bootinfo_check.h"

#include <stdbool.h>

uint32_t bi_crc32(uint32_t crc, const void *p, size_t n)
{
	const unsigned char *b = p;

	crc = ~crc;
	while (n--) {
		crc ^= *b++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

uint32_t bi_checksum(const struct boot_info *bi)
{
	const unsigned char *p = (const unsigned char *)bi;
	size_t off = offsetof(struct boot_info, checksum);
	static const unsigned char zero[4];
	uint32_t crc;

	crc = bi_crc32(0, p, off);
	crc = bi_crc32(crc, zero, sizeof(zero));
	return bi_crc32(crc, p + off + 4, bi->size - off - 4);
}

void bi_seal(struct boot_info *bi)
{
	bi->magic = BI_MAGIC;
	bi->version = BI_VERSION;
	bi->size = sizeof(*bi);
	bi->checksum = bi_checksum(bi);
}

static int fail(struct bi_error *err, const char *msg, uint64_t value)
{
	err->msg = msg;
	err->value = value;
	return -1;
}

int bi_validate_header(const struct boot_info *bi, struct bi_error *err)
{
	if (!bi)
		return fail(err, "boot_info pointer is NULL", 0);
	if (bi->magic != BI_MAGIC)
		return fail(err, "bad boot_info magic", bi->magic);
	if (bi->version < BI_VERSION_MIN)
		return fail(err, "unsupported boot_info version", bi->version);
	if (bi->size < sizeof(*bi) || bi->size > 65536)
		return fail(err, "bad boot_info size", bi->size);
	if (bi_checksum(bi) != bi->checksum)
		return fail(err, "bad boot_info checksum", bi->checksum);
	return 0;
}

int bi_region_reserved(const struct bootmem *bm, uint64_t addr, uint64_t len)
{
	uint64_t p, end;

	if (!len || addr > UINT64_MAX - len)
		return 0;
	end = addr + len;
	for (p = addr & ~(BOOTMEM_PAGE_SIZE - 1); p < end; p += BOOTMEM_PAGE_SIZE)
		if (bootmem_page_is_free(bm, p) != 0)
			return 0;
	return 1;
}

/* Is [addr, addr+len) inside one of the loader's reserved list entries named @what? */
static bool in_reserved_list(const struct boot_info *bi, uint64_t addr, uint64_t len,
			     const char *what)
{
	const struct bi_reserved *r = (const struct bi_reserved *)(uintptr_t)bi->reserved;

	for (uint32_t i = 0; i < bi->nr_reserved; i++) {
		size_t k = 0;

		while (k < BI_WHAT_LEN && what[k] && r[i].what[k] == what[k])
			k++;
		if (what[k] || (k < BI_WHAT_LEN && r[i].what[k]))
			continue;
		if (addr >= r[i].start && len <= r[i].end - addr && addr < r[i].end)
			return true;
	}
	return false;
}

int bi_validate(const struct boot_info *bi, struct bi_error *err)
{
	const struct bootmem *bm;
	uint64_t n;

	if (bi_validate_header(bi, err))
		return -1;
	if (bi->nr_reserved == 0 || bi->nr_reserved > 4096 || !bi->reserved ||
	    (bi->reserved & 7))
		return fail(err, "bad reserved list", bi->nr_reserved);
	/* The reserved list itself must sit in the bootinfo area it describes. */
	n = (uint64_t)bi->nr_reserved * sizeof(struct bi_reserved);
	if (!in_reserved_list(bi, bi->reserved, n, "bootinfo"))
		return fail(err, "reserved list outside the bootinfo range", bi->reserved);
	if (!bi->bootmem || (bi->bootmem & 7) ||
	    !in_reserved_list(bi, bi->bootmem, sizeof(struct bootmem), "bootinfo"))
		return fail(err, "bootmem state outside the bootinfo range", bi->bootmem);
	if (!in_reserved_list(bi, bi->arena, bi->arena_size, "arena"))
		return fail(err, "arena outside the arena range", bi->arena);
	bm = (const struct bootmem *)(uintptr_t)bi->bootmem;
	if (bootmem_check(bm))
		return fail(err, "bootmem_check failed on the handed state", (uint64_t)bootmem_check(bm));

	/* From here every region is checked against the allocator itself. */
	if (!bi_region_reserved(bm, (uint64_t)(uintptr_t)bi, bi->size))
		return fail(err, "boot_info not in reserved memory", (uint64_t)(uintptr_t)bi);
	if (!bi_region_reserved(bm, bi->arena, bi->arena_size))
		return fail(err, "arena not in reserved memory", bi->arena);
	/*
	 * The reserved list is what the kernel trusts when it takes pages over
	 * (nothing it releases may overlap an entry), and it vouches for the
	 * bootmem state and for itself: each entry must be reserved for real.
	 */
	const struct bi_reserved *resv = (const struct bi_reserved *)(uintptr_t)bi->reserved;
	for (uint32_t i = 0; i < bi->nr_reserved; i++)
		if (resv[i].start >= resv[i].end ||
		    !bi_region_reserved(bm, resv[i].start, resv[i].end - resv[i].start))
			return fail(err, "reserved range not reserved in the allocator", resv[i].start);
	/*
	 * Page 0 is managed and reserved on most machines (what=page0), so a
	 * NULL pointer would pass the region checks: refuse it by name.
	 */
	if (!bi->memmap || bi->memmap_desc_size < 40 || bi->memmap_size % bi->memmap_desc_size ||
	    !bi_region_reserved(bm, bi->memmap, bi->memmap_size))
		return fail(err, "bad final memory map", bi->memmap);
	if (bi->nr_nodes == 0 || bi->nr_nodes > BOOTMEM_MAX_NODES || !bi->nodes ||
	    !bi_region_reserved(bm, bi->nodes, (uint64_t)bi->nr_nodes * sizeof(struct bi_node)))
		return fail(err, "bad node table", bi->nr_nodes);
	const struct bi_node *nodes = (const struct bi_node *)(uintptr_t)bi->nodes;
	for (uint32_t i = 0; i < bi->nr_nodes; i++) {
		if (nodes[i].nid != i)
			return fail(err, "node table not in nid order", nodes[i].nid);
		if (nodes[i].nr_ranges > 65536 ||
		    (nodes[i].nr_ranges && (!nodes[i].ranges || !bi_region_reserved(bm, nodes[i].ranges,
				(uint64_t)nodes[i].nr_ranges * sizeof(struct bi_range)))))
			return fail(err, "bad node range list", i);
	}
	if (bi->slit_localities) {
		uint64_t nn = (uint64_t)bi->slit_localities * bi->slit_localities;
		const uint8_t *d = (const uint8_t *)(uintptr_t)bi->slit;

		if (bi->slit_localities > 256 || !bi->slit || !bi_region_reserved(bm, bi->slit, nn))
			return fail(err, "bad SLIT", bi->slit);
		for (uint32_t i = 0; i < bi->slit_localities; i++)
			if (d[i * bi->slit_localities + i] != 10)
				return fail(err, "SLIT diagonal not 10", i);
	}
	if (!bi->cmdline || !bi_region_reserved(bm, bi->cmdline, (uint64_t)bi->cmdline_len + 1) ||
	    ((const char *)(uintptr_t)bi->cmdline)[bi->cmdline_len] != 0)
		return fail(err, "bad command line", bi->cmdline);
	if (bi->kernel_start >= bi->kernel_end ||
	    !bi_region_reserved(bm, bi->kernel_start, bi->kernel_end - bi->kernel_start))
		return fail(err, "kernel image not reserved", bi->kernel_start);
	if (bi->stack_start >= bi->stack_end ||
	    !bi_region_reserved(bm, bi->stack_start, bi->stack_end - bi->stack_start))
		return fail(err, "kernel stack not reserved", bi->stack_start);
	if (bi->kernel_entry < bi->kernel_start || bi->kernel_entry >= bi->kernel_end)
		return fail(err, "kernel entry outside the image", bi->kernel_entry);
	/*
	 * Where the kernel was placed: a relocated one at a 2 MiB multiple
	 * (keeping every segment alignment up to 2 MiB) that is not above its
	 * image (the ELF address of kernel_start is kernel_start - load base);
	 * a fixed-address one at its own addresses.
	 */
	if (bi->kernel_flags & ~(uint32_t)BI_KERNEL_RELOCATED)
		return fail(err, "unknown kernel flags", bi->kernel_flags);
	if (!(bi->kernel_flags & BI_KERNEL_RELOCATED) && (bi->kernel_load_base || bi->kernel_relocs))
		return fail(err, "fixed-address kernel with a load base", bi->kernel_load_base);
	if ((bi->kernel_flags & BI_KERNEL_RELOCATED) && (bi->kernel_load_base & ((2ULL << 20) - 1)))
		return fail(err, "kernel load base not 2 MiB aligned", bi->kernel_load_base);
	if (bi->kernel_load_base > bi->kernel_start)
		return fail(err, "kernel load base above the kernel image", bi->kernel_load_base);
	/* The RSDP is firmware memory: it may be unmanaged, never free. */
	if (bi->rsdp && bootmem_page_is_free(bm, bi->rsdp) == 1)
		return fail(err, "RSDP lies in free memory", bi->rsdp);
	return 0;
}

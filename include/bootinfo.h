/* SPDX-License-Identifier: MIT */
/*
 * bootinfo.h - the loader -> kernel handoff (DESIGN.md section 3).
 *
 * The loader fills one struct boot_info and jumps to the kernel entry with
 * its physical address in rdi. Every address in it is physical, identity
 * mapped, and lies inside memory the loader reserved in the allocator, so the
 * kernel can validate each one against the handed-over bootmem2 state.
 *
 * Layout is fixed and checked by _Static_assert: fields are naturally aligned,
 * little endian, no implicit padding. A new field goes at the end and bumps
 * BI_VERSION; the kernel accepts any version >= BI_VERSION_MIN whose size
 * covers the fields it knows.
 */
#ifndef BOOTINFO_H
#define BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

/* "BM2BOOT\0" read as a little-endian 64-bit value. */
#define BI_MAGIC        0x00544f4f42324d42ULL
#define BI_VERSION      2       /* 2: kernel_load_base, kernel_flags, kernel_relocs */
#define BI_VERSION_MIN  2

#define BI_WHAT_LEN     16      /* reserved-range reason, NUL padded */

/* struct bi_node.flags */
enum bi_node_flags {
	BI_NODE_HAS_MEMORY  = 1 << 0,   /* owns at least one block */
	BI_NODE_HAS_CPU     = 1 << 1,   /* an enabled CPU entry names it */
	BI_NODE_HOTPLUG     = 1 << 2,   /* some of its ranges are hot-pluggable */
};

/* struct bi_range.flags */
enum bi_range_flags {
	BI_RANGE_HOTPLUG     = 1 << 0,  /* SRAT: hot-pluggable */
	BI_RANGE_NONVOLATILE = 1 << 1,  /* SRAT: non-volatile */
	BI_RANGE_ABSENT      = 1 << 2,  /* not in the memory map: no blocks */
};

/* boot_info.flags */
enum bi_flags {
	BI_FLAG_SRAT        = 1 << 0,   /* topology came from an SRAT */
	BI_FLAG_SRAT_FILE   = 1 << 1,   /* ...given with srat= instead of firmware's */
	BI_FLAG_NUMA_OFF    = 1 << 2,   /* SRAT rejected or overlapping: one node */
	BI_FLAG_SLIT        = 1 << 3,   /* a valid SLIT is attached */
};

/* boot_info.kernel_flags */
enum bi_kernel_flags {
	BI_KERNEL_RELOCATED = 1 << 0,   /* ET_DYN: placed by the loader, relocations applied */
};

/* One SRAT memory range of a node. */
struct bi_range {
	uint64_t start, end;            /* [start, end) */
	uint32_t flags;                 /* enum bi_range_flags */
	uint32_t pad;
};

/* One NUMA node, in nid order. */
struct bi_node {
	uint32_t nid;                   /* dense bootmem2 node id */
	uint32_t pxm;                   /* ACPI proximity domain */
	uint32_t flags;                 /* enum bi_node_flags */
	uint32_t nr_ranges;
	uint64_t ranges;                /* phys addr of struct bi_range[nr_ranges] */
};

/* A reserved range and why (the report's "reserved ... what=" lines). */
struct bi_reserved {
	uint64_t start, end;
	char what[BI_WHAT_LEN];
};

/* What the loader measured, for the kernel's log. */
struct bi_loader_stats {
	uint64_t map_entries;           /* descriptors in the final map */
	uint64_t usable_pages;          /* pages the map offered to the core */
	uint32_t ebs_attempts;          /* ExitBootServices calls (1 = first try) */
	uint32_t warnings;              /* warnings printed while building */
	uint64_t arena_bound;           /* bootmem_arena_bytes() bound the arena was sized by */
};

struct boot_info {
	uint64_t magic;                 /* BI_MAGIC */
	uint32_t version;               /* BI_VERSION */
	uint32_t size;                  /* sizeof(struct boot_info) as built */
	uint32_t checksum;              /* bi_checksum() of the struct, this field 0 */
	uint32_t flags;                 /* enum bi_flags */

	/* The allocator. */
	uint64_t bootmem;               /* phys addr of struct bootmem */
	uint64_t arena;                 /* its arena: base and size */
	uint64_t arena_size;

	/* The final UEFI memory map, as GetMemoryMap returned it. */
	uint64_t memmap;                /* phys addr of the descriptors */
	uint64_t memmap_size;           /* bytes */
	uint32_t memmap_desc_size;
	uint32_t memmap_desc_version;

	/* Topology. */
	uint64_t nodes;                 /* phys addr of struct bi_node[nr_nodes] */
	uint32_t nr_nodes;
	uint32_t slit_localities;       /* 0: no SLIT */
	uint64_t slit;                  /* phys addr of uint8_t[n * n], row major */
	uint64_t rsdp;                  /* ACPI RSDP, 0 if none */

	/* The kernel image [start, end), its stack [start, end), entry (all
	 * where the kernel runs, i.e. after relocation). */
	uint64_t kernel_start, kernel_end;
	uint64_t stack_start, stack_end;
	uint64_t kernel_entry;

	/* Command line (ASCII, NUL terminated). */
	uint64_t cmdline;
	uint32_t cmdline_len;           /* bytes without the NUL */
	uint32_t nr_reserved;
	uint64_t reserved;              /* phys addr of struct bi_reserved[nr_reserved] */

	struct bi_loader_stats stats;

	/*
	 * Version 2: where the kernel was placed. Runtime address = ELF address
	 * + kernel_load_base. BI_KERNEL_RELOCATED: a 2 MiB multiple, the image
	 * lies in [16 MiB, 4 GiB) and kernel_relocs R_X86_64_RELATIVE entries
	 * were applied; otherwise (ET_EXEC) 0 and 0.
	 */
	uint64_t kernel_load_base;
	uint32_t kernel_flags;          /* enum bi_kernel_flags */
	uint32_t kernel_relocs;
};

_Static_assert(sizeof(struct bi_range) == 24, "bi_range layout");
_Static_assert(sizeof(struct bi_node) == 24, "bi_node layout");
_Static_assert(sizeof(struct bi_reserved) == 32, "bi_reserved layout");
_Static_assert(sizeof(struct bi_loader_stats) == 32, "bi_loader_stats layout");
_Static_assert(offsetof(struct boot_info, checksum) == 16, "boot_info.checksum");
_Static_assert(offsetof(struct boot_info, bootmem) == 24, "boot_info.bootmem");
_Static_assert(offsetof(struct boot_info, memmap) == 48, "boot_info.memmap");
_Static_assert(offsetof(struct boot_info, nodes) == 72, "boot_info.nodes");
_Static_assert(offsetof(struct boot_info, rsdp) == 96, "boot_info.rsdp");
_Static_assert(offsetof(struct boot_info, kernel_start) == 104, "boot_info.kernel_start");
_Static_assert(offsetof(struct boot_info, cmdline) == 144, "boot_info.cmdline");
_Static_assert(offsetof(struct boot_info, reserved) == 160, "boot_info.reserved");
_Static_assert(offsetof(struct boot_info, stats) == 168, "boot_info.stats");
_Static_assert(offsetof(struct boot_info, kernel_load_base) == 200, "boot_info.kernel_load_base");
_Static_assert(offsetof(struct boot_info, kernel_flags) == 208, "boot_info.kernel_flags");
_Static_assert(sizeof(struct boot_info) == 216, "boot_info layout");

#endif /* BOOTINFO_H */

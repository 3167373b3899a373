/* SPDX-License-Identifier: MIT */
/*
 * acpi.h - find and parse the ACPI tables the loader needs: RSDP (ACPI
 * 2.0+), XSDT (or RSDT), SRAT and SLIT.
 *
 * Nothing here dereferences a physical address directly: memory is reached
 * through struct acpi_phys, whose map() returns a pointer to the bytes (the
 * identity-mapped address in UEFI, a test buffer on the host) or NULL when
 * the range is not accessible. Every table is checked (signature, length,
 * checksum) before use; every subtable is bounds-checked before it is read.
 * Errors are struct diag_err with the table signature and byte offset.
 *
 * Proximity domains follow Linux: type 0 = low 8 bits | high 24 bits << 8,
 * type 1 = 32 bits, type 2 = 32 bits; for SRAT revision < 2 only the low
 * 8 bits of types 0 and 1 count. Domains become dense node ids in order of
 * first appearance among enabled CPU and memory entries.
 *
 * Freestanding C11.
 */
#ifndef BOOT_ACPI_H
#define BOOT_ACPI_H

#include <stddef.h>
#include <stdint.h>

#include "bootmem2.h"
#include "diag.h"

#define ACPI_PACKED __attribute__((packed))

/* ---- fixed layouts (ACPI 6.x) ----------------------------------------- */

/** struct acpi_rsdp - Root System Description Pointer, ACPI 2.0+ (36 bytes). */
struct ACPI_PACKED acpi_rsdp {
	char signature[8];          /* "RSD PTR " */
	uint8_t checksum;           /* over the first 20 bytes */
	char oem_id[6];
	uint8_t revision;           /* 0: ACPI 1.0 (20 bytes only), 2: ACPI 2.0+ */
	uint32_t rsdt_address;
	uint32_t length;            /* 2.0+: whole structure */
	uint64_t xsdt_address;
	uint8_t extended_checksum;  /* over @length bytes */
	uint8_t reserved[3];
};

_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP size");
_Static_assert(offsetof(struct acpi_rsdp, checksum) == 8, "RSDP checksum");
_Static_assert(offsetof(struct acpi_rsdp, revision) == 15, "RSDP revision");
_Static_assert(offsetof(struct acpi_rsdp, rsdt_address) == 16, "RSDP rsdt");
_Static_assert(offsetof(struct acpi_rsdp, length) == 20, "RSDP length");
_Static_assert(offsetof(struct acpi_rsdp, xsdt_address) == 24, "RSDP xsdt");
_Static_assert(offsetof(struct acpi_rsdp, extended_checksum) == 32, "RSDP ext checksum");

#define ACPI_RSDP_V1_LEN  20u

/** struct acpi_header - System Description Table header (36 bytes). */
struct acpi_header {
	char signature[4];
	uint32_t length;            /* whole table, header included */
	uint8_t revision;
	uint8_t checksum;           /* all @length bytes sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
};

_Static_assert(sizeof(struct acpi_header) == 36, "SDT header size");
_Static_assert(offsetof(struct acpi_header, length) == 4, "SDT length");
_Static_assert(offsetof(struct acpi_header, revision) == 8, "SDT revision");
_Static_assert(offsetof(struct acpi_header, checksum) == 9, "SDT checksum");
_Static_assert(offsetof(struct acpi_header, oem_revision) == 24, "SDT oem revision");

/** struct acpi_srat - SRAT header (48 bytes); subtables follow. */
struct acpi_srat {
	struct acpi_header header;
	uint32_t table_revision;    /* reserved, 1 */
	uint64_t reserved;
};

_Static_assert(sizeof(struct acpi_srat) == 48, "SRAT header size");
_Static_assert(offsetof(struct acpi_srat, table_revision) == 36, "SRAT table revision");
_Static_assert(offsetof(struct acpi_srat, reserved) == 40, "SRAT reserved");

/* SRAT subtable types */
enum acpi_srat_type {
	ACPI_SRAT_CPU = 0,          /* Processor Local APIC/SAPIC Affinity */
	ACPI_SRAT_MEM = 1,          /* Memory Affinity */
	ACPI_SRAT_X2APIC = 2,       /* Processor Local x2APIC Affinity */
};

/* SRAT flags */
#define ACPI_SRAT_ENABLED      0x1u   /* all types */
#define ACPI_SRAT_HOTPLUG      0x2u   /* memory: hot-pluggable */
#define ACPI_SRAT_NONVOLATILE  0x4u   /* memory: non-volatile */

/** struct acpi_srat_cpu - Processor Local APIC/SAPIC Affinity (type 0, 16 bytes). */
struct acpi_srat_cpu {
	uint8_t type;
	uint8_t length;
	uint8_t proximity_domain_lo;
	uint8_t apic_id;
	uint32_t flags;
	uint8_t local_sapic_eid;
	uint8_t proximity_domain_hi[3];
	uint32_t clock_domain;
};

_Static_assert(sizeof(struct acpi_srat_cpu) == 16, "SRAT type 0 size");
_Static_assert(offsetof(struct acpi_srat_cpu, apic_id) == 3, "SRAT type 0 apic");
_Static_assert(offsetof(struct acpi_srat_cpu, flags) == 4, "SRAT type 0 flags");
_Static_assert(offsetof(struct acpi_srat_cpu, proximity_domain_hi) == 9, "SRAT type 0 pxm hi");
_Static_assert(offsetof(struct acpi_srat_cpu, clock_domain) == 12, "SRAT type 0 clock");

/** struct acpi_srat_mem - Memory Affinity (type 1, 40 bytes). */
struct ACPI_PACKED acpi_srat_mem {
	uint8_t type;
	uint8_t length;
	uint32_t proximity_domain;
	uint16_t reserved1;
	uint64_t base_address;
	uint64_t address_length;
	uint32_t reserved2;
	uint32_t flags;
	uint64_t reserved3;
};

_Static_assert(sizeof(struct acpi_srat_mem) == 40, "SRAT type 1 size");
_Static_assert(offsetof(struct acpi_srat_mem, proximity_domain) == 2, "SRAT type 1 pxm");
_Static_assert(offsetof(struct acpi_srat_mem, base_address) == 8, "SRAT type 1 base");
_Static_assert(offsetof(struct acpi_srat_mem, address_length) == 16, "SRAT type 1 length");
_Static_assert(offsetof(struct acpi_srat_mem, flags) == 28, "SRAT type 1 flags");
_Static_assert(offsetof(struct acpi_srat_mem, reserved3) == 32, "SRAT type 1 reserved3");

/** struct acpi_srat_x2apic - Processor Local x2APIC Affinity (type 2, 24 bytes). */
struct acpi_srat_x2apic {
	uint8_t type;
	uint8_t length;
	uint16_t reserved1;
	uint32_t proximity_domain;
	uint32_t x2apic_id;
	uint32_t flags;
	uint32_t clock_domain;
	uint32_t reserved2;
};

_Static_assert(sizeof(struct acpi_srat_x2apic) == 24, "SRAT type 2 size");
_Static_assert(offsetof(struct acpi_srat_x2apic, proximity_domain) == 4, "SRAT type 2 pxm");
_Static_assert(offsetof(struct acpi_srat_x2apic, x2apic_id) == 8, "SRAT type 2 apic");
_Static_assert(offsetof(struct acpi_srat_x2apic, flags) == 12, "SRAT type 2 flags");

/** struct acpi_slit - SLIT header (44 bytes); an N x N byte matrix follows. */
struct ACPI_PACKED acpi_slit {
	struct acpi_header header;
	uint64_t localities;
};

_Static_assert(sizeof(struct acpi_slit) == 44, "SLIT header size");
_Static_assert(offsetof(struct acpi_slit, localities) == 36, "SLIT localities");

#define ACPI_LOCAL_DISTANCE  10u
#define ACPI_TABLE_MAX_LEN   (16u << 20)   /* sanity bound for a mapped table */

/* ---- physical memory access ------------------------------------------- */

/**
 * struct acpi_phys - how the parser reaches physical memory.
 * @map: return a pointer to @len readable bytes at physical @addr, or NULL
 *       if they are not accessible
 * @ctx: passed to @map
 */
struct acpi_phys {
	const void *(*map)(void *ctx, uint64_t addr, uint64_t len);
	void *ctx;
};

/* ---- table discovery -------------------------------------------------- */

/**
 * struct acpi_table_ref - one located, validated table.
 * @phys:   physical address (0: not found)
 * @data:   the bytes, as acpi_phys.map() returned them
 * @length: header length
 */
struct acpi_table_ref {
	uint64_t phys;
	const uint8_t *data;
	uint32_t length;
};

/**
 * struct acpi_tables - what acpi_find_tables() found.
 * @rsdp_phys:     RSDP address
 * @rsdp_revision: RSDP revision
 * @root_is_xsdt:  1 if the XSDT was walked, 0 for the RSDT
 * @root_phys:     address of that root table
 * @nr_entries:    entries in the root table
 * @srat:          first valid SRAT, or phys 0
 * @slit:          first valid SLIT, or phys 0
 */
struct acpi_tables {
	uint64_t rsdp_phys;
	uint8_t rsdp_revision;
	uint8_t root_is_xsdt;
	uint64_t root_phys;
	uint32_t nr_entries;
	struct acpi_table_ref srat, slit;
};

/**
 * acpi_table_check() - validate an SDT in a buffer before use.
 * @data:    the table
 * @avail:   bytes accessible at @data
 * @sig:     expected 4-character signature, or NULL for any
 * @min_len: smallest valid length (36 for a bare header, 48 for the SRAT...)
 * @err:     error details, src = the signature found; may be NULL
 *
 * Checks, in this order: 36 header bytes present (DIAG_ETRUNC), signature
 * (DIAG_ESIG, offset 0), length >= @min_len (DIAG_ESHORT, offset 4),
 * length <= @avail (DIAG_ELENGTH, offset 4), checksum (DIAG_ECHECKSUM,
 * offset 9).
 *
 * Return: the table length (> 0) or a negative -DIAG_* code.
 */
int64_t acpi_table_check(const void *data, uint64_t avail, const char *sig,
			 uint32_t min_len, struct diag_err *err);

/**
 * acpi_find_tables() - RSDP -> XSDT (or RSDT) -> SRAT, SLIT.
 * @phys: physical memory access
 * @rsdp: RSDP address (from the EFI configuration table)
 * @out:  what was found
 * @log:  warnings (bad or duplicate SRAT/SLIT skipped, XSDT fallback); may be NULL
 * @err:  error details; may be NULL
 *
 * The RSDP needs a valid 20-byte checksum; for revision >= 2 also a valid
 * length and extended checksum, and then the XSDT is used when its address
 * is not 0 and its header is valid, the RSDT otherwise. Every root entry
 * must point to a mappable table header (else DIAG_EUNMAPPED naming the
 * entry's offset in the root table). SRAT and SLIT are validated with
 * acpi_table_check(); an invalid one is skipped with a warning, a second
 * valid one is ignored with a warning. Absent tables are not an error.
 *
 * Return: 0 or a negative -DIAG_* code.
 */
int acpi_find_tables(const struct acpi_phys *phys, uint64_t rsdp, struct acpi_tables *out,
		     struct diag_log *log, struct diag_err *err);

/* ---- SRAT ------------------------------------------------------------- */

/**
 * struct acpi_srat_entry - one decoded SRAT subtable.
 * @offset: byte offset in the table
 * @type:   subtable type
 * @length: subtable length byte
 * @pxm:    effective proximity domain (types 0-2; revision rule applied)
 * @apic:   APIC id (type 0) or x2APIC id (type 2)
 * @flags:  ACPI_SRAT_* flags (types 0-2)
 * @base:   memory base (type 1)
 * @size:   memory length (type 1)
 */
struct acpi_srat_entry {
	uint32_t offset;
	uint8_t type;
	uint8_t length;
	uint16_t reserved;
	uint32_t pxm;
	uint32_t apic;
	uint32_t flags;
	uint64_t base;
	uint64_t size;
};

/**
 * struct acpi_srat_iter - cursor over the subtables of a checked SRAT.
 */
struct acpi_srat_iter {
	const uint8_t *t;
	uint32_t len;
	uint32_t off;
	uint8_t revision;
};

/**
 * acpi_srat_begin() - check an SRAT (acpi_table_check) and start iterating.
 * @it:    cursor
 * @srat:  the table
 * @avail: bytes accessible at @srat
 * @err:   error details; may be NULL
 *
 * Return: 0 or a negative -DIAG_* code.
 */
int acpi_srat_begin(struct acpi_srat_iter *it, const void *srat, uint64_t avail,
		    struct diag_err *err);

/**
 * acpi_srat_next() - decode the next subtable.
 * @it:  cursor
 * @e:   the entry
 * @err: error details (src "SRAT", offset of the subtable); may be NULL
 *
 * Fewer than 2 bytes left at the end are ignored. Errors stop the walk:
 * DIAG_EZEROLEN, DIAG_EENTRYLEN (past the table end), DIAG_EENTRYSHORT
 * (type 0/1/2 shorter than 16/40/24 bytes), DIAG_EOVERFLOW (enabled memory
 * entry whose base + length wraps).
 *
 * Return: 1 with @e filled, 0 at the end, or a negative -DIAG_* code.
 */
int acpi_srat_next(struct acpi_srat_iter *it, struct acpi_srat_entry *e,
		   struct diag_err *err);

/* acpi_numa_node.flags */
#define ACPI_NODE_CPU          0x1u   /* has an enabled CPU entry */
#define ACPI_NODE_MEM          0x2u   /* has an enabled memory entry */
#define ACPI_NODE_HOTPLUG      0x4u   /* ... a hot-pluggable one */
#define ACPI_NODE_NONVOLATILE  0x8u   /* ... a non-volatile one */

/**
 * struct acpi_numa_node - one node (dense id = index) of the SRAT.
 * @pxm:     its ACPI proximity domain
 * @nr_cpus: enabled CPU entries (types 0 and 2)
 * @nr_mem:  enabled memory entries
 * @flags:   ACPI_NODE_*
 */
struct acpi_numa_node {
	uint32_t pxm;
	uint32_t nr_cpus;
	uint32_t nr_mem;
	uint32_t flags;
};

/**
 * struct acpi_numa_mem - one enabled memory range of the SRAT.
 * @base:   first byte
 * @end:    end (exclusive)
 * @pxm:    proximity domain
 * @nid:    dense node id
 * @flags:  ACPI_SRAT_* flags of the entry
 * @offset: byte offset of the entry in the SRAT
 */
struct acpi_numa_mem {
	uint64_t base, end;
	uint32_t pxm;
	uint32_t nid;
	uint32_t flags;
	uint32_t offset;
};

/**
 * struct acpi_numa - the parsed SRAT.
 * @revision:   SRAT header revision
 * @nr_nodes:   nodes in @node
 * @nr_mem:     ranges in @mem (enabled, non-empty; sorted by base)
 * @mem_cap:    capacity of @mem
 * @mem:        caller storage, acpi_srat_mem_capacity() entries
 * @nr_entries: subtables seen
 * @nr_cpu:     enabled CPU entries (types 0 and 2)
 * @nr_cpu_disabled: disabled CPU entries
 * @nr_mem_disabled: disabled memory entries
 * @nr_other:   subtables of other types
 * @node:       nodes by dense id
 */
struct acpi_numa {
	uint32_t revision;
	uint32_t nr_nodes;
	uint32_t nr_mem, mem_cap;
	struct acpi_numa_mem *mem;
	uint32_t nr_entries, nr_cpu, nr_cpu_disabled, nr_mem_disabled, nr_other;
	struct acpi_numa_node node[BOOTMEM_MAX_NODES];
};

/**
 * acpi_srat_mem_capacity() - memory ranges an SRAT of @len bytes can hold.
 * @len: table length
 *
 * Return: the bound (at least 1).
 */
uint32_t acpi_srat_mem_capacity(uint64_t len);

/**
 * acpi_numa_init() - empty NUMA info over caller storage.
 * @numa: the info (about 16 KiB: keep it off small stacks)
 * @mem:  storage for @cap memory ranges
 * @cap:  capacity
 */
void acpi_numa_init(struct acpi_numa *numa, struct acpi_numa_mem *mem, uint32_t cap);

/**
 * acpi_srat_parse() - check and walk an SRAT into @numa.
 * @numa:  initialised info (its content is replaced)
 * @srat:  the table
 * @avail: bytes accessible at @srat
 * @err:   error details; may be NULL
 *
 * Enabled CPU (types 0, 2) and memory (type 1) entries assign node ids;
 * enabled non-empty memory entries are kept in @numa->mem, sorted by base.
 *
 * Return: 0, an acpi_srat_begin()/acpi_srat_next() error, -DIAG_EDOMAINS
 * (more than BOOTMEM_MAX_NODES domains: value = the first beyond) or
 * -DIAG_ENOSPC (more ranges than @numa->mem_cap).
 */
int acpi_srat_parse(struct acpi_numa *numa, const void *srat, uint64_t avail,
		    struct diag_err *err);

/**
 * acpi_numa_nid() - dense node id of a proximity domain.
 * @numa: parsed SRAT
 * @pxm:  proximity domain
 *
 * Return: the node id, or -1 if the domain has no enabled entry.
 */
int acpi_numa_nid(const struct acpi_numa *numa, uint32_t pxm);

/* ---- SLIT ------------------------------------------------------------- */

/**
 * struct acpi_slit_info - a checked SLIT.
 * @localities: N
 * @matrix:     N * N distances, row major
 */
struct acpi_slit_info {
	uint64_t localities;
	const uint8_t *matrix;
};

/**
 * acpi_slit_parse() - check a SLIT's structure.
 * @s:     result
 * @slit:  the table
 * @avail: bytes accessible at @slit
 * @err:   error details; may be NULL
 *
 * acpi_table_check() with a 44-byte minimum, then N * N must fit in the
 * table (computed without overflow; DIAG_ESLITSIZE at offset 36).
 *
 * Return: 0 or a negative -DIAG_* code.
 */
int acpi_slit_parse(struct acpi_slit_info *s, const void *slit, uint64_t avail,
		    struct diag_err *err);

/**
 * acpi_slit_validate() - check the distances as Linux does.
 * @s:   a parsed SLIT
 * @err: error details; may be NULL
 *
 * N must be at least 1, the diagonal 10, every other entry above 10.
 *
 * Return: 0, -DIAG_ESLITSIZE (N = 0) or -DIAG_ESLITDIST (offset of the entry).
 */
int acpi_slit_validate(const struct acpi_slit_info *s, struct diag_err *err);

/**
 * acpi_slit_distance() - distance between two proximity domains.
 * @s:    a parsed SLIT, or NULL
 * @from: proximity domain
 * @to:   proximity domain
 *
 * Return: the SLIT entry; without a SLIT or outside it 10 for @from == @to,
 * else 20 (as Linux assumes).
 */
uint32_t acpi_slit_distance(const struct acpi_slit_info *s, uint64_t from, uint64_t to);

#endif /* BOOT_ACPI_H */

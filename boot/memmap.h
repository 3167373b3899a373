/* SPDX-License-Identifier: MIT */
/*
 * memmap.h - normalise a raw UEFI memory map.
 *
 * Input: the buffer GetMemoryMap() filled, the firmware's descriptor size
 * (honoured, never sizeof) and the descriptor count. Output: entries
 * sorted by address, without overlaps, classified into
 *   MEMMAP_FREE      usable and free: handed to the allocator as free
 *   MEMMAP_INUSE     usable RAM in use while boot services run (loader and
 *                    boot services code/data): managed, but reserved with a
 *                    reason (what=loader_data...)
 *   MEMMAP_RESERVED  never handed to the allocator (runtime services, ACPI,
 *                    MMIO, persistent, unusable, MEMMAP_ATTR_SP, ...)
 * Adjacent entries of one class are coalesced. Usable entries are trimmed
 * to whole pages. Where entries overlap, the stricter class wins
 * (RESERVED > INUSE > FREE; the earlier entry on a tie) and a warning is
 * logged.
 *
 * Also the `dump` file format of memmap.bin (struct memmap_dump_header,
 * then the raw descriptors) with its writer and parser.
 *
 * Freestanding C11.
 */
#ifndef BOOT_MEMMAP_H
#define BOOT_MEMMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * The memory types of the UEFI specification (EFI_MEMORY_TYPE), under this
 * module's names: boot/ sees no UEFI header, and the loader's gnu-efi names
 * (EfiConventionalMemory...) stay in efi/.
 */
enum memmap_type {
	MEMMAP_TYPE_RESERVED = 0,
	MEMMAP_TYPE_LOADER_CODE = 1,
	MEMMAP_TYPE_LOADER_DATA = 2,
	MEMMAP_TYPE_BS_CODE = 3,
	MEMMAP_TYPE_BS_DATA = 4,
	MEMMAP_TYPE_RUNTIME_CODE = 5,
	MEMMAP_TYPE_RUNTIME_DATA = 6,
	MEMMAP_TYPE_CONVENTIONAL = 7,
	MEMMAP_TYPE_UNUSABLE = 8,
	MEMMAP_TYPE_ACPI_RECLAIM = 9,
	MEMMAP_TYPE_ACPI_NVS = 10,
	MEMMAP_TYPE_MMIO = 11,
	MEMMAP_TYPE_MMIO_PORT = 12,
	MEMMAP_TYPE_PAL_CODE = 13,
	MEMMAP_TYPE_PERSISTENT = 14,
	MEMMAP_TYPE_UNACCEPTED = 15,
};

/* EFI_MEMORY_DESCRIPTOR.Attribute: specific-purpose memory, never general RAM. */
#define MEMMAP_ATTR_SP       0x40000ULL

/**
 * struct memmap_desc - EFI_MEMORY_DESCRIPTOR (UEFI 2.x), 40 bytes.
 * Firmware strides by its own descriptor size, which may be larger.
 */
struct memmap_desc {
	uint32_t type;
	uint32_t pad;
	uint64_t physical_start;
	uint64_t virtual_start;
	uint64_t number_of_pages;
	uint64_t attribute;
};

_Static_assert(sizeof(struct memmap_desc) == 40, "EFI_MEMORY_DESCRIPTOR size");
_Static_assert(offsetof(struct memmap_desc, type) == 0, "Type offset");
_Static_assert(offsetof(struct memmap_desc, physical_start) == 8, "PhysicalStart offset");
_Static_assert(offsetof(struct memmap_desc, virtual_start) == 16, "VirtualStart offset");
_Static_assert(offsetof(struct memmap_desc, number_of_pages) == 24, "NumberOfPages offset");
_Static_assert(offsetof(struct memmap_desc, attribute) == 32, "Attribute offset");

#define MEMMAP_DESC_MIN_SIZE   40u
#define MEMMAP_DESC_MAX_SIZE   4096u      /* sanity bound on the firmware's stride */
#define MEMMAP_MAX_DESCS       16384u     /* sanity bound on the descriptor count */

/* Why a managed range is reserved (reserved ranges and report lines: what=). */
enum memmap_what {
	MEMMAP_WHAT_NONE = 0,
	MEMMAP_WHAT_PAGE0,        /* page0 */
	MEMMAP_WHAT_LOADER,       /* loader: the loader image */
	MEMMAP_WHAT_KERNEL,       /* kernel */
	MEMMAP_WHAT_ARENA,        /* arena: the allocator's bookkeeping */
	MEMMAP_WHAT_BOOTINFO,     /* bootinfo */
	MEMMAP_WHAT_STACK,        /* stack */
	MEMMAP_WHAT_BS_CODE,      /* bs_code: EfiBootServicesCode */
	MEMMAP_WHAT_BS_DATA,      /* bs_data: EfiBootServicesData */
	MEMMAP_WHAT_LOADER_CODE,  /* loader_code: EfiLoaderCode */
	MEMMAP_WHAT_LOADER_DATA,  /* loader_data: EfiLoaderData */
	MEMMAP_WHAT_MEMMAP,       /* memmap: the saved memory map */
	MEMMAP_WHAT_CMDLINE,      /* cmdline */
	MEMMAP_WHAT_ACPI,         /* acpi: copies of ACPI tables */
	MEMMAP_WHAT_PAGETABLES,   /* pagetables: the loader-built identity map */
	MEMMAP_WHAT_OTHER,        /* other */
	MEMMAP_WHAT_NR
};

/* Classes, ordered by strictness (the stricter wins an overlap). */
enum memmap_kind {
	MEMMAP_FREE = 0,
	MEMMAP_INUSE = 1,
	MEMMAP_RESERVED = 2,
};

/* memmap_normalise() flags */
#define MEMMAP_BS_FREE  0x1u   /* final map after ExitBootServices: boot services
				* code/data count as free, not in use */
#define MEMMAP_LOADER_FREE 0x2u /* loader code/data count as free: the loader
				 * reserves what it hands over by itself */

/**
 * struct memmap_entry - one normalised range [start, end).
 * @start: first byte (page aligned unless MEMMAP_RESERVED)
 * @end:   end, exclusive
 * @type:  EFI memory type of the (first) source descriptor
 * @kind:  enum memmap_kind
 * @what:  enum memmap_what for MEMMAP_INUSE, else MEMMAP_WHAT_NONE
 * @index: index of the (first) source descriptor
 * @attr:  attribute of the (first) source descriptor
 */
struct memmap_entry {
	uint64_t start, end;
	uint32_t type;
	uint8_t kind;
	uint8_t what;
	uint16_t reserved;
	uint32_t index;
	uint32_t reserved2;
	uint64_t attr;
};

/**
 * struct memmap - a normalised map over caller storage.
 * @e:     entries, sorted by start, disjoint
 * @n:     entries in use
 * @cap:   capacity of @e
 * @flags: the flags given to memmap_normalise()
 * @usable_pages: pages in MEMMAP_FREE and MEMMAP_INUSE entries
 */
struct memmap {
	struct memmap_entry *e;
	uint32_t n, cap;
	uint32_t flags;
	uint64_t usable_pages;
};

/**
 * memmap_capacity() - entries memmap_normalise() may need for @count descriptors.
 * @count: descriptors in the raw map
 *
 * Overlap resolution can cut ranges, but never produces more than 2*count-1
 * pieces.
 *
 * Return: 2 * @count (at least 1).
 */
uint32_t memmap_capacity(uint32_t count);

/**
 * memmap_init() - attach storage to an empty map.
 * @mm:  the map
 * @e:   storage for @cap entries
 * @cap: capacity, memmap_capacity(count) for a raw map of count descriptors
 */
void memmap_init(struct memmap *mm, struct memmap_entry *e, uint32_t cap);

/**
 * memmap_normalise() - classify, sort, de-overlap and coalesce a raw map.
 * @mm:        initialised map (its previous content is replaced)
 * @buf:       the raw descriptors
 * @buf_size:  bytes available at @buf
 * @desc_size: the firmware's descriptor stride (>= 40)
 * @count:     descriptors in @buf
 * @flags:     MEMMAP_BS_FREE or 0
 * @log:       warnings (overlaps, trimmed usable entries); may be NULL
 * @err:       error details; may be NULL
 *
 * Descriptors with 0 pages are skipped. Errors name the byte offset of the
 * descriptor (src "memmap").
 *
 * Return: 0, or -DIAG_EDESCSIZE (stride < 40 or > 4096), -DIAG_ETRUNC
 * (count * desc_size exceeds @buf_size), -DIAG_EOVERFLOW (base + pages * 4096
 * wraps), -DIAG_ENOSPC (more than @mm->cap entries), -DIAG_ETOOMANY (count
 * above MEMMAP_MAX_DESCS), -DIAG_EINVAL.
 */
int memmap_normalise(struct memmap *mm, const void *buf, uint64_t buf_size,
		     uint64_t desc_size, uint64_t count, unsigned flags,
		     struct diag_log *log, struct diag_err *err);

/**
 * memmap_classify() - class and reason of one EFI descriptor.
 * @type:  EFI memory type
 * @attr:  EFI attribute bits
 * @flags: MEMMAP_BS_FREE or 0
 * @what:  out: enum memmap_what for MEMMAP_INUSE, else MEMMAP_WHAT_NONE
 *
 * Return: enum memmap_kind.
 */
enum memmap_kind memmap_classify(uint32_t type, uint64_t attr, unsigned flags,
				 enum memmap_what *what);

/**
 * memmap_what_name() - report name of a reason ("page0", "bs_data"...).
 * @what: enum memmap_what
 *
 * Inline so that the kernel's report needs no memmap.c.
 *
 * Return: a static string; "other" for unknown values.
 */
static inline const char *memmap_what_name(unsigned what)
{
	static const char *const names[MEMMAP_WHAT_NR] = {
		[MEMMAP_WHAT_NONE] = "none",
		[MEMMAP_WHAT_PAGE0] = "page0",
		[MEMMAP_WHAT_LOADER] = "loader",
		[MEMMAP_WHAT_KERNEL] = "kernel",
		[MEMMAP_WHAT_ARENA] = "arena",
		[MEMMAP_WHAT_BOOTINFO] = "bootinfo",
		[MEMMAP_WHAT_STACK] = "stack",
		[MEMMAP_WHAT_BS_CODE] = "bs_code",
		[MEMMAP_WHAT_BS_DATA] = "bs_data",
		[MEMMAP_WHAT_LOADER_CODE] = "loader_code",
		[MEMMAP_WHAT_LOADER_DATA] = "loader_data",
		[MEMMAP_WHAT_MEMMAP] = "memmap",
		[MEMMAP_WHAT_CMDLINE] = "cmdline",
		[MEMMAP_WHAT_ACPI] = "acpi",
		[MEMMAP_WHAT_PAGETABLES] = "pagetables",
		[MEMMAP_WHAT_OTHER] = "other",
	};

	return what < MEMMAP_WHAT_NR ? names[what] : "other";
}

/**
 * memmap_type_name() - short name of an EFI memory type ("conventional").
 * @type: EFI memory type
 *
 * Return: a static string; "unknown" for unknown types.
 */
const char *memmap_type_name(uint32_t type);

/* ---- memmap.bin: the loader's `dump` format -------------------------- */

#define MEMMAP_DUMP_MAGIC    "BM2MMAP"   /* 8 bytes with the NUL */
#define MEMMAP_DUMP_VERSION  1u

/**
 * struct memmap_dump_header - header of memmap.bin, little-endian, 32 bytes
 * as written; followed by @count descriptors of @desc_size bytes each,
 * exactly as GetMemoryMap() returned them. The file is exactly
 * header_size + count * desc_size bytes long. Readers accept a larger
 * header_size (a later version may append fields) and skip what they do not
 * know.
 * @magic:        "BM2MMAP\0"
 * @version:      MEMMAP_DUMP_VERSION
 * @header_size:  sizeof(struct memmap_dump_header)
 * @desc_size:    firmware descriptor stride
 * @desc_version: firmware descriptor version (1)
 * @count:        descriptors
 * @reserved:     0
 */
struct memmap_dump_header {
	char magic[8];
	uint32_t version;
	uint32_t header_size;
	uint32_t desc_size;
	uint32_t desc_version;
	uint32_t count;
	uint32_t reserved;
};

_Static_assert(sizeof(struct memmap_dump_header) == 32, "memmap.bin header size");
_Static_assert(offsetof(struct memmap_dump_header, version) == 8, "version offset");
_Static_assert(offsetof(struct memmap_dump_header, header_size) == 12, "header_size offset");
_Static_assert(offsetof(struct memmap_dump_header, desc_size) == 16, "desc_size offset");
_Static_assert(offsetof(struct memmap_dump_header, desc_version) == 20, "desc_version offset");
_Static_assert(offsetof(struct memmap_dump_header, count) == 24, "count offset");

/**
 * struct memmap_dump - a parsed memmap.bin (points into the file buffer).
 * @desc:         first descriptor
 * @header_size:  bytes before it (32, or more from a later writer)
 * @desc_size:    stride
 * @desc_version: firmware descriptor version
 * @count:        descriptors
 */
struct memmap_dump {
	const uint8_t *desc;
	uint32_t header_size;
	uint32_t desc_size;
	uint32_t desc_version;
	uint32_t count;
};

/**
 * memmap_dump_size() - bytes of the memmap.bin memmap_dump_write() makes for
 * @count descriptors (its 32-byte header included; a file from a later
 * writer may have a larger header: see struct memmap_dump.header_size).
 * @desc_size: stride
 * @count:     descriptors
 *
 * Return: the size; 32 + (2^32 - 1)^2 cannot overflow 64 bits.
 */
uint64_t memmap_dump_size(uint32_t desc_size, uint32_t count);

/**
 * memmap_dump_write() - write memmap.bin into @buf.
 * @buf:          destination
 * @size:         bytes at @buf
 * @desc:         raw descriptors
 * @desc_size:    stride (>= 40)
 * @desc_version: firmware descriptor version
 * @count:        descriptors
 *
 * Return: bytes written, or 0 if @size is too small or @desc_size < 40.
 */
uint64_t memmap_dump_write(void *buf, uint64_t size, const void *desc,
			   uint32_t desc_size, uint32_t desc_version, uint32_t count);

/**
 * memmap_dump_parse() - validate memmap.bin and locate its descriptors.
 * @buf:  file contents
 * @size: file size
 * @out:  the descriptors (pointing into @buf)
 * @err:  error details (src "memmap.bin"); may be NULL
 *
 * Return: 0, or -DIAG_ETRUNC (shorter than the header), -DIAG_ESIG (magic),
 * -DIAG_EVERSION, -DIAG_ESHORT (header_size < 32), -DIAG_EDESCSIZE,
 * -DIAG_ETOOMANY (count), -DIAG_ELENGTH (size is not header + count * stride).
 */
int memmap_dump_parse(const void *buf, uint64_t size, struct memmap_dump *out,
		      struct diag_err *err);

#endif /* BOOT_MEMMAP_H */

/* SPDX-License-Identifier: MIT */
/*
 * sim_host.h - the running Linux machine's own firmware data for
 * `bootmem2-sim --host [ROOT]` (DESIGN.md section 4):
 *
 *   ROOT/sys/firmware/acpi/tables/SRAT, SLIT        raw ACPI tables (optional;
 *                                                   SRAT1/SLIT1 when Linux
 *                                                   numbers duplicates)
 *   ROOT/sys/firmware/memmap/<n>/{start,end,type}    the firmware memory map
 *                                                   the kernel received
 *
 * start and end are "0x<hex>\n" with end inclusive, as Linux writes them;
 * type is a name ("System RAM", "Reserved", "ACPI Tables", ...). The map is
 * turned into EFI-style descriptors (boot/memmap.h) for the one boot
 * pipeline: "System RAM" becomes MEMMAP_TYPE_CONVENTIONAL trimmed inwards
 * to whole pages, every other type a reserved type rounded outwards (so a
 * page that is partly firmware-reserved is never usable).
 *
 * Everything read is treated as hostile: sizes are bounded, numbers are
 * checked for syntax and overflow, names for printable ASCII; an error is
 * one line naming the file and what to do.
 *
 * Hosted C11 (tools/ only).
 */
#ifndef TOOLS_SIM_HOST_H
#define TOOLS_SIM_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "memmap.h"
#include "report.h"

#define SIM_HOST_PATH_MAX    4096
#define SIM_HOST_TYPE_MAX    64              /* type name bytes, NUL included */
#define SIM_HOST_ATTR_MAX    4096            /* a sysfs attribute is one page */
#define SIM_HOST_TABLE_MAX   (16u << 20)     /* an ACPI table we accept */
#define SIM_HOST_MAX_ENTRIES MEMMAP_MAX_DESCS

/* struct sim_host_entry.flags */
enum sim_host_entry_flags {
	SIM_HOST_RAM     = 1 << 0,   /* "System RAM": usable */
	SIM_HOST_UNKNOWN = 1 << 1,   /* a type name Linux does not write */
};

/**
 * struct sim_host_entry - one ROOT/sys/firmware/memmap/<index> entry.
 * @start: first byte
 * @last:  last byte (inclusive, as Linux writes "end")
 * @index: the directory's number
 * @flags: enum sim_host_entry_flags
 * @type:  the type name without its newline
 */
struct sim_host_entry {
	uint64_t start, last;
	uint32_t index;
	uint32_t flags;
	char type[SIM_HOST_TYPE_MAX];
};

/**
 * struct sim_host - what sim_host_read() found.
 * @srat_path:   the SRAT file used (or looked for)
 * @slit_path:   the SLIT file used (or looked for)
 * @memmap_path: ROOT/sys/firmware/memmap
 * @srat:        the SRAT's bytes, NULL when the machine has none
 * @srat_size:   bytes at @srat
 * @slit:        the SLIT's bytes, NULL when the machine has none
 * @slit_size:   bytes at @slit
 * @entry:       the map entries in index order
 * @nr_entries:  entries at @entry
 * @desc:        the raw map for the pipeline (struct memmap_desc stride)
 * @nr_desc:     descriptors at @desc (entries that cover no page are dropped)
 */
struct sim_host {
	char srat_path[SIM_HOST_PATH_MAX];
	char slit_path[SIM_HOST_PATH_MAX];
	char memmap_path[SIM_HOST_PATH_MAX];
	unsigned char *srat;
	size_t srat_size;
	unsigned char *slit;
	size_t slit_size;
	struct sim_host_entry *entry;
	uint32_t nr_entries;
	struct memmap_desc *desc;
	uint32_t nr_desc;
};

/* The three attributes of a map entry, in the order they are read. */
enum sim_host_attr {
	SIM_HOST_START,     /* "start": 0x<hex>, first byte */
	SIM_HOST_END,       /* "end": 0x<hex>, last byte (inclusive), not below start */
	SIM_HOST_TYPE,      /* "type": a printable name */
	SIM_HOST_NR_ATTRS
};

/**
 * sim_host_parse_attr() - check and store one attribute's text in @e.
 * @e:     the entry (SIM_HOST_END needs its start parsed first)
 * @attr:  which attribute
 * @path:  its file, for the message
 * @text:  the file's bytes without the trailing newline (not NUL terminated)
 * @len:   bytes at @text
 * @msg:   on error: one line naming @path and the problem
 * @msize: bytes at @msg
 *
 * Pure (no file access): the fuzzers drive it with arbitrary bytes.
 *
 * Return: 0, or -1 with @msg set.
 */
int sim_host_parse_attr(struct sim_host_entry *e, enum sim_host_attr attr, const char *path,
			const unsigned char *text, size_t len, char *msg, size_t msize);

/**
 * sim_host_descs() - the raw map for the pipeline: "System RAM" shrinks to
 * the whole pages inside it, other types grow to every page they touch; an
 * entry that covers no page, and the last page of the 64-bit space, are dropped.
 * @entry: parsed entries
 * @n:     how many
 * @out:   room for @n descriptors
 *
 * Return: descriptors written.
 */
uint32_t sim_host_descs(const struct sim_host_entry *entry, uint32_t n, struct memmap_desc *out);

/**
 * sim_host_read() - read the tables and the firmware map under @root.
 * @h:        result (sim_host_free() it, also after an error)
 * @root:     the root directory ("/" for the running machine)
 * @warn:     "note: ..." (no SRAT: one node) and "warning: ..." lines
 *            (unknown type names, duplicate tables)
 * @msg:      on error: one line "FILE: problem (what to do)"
 * @msg_size: bytes at @msg
 *
 * A missing SRAT or SLIT is not an error (@h->srat / @h->slit stay NULL);
 * a missing or empty memmap directory is.
 *
 * Return: 0, or -1 with @msg set.
 */
int sim_host_read(struct sim_host *h, const char *root, const struct report_sink *warn,
		  char *msg, size_t msg_size);

/**
 * sim_host_report() - one line per map entry that is not System RAM,
 * after the memory report:
 *   firmware start=0x<hex> end=0x<hex> type="<name>"
 * (end exclusive, bytes exactly as the firmware map has them).
 * @h:   after sim_host_read()
 * @out: the sink
 */
void sim_host_report(const struct sim_host *h, const struct report_sink *out);

/**
 * sim_host_free() - release what sim_host_read() allocated.
 * @h: the result
 */
void sim_host_free(struct sim_host *h);

#endif /* TOOLS_SIM_HOST_H */

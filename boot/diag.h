/* SPDX-License-Identifier: MIT */
/*
 * diag.h - the one error shape of the boot/ parsers (memory map, ACPI
 * tables, kernel ELF, command line) and the warning log.
 *
 * An error names its source ("SRAT", "XSDT", "memmap", "ELF", "cmdline"),
 * a code, the byte offset (or character position) inside that source and
 * the offending value(s), so that every caller (UEFI console, serial, host
 * simulator) prints the same one-line message, e.g.
 * "SRAT: zero-length entry at offset 0xc0" or
 * "ELF: segment data past end of file (p_offset=0x9000, program header 1) at offset 0x80".
 *
 * Warnings are not fatal: they are collected in a small fixed log (the
 * first DIAG_LOG_MAX are kept, the rest only counted) and printed by the
 * report's verbose mode or by the simulator.
 *
 * Freestanding C11.
 */
#ifndef BOOT_DIAG_H
#define BOOT_DIAG_H

#include <stddef.h>
#include <stdint.h>

/* Error codes (struct diag_err.code); DIAG_OK is 0, the rest positive. */
enum diag_code {
	DIAG_OK = 0,
	DIAG_EINVAL,      /* bad argument (NULL pointer, zero size) */
	DIAG_ETRUNC,      /* fewer bytes than the structure needs: value = needed, value2 = available */
	DIAG_ESIG,        /* wrong signature or magic: value = the bytes found, little-endian */
	DIAG_ELENGTH,     /* declared length past the available data: value = length, value2 = available */
	DIAG_ESHORT,      /* declared length below the header size: value = length, value2 = minimum */
	DIAG_ECHECKSUM,   /* bytes do not sum to 0: value = the sum */
	DIAG_EXCHECKSUM,  /* RSDP extended checksum: value = the sum */
	DIAG_EZEROLEN,    /* subtable of length 0 */
	DIAG_EENTRYLEN,   /* subtable runs past the table end: value = its length, value2 = table length */
	DIAG_EENTRYSHORT, /* subtable shorter than its type needs: value = length, value2 = minimum */
	DIAG_EOVERFLOW,   /* base + length wraps past 2^64: value = base, value2 = length */
	DIAG_ETOOMANY,    /* more entries than a format allows: value = the count, value2 = limit */
	DIAG_ENOSPC,      /* caller-provided storage full: value = capacity */
	DIAG_EDESCSIZE,   /* memory descriptor size outside MEMMAP_DESC_MIN_SIZE..MEMMAP_DESC_MAX_SIZE
			   * (40..4096): value = the size, value2 = the minimum */
	DIAG_EVERSION,    /* unsupported format version: value = the version */
	DIAG_EUNMAPPED,   /* physical range not accessible: value = address, value2 = bytes */
	DIAG_ENOROOT,     /* RSDP names neither an XSDT nor an RSDT */
	DIAG_ESLITSIZE,   /* SLIT matrix does not fit: value = localities, value2 = bytes available */
	DIAG_ESLITDIST,   /* invalid SLIT distance: value = distance, value2 = row * N + column */
	DIAG_ECORE,       /* a bootmem2 call failed: value = its (negative) code, value2 = address */
	DIAG_EINTERNAL,   /* self-check failed: value = computed, value2 = expected */
	DIAG_EFIELD,      /* a header field is invalid: what = why, field = its name, value = its
			   * value, value2 = program header index + 1 (0: none) */
	DIAG_ESYNTAX,     /* a word is not understood: what = why, token = the word */
	DIAG_ETOOLONG,    /* text longer than its limit: value = length, value2 = limit */
	DIAG_EDOMAINS,    /* more than BOOTMEM_MAX_NODES proximity domains: value = the first
			   * domain beyond the limit, value2 = the limit */
	DIAG_NR_CODES
};

/**
 * struct diag_err - one fatal problem.
 * @code:   enum diag_code
 * @src:    what was being read: table signature ("SRAT"), "RSDP", "memmap"...
 * @offset: byte offset of the problem inside @src (for text: the position)
 * @value:  the offending value (see enum diag_code)
 * @value2: a second value: limit, length or expected value
 * @what:   DIAG_EFIELD, DIAG_ESYNTAX, DIAG_ETOOLONG: static text saying what is wrong
 * @field:  DIAG_EFIELD: static name of the field ("e_phoff")
 * @token:  DIAG_ESYNTAX: the offending word (truncated)
 */
struct diag_err {
	int code;
	char src[12];
	uint64_t offset;
	uint64_t value, value2;
	const char *what;
	const char *field;
	char token[40];
};

/* Warning codes (struct diag_warn.code) and the fields each one sets. */
enum diag_warn_code {
	DIAG_W_NONE = 0,
	DIAG_W_MAP_OVERLAP,      /* start, end: the overlap; type: EFI type kept; type2: type cut */
	DIAG_W_MAP_UNALIGNED,    /* start, end: usable entry not page aligned, trimmed; type */
	DIAG_W_NUMA_CONFLICT,    /* start, end: overlap; node, node2: the two nodes; NUMA disabled */
	DIAG_W_NUMA_SELF,        /* start, end: overlap; node: ranges of one node overlap */
	DIAG_W_NUMA_NOMEM,       /* SRAT has no enabled memory range: NUMA disabled */
	DIAG_W_UNCOVERED,        /* start, end: memory in no SRAT range; node: the node it was given */
	DIAG_W_RESV_OUTSIDE,     /* start, end: reserved range not (fully) managed; what */
	DIAG_W_IGNORED,          /* err: why the table @src was ignored */
	DIAG_W_DUPLICATE,        /* start: address of a second table of that signature, ignored */
	DIAG_W_SLIT_SHORT,       /* count: SLIT localities; pxm: a proximity domain beyond them */
	DIAG_W_NR_CODES
};

/**
 * struct diag_warn - one non-fatal finding. Callers fill it with designated
 * initialisers, naming each value; enum diag_warn_code says which are set.
 * @code:  enum diag_warn_code
 * @src:   source name ("memmap", "SRAT", "topology"...)
 * @start: first byte of the range concerned
 * @end:   its end (exclusive)
 * @node:  a node id
 * @node2: a second node id
 * @type:  an EFI memory type
 * @type2: a second EFI memory type
 * @what:  enum memmap_what
 * @pxm:   a proximity domain
 * @count: a count
 * @err:   DIAG_W_IGNORED: the error that made a table unusable
 */
struct diag_warn {
	uint32_t code;
	char src[12];
	uint64_t start, end;
	uint32_t node, node2;
	uint32_t type, type2;
	uint32_t what, pxm;
	uint64_t count;
	struct diag_err err;
};

#define DIAG_LOG_MAX 32

/**
 * struct diag_log - fixed-size warning log.
 * @w:       the first DIAG_LOG_MAX warnings
 * @n:       warnings stored in @w
 * @dropped: warnings that did not fit
 */
struct diag_log {
	struct diag_warn w[DIAG_LOG_MAX];
	uint32_t n;
	uint32_t dropped;
};

/**
 * diag_set() - fill in an error (a NULL @err is allowed and ignored).
 * @err:    destination
 * @code:   enum diag_code
 * @src:    source name, at most 11 characters are kept
 * @offset: byte offset inside the source
 * @value:  offending value
 * @value2: second value
 *
 * Return: -@code, so that parsers can `return diag_set(...)`.
 */
int diag_set(struct diag_err *err, int code, const char *src, uint64_t offset,
	     uint64_t value, uint64_t value2);

/**
 * diag_set_field() - a DIAG_EFIELD error (a NULL @err is allowed).
 * @err:    destination
 * @src:    source name ("ELF")
 * @what:   static text, e.g. "segment data past end of file"
 * @field:  static field name, e.g. "p_offset"
 * @offset: byte offset of the field in the source
 * @value:  its value
 * @index:  index of the entry it belongs to + 1 (0: the header)
 *
 * Return: -DIAG_EFIELD.
 */
int diag_set_field(struct diag_err *err, const char *src, const char *what, const char *field,
		   uint64_t offset, uint64_t value, uint64_t index);

/**
 * diag_set_syntax() - a DIAG_ESYNTAX error (a NULL @err is allowed).
 * @err:  destination
 * @src:  source name ("cmdline")
 * @what: static text, e.g. "unknown word"
 * @pos:  position of the word in the text
 * @tok:  the word (not NUL terminated)
 * @n:    its length (longer words are truncated with "...")
 *
 * Return: -DIAG_ESYNTAX.
 */
int diag_set_syntax(struct diag_err *err, const char *src, const char *what, uint64_t pos,
		    const char *tok, size_t n);

/**
 * diag_src_sig() - make a printable source name out of 4 signature bytes.
 * @dst: at least 5 bytes
 * @sig: 4 raw bytes; non-printable ones become '?'
 */
void diag_src_sig(char *dst, const uint8_t *sig);

/**
 * diag_strerror() - short text of an error code ("zero-length entry").
 * @code: enum diag_code
 *
 * Return: a static string; "unknown error" for unknown codes.
 */
const char *diag_strerror(int code);

/**
 * diag_format() - the one-line message of an error, without newline.
 * @err:  the error
 * @buf:  destination
 * @size: bytes in @buf
 *
 * Return: length of the full message (snprintf semantics).
 */
int diag_format(const struct diag_err *err, char *buf, size_t size);

/**
 * diag_log_init() - empty a warning log.
 * @log: the log
 */
void diag_log_init(struct diag_log *log);

/**
 * diag_warn() - append a copy of @w (a NULL @log is allowed and ignored).
 * @log: the log
 * @w:   the warning, e.g. &(struct diag_warn){ .code = DIAG_W_UNCOVERED,
 *       .src = "topology", .start = s, .end = e, .node = nid }
 */
void diag_warn(struct diag_log *log, const struct diag_warn *w);

/**
 * diag_warn_err() - append a DIAG_W_IGNORED warning carrying @err.
 * @log: the log
 * @err: why the table is ignored
 */
void diag_warn_err(struct diag_log *log, const struct diag_err *err);

/**
 * diag_warn_format() - the one-line text of a warning, without newline.
 * @w:    the warning
 * @buf:  destination
 * @size: bytes in @buf
 *
 * Return: length of the full message (snprintf semantics).
 */
int diag_warn_format(const struct diag_warn *w, char *buf, size_t size);

/**
 * diag_log_count() - how many warnings of one code the log saw (stored ones).
 * @log:  the log
 * @code: enum diag_warn_code
 *
 * Return: the count.
 */
uint32_t diag_log_count(const struct diag_log *log, uint32_t code);

#endif /* BOOT_DIAG_H */

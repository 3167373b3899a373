// SPDX-License-Identifier: MIT
/* sim_host.c - the running machine's SRAT, SLIT and firmware map; see sim_host.h. */
#define _POSIX_C_SOURCE 200809L
#include "sim_host.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_file.h"
#include "util.h"

typedef unsigned long long ull;

/* The names Linux writes (arch/x86/kernel/e820.c, e820_type_to_string). */
static const struct {
	const char *name;
	uint32_t type;
} host_types[] = {
	{ "System RAM", MEMMAP_TYPE_CONVENTIONAL },
	{ "Reserved", MEMMAP_TYPE_RESERVED },
	{ "ACPI Tables", MEMMAP_TYPE_ACPI_RECLAIM },
	{ "ACPI Non-volatile Storage", MEMMAP_TYPE_ACPI_NVS },
	{ "Unusable memory", MEMMAP_TYPE_UNUSABLE },
	{ "Persistent Memory (legacy)", MEMMAP_TYPE_PERSISTENT },
	{ "Persistent Memory", MEMMAP_TYPE_PERSISTENT },
	{ "Soft Reserved", MEMMAP_TYPE_RESERVED },
	{ "Unknown E820 type", MEMMAP_TYPE_RESERVED },
};

static int failf(char *msg, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int failf(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
	return -1;
}

/* "PATH: <strerror> (what to do)" for a failed open/read. */
static int fail_errno(char *msg, size_t size, const char *path, int e)
{
	const char *hint = "";

	if (e == EACCES || e == EPERM)
		hint = " (the firmware tables are readable by root only: run bootmem2-sim --host with sudo)";
	else if (e == EFBIG)
		return failf(msg, size, "%s: file too large", path);
	return failf(msg, size, "%s: %s%s", path, strerror(e), hint);
}

static int join(char *out, const char *root, const char *rest, char *msg, size_t size)
{
	size_t n = strlen(root);

	while (n > 0 && root[n - 1] == '/')
		n--;
	if ((size_t)snprintf(out, SIM_HOST_PATH_MAX, "%.*s%s", (int)n, root, rest) >=
	    SIM_HOST_PATH_MAX)
		return failf(msg, size, "%s: path too long", root);
	return 0;
}

static void warnf(const struct report_sink *warn, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warnf(const struct report_sink *warn, const char *fmt, ...)
{
	char line[SIM_HOST_PATH_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	report_emit(warn, line);
}

/*
 * One ACPI table: NAME, or NAME1 when Linux numbered several tables of that
 * signature (the loader uses the first one too). A missing table is no
 * error: *data stays NULL.
 */
static int read_table(const char *root, const char *name, char *path, unsigned char **data,
		      size_t *size, const struct report_sink *warn, char *msg, size_t msize)
{
	char rest[64], second[SIM_HOST_PATH_MAX];
	int e;

	snprintf(rest, sizeof(rest), "/sys/firmware/acpi/tables/%s", name);
	if (join(path, root, rest, msg, msize))
		return -1;
	e = sim_file_read(path, SIM_HOST_TABLE_MAX, data, size);
	if (e != ENOENT)
		return e ? fail_errno(msg, msize, path, e) : 0;
	snprintf(rest, sizeof(rest), "/sys/firmware/acpi/tables/%s1", name);
	if (join(second, root, rest, msg, msize))
		return -1;
	e = sim_file_read(second, SIM_HOST_TABLE_MAX, data, size);
	if (e == ENOENT)
		return 0;                       /* none: path names the plain name */
	if (e)
		return fail_errno(msg, msize, second, e);
	memcpy(path, second, sizeof(second));
	snprintf(rest, sizeof(rest), "/sys/firmware/acpi/tables/%s2", name);
	if (!join(second, root, rest, msg, msize)) {
		FILE *f = fopen(second, "rb");

		if (f) {
			fclose(f);
			warnf(warn, "warning: %s: another %s, ignored (using %s1, as the loader uses the first)",
			      second, name, name);
		}
	}
	return 0;
}

/* Show at most 24 bytes of a bad value, unprintable bytes as '?'. */
static const char *shown(const unsigned char *s, size_t n, char *buf, size_t size)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < size && k < 24; i++)
		buf[k++] = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\'') ? (char)s[i] : '?';
	buf[k] = '\0';
	return buf;
}

/* One attribute file: its text without one trailing newline. */
static int read_attr(const char *path, unsigned char **data, size_t *len, char *msg, size_t msize)
{
	int e = sim_file_read(path, SIM_HOST_ATTR_MAX, data, len);

	if (e == EFBIG)
		return failf(msg, msize, "%s: longer than %u bytes, not a sysfs attribute", path,
			     SIM_HOST_ATTR_MAX);
	if (e)
		return fail_errno(msg, msize, path, e);
	if (*len && (*data)[*len - 1] == '\n')
		(*data)[--*len] = '\0';
	if (!*len) {
		free(*data);
		*data = NULL;
		return failf(msg, msize, "%s: empty", path);
	}
	return 0;
}

/* "0x<1 or more hex digits>" that fits 64 bits. */
static int parse_hex(const char *path, const unsigned char *s, size_t n, uint64_t *out,
		     char *msg, size_t msize)
{
	char b[32];
	uint64_t v = 0;
	size_t i;

	if (n < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return failf(msg, msize, "%s: not a hex address: '%s'", path, shown(s, n, b, sizeof(b)));
	for (i = 2; i < n; i++) {
		unsigned d;

		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return failf(msg, msize, "%s: not a hex address: '%s'", path,
				     shown(s, n, b, sizeof(b)));
		if (v >> 60)
			return failf(msg, msize, "%s: address does not fit in 64 bits: '%s'", path,
				     shown(s, n, b, sizeof(b)));
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static int parse_type(const char *path, const unsigned char *s, size_t n,
		      struct sim_host_entry *e, char *msg, size_t msize)
{
	if (n >= SIM_HOST_TYPE_MAX)
		return failf(msg, msize, "%s: type name longer than %u bytes", path,
			     SIM_HOST_TYPE_MAX - 1);
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] >= 0x7f || s[i] == '"' || s[i] == '\\')
			return failf(msg, msize, "%s: not a type name (byte 0x%02x at %zu)", path,
				     s[i], i);
	memcpy(e->type, s, n);
	e->type[n] = '\0';
	e->flags = SIM_HOST_UNKNOWN;
	for (size_t i = 0; i < sizeof(host_types) / sizeof(host_types[0]); i++) {
		if (!strcmp(e->type, host_types[i].name)) {
			e->flags = host_types[i].type == MEMMAP_TYPE_CONVENTIONAL ?
				   SIM_HOST_RAM : 0;
			break;
		}
	}
	return 0;
}

static uint32_t efi_type(const struct sim_host_entry *e)
{
	for (size_t i = 0; i < sizeof(host_types) / sizeof(host_types[0]); i++)
		if (!strcmp(e->type, host_types[i].name))
			return host_types[i].type;
	return MEMMAP_TYPE_RESERVED;
}

int sim_host_parse_attr(struct sim_host_entry *e, enum sim_host_attr attr, const char *path,
			const unsigned char *text, size_t len, char *msg, size_t msize)
{
	switch (attr) {
	case SIM_HOST_START:
		return parse_hex(path, text, len, &e->start, msg, msize);
	case SIM_HOST_END:
		if (parse_hex(path, text, len, &e->last, msg, msize))
			return -1;
		if (e->last < e->start)
			return failf(msg, msize, "%s: end 0x%llx below start 0x%llx", path,
				     (ull)e->last, (ull)e->start);
		return 0;
	case SIM_HOST_TYPE:
		return parse_type(path, text, len, e, msg, msize);
	case SIM_HOST_NR_ATTRS:
		break;
	}
	return failf(msg, msize, "%s: unknown attribute", path);
}

static int read_entry(const char *dir, struct sim_host_entry *e, char *msg, size_t msize)
{
	static const char *const attr[SIM_HOST_NR_ATTRS] = { "start", "end", "type" };
	char path[SIM_HOST_PATH_MAX];

	for (int k = SIM_HOST_START; k < SIM_HOST_NR_ATTRS; k++) {
		unsigned char *d;
		size_t n;
		int rc;

		if ((size_t)snprintf(path, sizeof(path), "%s/%u/%s", dir, e->index, attr[k]) >=
		    sizeof(path))
			return failf(msg, msize, "%s: path too long", dir);
		if (read_attr(path, &d, &n, msg, msize))
			return -1;
		rc = sim_host_parse_attr(e, (enum sim_host_attr)k, path, d, n, msg, msize);
		free(d);
		if (rc)
			return -1;
	}
	return 0;
}

/* A directory name that is a canonical decimal entry number. */
static int entry_index(const char *name, uint32_t *index)
{
	uint32_t v = 0;
	size_t n = strlen(name);

	if (!n || n > 9 || (name[0] == '0' && n > 1))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		v = v * 10 + (uint32_t)(name[i] - '0');
	}
	*index = v;
	return 1;
}

static int index_cmp(const void *a, const void *b)
{
	const struct sim_host_entry *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

static int list_entries(struct sim_host *h, char *msg, size_t msize)
{
	DIR *d = opendir(h->memmap_path);
	struct dirent *de;
	uint32_t cap = 0;

	if (!d) {
		if (errno == ENOENT)
			return failf(msg, msize, "%s: %s (no firmware memory map: not Linux, or a kernel without CONFIG_FIRMWARE_MEMMAP)",
				     h->memmap_path, strerror(ENOENT));
		return fail_errno(msg, msize, h->memmap_path, errno);
	}
	for (;;) {
		uint32_t index;

		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno) {
				int e = errno;

				closedir(d);
				return fail_errno(msg, msize, h->memmap_path, e);
			}
			break;
		}
		if (!entry_index(de->d_name, &index))
			continue;
		if (h->nr_entries >= SIM_HOST_MAX_ENTRIES) {
			closedir(d);
			return failf(msg, msize, "%s: more than %u entries", h->memmap_path,
				     SIM_HOST_MAX_ENTRIES);
		}
		if (h->nr_entries == cap) {
			uint32_t ncap = cap ? cap * 2 : 64;
			struct sim_host_entry *p = realloc(h->entry, ncap * sizeof(*p));

			if (!p) {
				closedir(d);
				return failf(msg, msize, "%s: out of memory", h->memmap_path);
			}
			h->entry = p;
			cap = ncap;
		}
		memset(&h->entry[h->nr_entries], 0, sizeof(h->entry[0]));
		h->entry[h->nr_entries++].index = index;
	}
	closedir(d);
	if (!h->nr_entries)
		return failf(msg, msize, "%s: no entries (an empty firmware memory map)",
			     h->memmap_path);
	qsort(h->entry, h->nr_entries, sizeof(h->entry[0]), index_cmp);
	return 0;
}

/*
 * Descriptors: System RAM shrinks to the whole pages inside it, other types
 * grow to every page they touch; the last page of the 64-bit space cannot
 * be described (a descriptor must end below 2^64) and is dropped.
 */
uint32_t sim_host_descs(const struct sim_host_entry *entry, uint32_t n, struct memmap_desc *out)
{
	const uint64_t top = util_page_down(UINT64_MAX);
	uint32_t nr = 0;

	for (uint32_t i = 0; i < n; i++) {
		const struct sim_host_entry *e = &entry[i];
		struct memmap_desc *d = &out[nr];
		uint64_t s, end;

		if (e->flags & SIM_HOST_RAM) {
			if (!util_page_up(e->start, &s))
				continue;
			end = e->last >= top ? top : util_page_down(e->last + 1);
		} else {
			s = util_page_down(e->start);
			if (e->last >= top || !util_page_up(e->last + 1, &end))
				end = top;
		}
		if (s >= end)
			continue;
		memset(d, 0, sizeof(*d));
		d->type = (e->flags & SIM_HOST_RAM) ? MEMMAP_TYPE_CONVENTIONAL : efi_type(e);
		d->physical_start = s;
		d->number_of_pages = (end - s) / BOOTMEM_PAGE_SIZE;
		nr++;
	}
	return nr;
}

int sim_host_read(struct sim_host *h, const char *root, const struct report_sink *warn,
		  char *msg, size_t msg_size)
{
	memset(h, 0, sizeof(*h));
	if (!root || !*root)
		root = "/";
	if (read_table(root, "SRAT", h->srat_path, &h->srat, &h->srat_size, warn, msg, msg_size))
		return -1;
	if (!h->srat)
		warnf(warn, "note: %s absent: one node (no NUMA information)", h->srat_path);
	if (read_table(root, "SLIT", h->slit_path, &h->slit, &h->slit_size, warn, msg, msg_size) ||
	    join(h->memmap_path, root, "/sys/firmware/memmap", msg, msg_size) ||
	    list_entries(h, msg, msg_size))
		return -1;
	for (uint32_t i = 0; i < h->nr_entries; i++)
		if (read_entry(h->memmap_path, &h->entry[i], msg, msg_size))
			return -1;
	for (uint32_t i = 0; i < h->nr_entries; i++)
		if (h->entry[i].flags & SIM_HOST_UNKNOWN)
			warnf(warn, "warning: %s/%u/type: unknown memory type \"%s\", treated as reserved",
			      h->memmap_path, h->entry[i].index, h->entry[i].type);
	h->desc = calloc(h->nr_entries, sizeof(*h->desc));
	if (!h->desc)
		return failf(msg, msg_size, "%s: out of memory", h->memmap_path);
	h->nr_desc = sim_host_descs(h->entry, h->nr_entries, h->desc);
	return 0;
}

void sim_host_report(const struct sim_host *h, const struct report_sink *out)
{
	char line[SIM_HOST_TYPE_MAX + 96];

	for (uint32_t i = 0; i < h->nr_entries; i++) {
		const struct sim_host_entry *e = &h->entry[i];

		if (e->flags & SIM_HOST_RAM)
			continue;
		if (e->last == UINT64_MAX)
			snprintf(line, sizeof(line), "firmware start=0x%llx end=0x10000000000000000 type=\"%s\"",
				 (ull)e->start, e->type);
		else
			snprintf(line, sizeof(line), "firmware start=0x%llx end=0x%llx type=\"%s\"",
				 (ull)e->start, (ull)e->last + 1, e->type);
		report_emit(out, line);
	}
}

void sim_host_free(struct sim_host *h)
{
	free(h->srat);
	free(h->slit);
	free(h->entry);
	free(h->desc);
	h->srat = h->slit = NULL;
	h->entry = NULL;
	h->desc = NULL;
	h->nr_entries = h->nr_desc = 0;
}

// SPDX-License-Identifier: MIT
/* diag.c - see diag.h. Freestanding. */
#include "bootmem2.h"
#include "diag.h"
#include "fmt.h"
#include "memmap.h"
#include "util.h"

static void copy_src(char *dst, const char *src)
{
	size_t i = 0;

	if (src)
		for (; src[i] && i < 11; i++)
			dst[i] = src[i];
	dst[i] = '\0';
}

int diag_set(struct diag_err *err, int code, const char *src, uint64_t offset,
	     uint64_t value, uint64_t value2)
{
	if (err) {
		err->code = code;
		copy_src(err->src, src);
		err->offset = offset;
		err->value = value;
		err->value2 = value2;
		err->what = NULL;
		err->field = NULL;
		err->token[0] = '\0';
	}
	return -code;
}

int diag_set_field(struct diag_err *err, const char *src, const char *what, const char *field,
		   uint64_t offset, uint64_t value, uint64_t index)
{
	diag_set(err, DIAG_EFIELD, src, offset, value, index);
	if (err) {
		err->what = what;
		err->field = field;
	}
	return -DIAG_EFIELD;
}

int diag_set_syntax(struct diag_err *err, const char *src, const char *what, uint64_t pos,
		    const char *tok, size_t n)
{
	const size_t room = sizeof(err->token);
	size_t i;

	diag_set(err, DIAG_ESYNTAX, src, pos, n, 0);
	if (!err)
		return -DIAG_ESYNTAX;
	err->what = what;
	for (i = 0; i < n && i + 1 < room; i++)
		err->token[i] = tok[i];
	if (i < n)
		util_copy(err->token + room - 4, "...", 4);
	else
		err->token[i] = '\0';
	return -DIAG_ESYNTAX;
}

void diag_src_sig(char *dst, const uint8_t *sig)
{
	for (int i = 0; i < 4; i++)
		dst[i] = sig[i] >= 0x20 && sig[i] < 0x7f ? (char)sig[i] : '?';
	dst[4] = '\0';
}

const char *diag_strerror(int code)
{
	switch (code) {
	case DIAG_OK: return "success";
	case DIAG_EINVAL: return "invalid argument";
	case DIAG_ETRUNC: return "truncated";
	case DIAG_ESIG: return "bad signature";
	case DIAG_ELENGTH: return "length past the end of the data";
	case DIAG_ESHORT: return "length shorter than the header";
	case DIAG_ECHECKSUM: return "bad checksum";
	case DIAG_EXCHECKSUM: return "bad extended checksum";
	case DIAG_EZEROLEN: return "zero-length entry";
	case DIAG_EENTRYLEN: return "entry length past the table end";
	case DIAG_EENTRYSHORT: return "entry too short for its type";
	case DIAG_EOVERFLOW: return "base + length overflows";
	case DIAG_ETOOMANY: return "too many entries";
	case DIAG_ENOSPC: return "out of storage";
	case DIAG_EDESCSIZE: return "bad descriptor size";
	case DIAG_EVERSION: return "unsupported version";
	case DIAG_EUNMAPPED: return "address not accessible";
	case DIAG_ENOROOT: return "no XSDT or RSDT";
	case DIAG_ESLITSIZE: return "locality matrix does not fit";
	case DIAG_ESLITDIST: return "invalid distance";
	case DIAG_ECORE: return "bootmem2 call failed";
	case DIAG_EINTERNAL: return "internal check failed";
	case DIAG_EFIELD: return "invalid field";
	case DIAG_ESYNTAX: return "not understood";
	case DIAG_ETOOLONG: return "too long";
	case DIAG_EDOMAINS: return "too many proximity domains";
	default: return "unknown error";
	}
}

typedef unsigned long long ull;

static int format_err(char *buf, size_t size, const struct diag_err *err)
{
	const char *s = err->src[0] ? err->src : "?";
	const char *what = err->what ? err->what : diag_strerror(err->code);
	int code = err->code;
	uint64_t off = err->offset, v = err->value, v2 = err->value2;

	switch (code) {
	case DIAG_EFIELD:
		if (v2)
			return fmt_snprintf(buf, size, "%s: %s (%s=0x%llx, program header %llu) at offset 0x%llx",
					    s, what, err->field ? err->field : "?", (ull)v,
					    (ull)(v2 - 1), (ull)off);
		return fmt_snprintf(buf, size, "%s: %s (%s=0x%llx) at offset 0x%llx", s, what,
				    err->field ? err->field : "?", (ull)v, (ull)off);
	case DIAG_ESYNTAX:
		return fmt_snprintf(buf, size, "%s: %s '%s' at position %llu", s, what, err->token,
				    (ull)off);
	case DIAG_ETOOLONG:
		return fmt_snprintf(buf, size, "%s: %s: %llu characters, limit %llu", s, what,
				    (ull)v, (ull)v2);
	case DIAG_ETRUNC:
		return fmt_snprintf(buf, size, "%s: truncated: need %llu bytes, have %llu at offset 0x%llx",
				    s, (ull)v, (ull)v2, (ull)off);
	case DIAG_ESIG:
		return fmt_snprintf(buf, size, "%s: bad signature (0x%llx) at offset 0x%llx",
				    s, (ull)v, (ull)off);
	case DIAG_ELENGTH:
		return fmt_snprintf(buf, size, "%s: length %llu past the end of the data (%llu bytes) at offset 0x%llx",
				    s, (ull)v, (ull)v2, (ull)off);
	case DIAG_ESHORT:
		return fmt_snprintf(buf, size, "%s: length %llu shorter than the header (%llu) at offset 0x%llx",
				    s, (ull)v, (ull)v2, (ull)off);
	case DIAG_ECHECKSUM:
	case DIAG_EXCHECKSUM:
		return fmt_snprintf(buf, size, "%s: %s (byte sum 0x%llx) at offset 0x%llx",
				    s, diag_strerror(code), (ull)v, (ull)off);
	case DIAG_EZEROLEN:
		return fmt_snprintf(buf, size, "%s: zero-length entry at offset 0x%llx", s, (ull)off);
	case DIAG_EENTRYLEN:
		return fmt_snprintf(buf, size, "%s: entry length %llu past the table end (%llu) at offset 0x%llx",
				    s, (ull)v, (ull)v2, (ull)off);
	case DIAG_EENTRYSHORT:
		return fmt_snprintf(buf, size, "%s: entry length %llu too short for its type (needs %llu) at offset 0x%llx",
				    s, (ull)v, (ull)v2, (ull)off);
	case DIAG_EOVERFLOW:
		return fmt_snprintf(buf, size, "%s: base 0x%llx + length 0x%llx overflows at offset 0x%llx",
				    s, (ull)v, (ull)v2, (ull)off);
	case DIAG_ETOOMANY:
		return fmt_snprintf(buf, size, "%s: too many entries (%llu, limit %llu) at offset 0x%llx",
				    s, (ull)v, (ull)v2, (ull)off);
	case DIAG_ENOSPC:
		return fmt_snprintf(buf, size, "%s: out of storage (capacity %llu) at offset 0x%llx",
				    s, (ull)v, (ull)off);
	case DIAG_EDOMAINS:
		return fmt_snprintf(buf, size, "%s: more than %llu proximity domains (domain %llu) at offset 0x%llx",
				    s, (ull)v2, (ull)v, (ull)off);
	case DIAG_EDESCSIZE:
		return fmt_snprintf(buf, size, "%s: descriptor size %llu invalid (valid %u..%u) at offset 0x%llx",
				    s, (ull)v, MEMMAP_DESC_MIN_SIZE, MEMMAP_DESC_MAX_SIZE, (ull)off);
	case DIAG_EVERSION:
		return fmt_snprintf(buf, size, "%s: unsupported version %llu at offset 0x%llx",
				    s, (ull)v, (ull)off);
	case DIAG_EUNMAPPED:
		return fmt_snprintf(buf, size, "%s: address 0x%llx (%llu bytes) not accessible at offset 0x%llx",
				    s, (ull)v, (ull)v2, (ull)off);
	case DIAG_ENOROOT:
		return fmt_snprintf(buf, size, "%s: no XSDT or RSDT address at offset 0x%llx", s, (ull)off);
	case DIAG_ESLITSIZE:
		return fmt_snprintf(buf, size, "%s: %llu localities do not fit in %llu bytes at offset 0x%llx",
				    s, (ull)v, (ull)v2, (ull)off);
	case DIAG_ESLITDIST:
		return fmt_snprintf(buf, size, "%s: invalid distance %llu at offset 0x%llx",
				    s, (ull)v, (ull)off);
	case DIAG_ECORE:
		return fmt_snprintf(buf, size, "%s: %s at 0x%llx",
				    s, bootmem_strerror((int)(int64_t)v), (ull)v2);
	case DIAG_EINTERNAL:
		return fmt_snprintf(buf, size, "%s: internal check failed (%llu != %llu) at offset 0x%llx",
				    s, (ull)v, (ull)v2, (ull)off);
	default:
		return fmt_snprintf(buf, size, "%s: %s at offset 0x%llx", s, diag_strerror(code), (ull)off);
	}
}

int diag_format(const struct diag_err *err, char *buf, size_t size)
{
	return format_err(buf, size, err);
}

void diag_log_init(struct diag_log *log)
{
	util_bzero(log, sizeof(*log));
}

void diag_warn(struct diag_log *log, const struct diag_warn *w)
{
	if (!log)
		return;
	if (log->n >= DIAG_LOG_MAX) {
		log->dropped++;
		return;
	}
	log->w[log->n] = *w;
	log->w[log->n].src[sizeof(w->src) - 1] = '\0';
	log->n++;
}

void diag_warn_err(struct diag_log *log, const struct diag_err *err)
{
	struct diag_warn w = { .code = DIAG_W_IGNORED, .err = *err };

	copy_src(w.src, err->src);
	diag_warn(log, &w);
}

int diag_warn_format(const struct diag_warn *w, char *buf, size_t size)
{
	const char *s = w->src[0] ? w->src : "?";
	int n;

	switch (w->code) {
	case DIAG_W_MAP_OVERLAP:
		return fmt_snprintf(buf, size, "%s: entries overlap at 0x%llx-0x%llx, kept %s over %s",
				    s, (ull)w->start, (ull)w->end, memmap_type_name(w->type),
				    memmap_type_name(w->type2));
	case DIAG_W_MAP_UNALIGNED:
		return fmt_snprintf(buf, size, "%s: usable entry 0x%llx-0x%llx not page aligned, trimmed",
				    s, (ull)w->start, (ull)w->end);
	case DIAG_W_NUMA_CONFLICT:
		return fmt_snprintf(buf, size, "%s: node %u and node %u overlap at 0x%llx-0x%llx, NUMA disabled",
				    s, w->node, w->node2, (ull)w->start, (ull)w->end);
	case DIAG_W_NUMA_SELF:
		return fmt_snprintf(buf, size, "%s: ranges of node %u overlap at 0x%llx-0x%llx",
				    s, w->node, (ull)w->start, (ull)w->end);
	case DIAG_W_NUMA_NOMEM:
		return fmt_snprintf(buf, size, "%s: no enabled memory range, NUMA disabled", s);
	case DIAG_W_UNCOVERED:
		return fmt_snprintf(buf, size, "%s: memory 0x%llx-0x%llx not in any SRAT range, given to node %u",
				    s, (ull)w->start, (ull)w->end, w->node);
	case DIAG_W_RESV_OUTSIDE:
		return fmt_snprintf(buf, size, "%s: reserved range 0x%llx-0x%llx what=%s not fully in managed memory",
				    s, (ull)w->start, (ull)w->end, memmap_what_name(w->what));
	case DIAG_W_IGNORED:
		n = format_err(buf, size, &w->err);
		return n + fmt_snprintf((size_t)n < size ? buf + n : NULL,
					(size_t)n < size ? size - (size_t)n : 0, ", table ignored");
	case DIAG_W_DUPLICATE:
		return fmt_snprintf(buf, size, "%s: another table at 0x%llx ignored, using the first",
				    s, (ull)w->start);
	case DIAG_W_SLIT_SHORT:
		return fmt_snprintf(buf, size, "%s: %llu localities but proximity domain %u in the SRAT, default distances used",
				    s, (ull)w->count, w->pxm);
	default:
		return fmt_snprintf(buf, size, "%s: warning %u at 0x%llx-0x%llx", s, w->code,
				    (ull)w->start, (ull)w->end);
	}
}

uint32_t diag_log_count(const struct diag_log *log, uint32_t code)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < log->n; i++)
		n += log->w[i].code == code;
	return n;
}

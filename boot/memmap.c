// SPDX-License-Identifier: MIT
/*
 * memmap.c - normalise a raw UEFI memory map; memmap.bin dump format.
 * See memmap.h. Freestanding.
 */
#include "memmap.h"

#include "ranges.h"
#include "util.h"

#define SRC "memmap"

_Static_assert(RANGES_ELEM_OK(struct memmap_entry), "memmap_entry is a painter element");

uint32_t memmap_capacity(uint32_t count)
{
	return count ? 2 * count : 1;
}

void memmap_init(struct memmap *mm, struct memmap_entry *e, uint32_t cap)
{
	mm->e = e;
	mm->n = 0;
	mm->cap = cap;
	mm->flags = 0;
	mm->usable_pages = 0;
}

enum memmap_kind memmap_classify(uint32_t type, uint64_t attr, unsigned flags,
				 enum memmap_what *what)
{
	*what = MEMMAP_WHAT_NONE;
	if (attr & MEMMAP_ATTR_SP)
		return MEMMAP_RESERVED;
	switch (type) {
	case MEMMAP_TYPE_CONVENTIONAL:
		return MEMMAP_FREE;
	case MEMMAP_TYPE_BS_CODE:
	case MEMMAP_TYPE_BS_DATA:
		if (flags & MEMMAP_BS_FREE)
			return MEMMAP_FREE;
		*what = type == MEMMAP_TYPE_BS_CODE ? MEMMAP_WHAT_BS_CODE : MEMMAP_WHAT_BS_DATA;
		return MEMMAP_INUSE;
	case MEMMAP_TYPE_LOADER_CODE:
	case MEMMAP_TYPE_LOADER_DATA:
		if (flags & MEMMAP_LOADER_FREE)
			return MEMMAP_FREE;
		*what = type == MEMMAP_TYPE_LOADER_CODE ? MEMMAP_WHAT_LOADER_CODE : MEMMAP_WHAT_LOADER_DATA;
		return MEMMAP_INUSE;
	default:
		return MEMMAP_RESERVED;
	}
}

const char *memmap_type_name(uint32_t type)
{
	static const char *const names[] = {
		"reserved", "loader_code", "loader_data", "bs_code", "bs_data",
		"runtime_code", "runtime_data", "conventional", "unusable",
		"acpi_reclaim", "acpi_nvs", "mmio", "mmio_port", "pal_code",
		"persistent", "unaccepted",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
}

static int entry_cmp(const void *a, const void *b)
{
	const struct memmap_entry *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return 0;
}

/* The stricter class keeps overlapped bytes; on a tie the earlier entry. */
static int stricter(const void *new_elem, const void *old_elem)
{
	const struct memmap_entry *x = new_elem, *o = old_elem;

	return x->kind > o->kind;
}

static void overlap_warn(void *ctx, const void *winner, const void *loser, uint64_t s, uint64_t e)
{
	const struct memmap_entry *w = winner, *l = loser;

	diag_warn(ctx, &(struct diag_warn){ .code = DIAG_W_MAP_OVERLAP, .src = SRC, .start = s,
				     .end = e, .type = w->type, .type2 = l->type });
}

static bool can_merge(const struct memmap_entry *a, const struct memmap_entry *b)
{
	if (a->end != b->start || a->kind != b->kind)
		return false;
	if (a->kind == MEMMAP_FREE)
		return true;
	if (a->kind == MEMMAP_INUSE)
		return a->what == b->what;
	return false;
}

/* A raw map as memmap_normalise() reads it. */
struct raw {
	const uint8_t *p;
	uint64_t desc_size, count;
};

/* Step 1: the map's shape: stride, count and size. */
static int check_shape(const struct raw *r, uint64_t buf_size, struct diag_err *err)
{
	if (r->desc_size < MEMMAP_DESC_MIN_SIZE || r->desc_size > MEMMAP_DESC_MAX_SIZE)
		return diag_set(err, DIAG_EDESCSIZE, SRC, 0, r->desc_size, MEMMAP_DESC_MIN_SIZE);
	if (r->count > MEMMAP_MAX_DESCS)
		return diag_set(err, DIAG_ETOOMANY, SRC, 0, r->count, MEMMAP_MAX_DESCS);
	if (r->count * r->desc_size > buf_size)
		return diag_set(err, DIAG_ETRUNC, SRC, 0, r->count * r->desc_size, buf_size);
	return 0;
}

/* Step 2: count the non-empty descriptors; none may wrap past 2^64. */
static int count_nonempty(const struct raw *r, uint32_t *k, struct diag_err *err)
{
	*k = 0;
	for (uint64_t i = 0; i < r->count; i++) {
		const uint8_t *d = r->p + i * r->desc_size;
		uint64_t start = util_rd64(d, 8), pages = util_rd64(d, 24);

		if (!pages)
			continue;
		if (pages > UINT64_MAX / BOOTMEM_PAGE_SIZE ||
		    start > UINT64_MAX - pages * BOOTMEM_PAGE_SIZE ||
		    start + pages * BOOTMEM_PAGE_SIZE == 0)
			return diag_set(err, DIAG_EOVERFLOW, SRC, i * r->desc_size, start, pages);
		(*k)++;
	}
	return 0;
}

/* Step 3: classify the non-empty descriptors into @o (sorted by start). */
static void stage(const struct raw *r, unsigned flags, struct memmap_entry *o, uint32_t k)
{
	uint32_t w = 0;

	for (uint64_t i = 0; i < r->count; i++) {
		const uint8_t *d = r->p + i * r->desc_size;
		uint64_t start = util_rd64(d, 8), pages = util_rd64(d, 24);
		struct memmap_entry *e = &o[w];
		enum memmap_what what;

		if (!pages)
			continue;
		e->start = start;
		e->end = start + pages * BOOTMEM_PAGE_SIZE;
		e->type = util_rd32(d, 0);
		e->attr = util_rd64(d, 32);
		e->kind = (uint8_t)memmap_classify(e->type, e->attr, flags, &what);
		e->what = (uint8_t)what;
		e->reserved = 0;
		e->index = (uint32_t)i;
		e->reserved2 = 0;
		w++;
	}
	util_sort(o, k, sizeof(*o), entry_cmp);
}

/*
 * Step 4: paint each staged entry (at o[base..base+k)) into the output run
 * growing from o[0]; every overlap is a warning. o[base + i] is consumed
 * first: outputs may then grow up to it. Returns the outputs.
 */
static int paint_all(struct memmap *mm, uint32_t base, uint32_t k, uint64_t desc_size,
		     uint32_t *n, struct diag_log *log, struct diag_err *err)
{
	struct ranges out = { mm->e, sizeof(*mm->e), 0, 0, stricter, overlap_warn, log };

	for (uint32_t i = 0; i < k; i++) {
		struct memmap_entry x = mm->e[base + i];

		out.cap = base + i + 1;
		if (ranges_paint(&out, &x))
			return diag_set(err, DIAG_ENOSPC, SRC, (uint64_t)x.index * desc_size,
					mm->cap, 0);
	}
	*n = out.n;
	return 0;
}

/* Step 5: trim usable pieces to whole pages, coalesce, count usable pages. */
static void trim_and_coalesce(struct memmap *mm, uint32_t n, struct diag_log *log)
{
	struct memmap_entry *o = mm->e;
	uint32_t w = 0;

	for (uint32_t i = 0; i < n; i++) {
		struct memmap_entry e = o[i];

		if (e.kind != MEMMAP_RESERVED) {
			uint64_t s, end = util_page_down(e.end);

			if (!util_page_up(e.start, &s))
				s = end;
			if (s != e.start || end != e.end)
				diag_warn(log, &(struct diag_warn){ .code = DIAG_W_MAP_UNALIGNED,
					  .src = SRC, .start = e.start, .end = e.end, .type = e.type });
			if (s >= end)
				continue;
			e.start = s;
			e.end = end;
		}
		if (w && can_merge(&o[w - 1], &e)) {
			o[w - 1].end = e.end;
			continue;
		}
		o[w++] = e;
	}
	mm->n = w;
	for (uint32_t i = 0; i < w; i++)
		if (o[i].kind != MEMMAP_RESERVED)
			mm->usable_pages += (o[i].end - o[i].start) / BOOTMEM_PAGE_SIZE;
}

int memmap_normalise(struct memmap *mm, const void *buf, uint64_t buf_size,
		     uint64_t desc_size, uint64_t count, unsigned flags,
		     struct diag_log *log, struct diag_err *err)
{
	struct raw r = { buf, desc_size, count };
	uint32_t k = 0, n = 0;
	int rc;

	if (!mm || !mm->e || !mm->cap || (count && !buf))
		return diag_set(err, DIAG_EINVAL, SRC, 0, 0, 0);
	mm->n = 0;
	mm->flags = flags;
	mm->usable_pages = 0;
	rc = check_shape(&r, buf_size, err);
	if (!rc)
		rc = count_nonempty(&r, &k, err);
	if (rc)
		return rc;
	if (k > mm->cap)
		return diag_set(err, DIAG_ENOSPC, SRC, 0, mm->cap, k);
	stage(&r, flags, &mm->e[mm->cap - k], k);
	rc = paint_all(mm, mm->cap - k, k, desc_size, &n, log, err);
	if (rc)
		return rc;
	trim_and_coalesce(mm, n, log);
	return 0;
}

/* ---- memmap.bin ------------------------------------------------------ */

#define DUMP_SRC "memmap.bin"
#define DUMP_HDR sizeof(struct memmap_dump_header)

uint64_t memmap_dump_size(uint32_t desc_size, uint32_t count)
{
	return DUMP_HDR + (uint64_t)desc_size * count;
}

uint64_t memmap_dump_write(void *buf, uint64_t size, const void *desc,
			   uint32_t desc_size, uint32_t desc_version, uint32_t count)
{
	uint64_t need = memmap_dump_size(desc_size, count);
	uint8_t *b = buf;

	if (desc_size < MEMMAP_DESC_MIN_SIZE || need > size || (count && !desc))
		return 0;
	util_bzero(b, DUMP_HDR);
	util_copy(b, MEMMAP_DUMP_MAGIC, sizeof(MEMMAP_DUMP_MAGIC));
	util_wr32(b, offsetof(struct memmap_dump_header, version), MEMMAP_DUMP_VERSION);
	util_wr32(b, offsetof(struct memmap_dump_header, header_size), (uint32_t)DUMP_HDR);
	util_wr32(b, offsetof(struct memmap_dump_header, desc_size), desc_size);
	util_wr32(b, offsetof(struct memmap_dump_header, desc_version), desc_version);
	util_wr32(b, offsetof(struct memmap_dump_header, count), count);
	util_copy(b + DUMP_HDR, desc, (size_t)desc_size * count);
	return need;
}

int memmap_dump_parse(const void *buf, uint64_t size, struct memmap_dump *out,
		      struct diag_err *err)
{
	const uint8_t *b = buf;
	uint32_t version, hsize, dsize, count;
	uint64_t need;

	if (!b || !out)
		return diag_set(err, DIAG_EINVAL, DUMP_SRC, 0, 0, 0);
	if (size < DUMP_HDR)
		return diag_set(err, DIAG_ETRUNC, DUMP_SRC, 0, DUMP_HDR, size);
	for (unsigned i = 0; i < sizeof(MEMMAP_DUMP_MAGIC); i++)
		if (b[i] != (uint8_t)MEMMAP_DUMP_MAGIC[i])
			return diag_set(err, DIAG_ESIG, DUMP_SRC, 0, util_rd64(b, 0), 0);
	version = util_rd32(b, offsetof(struct memmap_dump_header, version));
	hsize = util_rd32(b, offsetof(struct memmap_dump_header, header_size));
	dsize = util_rd32(b, offsetof(struct memmap_dump_header, desc_size));
	count = util_rd32(b, offsetof(struct memmap_dump_header, count));
	if (version != MEMMAP_DUMP_VERSION)
		return diag_set(err, DIAG_EVERSION, DUMP_SRC,
				offsetof(struct memmap_dump_header, version), version, 0);
	if (hsize < DUMP_HDR)
		return diag_set(err, DIAG_ESHORT, DUMP_SRC,
				offsetof(struct memmap_dump_header, header_size), hsize, DUMP_HDR);
	if (dsize < MEMMAP_DESC_MIN_SIZE || dsize > MEMMAP_DESC_MAX_SIZE)
		return diag_set(err, DIAG_EDESCSIZE, DUMP_SRC,
				offsetof(struct memmap_dump_header, desc_size), dsize,
				MEMMAP_DESC_MIN_SIZE);
	if (count > MEMMAP_MAX_DESCS)
		return diag_set(err, DIAG_ETOOMANY, DUMP_SRC,
				offsetof(struct memmap_dump_header, count), count, MEMMAP_MAX_DESCS);
	need = (uint64_t)hsize + (uint64_t)dsize * count;
	if (need != size)
		return diag_set(err, DIAG_ELENGTH, DUMP_SRC, size < need ? size : need, need, size);
	out->desc = b + hsize;
	out->header_size = hsize;
	out->desc_size = dsize;
	out->desc_version = util_rd32(b, offsetof(struct memmap_dump_header, desc_version));
	out->count = count;
	return 0;
}

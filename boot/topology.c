// SPDX-License-Identifier: MIT
/* topology.c - blocks per NUMA node, driving the core. See topology.h. */
#include "topology.h"

#include "ranges.h"
#include "util.h"

_Static_assert(RANGES_ELEM_OK(struct topo_resv), "topo_resv is a painter element");

#define SRC "topology"

uint32_t topo_block_capacity(const struct memmap *mm, const struct acpi_numa *numa)
{
	uint64_t n = (uint64_t)mm->n + 1;

	if (numa)
		n += 2ULL * numa->nr_mem;
	return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

uint32_t topo_resv_capacity(const struct memmap *mm)
{
	uint64_t n = 4ULL * mm->n + 2ULL * TOPO_MAX_EXTRA + 4;

	return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

void topo_init(struct topo *t, struct topo_block *blocks, uint32_t block_cap,
	       struct topo_resv *resv, uint32_t resv_cap, struct diag_log *log)
{
	/* Everything but the node table, which topo_layout() fills for the nodes it has. */
	util_bzero(t, offsetof(struct topo, node));
	t->block = blocks;
	t->block_cap = block_cap;
	t->resv = resv;
	t->resv_cap = resv_cap;
	t->log = log;
}

bool topo_usable_next(const struct memmap *mm, uint32_t *pos, uint64_t *start, uint64_t *end)
{
	uint32_t i = *pos;

	while (i < mm->n && mm->e[i].kind == MEMMAP_RESERVED)
		i++;
	if (i >= mm->n) {
		*pos = i;
		return false;
	}
	*start = mm->e[i].start;
	*end = mm->e[i].end;
	for (i++; i < mm->n && mm->e[i].kind != MEMMAP_RESERVED && mm->e[i].start == *end; i++)
		*end = mm->e[i].end;
	*pos = i;
	return true;
}

/*
 * SRAT range in whole pages: a page belongs to the range holding its first
 * byte, i.e. base <= page < end, which for page-aligned pages is
 * roundup(base) <= page < roundup(end).
 */
static void srat_pages(const struct acpi_numa_mem *r, uint64_t *s, uint64_t *e)
{
	if (!util_page_up(r->base, s))
		*s = util_page_down(UINT64_MAX);
	if (!util_page_up(r->end, e))
		*e = util_page_down(UINT64_MAX);
}

/*
 * Presence cursor: does [s, e) overlap usable memory? Queries must come with
 * non-decreasing @s (the SRAT ranges are sorted by base).
 */
struct presence {
	const struct memmap *mm;
	uint32_t i;
};

static bool present(struct presence *p, uint64_t s, uint64_t e)
{
	const struct memmap *mm = p->mm;
	uint32_t i;

	while (p->i < mm->n && mm->e[p->i].end <= s)
		p->i++;
	for (i = p->i; i < mm->n && mm->e[i].start < e; i++)
		if (mm->e[i].kind != MEMMAP_RESERVED)
			return true;
	return false;
}

bool topo_range_present(const struct memmap *mm, uint64_t start, uint64_t end)
{
	struct presence p = { mm, 0 };

	return start < end && present(&p, start, end);
}

/* NUMA usable? Sets TOPO_NUMA_* and warns. */
static bool numa_usable(struct topo *t, const struct memmap *mm, const struct acpi_numa *numa)
{
	struct presence pr = { mm, 0 };
	uint64_t cov_end = 0;
	uint32_t cov_nid = 0;
	bool ok = true;

	if (!numa)
		return false;
	if (!numa->nr_mem) {
		t->flags |= TOPO_NUMA_NOMEM;
		diag_warn(t->log, &(struct diag_warn){ .code = DIAG_W_NUMA_NOMEM, .src = "SRAT" });
		return false;
	}
	for (uint32_t i = 0; i < numa->nr_mem; i++) {
		const struct acpi_numa_mem *r = &numa->mem[i];
		uint64_t s, e;

		srat_pages(r, &s, &e);
		if (s >= e || !present(&pr, s, e))
			continue;
		if (s < cov_end) {
			uint64_t oe = util_min(e, cov_end);

			if (r->nid != cov_nid) {
				diag_warn(t->log, &(struct diag_warn){ .code = DIAG_W_NUMA_CONFLICT, .src = "SRAT",
					  .start = s, .end = oe, .node = cov_nid, .node2 = r->nid });
				t->flags |= TOPO_NUMA_CONFLICT;
				ok = false;
				break;
			}
			diag_warn(t->log, &(struct diag_warn){ .code = DIAG_W_NUMA_SELF, .src = "SRAT",
				  .start = s, .end = oe, .node = r->nid });
		}
		if (e > cov_end) {
			cov_end = e;
			cov_nid = r->nid;
		}
	}
	return ok;
}

static int add_piece(struct topo *t, uint64_t s, uint64_t e, uint32_t nid, struct diag_err *err)
{
	struct topo_block *last = t->nr_blocks ? &t->block[t->nr_blocks - 1] : NULL;

	if (s >= e)
		return 0;
	if (last && last->nid == nid && last->end == s) {
		last->end = e;
		return 0;
	}
	if (t->nr_blocks >= t->block_cap)
		return diag_set(err, DIAG_ENOSPC, SRC, s, t->block_cap, 0);
	t->block[t->nr_blocks].start = s;
	t->block[t->nr_blocks].end = e;
	t->block[t->nr_blocks].nid = nid;
	t->block[t->nr_blocks].reserved = 0;
	t->block[t->nr_blocks].free_pages = TOPO_FREE_UNKNOWN;
	t->nr_blocks++;
	return 0;
}

/* Split the usable ranges at SRAT boundaries (sweep, see topology.h rules). */
static int split_numa(struct topo *t, const struct memmap *mm, const struct acpi_numa *numa,
		      struct diag_err *err)
{
	struct presence pr = { mm, 0 };
	uint64_t us, ue, cov_end = 0;
	uint32_t pos = 0, j = 0, cov_nid = 0;

	while (topo_usable_next(mm, &pos, &us, &ue)) {
		uint64_t p = us;

		while (p < ue) {
			uint64_t q;
			int rc;

			/* Take in every present range that starts at or below p. */
			for (; j < numa->nr_mem; j++) {
				uint64_t s, e;

				srat_pages(&numa->mem[j], &s, &e);
				if (s > p)
					break;
				if (s >= e || !present(&pr, s, e))
					continue;
				if (e > cov_end) {
					cov_end = e;
					cov_nid = numa->mem[j].nid;
				}
			}
			if (cov_end > p) {
				q = util_min(ue, cov_end);
				rc = add_piece(t, p, q, cov_nid, err);
			} else {
				uint32_t nid;
				uint64_t next = ue;

				/* Next present range start bounds the uncovered piece. */
				for (uint32_t k = j; k < numa->nr_mem; k++) {
					uint64_t s, e;

					srat_pages(&numa->mem[k], &s, &e);
					if (s >= ue)
						break;
					if (s < e && s > p) {
						struct presence tmp = pr;

						if (present(&tmp, s, e)) {
							next = s;
							break;
						}
					}
				}
				q = next;
				/* All ranges taken in end at or below p: the one with
				 * the highest end is the nearest below. */
				nid = cov_end ? cov_nid : 0;
				diag_warn(t->log, &(struct diag_warn){ .code = DIAG_W_UNCOVERED, .src = SRC,
					  .start = p, .end = q, .node = nid });
				rc = add_piece(t, p, q, nid, err);
			}
			if (rc)
				return rc;
			p = q;
		}
	}
	return 0;
}

int topo_layout(struct topo *t, const struct memmap *mm, const struct acpi_numa *numa,
		struct diag_err *err)
{
	uint64_t us, ue;
	uint32_t pos = 0;
	int rc = 0;

	if (!t || !mm || (!t->block && t->block_cap))
		return diag_set(err, DIAG_EINVAL, SRC, 0, 0, 0);
	t->flags = 0;
	t->nr_blocks = 0;
	t->nr_resv = 0;
	t->total_pages = 0;
	t->mm = mm;
	t->numa = numa;
	t->slit = NULL;
	util_bzero(t->node, sizeof(t->node[0]) * (numa && numa->nr_nodes ? numa->nr_nodes : 1));

	if (numa_usable(t, mm, numa)) {
		t->flags |= TOPO_NUMA;
		t->nr_nodes = numa->nr_nodes;
		for (uint32_t i = 0; i < numa->nr_nodes; i++) {
			t->node[i].nid = i;
			t->node[i].pxm = numa->node[i].pxm;
			t->node[i].flags = numa->node[i].flags;
			t->node[i].nr_cpus = numa->node[i].nr_cpus;
		}
		for (uint32_t i = 0; i < numa->nr_mem; i++)
			t->node[numa->mem[i].nid].nr_ranges++;
		rc = split_numa(t, mm, numa, err);
	} else {
		t->nr_nodes = 1;
		while (!rc && topo_usable_next(mm, &pos, &us, &ue))
			rc = add_piece(t, us, ue, 0, err);
	}
	if (rc)
		return rc;
	for (uint32_t i = 0; i < t->nr_blocks; i++) {
		uint64_t pages = (t->block[i].end - t->block[i].start) / BOOTMEM_PAGE_SIZE;

		t->node[t->block[i].nid].nr_blocks++;
		t->node[t->block[i].nid].pages += pages;
		t->total_pages += pages;
	}
	t->flags |= TOPO_LAID_OUT;
	return 0;
}

size_t topo_arena_bytes(const struct topo *t)
{
	return bootmem_arena_bytes(t->nr_blocks, t->total_pages);
}

int topo_reserve(struct topo *t, uint64_t addr, uint64_t size, unsigned what)
{
	if (!size || addr > UINT64_MAX - size || what == MEMMAP_WHAT_NONE || what >= MEMMAP_WHAT_NR)
		return -DIAG_EINVAL;
	if (t->nr_extra >= TOPO_MAX_EXTRA)
		return -DIAG_ENOSPC;
	t->extra[t->nr_extra].start = addr;
	t->extra[t->nr_extra].end = addr + size;
	t->extra[t->nr_extra].what = what;
	t->extra[t->nr_extra].reserved = 0;
	t->nr_extra++;
	return 0;
}

/* ---- reserved list: painting with priorities ---------------------------- */

static unsigned what_prio(unsigned what)
{
	switch (what) {
	case MEMMAP_WHAT_BS_CODE:
	case MEMMAP_WHAT_BS_DATA:
	case MEMMAP_WHAT_LOADER_CODE:
	case MEMMAP_WHAT_LOADER_DATA:
		return 0;       /* the map's generic reasons */
	case MEMMAP_WHAT_PAGE0:
		return 1;
	default:
		return 2;       /* caller ranges: the most specific reason */
	}
}

/* A strictly more specific reason takes the bytes. */
static int more_specific(const void *new_elem, const void *old_elem)
{
	const struct topo_resv *x = new_elem, *o = old_elem;

	return what_prio(x->what) > what_prio(o->what);
}

static int same_reason(const void *a, const void *b)
{
	return ((const struct topo_resv *)a)->what == ((const struct topo_resv *)b)->what;
}

/* Paint [s, e) with @what over the sorted, disjoint reserved list. */
static int resv_paint(struct topo *t, uint64_t s, uint64_t e, uint32_t what)
{
	struct ranges r = { t->resv, sizeof(*t->resv), t->nr_resv, t->resv_cap,
			    more_specific, NULL, NULL };
	struct topo_resv x = { s, e, what, 0 };
	int rc = ranges_paint(&r, &x);

	t->nr_resv = r.n;
	return rc;
}

/* Paint [s, e) clipped to usable memory; warn if not all of it is usable. */
static int resv_paint_managed(struct topo *t, uint64_t s, uint64_t e, uint32_t what, bool quiet)
{
	uint64_t us, ue, covered = 0;
	uint32_t pos = 0;

	while (topo_usable_next(t->mm, &pos, &us, &ue)) {
		uint64_t a = util_max(s, us), b = util_min(e, ue);

		if (us >= e)
			break;
		if (a >= b)
			continue;
		covered += b - a;
		if (resv_paint(t, a, b, what))
			return -1;
	}
	if (covered != e - s && !quiet)
		diag_warn(t->log, &(struct diag_warn){ .code = DIAG_W_RESV_OUTSIDE, .src = SRC,
				  .start = s, .end = e, .what = what });
	return 0;
}

static int build_resv(struct topo *t, struct diag_err *err)
{
	const struct memmap *mm = t->mm;

	t->nr_resv = 0;
	for (uint32_t i = 0; i < mm->n; i++) {
		const struct memmap_entry *m = &mm->e[i];

		if (m->kind == MEMMAP_INUSE && resv_paint(t, m->start, m->end, m->what))
			goto nospc;
	}
	if (resv_paint_managed(t, 0, BOOTMEM_PAGE_SIZE, MEMMAP_WHAT_PAGE0, true))
		goto nospc;
	for (uint32_t i = 0; i < t->nr_extra; i++) {
		uint64_t s = util_page_down(t->extra[i].start), e;

		if (!util_page_up(t->extra[i].end, &e))
			e = util_page_down(UINT64_MAX);
		if (s < e && resv_paint_managed(t, s, e, t->extra[i].what, false))
			goto nospc;
	}
	/* Coalesce touching ranges with the same reason. */
	{
		struct ranges r = { t->resv, sizeof(*t->resv), t->nr_resv, t->resv_cap,
				    more_specific, NULL, NULL };

		ranges_coalesce(&r, same_reason);
		t->nr_resv = r.n;
	}
	return 0;
nospc:
	return diag_set(err, DIAG_ENOSPC, SRC, 0, t->resv_cap, 0);
}

/* Free pages of each block: block pages minus reserved pages inside it. */
static void count_block_free(struct topo *t)
{
	uint32_t r = 0;

	for (uint32_t i = 0; i < t->nr_blocks; i++) {
		struct topo_block *b = &t->block[i];
		uint64_t used = 0;

		while (r < t->nr_resv && t->resv[r].end <= b->start)
			r++;
		for (uint32_t k = r; k < t->nr_resv && t->resv[k].start < b->end; k++) {
			uint64_t a = util_max(b->start, t->resv[k].start);
			uint64_t z = util_min(b->end, t->resv[k].end);

			if (a < z)
				used += (z - a) / BOOTMEM_PAGE_SIZE;
		}
		b->free_pages = (b->end - b->start) / BOOTMEM_PAGE_SIZE - used;
	}
}

static int core_err(struct diag_err *err, int rc, uint64_t addr)
{
	return diag_set(err, DIAG_ECORE, "bootmem2", 0, (uint64_t)(int64_t)rc, addr);
}

int topo_build(struct topo *t, struct bootmem *bm, struct diag_err *err)
{
	struct bootmem_stats st;
	uint64_t us, ue, free_sum = 0;
	uint32_t pos = 0;
	int rc;

	if (!t || !bm || !(t->flags & TOPO_LAID_OUT))
		return diag_set(err, DIAG_EINVAL, SRC, 0, 0, 0);
	t->flags &= ~TOPO_BUILT;
	rc = build_resv(t, err);
	if (rc)
		return rc;
	for (uint32_t i = 0; i < t->nr_blocks; i++) {
		rc = bootmem_add_block(bm, (int)t->block[i].nid, t->block[i].start, t->block[i].end);
		if (rc)
			return core_err(err, rc, t->block[i].start);
	}
	while (topo_usable_next(t->mm, &pos, &us, &ue)) {
		rc = free_bootmem(bm, us, ue - us);
		if (rc)
			return core_err(err, rc, us);
	}
	for (uint32_t i = 0; i < t->nr_resv; i++) {
		rc = reserve_bootmem(bm, t->resv[i].start, t->resv[i].end - t->resv[i].start,
				     BOOTMEM_DEFAULT);
		if (rc)
			return core_err(err, rc, t->resv[i].start);
	}
	count_block_free(t);

	/* Cross-check the derived counts with the allocator, per node. */
	for (uint32_t n = 0; n < t->nr_nodes; n++) {
		uint64_t f = 0;

		for (uint32_t i = 0; i < t->nr_blocks; i++)
			if (t->block[i].nid == n)
				f += t->block[i].free_pages;
		free_sum += f;
		rc = bootmem_stats(bm, (int)n, &st);
		if (rc)
			return core_err(err, rc, 0);
		if (st.free_pages != f)
			return diag_set(err, DIAG_EINTERNAL, SRC, n, f, st.free_pages);
		if (st.total_pages != t->node[n].pages)
			return diag_set(err, DIAG_EINTERNAL, SRC, n, t->node[n].pages, st.total_pages);
	}
	rc = bootmem_stats(bm, -1, &st);
	if (rc)
		return core_err(err, rc, 0);
	if (st.free_pages != free_sum || st.nr_blocks != t->nr_blocks)
		return diag_set(err, DIAG_EINTERNAL, SRC, 0, free_sum, st.free_pages);
	t->flags |= TOPO_BUILT;
	return 0;
}

int topo_use_slit(struct topo *t, const struct acpi_slit_info *slit)
{
	struct diag_err e;
	int rc;

	t->slit = NULL;
	if (!slit)
		return 0;
	rc = acpi_slit_validate(slit, &e);
	if (rc) {
		diag_warn_err(t->log, &e);
		return rc;
	}
	t->slit = slit;
	if (t->flags & TOPO_NUMA) {
		for (uint32_t i = 0; i < t->nr_nodes; i++) {
			if (t->node[i].pxm >= slit->localities) {
				diag_warn(t->log, &(struct diag_warn){ .code = DIAG_W_SLIT_SHORT, .src = "SLIT",
					  .count = slit->localities, .pxm = t->node[i].pxm });
				break;
			}
		}
	}
	return 0;
}

uint32_t topo_distance(const struct topo *t, uint32_t from, uint32_t to)
{
	if (from >= t->nr_nodes || to >= t->nr_nodes || !(t->flags & TOPO_NUMA))
		return from == to ? ACPI_LOCAL_DISTANCE : 20;
	return acpi_slit_distance(t->slit, t->node[from].pxm, t->node[to].pxm);
}

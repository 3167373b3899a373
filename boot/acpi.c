// SPDX-License-Identifier: MIT
/* acpi.c - RSDP/XSDT/RSDT discovery, SRAT and SLIT parsing. See acpi.h. */
#include "acpi.h"
#include "util.h"

#define HDR_LEN ((uint32_t)sizeof(struct acpi_header))

static int sig_is(const uint8_t *p, const char *sig)
{
	for (int i = 0; i < 4; i++)
		if (p[i] != (uint8_t)sig[i])
			return 0;
	return 1;
}

int64_t acpi_table_check(const void *data, uint64_t avail, const char *sig,
			 uint32_t min_len, struct diag_err *err)
{
	const uint8_t *t = data;
	char src[5];
	uint32_t len;
	uint8_t sum;

	if (min_len < HDR_LEN)
		min_len = HDR_LEN;
	if (!t || avail < HDR_LEN)
		return diag_set(err, DIAG_ETRUNC, sig ? sig : "ACPI", 0, HDR_LEN, t ? avail : 0);
	diag_src_sig(src, t);
	if (sig && !sig_is(t, sig))
		return diag_set(err, DIAG_ESIG, sig, 0, util_rd32(t, 0), 0);
	len = util_rd32(t, offsetof(struct acpi_header, length));
	if (len < min_len)
		return diag_set(err, DIAG_ESHORT, src, offsetof(struct acpi_header, length),
				len, min_len);
	if (len > avail)
		return diag_set(err, DIAG_ELENGTH, src, offsetof(struct acpi_header, length),
				len, avail);
	sum = util_sum8(t, len);
	if (sum)
		return diag_set(err, DIAG_ECHECKSUM, src, offsetof(struct acpi_header, checksum),
				sum, 0);
	return len;
}

/* ---- discovery -------------------------------------------------------- */

static const uint8_t *map(const struct acpi_phys *phys, uint64_t addr, uint64_t len)
{
	if (!addr || addr > UINT64_MAX - len)
		return NULL;
	return phys->map(phys->ctx, addr, len);
}

/* Map and validate a whole table at @addr; @sig names it in errors. */
static int64_t map_table(const struct acpi_phys *phys, uint64_t addr, const char *sig,
			 uint32_t min_len, const uint8_t **out, struct diag_err *err)
{
	const uint8_t *h = map(phys, addr, HDR_LEN);
	uint32_t len;

	if (!h)
		return diag_set(err, DIAG_EUNMAPPED, sig, 0, addr, HDR_LEN);
	len = util_rd32(h, offsetof(struct acpi_header, length));
	if (len >= HDR_LEN && len <= ACPI_TABLE_MAX_LEN) {
		const uint8_t *t = map(phys, addr, len);

		if (!t)
			return diag_set(err, DIAG_EUNMAPPED, sig, 0, addr, len);
		h = t;
	} else if (len > ACPI_TABLE_MAX_LEN) {
		return diag_set(err, DIAG_ELENGTH, sig, offsetof(struct acpi_header, length),
				len, ACPI_TABLE_MAX_LEN);
	}
	*out = h;
	return acpi_table_check(h, len < HDR_LEN ? HDR_LEN : len, sig, min_len, err);
}

static void take_table(struct acpi_table_ref *ref, const char *sig, uint64_t addr,
		       const struct acpi_phys *phys, uint32_t min_len, struct diag_log *log)
{
	struct diag_err e;
	const uint8_t *t = NULL;
	int64_t len = map_table(phys, addr, sig, min_len, &t, &e);

	if (len < 0) {
		diag_warn_err(log, &e);
		return;
	}
	if (ref->phys) {
		struct diag_warn w = { .code = DIAG_W_DUPLICATE, .start = addr };

		diag_src_sig(w.src, (const uint8_t *)sig);
		diag_warn(log, &w);
		return;
	}
	ref->phys = addr;
	ref->data = t;
	ref->length = (uint32_t)len;
}

/* Step 1: the RSDP: signature, checksums; the root table addresses. */
static int read_rsdp(const struct acpi_phys *phys, uint64_t rsdp, struct acpi_tables *out,
		     uint64_t *xsdt, uint64_t *rsdt, struct diag_err *err)
{
	const uint8_t *r = map(phys, rsdp, ACPI_RSDP_V1_LEN);
	uint8_t sum;

	*xsdt = 0;
	if (!r)
		return diag_set(err, DIAG_EUNMAPPED, "RSDP", 0, rsdp, ACPI_RSDP_V1_LEN);
	if (!sig_is(r, "RSD ") || !sig_is(r + 4, "PTR "))
		return diag_set(err, DIAG_ESIG, "RSDP", 0, util_rd64(r, 0), 0);
	sum = util_sum8(r, ACPI_RSDP_V1_LEN);
	if (sum)
		return diag_set(err, DIAG_ECHECKSUM, "RSDP", offsetof(struct acpi_rsdp, checksum),
				sum, 0);
	out->rsdp_revision = r[offsetof(struct acpi_rsdp, revision)];
	*rsdt = util_rd32(r, offsetof(struct acpi_rsdp, rsdt_address));
	if (out->rsdp_revision < 2)
		return 0;

	uint32_t len = util_rd32(r, offsetof(struct acpi_rsdp, length));

	if (len < sizeof(struct acpi_rsdp))
		return diag_set(err, DIAG_ESHORT, "RSDP", offsetof(struct acpi_rsdp, length),
				len, sizeof(struct acpi_rsdp));
	if (len > ACPI_TABLE_MAX_LEN)
		return diag_set(err, DIAG_ELENGTH, "RSDP", offsetof(struct acpi_rsdp, length),
				len, ACPI_TABLE_MAX_LEN);
	r = map(phys, rsdp, len);
	if (!r)
		return diag_set(err, DIAG_EUNMAPPED, "RSDP", 0, rsdp, len);
	sum = util_sum8(r, len);
	if (sum)
		return diag_set(err, DIAG_EXCHECKSUM, "RSDP",
				offsetof(struct acpi_rsdp, extended_checksum), sum, 0);
	*xsdt = util_rd64(r, offsetof(struct acpi_rsdp, xsdt_address));
	return 0;
}

/*
 * Step 2: the root table: the XSDT, or the RSDT when there is no usable
 * XSDT (a broken XSDT with an RSDT to fall back to is a warning).
 * Returns its length, or a negative DIAG code.
 */
static int64_t open_root(const struct acpi_phys *phys, uint64_t xsdt, uint64_t rsdt,
			 struct acpi_tables *out, const uint8_t **root, struct diag_log *log,
			 struct diag_err *err)
{
	int64_t rlen;

	if (xsdt) {
		struct diag_err e;

		rlen = map_table(phys, xsdt, "XSDT", HDR_LEN, root, &e);
		if (rlen >= 0) {
			out->root_is_xsdt = 1;
			out->root_phys = xsdt;
			return rlen;
		}
		if (!rsdt) {
			if (err)
				*err = e;
			return rlen;
		}
		diag_warn_err(log, &e);
	}
	if (!rsdt)
		return diag_set(err, DIAG_ENOROOT, "RSDP", offsetof(struct acpi_rsdp, rsdt_address),
				0, 0);
	rlen = map_table(phys, rsdt, "RSDT", HDR_LEN, root, err);
	if (rlen >= 0)
		out->root_phys = rsdt;
	return rlen;
}

/* Step 3: walk the root table's entries and take the first valid SRAT and SLIT. */
static int walk_root(const struct acpi_phys *phys, const uint8_t *root, int64_t rlen,
		     struct acpi_tables *out, struct diag_log *log, struct diag_err *err)
{
	uint32_t esize = out->root_is_xsdt ? 8 : 4;
	const char *rsig = out->root_is_xsdt ? "XSDT" : "RSDT";

	out->nr_entries = (uint32_t)(((uint64_t)rlen - HDR_LEN) / esize);
	for (uint32_t i = 0; i < out->nr_entries; i++) {
		uint64_t off = HDR_LEN + (uint64_t)i * esize;
		uint64_t addr = esize == 8 ? util_rd64(root, off) : util_rd32(root, off);
		const uint8_t *h;

		if (!addr)
			continue;       /* an empty slot, as Linux tolerates */
		h = map(phys, addr, HDR_LEN);
		if (!h)
			return diag_set(err, DIAG_EUNMAPPED, rsig, off, addr, HDR_LEN);
		if (sig_is(h, "SRAT"))
			take_table(&out->srat, "SRAT", addr, phys, sizeof(struct acpi_srat), log);
		else if (sig_is(h, "SLIT"))
			take_table(&out->slit, "SLIT", addr, phys, sizeof(struct acpi_slit), log);
	}
	return 0;
}

int acpi_find_tables(const struct acpi_phys *phys, uint64_t rsdp, struct acpi_tables *out,
		     struct diag_log *log, struct diag_err *err)
{
	const uint8_t *root = NULL;
	uint64_t xsdt = 0, rsdt = 0;
	int64_t rlen;
	int rc;

	if (!phys || !phys->map || !out)
		return diag_set(err, DIAG_EINVAL, "RSDP", 0, 0, 0);
	util_bzero(out, sizeof(*out));
	out->rsdp_phys = rsdp;
	rc = read_rsdp(phys, rsdp, out, &xsdt, &rsdt, err);
	if (rc)
		return rc;
	rlen = open_root(phys, xsdt, rsdt, out, &root, log, err);
	if (rlen < 0)
		return (int)rlen;
	return walk_root(phys, root, rlen, out, log, err);
}

/* ---- SRAT ------------------------------------------------------------- */

int acpi_srat_begin(struct acpi_srat_iter *it, const void *srat, uint64_t avail,
		    struct diag_err *err)
{
	int64_t len = acpi_table_check(srat, avail, "SRAT", sizeof(struct acpi_srat), err);

	if (len < 0)
		return (int)len;
	it->t = srat;
	it->len = (uint32_t)len;
	it->off = sizeof(struct acpi_srat);
	it->revision = it->t[offsetof(struct acpi_header, revision)];
	return 0;
}

int acpi_srat_next(struct acpi_srat_iter *it, struct acpi_srat_entry *e,
		   struct diag_err *err)
{
	const uint8_t *s;
	uint32_t off = it->off;
	uint8_t type, len;
	uint32_t min = 2;

	if (it->len - off < 2)
		return 0;
	s = it->t + off;
	type = s[0];
	len = s[1];
	if (len == 0)
		return diag_set(err, DIAG_EZEROLEN, "SRAT", off, type, 0);
	if (len > it->len - off)
		return diag_set(err, DIAG_EENTRYLEN, "SRAT", off, len, it->len);
	if (type == ACPI_SRAT_CPU)
		min = sizeof(struct acpi_srat_cpu);
	else if (type == ACPI_SRAT_MEM)
		min = sizeof(struct acpi_srat_mem);
	else if (type == ACPI_SRAT_X2APIC)
		min = sizeof(struct acpi_srat_x2apic);
	if (len < min)
		return diag_set(err, DIAG_EENTRYSHORT, "SRAT", off, len, min);

	util_bzero(e, sizeof(*e));
	e->offset = off;
	e->type = type;
	e->length = len;
	switch (type) {
	case ACPI_SRAT_CPU:
		e->pxm = s[offsetof(struct acpi_srat_cpu, proximity_domain_lo)];
		if (it->revision >= 2) {
			const uint8_t *hi = s + offsetof(struct acpi_srat_cpu, proximity_domain_hi);

			e->pxm |= (uint32_t)hi[0] << 8 | (uint32_t)hi[1] << 16 | (uint32_t)hi[2] << 24;
		}
		e->apic = s[offsetof(struct acpi_srat_cpu, apic_id)];
		e->flags = util_rd32(s, offsetof(struct acpi_srat_cpu, flags));
		break;
	case ACPI_SRAT_MEM:
		e->pxm = util_rd32(s, offsetof(struct acpi_srat_mem, proximity_domain));
		if (it->revision < 2)
			e->pxm &= 0xff;
		e->base = util_rd64(s, offsetof(struct acpi_srat_mem, base_address));
		e->size = util_rd64(s, offsetof(struct acpi_srat_mem, address_length));
		e->flags = util_rd32(s, offsetof(struct acpi_srat_mem, flags));
		if ((e->flags & ACPI_SRAT_ENABLED) && e->base > UINT64_MAX - e->size)
			return diag_set(err, DIAG_EOVERFLOW, "SRAT", off, e->base, e->size);
		break;
	case ACPI_SRAT_X2APIC:
		e->pxm = util_rd32(s, offsetof(struct acpi_srat_x2apic, proximity_domain));
		e->apic = util_rd32(s, offsetof(struct acpi_srat_x2apic, x2apic_id));
		e->flags = util_rd32(s, offsetof(struct acpi_srat_x2apic, flags));
		break;
	default:
		break;
	}
	it->off = off + len;
	return 1;
}

uint32_t acpi_srat_mem_capacity(uint64_t len)
{
	uint64_t n = len > sizeof(struct acpi_srat) ?
		     (len - sizeof(struct acpi_srat)) / sizeof(struct acpi_srat_mem) + 1 : 1;

	return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

void acpi_numa_init(struct acpi_numa *numa, struct acpi_numa_mem *mem, uint32_t cap)
{
	/* The node table is filled entry by entry as domains appear (map_pxm). */
	util_bzero(numa, offsetof(struct acpi_numa, node));
	numa->mem = mem;
	numa->mem_cap = cap;
}

int acpi_numa_nid(const struct acpi_numa *numa, uint32_t pxm)
{
	for (uint32_t i = 0; i < numa->nr_nodes; i++)
		if (numa->node[i].pxm == pxm)
			return (int)i;
	return -1;
}

static int map_pxm(struct acpi_numa *numa, uint32_t pxm, uint32_t off, struct diag_err *err)
{
	int nid = acpi_numa_nid(numa, pxm);

	if (nid >= 0)
		return nid;
	if (numa->nr_nodes >= BOOTMEM_MAX_NODES)
		return diag_set(err, DIAG_EDOMAINS, "SRAT", off, pxm, BOOTMEM_MAX_NODES);
	numa->node[numa->nr_nodes] = (struct acpi_numa_node){ .pxm = pxm };
	return (int)numa->nr_nodes++;
}

static int mem_cmp(const void *a, const void *b)
{
	const struct acpi_numa_mem *x = a, *y = b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return 0;
}

int acpi_srat_parse(struct acpi_numa *numa, const void *srat, uint64_t avail,
		    struct diag_err *err)
{
	struct acpi_srat_iter it = { 0 };
	struct acpi_srat_entry e;
	struct acpi_numa_mem *mem = numa->mem;
	uint32_t cap = numa->mem_cap;
	int rc;

	acpi_numa_init(numa, mem, cap);
	rc = acpi_srat_begin(&it, srat, avail, err);
	if (rc)
		return rc;
	numa->revision = it.revision;
	while ((rc = acpi_srat_next(&it, &e, err)) > 0) {
		int nid;

		numa->nr_entries++;
		if (e.type != ACPI_SRAT_CPU && e.type != ACPI_SRAT_MEM && e.type != ACPI_SRAT_X2APIC) {
			numa->nr_other++;
			continue;
		}
		if (!(e.flags & ACPI_SRAT_ENABLED)) {
			if (e.type == ACPI_SRAT_MEM)
				numa->nr_mem_disabled++;
			else
				numa->nr_cpu_disabled++;
			continue;
		}
		nid = map_pxm(numa, e.pxm, e.offset, err);
		if (nid < 0)
			return nid;
		if (e.type != ACPI_SRAT_MEM) {
			numa->nr_cpu++;
			numa->node[nid].nr_cpus++;
			numa->node[nid].flags |= ACPI_NODE_CPU;
			continue;
		}
		numa->node[nid].nr_mem++;
		numa->node[nid].flags |= ACPI_NODE_MEM;
		if (e.flags & ACPI_SRAT_HOTPLUG)
			numa->node[nid].flags |= ACPI_NODE_HOTPLUG;
		if (e.flags & ACPI_SRAT_NONVOLATILE)
			numa->node[nid].flags |= ACPI_NODE_NONVOLATILE;
		if (!e.size)
			continue;
		if (!mem || numa->nr_mem >= cap)
			return diag_set(err, DIAG_ENOSPC, "SRAT", e.offset, cap, 0);
		mem[numa->nr_mem].base = e.base;
		mem[numa->nr_mem].end = e.base + e.size;
		mem[numa->nr_mem].pxm = e.pxm;
		mem[numa->nr_mem].nid = (uint32_t)nid;
		mem[numa->nr_mem].flags = e.flags;
		mem[numa->nr_mem].offset = e.offset;
		numa->nr_mem++;
	}
	if (rc < 0)
		return rc;
	util_sort(mem, numa->nr_mem, sizeof(*mem), mem_cmp);
	return 0;
}

/* ---- SLIT ------------------------------------------------------------- */

int acpi_slit_parse(struct acpi_slit_info *s, const void *slit, uint64_t avail,
		    struct diag_err *err)
{
	int64_t len = acpi_table_check(slit, avail, "SLIT", sizeof(struct acpi_slit), err);
	const uint8_t *t = slit;
	uint64_t n, room;

	if (len < 0)
		return (int)len;
	n = util_rd64(t, offsetof(struct acpi_slit, localities));
	room = (uint64_t)len - sizeof(struct acpi_slit);
	if (n && n > room / n)
		return diag_set(err, DIAG_ESLITSIZE, "SLIT", offsetof(struct acpi_slit, localities),
				n, room);
	s->localities = n;
	s->matrix = t + sizeof(struct acpi_slit);
	return 0;
}

int acpi_slit_validate(const struct acpi_slit_info *s, struct diag_err *err)
{
	uint64_t n = s->localities;

	if (!n)
		return diag_set(err, DIAG_ESLITSIZE, "SLIT", offsetof(struct acpi_slit, localities),
				0, 0);
	for (uint64_t i = 0; i < n; i++) {
		for (uint64_t j = 0; j < n; j++) {
			uint8_t d = s->matrix[i * n + j];

			if (i == j ? d != ACPI_LOCAL_DISTANCE : d <= ACPI_LOCAL_DISTANCE)
				return diag_set(err, DIAG_ESLITDIST, "SLIT",
						sizeof(struct acpi_slit) + i * n + j, d, i * n + j);
		}
	}
	return 0;
}

uint32_t acpi_slit_distance(const struct acpi_slit_info *s, uint64_t from, uint64_t to)
{
	if (s && s->matrix && from < s->localities && to < s->localities)
		return s->matrix[from * s->localities + to];
	return from == to ? ACPI_LOCAL_DISTANCE : 20;
}

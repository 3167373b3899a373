// SPDX-License-Identifier: MIT
/* test_acpi.c - RSDP/XSDT discovery, SRAT and SLIT parsing, hostile tables. */
#include "ltest.h"
#include "util.h"

static struct tb T;
static struct acpi_numa NUMA;
static struct acpi_numa_mem MEM[64];
static struct diag_err ERR;

static int parse(const struct tb *t)
{
	acpi_numa_init(&NUMA, MEM, 64);
	memset(&ERR, 0, sizeof(ERR));
	return acpi_srat_parse(&NUMA, t->b, t->len, &ERR);
}

/* ---- SRAT ------------------------------------------------------------- */

static int srat_two_nodes(void)
{
	tb_srat(&T, 3);
	tb_cpu(&T, 0, 0, EN);
	tb_cpu(&T, 1, 1, EN);
	tb_mem(&T, 0, 0, 0xa0000, EN);
	tb_mem(&T, 1, SZ_2G, SZ_2G, EN);
	tb_mem(&T, 0, SZ_1M, SZ_2G - SZ_1M, EN);
	tb_finish(&T);
	ASSERT_OK(parse(&T));
	ASSERT_EQ(NUMA.revision, 3);
	ASSERT_EQ(NUMA.nr_nodes, 2);
	ASSERT_EQ(NUMA.nr_entries, 5);
	ASSERT_EQ(NUMA.nr_cpu, 2);
	ASSERT_EQ(NUMA.node[0].pxm, 0);
	ASSERT_EQ(NUMA.node[0].nr_mem, 2);
	ASSERT_EQ(NUMA.node[0].flags, ACPI_NODE_CPU | ACPI_NODE_MEM);
	ASSERT_EQ(NUMA.nr_mem, 3);
	/* sorted by base */
	ASSERT_EQ(NUMA.mem[0].base, 0);
	ASSERT_EQ(NUMA.mem[1].base, SZ_1M);
	ASSERT_EQ(NUMA.mem[1].end, SZ_2G);
	ASSERT_EQ(NUMA.mem[1].offset, 48 + 32 + 80);
	ASSERT_EQ(NUMA.mem[2].nid, 1);
	ASSERT_EQ(NUMA.mem[2].end, SZ_4G);
	ASSERT_EQ(acpi_numa_nid(&NUMA, 1), 1);
	ASSERT_EQ(acpi_numa_nid(&NUMA, 7), -1);
	return 0;
}

/* Node ids in order of first appearance, CPU and memory entries alike. */
static int nids_in_order_of_appearance(void)
{
	tb_srat(&T, 2);
	tb_cpu(&T, 7, 0, EN);
	tb_mem(&T, 3, 0, SZ_1G, EN);
	tb_x2apic(&T, 5, 100, EN);
	tb_mem(&T, 7, SZ_1G, SZ_1G, EN);
	tb_cpu(&T, 3, 1, EN);
	tb_finish(&T);
	ASSERT_OK(parse(&T));
	ASSERT_EQ(NUMA.nr_nodes, 3);
	ASSERT_EQ(NUMA.node[0].pxm, 7);
	ASSERT_EQ(NUMA.node[1].pxm, 3);
	ASSERT_EQ(NUMA.node[2].pxm, 5);
	ASSERT_EQ(NUMA.node[2].flags, ACPI_NODE_CPU);     /* memoryless */
	ASSERT_EQ(NUMA.node[2].nr_cpus, 1);
	ASSERT_EQ(NUMA.mem[0].nid, 1);
	ASSERT_EQ(NUMA.mem[1].nid, 0);
	return 0;
}

/* Disabled entries create no node; zero-length enabled memory maps the domain only. */
static int disabled_entries_ignored(void)
{
	tb_srat(&T, 3);
	tb_cpu(&T, 9, 0, 0);
	tb_mem(&T, 8, SZ_4G, SZ_1G, 0);
	tb_x2apic(&T, 6, 0xffffffff, 0);
	tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_mem(&T, 4, 0, 0, EN);
	tb_finish(&T);
	ASSERT_OK(parse(&T));
	ASSERT_EQ(NUMA.nr_nodes, 2);
	ASSERT_EQ(NUMA.node[0].pxm, 0);
	ASSERT_EQ(NUMA.node[1].pxm, 4);
	ASSERT_EQ(NUMA.nr_mem, 1);
	ASSERT_EQ(NUMA.nr_cpu_disabled, 2);
	ASSERT_EQ(NUMA.nr_mem_disabled, 1);
	return 0;
}

/* Revision 1: only the low 8 bits of the domain count (types 0 and 1). */
static int rev1_domains_are_8bit(void)
{
	struct acpi_srat_iter it;
	struct acpi_srat_entry e;

	tb_srat(&T, 1);
	tb_cpu(&T, 0x302, 0, EN);
	tb_mem(&T, 0x102, 0, SZ_1G, EN);
	tb_x2apic(&T, 0x102, 7, EN);
	tb_finish(&T);
	ASSERT_OK(acpi_srat_begin(&it, T.b, T.len, &ERR));
	ASSERT_EQ(acpi_srat_next(&it, &e, &ERR), 1);
	ASSERT_EQ(e.pxm, 2);
	ASSERT_EQ(acpi_srat_next(&it, &e, &ERR), 1);
	ASSERT_EQ(e.pxm, 2);
	ASSERT_EQ(acpi_srat_next(&it, &e, &ERR), 1);
	ASSERT_EQ(e.pxm, 0x102);                    /* x2APIC: always 32 bits */
	ASSERT_EQ(acpi_srat_next(&it, &e, &ERR), 0);
	ASSERT_OK(parse(&T));
	ASSERT_EQ(NUMA.nr_nodes, 2);
	return 0;
}

/* Revision 2+: 32-bit domains, type 0 = low8 | high24 << 8. */
static int rev2_domains_are_32bit(void)
{
	struct acpi_srat_iter it;
	struct acpi_srat_entry e;

	tb_srat(&T, 2);
	tb_cpu(&T, 0x12345678, 3, EN);
	tb_mem(&T, 0x102, SZ_4G, SZ_1G, EN | HP | NV);
	tb_finish(&T);
	ASSERT_OK(acpi_srat_begin(&it, T.b, T.len, &ERR));
	ASSERT_EQ(acpi_srat_next(&it, &e, &ERR), 1);
	ASSERT_EQ(e.pxm, 0x12345678);
	ASSERT_EQ(e.apic, 3);
	ASSERT_EQ(acpi_srat_next(&it, &e, &ERR), 1);
	ASSERT_EQ(e.pxm, 0x102);
	ASSERT_EQ(e.flags, EN | HP | NV);
	ASSERT_EQ(e.base, SZ_4G);
	ASSERT_EQ(e.size, SZ_1G);
	ASSERT_OK(parse(&T));
	ASSERT_EQ(NUMA.node[1].flags, ACPI_NODE_MEM | ACPI_NODE_HOTPLUG | ACPI_NODE_NONVOLATILE);
	return 0;
}

/* Unknown types are skipped by their length; longer known types are fine. */
static int other_types_skipped(void)
{
	struct acpi_srat_iter it;
	struct acpi_srat_entry e;
	char line[128];

	tb_srat(&T, 3);
	tb_raw(&T, 3, 18);                  /* GICC */
	tb_mem(&T, 0, 0, SZ_1G, EN);
	T.b[T.len - 40 + 1] = 44;           /* a longer memory entry */
	T.len += 4;
	tb_raw(&T, 0x7f, 2);
	tb_finish(&T);
	ASSERT_OK(acpi_srat_begin(&it, T.b, T.len, &ERR));
	ASSERT_EQ(acpi_srat_next(&it, &e, &ERR), 1);
	report_srat_entry(&e, line, sizeof(line));
	ASSERT_STR(line, "other type=3 length=18");
	ASSERT_EQ(acpi_srat_next(&it, &e, &ERR), 1);
	report_srat_entry(&e, line, sizeof(line));
	ASSERT_STR(line, "mem pxm=0 base=0x0 length=0x40000000 flags=enabled");
	ASSERT_EQ(acpi_srat_next(&it, &e, &ERR), 1);
	ASSERT_EQ(e.offset, 48 + 18 + 44);
	ASSERT_EQ(acpi_srat_next(&it, &e, &ERR), 0);
	ASSERT_OK(parse(&T));
	ASSERT_EQ(NUMA.nr_other, 2);
	return 0;
}

static int print_lines_format(void)
{
	struct acpi_srat_entry e = { .type = 0, .pxm = 1, .apic = 38, .flags = 1 };
	char line[128];

	report_srat_entry(&e, line, sizeof(line));
	ASSERT_STR(line, "cpu pxm=1 apic=38 flags=enabled");
	e.type = 2;
	e.apic = 0xffffffff;
	e.flags = 0;
	report_srat_entry(&e, line, sizeof(line));
	ASSERT_STR(line, "x2apic pxm=1 apic=4294967295 flags=disabled");
	e.type = 1;
	e.base = 0;
	e.size = 0x1f8000000ULL;
	e.flags = EN | HP | NV;
	report_srat_entry(&e, line, sizeof(line));
	ASSERT_STR(line, "mem pxm=1 base=0x0 length=0x1f8000000 flags=enabled,hotplug,nonvolatile");
	e.flags = NV;
	report_srat_entry(&e, line, sizeof(line));
	ASSERT_STR(line, "mem pxm=1 base=0x0 length=0x1f8000000 flags=disabled,nonvolatile");
	return 0;
}

/* ---- hostile SRATs: exact code and offset ------------------------------ */

static int srat_truncated(void)
{
	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_mem(&T, 1, SZ_1G, SZ_1G, EN);
	tb_finish(&T);
	ASSERT_EQ(parse(&(struct tb){ 0 }), -DIAG_ETRUNC);
	acpi_numa_init(&NUMA, MEM, 64);
	ASSERT_EQ(acpi_srat_parse(&NUMA, T.b, T.len - 20, &ERR), -DIAG_ELENGTH);
	ASSERT_ERR(&ERR, DIAG_ELENGTH, "SRAT", 4,
		   "SRAT: length 128 past the end of the data (108 bytes) at offset 0x4");
	ASSERT_EQ(acpi_srat_parse(&NUMA, T.b, 20, &ERR), -DIAG_ETRUNC);
	ASSERT_ERR(&ERR, DIAG_ETRUNC, "SRAT", 0, NULL);
	return 0;
}

static int srat_bad_checksum(void)
{
	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_finish(&T);
	T.b[9]++;
	ASSERT_EQ(parse(&T), -DIAG_ECHECKSUM);
	ASSERT_ERR(&ERR, DIAG_ECHECKSUM, "SRAT", 9, "SRAT: bad checksum (byte sum 0x1) at offset 0x9");
	return 0;
}

static int srat_bad_signature_and_short_length(void)
{
	tb_srat(&T, 3);
	tb_finish(&T);
	T.b[0] = 'X';
	ASSERT_EQ(parse(&T), -DIAG_ESIG);
	ASSERT_ERR(&ERR, DIAG_ESIG, "SRAT", 0, NULL);
	T.b[0] = 'S';
	util_wr32(T.b, 4, 40);                      /* below the 48-byte SRAT header */
	tb_fix_checksum(&T);
	ASSERT_EQ(parse(&T), -DIAG_ESHORT);
	ASSERT_ERR(&ERR, DIAG_ESHORT, "SRAT", 4, "SRAT: length 40 shorter than the header (48) at offset 0x4");
	return 0;
}

static int srat_zero_length_entry(void)
{
	uint32_t off;

	tb_srat(&T, 3);
	tb_cpu(&T, 0, 0, EN);
	off = tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_mem(&T, 0, SZ_1G, SZ_1G, EN);
	T.b[off + 1] = 0;
	tb_finish(&T);
	ASSERT_EQ(off, 0x40);
	ASSERT_EQ(parse(&T), -DIAG_EZEROLEN);
	ASSERT_ERR(&ERR, DIAG_EZEROLEN, "SRAT", 0x40, "SRAT: zero-length entry at offset 0x40");
	return 0;
}

static int srat_entry_past_end(void)
{
	uint32_t off;

	tb_srat(&T, 3);
	tb_cpu(&T, 0, 0, EN);
	off = tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_finish(&T);
	T.b[off + 1] = 48;
	tb_fix_checksum(&T);
	ASSERT_EQ(parse(&T), -DIAG_EENTRYLEN);
	ASSERT_ERR(&ERR, DIAG_EENTRYLEN, "SRAT", off,
		   "SRAT: entry length 48 past the table end (104) at offset 0x40");
	/* a unknown-type entry hanging over the end */
	tb_srat(&T, 3);
	off = tb_raw(&T, 9, 8);
	tb_finish(&T);
	T.b[off + 1] = 9;
	tb_fix_checksum(&T);
	ASSERT_EQ(parse(&T), -DIAG_EENTRYLEN);
	ASSERT_EQ(ERR.offset, 48);
	return 0;
}

static int srat_entry_too_short(void)
{
	uint32_t off;

	tb_srat(&T, 3);
	off = tb_raw(&T, 1, 24);            /* a "memory entry" of 24 bytes */
	tb_finish(&T);
	ASSERT_EQ(parse(&T), -DIAG_EENTRYSHORT);
	ASSERT_ERR(&ERR, DIAG_EENTRYSHORT, "SRAT", off,
		   "SRAT: entry length 24 too short for its type (needs 40) at offset 0x30");
	tb_srat(&T, 3);
	tb_raw(&T, 0, 8);
	tb_finish(&T);
	ASSERT_EQ(parse(&T), -DIAG_EENTRYSHORT);
	ASSERT_EQ(ERR.value2, 16);
	tb_srat(&T, 3);
	tb_raw(&T, 2, 16);
	tb_finish(&T);
	ASSERT_EQ(parse(&T), -DIAG_EENTRYSHORT);
	ASSERT_EQ(ERR.value2, 24);
	return 0;
}

static int srat_base_length_overflow(void)
{
	uint32_t off;

	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_mem(&T, 0, 0xfffffffff0000000ULL, 0x10000000, 0);    /* disabled: not checked */
	off = tb_mem(&T, 1, 0x2c0000000ULL, 0xffffffff00000000ULL, EN);
	tb_finish(&T);
	ASSERT_EQ(parse(&T), -DIAG_EOVERFLOW);
	ASSERT_ERR(&ERR, DIAG_EOVERFLOW, "SRAT", off,
		   "SRAT: base 0x2c0000000 + length 0xffffffff00000000 overflows at offset 0x80");
	return 0;
}

/* Trailing bytes shorter than a subtable header are ignored. */
static int srat_trailing_byte_ignored(void)
{
	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_1G, EN);
	T.b[T.len++] = 0;
	tb_finish(&T);
	ASSERT_OK(parse(&T));
	ASSERT_EQ(NUMA.nr_entries, 1);
	return 0;
}

/* The limit is on proximity domains (nodes), not entries: the message says so. */
static int srat_too_many_domains(void)
{
	static struct tb big;
	uint32_t off = 0;

	tb_srat(&big, 3);
	for (uint32_t i = 0; i <= BOOTMEM_MAX_NODES; i++) {
		off = tb_cpu(&big, 100 + i, (uint8_t)i, EN);
		tb_cpu(&big, 100 + i, (uint8_t)i, EN);          /* a second entry, same domain */
	}
	tb_finish(&big);
	ASSERT_EQ(parse(&big), -DIAG_EDOMAINS);
	ASSERT_ERR(&ERR, DIAG_EDOMAINS, "SRAT", off,
		   "SRAT: more than 1024 proximity domains (domain 1124) at offset 0x8030");
	ASSERT_EQ(ERR.value, 100 + BOOTMEM_MAX_NODES);
	ASSERT_EQ(ERR.value2, BOOTMEM_MAX_NODES);
	return 0;
}

static int srat_range_storage_full(void)
{
	static struct acpi_numa_mem two[2];

	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_mem(&T, 0, SZ_1G, SZ_1G, EN);
	tb_mem(&T, 0, SZ_2G, SZ_1G, EN);
	tb_finish(&T);
	acpi_numa_init(&NUMA, two, 2);
	ASSERT_EQ(acpi_srat_parse(&NUMA, T.b, T.len, &ERR), -DIAG_ENOSPC);
	ASSERT_EQ(ERR.offset, 48 + 80);
	ASSERT_EQ(acpi_srat_mem_capacity(T.len), 4);
	return 0;
}

/* ---- SLIT ------------------------------------------------------------- */

static const uint8_t D4[16] = { 10, 16, 22, 22, 16, 10, 22, 22, 22, 22, 10, 16, 22, 22, 16, 10 };

static int slit_4x4(void)
{
	struct acpi_slit_info s;

	tb_slit(&T, 4, D4);
	ASSERT_OK(acpi_slit_parse(&s, T.b, T.len, &ERR));
	ASSERT_EQ(s.localities, 4);
	ASSERT_OK(acpi_slit_validate(&s, &ERR));
	ASSERT_EQ(acpi_slit_distance(&s, 0, 2), 22);
	ASSERT_EQ(acpi_slit_distance(&s, 3, 2), 16);
	ASSERT_EQ(acpi_slit_distance(&s, 4, 4), 10);        /* outside: defaults */
	ASSERT_EQ(acpi_slit_distance(&s, 4, 1), 20);
	ASSERT_EQ(acpi_slit_distance(NULL, 1, 2), 20);
	return 0;
}

/* Localities whose N * N does not fit (or overflows 64 bits) are rejected. */
static int slit_n_squared_overflow(void)
{
	struct acpi_slit_info s;

	tb_begin(&T, "SLIT", 1);
	tb_u64(&T, 0x100000001ULL);                 /* N^2 wraps to 0x200000001 */
	tb_bytes(&T, D4, 16);
	tb_finish(&T);
	ASSERT_EQ(acpi_slit_parse(&s, T.b, T.len, &ERR), -DIAG_ESLITSIZE);
	ASSERT_ERR(&ERR, DIAG_ESLITSIZE, "SLIT", 0x24,
		   "SLIT: 4294967297 localities do not fit in 16 bytes at offset 0x24");
	tb_begin(&T, "SLIT", 1);
	tb_u64(&T, 0x8000000000000000ULL);          /* N * N == 0 mod 2^64 */
	tb_finish(&T);
	ASSERT_EQ(acpi_slit_parse(&s, T.b, T.len, &ERR), -DIAG_ESLITSIZE);
	tb_begin(&T, "SLIT", 1);
	tb_u64(&T, 5);                              /* 25 bytes needed, 16 present */
	tb_bytes(&T, D4, 16);
	tb_finish(&T);
	ASSERT_EQ(acpi_slit_parse(&s, T.b, T.len, &ERR), -DIAG_ESLITSIZE);
	ASSERT_EQ(ERR.value2, 16);
	return 0;
}

/* Extra bytes after the matrix are allowed (real firmware pads). */
static int slit_padding_allowed(void)
{
	struct acpi_slit_info s;
	uint8_t pad[63] = { 0 };
	uint8_t one = 10;

	tb_begin(&T, "SLIT", 1);
	tb_u64(&T, 1);
	tb_bytes(&T, &one, 1);
	tb_bytes(&T, pad, sizeof(pad));
	tb_finish(&T);
	ASSERT_EQ(T.len, 108);
	ASSERT_OK(acpi_slit_parse(&s, T.b, T.len, &ERR));
	ASSERT_OK(acpi_slit_validate(&s, &ERR));
	return 0;
}

static int slit_bad_distances(void)
{
	struct acpi_slit_info s;
	uint8_t d[16];

	memcpy(d, D4, 16);
	d[5] = 11;                                  /* diagonal (1,1) */
	tb_slit(&T, 4, d);
	ASSERT_OK(acpi_slit_parse(&s, T.b, T.len, &ERR));
	ASSERT_EQ(acpi_slit_validate(&s, &ERR), -DIAG_ESLITDIST);
	ASSERT_ERR(&ERR, DIAG_ESLITDIST, "SLIT", 44 + 5, "SLIT: invalid distance 11 at offset 0x31");
	memcpy(d, D4, 16);
	d[14] = 10;                                 /* off-diagonal (3,2) */
	tb_slit(&T, 4, d);
	ASSERT_OK(acpi_slit_parse(&s, T.b, T.len, &ERR));
	ASSERT_EQ(acpi_slit_validate(&s, &ERR), -DIAG_ESLITDIST);
	ASSERT_EQ(ERR.offset, 44 + 14);
	tb_slit(&T, 0, d);
	ASSERT_OK(acpi_slit_parse(&s, T.b, T.len, &ERR));
	ASSERT_EQ(acpi_slit_validate(&s, &ERR), -DIAG_ESLITSIZE);
	return 0;
}

static int slit_bad_checksum(void)
{
	struct acpi_slit_info s;

	tb_slit(&T, 4, D4);
	T.b[50] ^= 1;
	ASSERT_EQ(acpi_slit_parse(&s, T.b, T.len, &ERR), -DIAG_ECHECKSUM);
	ASSERT_ERR(&ERR, DIAG_ECHECKSUM, "SLIT", 9, NULL);
	return 0;
}

/* ---- RSDP / XSDT / RSDT --------------------------------------------------- */

struct region {
	uint64_t addr;
	const uint8_t *buf;
	uint64_t len;
};

struct physmem {
	struct region r[8];
	int n;
};

static const void *phys_map(void *ctx, uint64_t addr, uint64_t len)
{
	struct physmem *pm = ctx;

	for (int i = 0; i < pm->n; i++) {
		const struct region *r = &pm->r[i];

		if (addr >= r->addr && len <= r->len && addr - r->addr <= r->len - len)
			return r->buf + (addr - r->addr);
	}
	return NULL;
}

#define RSDP_AT  0xe0000ULL
#define ROOT_AT  0x7fe00000ULL
#define SRAT_AT  0x7fe01000ULL
#define SLIT_AT  0x7fe02000ULL
#define FACP_AT  0x7fe03000ULL
#define SRAT2_AT 0x7fe04000ULL

static struct physmem PM;
static uint8_t RSDP[36];
static struct tb ROOT, SRAT, SLIT, FACP, SRAT2;

static void region(uint64_t addr, const void *buf, uint64_t len)
{
	PM.r[PM.n].addr = addr;
	PM.r[PM.n].buf = buf;
	PM.r[PM.n].len = len;
	PM.n++;
}

static void make_rsdp(uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	memset(RSDP, 0, sizeof(RSDP));
	memcpy(RSDP, "RSD PTR ", 8);
	memcpy(RSDP + 9, "BM2TST", 6);
	RSDP[15] = rev;
	util_wr32(RSDP, 16, rsdt);
	util_wr32(RSDP, 20, 36);
	util_wr64(RSDP, 24, xsdt);
	RSDP[8] = (uint8_t)(0x100 - util_sum8(RSDP, 20));
	RSDP[32] = (uint8_t)(0x100 - util_sum8(RSDP, 36));
}

/* A root table (XSDT: 8-byte entries, RSDT: 4) pointing at @n tables. */
static void make_root(struct tb *t, int xsdt, const uint64_t *addr, int n)
{
	tb_begin(t, xsdt ? "XSDT" : "RSDT", 1);
	for (int i = 0; i < n; i++) {
		if (xsdt) {
			tb_u64(t, addr[i]);
		} else {
			util_wr32(t->b, t->len, (uint32_t)addr[i]);
			t->len += 4;
		}
	}
	tb_finish(t);
}

static void make_world(int xsdt)
{
	static const uint64_t tables[] = { FACP_AT, SRAT_AT, SLIT_AT };

	PM.n = 0;
	make_rsdp(2, xsdt ? 0 : (uint32_t)ROOT_AT, xsdt ? ROOT_AT : 0);
	make_root(&ROOT, xsdt, tables, 3);
	tb_begin(&FACP, "FACP", 6);
	tb_finish(&FACP);
	tb_srat(&SRAT, 3);
	tb_mem(&SRAT, 0, 0, SZ_1G, EN);
	tb_finish(&SRAT);
	tb_slit(&SLIT, 4, D4);
	region(RSDP_AT, RSDP, sizeof(RSDP));
	region(ROOT_AT, ROOT.b, ROOT.len);
	region(FACP_AT, FACP.b, FACP.len);
	region(SRAT_AT, SRAT.b, SRAT.len);
	region(SLIT_AT, SLIT.b, SLIT.len);
}

static int find(struct acpi_tables *out, struct diag_log *log)
{
	struct acpi_phys phys = { phys_map, &PM };

	diag_log_init(log);
	memset(&ERR, 0, sizeof(ERR));
	return acpi_find_tables(&phys, RSDP_AT, out, log, &ERR);
}

static int finds_srat_and_slit_via_xsdt(void)
{
	struct acpi_tables t;
	struct diag_log log;

	make_world(1);
	ASSERT_OK(find(&t, &log));
	ASSERT_EQ(t.rsdp_revision, 2);
	ASSERT_EQ(t.root_is_xsdt, 1);
	ASSERT_EQ(t.root_phys, ROOT_AT);
	ASSERT_EQ(t.nr_entries, 3);
	ASSERT_EQ(t.srat.phys, SRAT_AT);
	ASSERT_EQ(t.srat.length, SRAT.len);
	ASSERT_TRUE(t.srat.data == SRAT.b);
	ASSERT_EQ(t.slit.phys, SLIT_AT);
	ASSERT_EQ(log.n, 0);
	return 0;
}

static int finds_tables_via_rsdt(void)
{
	struct acpi_tables t;
	struct diag_log log;

	make_world(0);
	ASSERT_OK(find(&t, &log));
	ASSERT_EQ(t.root_is_xsdt, 0);
	ASSERT_EQ(t.srat.phys, SRAT_AT);
	ASSERT_EQ(t.slit.phys, SLIT_AT);
	/* ACPI 1.0 RSDP (revision 0, 20 bytes): RSDT only */
	make_rsdp(0, (uint32_t)ROOT_AT, 0);
	memset(RSDP + 20, 0xff, 16);                /* not part of a v1 RSDP */
	ASSERT_OK(find(&t, &log));
	ASSERT_EQ(t.rsdp_revision, 0);
	ASSERT_EQ(t.srat.phys, SRAT_AT);
	return 0;
}

static int rsdp_bad_checksums(void)
{
	struct acpi_tables t;
	struct diag_log log;

	make_world(1);
	RSDP[8]++;
	ASSERT_EQ(find(&t, &log), -DIAG_ECHECKSUM);
	ASSERT_ERR(&ERR, DIAG_ECHECKSUM, "RSDP", 8, "RSDP: bad checksum (byte sum 0x1) at offset 0x8");
	make_world(1);
	RSDP[32]++;
	ASSERT_EQ(find(&t, &log), -DIAG_EXCHECKSUM);
	ASSERT_ERR(&ERR, DIAG_EXCHECKSUM, "RSDP", 0x20,
		   "RSDP: bad extended checksum (byte sum 0x1) at offset 0x20");
	make_world(1);
	RSDP[0] = 'r';
	ASSERT_EQ(find(&t, &log), -DIAG_ESIG);
	ASSERT_ERR(&ERR, DIAG_ESIG, "RSDP", 0, NULL);
	make_world(1);
	util_wr32(RSDP, 20, 30);                    /* length below 36 */
	RSDP[8] = 0;
	RSDP[8] = (uint8_t)(0x100 - util_sum8(RSDP, 20));
	ASSERT_EQ(find(&t, &log), -DIAG_ESHORT);
	ASSERT_EQ(ERR.offset, 20);
	return 0;
}

static int rsdp_unmapped(void)
{
	struct acpi_phys phys = { phys_map, &PM };
	struct acpi_tables t;

	make_world(1);
	ASSERT_EQ(acpi_find_tables(&phys, 0x1234000, &t, NULL, &ERR), -DIAG_EUNMAPPED);
	ASSERT_ERR(&ERR, DIAG_EUNMAPPED, "RSDP", 0, NULL);
	ASSERT_EQ(ERR.value, 0x1234000);
	return 0;
}

/* A root entry pointing to inaccessible memory names the entry's offset. */
static int xsdt_entry_outside(void)
{
	static const uint64_t tables[] = { FACP_AT, 0xdead0000ULL, SRAT_AT };
	struct acpi_tables t;
	struct diag_log log;

	make_world(1);
	make_root(&ROOT, 1, tables, 3);
	ASSERT_EQ(find(&t, &log), -DIAG_EUNMAPPED);
	ASSERT_ERR(&ERR, DIAG_EUNMAPPED, "XSDT", 36 + 8,
		   "XSDT: address 0xdead0000 (36 bytes) not accessible at offset 0x2c");
	/* an SRAT whose header maps but whose length runs off the mapping */
	make_world(1);
	util_wr32(SRAT.b, 4, 4096);
	tb_fix_checksum(&SRAT);
	ASSERT_OK(find(&t, &log));
	ASSERT_EQ(t.srat.phys, 0);
	ASSERT_EQ(log.n, 1);
	ASSERT_EQ(log.w[0].code, DIAG_W_IGNORED);
	ASSERT_EQ(log.w[0].err.code, DIAG_EUNMAPPED);
	return 0;
}

/* A broken XSDT falls back to the RSDT with a warning; without one it is fatal. */
static int xsdt_invalid_falls_back_to_rsdt(void)
{
	static const uint64_t tables[] = { SRAT_AT };
	static struct tb rsdt;
	struct acpi_tables t;
	struct diag_log log;
	char msg[200];

	make_world(1);
	ROOT.b[20]++;                                   /* XSDT checksum broken */
	ASSERT_EQ(find(&t, &log), -DIAG_ECHECKSUM);
	ASSERT_ERR(&ERR, DIAG_ECHECKSUM, "XSDT", 9, NULL);
	make_root(&rsdt, 0, tables, 1);
	region(0x7fe05000, rsdt.b, rsdt.len);
	make_rsdp(2, 0x7fe05000, ROOT_AT);
	ASSERT_OK(find(&t, &log));
	ASSERT_EQ(t.root_is_xsdt, 0);
	ASSERT_EQ(t.srat.phys, SRAT_AT);
	ASSERT_EQ(t.slit.phys, 0);
	ASSERT_EQ(log.n, 1);
	diag_warn_format(&log.w[0], msg, sizeof(msg));
	ASSERT_STR(msg, "XSDT: bad checksum (byte sum 0x1) at offset 0x9, table ignored");
	return 0;
}

static int bad_or_duplicate_tables_are_skipped(void)
{
	static const uint64_t tables[] = { SRAT2_AT, SRAT_AT, SLIT_AT, 0, FACP_AT };
	struct acpi_tables t;
	struct diag_log log;

	make_world(1);
	make_root(&ROOT, 1, tables, 5);
	PM.r[1].len = ROOT.len;                     /* region 1 is the root table */
	tb_srat(&SRAT2, 3);
	tb_finish(&SRAT2);
	SRAT2.b[9]++;                               /* first SRAT: bad checksum */
	region(SRAT2_AT, SRAT2.b, SRAT2.len);
	SLIT.b[9]++;                                /* SLIT: bad checksum */
	ASSERT_OK(find(&t, &log));
	ASSERT_EQ(t.srat.phys, SRAT_AT);
	ASSERT_EQ(t.slit.phys, 0);
	ASSERT_EQ(diag_log_count(&log, DIAG_W_IGNORED), 2);
	/* two valid SRATs: the first wins */
	SRAT2.b[9]--;
	SLIT.b[9]--;
	ASSERT_OK(find(&t, &log));
	ASSERT_EQ(t.srat.phys, SRAT2_AT);
	ASSERT_EQ(t.slit.phys, SLIT_AT);
	ASSERT_EQ(diag_log_count(&log, DIAG_W_DUPLICATE), 1);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(srat_two_nodes),
		TL_CASE(nids_in_order_of_appearance),
		TL_CASE(disabled_entries_ignored),
		TL_CASE(rev1_domains_are_8bit),
		TL_CASE(rev2_domains_are_32bit),
		TL_CASE(other_types_skipped),
		TL_CASE(print_lines_format),
		TL_CASE(srat_truncated),
		TL_CASE(srat_bad_checksum),
		TL_CASE(srat_bad_signature_and_short_length),
		TL_CASE(srat_zero_length_entry),
		TL_CASE(srat_entry_past_end),
		TL_CASE(srat_entry_too_short),
		TL_CASE(srat_base_length_overflow),
		TL_CASE(srat_trailing_byte_ignored),
		TL_CASE(srat_too_many_domains),
		TL_CASE(srat_range_storage_full),
		TL_CASE(slit_4x4),
		TL_CASE(slit_n_squared_overflow),
		TL_CASE(slit_padding_allowed),
		TL_CASE(slit_bad_distances),
		TL_CASE(slit_bad_checksum),
		TL_CASE(finds_srat_and_slit_via_xsdt),
		TL_CASE(finds_tables_via_rsdt),
		TL_CASE(rsdp_bad_checksums),
		TL_CASE(rsdp_unmapped),
		TL_CASE(xsdt_entry_outside),
		TL_CASE(xsdt_invalid_falls_back_to_rsdt),
		TL_CASE(bad_or_duplicate_tables_are_skipped),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

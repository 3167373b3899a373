// SPDX-License-Identifier: MIT
/*
 * fuzz_acpi.c - libFuzzer target for the loader's pure logic: SRAT, SLIT,
 * memory map and RSDP/XSDT parsers, topology, the core driven by it and the
 * report. Any crash, sanitizer report or broken invariant (trap) is a bug.
 *
 * Input: byte 0 selects the mode, byte 1 holds fix-up flags, the rest is
 * the payload.
 *   0  raw SRAT (flags: force signature / length / checksum)
 *   1  raw SLIT (same flags)
 *   2  raw memory map (stride from the payload) and memmap.bin
 *   3  RSDP -> XSDT/RSDT discovery over simulated physical memory
 *   4  structured SRAT + structured map -> layout -> core -> report; the
 *      derived per-block free counts must equal the allocator's
 *   5  bootmem2-sim --host: Linux firmware-map entries as sysfs text
 *      (start, end, type; each length-prefixed), parsed by the simulator's
 *      own sim_host_parse_attr(), turned into descriptors by sim_host_descs()
 *      and built by the boot pipeline
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "bootmem2.h"
#include "diag.h"
#include "fmt.h"
#include "fuzz_input.h"
#include "memmap.h"
#include "pipeline.h"
#include "report_topo.h"
#include "sim_host.h"
#include "topology.h"
#include "util.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s (line %d)\n", #c, __LINE__); __builtin_trap(); } } while (0)

static uint8_t buf[1 << 16];
static struct acpi_numa numa;
static struct acpi_numa_mem mem[2048];
static struct memmap_entry me[2 * 2048];
static struct topo_block blocks[8192];
static struct topo_resv resv[16384];
static struct diag_log dlog;

static void sink(void *ctx, const char *line)
{
	size_t *n = ctx;

	*n += strlen(line);
}

static void fixup(uint8_t *t, size_t n, uint8_t flags, const char *sig)
{
	if (n < 36)
		return;
	if (flags & 1)
		memcpy(t, sig, 4);
	if (flags & 2)
		util_wr32(t, 4, (uint32_t)n);
	if (flags & 4) {
		uint32_t len = util_rd32(t, 4);

		t[9] = 0;
		t[9] = (uint8_t)(0x100 - util_sum8(t, len <= n ? len : n));
	}
}

static void check_error(const struct diag_err *e)
{
	char msg[256];

	CHECK(e->code > 0 && e->code < DIAG_NR_CODES);
	CHECK(diag_format(e, msg, sizeof(msg)) > 0);
}

static void fuzz_srat(uint8_t *t, size_t n, uint8_t flags)
{
	struct acpi_srat_iter it;
	struct acpi_srat_entry e;
	struct diag_err err;
	char line[128];
	uint32_t last = 0;
	int rc;

	fixup(t, n, flags, "SRAT");
	if (acpi_srat_begin(&it, t, n, &err) == 0) {
		while ((rc = acpi_srat_next(&it, &e, &err)) > 0) {
			CHECK(e.offset >= last + (last ? 1 : 0) && e.offset + e.length <= it.len);
			last = e.offset;
			CHECK(report_srat_entry(&e, line, sizeof(line)) < (int)sizeof(line));
		}
		if (rc < 0)
			check_error(&err);
	} else {
		check_error(&err);
	}
	acpi_numa_init(&numa, mem, 2048);
	if (acpi_srat_parse(&numa, t, n, &err) == 0) {
		CHECK(numa.nr_nodes <= BOOTMEM_MAX_NODES && numa.nr_mem <= 2048);
		for (uint32_t i = 0; i < numa.nr_mem; i++) {
			CHECK(numa.mem[i].base < numa.mem[i].end);
			CHECK(numa.mem[i].nid < numa.nr_nodes);
			CHECK(!i || numa.mem[i - 1].base <= numa.mem[i].base);
		}
	} else {
		check_error(&err);
	}
}

static void fuzz_slit(uint8_t *t, size_t n, uint8_t flags)
{
	static char line[4 * 65536 + 64];
	struct acpi_slit_info s;
	struct diag_err err;
	struct report_sink out;
	size_t total = 0;

	fixup(t, n, flags, "SLIT");
	if (flags & 8 && n >= 44)
		util_wr64(t, 36, t[40] & 0x1f);       /* small N more often */
	fixup(t, n, flags & 4, "SLIT");
	if (acpi_slit_parse(&s, t, n, &err)) {
		check_error(&err);
		return;
	}
	CHECK(s.localities <= n);
	if (acpi_slit_validate(&s, &err))
		check_error(&err);
	out.emit = sink;
	out.ctx = &total;
	if (s.localities < 65536)
		CHECK(report_slit(&s, line, sizeof(line), &out) == 0);
	(void)acpi_slit_distance(&s, t[0], t[1]);
}

static void check_map(const struct memmap *mm)
{
	uint64_t usable = 0;

	for (uint32_t i = 0; i < mm->n; i++) {
		const struct memmap_entry *e = &mm->e[i];

		CHECK(e->start < e->end);
		CHECK(!i || mm->e[i - 1].end <= e->start);
		if (e->kind != MEMMAP_RESERVED) {
			CHECK(!(e->start & 0xfff) && !(e->end & 0xfff));
			usable += (e->end - e->start) >> 12;
		}
	}
	CHECK(usable == mm->usable_pages);
}

static void fuzz_memmap(const uint8_t *p, size_t n, uint8_t flags)
{
	struct memmap_dump d;
	struct memmap mm;
	struct diag_err err;
	uint32_t dsize, count;

	if (memmap_dump_parse(p, n, &d, &err) == 0) {
		CHECK(d.header_size >= 32 && d.desc == p + d.header_size);
		CHECK(memmap_dump_size(d.desc_size, d.count) - 32 + d.header_size == n);
	} else {
		check_error(&err);
	}
	if (n < 1)
		return;
	dsize = (flags & 0x80) ? p[0] : 40u + (p[0] & 0x1f);
	p++;
	n--;
	count = dsize ? (uint32_t)(n / dsize) : 0;
	if (count > 2048)
		count = 2048;
	memmap_init(&mm, me, memmap_capacity(count));
	diag_log_init(&dlog);
	if (memmap_normalise(&mm, p, n, dsize, count, flags & MEMMAP_BS_FREE, &dlog, &err) == 0)
		check_map(&mm);
	else
		check_error(&err);
}

/* ---- mode 3: simulated physical memory -------------------------------- */

#define NREG 6
static const uint64_t reg_addr[NREG] = {
	0xe0000, 0x7fe00000, 0x7fe01000, 0x7fe02000, 0x7fe03000, 0xfffffffffffff000ULL,
};
static const uint8_t *reg_buf[NREG];
static uint64_t reg_len[NREG];

static const void *phys_map(void *ctx, uint64_t addr, uint64_t len)
{
	(void)ctx;
	for (int i = 0; i < NREG; i++)
		if (addr >= reg_addr[i] && len <= reg_len[i] && addr - reg_addr[i] <= reg_len[i] - len)
			return reg_buf[i] + (addr - reg_addr[i]);
	return NULL;
}

static void fuzz_rsdp(uint8_t *p, size_t n, uint8_t flags)
{
	struct acpi_phys phys = { phys_map, NULL };
	struct acpi_tables t;
	struct diag_err err;
	size_t off = 0;

	/* Split the payload into NREG regions of sizes given by the first bytes. */
	for (int i = 0; i < NREG; i++) {
		size_t len = i < (int)n ? (size_t)p[i] * 4 : 0;

		reg_buf[i] = NULL;
		reg_len[i] = 0;
		if (off + NREG + len > n)
			len = n > off + NREG ? n - off - NREG : 0;
		reg_buf[i] = p + NREG + off;
		reg_len[i] = len;
		off += len;
	}
	if (reg_len[0] >= 36 && (flags & 1)) {
		uint8_t *r = (uint8_t *)reg_buf[0];

		memcpy(r, "RSD PTR ", 8);
		if (flags & 2) {
			util_wr32(r, 16, (uint32_t)reg_addr[1 + (r[16] & 3)]);
			util_wr64(r, 24, reg_addr[1 + (r[24] & 3)]);
			util_wr32(r, 20, 36);
		}
		r[8] = 0;
		r[8] = (uint8_t)(0x100 - util_sum8(r, 20));
		r[32] = 0;
		r[32] = (uint8_t)(0x100 - util_sum8(r, 36));
	}
	for (int i = 1; i < NREG - 1 && (flags & 4); i++)
		fixup((uint8_t *)reg_buf[i], reg_len[i], 6, "XSDT");
	diag_log_init(&dlog);
	if (acpi_find_tables(&phys, reg_addr[0], &t, &dlog, &err) == 0) {
		if (t.srat.phys)
			CHECK(acpi_table_check(t.srat.data, t.srat.length, "SRAT", 48, NULL) > 0);
		if (t.slit.phys)
			CHECK(acpi_table_check(t.slit.data, t.slit.length, "SLIT", 44, NULL) > 0);
	} else {
		check_error(&err);
	}
}

/* ---- mode 4: structured tables through the whole pipeline --------------- */

static uint8_t srat_bytes[1 << 15];
static uint8_t map_bytes[48 * 256];

static void fuzz_pipeline(const uint8_t *p, size_t n, uint8_t flags)
{
	static struct boot_tables tables;
	static struct boot b;
	struct in in = { p, n };
	struct diag_err err;
	struct boot_store store;
	struct boot_map map = { map_bytes, sizeof(map_bytes), 48, 0 };
	const struct topo *t = &b.topo;
	struct bootmem bm;
	struct report_sink out;
	size_t total = 0, asize;
	uint32_t len = 48, nent = (uint32_t)take(&in, 1) % 64, nmap = (uint32_t)take(&in, 1) % 128;
	void *arena;
	int rc;

	/* SRAT: nent entries; addresses on a 1 MiB grid below 16 GiB (sometimes unaligned). */
	memset(srat_bytes, 0, 48);
	memcpy(srat_bytes, "SRAT", 4);
	srat_bytes[8] = (flags & 1) ? 1 : 3;
	for (uint32_t i = 0; i < nent; i++) {
		uint8_t sel = (uint8_t)take(&in, 1);
		uint32_t pxm = (uint32_t)take(&in, 1) % ((sel & 0x80) ? 256 : 6);
		uint64_t base = (take(&in, 2) & 0x3fff) << 20, size = (take(&in, 2) & 0x3fff) << 20;
		uint32_t fl = sel & 0x10 ? (uint32_t)(sel >> 5) & 7 : ACPI_SRAT_ENABLED;
		uint8_t *s = srat_bytes + len;

		if (sel & 0x08)
			base += take(&in, 2) & 0xfff;
		switch (sel & 3) {
		case 0:
			memset(s, 0, 16);
			s[1] = 16;
			s[2] = (uint8_t)pxm;
			s[3] = (uint8_t)i;
			util_wr32(s, 4, fl & 1);
			len += 16;
			break;
		case 2:
			memset(s, 0, 24);
			s[0] = 2;
			s[1] = 24;
			util_wr32(s, 4, pxm);
			util_wr32(s, 8, i);
			util_wr32(s, 12, fl & 1);
			len += 24;
			break;
		default:
			memset(s, 0, 40);
			s[0] = 1;
			s[1] = 40;
			util_wr32(s, 2, pxm);
			util_wr64(s, 8, base);
			util_wr64(s, 16, size);
			util_wr32(s, 28, fl);
			len += 40;
			break;
		}
	}
	util_wr32(srat_bytes, 4, len);
	srat_bytes[9] = (uint8_t)(0x100 - util_sum8(srat_bytes, len));
	diag_log_init(&dlog);
	boot_tables_init(&tables);
	if (!(flags & 4))
		CHECK(boot_tables_srat(&tables, srat_bytes, len, mem, 2048, &dlog, &err) == 0);

	/* Map: nmap descriptors on a 64 KiB grid below 16 GiB, any type. */
	for (uint32_t i = 0; i < nmap; i++) {
		uint8_t *d = map_bytes + 48 * i;
		uint8_t ty = (uint8_t)take(&in, 1);

		memset(d, 0, 48);
		util_wr32(d, 0, ty & 0x80 ? MEMMAP_TYPE_CONVENTIONAL : ty % 16u);
		util_wr64(d, 8, (take(&in, 2) << 16) | ((ty & 0x40) ? 0x800 : 0));
		util_wr64(d, 24, take(&in, 2) & 0x7f);
		util_wr64(d, 32, (ty & 0x30) == 0x30 ? MEMMAP_ATTR_SP : 0);
	}
	map.count = nmap;
	boot_need(nmap, &tables, &store);
	CHECK(store.entries_cap <= sizeof(me) / sizeof(me[0]));
	CHECK(store.block_cap <= sizeof(blocks) / sizeof(blocks[0]));
	CHECK(store.resv_cap <= sizeof(resv) / sizeof(resv[0]));
	store.entries = me;
	store.blocks = blocks;
	store.resv = resv;
	boot_init(&b, &tables, &store, &dlog);
	rc = boot_layout(&b, &map, (flags & 2) ? BOOT_BS_FREE : 0, &err);
	CHECK(rc == 0);
	check_map(&b.mm);
	for (uint32_t i = 0; i < t->nr_blocks; i++) {
		CHECK(t->block[i].start < t->block[i].end);
		CHECK(!i || t->block[i - 1].end <= t->block[i].start);
		CHECK(t->block[i].nid < t->nr_nodes);
		CHECK(!i || t->block[i - 1].end < t->block[i].start ||
		      t->block[i - 1].nid != t->block[i].nid);
	}
	CHECK(t->total_pages == b.mm.usable_pages);
	while (in.n >= 4 && t->nr_extra < TOPO_MAX_EXTRA) {
		uint64_t a = take(&in, 2) << 16, sz = take(&in, 2) << 4;

		(void)boot_reserve(&b, a, sz, 1 + (unsigned)(a >> 16) % (MEMMAP_WHAT_NR - 1));
	}
	asize = boot_arena_bound(&b);
	CHECK(asize >= topo_arena_bytes(t));
	arena = malloc(asize);
	CHECK(arena);
	rc = boot_build(&b, &bm, arena, asize, &err);
	if (rc)
		fprintf(stderr, "boot_build: %d\n", rc);
	CHECK(rc == 0);
	CHECK(bootmem_check(&bm) == 0);
	for (uint32_t i = 0; i < t->nr_resv; i++) {
		CHECK(t->resv[i].start < t->resv[i].end);
		CHECK(!i || t->resv[i - 1].end <= t->resv[i].start);
	}
	/*
	 * Derived counts == the allocator's, block by block. bootmem_check()
	 * above proved each block's counter equals its bitmap's popcount, so
	 * probing every page again (up to 4M per input) would test nothing more.
	 */
	for (uint32_t i = 0; i < t->nr_blocks; i++) {
		struct bootmem_block_info bi;

		CHECK(bootmem_block_info(&bm, i, &bi) == 0);
		CHECK(bi.start == t->block[i].start && bi.end == t->block[i].end);
		CHECK(t->block[i].free_pages == bi.free_pages);
		CHECK(bootmem_page_is_free(&bm, bi.start) >= 0 &&
		      bootmem_page_is_free(&bm, bi.end - 4096) >= 0);
	}
	/* The report's formatting costs more than the pipeline: one input in four. */
	if ((flags & 0x30) == 0x30) {
		out.emit = sink;
		out.ctx = &total;
		CHECK(boot_report(&b, &bm, &out, BOOT_REPORT_VERBOSE | BOOT_REPORT_WARNINGS |
				  BOOT_REPORT_NEAREST) == 0);
	}
	free(arena);
}

/* ---- mode 5: the --host memory map as sysfs text ------------------------- */

#define HOST_ENTRIES 64

static void fuzz_host(const uint8_t *p, size_t n, uint8_t flags)
{
	static struct sim_host_entry e[HOST_ENTRIES];
	static struct memmap_desc desc[HOST_ENTRIES];
	static struct boot_tables tables;
	static struct boot b;
	struct boot_store store;
	struct boot_map map;
	struct diag_err err;
	struct bootmem bm;
	char msg[256];
	uint32_t ne = 0, nd;
	size_t off = 0, asize;
	void *arena;

	/* Entries: for each attribute a length byte, then that many bytes of text. */
	while (ne < HOST_ENTRIES && off < n) {
		int ok = 1;

		memset(&e[ne], 0, sizeof(e[ne]));
		for (int k = SIM_HOST_START; k < SIM_HOST_NR_ATTRS && ok; k++) {
			size_t len = off < n ? p[off++] % 40 : 0;

			if (len > n - off)
				len = n - off;
			msg[0] = 0;
			if (sim_host_parse_attr(&e[ne], (enum sim_host_attr)k, "fuzz", p + off, len,
						msg, sizeof(msg))) {
				CHECK(msg[0] && strlen(msg) < sizeof(msg));
				ok = 0;
			}
			off += len;
		}
		if (ok) {
			CHECK(e[ne].start <= e[ne].last);
			ne++;
		}
	}
	nd = sim_host_descs(e, ne, desc);
	CHECK(nd <= ne);
	for (uint32_t i = 0; i < nd; i++) {
		CHECK(desc[i].number_of_pages > 0 && !(desc[i].physical_start & 0xfff));
		CHECK(desc[i].physical_start + desc[i].number_of_pages * 4096 - 1 >= desc[i].physical_start);
	}
	boot_tables_init(&tables);
	boot_need(nd, &tables, &store);
	store.entries = me;
	store.blocks = blocks;
	store.resv = resv;
	diag_log_init(&dlog);
	boot_init(&b, &tables, &store, &dlog);
	map = (struct boot_map){ desc, sizeof(desc[0]) * nd, sizeof(desc[0]), nd };
	if (boot_layout(&b, &map, (flags & 2) ? BOOT_BS_FREE : 0, &err)) {
		check_error(&err);
		return;
	}
	check_map(&b.mm);
	/* Large address spans need large arenas: keep the input's layout small. */
	if (b.topo.total_pages > (1u << 22))
		return;
	asize = boot_arena_bound(&b);
	arena = malloc(asize);
	CHECK(arena);
	CHECK(boot_build(&b, &bm, arena, asize, &err) == 0);
	CHECK(bootmem_check(&bm) == 0);
	free(arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t mode, flags;
	size_t n;

	if (size < 2 || size - 2 > sizeof(buf))
		return 0;
	mode = data[0] % 6;
	flags = data[1];
	n = size - 2;
	memcpy(buf, data + 2, n);
	switch (mode) {
	case 0:
		fuzz_srat(buf, n, flags);
		break;
	case 1:
		fuzz_slit(buf, n, flags);
		break;
	case 2:
		fuzz_memmap(buf, n, flags);
		break;
	case 3:
		fuzz_rsdp(buf, n, flags);
		break;
	case 4:
		fuzz_pipeline(buf, n, flags);
		break;
	default:
		fuzz_host(buf, n, flags);
		break;
	}
	return 0;
}

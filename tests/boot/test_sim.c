// SPDX-License-Identifier: MIT
/*
 * test_sim.c - bootmem2-sim as a program: command line, exit codes, the
 * memmap.bin path and exact output. Runs build/host/bootmem2-sim (or $SIM)
 * on files it writes to build/host/test-sim/.
 */
#include "simtest.h"
#include "util.h"

#define DIR ST_BUILD "/test-sim"

/* Limits for runs that must not read without end (see refuses_huge_inputs...). */
#if defined(__SANITIZE_ADDRESS__)
#define LIMITS "timeout 20 "                     /* ASan reserves terabytes of address space */
#else
#define LIMITS "ulimit -v 1048576; timeout 20 "  /* 1 GiB: an unbounded read fails */
#endif

#define ASSERT_RUN_LIMITED(want_status, args) do { \
	st_run_prefixed(LIMITS, "%s", args); \
	if (R.status != (want_status)) { \
		fprintf(stderr, "%s:%d: '%s' exited %d, expected %d\nstderr:\n%.2000s\n", \
			__FILE__, __LINE__, args, R.status, want_status, R.err); \
		return 1; \
	} \
} while (0)

static struct tb T, L;
static struct mapb M;

static void write_file(const char *name, const void *p, size_t n)
{
	char path[256];

	snprintf(path, sizeof(path), DIR "/%s", name);
	st_write(path, p, n);
}

static int help_and_usage_errors(void)
{
	ASSERT_RUN(0, "--help");
	ASSERT_TRUE(strstr(R.out, "usage: bootmem2-sim --srat FILE [--slit FILE] [--memmap FILE] [--print-srat]"));
	ASSERT_RUN(2, "%s", "");
	ASSERT_EQ(st_lines(R.err), 1);
	ASSERT_RUN(2, "--bogus");
	ASSERT_STR(R.err, "bootmem2-sim: unknown argument '--bogus' (try --help)\n");
	ASSERT_RUN(2, "--srat");
	ASSERT_RUN(2, "--srat " DIR "/does-not-exist");
	ASSERT_EQ(st_lines(R.err), 1);
	ASSERT_STR(R.out, "");
	return 0;
}

static const uint8_t D2[4] = { 10, 21, 21, 10 };

static int print_srat_and_slit(void)
{
	tb_srat(&T, 3);
	tb_cpu(&T, 0, 0, EN);
	tb_x2apic(&T, 1, 300, 0);
	tb_raw(&T, 5, 32);
	tb_mem(&T, 1, SZ_2G, SZ_2G, EN | HP);
	tb_finish(&T);
	write_file("p.srat", T.b, T.len);
	tb_slit(&L, 2, D2);
	write_file("p.slit", L.b, L.len);
	ASSERT_RUN(0, "--print-srat --srat " DIR "/p.srat --slit " DIR "/p.slit");
	ASSERT_STR(R.out,
		   "cpu pxm=0 apic=0 flags=enabled\n"
		   "x2apic pxm=1 apic=300 flags=disabled\n"
		   "other type=5 length=32\n"
		   "mem pxm=1 base=0x80000000 length=0x80000000 flags=enabled,hotplug\n"
		   "slit localities=2\n"
		   "dist 10 21\n"
		   "dist 21 10\n");
	ASSERT_STR(R.err, "");
	return 0;
}

/* Entries before a bad one are printed, then one error line and exit 2. */
static int print_srat_stops_at_bad_entry(void)
{
	uint32_t off;

	tb_srat(&T, 3);
	tb_cpu(&T, 0, 0, EN);
	off = tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_mem(&T, 0, SZ_1G, SZ_1G, EN);
	T.b[off + 1] = 0;
	tb_finish(&T);
	write_file("z.srat", T.b, T.len);
	ASSERT_RUN(2, "--srat " DIR "/z.srat --print-srat");
	ASSERT_STR(R.out, "cpu pxm=0 apic=0 flags=enabled\n");
	ASSERT_STR(R.err, "bootmem2-sim: " DIR "/z.srat: SRAT: zero-length entry at offset 0x40\n");
	ASSERT_RUN(2, "--srat " DIR "/z.srat");
	ASSERT_STR(R.out, "");
	return 0;
}

static int slit_too_big_exit_2(void)
{
	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_finish(&T);
	write_file("s.srat", T.b, T.len);
	tb_begin(&L, "SLIT", 1);
	tb_u64(&L, 3);
	tb_bytes(&L, D2, 4);
	tb_finish(&L);
	write_file("s.slit", L.b, L.len);
	ASSERT_RUN(2, "--srat " DIR "/s.srat --slit " DIR "/s.slit --print-srat");
	ASSERT_STR(R.out, "mem pxm=0 base=0x0 length=0x40000000 flags=enabled\n");
	ASSERT_STR(R.err, "bootmem2-sim: " DIR "/s.slit: SLIT: 3 localities do not fit in 4 bytes at offset 0x24\n");
	/* semantically invalid distances: printed, but ignored with a warning in report mode */
	tb_slit(&L, 2, (const uint8_t[]){ 10, 5, 5, 10 });
	write_file("s.slit", L.b, L.len);
	ASSERT_RUN(0, "--srat " DIR "/s.srat --slit " DIR "/s.slit");
	ASSERT_STR(R.err, "bootmem2-sim: warning: SLIT: invalid distance 5 at offset 0x2d, table ignored\n");
	return 0;
}

/* The SRAT's usable ranges as the map: hotplug and non-volatile ranges excluded. */
static int report_from_srat_alone(void)
{
	tb_srat(&T, 3);
	tb_cpu(&T, 2, 0, EN);
	tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_mem(&T, 1, SZ_1G, SZ_1G, EN | NV);
	tb_mem(&T, 1, SZ_4G, SZ_1G, EN | HP);
	tb_mem(&T, 1, SZ_2G, SZ_1G + 0x800, EN);
	tb_finish(&T);
	write_file("r.srat", T.b, T.len);
	ASSERT_RUN(0, "--srat " DIR "/r.srat");
	ASSERT_STR(R.out,
		   "bootmem2: nodes=3 blocks=2 total_pages=524288 free_pages=524287 reserved_pages=1\n"
		   "node 0 pxm=2 blocks=0 total_pages=0 free_pages=0 reserved_pages=0\n"
		   "node 1 pxm=0 blocks=1 total_pages=262144 free_pages=262143 reserved_pages=1\n"
		   "node 2 pxm=1 blocks=1 total_pages=262144 free_pages=262144 reserved_pages=0\n"
		   "block 0 node=1 start=0x0 end=0x40000000 pages=262144 free_pages=262143\n"
		   "block 1 node=2 start=0x80000000 end=0xc0000000 pages=262144 free_pages=262144\n"
		   "reserved start=0x0 end=0x1000 what=page0\n"
		   "nearest node=0 memory_node=1 distance=20\n"
		   "nearest node=1 memory_node=1 distance=10\n"
		   "nearest node=2 memory_node=2 distance=10\n");
	ASSERT_STR(R.err, "");
	return 0;
}

/*
 * Each node's nearest memory by the SLIT, whose localities are proximity
 * domains: nid 0 is pxm 7 (CPUs only; first in the SRAT), nids 1-3 are
 * pxm 0-2 with memory at 0, 1 and 4 GiB. Row 7 says pxm 2 (nid 3, the
 * highest address) is nearest; nid 1's row ties nids 2 and 3 at 20.
 */
static int report_nearest_memory_by_slit(void)
{
	uint8_t d[64];

	tb_srat(&T, 3);
	tb_cpu(&T, 7, 0, EN);
	tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_mem(&T, 1, SZ_1G, SZ_1G, EN);
	tb_mem(&T, 2, SZ_4G, SZ_1G, EN);
	tb_finish(&T);
	write_file("n.srat", T.b, T.len);
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8; j++)
			d[i * 8 + j] = i == j ? 10 : 40;
	d[7 * 8 + 0] = 30;
	d[7 * 8 + 1] = 25;
	d[7 * 8 + 2] = 15;
	d[0 * 8 + 1] = 20;
	d[0 * 8 + 2] = 20;
	tb_slit(&L, 8, d);
	write_file("n.slit", L.b, L.len);
	ASSERT_RUN(0, "--srat " DIR "/n.srat --slit " DIR "/n.slit");
	ASSERT_TRUE(strstr(R.out, "node 0 pxm=7 blocks=0 total_pages=0 "));
	ASSERT_TRUE(strstr(R.out, "block 2 node=3 start=0x100000000 end=0x140000000 "));
	ASSERT_TRUE(strstr(R.out,
			   "reserved start=0x0 end=0x1000 what=page0\n"
			   "nearest node=0 memory_node=3 distance=15\n"
			   "nearest node=1 memory_node=1 distance=10\n"
			   "nearest node=2 memory_node=2 distance=10\n"
			   "nearest node=3 memory_node=3 distance=10\n"));
	/* All memory of nid 1 gone from the map: its nearest is nid 2 (tie with 3 at 20). */
	mapb_init(&M, 40);
	mapb_ram(&M, SZ_1G, SZ_2G);
	mapb_ram(&M, SZ_4G, SZ_4G + SZ_1G);
	{
		static uint8_t file[1 << 12];
		uint64_t n = memmap_dump_write(file, sizeof(file), M.b, 40, 1, M.count);

		write_file("n.bin", file, n);
	}
	ASSERT_RUN(0, "--srat " DIR "/n.srat --slit " DIR "/n.slit --memmap " DIR "/n.bin");
	ASSERT_TRUE(strstr(R.out,
			   "nearest node=0 memory_node=3 distance=15\n"
			   "nearest node=1 memory_node=2 distance=20\n"
			   "nearest node=2 memory_node=2 distance=10\n"
			   "nearest node=3 memory_node=3 distance=10\n"));
	/* Without the SLIT every other node is at 20: the lowest nid with memory. */
	ASSERT_RUN(0, "--srat " DIR "/n.srat");
	ASSERT_TRUE(strstr(R.out, "nearest node=0 memory_node=1 distance=20\n"));
	return 0;
}

/* A memmap.bin dump as the map: the loader's post-ExitBootServices view. */
static int report_with_memmap_dump(void)
{
	static uint8_t file[1 << 16];
	uint64_t n;

	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_2G, EN);
	tb_mem(&T, 1, SZ_2G, SZ_2G, EN);
	tb_finish(&T);
	write_file("m.srat", T.b, T.len);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, 0xa0000);
	mapb_add(&M, MEMMAP_TYPE_RESERVED, 0xa0000, 0x60, 0);
	mapb_ram(&M, SZ_1M, 0x7f000000);
	mapb_add(&M, MEMMAP_TYPE_BS_DATA, 0x7f000000, 0x800, 0);   /* free after exit */
	mapb_add(&M, MEMMAP_TYPE_LOADER_DATA, 0x7f800000, 0x800, 0);          /* in use */
	mapb_ram(&M, SZ_2G, SZ_3G);
	mapb_add(&M, MEMMAP_TYPE_MMIO, 0xfec00000, 1, 1);
	n = memmap_dump_write(file, sizeof(file), M.b, 48, 1, M.count);
	write_file("m.bin", file, n);
	ASSERT_RUN(0, "--srat " DIR "/m.srat --memmap " DIR "/m.bin");
	ASSERT_STR(R.out,
		   "bootmem2: nodes=2 blocks=3 total_pages=786336 free_pages=784287 reserved_pages=2049\n"
		   "node 0 pxm=0 blocks=2 total_pages=524192 free_pages=522143 reserved_pages=2049\n"
		   "node 1 pxm=1 blocks=1 total_pages=262144 free_pages=262144 reserved_pages=0\n"
		   "block 0 node=0 start=0x0 end=0xa0000 pages=160 free_pages=159\n"
		   "block 1 node=0 start=0x100000 end=0x80000000 pages=524032 free_pages=521984\n"
		   "block 2 node=1 start=0x80000000 end=0xc0000000 pages=262144 free_pages=262144\n"
		   "reserved start=0x0 end=0x1000 what=page0\n"
		   "reserved start=0x7f800000 end=0x80000000 what=loader_data\n"
		   "nearest node=0 memory_node=0 distance=10\n"
		   "nearest node=1 memory_node=1 distance=10\n");
	/* without an SRAT: one node */
	ASSERT_RUN(0, "--memmap " DIR "/m.bin");
	ASSERT_TRUE(!strncmp(R.out, "bootmem2: nodes=1 blocks=2 ", 27));
	/* a descriptor size below 40 */
	file[16] = 32;
	write_file("bad.bin", file, n);
	ASSERT_RUN(2, "--srat " DIR "/m.srat --memmap " DIR "/bad.bin");
	ASSERT_STR(R.err, "bootmem2-sim: " DIR "/bad.bin: memmap.bin: descriptor size 32 invalid (valid 40..4096) at offset 0x10\n");
	return 0;
}

/*
 * Inputs are bounded: a file above 64 MiB (far above any SRAT, SLIT or
 * memory map of a real machine) or a directory is refused with one line and
 * exit 2, without reading the rest (a 20 s timeout and, without ASan, a
 * 1 GiB address-space limit make an unbounded read fail the test).
 */
static int refuses_huge_inputs_and_directories(void)
{
	FILE *f;

	ASSERT_RUN_LIMITED(2, "--srat /dev/zero");
	ASSERT_STR(R.err, "bootmem2-sim: /dev/zero: more than 64 MiB, the limit for an input file\n");
	ASSERT_STR(R.out, "");
	f = fopen(DIR "/huge.bin", "wb");                 /* sparse: 64 MiB + 1 byte */
	ASSERT_TRUE(f && !fseek(f, 64L << 20, SEEK_SET) && fputc(0, f) == 0 && !fclose(f));
	ASSERT_RUN_LIMITED(2, "--memmap " DIR "/huge.bin");
	ASSERT_STR(R.err, "bootmem2-sim: " DIR "/huge.bin: more than 64 MiB, the limit for an input file\n");
	remove(DIR "/huge.bin");
	ASSERT_RUN(2, "--srat " DIR);
	ASSERT_STR(R.err, "bootmem2-sim: " DIR ": is a directory\n");
	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_finish(&T);
	write_file("d.srat", T.b, T.len);
	ASSERT_RUN(2, "--srat " DIR "/d.srat --slit /");
	ASSERT_STR(R.err, "bootmem2-sim: /: is a directory\n");
	return 0;
}

/*
 * Without --memmap the SRAT's ranges are the map: more of them than a map
 * may hold is reported as a problem of the SRAT's ranges, not of a memory
 * map the user never gave.
 */
static int srat_ranges_beyond_the_map_limit(void)
{
	const uint32_t n = MEMMAP_MAX_DESCS + 1;
	size_t len = 48 + (size_t)n * 40;
	uint8_t *b = calloc(1, len);

	ASSERT_TRUE(b != NULL);
	tb_srat(&T, 3);
	memcpy(b, T.b, 48);
	for (uint32_t i = 0; i < n; i++) {
		uint8_t *e = b + 48 + (size_t)i * 40;

		e[0] = 1;
		e[1] = 40;
		util_wr64(e, 8, (uint64_t)i * 2 * SZ_1M);
		util_wr64(e, 16, SZ_1M);
		util_wr32(e, 28, EN);
	}
	util_wr32(b, 4, (uint32_t)len);
	b[9] = (uint8_t)(0x100 - util_sum8(b, len));
	write_file("many.srat", b, len);
	free(b);
	ASSERT_RUN(2, "--srat " DIR "/many.srat");
	ASSERT_STR(R.err, "bootmem2-sim: " DIR "/many.srat: SRAT: 16385 usable memory ranges, "
		   "more than the 16384 map entries made from them without --memmap\n");
	ASSERT_STR(R.out, "");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(help_and_usage_errors),
		TL_CASE(print_srat_and_slit),
		TL_CASE(print_srat_stops_at_bad_entry),
		TL_CASE(slit_too_big_exit_2),
		TL_CASE(report_from_srat_alone),
		TL_CASE(report_with_memmap_dump),
		TL_CASE(report_nearest_memory_by_slit),
		TL_CASE(refuses_huge_inputs_and_directories),
		TL_CASE(srat_ranges_beyond_the_map_limit),
	};

	if (st_setup(DIR))
		return 0;
	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

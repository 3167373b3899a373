// SPDX-License-Identifier: MIT
/*
 * test_sim_host.c - bootmem2-sim --host ROOT on fake sysfs trees the test
 * builds below build/host/test-sim-host/: ROOT/sys/firmware/acpi/tables/
 * {SRAT,SLIT} copied from a real sample in ../shared/acpi-samples (or built
 * here) and a ROOT/sys/firmware/memmap tree written here. Exact reports,
 * notes, warnings and one-line errors for missing files, empty files,
 * garbage, unknown types, overlapping entries and permission errors.
 *
 * Permission errors: as root, file modes do not stop reads, so the run is
 * made as user nobody with setpriv(1) (util-linux) on a file of mode 0400
 * and a directory of mode 0700; without root the modes alone do it; as
 * root without setpriv that case prints SKIP. A directory where a file is
 * expected is tested everywhere.
 */
#define _POSIX_C_SOURCE 200809L
#include <sys/stat.h>
#include <unistd.h>

#include "simtest.h"

#define DIR ST_BUILD "/test-sim-host"
#define SAMPLE "hp-dl165g7-4n-split"

static struct tb T;
static char root[256];
static char tables[512], memmap[512];

/* A fresh ROOT named @name with empty tables and memmap folders. */
static void new_root(const char *name)
{
	snprintf(root, sizeof(root), DIR "/%s", name);
	snprintf(tables, sizeof(tables), "%s/sys/firmware/acpi/tables", root);
	snprintf(memmap, sizeof(memmap), "%s/sys/firmware/memmap", root);
	st_sh("chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s' && mkdir -p '%s' '%s'", root, root,
	      tables, memmap);
}

/* Entry @i with raw attribute texts (NULL: file absent). */
static void raw_entry(unsigned i, const char *start, const char *end, const char *type)
{
	const char *text[3] = { start, end, type };
	static const char *const name[3] = { "start", "end", "type" };
	char path[640];

	snprintf(path, sizeof(path), "%s/%u", memmap, i);
	mkdir(path, 0755);
	for (int k = 0; k < 3; k++) {
		if (!text[k])
			continue;
		snprintf(path, sizeof(path), "%s/%u/%s", memmap, i, name[k]);
		st_write(path, text[k], strlen(text[k]));
	}
}

/* Entry @i as Linux writes it: "0x%llx\n", end inclusive. */
static void entry(unsigned i, uint64_t start, uint64_t last, const char *type)
{
	char s[32], e[32], t[128];

	snprintf(s, sizeof(s), "0x%llx\n", (unsigned long long)start);
	snprintf(e, sizeof(e), "0x%llx\n", (unsigned long long)last);
	snprintf(t, sizeof(t), "%s\n", type);
	raw_entry(i, s, e, t);
}

static void table(const char *name, const void *p, size_t n)
{
	char path[640];

	snprintf(path, sizeof(path), "%s/%s", tables, name);
	st_write(path, p, n);
}

/* Copy a sample table; 0, or 1 if the samples are absent. */
static int sample_table(const char *file, const char *name)
{
	const char *dir = st_samples();
	char path[512];
	size_t n;
	char *b;

	if (!dir)
		return 1;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	b = st_slurp(path, &n);
	if (!b)
		return 1;
	table(name, b, n);
	free(b);
	return 0;
}

/* A small map: RAM 0-636K, firmware 636K-1M, RAM 1M-2G. */
static void small_map(void)
{
	entry(0, 0, 0x9fbff, "System RAM");
	entry(1, 0x9fc00, 0xfffff, "Reserved");
	entry(2, SZ_1M, SZ_2G - 1, "System RAM");
}

#define SMALL_REPORT \
	"bootmem2: nodes=1 blocks=2 total_pages=524191 free_pages=524190 reserved_pages=1\n" \
	"node 0 pxm=0 blocks=2 total_pages=524191 free_pages=524190 reserved_pages=1\n" \
	"block 0 node=0 start=0x0 end=0x9f000 pages=159 free_pages=158\n" \
	"block 1 node=0 start=0x100000 end=0x80000000 pages=524032 free_pages=524032\n" \
	"reserved start=0x0 end=0x1000 what=page0\n" \
	"nearest node=0 memory_node=0 distance=10\n" \
	"firmware start=0x9fc00 end=0x100000 type=\"Reserved\"\n"

#define ASSERT_ERR_LINE(fmt, ...) do { \
	char _want[2048]; \
	snprintf(_want, sizeof(_want), "bootmem2-sim: " fmt "\n", __VA_ARGS__); \
	ASSERT_STR(R.err, _want); \
	ASSERT_STR(R.out, ""); \
} while (0)

/* A real machine's SRAT and SLIT with the firmware map it would have. */
static int sample_tables_and_firmware_map(void)
{
	char *want, path[512];

	new_root("sample");
	if (sample_table(SAMPLE ".srat.bin", "SRAT") || sample_table(SAMPLE ".slit.bin", "SLIT")) {
		printf("SKIP sample_tables_and_firmware_map (no %s)\n", ST_SAMPLES_DEFAULT);
		return 0;
	}
	entry(0, 0, 0x9fbff, "System RAM");
	entry(1, 0x9fc00, 0x9ffff, "Reserved");
	entry(2, 0xe0000, 0xfffff, "Reserved");
	entry(3, SZ_1M, 0xbfedffff, "System RAM");
	entry(4, 0xbfee0000, 0xbfeeffff, "ACPI Tables");
	entry(5, 0xbfef0000, 0xbfefffff, "ACPI Non-volatile Storage");
	entry(6, 0xbff00000, 0xbfffffff, "Reserved");
	entry(7, 0xe0000000, 0xefffffff, "Reserved");
	entry(8, 0xfec00000, 0xfec00fff, "Reserved");
	entry(9, SZ_4G, 0x3bfffffff, "System RAM");
	ASSERT_RUN(0, "--host %s", root);
	ASSERT_STR(R.out,
		   "bootmem2: nodes=4 blocks=6 total_pages=3669631 free_pages=3669630 reserved_pages=1\n"
		   "node 0 pxm=0 blocks=2 total_pages=524191 free_pages=524190 reserved_pages=1\n"
		   "node 1 pxm=1 blocks=2 total_pages=1048288 free_pages=1048288 reserved_pages=0\n"
		   "node 2 pxm=2 blocks=1 total_pages=1048576 free_pages=1048576 reserved_pages=0\n"
		   "node 3 pxm=3 blocks=1 total_pages=1048576 free_pages=1048576 reserved_pages=0\n"
		   "block 0 node=0 start=0x0 end=0x9f000 pages=159 free_pages=158\n"
		   "block 1 node=0 start=0x100000 end=0x80000000 pages=524032 free_pages=524032\n"
		   "block 2 node=1 start=0x80000000 end=0xbfee0000 pages=261856 free_pages=261856\n"
		   "block 3 node=1 start=0x100000000 end=0x1c0000000 pages=786432 free_pages=786432\n"
		   "block 4 node=2 start=0x1c0000000 end=0x2c0000000 pages=1048576 free_pages=1048576\n"
		   "block 5 node=3 start=0x2c0000000 end=0x3c0000000 pages=1048576 free_pages=1048576\n"
		   "reserved start=0x0 end=0x1000 what=page0\n"
		   "nearest node=0 memory_node=0 distance=10\n"
		   "nearest node=1 memory_node=1 distance=10\n"
		   "nearest node=2 memory_node=2 distance=10\n"
		   "nearest node=3 memory_node=3 distance=10\n"
		   "firmware start=0x9fc00 end=0xa0000 type=\"Reserved\"\n"
		   "firmware start=0xe0000 end=0x100000 type=\"Reserved\"\n"
		   "firmware start=0xbfee0000 end=0xbfef0000 type=\"ACPI Tables\"\n"
		   "firmware start=0xbfef0000 end=0xbff00000 type=\"ACPI Non-volatile Storage\"\n"
		   "firmware start=0xbff00000 end=0xc0000000 type=\"Reserved\"\n"
		   "firmware start=0xe0000000 end=0xf0000000 type=\"Reserved\"\n"
		   "firmware start=0xfec00000 end=0xfec01000 type=\"Reserved\"\n");
	ASSERT_STR(R.err, "");

	/* --print-srat: exactly the sample's reference decoding */
	ASSERT_RUN(0, "--host %s --print-srat", root);
	snprintf(path, sizeof(path), "%s/expected/" SAMPLE ".txt", st_samples());
	want = st_slurp(path, NULL);
	ASSERT_TRUE(want != NULL);
	ASSERT_STR(R.out, want);
	free(want);

	/* --svg: the same layout, firmware ranges named in the holes */
	ASSERT_RUN(0, "--host %s --svg " DIR "/sample.svg", root);
	{
		char *svg = st_slurp(DIR "/sample.svg", NULL);
		int x = st_xmllint(DIR "/sample.svg");

		ASSERT_TRUE(svg != NULL);
		ASSERT_TRUE(x == 0 || x == -2);
		ASSERT_SVG(svg, R.out);
		ASSERT_EQ(st_count(svg, "<g class=\"lane\""), 4);
		ASSERT_TRUE(strstr(svg, "<title>hole 0xbfee0000-0x100000000 (1.00 GiB), cut: not to scale; firmware: ACPI Tables 0xbfee0000-0xbfef0000; ACPI Non-volatile Storage 0xbfef0000-0xbff00000; Reserved 0xbff00000-0xc0000000; Reserved 0xe0000000-0xf0000000; 1 more</title>"));
		ASSERT_TRUE(strstr(svg, "<text class=\"h2\" x=\"10\" y=\"42\">host " DIR "/sample: "));
		free(svg);
	}
	return 0;
}

static int missing_srat_is_one_node(void)
{
	new_root("nosrat");
	small_map();
	ASSERT_RUN(0, "--host %s/", root);
	ASSERT_STR(R.out, SMALL_REPORT);
	ASSERT_STR(R.err, "bootmem2-sim: note: " DIR "/nosrat/sys/firmware/acpi/tables/SRAT absent: one node (no NUMA information)\n");
	/* no tables folder at all: the same */
	st_sh("rm -rf '%s/sys/firmware/acpi'", root);
	ASSERT_RUN(0, "--host %s", root);
	ASSERT_STR(R.out, SMALL_REPORT);
	ASSERT_EQ(st_lines(R.err), 1);
	return 0;
}

static int missing_attribute_exit_2(void)
{
	new_root("missing");
	small_map();
	raw_entry(3, "0x80000000\n", "0xbfffffff\n", NULL);
	ASSERT_RUN(2, "--host %s", root);
	ASSERT_ERR_LINE("%s/3/type: No such file or directory", memmap);
	/* an entry that is a file, not a folder */
	st_sh("rm -rf '%s/3' && touch '%s/3'", memmap, memmap);
	ASSERT_RUN(2, "--host %s", root);
	ASSERT_ERR_LINE("%s/3/start: Not a directory", memmap);
	return 0;
}

static int empty_attribute_exit_2(void)
{
	new_root("empty");
	small_map();
	raw_entry(3, "0x80000000\n", "", "System RAM\n");
	ASSERT_RUN(2, "--host %s", root);
	ASSERT_ERR_LINE("%s/3/end: empty", memmap);
	raw_entry(3, "0x80000000\n", "0x80000fff\n", "\n");
	ASSERT_RUN(2, "--host %s", root);
	ASSERT_ERR_LINE("%s/3/type: empty", memmap);
	return 0;
}

static int garbage_attribute_exit_2(void)
{
	static const struct {
		const char *start, *end, *type, *file, *msg;
	} c[] = {
		{ "0xzz\n", "0x1fff\n", "System RAM\n", "start", "not a hex address: '0xzz'" },
		{ "4096\n", "0x1fff\n", "System RAM\n", "start", "not a hex address: '4096'" },
		{ " 0x0\n", "0x1fff\n", "System RAM\n", "start", "not a hex address: ' 0x0'" },
		{ "0x\n", "0x1fff\n", "System RAM\n", "start", "not a hex address: '0x'" },
		{ "0x1000", "0x0\n0x5\n", "System RAM\n", "end", "not a hex address: '0x0?0x5'" },
		{ "0x0\n", "0x10000000000000000\n", "System RAM\n", "end",
		  "address does not fit in 64 bits: '0x10000000000000000'" },
		{ "0x2000\n", "0x1fff\n", "System RAM\n", "end", "end 0x1fff below start 0x2000" },
		{ "0x0\n", "0x1fff\n", "System\tRAM\n", "type", "not a type name (byte 0x09 at 6)" },
		{ "0x0\n", "0x1fff\n", "Reserved \"x\"\n", "type", "not a type name (byte 0x22 at 9)" },
		{ "0x0\n", "0x1fff\n",
		  "A type name of seventy characters, far more than Linux ever writes...\n", "type",
		  "type name longer than 63 bytes" },
	};
	static char big[5001];

	new_root("garbage");
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		raw_entry(0, c[i].start, c[i].end, c[i].type);
		ASSERT_RUN(2, "--host %s", root);
		ASSERT_ERR_LINE("%s/0/%s: %s", memmap, c[i].file, c[i].msg);
	}
	memset(big, '0', sizeof(big) - 1);
	big[1] = 'x';
	raw_entry(0, big, "0x1fff\n", "System RAM\n");
	ASSERT_RUN(2, "--host %s", root);
	ASSERT_ERR_LINE("%s/0/start: longer than 4096 bytes, not a sysfs attribute", memmap);
	return 0;
}

/* A name Linux does not write: reserved, with a warning. */
static int unknown_type_is_reserved(void)
{
	new_root("unknown");
	small_map();
	entry(3, SZ_2G, SZ_2G + SZ_1M - 1, "Frobnicated RAM");
	entry(4, SZ_2G + SZ_1M, SZ_3G - 1, "System RAM");
	entry(5, SZ_3G, SZ_3G + 0xfff, "Soft Reserved");
	ASSERT_RUN(0, "--host %s", root);
	ASSERT_STR(R.out,
		   "bootmem2: nodes=1 blocks=3 total_pages=786079 free_pages=786078 reserved_pages=1\n"
		   "node 0 pxm=0 blocks=3 total_pages=786079 free_pages=786078 reserved_pages=1\n"
		   "block 0 node=0 start=0x0 end=0x9f000 pages=159 free_pages=158\n"
		   "block 1 node=0 start=0x100000 end=0x80000000 pages=524032 free_pages=524032\n"
		   "block 2 node=0 start=0x80100000 end=0xc0000000 pages=261888 free_pages=261888\n"
		   "reserved start=0x0 end=0x1000 what=page0\n"
		   "nearest node=0 memory_node=0 distance=10\n"
		   "firmware start=0x9fc00 end=0x100000 type=\"Reserved\"\n"
		   "firmware start=0x80000000 end=0x80100000 type=\"Frobnicated RAM\"\n"
		   "firmware start=0xc0000000 end=0xc0001000 type=\"Soft Reserved\"\n");
	ASSERT_STR(R.err,
		   "bootmem2-sim: note: " DIR "/unknown/sys/firmware/acpi/tables/SRAT absent: one node (no NUMA information)\n"
		   "bootmem2-sim: warning: " DIR "/unknown/sys/firmware/memmap/3/type: unknown memory type \"Frobnicated RAM\", treated as reserved\n");
	return 0;
}

/* Overlaps: the stricter type wins (reserved over RAM), as in the loader. */
static int overlapping_entries(void)
{
	new_root("overlap");
	entry(0, 0, SZ_2G - 1, "System RAM");
	entry(1, SZ_16M, 2 * SZ_16M - 1, "Reserved");
	entry(2, SZ_1G + SZ_512M, SZ_3G - 1, "System RAM");
	ASSERT_RUN(0, "--host %s", root);
	ASSERT_STR(R.out,
		   "bootmem2: nodes=1 blocks=2 total_pages=782336 free_pages=782335 reserved_pages=1\n"
		   "node 0 pxm=0 blocks=2 total_pages=782336 free_pages=782335 reserved_pages=1\n"
		   "block 0 node=0 start=0x0 end=0x1000000 pages=4096 free_pages=4095\n"
		   "block 1 node=0 start=0x2000000 end=0xc0000000 pages=778240 free_pages=778240\n"
		   "reserved start=0x0 end=0x1000 what=page0\n"
		   "nearest node=0 memory_node=0 distance=10\n"
		   "firmware start=0x1000000 end=0x2000000 type=\"Reserved\"\n");
	ASSERT_STR(R.err,
		   "bootmem2-sim: note: " DIR "/overlap/sys/firmware/acpi/tables/SRAT absent: one node (no NUMA information)\n"
		   "bootmem2-sim: warning: memmap: entries overlap at 0x1000000-0x2000000, kept reserved over conventional\n"
		   "bootmem2-sim: warning: memmap: entries overlap at 0x60000000-0x80000000, kept conventional over conventional\n");
	return 0;
}

/* Unreadable files: one line naming the file and saying what to do. */
static int permission_errors_exit_2(void)
{
	const char *as = "";
	char path[640];

	new_root("perm");
	small_map();
	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_2G, EN);
	tb_finish(&T);
	/* a folder where the table should be */
	snprintf(path, sizeof(path), "%s/SRAT", tables);
	mkdir(path, 0755);
	ASSERT_RUN(2, "--host %s", root);
	ASSERT_ERR_LINE("%s: Is a directory", path);
	rmdir(path);
	table("SRAT", T.b, T.len);
	ASSERT_RUN(0, "--host %s", root);

	if (geteuid() == 0) {
		if (st_sh("command -v setpriv > /dev/null 2>&1")) {
			printf("SKIP permission_errors_exit_2 as nobody (root without setpriv)\n");
			return 0;
		}
		as = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
		/* nobody must reach the simulator and the tree */
		st_sh("chmod o+rx build " ST_BUILD " " DIR " '%s'", root);
	}
	chmod(path, 0400);
	st_run_prefixed(as, "--host %s", root);
	ASSERT_EQ(R.status, 2);
	ASSERT_ERR_LINE("%s: Permission denied (the firmware tables are readable by root only: run bootmem2-sim --host with sudo)",
			path);
	chmod(path, 0644);
	chmod(memmap, 0700);
	st_run_prefixed(as, "--host %s", root);
	ASSERT_EQ(R.status, 2);
	ASSERT_ERR_LINE("%s: Permission denied (the firmware tables are readable by root only: run bootmem2-sim --host with sudo)",
			memmap);
	chmod(memmap, 0755);
	return 0;
}

static int missing_or_empty_memmap_exit_2(void)
{
	new_root("nomap");
	st_sh("rmdir '%s'", memmap);
	ASSERT_RUN(2, "--host %s", root);
	ASSERT_ERR_LINE("%s: No such file or directory (no firmware memory map: not Linux, or a kernel without CONFIG_FIRMWARE_MEMMAP)",
			memmap);
	mkdir(memmap, 0755);
	ASSERT_RUN(2, "--host %s", root);
	ASSERT_ERR_LINE("%s: no entries (an empty firmware memory map)", memmap);
	/* names that are not entry numbers are not entries */
	st_sh("mkdir '%s/foo' '%s/01' '%s/-1'", memmap, memmap, memmap);
	ASSERT_RUN(2, "--host %s", root);
	ASSERT_ERR_LINE("%s: no entries (an empty firmware memory map)", memmap);
	return 0;
}

/* Linux numbers duplicate tables (SRAT1, SRAT2): the first is used. */
static int numbered_tables_use_the_first(void)
{
	new_root("dup");
	small_map();
	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_1G, EN);
	tb_mem(&T, 1, SZ_1G, SZ_1G, EN);
	tb_finish(&T);
	table("SRAT1", T.b, T.len);
	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_2G, EN);
	tb_finish(&T);
	table("SRAT2", T.b, T.len);
	ASSERT_RUN(0, "--host %s", root);
	ASSERT_TRUE(!strncmp(R.out, "bootmem2: nodes=2 blocks=3 ", 27));
	ASSERT_STR(R.err, "bootmem2-sim: warning: " DIR "/dup/sys/firmware/acpi/tables/SRAT2: another SRAT, ignored (using SRAT1, as the loader uses the first)\n");
	return 0;
}

static int malformed_table_exit_2(void)
{
	new_root("bad");
	small_map();
	tb_srat(&T, 3);
	tb_mem(&T, 0, 0, SZ_2G, EN);
	tb_finish(&T);
	T.b[9] ^= 1;
	table("SRAT", T.b, T.len);
	ASSERT_RUN(2, "--host %s --svg " DIR "/bad.svg", root);
	ASSERT_STR(R.out, "");
	ASSERT_EQ(st_lines(R.err), 1);
	ASSERT_TRUE(!strncmp(R.err, "bootmem2-sim: " DIR "/bad/sys/firmware/acpi/tables/SRAT: SRAT: bad checksum", 70));
	ASSERT_TRUE(!st_exists(DIR "/bad.svg"));
	table("SRAT", "", 0);
	ASSERT_RUN(2, "--host %s", root);
	ASSERT_ERR_LINE("%s/SRAT: SRAT: truncated: need 36 bytes, have 0 at offset 0x0", tables);
	return 0;
}

/* The last page of the 64-bit space cannot be described: reported, not mapped. */
static int top_of_address_space(void)
{
	new_root("top");
	small_map();
	entry(3, 0xfffffffffffff000ULL, UINT64_MAX, "Reserved");
	ASSERT_RUN(0, "--host %s", root);
	ASSERT_TRUE(strstr(R.out, "\nfirmware start=0xfffffffffffff000 end=0x10000000000000000 type=\"Reserved\"\n"));
	return 0;
}

static int usage_errors(void)
{
	ASSERT_RUN(2, "--host " DIR " --srat x");
	ASSERT_STR(R.err, "bootmem2-sim: --host reads the machine's own tables and map: not with --srat, --slit or --memmap\n");
	ASSERT_RUN(2, "--host " DIR " --host");
	ASSERT_STR(R.err, "bootmem2-sim: --host given twice\n");
	ASSERT_RUN(0, "--help");
	ASSERT_TRUE(strstr(R.out, "       bootmem2-sim --host [ROOT] [--print-srat] [--verbose]\n"));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(sample_tables_and_firmware_map),
		TL_CASE(missing_srat_is_one_node),
		TL_CASE(missing_attribute_exit_2),
		TL_CASE(empty_attribute_exit_2),
		TL_CASE(garbage_attribute_exit_2),
		TL_CASE(unknown_type_is_reserved),
		TL_CASE(overlapping_entries),
		TL_CASE(permission_errors_exit_2),
		TL_CASE(missing_or_empty_memmap_exit_2),
		TL_CASE(numbered_tables_use_the_first),
		TL_CASE(malformed_table_exit_2),
		TL_CASE(top_of_address_space),
		TL_CASE(usage_errors),
	};

	if (st_setup(DIR))
		return 0;
	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

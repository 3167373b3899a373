// SPDX-License-Identifier: MIT
/*
 * test_sim_svg.c - bootmem2-sim --svg / --html: the drawing is well-formed
 * XML (xmllint --noout), has one lane per node with the report's node ids,
 * every block's width is its pages times the scale stated in the file (or
 * the stated minimum, flagged), reserved ranges sit inside their block at
 * its scale; a golden SVG for one small layout; every real sample in
 * ../shared/acpi-samples and the README's picture of one (docs/); 1 TiB
 * maps of 1024 blocks and of 1024 nodes stay below 2 MB. Runs
 * build/host/bootmem2-sim (or $SIM) on files written to
 * build/host/test-sim-svg/.
 *
 * After an intended change of the drawing, regenerate the golden file with
 *   BOOTMEM_UPDATE_GOLDEN=1 build/host/tests/boot/test_sim_svg small_layout_golden
 * and review the diff.
 */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>

#include "simtest.h"

#define DIR ST_BUILD "/test-sim-svg"
#define GOLDEN "tests/boot/golden/sim-small.svg"
#define DOCS_SAMPLE "supermicro-h8dgu-4n-memless"
#define DOCS_SVG "docs/" DOCS_SAMPLE ".svg"
#define SIZE_LIMIT 2000000      /* bytes: the limit the README states for 1024 blocks */

static struct tb T, L;
static struct mapb M;

static void put(const char *name, const void *p, size_t n)
{
	char path[256];

	snprintf(path, sizeof(path), DIR "/%s", name);
	st_write(path, p, n);
}

static void put_map(const char *name, const struct mapb *m)
{
	static uint8_t file[1 << 17];
	uint64_t n = memmap_dump_write(file, sizeof(file), m->b, m->desc_size, 1, m->count);

	put(name, file, n);
}

static char *read_out(const char *name, size_t *len)
{
	char path[256];

	snprintf(path, sizeof(path), DIR "/%s", name);
	return st_slurp(path, len);
}

#define ASSERT_XML(name) do { \
	int _x = st_xmllint(DIR "/" name); \
	if (_x == -2) { printf("SKIP xmllint (not installed: apt-get install libxml2-utils)\n"); } \
	else ASSERT_EQ(_x, 0); \
} while (0)

/*
 * The small layout: node 0 (pxm 0) 0-2G with a firmware hole at 636K-1M and
 * a loader_data range, node 1 (pxm 1) 2G-3G and a hot-pluggable 4G-6G
 * range, node 2 (pxm 2) CPUs only; a 3x3 SLIT.
 */
static void small_layout(void)
{
	static const uint8_t d3[9] = { 10, 21, 31, 21, 10, 21, 31, 21, 10 };

	tb_srat(&T, 3);
	tb_cpu(&T, 0, 0, EN);
	tb_cpu(&T, 1, 1, EN);
	tb_cpu(&T, 2, 2, EN);
	tb_mem(&T, 0, 0, SZ_2G, EN);
	tb_mem(&T, 1, SZ_2G, SZ_2G, EN);
	tb_mem(&T, 1, SZ_4G, SZ_2G, EN | HP);
	tb_finish(&T);
	put("small.srat", T.b, T.len);
	tb_slit(&L, 3, d3);
	put("small.slit", L.b, L.len);
	mapb_init(&M, 48);
	mapb_ram(&M, 0, 0x9f000);
	mapb_add(&M, MEMMAP_TYPE_RESERVED, 0x9f000, 0x61, 0);
	mapb_ram(&M, SZ_1M, 0x7f000000);
	mapb_add(&M, MEMMAP_TYPE_LOADER_DATA, 0x7f000000, 0x800, 0);
	mapb_ram(&M, 0x7f800000, SZ_3G);
	mapb_add(&M, MEMMAP_TYPE_MMIO, 0xfec00000, 1, 1);
	put_map("small.bin", &M);
}

#define SMALL_ARGS "--srat " DIR "/small.srat --slit " DIR "/small.slit --memmap " DIR "/small.bin"

static int small_layout_golden(void)
{
	char *got, *want;
	size_t n;

	small_layout();
	ASSERT_RUN(0, SMALL_ARGS " --svg " DIR "/small.svg");
	got = read_out("small.svg", &n);
	ASSERT_TRUE(got != NULL);
	if (getenv("BOOTMEM_UPDATE_GOLDEN")) {
		st_write(GOLDEN, got, n);
		printf("# wrote %s (%zu bytes)\n", GOLDEN, n);
	}
	want = st_slurp(GOLDEN, NULL);
	ASSERT_TRUE(want != NULL);
	if (strcmp(got, want)) {
		int line = 1;
		size_t i = 0;

		while (got[i] && got[i] == want[i])
			line += got[i++] == '\n';
		fprintf(stderr, "%s:%d: " DIR "/small.svg differs from " GOLDEN " at line %d\n"
			"(BOOTMEM_UPDATE_GOLDEN=1 rewrites it after an intended change)\n",
			__FILE__, __LINE__, line);
		free(got);
		free(want);
		return 1;
	}
	free(got);
	free(want);
	return 0;
}

/* The same layout, checked number by number. */
static int small_layout_lanes_and_scale(void)
{
	char *svg, v[64];
	const char *p;

	small_layout();
	ASSERT_RUN(0, SMALL_ARGS " --svg " DIR "/small.svg");
	ASSERT_STR(R.out,
		   "bootmem2: nodes=3 blocks=3 total_pages=786335 free_pages=784286 reserved_pages=2049\n"
		   "node 0 pxm=0 blocks=2 total_pages=524191 free_pages=522142 reserved_pages=2049\n"
		   "node 1 pxm=1 blocks=1 total_pages=262144 free_pages=262144 reserved_pages=0\n"
		   "node 2 pxm=2 blocks=0 total_pages=0 free_pages=0 reserved_pages=0\n"
		   "block 0 node=0 start=0x0 end=0x9f000 pages=159 free_pages=158\n"
		   "block 1 node=0 start=0x100000 end=0x80000000 pages=524032 free_pages=521984\n"
		   "block 2 node=1 start=0x80000000 end=0xc0000000 pages=262144 free_pages=262144\n"
		   "reserved start=0x0 end=0x1000 what=page0\n"
		   "reserved start=0x7f000000 end=0x7f800000 what=loader_data\n"
		   "nearest node=0 memory_node=0 distance=10\n"
		   "nearest node=1 memory_node=1 distance=10\n"
		   "nearest node=2 memory_node=1 distance=21\n");
	ASSERT_XML("small.svg");
	svg = read_out("small.svg", NULL);
	ASSERT_SVG(svg, R.out);
	/* lanes 0, 1, 2 with pxm 0, 1, 2; node 2 memoryless */
	ASSERT_EQ(st_count(svg, "<g class=\"lane\""), 3);
	p = strstr(svg, "<g class=\"lane\" data-nid=\"2\"");
	ASSERT_TRUE(p);
	ASSERT_EQ(st_attr_u64(p, "data-pxm"), 2);
	ASSERT_EQ(st_attr_u64(p, "data-memoryless"), 1);
	/* the 636 KiB block is widened to the minimum, the others are to scale */
	p = strstr(svg, "<rect class=\"block\" data-index=\"0\"");
	ASSERT_EQ(st_attr_u64(p, "data-widened"), 1);
	ASSERT_EQ(st_attr(p, "width", v, sizeof(v)), 0);
	ASSERT_STR(v, "24");
	p = strstr(svg, "<rect class=\"block\" data-index=\"1\"");
	ASSERT_EQ(st_attr_u64(p, "data-widened"), 0);
	/* block 2 (262144 pages) and block 1 (524032 pages): widths in that ratio */
	{
		double w1 = st_attr_num(p, "width");
		double w2 = st_attr_num(strstr(svg, "<rect class=\"block\" data-index=\"2\""), "width");

		ASSERT_TRUE(w1 > 0 && w2 > 0);
		ASSERT_TRUE(w2 / w1 > 262144.0 / 524032 - 1e-4);
		ASSERT_TRUE(w2 / w1 < 262144.0 / 524032 + 1e-4);
	}
	/* the reserved ranges with their reasons and exact hover texts */
	ASSERT_EQ(st_count(svg, "<rect class=\"resv\" data-block="), 2);
	ASSERT_TRUE(strstr(svg, "<title>reserved 0x7f000000-0x7f800000 what=loader_data: 2048 pages (8 MiB)</title>"));
	ASSERT_TRUE(strstr(svg, "<title>reserved 0x0-0x1000 what=page0: 1 page (4 KiB), drawn wider than the scale</title>"));
	ASSERT_TRUE(strstr(svg, "<text class=\"rl\""));
	ASSERT_TRUE(strstr(svg, ">loader_data 8 MiB</text>") || strstr(svg, ">loader_data</text>"));
	ASSERT_TRUE(strstr(svg, "<title>block 1, node 0: 0x100000-0x80000000, 524032 pages (2047 MiB): 521984 free, 2048 reserved</title>"));
	/* the firmware hole with its type, the 3-4G hole cut */
	ASSERT_TRUE(strstr(svg, "<title>hole 0x9f000-0x100000 (388 KiB); firmware: reserved 0x9f000-0x100000</title>"));
	p = strstr(svg, "<rect class=\"hole\" data-start=\"0xc0000000\"");
	ASSERT_TRUE(p);
	ASSERT_EQ(st_attr_u64(p, "data-end"), SZ_4G);
	ASSERT_EQ(st_attr_u64(p, "data-cut"), 1);
	ASSERT_EQ(st_attr_num(p, "width"), st_attr_num(strstr(svg, "<svg "), "data-break-width"));
	ASSERT_EQ(st_attr_num(p, "width"), 24);
	/* the hot-pluggable range as an outline in node 1's lane */
	p = strstr(svg, "<rect class=\"hotplug\" data-lane=");
	ASSERT_TRUE(p);
	ASSERT_EQ(st_attr_u64(p, "data-lane"), 1);
	ASSERT_EQ(st_attr_u64(p, "data-start"), SZ_4G);
	ASSERT_EQ(st_attr_u64(p, "data-end"), SZ_4G + SZ_2G);
	/* title summary and SLIT matrix */
	ASSERT_TRUE(strstr(svg, ">bootmem2: nodes=3 blocks=3 total_pages=786335 free_pages=784286 reserved_pages=2049</text>"));
	ASSERT_TRUE(strstr(svg, "<g class=\"slit\" data-nodes=\"3\">"));
	ASSERT_EQ(st_count(svg, "<text class=\"sd\""), 6);
	ASSERT_TRUE(strstr(svg, ">31</text>"));
	free(svg);
	return 0;
}

static int html_has_drawing_and_report(void)
{
	char *html, *pre;

	small_layout();
	ASSERT_RUN(0, SMALL_ARGS " --html " DIR "/small.html --svg " DIR "/both.svg");
	ASSERT_XML("small.html");
	html = read_out("small.html", NULL);
	ASSERT_TRUE(!strncmp(html, "<!DOCTYPE html>\n", 16));
	ASSERT_EQ(st_count(html, "<svg xmlns=\"http://www.w3.org/2000/svg\""), 1);
	ASSERT_EQ(st_count(html, "<?xml"), 0);
	ASSERT_SVG(html, R.out);
	pre = strstr(html, "<pre class=\"report\">");
	ASSERT_TRUE(pre);
	pre += strlen("<pre class=\"report\">");
	ASSERT_TRUE(!strncmp(pre, R.out, strlen(R.out)));
	ASSERT_TRUE(!strncmp(pre + strlen(R.out), "</pre>", 6));
	free(html);
	html = read_out("both.svg", NULL);
	ASSERT_SVG(html, R.out);
	free(html);
	return 0;
}

/* The loader dump's reasons label the reserved ranges. */
static int loader_dump_reasons_label_ranges(void)
{
	char *svg;

	mapb_init(&M, 48);
	mapb_ram(&M, 0, 0xa0000);
	mapb_add(&M, MEMMAP_TYPE_LOADER_CODE, SZ_16M, 0x40, 0);
	mapb_ram(&M, SZ_1M, SZ_16M);
	mapb_ram(&M, SZ_16M + 0x40000, SZ_256M);
	mapb_add(&M, MEMMAP_TYPE_LOADER_DATA, SZ_256M, 0x10, 0);
	mapb_ram(&M, SZ_256M + 0x10000, SZ_1G);
	mapb_add(&M, MEMMAP_TYPE_BS_DATA, SZ_1G, 0x100, 0);          /* free after exit */
	mapb_ram(&M, SZ_1G + SZ_1M, SZ_2G);
	put_map("dump.bin", &M);
	ASSERT_RUN(0, "--memmap " DIR "/dump.bin --svg " DIR "/dump.svg");
	ASSERT_XML("dump.svg");
	svg = read_out("dump.svg", NULL);
	ASSERT_SVG(svg, R.out);
	ASSERT_EQ(st_count(svg, "<rect class=\"resv\" data-block="), 3);
	ASSERT_EQ(st_count(svg, "data-what=\"loader_code\""), 1);
	ASSERT_EQ(st_count(svg, "data-what=\"loader_data\""), 1);
	ASSERT_EQ(st_count(svg, "data-what=\"page0\""), 1);
	ASSERT_TRUE(strstr(svg, ">loader_code 256 KiB</text>"));
	ASSERT_TRUE(strstr(svg, ">loader_data 64 KiB</text>"));
	ASSERT_TRUE(strstr(svg, ">page0 4 KiB</text>"));
	ASSERT_EQ(st_count(svg, "bs_data"), 0);
	free(svg);
	return 0;
}

/*
 * 640 KiB, 3 GiB and 4 GiB low blocks next to a 1 TiB block: the 1016 GiB
 * hole is cut to the break width, the low blocks get the minimum width and
 * the 1 TiB block is to scale.
 */
static int huge_block_and_holes(void)
{
	char *svg;
	const char *p;

	mapb_init(&M, 40);
	mapb_ram(&M, 0, 0xa0000);
	mapb_ram(&M, SZ_1M, SZ_3G);
	mapb_ram(&M, SZ_4G, 2 * SZ_4G);
	mapb_ram(&M, 1024 * SZ_1G, 2048 * SZ_1G);
	put_map("huge.bin", &M);
	ASSERT_RUN(0, "--memmap " DIR "/huge.bin --svg " DIR "/huge.svg");
	ASSERT_XML("huge.svg");
	svg = read_out("huge.svg", NULL);
	ASSERT_SVG(svg, R.out);
	p = strstr(svg, "<rect class=\"hole\" data-start=\"0x200000000\"");
	ASSERT_TRUE(p);
	ASSERT_EQ(st_attr_u64(p, "data-end"), 1024 * SZ_1G);
	ASSERT_EQ(st_attr_u64(p, "data-cut"), 1);
	ASSERT_EQ(st_attr_num(p, "width"), st_attr_num(strstr(svg, "<svg "), "data-break-width"));
	ASSERT_EQ(st_count_attr(svg, "<rect class=\"block\" data-index=", "data-widened", "1"), 3);
	ASSERT_EQ(st_count_attr(svg, "<rect class=\"block\" data-index=", "data-widened", "0"), 1);
	ASSERT_EQ(st_attr_num(strstr(svg, "<rect class=\"block\" data-index=\"1\""), "width"),
		  st_attr_num(strstr(svg, "<svg "), "data-min-block-width"));
	p = strstr(svg, "<rect class=\"block\" data-index=\"3\"");
	ASSERT_EQ(st_attr_u64(p, "data-widened"), 0);
	ASSERT_TRUE(st_attr_num(p, "width") > 1000);
	free(svg);
	return 0;
}

/* Every real sample draws (or, if malformed, fails without a drawing). */
static int every_sample_draws(void)
{
	static const char *const names[] = {
		"asrock-k10n78d-1n-noslit", "asus-m4a88td-1n-rev1", "dell-r820-4s",
		"dell-t5810-srat1-zerolen", "dell-t5810-srat2", "evga-x299-micro-x2apic",
		"gigabyte-x299-ud4pro-x2apic", "hp-dl165g7-4n-split", "hp-dl360g7-2s-noslit",
		"hp-dl380egen8-2s-noslit", "qemu-pc-dimmpxm", "qemu-pc-memhp",
		"supermicro-h8dgu-4n-memless", "supermicro-h8qg6-8n-uneven", "supermicro-h8qg6-8n",
		"supermicro-x10dai-2s", "supermicro-x8dtt-2s",
	};
	const char *dir = st_samples();
	size_t largest = 0;
	const char *largest_name = "";

	if (!dir) {
		printf("SKIP every_sample_draws (no %s)\n", ST_SAMPLES_DEFAULT);
		return 0;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char slit[600], path[512];
		char *svg;
		size_t n;

		snprintf(path, sizeof(path), "%s/%s.slit.bin", dir, names[i]);
		snprintf(slit, sizeof(slit), "--slit %s", path);
		if (!st_exists(path))
			slit[0] = '\0';
		unlink(DIR "/sample.svg");
		st_run("--srat %s/%s.srat.bin %s --svg " DIR "/sample.svg", dir, names[i], slit);
		if (!strcmp(names[i], "dell-t5810-srat1-zerolen")) {
			/* malformed: exit 2, one line, no report, no drawing */
			ASSERT_EQ(R.status, 2);
			ASSERT_EQ(st_lines(R.err), 1);
			ASSERT_STR(R.out, "");
			ASSERT_TRUE(!st_exists(DIR "/sample.svg"));
			continue;
		}
		if (R.status) {
			fprintf(stderr, "%s: exit %d: %s", names[i], R.status, R.err);
			return 1;
		}
		ASSERT_XML("sample.svg");
		svg = read_out("sample.svg", &n);
		{
			char why[512];

			if (st_check_svg(svg, R.out, why, sizeof(why))) {
				fprintf(stderr, "%s: %s\n", names[i], why);
				free(svg);
				return 1;
			}
		}
		if (n > largest) {
			largest = n;
			largest_name = names[i];
		}
		free(svg);
	}
	printf("# largest sample drawing: %s, %zu bytes\n", largest_name, largest);
	return 0;
}

/* The README's picture (docs/) is what the simulator draws today. */
static int docs_picture_is_current(void)
{
	const char *dir = st_samples();
	char *want, *got;

	if (!dir) {
		printf("SKIP docs_picture_is_current (no %s)\n", ST_SAMPLES_DEFAULT);
		return 0;
	}
	ASSERT_RUN(0, "--srat %s/" DOCS_SAMPLE ".srat.bin --slit %s/" DOCS_SAMPLE ".slit.bin --svg " DIR "/docs.svg",
		   dir, dir);
	got = read_out("docs.svg", NULL);
	want = st_slurp(DOCS_SVG, NULL);
	ASSERT_TRUE(got && want);
	if (strcmp(got, want)) {
		fprintf(stderr, "%s:%d: " DOCS_SVG " is out of date; regenerate it with\n"
			"  build/host/bootmem2-sim --srat %s/" DOCS_SAMPLE ".srat.bin --slit %s/" DOCS_SAMPLE ".slit.bin --svg " DOCS_SVG "\n",
			__FILE__, __LINE__, dir, dir);
		free(got);
		free(want);
		return 1;
	}
	free(got);
	free(want);
	return 0;
}

/* 1 TiB: 1024 blocks of 1 GiB over 8 nodes, 2 reserved ranges in each. */
static int tib_1024_blocks_below_2mb(void)
{
	static struct memmap_desc d[5 * 1024];
	static uint8_t file[sizeof(d) + 64];
	uint32_t n = 0;
	uint64_t len;
	size_t size;
	char *svg;

	tb_srat(&T, 3);
	for (uint32_t k = 0; k < 8; k++)
		tb_cpu(&T, k, (uint8_t)k, EN);
	for (uint32_t k = 0; k < 1024; k++)
		tb_mem(&T, k % 8, k * SZ_1G, SZ_1G, EN);
	tb_finish(&T);
	put("tib.srat", T.b, T.len);
	for (uint32_t k = 0; k < 1024; k++) {
		static const struct { uint64_t off, len; uint32_t type; } piece[5] = {
			{ 0, SZ_1M, MEMMAP_TYPE_CONVENTIONAL },
			{ SZ_1M, SZ_1M, MEMMAP_TYPE_LOADER_DATA },
			{ SZ_2M, SZ_512M - SZ_2M, MEMMAP_TYPE_CONVENTIONAL },
			{ SZ_512M, SZ_64K, MEMMAP_TYPE_LOADER_CODE },
			{ SZ_512M + SZ_64K, SZ_512M - SZ_64K, MEMMAP_TYPE_CONVENTIONAL },
		};

		for (int i = 0; i < 5; i++, n++) {
			memset(&d[n], 0, sizeof(d[n]));
			d[n].type = piece[i].type;
			d[n].physical_start = k * SZ_1G + piece[i].off;
			d[n].number_of_pages = piece[i].len / SZ_4K;
		}
	}
	len = memmap_dump_write(file, sizeof(file), d, sizeof(d[0]), 1, n);
	put("tib.bin", file, len);

	ASSERT_RUN(0, "--srat " DIR "/tib.srat --memmap " DIR "/tib.bin --svg " DIR "/tib.svg");
	/* reserved: 256 + 16 pages per block and page 0 */
	ASSERT_TRUE(!strncmp(R.out, "bootmem2: nodes=8 blocks=1024 total_pages=268435456 free_pages=268156927 reserved_pages=278529\n", 95));
	ASSERT_XML("tib.svg");
	svg = read_out("tib.svg", &size);
	ASSERT_SVG(svg, R.out);
	ASSERT_EQ(st_count(svg, "<rect class=\"block\" data-index="), 1024);
	ASSERT_EQ(st_count(svg, "<rect class=\"resv\" data-block="), 2048 + 1);
	printf("# 1 TiB, 8 nodes, 1024 blocks, 2049 reserved ranges: %zu bytes\n", size);
	ASSERT_TRUE(size < SIZE_LIMIT);
	free(svg);

	/* the SRAT alone: the same blocks, page 0 reserved */
	ASSERT_RUN(0, "--srat " DIR "/tib.srat --svg " DIR "/tib.svg");
	svg = read_out("tib.svg", &size);
	ASSERT_SVG(svg, R.out);
	printf("# 1 TiB, 8 nodes, 1024 blocks from the SRAT alone: %zu bytes\n", size);
	ASSERT_TRUE(size < SIZE_LIMIT);
	free(svg);
	return 0;
}

/* 1 TiB over 1024 nodes (BOOTMEM_MAX_NODES): 1024 lanes, no SLIT matrix. */
static int tib_1024_nodes_below_2mb(void)
{
	static struct tb big;
	size_t size;
	char *svg;

	tb_srat(&big, 3);
	for (uint32_t k = 0; k < 1024; k++)
		tb_mem(&big, k, k * SZ_1G, SZ_1G, EN);
	tb_finish(&big);
	put("nodes.srat", big.b, big.len);
	ASSERT_RUN(0, "--srat " DIR "/nodes.srat --svg " DIR "/nodes.svg");
	ASSERT_XML("nodes.svg");
	svg = read_out("nodes.svg", &size);
	ASSERT_SVG(svg, R.out);
	ASSERT_EQ(st_count(svg, "<g class=\"lane\""), 1024);
	ASSERT_EQ(st_count(svg, "<g class=\"slit\""), 0);
	printf("# 1 TiB, 1024 nodes, 1024 blocks: %zu bytes\n", size);
	ASSERT_TRUE(size < SIZE_LIMIT);
	free(svg);
	return 0;
}

/* Errors: one line, exit 2, no report and no drawing. */
static int errors_leave_no_drawing(void)
{
	small_layout();
	T.b[9] ^= 1;                                    /* checksum */
	put("bad.srat", T.b, T.len);
	unlink(DIR "/bad.svg");
	ASSERT_RUN(2, "--srat " DIR "/bad.srat --svg " DIR "/bad.svg --html " DIR "/bad.html");
	ASSERT_STR(R.out, "");
	ASSERT_EQ(st_lines(R.err), 1);
	ASSERT_TRUE(!st_exists(DIR "/bad.svg"));
	ASSERT_TRUE(!st_exists(DIR "/bad.html"));

	ASSERT_RUN(2, SMALL_ARGS " --svg " DIR "/no-such-dir/x.svg");
	ASSERT_STR(R.out, "");
	ASSERT_STR(R.err, "bootmem2-sim: " DIR "/no-such-dir/x.svg: No such file or directory\n");

	ASSERT_RUN(2, SMALL_ARGS " --print-srat --svg " DIR "/x.svg");
	ASSERT_STR(R.err, "bootmem2-sim: --svg and --html draw the memory report: not with --print-srat\n");
	ASSERT_RUN(2, SMALL_ARGS " --svg");
	ASSERT_STR(R.err, "bootmem2-sim: --svg needs a FILE argument (try --help)\n");
	ASSERT_RUN(2, SMALL_ARGS " --html a --html b");
	ASSERT_STR(R.err, "bootmem2-sim: --html given twice\n");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(small_layout_golden),
		TL_CASE(small_layout_lanes_and_scale),
		TL_CASE(html_has_drawing_and_report),
		TL_CASE(loader_dump_reasons_label_ranges),
		TL_CASE(huge_block_and_holes),
		TL_CASE(every_sample_draws),
		TL_CASE(docs_picture_is_current),
		TL_CASE(tib_1024_blocks_below_2mb),
		TL_CASE(tib_1024_nodes_below_2mb),
		TL_CASE(errors_leave_no_drawing),
	};

	if (st_setup(DIR))
		return 0;
	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

// SPDX-License-Identifier: MIT
/* test_elf.c - kernel ELF validation against hostile headers, and loading. */
#include "testlib.h"
#include "elf.h"

/* A two-segment image: text at 16 MiB (R+X), data+bss at 16 MiB + 8 KiB. */
static unsigned char img[8192];

static void put16(size_t off, uint16_t v) { memcpy(img + off, &v, 2); }
static void put32(size_t off, uint32_t v) { memcpy(img + off, &v, 4); }
static void put64(size_t off, uint64_t v) { memcpy(img + off, &v, 8); }

#define PH(i) (64 + 56 * (i))

static void make_image(void)
{
	memset(img, 0, sizeof(img));
	memcpy(img, "\x7f" "ELF", 4);
	img[4] = 2; img[5] = 1; img[6] = 1;
	put16(16, 2);            /* ET_EXEC */
	put16(18, 62);           /* EM_X86_64 */
	put32(20, 1);
	put64(24, 0x1000010);    /* entry */
	put64(32, 64);           /* phoff */
	put16(52, 64);           /* ehsize */
	put16(54, 56);           /* phentsize */
	put16(56, 2);            /* phnum */
	/* text: file 0x1000..0x1100 -> 0x1000000, memsz 0x100 */
	put32(PH(0), 1); put32(PH(0) + 4, 5);
	put64(PH(0) + 8, 0x1000); put64(PH(0) + 24, 0x1000000);
	put64(PH(0) + 32, 0x100); put64(PH(0) + 40, 0x100);
	/* data: file 0x1800..0x1810 -> 0x1002000, memsz 0x3000 (bss) */
	put32(PH(1), 1); put32(PH(1) + 4, 6);
	put64(PH(1) + 8, 0x1800); put64(PH(1) + 24, 0x1002000);
	put64(PH(1) + 32, 0x10); put64(PH(1) + 40, 0x3000);
	for (int i = 0; i < 0x100; i++)
		img[0x1000 + i] = (unsigned char)i;
	memset(img + 0x1800, 0xcc, 0x10);
}

static int valid_image_parses_and_loads(void)
{
	struct elf_image im;
	struct diag_err err;

	make_image();
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), 0);
	ASSERT_EQ(im.nr_segs, 2);
	ASSERT_EQ(im.entry, 0x1000010);
	ASSERT_EQ(im.lo, 0x1000000);
	ASSERT_EQ(im.hi, 0x1005000);
	unsigned char *mem = malloc(im.hi - im.lo);
	memset(mem, 0xee, im.hi - im.lo);
	elf_load(img, &im, mem);
	ASSERT_EQ(mem[0x10], 0x10);
	ASSERT_EQ(mem[0xff], 0xff);
	ASSERT_EQ(mem[0x100], 0);            /* gap zeroed */
	ASSERT_EQ(mem[0x2000], 0xcc);
	ASSERT_EQ(mem[0x200f], 0xcc);
	ASSERT_EQ(mem[0x2010], 0);           /* bss zeroed */
	ASSERT_EQ(mem[0x4fff], 0);
	free(mem);
	return 0;
}

/* Each hostile variant: mutate, parse, expect the exact message and value. */
struct hostile {
	const char *name;
	size_t off;
	int width;
	uint64_t value;
	const char *msg;
	uint64_t err_value;
	int seg;               /* program header named, -1: the ELF header */
	const char *field;     /* field named */
	uint64_t field_off;    /* its offset in the file */
};

static const struct hostile cases[] = {
	{ "magic", 1, 1, 'X', "not an ELF file", 0x7f, -1, "e_ident", 0 },
	{ "class32", 4, 1, 1, "not ELF64", 1, -1, "EI_CLASS", 4 },
	{ "bigendian", 5, 1, 2, "not little endian", 2, -1, "EI_DATA", 5 },
	{ "version", 20, 4, 2, "unknown ELF version", 2, -1, "e_version", 20 },
	{ "machine", 18, 2, 3, "not x86_64", 3, -1, "e_machine", 18 },
	{ "rel", 16, 2, 1, "not a static executable", 1, -1, "e_type", 16 },
	{ "core", 16, 2, 4, "not a static executable", 4, -1, "e_type", 16 },
	{ "ehsize", 52, 2, 52, "bad ELF header size", 52, -1, "e_ehsize", 52 },
	{ "phentsize", 54, 2, 32, "bad program header size", 32, -1, "e_phentsize", 54 },
	{ "phnum0", 56, 2, 0, "program header count out of range", 0, -1, "e_phnum", 56 },
	{ "phnum65", 56, 2, 65, "program header count out of range", 65, -1, "e_phnum", 56 },
	{ "phoff_past_end", 32, 8, 8192, "program header table past end of file", 8192, -1, "e_phoff", 32 },
	{ "phoff_wrap", 32, 8, UINT64_MAX - 10, "program header table past end of file", UINT64_MAX - 10, -1, "e_phoff", 32 },
	{ "phoff_inside_header", 32, 8, 8, "program header table past end of file", 8, -1, "e_phoff", 32 },
	{ "filesz_gt_memsz", PH(0) + 32, 8, 0x200, "segment file size above its memory size", 0x200, 0, "p_filesz", PH(0) + 32 },
	{ "offset_past_end", PH(1) + 8, 8, 8190, "segment data past end of file", 8190, 1, "p_offset", PH(1) + 8 },
	{ "offset_wrap", PH(1) + 8, 8, UINT64_MAX - 4, "segment data past end of file", UINT64_MAX - 4, 1, "p_offset", PH(1) + 8 },
	{ "paddr_wrap", PH(1) + 24, 8, UINT64_MAX - 0x100, "segment address out of range", UINT64_MAX - 0x100, 1, "p_paddr", PH(1) + 24 },
	{ "memsz_wrap", PH(1) + 40, 8, UINT64_MAX, "segment address out of range", 0x1002000, 1, "p_paddr", PH(1) + 24 },
	{ "page0", PH(0) + 24, 8, 0x10, "segment in page 0", 0x10, 0, "p_paddr", PH(0) + 24 },
	{ "overlap", PH(1) + 24, 8, 0x1000080, "segments overlap", 0x1000080, 1, "p_paddr", PH(1) + 24 },
	{ "huge", PH(1) + 40, 8, 1ULL << 31, "image larger than 1 GiB", 1ULL << 31, 1, "p_memsz", PH(1) + 40 },
	{ "entry_outside", 24, 8, 0x2000000, "entry point outside every segment", 0x2000000, -1, "e_entry", 24 },
	{ "entry_in_data", 24, 8, 0x1002004, "entry point in a non-executable segment", 0x1002004, -1, "e_entry", 24 },
	{ "no_load", PH(0), 4, 6, "", 0, -2, "", 0 },   /* handled below */
};

static int hostile_headers_name_field_and_value(void)
{
	struct elf_image im;
	struct diag_err err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct hostile *h = &cases[i];

		if (h->seg == -2)
			continue;
		make_image();
		if (h->width == 1) img[h->off] = (unsigned char)h->value;
		if (h->width == 2) put16(h->off, (uint16_t)h->value);
		if (h->width == 4) put32(h->off, (uint32_t)h->value);
		if (h->width == 8) put64(h->off, h->value);
		if (elf_parse(img, sizeof(img), &im, &err) != -DIAG_EFIELD) {
			fprintf(stderr, "case %s: accepted\n", h->name);
			return 1;
		}
		if (strcmp(err.what, h->msg) || strcmp(err.field, h->field) ||
		    err.value != h->err_value || err.value2 != (uint64_t)(h->seg + 1) ||
		    err.offset != h->field_off || strcmp(err.src, "ELF")) {
			fprintf(stderr, "case %s: got '%s' %s=0x%llx at 0x%llx, header %llu\n",
				h->name, err.what, err.field, (unsigned long long)err.value,
				(unsigned long long)err.offset, (unsigned long long)err.value2);
			return 1;
		}
	}
	return 0;
}

static int no_loadable_segment(void)
{
	struct elf_image im;
	struct diag_err err;

	make_image();
	put32(PH(0), 6);
	put32(PH(1), 4);
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), -DIAG_EFIELD);
	ASSERT_STR(err.what, "no loadable segment");
	return 0;
}

static int truncated_files(void)
{
	struct elf_image im;
	struct diag_err err;
	char msg[200];

	make_image();
	ASSERT_EQ(elf_parse(img, 63, &im, &err), -DIAG_EFIELD);
	ASSERT_STR(err.what, "file smaller than the ELF header");
	ASSERT_EQ(elf_parse(img, 64 + 56, &im, &err), -DIAG_EFIELD);
	ASSERT_STR(err.what, "program header table past end of file");
	ASSERT_EQ(elf_parse(img, 0x1000 + 0x80, &im, &err), -DIAG_EFIELD);
	diag_format(&err, msg, sizeof(msg));
	ASSERT_STR(msg, "ELF: segment data past end of file (p_offset=0x1000, program header 0) at offset 0x48");
	ASSERT_EQ(elf_parse(NULL, 0, &im, &err), -DIAG_EFIELD);
	diag_format(&err, msg, sizeof(msg));
	ASSERT_STR(msg, "ELF: file smaller than the ELF header (size=0x0) at offset 0x0");
	return 0;
}

/* Every single-byte corruption of the headers is either accepted with sane
 * bounds or rejected: never an out-of-range segment. */
static int every_header_byte_flip(void)
{
	struct elf_image im;
	struct diag_err err;

	for (size_t off = 0; off < PH(2); off++) {
		for (int bit = 0; bit < 8; bit++) {
			make_image();
			img[off] ^= (unsigned char)(1 << bit);
			if (elf_parse(img, sizeof(img), &im, &err))
				continue;
			for (uint32_t j = 0; j < im.nr_segs; j++) {
				ASSERT_TRUE(im.segs[j].offset + im.segs[j].filesz <= sizeof(img));
				ASSERT_TRUE(im.segs[j].filesz <= im.segs[j].memsz);
			}
			ASSERT_TRUE(im.entry >= im.lo && im.entry < im.hi);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case tcases[] = {
		TL_CASE(valid_image_parses_and_loads),
		TL_CASE(hostile_headers_name_field_and_value),
		TL_CASE(no_loadable_segment),
		TL_CASE(truncated_files),
		TL_CASE(every_header_byte_flip),
	};

	return tl_main(tcases, sizeof(tcases) / sizeof(tcases[0]), argc, argv);
}

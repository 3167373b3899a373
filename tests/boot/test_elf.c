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
	struct efi_elf_image im;
	struct efi_elf_error err;

	make_image();
	ASSERT_EQ(efi_elf_parse(img, sizeof(img), &im, &err), 0);
	ASSERT_EQ(im.nr_segs, 2);
	ASSERT_EQ(im.entry, 0x1000010);
	ASSERT_EQ(im.lo, 0x1000000);
	ASSERT_EQ(im.hi, 0x1005000);
	unsigned char *mem = malloc(im.hi - im.lo);
	memset(mem, 0xee, im.hi - im.lo);
	efi_elf_load(img, &im, mem);
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
	int seg;
};

static const struct hostile cases[] = {
	{ "magic", 1, 1, 'X', "not an ELF file", 0x7f, -1 },
	{ "class32", 4, 1, 1, "not ELF64", 1, -1 },
	{ "bigendian", 5, 1, 2, "not little endian", 2, -1 },
	{ "version", 20, 4, 2, "unknown ELF version", 2, -1 },
	{ "machine", 18, 2, 3, "not x86_64", 3, -1 },
	{ "dyn", 16, 2, 3, "not a static executable", 3, -1 },
	{ "ehsize", 52, 2, 52, "bad ELF header size", 52, -1 },
	{ "phentsize", 54, 2, 32, "bad program header size", 32, -1 },
	{ "phnum0", 56, 2, 0, "program header count out of range", 0, -1 },
	{ "phnum65", 56, 2, 65, "program header count out of range", 65, -1 },
	{ "phoff_past_end", 32, 8, 8192, "program header table past end of file", 8192, -1 },
	{ "phoff_wrap", 32, 8, UINT64_MAX - 10, "program header table past end of file", UINT64_MAX - 10, -1 },
	{ "phoff_inside_header", 32, 8, 8, "program header table past end of file", 8, -1 },
	{ "filesz_gt_memsz", PH(0) + 32, 8, 0x200, "segment file size above its memory size", 0x200, 0 },
	{ "offset_past_end", PH(1) + 8, 8, 8190, "segment data past end of file", 8190, 1 },
	{ "offset_wrap", PH(1) + 8, 8, UINT64_MAX - 4, "segment data past end of file", UINT64_MAX - 4, 1 },
	{ "paddr_wrap", PH(1) + 24, 8, UINT64_MAX - 0x100, "segment address out of range", UINT64_MAX - 0x100, 1 },
	{ "memsz_wrap", PH(1) + 40, 8, UINT64_MAX, "segment address out of range", 0x1002000, 1 },
	{ "page0", PH(0) + 24, 8, 0x10, "segment in page 0", 0x10, 0 },
	{ "overlap", PH(1) + 24, 8, 0x1000080, "segments overlap", 0x1000080, 1 },
	{ "huge", PH(1) + 40, 8, 1ULL << 31, "image larger than 1 GiB", 1ULL << 31, 1 },
	{ "entry_outside", 24, 8, 0x2000000, "entry point outside every segment", 0x2000000, -1 },
	{ "entry_in_data", 24, 8, 0x1002004, "entry point in a non-executable segment", 0x1002004, -1 },
	{ "no_load", PH(0), 4, 6, "", 0, -2 },   /* handled below */
};

static int hostile_headers_name_field_and_value(void)
{
	struct efi_elf_image im;
	struct efi_elf_error err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct hostile *h = &cases[i];

		if (h->seg == -2)
			continue;
		make_image();
		if (h->width == 1) img[h->off] = (unsigned char)h->value;
		if (h->width == 2) put16(h->off, (uint16_t)h->value);
		if (h->width == 4) put32(h->off, (uint32_t)h->value);
		if (h->width == 8) put64(h->off, h->value);
		if (efi_elf_parse(img, sizeof(img), &im, &err) != -1) {
			fprintf(stderr, "case %s: accepted\n", h->name);
			return 1;
		}
		if (strcmp(err.msg, h->msg) || err.value != h->err_value || err.seg != h->seg) {
			fprintf(stderr, "case %s: got '%s' value 0x%llx seg %d\n", h->name, err.msg,
				(unsigned long long)err.value, err.seg);
			return 1;
		}
	}
	return 0;
}

static int no_loadable_segment(void)
{
	struct efi_elf_image im;
	struct efi_elf_error err;

	make_image();
	put32(PH(0), 6);
	put32(PH(1), 4);
	ASSERT_EQ(efi_elf_parse(img, sizeof(img), &im, &err), -1);
	ASSERT_EQ(strcmp(err.msg, "no loadable segment"), 0);
	return 0;
}

static int truncated_files(void)
{
	struct efi_elf_image im;
	struct efi_elf_error err;

	make_image();
	ASSERT_EQ(efi_elf_parse(img, 63, &im, &err), -1);
	ASSERT_EQ(strcmp(err.msg, "file smaller than the ELF header"), 0);
	ASSERT_EQ(efi_elf_parse(img, 64 + 56, &im, &err), -1);
	ASSERT_EQ(strcmp(err.msg, "program header table past end of file"), 0);
	ASSERT_EQ(efi_elf_parse(img, 0x1000 + 0x80, &im, &err), -1);
	ASSERT_EQ(strcmp(err.msg, "segment data past end of file"), 0);
	ASSERT_EQ(err.seg, 0);
	ASSERT_EQ(efi_elf_parse(NULL, 0, &im, &err), -1);
	return 0;
}

/* Every single-byte corruption of the headers is either accepted with sane
 * bounds or rejected: never an out-of-range segment. */
static int every_header_byte_flip(void)
{
	struct efi_elf_image im;
	struct efi_elf_error err;

	for (size_t off = 0; off < PH(2); off++) {
		for (int bit = 0; bit < 8; bit++) {
			make_image();
			img[off] ^= (unsigned char)(1 << bit);
			if (efi_elf_parse(img, sizeof(img), &im, &err))
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

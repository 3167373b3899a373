// SPDX-License-Identifier: MIT
/*
 * test_elf_reloc.c - relocatable (ET_DYN) kernels: PT_DYNAMIC, the RELA
 * table and R_X86_64_RELATIVE relocations against hostile inputs, with the
 * exact message, field, offset and value of every refusal; and applying
 * them at a load base.
 */
#include "testlib.h"
#include "elf.h"

/*
 * A static PIE linked at 0, as the stub kernel is:
 *   PH0 PT_LOAD   R+X  file 0x1000..0x1800 -> 0x0,    memsz 0x800
 *   PH1 PT_LOAD   RW   file 0x2000..0x2400 -> 0x2000, memsz 0x3000 (bss)
 *   PH2 PT_DYNAMIC     file 0x2200..0x2280 -> 0x2200
 * The RELA table (3 entries) sits in the text at 0x400 (file 0x1400); its
 * targets are the data words at 0x2000, 0x2008, 0x2010.
 */
#define FILE_SIZE 0x3000
static unsigned char img[FILE_SIZE];

static void put16(size_t off, uint16_t v) { memcpy(img + off, &v, 2); }
static void put32(size_t off, uint32_t v) { memcpy(img + off, &v, 4); }
static void put64(size_t off, uint64_t v) { memcpy(img + off, &v, 8); }
static uint64_t get64(const unsigned char *p, size_t off) { uint64_t v; memcpy(&v, p + off, 8); return v; }

#define PH(i)      (64 + 56 * (i))
#define RELA_FILE  0x1400            /* file offset of the table (vaddr 0x400) */
#define REL(i)     (RELA_FILE + 24 * (i))
#define DYN_FILE   0x2200            /* file offset of the dynamic section */
#define DYN(i)     (DYN_FILE + 16 * (i))

/* Dynamic entry slots of the fixture. */
enum { D_RELA, D_RELASZ, D_RELAENT, D_FLAGS1, D_NULL };

#define DT_NEEDED    1
#define DT_PLTRELSZ  2
#define DT_RELA      7
#define DT_RELASZ    8
#define DT_RELAENT   9
#define DT_DEBUG     21
#define DT_REL       17
#define DT_JMPREL    23
#define DT_RELR      36
#define DT_FLAGS_1   0x6ffffffb

static void phdr(int i, uint32_t type, uint32_t flags, uint64_t off, uint64_t addr,
		 uint64_t filesz, uint64_t memsz, uint64_t align)
{
	put32(PH(i), type);
	put32(PH(i) + 4, flags);
	put64(PH(i) + 8, off);
	put64(PH(i) + 16, addr);      /* p_vaddr */
	put64(PH(i) + 24, addr);      /* p_paddr */
	put64(PH(i) + 32, filesz);
	put64(PH(i) + 40, memsz);
	put64(PH(i) + 48, align);
}

static void dyn(int i, int64_t tag, uint64_t val)
{
	put64(DYN(i), (uint64_t)tag);
	put64(DYN(i) + 8, val);
}

static void rela(int i, uint64_t off, uint64_t info, uint64_t addend)
{
	put64(REL(i), off);
	put64(REL(i) + 8, info);
	put64(REL(i) + 16, addend);
}

static void make_pie(void)
{
	memset(img, 0, sizeof(img));
	memcpy(img, "\x7f" "ELF", 4);
	img[4] = 2; img[5] = 1; img[6] = 1;
	put16(16, 3);            /* ET_DYN */
	put16(18, 62);           /* EM_X86_64 */
	put32(20, 1);
	put64(24, 0x10);         /* entry */
	put64(32, 64);           /* phoff */
	put16(52, 64);
	put16(54, 56);
	put16(56, 3);
	phdr(0, 1, 5, 0x1000, 0x0, 0x800, 0x800, 0x1000);
	phdr(1, 1, 6, 0x2000, 0x2000, 0x400, 0x3000, 0x1000);
	phdr(2, 2, 6, DYN_FILE, 0x2200, 0x80, 0x80, 8);
	dyn(D_RELA, DT_RELA, 0x400);
	dyn(D_RELASZ, DT_RELASZ, 3 * 24);
	dyn(D_RELAENT, DT_RELAENT, 24);
	dyn(D_FLAGS1, DT_FLAGS_1, 0x08000000);
	dyn(D_NULL, 0, 0);
	rela(0, 0x2000, 8, 0x10);          /* -> a text address */
	rela(1, 0x2008, 8, 0x2100);        /* -> a data address */
	rela(2, 0x2010, 8, 0x5000);        /* -> one past the image's end */
	for (int i = 0; i < 0x100; i++)
		img[0x1000 + i] = (unsigned char)(0x90 + i);
	for (int i = 0x18; i < 0x200; i++)
		img[0x2000 + i] = 0xcc;
}

static int pie_parses_as_relocatable(void)
{
	struct elf_image im;
	struct diag_err err;

	make_pie();
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), 0);
	ASSERT_EQ(im.flags, ELF_IMG_RELOCATABLE);
	ASSERT_EQ(im.nr_segs, 2);
	ASSERT_EQ(im.lo, 0);                 /* page 0 is fine for a link address */
	ASSERT_EQ(im.hi, 0x5000);
	ASSERT_EQ(im.entry, 0x10);
	ASSERT_EQ(im.rela_off, RELA_FILE);
	ASSERT_EQ(im.nr_relocs, 3);
	return 0;
}

/* Load at a 64 MiB base: each word becomes base + addend, nothing else moves. */
static int relocations_applied_at_load_base(void)
{
	struct elf_image im;
	struct diag_err err;
	unsigned char *mem;

	make_pie();
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), 0);
	mem = malloc(im.hi - im.lo);
	elf_load(img, &im, mem);
	ASSERT_EQ(elf_relocate(img, &im, mem, 0x4000000, &err), 3);
	ASSERT_EQ(get64(mem, 0x2000), 0x4000010);
	ASSERT_EQ(get64(mem, 0x2008), 0x4002100);
	ASSERT_EQ(get64(mem, 0x2010), 0x4005000);
	ASSERT_EQ(get64(mem, 0x2018), 0xccccccccccccccccULL);  /* untouched data */
	ASSERT_EQ(mem[0x10], 0xa0);                              /* text as in the file */
	ASSERT_EQ(get64(mem, 0x4ff8), 0);                        /* bss zeroed */
	/* Load base 0 leaves the link-time values. */
	ASSERT_EQ(elf_relocate(img, &im, mem, 0, &err), 3);
	ASSERT_EQ(get64(mem, 0x2008), 0x2100);
	free(mem);
	return 0;
}

/* A bad load base is refused before anything is written. */
static int bad_load_base_writes_nothing(void)
{
	static const struct { uint64_t base; const char *msg; } bad[] = {
		{ 0x4001000, "load base not a multiple of 2 MiB" },
		{ 0x100000, "load base not a multiple of 2 MiB" },
		{ 1ULL << 48, "load base puts the image beyond 2^48" },
		{ 0xffffffffffe00000ULL, "load base puts the image beyond 2^48" },
	};
	struct elf_image im;
	struct diag_err err;
	unsigned char mem[0x5000], copy[0x5000];

	make_pie();
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), 0);
	elf_load(img, &im, mem);
	memcpy(copy, mem, sizeof(mem));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_EQ(elf_relocate(img, &im, mem, bad[i].base, &err), -DIAG_EFIELD);
		ASSERT_STR(err.what, bad[i].msg);
		ASSERT_STR(err.field, "load_base");
		ASSERT_EQ(err.value, bad[i].base);
		ASSERT_TRUE(!memcmp(mem, copy, sizeof(mem)));
	}
	return 0;
}

/* ET_EXEC: no relocations, and it cannot move. */
static int fixed_image_never_moves(void)
{
	struct elf_image im;
	struct diag_err err;
	unsigned char mem[0x5000], copy[0x5000];

	make_pie();
	put16(16, 2);                       /* ET_EXEC at 0x1000000 */
	put64(24, 0x1000010);
	put64(PH(0) + 16, 0x1000000); put64(PH(0) + 24, 0x1000000);
	put64(PH(1) + 16, 0x1002000); put64(PH(1) + 24, 0x1002000);
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), 0);
	ASSERT_EQ(im.flags, 0);
	ASSERT_EQ(im.nr_relocs, 0);         /* PT_DYNAMIC of an ET_EXEC is not read */
	ASSERT_EQ(im.lo, 0x1000000);
	elf_load(img, &im, mem);
	memcpy(copy, mem, sizeof(mem));
	ASSERT_EQ(elf_relocate(img, &im, mem, 0, &err), 0);
	ASSERT_TRUE(!memcmp(mem, copy, sizeof(mem)));       /* its RELA table is not applied */
	ASSERT_EQ(elf_relocate(img, &im, mem, 0x200000, &err), -DIAG_EFIELD);
	ASSERT_STR(err.what, "fixed-address image cannot move");
	ASSERT_TRUE(!memcmp(mem, copy, sizeof(mem)));
	/* Page 0 stays refused for a fixed image. */
	make_pie();
	put16(16, 2);
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), -DIAG_EFIELD);
	ASSERT_STR(err.what, "segment in page 0");
	return 0;
}

static int pie_without_dynamic_has_no_relocations(void)
{
	struct elf_image im;
	struct diag_err err;

	make_pie();
	put32(PH(2), 6);                    /* PT_PHDR: no PT_DYNAMIC left */
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), 0);
	ASSERT_EQ(im.flags, ELF_IMG_RELOCATABLE);
	ASSERT_EQ(im.nr_relocs, 0);
	/* Tags after DT_NULL are not read. */
	make_pie();
	dyn(D_NULL + 1, DT_NEEDED, 1);
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), 0);
	/* No DT_RELA and DT_RELASZ 0: nothing to do. */
	make_pie();
	dyn(D_RELA, DT_DEBUG, 0);
	dyn(D_RELASZ, DT_RELASZ, 0);
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), 0);
	ASSERT_EQ(im.nr_relocs, 0);
	/* A dynamic section without DT_NULL ends with its segment. */
	make_pie();
	dyn(D_NULL, DT_FLAGS_1, 0);
	put64(PH(2) + 32, 16 * (D_NULL + 1));
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), 0);
	ASSERT_EQ(im.nr_relocs, 3);
	return 0;
}

/* One hostile mutation: (offset, width, value) and the exact refusal. */
struct hostile {
	const char *name;
	size_t off;
	int width;
	uint64_t value;
	const char *msg;
	const char *field;
	uint64_t err_off;
	uint64_t err_value;
	uint64_t err_value2;
};

#define DVAL(i) (DYN(i) + 8)
#define DTAG(i) DYN(i)

static const struct hostile cases[] = {
	/* relocation entries */
	{ "type_64", REL(1) + 8, 8, 1, "unsupported relocation type R_X86_64_64", "r_info", REL(1) + 8, 1, 0 },
	{ "type_none", REL(0) + 8, 8, 0, "unsupported relocation type R_X86_64_NONE", "r_info", REL(0) + 8, 0, 0 },
	{ "type_pc32", REL(2) + 8, 8, 2, "unsupported relocation type R_X86_64_PC32", "r_info", REL(2) + 8, 2, 0 },
	{ "type_glob_dat", REL(0) + 8, 8, 6, "unsupported relocation type R_X86_64_GLOB_DAT", "r_info", REL(0) + 8, 6, 0 },
	{ "type_irelative", REL(0) + 8, 8, 37, "unsupported relocation type R_X86_64_IRELATIVE", "r_info", REL(0) + 8, 37, 0 },
	{ "type_unknown", REL(0) + 8, 8, 0xfff, "unsupported relocation type (unknown to the x86-64 psABI)", "r_info", REL(0) + 8, 0xfff, 0 },
	{ "type_gap", REL(0) + 8, 8, 39, "unsupported relocation type (unknown to the x86-64 psABI)", "r_info", REL(0) + 8, 39, 0 },
	{ "symbol", REL(1) + 8, 8, (5ULL << 32) | 8, "R_X86_64_RELATIVE with a symbol", "r_info", REL(1) + 8, (5ULL << 32) | 8, 0 },
	{ "target_past_end", REL(2), 8, 0x5000, "relocation target outside the image", "r_offset", REL(2), 0x5000, 0 },
	{ "target_straddles_end", REL(2), 8, 0x4ffc, "relocation target outside the image", "r_offset", REL(2), 0x4ffc, 0 },
	{ "target_in_gap", REL(0), 8, 0x1000, "relocation target outside the image", "r_offset", REL(0), 0x1000, 0 },
	{ "target_straddles_text_end", REL(0), 8, 0x7fc, "relocation target outside the image", "r_offset", REL(0), 0x7fc, 0 },
	{ "target_wraps", REL(0), 8, UINT64_MAX - 3, "relocation target outside the image", "r_offset", REL(0), UINT64_MAX - 3, 0 },
	{ "addend_past_end", REL(1) + 16, 8, 0x5001, "relocation addend outside the image", "r_addend", REL(1) + 16, 0x5001, 0 },
	{ "addend_overflow", REL(1) + 16, 8, UINT64_MAX, "relocation addend outside the image", "r_addend", REL(1) + 16, UINT64_MAX, 0 },
	{ "addend_huge", REL(1) + 16, 8, 1ULL << 63, "relocation addend outside the image", "r_addend", REL(1) + 16, 1ULL << 63, 0 },
	/* the table */
	{ "table_misaligned", DVAL(D_RELA), 8, 0x404, "relocation table misaligned", "DT_RELA", DVAL(D_RELA), 0x404, 0 },
	{ "table_size_odd", DVAL(D_RELASZ), 8, 70, "relocation table size not a multiple of 24", "DT_RELASZ", DVAL(D_RELASZ), 70, 0 },
	{ "entry_size", DVAL(D_RELAENT), 8, 16, "relocation entry size not 24", "DT_RELAENT", DVAL(D_RELAENT), 16, 0 },
	{ "entry_size_zero", DVAL(D_RELAENT), 8, 0, "relocation entry size not 24", "DT_RELAENT", DVAL(D_RELAENT), 0, 0 },
	{ "table_wraps", DVAL(D_RELASZ), 8, 0xfffffffffffffff0ULL, "relocation table wraps around the address space", "DT_RELASZ", DVAL(D_RELASZ), 0xfffffffffffffff0ULL, 0 },
	{ "table_past_file_data", DVAL(D_RELASZ), 8, 24 * 100, "relocation table outside the file data of every segment", "DT_RELA", DVAL(D_RELA), 0x400, 0 },
	{ "table_in_bss", DVAL(D_RELA), 8, 0x2400, "relocation table outside the file data of every segment", "DT_RELA", DVAL(D_RELA), 0x2400, 0 },
	{ "table_in_gap", DVAL(D_RELA), 8, 0x1000, "relocation table outside the file data of every segment", "DT_RELA", DVAL(D_RELA), 0x1000, 0 },
	{ "table_straddles", DVAL(D_RELA), 8, 0x7f8, "relocation table outside the file data of every segment", "DT_RELA", DVAL(D_RELA), 0x7f8, 0 },
	/* the dynamic section */
	{ "no_relasz", DTAG(D_RELASZ), 8, DT_DEBUG, "DT_RELA without DT_RELASZ", "DT_RELA", DVAL(D_RELA), 0x400, 0 },
	{ "no_relaent", DTAG(D_RELAENT), 8, DT_DEBUG, "DT_RELA without DT_RELAENT", "DT_RELA", DVAL(D_RELA), 0x400, 0 },
	{ "no_rela", DTAG(D_RELA), 8, DT_DEBUG, "DT_RELASZ without DT_RELA", "DT_RELASZ", DVAL(D_RELASZ), 72, 0 },
	{ "duplicate_rela", DTAG(D_FLAGS1), 8, DT_RELA, "duplicate relocation tag", "DT_RELA", DVAL(D_FLAGS1), 0x08000000, 0 },
	{ "needed", DTAG(D_FLAGS1), 8, DT_NEEDED, "image needs a shared library (DT_NEEDED)", "d_tag", DTAG(D_FLAGS1), DT_NEEDED, 0 },
	{ "rel", DTAG(D_FLAGS1), 8, DT_REL, "REL relocations not supported (DT_REL), only RELA", "d_tag", DTAG(D_FLAGS1), DT_REL, 0 },
	{ "relr", DTAG(D_FLAGS1), 8, DT_RELR, "packed relocations not supported (DT_RELR)", "d_tag", DTAG(D_FLAGS1), DT_RELR, 0 },
	{ "jmprel", DTAG(D_FLAGS1), 8, DT_JMPREL, "PLT relocations not supported (DT_JMPREL)", "d_tag", DTAG(D_FLAGS1), DT_JMPREL, 0 },
	{ "pltrelsz", DTAG(D_FLAGS1), 8, DT_PLTRELSZ, "PLT relocations not supported (DT_JMPREL)", "d_tag", DTAG(D_FLAGS1), DT_PLTRELSZ, 0 },
	{ "dynamic_past_end", PH(2) + 8, 8, FILE_SIZE - 8, "dynamic section past end of file", "p_offset", PH(2) + 8, FILE_SIZE - 8, 3 },
	{ "dynamic_wraps", PH(2) + 32, 8, UINT64_MAX, "dynamic section past end of file", "p_offset", PH(2) + 8, DYN_FILE, 3 },
	/* segments of a relocatable image */
	{ "paddr_differs", PH(1) + 24, 8, 0x4002000, "relocatable segment with p_paddr different from p_vaddr", "p_paddr", PH(1) + 24, 0x4002000, 2 },
	{ "align_4m", PH(0) + 48, 8, 4ULL << 20, "relocatable segment aligned above 2 MiB", "p_align", PH(0) + 48, 4ULL << 20, 1 },
};

static int hostile_relocations_name_field_and_value(void)
{
	struct elf_image im;
	struct diag_err err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct hostile *h = &cases[i];

		make_pie();
		if (h->width == 4) put32(h->off, (uint32_t)h->value);
		if (h->width == 8) put64(h->off, h->value);
		memset(&err, 0, sizeof(err));
		if (elf_parse(img, sizeof(img), &im, &err) != -DIAG_EFIELD) {
			fprintf(stderr, "case %s: accepted\n", h->name);
			return 1;
		}
		if (!err.what || strcmp(err.what, h->msg) || strcmp(err.field, h->field) ||
		    err.value != h->err_value || err.value2 != h->err_value2 ||
		    err.offset != h->err_off || strcmp(err.src, "ELF")) {
			fprintf(stderr, "case %s: got '%s' %s=0x%llx at 0x%llx, value2 %llu\n",
				h->name, err.what ? err.what : "(null)", err.field ? err.field : "(null)",
				(unsigned long long)err.value, (unsigned long long)err.offset,
				(unsigned long long)err.value2);
			return 1;
		}
	}
	return 0;
}

static int two_dynamic_headers(void)
{
	struct elf_image im;
	struct diag_err err;
	char msg[200];

	make_pie();
	put16(56, 4);
	phdr(3, 2, 6, DYN_FILE, 0x2200, 0x80, 0x80, 8);
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), -DIAG_EFIELD);
	diag_format(&err, msg, sizeof(msg));
	ASSERT_STR(msg, "ELF: more than one PT_DYNAMIC (p_type=0x2, program header 3) at offset 0xe8");
	return 0;
}

/* The message a user sees for the commonest mistake: a kernel built -fno-pie. */
static int unsupported_type_message(void)
{
	struct elf_image im;
	struct diag_err err;
	char msg[200];

	make_pie();
	put64(REL(1) + 8, 11);
	ASSERT_EQ(elf_parse(img, sizeof(img), &im, &err), -DIAG_EFIELD);
	diag_format(&err, msg, sizeof(msg));
	ASSERT_STR(msg, "ELF: unsupported relocation type R_X86_64_32S (r_info=0xb) at offset 0x1420");
	return 0;
}

/*
 * Every single-bit flip of headers, dynamic section and relocation table
 * either is refused or gives an image whose relocations stay inside it:
 * relocating into an exactly sized buffer (ASan in the boot-asan suite)
 * never writes outside, every addend lies in [lo, hi], and the result is
 * what writing base + addend at each target in table order gives (flipped
 * targets may overlap: the later entry wins).
 */
static int every_bit_flip_stays_inside(void)
{
	static const size_t ranges[][2] = {
		{ 0, PH(3) }, { RELA_FILE, REL(3) }, { DYN_FILE, DYN(D_NULL + 1) },
	};
	const uint64_t base = 0x8000000;
	struct elf_image im;
	struct diag_err err;

	for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
		for (size_t off = ranges[r][0]; off < ranges[r][1]; off++) {
			for (int bit = 0; bit < 8; bit++) {
				unsigned char *mem, *want;
				int64_t n;

				make_pie();
				img[off] ^= (unsigned char)(1 << bit);
				if (elf_parse(img, sizeof(img), &im, &err)) {
					ASSERT_EQ(err.code, DIAG_EFIELD);
					continue;
				}
				if (im.hi - im.lo > (64ULL << 20))
					continue;
				mem = malloc(im.hi - im.lo);
				want = malloc(im.hi - im.lo);
				elf_load(img, &im, mem);
				elf_load(img, &im, want);
				n = elf_relocate(img, &im, mem, (im.flags & ELF_IMG_RELOCATABLE) ? base : 0, &err);
				ASSERT_EQ(n, im.nr_relocs);
				for (uint64_t j = 0; j < im.nr_relocs; j++) {
					uint64_t t = get64(img, im.rela_off + 24 * j);
					uint64_t a = get64(img, im.rela_off + 24 * j + 16);
					uint64_t v = base + a;

					ASSERT_TRUE(a >= im.lo && a <= im.hi);
					ASSERT_TRUE(t >= im.lo && t + 8 <= im.hi);
					memcpy(want + (t - im.lo), &v, 8);
				}
				ASSERT_TRUE(!memcmp(mem, want, im.hi - im.lo));
				free(want);
				free(mem);
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case tcases[] = {
		TL_CASE(pie_parses_as_relocatable),
		TL_CASE(relocations_applied_at_load_base),
		TL_CASE(bad_load_base_writes_nothing),
		TL_CASE(fixed_image_never_moves),
		TL_CASE(pie_without_dynamic_has_no_relocations),
		TL_CASE(hostile_relocations_name_field_and_value),
		TL_CASE(two_dynamic_headers),
		TL_CASE(unsupported_type_message),
		TL_CASE(every_bit_flip_stays_inside),
	};

	return tl_main(tcases, sizeof(tcases) / sizeof(tcases[0]), argc, argv);
}

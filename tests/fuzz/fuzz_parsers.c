// SPDX-License-Identifier: MIT
/*
 * fuzz_parsers.c - libFuzzer target for the loader's other hostile-input
 * parsers: the kernel ELF (boot/elf.c, with the relocations of a static PIE)
 * and the command line (boot/cmdline.c).
 * Any crash, sanitizer report (out-of-bounds read of the input, overflow of
 * the load buffer) or broken invariant (trap) is a bug.
 *
 * Input: byte 0 selects the mode, the rest is the payload (exactly sized:
 * ASan sees any read past its end).
 *   0  raw ELF file -> elf_parse; on success the image invariants, and
 *      elf_load into a bounded buffer when the span is at most 4 MiB
 *   1  raw UCS-2 LoadOptions (LoadOptionsSize = payload size, odd allowed)
 *   2  structured ELF: a valid header, 1-20 program headers built from the
 *      payload on a small address grid, the rest of the payload as file data
 *      (reaches the segment checks, sorting, overlap and entry rules)
 *   3  LoadOptions with one payload byte per UCS-2 character (words such as
 *      "kernel=" are easy to find)
 *   4  structured static PIE (ET_DYN): two PT_LOAD segments and PT_DYNAMIC
 *      at fixed places, the dynamic tags, the RELA table address and size
 *      and 0-31 relocations built from the payload (reaches every check of
 *      the relocation code); an accepted image is relocated into an exactly
 *      sized buffer and compared with writing load base + addend at each
 *      target
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "elf.h"
#include "fuzz_input.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s (line %d)\n", #c, __LINE__); __builtin_trap(); } } while (0)

#define PAGE        4096ULL
#define LOAD_MAX    (4ULL << 20)
#define ADDR_LIMIT  (1ULL << 48)
#define PF_X        1u
#define LOAD_BASE   0x40000000ULL       /* where relocatable images are relocated to */

static uint64_t page_down(uint64_t a)
{
	return a & ~(PAGE - 1);
}

static uint64_t page_up(uint64_t a)
{
	return (a + PAGE - 1) & ~(PAGE - 1);
}

static size_t bounded_len(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* ---- ELF ------------------------------------------------------------------ */

static void check_elf_error(const struct diag_err *err)
{
	char msg[256];

	CHECK(err->code == DIAG_EFIELD && !strcmp(err->src, "ELF"));
	CHECK(err->what && err->what[0]);
	CHECK(err->field && err->field[0]);
	CHECK(err->value2 <= 64);
	CHECK(diag_format(err, msg, sizeof(msg)) < (int)sizeof(msg));
}

static void check_image(size_t size, const struct elf_image *im)
{
	uint64_t total = 0, end_max = 0;
	int entry_ok = 0;

	CHECK(im->nr_segs >= 1 && im->nr_segs <= ELF_MAX_SEGS);
	for (uint32_t i = 0; i < im->nr_segs; i++) {
		const struct elf_seg *s = &im->segs[i];

		/* Segment data inside the file. */
		CHECK(s->offset <= size && s->filesz <= size - s->offset);
		CHECK(s->filesz <= s->memsz);
		CHECK(s->memsz > 0);
		/* Address range sane: above page 0 (if loaded there), below 2^48, no wrap. */
		CHECK(s->paddr >= PAGE || (im->flags & ELF_IMG_RELOCATABLE));
		CHECK(s->paddr < ADDR_LIMIT && s->memsz <= ADDR_LIMIT - s->paddr);
		/* Sorted, and no two segments share a page. */
		if (i) {
			const struct elf_seg *p = &im->segs[i - 1];

			CHECK(p->paddr <= s->paddr);
			CHECK(page_up(p->paddr + p->memsz) <= page_down(s->paddr));
		}
		total += page_up(s->paddr + s->memsz) - page_down(s->paddr);
		if (s->paddr + s->memsz > end_max)
			end_max = s->paddr + s->memsz;
		if (im->entry >= s->paddr && im->entry - s->paddr < s->memsz)
			entry_ok = (s->flags & PF_X) != 0;
	}
	CHECK(im->lo == page_down(im->segs[0].paddr));
	CHECK(im->hi == page_up(end_max));
	CHECK(im->lo < im->hi);
	CHECK(total <= ELF_MAX_IMAGE);
	CHECK(im->hi - im->lo <= ELF_MAX_IMAGE);
	/* The entry lies in [lo, hi), inside an executable segment. */
	CHECK(im->entry >= im->lo && im->entry < im->hi);
	CHECK(entry_ok);
}

/* Load into an exactly sized buffer (ASan catches any write outside) and compare. */
static void check_load(const uint8_t *file, const struct elf_image *im)
{
	uint64_t span = im->hi - im->lo, at = im->lo;
	uint8_t *mem;

	if (span > LOAD_MAX)
		return;
	mem = malloc(span);
	CHECK(mem);
	memset(mem, 0xee, span);
	elf_load(file, im, mem);
	for (uint32_t i = 0; i < im->nr_segs; i++) {
		const struct elf_seg *s = &im->segs[i];
		const uint8_t *d = mem + (s->paddr - im->lo);

		for (; at < s->paddr; at++)
			CHECK(mem[at - im->lo] == 0);              /* gap zeroed */
		CHECK(memcmp(d, file + s->offset, s->filesz) == 0);
		for (uint64_t k = s->filesz; k < s->memsz; k++)
			CHECK(d[k] == 0);                           /* bss zeroed */
		at = s->paddr + s->memsz;
	}
	for (; at < im->hi; at++)
		CHECK(mem[at - im->lo] == 0);                      /* tail zeroed */
	free(mem);
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/*
 * Relocate into an exactly sized buffer and compare with the oracle: each
 * table entry writes LOAD_BASE + addend at its target, in table order. A
 * misaligned load base writes nothing.
 */
static void check_relocate(const uint8_t *file, size_t size, const struct elf_image *im)
{
	uint64_t span = im->hi - im->lo;
	bool pie = im->flags & ELF_IMG_RELOCATABLE;
	struct diag_err err;
	uint8_t *mem, *want;

	CHECK(pie || im->nr_relocs == 0);
	CHECK(im->rela_off <= size && im->nr_relocs <= (size - im->rela_off) / 24);
	if (span > LOAD_MAX)
		return;
	mem = malloc(span);
	want = malloc(span);
	CHECK(mem && want);
	elf_load(file, im, mem);
	elf_load(file, im, want);
	if (pie) {
		CHECK(elf_relocate(file, im, mem, LOAD_BASE + PAGE, &err) == -DIAG_EFIELD);
		check_elf_error(&err);
		CHECK(memcmp(mem, want, span) == 0);
	}
	CHECK(elf_relocate(file, im, mem, pie ? LOAD_BASE : 0, &err) == (int64_t)im->nr_relocs);
	for (uint64_t j = 0; j < im->nr_relocs; j++) {
		const uint8_t *r = file + im->rela_off + 24 * j;
		uint64_t t = rd64(r), info = rd64(r + 8), a = rd64(r + 16), v = LOAD_BASE + a;

		CHECK(info == 8);                                   /* R_X86_64_RELATIVE, no symbol */
		CHECK(t >= im->lo && t <= im->hi - 8);
		CHECK(a >= im->lo && a <= im->hi);
		memcpy(want + (t - im->lo), &v, 8);
	}
	CHECK(memcmp(mem, want, span) == 0);
	free(want);
	free(mem);
}

static void fuzz_elf(const uint8_t *file, size_t size)
{
	struct elf_image im;
	struct diag_err err;

	memset(&err, 0, sizeof(err));
	if (elf_parse(file, size, &im, &err) == 0) {
		check_image(size, &im);
		check_load(file, &im);
		check_relocate(file, size, &im);
	} else {
		check_elf_error(&err);
	}
}

static void put(uint8_t *b, size_t off, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

/*
 * Header (64 bytes) + phnum program headers + file data. Per program
 * header 8 payload bytes: sel (type/flags/variants), page (address grid
 * index), sub-page offset, file offset, filesz, memsz (2 bytes).
 */
static void fuzz_elf_structured(const uint8_t *p, size_t n)
{
	struct in in = { p, n };
	uint32_t phnum = (uint32_t)take(&in, 1) % 20 + 1;
	uint8_t esel = (uint8_t)take(&in, 1);
	uint64_t entry_page = take(&in, 1) % 64, entry_off = take(&in, 2) & 0x1fff;
	size_t hdr = 64 + 56 * (size_t)phnum, size;
	uint8_t f[64 + 56 * 20], *file;

	memset(f, 0, hdr);
	memcpy(f, "\x7f" "ELF", 4);
	f[4] = 2;
	f[5] = 1;
	f[6] = 1;
	put(f, 16, 2, 2);                  /* ET_EXEC */
	put(f, 18, 62, 2);                 /* EM_X86_64 */
	put(f, 20, 1, 4);
	put(f, 24, (esel & 0x80) ? take(&in, 8) : 0x100000 + entry_page * PAGE + entry_off, 8);
	put(f, 32, 64, 8);                 /* phoff */
	put(f, 52, 64, 2);
	put(f, 54, 56, 2);
	put(f, 56, phnum, 2);
	for (uint32_t i = 0; i < phnum; i++) {
		uint8_t *ph = f + 64 + 56 * i;
		uint8_t sel = (uint8_t)take(&in, 1);
		uint64_t page = take(&in, 1), off = take(&in, 1) * 8;
		uint64_t foff = take(&in, 2), filesz = take(&in, 1) * 16, memsz = take(&in, 2);

		put(ph, 0, (sel & 0x0c) == 0x0c ? sel >> 4 : 1, 4);          /* PT_LOAD mostly */
		put(ph, 4, sel & 7, 4);                                       /* R/W/X */
		put(ph, 8, (sel & 0x40) ? hdr + foff % (in.n + 1) : foff, 8);
		put(ph, 24, 0x100000 + (page % 64) * PAGE + ((sel & 0x10) ? off : 0), 8);
		put(ph, 16, 0x100000 + (page % 64) * PAGE, 8);                /* vaddr: ignored */
		put(ph, 32, filesz, 8);
		put(ph, 40, (sel & 0x20) ? memsz << 8 : memsz, 8);
		if ((sel & 0x88) == 0x88)                                     /* extreme values */
			put(ph, 24 + 8 * (page & 3), UINT64_MAX - off, 8);
	}
	/* File data: what is left of the payload (half of it: a truncated file). */
	size = hdr + ((esel & 0x40) ? in.n / 2 : in.n);
	file = malloc(size);                     /* exactly sized for ASan */
	CHECK(file);
	memcpy(file, f, hdr);
	memcpy(file + hdr, in.p, size - hdr);
	fuzz_elf(file, size);
	free(file);
}

/*
 * A static PIE as the stub kernel is: text R+X at 0 (file 0x1000, 0x800
 * bytes), data R+W at 0x2000 (file 0x2000, 0x400 bytes, 0x3000 in memory),
 * PT_DYNAMIC at 0x2200 (file 0x2200). From the payload: a variant byte, the
 * RELA address and size, up to 8 dynamic entries, 0-31 relocations.
 */
#define PIE_SIZE 0x3000
static void fuzz_pie_structured(const uint8_t *p, size_t n)
{
	static const int64_t tags[16] = { 7, 8, 9, 7, 8, 9, 1, 2, 17, 18, 22, 23, 35, 36, 21, 0x6ffffffb };
	struct in in = { p, n };
	uint8_t var = (uint8_t)take(&in, 1);
	uint32_t nrel = (uint32_t)take(&in, 1) % 32, ndyn;
	uint64_t rela = (var & 0x01) ? take(&in, 2) : 0x400 + 8 * (take(&in, 1) & 0x3f);
	uint64_t relasz = (var & 0x02) ? take(&in, 8) : 24ULL * nrel + ((var & 0x04) ? take(&in, 1) % 24 : 0);
	uint8_t *f = calloc(1, PIE_SIZE);
	size_t d = 0x2200;

	CHECK(f);
	memcpy(f, "\x7f" "ELF", 4);
	f[4] = 2;
	f[5] = 1;
	f[6] = 1;
	put(f, 16, 3, 2);                             /* ET_DYN */
	put(f, 18, 62, 2);
	put(f, 20, 1, 4);
	put(f, 24, (var & 0x08) ? take(&in, 2) : 0x10, 8);
	put(f, 32, 64, 8);
	put(f, 52, 64, 2);
	put(f, 54, 56, 2);
	put(f, 56, 3, 2);
	/* p_type p_flags p_offset p_vaddr p_paddr p_filesz p_memsz p_align */
	put(f, 64, 1, 4); put(f, 68, 5, 4); put(f, 72, 0x1000, 8);
	put(f, 96, 0x800, 8); put(f, 104, 0x800, 8); put(f, 112, 0x1000, 8);
	put(f, 120, 1, 4); put(f, 124, 6, 4); put(f, 128, 0x2000, 8); put(f, 136, 0x2000, 8);
	put(f, 144, 0x2000, 8); put(f, 152, 0x400, 8); put(f, 160, 0x3000, 8); put(f, 168, 0x1000, 8);
	put(f, 176, 2, 4); put(f, 180, 6, 4); put(f, 184, 0x2200, 8); put(f, 192, 0x2200, 8);
	put(f, 200, 0x2200, 8); put(f, 208, (var & 0x10) ? take(&in, 2) : 0x100, 8);
	put(f, 216, 0x100, 8); put(f, 224, 8, 8);
	/* The three RELA tags (unless dropped), then entries from the payload. */
	if (!(var & 0x20)) {
		put(f, d, 7, 8); put(f, d + 8, rela, 8); d += 16;
		put(f, d, 8, 8); put(f, d + 8, relasz, 8); d += 16;
		put(f, d, 9, 8); put(f, d + 8, (var & 0x40) ? take(&in, 1) : 24, 8); d += 16;
	}
	ndyn = (uint32_t)take(&in, 1) % 9;
	for (uint32_t i = 0; i < ndyn; i++, d += 16) {
		uint8_t t = (uint8_t)take(&in, 1);

		put(f, d, (uint64_t)tags[t % 16], 8);
		put(f, d + 8, (t & 0x80) ? take(&in, 8) : take(&in, 1), 8);
	}
	/* Relocations where DT_RELA says, if that is inside the text's file data. */
	for (uint32_t i = 0; i < nrel; i++) {
		uint8_t sel = (uint8_t)take(&in, 1);
		uint64_t at = 0x1000 + rela + 24ULL * i, target, info, addend;

		target = (sel & 0x01) ? take(&in, 8) : 0x2000 + 8 * (take(&in, 1) % 0x200);
		info = (sel & 0x02) ? take(&in, 8) : 8;
		addend = (sel & 0x04) ? take(&in, 8) : take(&in, 2) % 0x5100;
		if (rela < 0x800 && at + 24 <= 0x1800) {
			put(f, at, target, 8);
			put(f, at + 8, info, 8);
			put(f, at + 16, addend, 8);
		}
	}
	fuzz_elf(f, PIE_SIZE);
	free(f);
}

/* ---- command line ----------------------------------------------------------- */

static void check_path(const char *path, int may_be_empty)
{
	size_t n = bounded_len(path, CMDLINE_PATH_MAX);

	CHECK(n < CMDLINE_PATH_MAX);                   /* NUL terminated, bounded */
	if (n == 0) {
		CHECK(may_be_empty);
		return;
	}
	CHECK(path[0] == '\\');
	for (size_t i = 0; i < n; i++)
		CHECK(path[i] != '/' && (path[i] == '\t' || (path[i] >= 0x20 && path[i] <= 0x7e)));
}

static void fuzz_cmdline(const uint16_t *opts, size_t bytes, size_t nchars)
{
	struct cmdline c;
	struct diag_err err;
	size_t tl;
	int rc;

	memset(&c, 0x5a, sizeof(c));                       /* garbage in, as on a stack */
	memset(&err, 0x5a, sizeof(err));
	rc = cmdline_parse(opts, bytes, &c, &err);
	if (rc == 0) {
		CHECK(c.mode == CMDLINE_MODE_REPORT || c.mode == CMDLINE_MODE_BOOT || c.mode == CMDLINE_MODE_HELP);
		check_path(c.kernel, 0);
		check_path(c.srat, 1);
		tl = bounded_len(c.text, CMDLINE_TEXT_MAX);
		CHECK(tl < CMDLINE_TEXT_MAX);
		CHECK(tl <= nchars);
		for (size_t i = 0; i < tl; i++)                 /* tabs only inside quotes */
			CHECK(c.text[i] == '\t' || (c.text[i] >= 0x20 && c.text[i] <= 0x7e));
		if (c.flags & CMDLINE_OPT_BINARY) {
			CHECK(c.mode == CMDLINE_MODE_BOOT && tl == 0);
			CHECK(!strcmp(c.kernel, CMDLINE_DEFAULT_KERNEL) && c.srat[0] == 0);
		}
		if ((c.flags & CMDLINE_OPT_FROM_SHELL) && !(c.flags & CMDLINE_OPT_MODE_GIVEN))
			CHECK(c.mode == CMDLINE_MODE_REPORT);
		CHECK(!((c.flags & CMDLINE_OPT_VERBOSE) && (c.flags & CMDLINE_OPT_QUIET)));
	} else {
		char msg[256];

		CHECK(rc == -err.code && (err.code == DIAG_ESYNTAX || err.code == DIAG_ETOOLONG));
		CHECK(err.what && err.what[0] && !strcmp(err.src, "cmdline"));
		CHECK(bounded_len(err.token, sizeof(err.token)) < sizeof(err.token));
		CHECK(err.offset < CMDLINE_TEXT_MAX);
		CHECK(err.offset <= nchars);
		CHECK(diag_format(&err, msg, sizeof(msg)) < (int)sizeof(msg));
	}
}

static void fuzz_cmdline_raw(const uint8_t *p, size_t n)
{
	uint16_t *opts = malloc(n ? n : 1);

	CHECK(opts);
	memcpy(opts, p, n);
	fuzz_cmdline(opts, n, n / 2);               /* odd sizes: the last byte is ignored */
	fuzz_cmdline(NULL, n, 0);                   /* no LoadOptions at all */
	free(opts);
}

static void fuzz_cmdline_ascii(const uint8_t *p, size_t n)
{
	uint16_t *opts = malloc(2 * n + 2);

	CHECK(opts);
	for (size_t i = 0; i < n; i++)
		opts[i] = p[i];
	fuzz_cmdline(opts, 2 * n, n);
	free(opts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 5) {
	case 0:
		fuzz_elf(data + 1, size - 1);
		break;
	case 1:
		fuzz_cmdline_raw(data + 1, size - 1);
		break;
	case 2:
		fuzz_elf_structured(data + 1, size - 1);
		break;
	case 4:
		fuzz_pie_structured(data + 1, size - 1);
		break;
	default:
		fuzz_cmdline_ascii(data + 1, size - 1);
		break;
	}
	return 0;
}

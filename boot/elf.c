// SPDX-License-Identifier: MIT
/* elf.c - kernel ELF64 validation and loading; see elf.h. */
#include "elf.h"

#include <stdbool.h>

#include "util.h"

/* ELF64 layouts (only what we read). */
struct elf64_ehdr {
	unsigned char e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "Elf64_Ehdr");
_Static_assert(sizeof(struct elf64_phdr) == 56, "Elf64_Phdr");
_Static_assert(offsetof(struct elf64_ehdr, e_phoff) == 32, "e_phoff");
_Static_assert(offsetof(struct elf64_phdr, p_paddr) == 24, "p_paddr");

#define PT_LOAD   1
#define PF_X      1
#define ET_EXEC   2
#define EM_X86_64 62
#define ADDR_LIMIT (1ULL << 48)

#define SRC "ELF"

/* An ELF header field: its name and byte offset. */
#define EH(f) #f, offsetof(struct elf64_ehdr, f)

/* A header error: names the field, its file offset and value. */
static int fail(struct diag_err *err, const char *msg, const char *field, uint64_t off,
		uint64_t value)
{
	return diag_set_field(err, SRC, msg, field, off, value, 0);
}

/* A program header error: as fail(), for field @foff of program header @i. */
static int fail_ph(struct diag_err *err, const char *msg, const char *field, uint64_t phoff,
		   int i, uint64_t foff, uint64_t value)
{
	return diag_set_field(err, SRC, msg, field,
			      phoff + (uint64_t)i * sizeof(struct elf64_phdr) + foff, value,
			      (uint64_t)i + 1);
}

#define PH(f) #f, eh->e_phoff, i, offsetof(struct elf64_phdr, f)

/* Step 1: identity, sizes and the program header table bounds. */
static int check_header(const struct elf64_ehdr *eh, size_t size, struct diag_err *err)
{
	if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' || eh->e_ident[2] != 'L' ||
	    eh->e_ident[3] != 'F')
		return fail(err, "not an ELF file", EH(e_ident), eh->e_ident[0]);
	if (eh->e_ident[4] != 2)
		return fail(err, "not ELF64", "EI_CLASS", 4, eh->e_ident[4]);
	if (eh->e_ident[5] != 1)
		return fail(err, "not little endian", "EI_DATA", 5, eh->e_ident[5]);
	if (eh->e_ident[6] != 1 || eh->e_version != 1)
		return fail(err, "unknown ELF version", EH(e_version), eh->e_version);
	if (eh->e_machine != EM_X86_64)
		return fail(err, "not x86_64", EH(e_machine), eh->e_machine);
	if (eh->e_type != ET_EXEC)
		return fail(err, "not a static executable", EH(e_type), eh->e_type);
	if (eh->e_ehsize != sizeof(*eh))
		return fail(err, "bad ELF header size", EH(e_ehsize), eh->e_ehsize);
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return fail(err, "bad program header size", EH(e_phentsize), eh->e_phentsize);
	if (eh->e_phnum == 0 || eh->e_phnum > 64)
		return fail(err, "program header count out of range", EH(e_phnum), eh->e_phnum);
	if (eh->e_phoff < sizeof(*eh) || eh->e_phoff > size ||
	    (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr) > size - eh->e_phoff)
		return fail(err, "program header table past end of file", EH(e_phoff), eh->e_phoff);
	return 0;
}

static uint64_t page_lo(uint64_t a)
{
	return a & ~UTIL_PAGE_MASK;
}

static uint64_t page_hi(uint64_t a)
{
	return (a + UTIL_PAGE_MASK) & ~UTIL_PAGE_MASK;
}

/*
 * Step 2: one PT_LOAD segment: inside the file, below 2^48, not in page 0,
 * not overlapping an earlier one (page granular); inserted sorted by address.
 * @total accumulates the page-rounded image size.
 */
static int take_segment(const struct elf64_ehdr *eh, const struct elf64_phdr *ph, int i,
			size_t size, struct elf_image *img, uint64_t *total, struct diag_err *err)
{
	uint64_t lo, hi;
	uint32_t k;

	if (ph->p_filesz > ph->p_memsz)
		return fail_ph(err, "segment file size above its memory size", PH(p_filesz),
			       ph->p_filesz);
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return fail_ph(err, "segment data past end of file", PH(p_offset), ph->p_offset);
	if (ph->p_paddr >= ADDR_LIMIT || ph->p_memsz > ADDR_LIMIT - ph->p_paddr)
		return fail_ph(err, "segment address out of range", PH(p_paddr), ph->p_paddr);
	if (ph->p_paddr < BOOTMEM_PAGE_SIZE)
		return fail_ph(err, "segment in page 0", PH(p_paddr), ph->p_paddr);
	if (img->nr_segs == ELF_MAX_SEGS)
		return fail(err, "too many PT_LOAD segments", EH(e_phnum), eh->e_phnum);
	lo = page_lo(ph->p_paddr);
	hi = page_hi(ph->p_paddr + ph->p_memsz);
	*total += hi - lo;
	if (*total > ELF_MAX_IMAGE)
		return fail_ph(err, "image larger than 1 GiB", PH(p_memsz), ph->p_memsz);
	for (uint32_t j = 0; j < img->nr_segs; j++) {
		const struct elf_seg *o = &img->segs[j];

		if (lo < page_hi(o->paddr + o->memsz) && page_lo(o->paddr) < hi)
			return fail_ph(err, "segments overlap", PH(p_paddr), ph->p_paddr);
	}
	for (k = img->nr_segs; k > 0 && img->segs[k - 1].paddr > ph->p_paddr; k--)
		img->segs[k] = img->segs[k - 1];
	img->segs[k].paddr = ph->p_paddr;
	img->segs[k].memsz = ph->p_memsz;
	img->segs[k].filesz = ph->p_filesz;
	img->segs[k].offset = ph->p_offset;
	img->segs[k].flags = ph->p_flags;
	img->nr_segs++;
	return 0;
}

/* Step 3: the image span and an entry point inside an executable segment. */
static int check_image(const struct elf64_ehdr *eh, struct elf_image *img, struct diag_err *err)
{
	if (img->nr_segs == 0)
		return fail(err, "no loadable segment", EH(e_phnum), eh->e_phnum);
	img->lo = page_lo(img->segs[0].paddr);
	img->hi = page_hi(img->segs[img->nr_segs - 1].paddr + img->segs[img->nr_segs - 1].memsz);
	if (img->hi - img->lo > ELF_MAX_IMAGE)
		return fail(err, "image span larger than 1 GiB", "span", 0, img->hi - img->lo);
	img->entry = eh->e_entry;
	for (uint32_t j = 0; j < img->nr_segs; j++) {
		const struct elf_seg *s = &img->segs[j];

		if (eh->e_entry >= s->paddr && eh->e_entry - s->paddr < s->memsz) {
			if (!(s->flags & PF_X))
				return fail(err, "entry point in a non-executable segment",
					    EH(e_entry), eh->e_entry);
			return 0;
		}
	}
	return fail(err, "entry point outside every segment", EH(e_entry), eh->e_entry);
}

int elf_parse(const void *file, size_t size, struct elf_image *img, struct diag_err *err)
{
	const unsigned char *f = file;
	struct elf64_ehdr eh;
	uint64_t total = 0;
	int rc;

	img->nr_segs = 0;
	if (!file || size < sizeof(eh))
		return fail(err, "file smaller than the ELF header", "size", 0, size);
	util_copy(&eh, f, sizeof(eh));
	rc = check_header(&eh, size, err);
	for (int i = 0; !rc && i < eh.e_phnum; i++) {
		struct elf64_phdr ph;

		util_copy(&ph, f + eh.e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_LOAD && ph.p_memsz != 0)
			rc = take_segment(&eh, &ph, i, size, img, &total, err);
	}
	return rc ? rc : check_image(&eh, img, err);
}

void elf_load(const void *file, const struct elf_image *img, void *base)
{
	unsigned char *dst = base;
	const unsigned char *f = file;
	uint64_t at = img->lo;

	for (uint32_t j = 0; j < img->nr_segs; j++) {
		const struct elf_seg *s = &img->segs[j];

		for (; at < s->paddr; at++)
			dst[at - img->lo] = 0;
		util_copy(dst + (s->paddr - img->lo), f + s->offset, (size_t)s->filesz);
		at = s->paddr + s->filesz;
		for (; at < s->paddr + s->memsz; at++)
			dst[at - img->lo] = 0;
	}
	for (; at < img->hi; at++)
		dst[at - img->lo] = 0;
}

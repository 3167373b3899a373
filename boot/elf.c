// SPDX-License-Identifier: MIT
/* elf.c - kernel ELF64 validation and loading; see elf.h. */
#include "elf.h"

#include <stdbool.h>

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
#define PAGE      4096ULL
#define ADDR_LIMIT (1ULL << 48)

static int fail(struct efi_elf_error *err, const char *msg, const char *field,
		uint64_t value, int seg)
{
	err->msg = msg;
	err->field = field;
	err->value = value;
	err->seg = seg;
	return -1;
}

static void copy_bytes(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
}

int efi_elf_parse(const void *file, size_t size, struct efi_elf_image *img,
		  struct efi_elf_error *err)
{
	struct elf64_ehdr eh;
	const unsigned char *f = file;
	uint64_t total = 0;

	img->nr_segs = 0;
	if (!file || size < sizeof(eh))
		return fail(err, "file smaller than the ELF header", "size", size, -1);
	copy_bytes(&eh, f, sizeof(eh));
	if (eh.e_ident[0] != 0x7f || eh.e_ident[1] != 'E' || eh.e_ident[2] != 'L' ||
	    eh.e_ident[3] != 'F')
		return fail(err, "not an ELF file", "e_ident", eh.e_ident[0], -1);
	if (eh.e_ident[4] != 2)
		return fail(err, "not ELF64", "EI_CLASS", eh.e_ident[4], -1);
	if (eh.e_ident[5] != 1)
		return fail(err, "not little endian", "EI_DATA", eh.e_ident[5], -1);
	if (eh.e_ident[6] != 1 || eh.e_version != 1)
		return fail(err, "unknown ELF version", "e_version", eh.e_version, -1);
	if (eh.e_machine != EM_X86_64)
		return fail(err, "not x86_64", "e_machine", eh.e_machine, -1);
	if (eh.e_type != ET_EXEC)
		return fail(err, "not a static executable", "e_type", eh.e_type, -1);
	if (eh.e_ehsize != sizeof(eh))
		return fail(err, "bad ELF header size", "e_ehsize", eh.e_ehsize, -1);
	if (eh.e_phentsize != sizeof(struct elf64_phdr))
		return fail(err, "bad program header size", "e_phentsize", eh.e_phentsize, -1);
	if (eh.e_phnum == 0 || eh.e_phnum > 64)
		return fail(err, "program header count out of range", "e_phnum", eh.e_phnum, -1);
	if (eh.e_phoff < sizeof(eh) || eh.e_phoff > size ||
	    (uint64_t)eh.e_phnum * sizeof(struct elf64_phdr) > size - eh.e_phoff)
		return fail(err, "program header table past end of file", "e_phoff", eh.e_phoff, -1);

	for (int i = 0; i < eh.e_phnum; i++) {
		struct elf64_phdr ph;
		struct efi_elf_seg *s;
		uint64_t lo, hi;

		copy_bytes(&ph, f + eh.e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (ph.p_filesz > ph.p_memsz)
			return fail(err, "segment file size above its memory size", "p_filesz",
				    ph.p_filesz, i);
		if (ph.p_offset > size || ph.p_filesz > size - ph.p_offset)
			return fail(err, "segment data past end of file", "p_offset", ph.p_offset, i);
		if (ph.p_paddr >= ADDR_LIMIT || ph.p_memsz > ADDR_LIMIT - ph.p_paddr)
			return fail(err, "segment address out of range", "p_paddr", ph.p_paddr, i);
		if (ph.p_paddr < PAGE)
			return fail(err, "segment in page 0", "p_paddr", ph.p_paddr, i);
		if (img->nr_segs == EFI_ELF_MAX_SEGS)
			return fail(err, "too many PT_LOAD segments", "e_phnum", eh.e_phnum, i);
		lo = ph.p_paddr & ~(PAGE - 1);
		hi = (ph.p_paddr + ph.p_memsz + PAGE - 1) & ~(PAGE - 1);
		total += hi - lo;
		if (total > EFI_ELF_MAX_IMAGE)
			return fail(err, "image larger than 1 GiB", "p_memsz", ph.p_memsz, i);
		for (uint32_t j = 0; j < img->nr_segs; j++) {
			const struct efi_elf_seg *o = &img->segs[j];
			uint64_t olo = o->paddr & ~(PAGE - 1);
			uint64_t ohi = (o->paddr + o->memsz + PAGE - 1) & ~(PAGE - 1);

			if (lo < ohi && olo < hi)
				return fail(err, "segments overlap", "p_paddr", ph.p_paddr, i);
		}
		/* Insert sorted by address. */
		uint32_t k = img->nr_segs;

		while (k > 0 && img->segs[k - 1].paddr > ph.p_paddr) {
			img->segs[k] = img->segs[k - 1];
			k--;
		}
		s = &img->segs[k];
		s->paddr = ph.p_paddr;
		s->memsz = ph.p_memsz;
		s->filesz = ph.p_filesz;
		s->offset = ph.p_offset;
		s->flags = ph.p_flags;
		img->nr_segs++;
	}
	if (img->nr_segs == 0)
		return fail(err, "no loadable segment", "e_phnum", eh.e_phnum, -1);
	img->lo = img->segs[0].paddr & ~(PAGE - 1);
	{
		const struct efi_elf_seg *last = &img->segs[img->nr_segs - 1];

		img->hi = (last->paddr + last->memsz + PAGE - 1) & ~(PAGE - 1);
	}
	if (img->hi - img->lo > EFI_ELF_MAX_IMAGE)
		return fail(err, "image span larger than 1 GiB", "p_paddr", img->hi - img->lo, -1);
	img->entry = eh.e_entry;
	for (uint32_t j = 0; j < img->nr_segs; j++) {
		const struct efi_elf_seg *s = &img->segs[j];

		if (eh.e_entry >= s->paddr && eh.e_entry - s->paddr < s->memsz) {
			if (!(s->flags & PF_X))
				return fail(err, "entry point in a non-executable segment", "e_entry",
					    eh.e_entry, -1);
			return 0;
		}
	}
	return fail(err, "entry point outside every segment", "e_entry", eh.e_entry, -1);
}

void efi_elf_load(const void *file, const struct efi_elf_image *img, void *base)
{
	unsigned char *dst = base;
	const unsigned char *f = file;
	uint64_t at = img->lo;

	for (uint32_t j = 0; j < img->nr_segs; j++) {
		const struct efi_elf_seg *s = &img->segs[j];

		for (; at < s->paddr; at++)
			dst[at - img->lo] = 0;
		copy_bytes(dst + (s->paddr - img->lo), f + s->offset, (size_t)s->filesz);
		at = s->paddr + s->filesz;
		for (; at < s->paddr + s->memsz; at++)
			dst[at - img->lo] = 0;
	}
	for (; at < img->hi; at++)
		dst[at - img->lo] = 0;
}

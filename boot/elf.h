/* SPDX-License-Identifier: MIT */
/*
 * elf.h - validate, load and relocate the kernel ELF64 image (pure logic).
 *
 * Two kinds of image load:
 *   ET_EXEC  a fixed-address executable: loaded at its own (physical)
 *            addresses, never moved
 *   ET_DYN   a static position-independent executable: the loader picks a
 *            load base (a multiple of ELF_LOAD_ALIGN), copies the image there
 *            and applies its relocations, which must all be R_X86_64_RELATIVE
 *            (found through PT_DYNAMIC: DT_RELA, DT_RELASZ, DT_RELAENT)
 *
 * The file is hostile input: every offset, size and count is checked before
 * use, with overflow checks, and errors name the header field and value.
 */
#ifndef BOOT_ELF_H
#define BOOT_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define ELF_MAX_SEGS   16
#define ELF_MAX_IMAGE  (1ULL << 30)   /* 1 GiB of loaded image at most */
#define ELF_LOAD_ALIGN (2ULL << 20)   /* load base of a relocatable image: 2 MiB multiple */

/* struct elf_image.flags */
enum elf_image_flags {
	ELF_IMG_RELOCATABLE = 1 << 0,  /* ET_DYN: the loader places it and relocates */
};

struct elf_seg {
	uint64_t paddr;        /* load address */
	uint64_t memsz;        /* bytes in memory */
	uint64_t filesz;       /* bytes from the file; the rest is zeroed */
	uint64_t offset;       /* file offset */
	uint32_t flags;        /* PF_X 1, PF_W 2, PF_R 4 */
};

/*
 * Addresses in struct elf_image are the file's: for ET_DYN they are link
 * addresses, and the image runs at address + load base (elf_relocate()).
 */
struct elf_image {
	uint64_t entry;
	uint64_t lo, hi;       /* page-rounded [lo, hi) covering every segment */
	uint32_t nr_segs;
	uint32_t flags;        /* enum elf_image_flags */
	uint64_t rela_off;     /* ET_DYN: file offset of the Elf64_Rela table */
	uint64_t nr_relocs;    /* ET_DYN: its entries, each checked */
	struct elf_seg segs[ELF_MAX_SEGS];
};


/**
 * elf_parse() - validate an x86_64 ELF64 executable.
 * @file: the file bytes
 * @size: file size
 * @img:  receives the PT_LOAD segments (sorted by address) and the entry
 * @err:  receives what is wrong: DIAG_EFIELD naming the field, its file offset
 *        and value (and the program header)
 *
 * Checks identity (magic, class, data, version, machine, type ET_EXEC or
 * ET_DYN), header sizes, the program header table bounds, each PT_LOAD
 * (offset + filesz inside the file, filesz <= memsz, address + memsz without
 * overflow and below 2^48; ET_EXEC: not in page 0; ET_DYN: p_paddr equal to
 * p_vaddr and p_align at most ELF_LOAD_ALIGN), no two segments overlapping
 * (page granular), the total image at most ELF_MAX_IMAGE, and the entry
 * inside an executable segment.
 *
 * ET_DYN also: at most one PT_DYNAMIC, inside the file; no DT_NEEDED, DT_REL,
 * DT_RELR or PLT relocations; DT_RELA comes with DT_RELASZ and DT_RELAENT
 * (24), 8-byte aligned, its range not wrapping and inside the file data of
 * one segment; every entry is R_X86_64_RELATIVE without a symbol, its 8-byte
 * target inside a segment and its addend inside [lo, hi]. An ET_DYN image
 * without PT_DYNAMIC has no relocations. The error names the relocation's
 * field ("r_info", "r_offset", "r_addend") and its file offset.
 *
 * Return: 0 or -DIAG_EFIELD.
 */
int elf_parse(const void *file, size_t size, struct elf_image *img,
		  struct diag_err *err);

/**
 * elf_load() - copy the segments to their addresses and zero the rest.
 * @file: the validated file
 * @img:  from elf_parse()
 * @base: where address img->lo is mapped (identity: (void *)img->lo)
 *
 * The whole [lo, hi) range is written: gaps between segments are zeroed.
 */
void elf_load(const void *file, const struct elf_image *img, void *base);

/**
 * elf_relocate() - apply the relocations of a loaded image for its load base.
 * @file:      the validated file
 * @img:       from elf_parse()
 * @base:      where elf_load() put address img->lo
 * @load_base: the image runs at ELF address + @load_base; 0 for ET_EXEC
 * @err:       receives what is wrong; may be NULL
 *
 * Each R_X86_64_RELATIVE entry writes @load_base + r_addend (8 bytes, little
 * endian) at @base + (r_offset - img->lo). Nothing is written on error.
 *
 * Return: relocations applied (0 for ET_EXEC), or -DIAG_EFIELD (field
 * "load_base"): an ET_EXEC image with a non-zero @load_base ("fixed-address
 * image cannot move"), a @load_base that is not a multiple of ELF_LOAD_ALIGN,
 * or one that puts the image at or above 2^48.
 */
int64_t elf_relocate(const void *file, const struct elf_image *img, void *base,
		     uint64_t load_base, struct diag_err *err);

#endif /* BOOT_ELF_H */

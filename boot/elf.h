/* SPDX-License-Identifier: MIT */
/*
 * elf.h - validate and load the kernel ELF64 image (pure logic).
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

struct elf_seg {
	uint64_t paddr;        /* load address */
	uint64_t memsz;        /* bytes in memory */
	uint64_t filesz;       /* bytes from the file; the rest is zeroed */
	uint64_t offset;       /* file offset */
	uint32_t flags;        /* PF_X 1, PF_W 2, PF_R 4 */
};

struct elf_image {
	uint64_t entry;
	uint64_t lo, hi;       /* page-rounded [lo, hi) covering every segment */
	uint32_t nr_segs;
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
 * Checks identity (magic, class, data, version, machine, type), header
 * sizes, the program header table bounds, each PT_LOAD (offset + filesz
 * inside the file, filesz <= memsz, address + memsz without overflow and
 * below 2^48), no two segments overlapping (page granular), the total image
 * at most ELF_MAX_IMAGE, and the entry inside an executable segment.
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

#endif /* BOOT_ELF_H */

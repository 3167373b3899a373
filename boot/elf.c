// SPDX-License-Identifier: MIT
/* elf.c - kernel ELF64 validation, loading and relocation; see elf.h. */
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

struct elf64_dyn {
	int64_t d_tag;
	uint64_t d_val;
};

struct elf64_rela {
	uint64_t r_offset, r_info;
	int64_t r_addend;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "Elf64_Ehdr");
_Static_assert(sizeof(struct elf64_phdr) == 56, "Elf64_Phdr");
_Static_assert(offsetof(struct elf64_ehdr, e_phoff) == 32, "e_phoff");
_Static_assert(offsetof(struct elf64_phdr, p_paddr) == 24, "p_paddr");
_Static_assert(sizeof(struct elf64_dyn) == 16, "Elf64_Dyn");
_Static_assert(sizeof(struct elf64_rela) == 24, "Elf64_Rela");
_Static_assert(offsetof(struct elf64_rela, r_addend) == 16, "r_addend");

#define PT_LOAD    1
#define PT_DYNAMIC 2
#define PF_X       1
#define ET_EXEC    2
#define ET_DYN     3
#define EM_X86_64  62
#define ADDR_LIMIT (1ULL << 48)

/* Dynamic section tags the loader looks at. */
#define DT_NULL     0
#define DT_NEEDED   1
#define DT_PLTRELSZ 2
#define DT_RELA     7
#define DT_RELASZ   8
#define DT_RELAENT  9
#define DT_REL      17
#define DT_RELSZ    18
#define DT_JMPREL   23
#define DT_RELRSZ   35
#define DT_RELR     36

#define R_X86_64_RELATIVE 8

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
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
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
 * Step 2: one PT_LOAD segment: inside the file, below 2^48, not overlapping
 * an earlier one (page granular); inserted sorted by address. ET_EXEC: not
 * in page 0 (it loads there). ET_DYN: p_paddr equals p_vaddr (relocations
 * and the entry are virtual addresses) and p_align keeps to the load base
 * alignment. @total accumulates the page-rounded image size.
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
	if (eh->e_type == ET_EXEC && ph->p_paddr < BOOTMEM_PAGE_SIZE)
		return fail_ph(err, "segment in page 0", PH(p_paddr), ph->p_paddr);
	if (eh->e_type == ET_DYN && ph->p_vaddr != ph->p_paddr)
		return fail_ph(err, "relocatable segment with p_paddr different from p_vaddr",
			       PH(p_paddr), ph->p_paddr);
	if (eh->e_type == ET_DYN && ph->p_align > ELF_LOAD_ALIGN)
		return fail_ph(err, "relocatable segment aligned above 2 MiB", PH(p_align),
			       ph->p_align);
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

/* ---- relocations (ET_DYN) -------------------------------------------------- */

/* A dynamic entry error: field @field of entry @off (file offset of d_tag). */
static int fail_dyn(struct diag_err *err, const char *msg, const char *field, uint64_t off,
		    uint64_t value)
{
	return diag_set_field(err, SRC, msg, field, off, value, 0);
}

/* Relocation type names of the x86-64 psABI, for "unsupported relocation" errors. */
#define RTYPE(n, name) [n] = "unsupported relocation type R_X86_64_" #name
static const char *const reloc_type_msg[] = {
	RTYPE(0, NONE), RTYPE(1, 64), RTYPE(2, PC32), RTYPE(3, GOT32), RTYPE(4, PLT32),
	RTYPE(5, COPY), RTYPE(6, GLOB_DAT), RTYPE(7, JUMP_SLOT), RTYPE(8, RELATIVE),
	RTYPE(9, GOTPCREL), RTYPE(10, 32), RTYPE(11, 32S), RTYPE(12, 16), RTYPE(13, PC16),
	RTYPE(14, 8), RTYPE(15, PC8), RTYPE(16, DTPMOD64), RTYPE(17, DTPOFF64),
	RTYPE(18, TPOFF64), RTYPE(19, TLSGD), RTYPE(20, TLSLD), RTYPE(21, DTPOFF32),
	RTYPE(22, GOTTPOFF), RTYPE(23, TPOFF32), RTYPE(24, PC64), RTYPE(25, GOTOFF64),
	RTYPE(26, GOTPC32), RTYPE(27, GOT64), RTYPE(28, GOTPCREL64), RTYPE(29, GOTPC64),
	RTYPE(30, GOTPLT64), RTYPE(31, PLTOFF64), RTYPE(32, SIZE32), RTYPE(33, SIZE64),
	RTYPE(34, GOTPC32_TLSDESC), RTYPE(35, TLSDESC_CALL), RTYPE(36, TLSDESC),
	RTYPE(37, IRELATIVE), RTYPE(38, RELATIVE64), RTYPE(41, GOTPCRELX),
	RTYPE(42, REX_GOTPCRELX), RTYPE(43, CODE_4_GOTPCRELX),
};
#undef RTYPE

static const char *reloc_type_error(uint32_t type)
{
	const size_t n = sizeof(reloc_type_msg) / sizeof(reloc_type_msg[0]);

	if (type < n && reloc_type_msg[type])
		return reloc_type_msg[type];
	return "unsupported relocation type (unknown to the x86-64 psABI)";
}

/* The segment whose memory holds [addr, addr + len), or NULL. */
static const struct elf_seg *seg_holding(const struct elf_image *img, uint64_t addr,
					 uint64_t len, bool file_backed)
{
	for (uint32_t j = 0; j < img->nr_segs; j++) {
		const struct elf_seg *s = &img->segs[j];
		uint64_t size = file_backed ? s->filesz : s->memsz;

		if (addr >= s->paddr && len <= size && addr - s->paddr <= size - len)
			return s;
	}
	return NULL;
}

/* The DT_RELA, DT_RELASZ and DT_RELAENT entries: value and file offset of each. */
struct rela_tags {
	uint64_t val[3];
	uint64_t off[3];
	bool seen[3];
};

/* Step 4a: walk PT_DYNAMIC (program header @i) for the relocation tags. */
static int read_dynamic(const unsigned char *f, size_t size, const struct elf64_ehdr *eh,
			const struct elf64_phdr *ph, int i, struct rela_tags *t,
			struct diag_err *err)
{
	static const char *const names[3] = { "DT_RELA", "DT_RELASZ", "DT_RELAENT" };

	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return fail_ph(err, "dynamic section past end of file", PH(p_offset), ph->p_offset);
	for (uint64_t k = 0; k + sizeof(struct elf64_dyn) <= ph->p_filesz; k += sizeof(struct elf64_dyn)) {
		uint64_t off = ph->p_offset + k;
		struct elf64_dyn d;
		int slot = -1;

		util_copy(&d, f + off, sizeof(d));
		switch (d.d_tag) {
		case DT_NULL:
			return 0;
		case DT_NEEDED:
			return fail_dyn(err, "image needs a shared library (DT_NEEDED)", "d_tag", off,
					(uint64_t)d.d_tag);
		case DT_REL:
		case DT_RELSZ:
			return fail_dyn(err, "REL relocations not supported (DT_REL), only RELA",
					"d_tag", off, (uint64_t)d.d_tag);
		case DT_RELR:
		case DT_RELRSZ:
			return fail_dyn(err, "packed relocations not supported (DT_RELR)", "d_tag",
					off, (uint64_t)d.d_tag);
		case DT_JMPREL:
		case DT_PLTRELSZ:
			if (d.d_val)
				return fail_dyn(err, "PLT relocations not supported (DT_JMPREL)",
						"d_tag", off, (uint64_t)d.d_tag);
			break;
		case DT_RELA:
			slot = 0;
			break;
		case DT_RELASZ:
			slot = 1;
			break;
		case DT_RELAENT:
			slot = 2;
			break;
		default:
			break;
		}
		if (slot < 0)
			continue;
		if (t->seen[slot])
			return fail_dyn(err, "duplicate relocation tag", names[slot], off + 8, d.d_val);
		t->seen[slot] = true;
		t->val[slot] = d.d_val;
		t->off[slot] = off + 8;
	}
	return 0;
}

/* Step 4b: the relocation table as the tags describe it: where in the file. */
static int locate_rela(const struct rela_tags *t, struct elf_image *img, struct diag_err *err)
{
	const struct elf_seg *s;
	uint64_t rela = t->val[0], sz = t->val[1];

	if (!t->seen[0]) {
		if (t->seen[1] && sz)
			return fail_dyn(err, "DT_RELASZ without DT_RELA", "DT_RELASZ", t->off[1], sz);
		return 0;
	}
	if (!t->seen[1])
		return fail_dyn(err, "DT_RELA without DT_RELASZ", "DT_RELA", t->off[0], rela);
	if (!t->seen[2])
		return fail_dyn(err, "DT_RELA without DT_RELAENT", "DT_RELA", t->off[0], rela);
	if (t->val[2] != sizeof(struct elf64_rela))
		return fail_dyn(err, "relocation entry size not 24", "DT_RELAENT", t->off[2], t->val[2]);
	if (sz % sizeof(struct elf64_rela))
		return fail_dyn(err, "relocation table size not a multiple of 24", "DT_RELASZ",
				t->off[1], sz);
	if (rela & 7)
		return fail_dyn(err, "relocation table misaligned", "DT_RELA", t->off[0], rela);
	if (sz > UINT64_MAX - rela)
		return fail_dyn(err, "relocation table wraps around the address space", "DT_RELASZ",
				t->off[1], sz);
	s = seg_holding(img, rela, sz, true);
	if (!s)
		return fail_dyn(err, "relocation table outside the file data of every segment",
				"DT_RELA", t->off[0], rela);
	img->rela_off = s->offset + (rela - s->paddr);
	img->nr_relocs = sz / sizeof(struct elf64_rela);
	return 0;
}

/* Step 4c: every relocation is R_X86_64_RELATIVE, inside the image both ways. */
static int check_relocs(const unsigned char *f, const struct elf_image *img,
			struct diag_err *err)
{
	for (uint64_t j = 0; j < img->nr_relocs; j++) {
		uint64_t off = img->rela_off + j * sizeof(struct elf64_rela);
		struct elf64_rela r;

		util_copy(&r, f + off, sizeof(r));
		if ((uint32_t)r.r_info != R_X86_64_RELATIVE)
			return fail_dyn(err, reloc_type_error((uint32_t)r.r_info), "r_info", off + 8,
					r.r_info);
		if (r.r_info >> 32)
			return fail_dyn(err, "R_X86_64_RELATIVE with a symbol", "r_info", off + 8,
					r.r_info);
		if (!seg_holding(img, r.r_offset, 8, false))
			return fail_dyn(err, "relocation target outside the image", "r_offset", off,
					r.r_offset);
		if ((uint64_t)r.r_addend < img->lo || (uint64_t)r.r_addend > img->hi)
			return fail_dyn(err, "relocation addend outside the image", "r_addend",
					off + 16, (uint64_t)r.r_addend);
	}
	return 0;
}

/* Step 4: an ET_DYN image's relocations, through its PT_DYNAMIC (or none). */
static int take_relocs(const unsigned char *f, size_t size, const struct elf64_ehdr *eh,
		       int dyn, struct elf_image *img, struct diag_err *err)
{
	struct rela_tags t;
	struct elf64_phdr ph;
	int rc;

	img->flags |= ELF_IMG_RELOCATABLE;
	if (dyn < 0)
		return 0;
	util_bzero(&t, sizeof(t));
	util_copy(&ph, f + eh->e_phoff + (uint64_t)dyn * sizeof(ph), sizeof(ph));
	rc = read_dynamic(f, size, eh, &ph, dyn, &t, err);
	if (!rc)
		rc = locate_rela(&t, img, err);
	if (!rc)
		rc = check_relocs(f, img, err);
	return rc;
}

int elf_parse(const void *file, size_t size, struct elf_image *img, struct diag_err *err)
{
	const unsigned char *f = file;
	struct elf64_ehdr eh;
	uint64_t total = 0;
	int rc, dyn = -1;

	img->nr_segs = 0;
	img->flags = 0;
	img->rela_off = 0;
	img->nr_relocs = 0;
	if (!file || size < sizeof(eh))
		return fail(err, "file smaller than the ELF header", "size", 0, size);
	util_copy(&eh, f, sizeof(eh));
	rc = check_header(&eh, size, err);
	for (int i = 0; !rc && i < eh.e_phnum; i++) {
		struct elf64_phdr ph;

		util_copy(&ph, f + eh.e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_LOAD && ph.p_memsz != 0)
			rc = take_segment(&eh, &ph, i, size, img, &total, err);
		else if (ph.p_type == PT_DYNAMIC && eh.e_type == ET_DYN && dyn >= 0)
			rc = fail_ph(err, "more than one PT_DYNAMIC", "p_type", eh.e_phoff, i,
				     offsetof(struct elf64_phdr, p_type), ph.p_type);
		else if (ph.p_type == PT_DYNAMIC)
			dyn = i;
	}
	if (!rc)
		rc = check_image(&eh, img, err);
	if (!rc && eh.e_type == ET_DYN)
		rc = take_relocs(f, size, &eh, dyn, img, err);
	return rc;
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

int64_t elf_relocate(const void *file, const struct elf_image *img, void *base,
		     uint64_t load_base, struct diag_err *err)
{
	const unsigned char *f = file;
	unsigned char *dst = base;

	if (!(img->flags & ELF_IMG_RELOCATABLE)) {
		if (load_base)
			return fail(err, "fixed-address image cannot move", "load_base", 0, load_base);
		return 0;
	}
	if (load_base & (ELF_LOAD_ALIGN - 1))
		return fail(err, "load base not a multiple of 2 MiB", "load_base", 0, load_base);
	if (load_base >= ADDR_LIMIT || img->hi > ADDR_LIMIT - load_base)
		return fail(err, "load base puts the image beyond 2^48", "load_base", 0, load_base);
	for (uint64_t j = 0; j < img->nr_relocs; j++) {
		struct elf64_rela r;
		uint64_t v;

		util_copy(&r, f + img->rela_off + j * sizeof(r), sizeof(r));
		v = load_base + (uint64_t)r.r_addend;
		util_copy(dst + (r.r_offset - img->lo), &v, sizeof(v));
	}
	return (int64_t)img->nr_relocs;
}

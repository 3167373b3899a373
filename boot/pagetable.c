// SPDX-License-Identifier: MIT
/* pagetable.c - the kernel's identity map; see pagetable.h. */
#include "pagetable.h"

#define PTE_P   0x1ULL
#define PTE_W   0x2ULL
#define PTE_PS  0x80ULL
#define GIB     (1ULL << 30)
#define ADDR_MASK 0x000ffffffffff000ULL

static uint64_t gib_count(uint64_t top)
{
	return (top + GIB - 1) / GIB;
}

uint64_t pt_bytes(uint64_t top)
{
	uint64_t gibs;

	if (top == 0 || top > PT_MAX_TOP)
		return 0;
	gibs = gib_count(top);
	/* PML4, one PDPT per 512 GiB, one PD per GiB. */
	return (1 + (gibs + 511) / 512 + gibs) * BOOTMEM_PAGE_SIZE;
}

uint64_t pt_build(void *buf, uint64_t phys, uint64_t top)
{
	uint64_t size = pt_bytes(top), gibs, npdpt;
	uint64_t *pml4 = buf, *pdpt, *pd;

	if (!size || (phys & (BOOTMEM_PAGE_SIZE - 1)) || ((uintptr_t)buf & (BOOTMEM_PAGE_SIZE - 1)))
		return 0;
	gibs = gib_count(top);
	npdpt = (gibs + 511) / 512;
	for (uint64_t i = 0; i < size / 8; i++)
		pml4[i] = 0;
	pdpt = pml4 + 512;
	pd = pdpt + 512 * npdpt;
	for (uint64_t p = 0; p < npdpt; p++)
		pml4[p] = (phys + (1 + p) * BOOTMEM_PAGE_SIZE) | PTE_P | PTE_W;
	for (uint64_t g = 0; g < gibs; g++) {
		pdpt[g] = (phys + (1 + npdpt + g) * BOOTMEM_PAGE_SIZE) | PTE_P | PTE_W;
		for (uint64_t e = 0; e < 512; e++)
			pd[g * 512 + e] = (g * GIB + e * (2ULL << 20)) | PTE_P | PTE_W | PTE_PS;
	}
	return phys;
}

uint64_t pt_translate(const void *buf, uint64_t phys, uint64_t va)
{
	const uint64_t *tables = buf;
	uint64_t e;

#define TABLE(entry) (tables + (((entry) & ADDR_MASK) - phys) / 8)
	e = tables[(va >> 39) & 511];
	if (!(e & PTE_P))
		return UINT64_MAX;
	e = TABLE(e)[(va >> 30) & 511];
	if (!(e & PTE_P))
		return UINT64_MAX;
	e = TABLE(e)[(va >> 21) & 511];
	if (!(e & PTE_P) || !(e & PTE_PS))
		return UINT64_MAX;
#undef TABLE
	return (e & ADDR_MASK & ~((2ULL << 20) - 1)) | (va & ((2ULL << 20) - 1));
}

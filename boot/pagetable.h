/* SPDX-License-Identifier: MIT */
/*
 * pagetable.h - an identity map for the kernel, built by the loader.
 *
 * After ExitBootServices the firmware's page tables and GDT live in boot
 * services memory, which becomes free memory in the allocator: the kernel
 * would overwrite them. The loader therefore builds its own 4-level identity
 * map (2 MiB pages, writable, executable) in one contiguous loader
 * allocation that stays reserved (what=pagetables) and switches CR3 to it
 * just before the jump. Pure logic; the glue only allocates and loads CR3.
 */
#ifndef BOOT_PAGETABLE_H
#define BOOT_PAGETABLE_H

#include <stdint.h>

#include "bootmem2.h"

#define PT_MAX_TOP   (1ULL << 46)   /* 64 TiB: what 4-level paging with 46 phys bits covers */

/**
 * pt_bytes() - bytes of page tables that identity-map [0, top).
 * @top: end of the mapping; rounded up to 1 GiB, at most PT_MAX_TOP
 *
 * Return: the size (PML4 + PDPTs + PDs), or 0 if @top is above PT_MAX_TOP.
 */
uint64_t pt_bytes(uint64_t top);

/**
 * pt_build() - write the tables.
 * @buf:  pt_bytes(top) bytes, 4 KiB aligned, at physical address @phys
 * @phys: physical address of @buf (what CR3 will hold)
 * @top:  end of the mapping
 *
 * Return: the CR3 value (the PML4's physical address), or 0 on bad input.
 */
uint64_t pt_build(void *buf, uint64_t phys, uint64_t top);

/**
 * pt_translate() - walk tables built by pt_build() (for tests).
 * @buf:  the tables
 * @phys: their physical address
 * @va:   virtual address
 *
 * Return: the physical address @va maps to, or UINT64_MAX if unmapped.
 */
uint64_t pt_translate(const void *buf, uint64_t phys, uint64_t va);

#endif /* BOOT_PAGETABLE_H */

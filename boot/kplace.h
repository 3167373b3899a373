/* SPDX-License-Identifier: MIT */
/*
 * kplace.h - where a relocatable (ET_DYN) kernel goes: a load base chosen
 * from the firmware's memory map before the loader allocates it.
 *
 * Rules: the load base is a multiple of KPLACE_ALIGN (2 MiB, elf.h's
 * ELF_LOAD_ALIGN), the image [base + lo, base + hi) starts at or above
 * KPLACE_MIN (16 MiB, clear of legacy DMA and the firmware's low memory),
 * ends at or below KPLACE_LIMIT (4 GiB: reachable by any 32-bit device and
 * by the identity map the loader builds) and lies entirely in
 * EfiConventionalMemory without the specific-purpose attribute. Adjacent or
 * out-of-order descriptors are fine: what counts is that every byte is
 * covered.
 *
 * The loader tries KPLACE_PREFERRED (64 MiB, where the fixed-address kernel
 * used to live) first, then kplace_next() upwards from 0, and allocates the
 * first candidate the firmware grants. Pure logic, freestanding C11.
 */
#ifndef BOOT_KPLACE_H
#define BOOT_KPLACE_H

#include <stdbool.h>
#include <stdint.h>

#define KPLACE_ALIGN      (2ULL << 20)
#define KPLACE_MIN        (16ULL << 20)
#define KPLACE_LIMIT      (4ULL << 30)
#define KPLACE_PREFERRED  (64ULL << 20)
#define KPLACE_NONE       UINT64_MAX

/**
 * struct kplace_map - a raw UEFI memory map.
 * @desc:      the descriptors (struct memmap_desc layout)
 * @desc_size: the firmware's stride (>= 40; smaller strides find nothing)
 * @count:     descriptors
 */
struct kplace_map {
	const void *desc;
	uint64_t desc_size;
	uint32_t count;
};

/**
 * kplace_fits() - may an image spanning ELF addresses [@lo, @hi) run at @base?
 * @m:    the memory map
 * @lo:   lowest image address (page aligned), as linked
 * @hi:   end of the image, @lo < @hi
 * @base: candidate load base
 *
 * Return: true if @base follows every rule of this file.
 */
bool kplace_fits(const struct kplace_map *m, uint64_t lo, uint64_t hi, uint64_t base);

/**
 * kplace_next() - the lowest load base at or above @from that fits.
 * @m:    the memory map
 * @lo:   lowest image address, as linked
 * @hi:   end of the image
 * @from: smallest base wanted (rounded up to KPLACE_ALIGN)
 *
 * Return: the base, or KPLACE_NONE if no base at or above @from fits.
 */
uint64_t kplace_next(const struct kplace_map *m, uint64_t lo, uint64_t hi, uint64_t from);

#endif /* BOOT_KPLACE_H */

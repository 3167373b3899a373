/* SPDX-License-Identifier: MIT */
/*
 * bootinfo_check.h - seal and validate struct boot_info (include/bootinfo.h).
 * Pure logic shared by the loader (seal) and the kernel (validate).
 */
#ifndef LIB_BOOTINFO_CHECK_H
#define LIB_BOOTINFO_CHECK_H

#include "bootinfo.h"
#include "bootmem2.h"

/* What bi_validate() found wrong: a static message and the offending value. */
struct bi_error {
	const char *msg;
	uint64_t value;
};

/**
 * bi_crc32() - CRC-32 (IEEE 802.3, reflected, init and final xor 0xffffffff:
 * the zlib/Ethernet CRC; "123456789" gives 0xcbf43926).
 * @crc: 0 to start, or the result of a previous call to continue
 * @p:   bytes
 * @n:   count
 *
 * Return: the CRC of everything so far.
 */
uint32_t bi_crc32(uint32_t crc, const void *p, size_t n);

/**
 * bi_checksum() - CRC-32 (IEEE) of the first @bi->size bytes of @bi with the
 * checksum field taken as zero.
 * @bi: boot info; @bi->size must be readable
 *
 * Return: the checksum.
 */
uint32_t bi_checksum(const struct boot_info *bi);

/**
 * bi_seal() - set magic, version, size and checksum; call after the last write.
 * @bi: boot info
 */
void bi_seal(struct boot_info *bi);

/**
 * bi_validate_header() - magic, version, size and checksum.
 * @bi:  boot info
 * @err: receives what is wrong
 *
 * Return: 0 or -1.
 */
int bi_validate_header(const struct boot_info *bi, struct bi_error *err);

/**
 * bi_validate() - the whole handoff: header, then the allocator state
 * (inside a reserved "arena"/"bootinfo" range, bootmem_check() clean), then
 * every reserved-list entry and every pointed-to region lies in managed
 * memory that is reserved, no pointer is NULL where data is expected,
 * counts are sane, the command line is terminated, the SLIT is well formed
 * and the kernel's placement is consistent (kernel_flags known; a relocated
 * kernel's load base a 2 MiB multiple not above kernel_start; a fixed one's 0).
 * @bi:  boot info
 * @err: receives what is wrong
 *
 * Return: 0 or -1.
 */
int bi_validate(const struct boot_info *bi, struct bi_error *err);

/**
 * bi_region_reserved() - is [addr, addr+len) managed and entirely reserved?
 * @bm:   allocator
 * @addr: start
 * @len:  bytes, > 0
 *
 * Return: 1 yes, 0 no (a free page, a hole or overflow).
 */
int bi_region_reserved(const struct bootmem *bm, uint64_t addr, uint64_t len);

#endif /* LIB_BOOTINFO_CHECK_H */

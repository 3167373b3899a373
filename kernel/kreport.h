/* SPDX-License-Identifier: MIT */
/* kreport.h - the kernel's memory report, rebuilt from boot_info. */
#ifndef KERNEL_KREPORT_H
#define KERNEL_KREPORT_H

#include "bootinfo.h"
#include "bootmem2.h"

/**
 * kernel_report() - print the DESIGN.md section 4 report from the handed-over
 * state: nodes from boot_info, blocks from the allocator, reserved ranges
 * from boot_info's list. Same code (lib/report.c) as the loader, so the two
 * reports are comparable line by line.
 * @bi: validated boot info
 * @bm: its allocator
 *
 * Return: 0 or a negative BOOTMEM_E* code.
 */
int kernel_report(const struct boot_info *bi, const struct bootmem *bm);

#endif /* KERNEL_KREPORT_H */

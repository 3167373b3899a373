/* SPDX-License-Identifier: MIT */
/* arch.h - the few privileged instructions the kernel uses (port I/O: lib/portio.h). */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <stdint.h>

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline void halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

#endif /* KERNEL_ARCH_H */

/* SPDX-License-Identifier: MIT */
/* portio.h - x86 port I/O, for the serial driver and the kernel's exit port. */
#ifndef LIB_PORTIO_H
#define LIB_PORTIO_H

#include <stdint.h>

static inline void portio_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t portio_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void portio_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

#endif /* LIB_PORTIO_H */

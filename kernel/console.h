/* SPDX-License-Identifier: MIT */
/* console.h - the kernel's serial console and exit paths. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdint.h>

#include "serial.h"

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report sink: one line. */
void kline(void *ctx, const char *line);

/* Leave QEMU through isa-debug-exit (status (code << 1) | 1), else halt. */
__attribute__((noreturn)) void kexit(uint32_t code);
/* Print "bootmem2-kernel: FAIL <reason>" and exit with status 3. */
__attribute__((noreturn, format(printf, 1, 2))) void kfail(const char *fmt, ...);

/* Our own GDT and IDT: the firmware's live in memory that is now free. */
void gdt_init(void);
void idt_init(void);

#endif /* KERNEL_CONSOLE_H */

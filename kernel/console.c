// SPDX-License-Identifier: MIT
/* console.c - printf on serial (lib/serial.c), exits, and the exception handler. */
#include "console.h"

#include <stdarg.h>

#include "arch.h"
#include "portio.h"
#include "serial.h"

#define DEBUG_EXIT_PORT 0xf4

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	serial_vprintf(fmt, ap);
	va_end(ap);
}

void kline(void *ctx, const char *line)
{
	(void)ctx;
	serial_write(line);
	serial_write("\n");
}

void kexit(uint32_t code)
{
	portio_outl(DEBUG_EXIT_PORT, code);
	/* No isa-debug-exit device (real hardware): stop here. */
	halt_forever();
	__builtin_unreachable();
}

void kfail(const char *fmt, ...)
{
	va_list ap;

	serial_write("bootmem2-kernel: FAIL ");
	va_start(ap, fmt);
	serial_vprintf(fmt, ap);
	va_end(ap);
	serial_write("\n");
	kexit(1);
}

/* ---- exceptions ---------------------------------------------------------- */

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

struct idt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate");

static struct idt_gate idt[32] __attribute__((aligned(16)));
extern const uint64_t exc_stubs[32];

static const char *const exc_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM no math", "#DF double fault",
	"coprocessor overrun", "#TS invalid TSS", "#NP segment not present",
	"#SS stack fault", "#GP general protection", "#PF page fault", "reserved",
	"#MF x87 error", "#AC alignment check", "#MC machine check", "#XM SIMD error",
	"#VE virtualization", "#CP control protection", "reserved", "reserved", "reserved",
	"reserved", "reserved", "reserved", "#HV", "#VC", "#SX security", "reserved",
};

void exc_handler(const uint64_t *frame);

void exc_handler(const uint64_t *frame)
{
	uint64_t vec = frame[0] & 31;

	kprintf("\nbootmem2-kernel: CPU exception %llu (%s) error=0x%llx rip=0x%llx "
		"rsp=0x%llx cr2=0x%llx\n", (unsigned long long)vec, exc_names[vec],
		(unsigned long long)frame[1], (unsigned long long)frame[2],
		(unsigned long long)frame[5], (unsigned long long)read_cr2());
	kfail("exception %llu at rip=0x%llx", (unsigned long long)vec,
	      (unsigned long long)frame[2]);
}

static const uint64_t gdt[3] __attribute__((aligned(16))) = {
	0,
	0x00af9a000000ffffULL,   /* 0x08: 64-bit code, present, DPL 0 */
	0x00cf92000000ffffULL,   /* 0x10: data, writable */
};

void gdt_init(void)
{
	struct idt_ptr p = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };

	__asm__ volatile(
		"lgdt %0\n\t"
		"mov $0x10, %%ax\n\t"
		"mov %%ax, %%ds\n\t"
		"mov %%ax, %%es\n\t"
		"mov %%ax, %%ss\n\t"
		"mov %%ax, %%fs\n\t"
		"mov %%ax, %%gs\n\t"
		"pushq $0x08\n\t"
		"lea 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		: : "m"(p) : "rax", "memory");
}

void idt_init(void)
{
	struct idt_ptr p;
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	for (int i = 0; i < 32; i++) {
		uint64_t a = exc_stubs[i];

		idt[i].off_lo = (uint16_t)a;
		idt[i].sel = cs;
		idt[i].ist = 0;
		idt[i].type = 0x8e;
		idt[i].off_mid = (uint16_t)(a >> 16);
		idt[i].off_hi = (uint32_t)(a >> 32);
		idt[i].zero = 0;
	}
	p.limit = sizeof(idt) - 1;
	p.base = (uint64_t)(uintptr_t)idt;
	__asm__ volatile("lidt %0" : : "m"(p));
}

/* entry.S - kernel entry: rdi = &boot_info, rsp = top of the loader-made
 * stack, interrupts off, long mode with the firmware's identity page tables. */
	.section .text.entry, "ax"
	.globl _start
	.type _start, @function
_start:
	cli
	cld
	andq $-16, %rsp
	xorl %ebp, %ebp
	call kmain
1:	hlt
	jmp 1b
	.size _start, . - _start

/* Exception stubs: push a dummy error code where the CPU pushes none, then
 * the vector, and go to the common handler, which never returns. */
	.text
	.macro EXC_NOERR n
	.globl exc_stub_\n
exc_stub_\n:
	pushq $0
	pushq $\n
	jmp exc_common
	.endm
	.macro EXC_ERR n
	.globl exc_stub_\n
exc_stub_\n:
	pushq $\n
	jmp exc_common
	.endm

	EXC_NOERR 0
	EXC_NOERR 1
	EXC_NOERR 2
	EXC_NOERR 3
	EXC_NOERR 4
	EXC_NOERR 5
	EXC_NOERR 6
	EXC_NOERR 7
	EXC_ERR 8
	EXC_NOERR 9
	EXC_ERR 10
	EXC_ERR 11
	EXC_ERR 12
	EXC_ERR 13
	EXC_ERR 14
	EXC_NOERR 15
	EXC_NOERR 16
	EXC_ERR 17
	EXC_NOERR 18
	EXC_NOERR 19
	EXC_NOERR 20
	EXC_ERR 21
	EXC_NOERR 22
	EXC_NOERR 23
	EXC_NOERR 24
	EXC_NOERR 25
	EXC_NOERR 26
	EXC_NOERR 27
	EXC_NOERR 28
	EXC_ERR 29
	EXC_ERR 30
	EXC_NOERR 31

exc_common:
	/* Stack: vector, error code, rip, cs, rflags, rsp, ss */
	movq %rsp, %rdi
	andq $-16, %rsp
	call exc_handler
2:	cli
	hlt
	jmp 2b

	/* Absolute addresses: relocated by the loader (R_X86_64_RELATIVE), so
	 * not in .rodata, which a static PIE keeps free of relocations. */
	.section .data.rel.ro, "aw"
	.globl exc_stubs
	.balign 8
exc_stubs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad exc_stub_\n
	.endr

	.section .note.GNU-stack, "", @progbits

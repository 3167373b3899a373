/* SPDX-License-Identifier: MIT */
/*
 * serial.h - the 16550 UART at COM1 (0x3f8), 115200 8N1, polled: the
 * loader's output after ExitBootServices and the kernel's console.
 *
 * Waits for the transmitter are bounded, so a machine without a UART never
 * hangs on output. Freestanding C11.
 */
#ifndef LIB_SERIAL_H
#define LIB_SERIAL_H

#include <stdarg.h>

/**
 * serial_init() - program COM1: no interrupts, 115200 baud, 8N1, FIFO on.
 */
void serial_init(void);

/**
 * serial_write() - send a string; '\n' goes out as "\r\n".
 * @s: NUL-terminated text
 */
void serial_write(const char *s);

/**
 * serial_vprintf() - format (lib/fmt.h subset, 512 bytes at most) and send.
 * @fmt: format
 * @ap:  arguments
 */
void serial_vprintf(const char *fmt, va_list ap);

/**
 * serial_printf() - serial_vprintf() with a variable argument list.
 * @fmt: format
 */
void serial_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* LIB_SERIAL_H */

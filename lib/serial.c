// SPDX-License-Identifier: MIT
/* serial.c - polled 16550 driver; see serial.h. */
#include "serial.h"

#include "fmt.h"
#include "portio.h"

#define SERIAL_COM1        0x3f8
#define SERIAL_THR         0       /* transmit holding register */
#define SERIAL_IER         1       /* interrupt enable */
#define SERIAL_DLL         0       /* divisor latch, low byte (DLAB set) */
#define SERIAL_DLH         1       /* divisor latch, high byte (DLAB set) */
#define SERIAL_FCR         2       /* FIFO control */
#define SERIAL_LCR         3       /* line control */
#define SERIAL_MCR         4       /* modem control */
#define SERIAL_LSR         5       /* line status */
#define SERIAL_LCR_DLAB    0x80
#define SERIAL_LCR_8N1     0x03
#define SERIAL_FCR_ON      0xc7    /* enable, clear both FIFOs, 14-byte trigger */
#define SERIAL_MCR_DTR_RTS 0x03
#define SERIAL_LSR_THRE    0x20    /* transmitter holding register empty */
#define SERIAL_SPIN_MAX    100000  /* bounded wait: no UART never hangs us */
#define SERIAL_BUF         512

void serial_init(void)
{
	portio_outb(SERIAL_COM1 + SERIAL_IER, 0x00);
	portio_outb(SERIAL_COM1 + SERIAL_LCR, SERIAL_LCR_DLAB);
	portio_outb(SERIAL_COM1 + SERIAL_DLL, 0x01);    /* 115200 baud */
	portio_outb(SERIAL_COM1 + SERIAL_DLH, 0x00);
	portio_outb(SERIAL_COM1 + SERIAL_LCR, SERIAL_LCR_8N1);
	portio_outb(SERIAL_COM1 + SERIAL_FCR, SERIAL_FCR_ON);
	portio_outb(SERIAL_COM1 + SERIAL_MCR, SERIAL_MCR_DTR_RTS);
}

static void serial_putc(char c)
{
	for (int i = 0; i < SERIAL_SPIN_MAX &&
	     !(portio_inb(SERIAL_COM1 + SERIAL_LSR) & SERIAL_LSR_THRE); i++)
		;
	portio_outb(SERIAL_COM1 + SERIAL_THR, (uint8_t)c);
}

void serial_write(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s);
	}
}

void serial_vprintf(const char *fmt, va_list ap)
{
	char buf[SERIAL_BUF];

	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	serial_write(buf);
}

void serial_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	serial_vprintf(fmt, ap);
	va_end(ap);
}

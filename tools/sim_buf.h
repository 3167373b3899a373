/* SPDX-License-Identifier: MIT */
/*
 * sim_buf.h - a growing text buffer for the host tools: the memory report,
 * the SVG and the HTML are built in memory and written only when the whole
 * run succeeded (no partial output on errors).
 *
 * Hosted C11 (tools/ only).
 */
#ifndef TOOLS_SIM_BUF_H
#define TOOLS_SIM_BUF_H

#include <stddef.h>

/**
 * struct sim_buf - text with its length; always NUL-terminated once used.
 * @p:   the text (NULL before the first append)
 * @len: bytes of text
 * @cap: bytes allocated
 * @oom: set when an append failed for want of memory (later appends are
 *       dropped; check it once at the end)
 */
struct sim_buf {
	char *p;
	size_t len, cap;
	int oom;
};

/**
 * sim_buf_printf() - append printf-formatted text.
 * @b:   buffer
 * @fmt: format (libc printf)
 */
void sim_buf_printf(struct sim_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * sim_buf_put() - append @n bytes.
 * @b: buffer
 * @s: bytes
 * @n: count
 */
void sim_buf_put(struct sim_buf *b, const char *s, size_t n);

/**
 * sim_buf_xml() - append @s with the XML special characters escaped
 * (& < > " ').
 * @b: buffer
 * @s: NUL-terminated text
 */
void sim_buf_xml(struct sim_buf *b, const char *s);

/**
 * sim_buf_line() - report_sink emit callback: append @line and a newline.
 * @ctx:  the struct sim_buf
 * @line: the line
 */
void sim_buf_line(void *ctx, const char *line);

/**
 * sim_buf_free() - release the text; the buffer is empty again.
 * @b: buffer
 */
void sim_buf_free(struct sim_buf *b);

#endif /* TOOLS_SIM_BUF_H */

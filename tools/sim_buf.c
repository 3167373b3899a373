// SPDX-License-Identifier: MIT
/* sim_buf.c - growing text buffer; see sim_buf.h. */
#include "sim_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for @n more bytes and the NUL; 0 or -1 (oom set). */
static int reserve(struct sim_buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->oom)
		return -1;
	if (b->cap - b->len > n)
		return 0;
	cap = b->cap ? b->cap : 4096;
	while (cap - b->len <= n) {
		if (cap > ((size_t)-1) / 2) {
			b->oom = 1;
			return -1;
		}
		cap *= 2;
	}
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void sim_buf_put(struct sim_buf *b, const char *s, size_t n)
{
	if (reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void sim_buf_printf(struct sim_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sim_buf_xml(struct sim_buf *b, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *esc;

		switch (*s) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		case '\'': esc = "&#39;"; break;
		default: continue;
		}
		sim_buf_put(b, run, (size_t)(s - run));
		sim_buf_put(b, esc, strlen(esc));
		run = s + 1;
	}
	sim_buf_put(b, run, (size_t)(s - run));
}

void sim_buf_line(void *ctx, const char *line)
{
	struct sim_buf *b = ctx;

	sim_buf_put(b, line, strlen(line));
	sim_buf_put(b, "\n", 1);
}

void sim_buf_free(struct sim_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

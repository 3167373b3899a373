// SPDX-License-Identifier: MIT
/* fmt.c - see fmt.h. Freestanding. */
#include <stdint.h>

#include "fmt.h"

struct out {
	char *buf;
	size_t size;
	size_t len;     /* length of the full output so far */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static size_t str_len(const char *s, int prec)
{
	size_t n = 0;

	while (s[n] && (prec < 0 || n < (size_t)prec))
		n++;
	return n;
}

static void put_str(struct out *o, const char *s, int width, int prec, int left)
{
	size_t n;

	if (!s)
		s = "(null)";
	n = str_len(s, prec);
	if (!left && width > (int)n)
		pad(o, ' ', width - (int)n);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (left && width > (int)n)
		pad(o, ' ', width - (int)n);
}

static void put_num(struct out *o, unsigned long long v, int neg, unsigned base,
		    int upper, int width, int zero, int left)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = dig[v % base];
		v /= base;
	} while (v);
	len = n + (neg ? 1 : 0);
	if (left) {
		if (neg)
			put(o, '-');
		while (n)
			put(o, tmp[--n]);
		pad(o, ' ', width - len);
		return;
	}
	if (zero) {
		if (neg)
			put(o, '-');
		pad(o, '0', width - len);
	} else {
		pad(o, ' ', width - len);
		if (neg)
			put(o, '-');
	}
	while (n)
		put(o, tmp[--n]);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	while (*fmt) {
		int left = 0, zero = 0, width = 0, prec = -1, lng = 0;
		const char *start = fmt;
		char c = *fmt++;

		if (c != '%') {
			put(&o, c);
			continue;
		}
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				zero = 1;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = 1;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		if (*fmt == 'z') {
			lng = 3;
			fmt++;
		} else {
			while (*fmt == 'l' && lng < 2) {
				lng++;
				fmt++;
			}
		}
		c = *fmt ? *fmt++ : '\0';
		switch (c) {
		case 'd':
		case 'i': {
			long long v;

			if (lng == 2)
				v = va_arg(ap, long long);
			else if (lng == 1)
				v = va_arg(ap, long);
			else if (lng == 3)
				v = (long long)va_arg(ap, size_t);
			else
				v = va_arg(ap, int);
			put_num(&o, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v,
				v < 0, 10, 0, width, zero, left);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			unsigned long long v;

			if (lng == 2)
				v = va_arg(ap, unsigned long long);
			else if (lng == 1)
				v = va_arg(ap, unsigned long);
			else if (lng == 3)
				v = va_arg(ap, size_t);
			else
				v = va_arg(ap, unsigned int);
			put_num(&o, v, 0, c == 'u' ? 10 : 16, c == 'X', width, zero, left);
			break;
		}
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (unsigned long long)(uintptr_t)va_arg(ap, void *), 0, 16, 0,
				width > 2 ? width - 2 : 0, zero, left);
			break;
		case 's':
			put_str(&o, va_arg(ap, const char *), width, prec, left);
			break;
		case 'c':
			if (!left)
				pad(&o, ' ', width - 1);
			put(&o, (char)va_arg(ap, int));
			if (left)
				pad(&o, ' ', width - 1);
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			/* unknown conversion: copy it through */
			while (start < fmt)
				put(&o, *start++);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

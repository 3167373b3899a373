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

/* One conversion specification: %[flags][width][.prec][length]conv. */
enum fmt_flags {
	FMT_LEFT  = 1 << 0,     /* '-': left-justify */
	FMT_ZERO  = 1 << 1,     /* '0': pad numbers with zeros */
	FMT_UPPER = 1 << 2,     /* %X: upper-case digits */
	FMT_NEG   = 1 << 3,     /* the number is negative */
};

enum fmt_length { FMT_INT, FMT_LONG, FMT_LLONG, FMT_SIZE };

struct spec {
	unsigned flags;         /* enum fmt_flags */
	int width;
	int prec;               /* -1: none */
	enum fmt_length length;
	char conv;
};

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	size_t n;

	if (!s)
		s = "(null)";
	n = str_len(s, sp->prec);
	if (!(sp->flags & FMT_LEFT) && sp->width > (int)n)
		pad(o, ' ', sp->width - (int)n);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if ((sp->flags & FMT_LEFT) && sp->width > (int)n)
		pad(o, ' ', sp->width - (int)n);
}

/* @v in @base with the sign, width and padding of @sp. */
static void put_num(struct out *o, unsigned long long v, unsigned base, const struct spec *sp)
{
	const char *dig = (sp->flags & FMT_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	int neg = (sp->flags & FMT_NEG) != 0;
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = dig[v % base];
		v /= base;
	} while (v);
	len = n + neg;
	if (sp->flags & FMT_LEFT) {
		if (neg)
			put(o, '-');
		while (n)
			put(o, tmp[--n]);
		pad(o, ' ', sp->width - len);
		return;
	}
	if (sp->flags & FMT_ZERO) {
		if (neg)
			put(o, '-');
		pad(o, '0', sp->width - len);
	} else {
		pad(o, ' ', sp->width - len);
		if (neg)
			put(o, '-');
	}
	while (n)
		put(o, tmp[--n]);
}

static int parse_decimal(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9')
		v = v * 10 + (*(*fmt)++ - '0');
	return v;
}

/* Step 1: parse the specification after '%' (arguments for '*' are taken). */
static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	sp->flags = 0;
	sp->width = 0;
	sp->prec = -1;
	sp->length = FMT_INT;
	for (;; fmt++) {
		if (*fmt == '-')
			sp->flags |= FMT_LEFT;
		else if (*fmt == '0')
			sp->flags |= FMT_ZERO;
		else
			break;
	}
	if (*fmt == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->flags |= FMT_LEFT;
			sp->width = -sp->width;
		}
		fmt++;
	} else {
		sp->width = parse_decimal(&fmt);
	}
	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*') {
			sp->prec = va_arg(*ap, int);
			fmt++;
		} else {
			sp->prec = parse_decimal(&fmt);
		}
	}
	if (*fmt == 'z') {
		sp->length = FMT_SIZE;
		fmt++;
	} else if (*fmt == 'l') {
		fmt++;
		sp->length = FMT_LONG;
		if (*fmt == 'l') {
			sp->length = FMT_LLONG;
			fmt++;
		}
	}
	sp->conv = *fmt ? *fmt++ : '\0';
	return fmt;
}

/* Step 2: the argument of an integer conversion, as its magnitude (+ FMT_NEG). */
static unsigned long long take_int(struct spec *sp, va_list *ap)
{
	if (sp->conv == 'd' || sp->conv == 'i') {
		long long v;

		switch (sp->length) {
		case FMT_LLONG: v = va_arg(*ap, long long); break;
		case FMT_LONG: v = va_arg(*ap, long); break;
		case FMT_SIZE: v = (long long)va_arg(*ap, size_t); break;
		default: v = va_arg(*ap, int); break;
		}
		if (v >= 0)
			return (unsigned long long)v;
		sp->flags |= FMT_NEG;
		return 0ULL - (unsigned long long)v;
	}
	switch (sp->length) {
	case FMT_LLONG: return va_arg(*ap, unsigned long long);
	case FMT_LONG: return va_arg(*ap, unsigned long);
	case FMT_SIZE: return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned int);
	}
}

/* Step 3: one conversion; unknown ones are copied through from @start. */
static void convert(struct out *o, struct spec *sp, va_list *ap, const char *start,
		    const char *end)
{
	switch (sp->conv) {
	case 'd':
	case 'i':
	case 'u':
		put_num(o, take_int(sp, ap), 10, sp);
		break;
	case 'X':
		sp->flags |= FMT_UPPER;
		/* fall through */
	case 'x':
		put_num(o, take_int(sp, ap), 16, sp);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		sp->width = sp->width > 2 ? sp->width - 2 : 0;
		put_num(o, (unsigned long long)(uintptr_t)va_arg(*ap, void *), 16, sp);
		break;
	case 's':
		put_str(o, va_arg(*ap, const char *), sp);
		break;
	case 'c':
		if (!(sp->flags & FMT_LEFT))
			pad(o, ' ', sp->width - 1);
		put(o, (char)va_arg(*ap, int));
		if (sp->flags & FMT_LEFT)
			pad(o, ' ', sp->width - 1);
		break;
	case '%':
		put(o, '%');
		break;
	default:
		while (start < end)
			put(o, *start++);
		break;
	}
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt;
		struct spec sp;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &args);
		convert(&o, &sp, &args, start, fmt);
	}
	va_end(args);
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

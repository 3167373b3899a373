/* SPDX-License-Identifier: MIT */
/*
 * fmt.h - a small freestanding vsnprintf for the loader, the kernel and
 * the host tools (no libc).
 *
 * Supported: %s %c %d %i %u %x %X %p %% with the length modifiers l, ll
 * and z; flags '-' (left-justify) and '0' (zero-pad); a decimal width or
 * '*'; a precision for %s (".N" or ".*": at most N bytes). Anything else is
 * copied through literally.
 */
#ifndef LIB_FMT_H
#define LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/**
 * fmt_vsnprintf() - format into @buf, C99 vsnprintf semantics.
 * @buf:  destination; may be NULL when @size is 0
 * @size: bytes available including the terminating NUL
 * @fmt:  format string (subset, see above)
 * @ap:   arguments
 *
 * Return: the length the full output would have (without the NUL); the
 * output is truncated and NUL-terminated when it does not fit.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/**
 * fmt_snprintf() - fmt_vsnprintf() with a variable argument list.
 * @buf:  destination
 * @size: bytes available including the NUL
 * @fmt:  format string
 *
 * Return: as fmt_vsnprintf().
 */
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* LIB_FMT_H */

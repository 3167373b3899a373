// SPDX-License-Identifier: MIT
/*
 * crt.c - the C library functions a freestanding compiler may emit calls to
 * (struct copies, large initialisers), for the loader and the kernel only:
 * host programs use their libc. Each is the lib/util.h helper under the
 * libc name. memset and memcpy are weak because gnu-efi's libefi has its own.
 */
#include <stddef.h>

#include "util.h"

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

__attribute__((weak)) void *memset(void *dst, int c, size_t n)
{
	util_set(dst, c, n);
	return dst;
}

__attribute__((weak)) void *memcpy(void *dst, const void *src, size_t n)
{
	util_copy(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	util_copy(dst, src, n);
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	return util_cmp(a, b, n);
}

// SPDX-License-Identifier: MIT
/* test_fmt.c - the freestanding vsnprintf subset against the expected text. */
#include "testlib.h"
#include "fmt.h"

#include <stdarg.h>

#define CHECK_FMT(want, ...) do { \
	char _b[128]; \
	int _n = fmt_snprintf(_b, sizeof(_b), __VA_ARGS__); \
	ASSERT_STR(_b, want); \
	ASSERT_EQ(_n, strlen(want)); \
} while (0)

static int conversions(void)
{
	CHECK_FMT("a 0 -1 42 x", "a %d %d %u %c", 0, -1, 42u, 'x');
	CHECK_FMT("0x0 0xffffffffffffffff", "0x%llx 0x%llx", 0ULL, ~0ULL);
	CHECK_FMT("18446744073709551615 -9223372036854775808", "%llu %lld", ~0ULL,
		  (long long)(-9223372036854775807LL - 1));
	CHECK_FMT("dead BEEF 123456789012", "%lx %X %lu", 0xdeadUL, 0xbeefu, 123456789012UL);
	CHECK_FMT("7 -3", "%zu %i", (size_t)7, -3);
	CHECK_FMT("100%", "100%%");
	return 0;
}

static int width_and_padding(void)
{
	CHECK_FMT("[   42][00042][42   ][  -42][-0042]", "[%5d][%05d][%-5d][%5d][%05d]", 42, 42, 42, -42, -42);
	CHECK_FMT("[0000beef][  ab]", "[%08x][%4s]", 0xbeefu, "ab");
	CHECK_FMT("[ab  ][SRAT]", "[%-4s][%.4s]", "ab", "SRATXYZ");
	CHECK_FMT("[  7]", "[%*u]", 3, 7u);
	return 0;
}

/* Formats the compiler's printf checker rejects, through an unchecked wrapper. */
static int unchecked(char *b, size_t n, const char *f, ...)
{
	va_list ap;
	int r;

	va_start(ap, f);
	r = fmt_vsnprintf(b, n, f, ap);
	va_end(ap);
	return r;
}

#define CHECK_RAW(want, ...) do { \
	char _b[128]; \
	int _n = unchecked(_b, sizeof(_b), __VA_ARGS__); \
	ASSERT_STR(_b, want); \
	ASSERT_EQ(_n, strlen(want)); \
} while (0)

static int pointers_chars_and_unknown(void)
{
	CHECK_RAW("0x1234 [0x0000beef]", "%p [%010p]", (void *)0x1234, (void *)0xbeef);
	CHECK_FMT("[  x][y  ]", "[%3c][%-3c]", 'x', 'y');
	CHECK_RAW("a %q b %", "a %q b %");               /* unknown and trailing: copied */
	CHECK_RAW("[-7   ][   -7][(null)]", "[%-5ld][%*lld][%s]", -7L, 5, -7LL, (char *)NULL);
	CHECK_FMT("[ab ]", "[%-*.*s]", 3, 2, "abc");
	return 0;
}

static int truncation(void)
{
	char b[8];

	ASSERT_EQ(fmt_snprintf(b, sizeof(b), "%s", "0123456789"), 10);
	ASSERT_STR(b, "0123456");
	ASSERT_EQ(fmt_snprintf(NULL, 0, "%llx", 0x1234ULL), 4);
	ASSERT_EQ(fmt_snprintf(b, 1, "abc"), 3);
	ASSERT_STR(b, "");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(conversions),
		TL_CASE(width_and_padding),
		TL_CASE(pointers_chars_and_unknown),
		TL_CASE(truncation),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

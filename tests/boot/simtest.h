/* SPDX-License-Identifier: MIT */
/*
 * simtest.h - helpers for the tests of bootmem2-sim as a program
 * (test_sim.c, test_sim_svg.c, test_sim_host.c): run it with captured
 * output, write input files, and check a drawing against the report it
 * belongs to.
 */
#ifndef SIMTEST_H
#define SIMTEST_H

#include <stddef.h>
#include <stdint.h>

#include "ltest.h"

/* The variant's build folder: tests write below it. */
#if defined(__SANITIZE_ADDRESS__)
#define ST_BUILD "build/asan"
#else
#define ST_BUILD "build/host"
#endif

/* The shared real ACPI samples (BOOTMEM_SAMPLES overrides). */
#define ST_SAMPLES_DEFAULT "../shared/acpi-samples"

struct st_run {
	int status;          /* exit status; 128 if killed */
	char *out, *err;     /* whole stdout / stderr, NUL-terminated */
	size_t out_len;
};

extern struct st_run R;  /* the last run */

/*
 * Find the simulator ($SIM or the variant's build) and make @dir.
 * Return: 0, or 1 after printing "SKIP" (not built).
 */
int st_setup(const char *dir);
const char *st_sim(void);
const char *st_samples(void);       /* NULL if the samples folder is absent */
/* Run "$SIM <args>" (printf-style), capturing stdout and stderr into R. */
int st_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same with a command in front ("setpriv ... "): "<prefix>$SIM <args>". */
int st_run_prefixed(const char *prefix, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Run a shell command; its exit status. */
int st_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Write / read a whole file (aborts on write errors; read: NULL if absent). */
void st_write(const char *path, const void *p, size_t n);
void st_writef(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *st_slurp(const char *path, size_t *len);
int st_exists(const char *path);
int st_lines(const char *s);

/* xmllint --noout FILE (0 if well-formed); -2 if xmllint is missing. */
int st_xmllint(const char *path);

/*
 * Check a drawing against the report printed by the same run: one lane per
 * node line (nid, pxm, memoryless), one block per block line (nid, start,
 * end, pages, free) inside its node's lane, every block's width equal to
 * pages x data-px-per-page (or the minimum width, flagged, when that is
 * narrower), blocks in address order without overlap, every reserved range
 * inside its block at the block's own scale, and the reserved pages of each
 * block equal to pages - free. On failure @why says what (and returns 1).
 */
int st_check_svg(const char *svg, const char *report, char *why, size_t why_size);

/*
 * Attribute @name of the tag starting at @tag (the first '>' ends it):
 * as text (0, or -1 if absent), as a number (-1 if absent), as an integer
 * in C syntax (UINT64_MAX if absent).
 */
int st_attr(const char *tag, const char *name, char *out, size_t size);
double st_attr_num(const char *tag, const char *name);
uint64_t st_attr_u64(const char *tag, const char *name);
/* Count occurrences of @needle. */
int st_count(const char *hay, const char *needle);
/* Count tags starting with @prefix whose attribute @name is @value. */
int st_count_attr(const char *hay, const char *prefix, const char *name, const char *value);

#define ASSERT_RUN(want_status, ...) do { \
	st_run(__VA_ARGS__); \
	if (R.status != (want_status)) { \
		fprintf(stderr, "%s:%d: exited %d, expected %d\nstdout:\n%.2000s\nstderr:\n%.2000s\n", \
			__FILE__, __LINE__, R.status, want_status, R.out, R.err); \
		return 1; \
	} \
} while (0)

#define ASSERT_SVG(svg, report) do { \
	char _why[512]; \
	if (st_check_svg((svg), (report), _why, sizeof(_why))) { \
		fprintf(stderr, "%s:%d: drawing does not match the report: %s\n", __FILE__, __LINE__, _why); \
		return 1; \
	} \
} while (0)

#endif /* SIMTEST_H */

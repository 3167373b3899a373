/* SPDX-License-Identifier: MIT */
/*
 * cmdline.h - the loader's command line (UEFI LoadOptions, UCS-2).
 *
 * Pure logic: no firmware calls, freestanding; unit-tested on the host.
 */
#ifndef BOOT_CMDLINE_H
#define BOOT_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define CMDLINE_PATH_MAX 128
#define CMDLINE_TEXT_MAX 512

enum cmdline_mode {
	CMDLINE_MODE_REPORT = 1,   /* build, print the report, test-allocate, return */
	CMDLINE_MODE_BOOT,         /* load the kernel, ExitBootServices, hand over */
	CMDLINE_MODE_HELP,         /* print usage, return success */
};

enum cmdline_opt_flags {
	CMDLINE_OPT_VERBOSE    = 1 << 0,  /* warnings and table summaries */
	CMDLINE_OPT_QUIET      = 1 << 1,  /* errors only */
	CMDLINE_OPT_DUMP       = 1 << 2,  /* write memmap.bin/srat.bin/slit.bin */
	CMDLINE_OPT_FROM_SHELL = 1 << 3,  /* argv[0] present: started by the EFI shell */
	CMDLINE_OPT_BINARY     = 1 << 4,  /* LoadOptions were not text and were ignored */
	CMDLINE_OPT_MODE_GIVEN = 1 << 5,  /* mode named explicitly */
	CMDLINE_OPT_STALE_KEY  = 1 << 6,  /* test aid: first ExitBootServices with a stale key */
	CMDLINE_OPT_OCCUPY_64M = 1 << 7,  /* test aid: take 64-66 MiB before placing the kernel */
};

struct cmdline {
	enum cmdline_mode mode;
	unsigned flags;                          /* enum cmdline_opt_flags */
	char kernel[CMDLINE_PATH_MAX];       /* volume path, '\' separated */
	char srat[CMDLINE_PATH_MAX];         /* "" = use the firmware's SRAT */
	char text[CMDLINE_TEXT_MAX];         /* the options as ASCII (argv[0] dropped) */
};

#define CMDLINE_DEFAULT_KERNEL "\\kernel.elf"

/**
 * cmdline_parse() - parse UEFI LoadOptions.
 * @opts:  LoadOptions (UCS-2), may be NULL
 * @bytes: LoadOptionsSize in bytes
 * @out:   result; defaults filled in for everything not given
 * @err:   what is wrong: DIAG_ESYNTAX (src "cmdline", what, the word and its
 *         position) or DIAG_ETOOLONG (length and limit); may be NULL
 *
 * Words starting with "k." are kernel options: passed on untouched in
 * out->text (boot_info's command line), not interpreted by the loader.
 *
 * Text is split at spaces/tabs, "double quotes" group. A first word that
 * looks like the image path (ends in .efi, or contains ':' or '\' and no
 * '=') is the shell's argv[0] and is skipped; then the default mode is
 * report, else boot. Positions (0 = first character) and the length limit
 * (CMDLINE_TEXT_MAX - 1 characters) count from the first option, i.e. what
 * the user typed after the image name. Options that are not text (boot
 * manager binary data) are ignored.
 *
 * Return: 0, -DIAG_ESYNTAX or -DIAG_ETOOLONG.
 */
int cmdline_parse(const uint16_t *opts, size_t bytes, struct cmdline *out, struct diag_err *err);

/* One line per option, for `help` and after an error. */
extern const char *const cmdline_usage[];

#endif /* BOOT_CMDLINE_H */

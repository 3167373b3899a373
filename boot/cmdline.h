/* SPDX-License-Identifier: MIT */
/*
 * cmdline.h - the loader's command line (UEFI LoadOptions, UCS-2).
 *
 * Pure logic: no firmware calls, freestanding; unit-tested on the host.
 */
#ifndef EFI_CMDLINE_H
#define EFI_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

#define EFI_CMDLINE_PATH_MAX 128
#define EFI_CMDLINE_TEXT_MAX 512

enum efi_mode {
	EFI_MODE_REPORT = 1,   /* build, print the report, test-allocate, return */
	EFI_MODE_BOOT,         /* load the kernel, ExitBootServices, hand over */
	EFI_MODE_HELP,         /* print usage, return success */
};

enum efi_opt_flags {
	EFI_OPT_VERBOSE    = 1 << 0,  /* warnings and table summaries */
	EFI_OPT_QUIET      = 1 << 1,  /* errors only */
	EFI_OPT_DUMP       = 1 << 2,  /* write memmap.bin/srat.bin/slit.bin */
	EFI_OPT_FROM_SHELL = 1 << 3,  /* argv[0] present: started by the EFI shell */
	EFI_OPT_BINARY     = 1 << 4,  /* LoadOptions were not text and were ignored */
	EFI_OPT_MODE_GIVEN = 1 << 5,  /* mode named explicitly */
	EFI_OPT_STALE_KEY  = 1 << 6,  /* test aid: first ExitBootServices with a stale key */
};

struct efi_cmdline {
	enum efi_mode mode;
	unsigned flags;                          /* enum efi_opt_flags */
	char kernel[EFI_CMDLINE_PATH_MAX];       /* volume path, '\' separated */
	char srat[EFI_CMDLINE_PATH_MAX];         /* "" = use the firmware's SRAT */
	char text[EFI_CMDLINE_TEXT_MAX];         /* the options as ASCII (argv[0] dropped) */
	/* On error: what went wrong and where (character index in the options). */
	const char *error;
	size_t error_pos;
	char error_token[40];
};

#define EFI_DEFAULT_KERNEL "\\kernel.elf"

/**
 * efi_cmdline_parse() - parse UEFI LoadOptions.
 * @opts:  LoadOptions (UCS-2), may be NULL
 * @bytes: LoadOptionsSize in bytes
 * @out:   result; defaults filled in for everything not given
 *
 * Words starting with "k." are kernel options: passed on untouched in
 * out->text (boot_info's command line), not interpreted by the loader.
 *
 * Text is split at spaces/tabs, "double quotes" group. A first word that
 * looks like the image path (ends in .efi, or contains ':' or '\') is the
 * shell's argv[0] and is skipped; then the default mode is report, else
 * boot. Options that are not text (boot manager binary data) are ignored.
 *
 * Return: 0, or -1 with out->error, out->error_pos and out->error_token set.
 */
int efi_cmdline_parse(const uint16_t *opts, size_t bytes, struct efi_cmdline *out);

/* One line per option, for `help` and after an error. */
extern const char *const efi_cmdline_usage[];

#endif /* EFI_CMDLINE_H */

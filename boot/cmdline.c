// SPDX-License-Identifier: MIT
/* cmdline.c - parse the loader's LoadOptions; see cmdline.h. */
#include "cmdline.h"

#include <stdbool.h>

const char *const cmdline_usage[] = {
	"usage: bootmem2.efi [report|boot] [dump] [verbose|quiet] [kernel=\\PATH] [srat=\\PATH]",
	"                    [stalekey] [occupy64m] [k.NAME=VALUE ...] [help]",
	"  report         build blocks and nodes, print the memory report, test-allocate",
	"                 one page per node, return to the shell (default from the shell)",
	"  boot           load the kernel, exit boot services, hand over the allocator",
	"                 (default when started as BOOTX64.EFI)",
	"  dump           also write memmap.bin, srat.bin, slit.bin next to the loader",
	"                 (replay them on a host with bootmem2-sim)",
	"  verbose        also print the SRAT summary and the firmware memory map the",
	"                 report was built from (boot mode: on serial, the final map)",
	"  quiet          print errors only",
	"  kernel=\\PATH   kernel ELF on the loader's volume (default \\kernel.elf)",
	"  srat=\\PATH     use this SRAT file instead of the firmware's (a file that",
	"                 cannot be read stops the loader, as for kernel=)",
	"  stalekey       test aid: call ExitBootServices with a stale map key first,",
	"                 exercising the retry path",
	"  occupy64m      test aid: hold 64 MiB-66 MiB (a relocatable kernel's first",
	"                 choice) before loading the kernel, so it must load elsewhere",
	"  k.NAME[=VALUE] kernel option, handed over in boot_info's command line",
	"                 (the stub kernel knows k.fault=ud|pf|gp: take a CPU exception)",
	"  help           this text",
	0,
};

static bool is_space(uint16_t c)
{
	return c == ' ' || c == '\t';
}

static bool str_eq(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return b[i] == 0;
}

#define SRC "cmdline"

static void copy_str(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = src[i] == '/' ? '\\' : src[i];
	dst[i] = 0;
}

/* Set a path option from the value of "name=value". */
static int set_path(char *dst, const char *val, size_t n, size_t pos, const char *tok,
		    size_t toklen, struct diag_err *err)
{
	if (n == 0)
		return diag_set_syntax(err, SRC, "empty path", pos, tok, toklen);
	if (n + 2 > CMDLINE_PATH_MAX)
		return diag_set_syntax(err, SRC, "path too long", pos, tok, toklen);
	if (val[0] != '\\' && val[0] != '/') {
		/* Relative to the volume root. */
		dst[0] = '\\';
		copy_str(dst + 1, val, n);
	} else {
		copy_str(dst, val, n);
	}
	return 0;
}

static int set_mode(struct cmdline *out, enum cmdline_mode m, size_t pos,
		    const char *tok, size_t n, struct diag_err *err)
{
	if ((out->flags & CMDLINE_OPT_MODE_GIVEN) && out->mode != m)
		return diag_set_syntax(err, SRC, "conflicting modes", pos, tok, n);
	out->mode = m;
	out->flags |= CMDLINE_OPT_MODE_GIVEN;
	return 0;
}

static int parse_word(struct cmdline *out, const char *w, size_t n, size_t pos,
		      struct diag_err *err)
{
	if (str_eq(w, n, "report"))
		return set_mode(out, CMDLINE_MODE_REPORT, pos, w, n, err);
	if (str_eq(w, n, "boot"))
		return set_mode(out, CMDLINE_MODE_BOOT, pos, w, n, err);
	if (str_eq(w, n, "help") || str_eq(w, n, "-h") || str_eq(w, n, "--help"))
		return set_mode(out, CMDLINE_MODE_HELP, pos, w, n, err);
	if (str_eq(w, n, "dump")) {
		out->flags |= CMDLINE_OPT_DUMP;
		return 0;
	}
	if (str_eq(w, n, "verbose")) {
		out->flags = (out->flags & ~(unsigned)CMDLINE_OPT_QUIET) | CMDLINE_OPT_VERBOSE;
		return 0;
	}
	if (str_eq(w, n, "stalekey")) {
		out->flags |= CMDLINE_OPT_STALE_KEY;
		return 0;
	}
	if (str_eq(w, n, "occupy64m")) {
		out->flags |= CMDLINE_OPT_OCCUPY_64M;
		return 0;
	}
	if (n > 2 && w[0] == 'k' && w[1] == '.')
		return 0;
	if (str_eq(w, n, "quiet")) {
		out->flags = (out->flags & ~(unsigned)CMDLINE_OPT_VERBOSE) | CMDLINE_OPT_QUIET;
		return 0;
	}
	if (n >= 7 && str_eq(w, 7, "kernel="))
		return set_path(out->kernel, w + 7, n - 7, pos, w, n, err);
	if (n >= 5 && str_eq(w, 5, "srat="))
		return set_path(out->srat, w + 5, n - 5, pos, w, n, err);
	return diag_set_syntax(err, SRC, "unknown option", pos, w, n);
}

/* A first word that looks like the image path is the shell's argv[0]: it
 * ends in .efi, or it holds ':' or '\\' and is not an option (no '='). */
static bool is_argv0(const uint16_t *w, size_t n)
{
	static const char tail[] = ".efi";
	const size_t t = sizeof(tail) - 1;
	bool efi = n >= t, path = false;

	for (size_t k = 0; efi && k < t; k++) {
		uint16_t a = w[n - t + k];

		efi = (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == tail[k];
	}
	for (size_t k = 0; k < n; k++) {
		if (w[k] == '=')
			return efi;
		path = path || w[k] == ':' || w[k] == '\\';
	}
	return efi || path;
}

/*
 * Step 1a: where the options start. The shell passes its whole command
 * line, argv[0] (the image path, maybe "quoted") included; a boot entry
 * passes only options. Positions and the length limit count from here, so
 * they match what the user typed after the image name.
 */
static size_t skip_argv0(const uint16_t *s, size_t n, bool *from_shell)
{
	size_t i = 0, start, end;

	*from_shell = false;
	while (i < n && is_space(s[i]))
		i++;
	if (i < n && s[i] == '"') {
		start = ++i;
		while (i < n && s[i] != '"')
			i++;
		if (i >= n)
			return 0;            /* unterminated: not a path, the parser says so */
		end = i++;
	} else {
		start = i;
		while (i < n && !is_space(s[i]))
			i++;
		end = i;
	}
	if (end == start || !is_argv0(s + start, end - start))
		return 0;
	*from_shell = true;
	while (i < n && is_space(s[i]))
		i++;
	return i;
}

/* Step 1: the options as ASCII in @buf (NUL terminated), or the reason not to parse. */
enum text_kind { TEXT_OK, TEXT_BINARY, TEXT_TOO_LONG };

static enum text_kind take_text(const uint16_t *opts, size_t bytes, char *buf, size_t *len,
				bool *from_shell)
{
	size_t nchars = opts ? bytes / 2 : 0, n = 0, start;

	*from_shell = false;
	/* Text up to the first NUL; anything that is not printable ASCII means
	 * binary optional data from a boot entry, which is not ours to parse. */
	while (n < nchars && opts[n])
		n++;
	for (size_t i = 0; i < n; i++)
		if (!is_space(opts[i]) && (opts[i] < 0x20 || opts[i] > 0x7e))
			return TEXT_BINARY;
	start = skip_argv0(opts, n, from_shell);
	*len = n - start;
	if (*len >= CMDLINE_TEXT_MAX)
		return TEXT_TOO_LONG;
	for (size_t i = 0; i < *len; i++)
		buf[i] = (char)opts[start + i];
	buf[*len] = 0;
	return TEXT_OK;
}

/* One word of the text: [start, start + len) inside it, found at @pos. */
struct word {
	size_t pos, start, len;
};

/*
 * Step 2: the next word after *@i (spaces and tabs separate, "double
 * quotes" group). Returns 1 with a word, 0 at the end, or a negative DIAG
 * code for an unterminated quote.
 */
static int next_word(const char *buf, size_t len, size_t *i, struct word *w, struct diag_err *err)
{
	bool quoted = false;

	while (*i < len && is_space((uint16_t)buf[*i]))
		(*i)++;
	if (*i >= len)
		return 0;
	w->pos = *i;
	if (buf[*i] == '"') {
		quoted = true;
		(*i)++;
	}
	w->start = *i;
	while (*i < len && (quoted ? buf[*i] != '"' : !is_space((uint16_t)buf[*i])))
		(*i)++;
	if (quoted && *i >= len)
		return diag_set_syntax(err, SRC, "unterminated quote", w->pos, buf + w->pos,
				       len - w->pos);
	w->len = *i - w->start;
	if (quoted)
		(*i)++;
	return 1;
}

/* Step 3: keep the word in out->text (boot_info's command line). */
static void append_text(struct cmdline *out, size_t *tl, const char *w, size_t n)
{
	if (*tl)
		out->text[(*tl)++] = ' ';
	for (size_t k = 0; k < n; k++)
		out->text[(*tl)++] = w[k];
	out->text[*tl] = 0;
}

static void set_defaults(struct cmdline *out)
{
	out->mode = CMDLINE_MODE_BOOT;
	out->flags = 0;
	copy_str(out->kernel, CMDLINE_DEFAULT_KERNEL, sizeof(CMDLINE_DEFAULT_KERNEL) - 1);
	out->srat[0] = 0;
	out->text[0] = 0;
}

int cmdline_parse(const uint16_t *opts, size_t bytes, struct cmdline *out, struct diag_err *err)
{
	char buf[CMDLINE_TEXT_MAX];
	size_t len = 0, i = 0, tl = 0;
	struct word w = { 0, 0, 0 };
	bool from_shell;
	int rc;

	set_defaults(out);
	switch (take_text(opts, bytes, buf, &len, &from_shell)) {
	case TEXT_BINARY:
		out->flags |= CMDLINE_OPT_BINARY;
		return 0;
	case TEXT_TOO_LONG:
		diag_set(err, DIAG_ETOOLONG, SRC, CMDLINE_TEXT_MAX - 1, len, CMDLINE_TEXT_MAX - 1);
		if (err)
			err->what = "command line too long";
		return -DIAG_ETOOLONG;
	case TEXT_OK:
		break;
	}
	if (from_shell) {
		out->flags |= CMDLINE_OPT_FROM_SHELL;
		out->mode = CMDLINE_MODE_REPORT;
	}
	while ((rc = next_word(buf, len, &i, &w, err)) > 0) {
		const char *word = buf + w.start;

		if (w.len == 0)
			continue;
		rc = parse_word(out, word, w.len, w.pos, err);
		if (rc)
			return rc;
		append_text(out, &tl, word, w.len);
	}
	return rc;
}

// SPDX-License-Identifier: MIT
/* test_cmdline.c - the loader's LoadOptions parser. */
#include "testlib.h"
#include "cmdline.h"

static struct diag_err ERR;

/* The one-line message of the last error. */
static const char *msg(void)
{
	static char buf[200];

	diag_format(&ERR, buf, sizeof(buf));
	return buf;
}

/* Parse an ASCII string given as UCS-2 LoadOptions (with its NUL). */
static int parse(const char *s, struct cmdline *c)
{
	uint16_t buf[1024];
	size_t n = strlen(s);

	for (size_t i = 0; i <= n; i++)
		buf[i] = (uint16_t)(unsigned char)s[i];
	return cmdline_parse(buf, (n + 1) * 2, c, &ERR);
}

static int empty_options_mean_boot(void)
{
	struct cmdline c;

	ASSERT_EQ(cmdline_parse(NULL, 0, &c, &ERR), 0);
	ASSERT_EQ(c.mode, CMDLINE_MODE_BOOT);
	ASSERT_EQ(c.flags, 0);
	ASSERT_EQ(strcmp(c.kernel, "\\kernel.elf"), 0);
	ASSERT_EQ(c.srat[0], 0);
	ASSERT_EQ(parse("", &c), 0);
	ASSERT_EQ(c.mode, CMDLINE_MODE_BOOT);
	return 0;
}

static int shell_argv0_means_report(void)
{
	struct cmdline c;

	ASSERT_EQ(parse("bootmem2.efi", &c), 0);
	ASSERT_EQ(c.mode, CMDLINE_MODE_REPORT);
	ASSERT_EQ(c.flags, CMDLINE_OPT_FROM_SHELL);
	ASSERT_EQ(parse("FS0:\\EFI\\BOOT\\BOOTX64.EFI  verbose", &c), 0);
	ASSERT_EQ(c.mode, CMDLINE_MODE_REPORT);
	ASSERT_EQ(c.flags, CMDLINE_OPT_FROM_SHELL | CMDLINE_OPT_VERBOSE);
	ASSERT_EQ(strcmp(c.text, "verbose"), 0);
	return 0;
}

static int boot_entry_words_are_options(void)
{
	struct cmdline c;

	ASSERT_EQ(parse("report dump kernel=/boot/k.elf srat=my.srat quiet", &c), 0);
	ASSERT_EQ(c.mode, CMDLINE_MODE_REPORT);
	ASSERT_EQ(c.flags, CMDLINE_OPT_MODE_GIVEN | CMDLINE_OPT_DUMP | CMDLINE_OPT_QUIET);
	ASSERT_EQ(strcmp(c.kernel, "\\boot\\k.elf"), 0);
	ASSERT_EQ(strcmp(c.srat, "\\my.srat"), 0);
	ASSERT_EQ(strcmp(c.text, "report dump kernel=/boot/k.elf srat=my.srat quiet"), 0);
	return 0;
}

static int quoted_path_with_space(void)
{
	struct cmdline c;

	ASSERT_EQ(parse("x.efi boot \"kernel=\\my dir\\k.elf\"", &c), 0);
	ASSERT_EQ(c.mode, CMDLINE_MODE_BOOT);
	ASSERT_EQ(strcmp(c.kernel, "\\my dir\\k.elf"), 0);
	return 0;
}

static int unknown_option_names_token_and_position(void)
{
	struct cmdline c;

	ASSERT_EQ(parse("report frobnicate", &c), -DIAG_ESYNTAX);
	ASSERT_STR(ERR.what, "unknown option");
	ASSERT_EQ(ERR.offset, 7);
	ASSERT_STR(ERR.token, "frobnicate");
	ASSERT_STR(msg(), "cmdline: unknown option 'frobnicate' at position 7");
	return 0;
}

/*
 * Positions count from the start of what the user typed: the shell's
 * argv[0] (the image path) and the spaces after it are not counted.
 */
static int positions_skip_argv0(void)
{
	struct cmdline c;

	ASSERT_EQ(parse("bootmem2.efi report frobnicate", &c), -DIAG_ESYNTAX);
	ASSERT_STR(msg(), "cmdline: unknown option 'frobnicate' at position 7");
	ASSERT_EQ(parse("FS0:\\EFI\\BOOT\\BOOTX64.EFI   bogus", &c), -DIAG_ESYNTAX);
	ASSERT_STR(msg(), "cmdline: unknown option 'bogus' at position 0");
	ASSERT_EQ(parse("\"fs0:\\my dir\\bootmem2.efi\" report boot", &c), -DIAG_ESYNTAX);
	ASSERT_STR(msg(), "cmdline: conflicting modes 'boot' at position 7");
	ASSERT_EQ(c.flags & CMDLINE_OPT_FROM_SHELL, CMDLINE_OPT_FROM_SHELL);
	return 0;
}

/* A boot entry's first option with a path is an option, not the image path. */
static int path_option_first_is_not_argv0(void)
{
	struct cmdline c;

	ASSERT_EQ(parse("srat=\\x.bin report", &c), 0);
	ASSERT_EQ(strcmp(c.srat, "\\x.bin"), 0);
	ASSERT_EQ(c.flags, CMDLINE_OPT_MODE_GIVEN);
	ASSERT_EQ(parse("kernel=fs0:\\k.elf", &c), 0);
	ASSERT_EQ(strcmp(c.kernel, "\\fs0:\\k.elf"), 0);
	ASSERT_EQ(c.mode, CMDLINE_MODE_BOOT);
	return 0;
}

/* The length limit is on the options too: argv[0] does not count. */
static int length_limit_skips_argv0(void)
{
	static char line[1100];
	struct cmdline c;
	size_t n = (size_t)sprintf(line, "fs0:\\bootmem2.efi ");

	memset(line + n, 'k', 600);
	memcpy(line + n, "k.", 2);
	line[n + 600] = 0;
	ASSERT_EQ(parse(line, &c), -DIAG_ETOOLONG);
	ASSERT_STR(msg(), "cmdline: command line too long: 600 characters, limit 511");
	ASSERT_EQ(ERR.value, 600);
	ASSERT_EQ(ERR.value2, 511);
	/* exactly at the limit after a long argv[0]: accepted, kept whole */
	line[n + 511] = 0;
	ASSERT_EQ(parse(line, &c), 0);
	ASSERT_EQ(strlen(c.text), 511);
	ASSERT_EQ(c.flags, CMDLINE_OPT_FROM_SHELL);
	return 0;
}

static int errors(void)
{
	struct cmdline c;

	ASSERT_EQ(parse("report boot", &c), -DIAG_ESYNTAX);
	ASSERT_STR(msg(), "cmdline: conflicting modes 'boot' at position 7");
	ASSERT_EQ(parse("kernel=", &c), -DIAG_ESYNTAX);
	ASSERT_STR(msg(), "cmdline: empty path 'kernel=' at position 0");
	ASSERT_EQ(parse("\"report", &c), -DIAG_ESYNTAX);
	ASSERT_STR(msg(), "cmdline: unterminated quote '\"report' at position 0");
	char longpath[200] = "kernel=";
	memset(longpath + 7, 'a', 150);
	longpath[157] = 0;
	ASSERT_EQ(parse(longpath, &c), -DIAG_ESYNTAX);
	ASSERT_STR(ERR.what, "path too long");
	ASSERT_STR(ERR.token, "kernel=aaaaaaaaaaaaaaaaaaaaaaaaaaaaa...");
	char huge[700];
	memset(huge, ' ', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = 0;
	ASSERT_EQ(parse(huge, &c), -DIAG_ETOOLONG);
	ASSERT_STR(msg(), "cmdline: command line too long: 699 characters, limit 511");
	ASSERT_EQ(parse("help", &c), 0);
	ASSERT_EQ(c.mode, CMDLINE_MODE_HELP);
	ASSERT_EQ(parse("verbose quiet", &c), 0);
	ASSERT_EQ(c.flags, CMDLINE_OPT_QUIET);
	return 0;
}

/* Boot manager optional data (e.g. a GUID) is binary: ignored, boot mode. */
static int binary_options_ignored(void)
{
	struct cmdline c;
	uint16_t guid[8] = { 0x1234, 0x0001, 0xfffe, 0x0000, 0x4142, 0x0002, 0x9, 0x7 };

	ASSERT_EQ(cmdline_parse(guid, sizeof(guid), &c, &ERR), 0);
	ASSERT_EQ(c.mode, CMDLINE_MODE_BOOT);
	ASSERT_EQ(c.flags, CMDLINE_OPT_BINARY);
	/* odd size, no NUL: the whole characters count */
	uint16_t odd[3] = { 'h', 'e', 'l' };
	ASSERT_EQ(cmdline_parse(odd, 5, &c, &ERR), -DIAG_ESYNTAX);
	ASSERT_STR(ERR.token, "he");
	return 0;
}

/* k.* words are the kernel's: kept in the text, not interpreted; stalekey is a flag. */
static int kernel_options_pass_through(void)
{
	struct cmdline c;

	ASSERT_EQ(parse("x.efi boot k.fault=ud stalekey k.x", &c), 0);
	ASSERT_EQ(c.mode, CMDLINE_MODE_BOOT);
	ASSERT_EQ(c.flags, CMDLINE_OPT_FROM_SHELL | CMDLINE_OPT_MODE_GIVEN | CMDLINE_OPT_STALE_KEY);
	ASSERT_EQ(strcmp(c.text, "boot k.fault=ud stalekey k.x"), 0);
	ASSERT_EQ(parse("k.", &c), -DIAG_ESYNTAX);
	ASSERT_STR(ERR.token, "k.");
	ASSERT_EQ(parse("kx.fault", &c), -DIAG_ESYNTAX);
	return 0;
}

/* occupy64m (test aid) is a flag of its own, kept in the text like every loader word. */
static int occupy64m_is_a_flag(void)
{
	struct cmdline c;

	ASSERT_EQ(parse("boot occupy64m", &c), 0);
	ASSERT_EQ(c.flags, CMDLINE_OPT_MODE_GIVEN | CMDLINE_OPT_OCCUPY_64M);
	ASSERT_STR(c.text, "boot occupy64m");
	ASSERT_EQ(parse("occupy64m stalekey", &c), 0);
	ASSERT_EQ(c.flags, CMDLINE_OPT_OCCUPY_64M | CMDLINE_OPT_STALE_KEY);
	ASSERT_EQ(parse("occupy64", &c), -DIAG_ESYNTAX);
	ASSERT_STR(ERR.token, "occupy64");
	ASSERT_EQ(parse("occupy64mb", &c), -DIAG_ESYNTAX);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(empty_options_mean_boot),
		TL_CASE(shell_argv0_means_report),
		TL_CASE(boot_entry_words_are_options),
		TL_CASE(quoted_path_with_space),
		TL_CASE(unknown_option_names_token_and_position),
		TL_CASE(positions_skip_argv0),
		TL_CASE(length_limit_skips_argv0),
		TL_CASE(path_option_first_is_not_argv0),
		TL_CASE(errors),
		TL_CASE(binary_options_ignored),
		TL_CASE(kernel_options_pass_through),
		TL_CASE(occupy64m_is_a_flag),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

// SPDX-License-Identifier: MIT
/* test_cmdline.c - the loader's LoadOptions parser. */
#include "testlib.h"
#include "cmdline.h"

/* Parse an ASCII string given as UCS-2 LoadOptions (with its NUL). */
static int parse(const char *s, struct efi_cmdline *c)
{
	uint16_t buf[1024];
	size_t n = strlen(s);

	for (size_t i = 0; i <= n; i++)
		buf[i] = (uint16_t)(unsigned char)s[i];
	return efi_cmdline_parse(buf, (n + 1) * 2, c);
}

static int empty_options_mean_boot(void)
{
	struct efi_cmdline c;

	ASSERT_EQ(efi_cmdline_parse(NULL, 0, &c), 0);
	ASSERT_EQ(c.mode, EFI_MODE_BOOT);
	ASSERT_EQ(c.flags, 0);
	ASSERT_EQ(strcmp(c.kernel, "\\kernel.elf"), 0);
	ASSERT_EQ(c.srat[0], 0);
	ASSERT_EQ(parse("", &c), 0);
	ASSERT_EQ(c.mode, EFI_MODE_BOOT);
	return 0;
}

static int shell_argv0_means_report(void)
{
	struct efi_cmdline c;

	ASSERT_EQ(parse("bootmem2.efi", &c), 0);
	ASSERT_EQ(c.mode, EFI_MODE_REPORT);
	ASSERT_EQ(c.flags, EFI_OPT_FROM_SHELL);
	ASSERT_EQ(parse("FS0:\\EFI\\BOOT\\BOOTX64.EFI  verbose", &c), 0);
	ASSERT_EQ(c.mode, EFI_MODE_REPORT);
	ASSERT_EQ(c.flags, EFI_OPT_FROM_SHELL | EFI_OPT_VERBOSE);
	ASSERT_EQ(strcmp(c.text, "verbose"), 0);
	return 0;
}

static int boot_entry_words_are_options(void)
{
	struct efi_cmdline c;

	ASSERT_EQ(parse("report dump kernel=/boot/k.elf srat=my.srat quiet", &c), 0);
	ASSERT_EQ(c.mode, EFI_MODE_REPORT);
	ASSERT_EQ(c.flags, EFI_OPT_MODE_GIVEN | EFI_OPT_DUMP | EFI_OPT_QUIET);
	ASSERT_EQ(strcmp(c.kernel, "\\boot\\k.elf"), 0);
	ASSERT_EQ(strcmp(c.srat, "\\my.srat"), 0);
	ASSERT_EQ(strcmp(c.text, "report dump kernel=/boot/k.elf srat=my.srat quiet"), 0);
	return 0;
}

static int quoted_path_with_space(void)
{
	struct efi_cmdline c;

	ASSERT_EQ(parse("x.efi boot \"kernel=\\my dir\\k.elf\"", &c), 0);
	ASSERT_EQ(c.mode, EFI_MODE_BOOT);
	ASSERT_EQ(strcmp(c.kernel, "\\my dir\\k.elf"), 0);
	return 0;
}

static int unknown_option_names_token_and_position(void)
{
	struct efi_cmdline c;

	ASSERT_EQ(parse("bootmem2.efi report frobnicate", &c), -1);
	ASSERT_EQ(strcmp(c.error, "unknown option"), 0);
	ASSERT_EQ(c.error_pos, 20);
	ASSERT_EQ(strcmp(c.error_token, "frobnicate"), 0);
	return 0;
}

static int errors(void)
{
	struct efi_cmdline c;

	ASSERT_EQ(parse("report boot", &c), -1);
	ASSERT_EQ(strcmp(c.error, "conflicting modes"), 0);
	ASSERT_EQ(strcmp(c.error_token, "boot"), 0);
	ASSERT_EQ(parse("kernel=", &c), -1);
	ASSERT_EQ(strcmp(c.error, "empty path"), 0);
	ASSERT_EQ(parse("\"report", &c), -1);
	ASSERT_EQ(strcmp(c.error, "unterminated quote"), 0);
	char longpath[200] = "kernel=";
	memset(longpath + 7, 'a', 150);
	longpath[157] = 0;
	ASSERT_EQ(parse(longpath, &c), -1);
	ASSERT_EQ(strcmp(c.error, "path too long"), 0);
	char huge[700];
	memset(huge, ' ', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = 0;
	ASSERT_EQ(parse(huge, &c), -1);
	ASSERT_EQ(strcmp(c.error, "command line too long"), 0);
	ASSERT_EQ(parse("help", &c), 0);
	ASSERT_EQ(c.mode, EFI_MODE_HELP);
	ASSERT_EQ(parse("verbose quiet", &c), 0);
	ASSERT_EQ(c.flags, EFI_OPT_QUIET);
	return 0;
}

/* Boot manager optional data (e.g. a GUID) is binary: ignored, boot mode. */
static int binary_options_ignored(void)
{
	struct efi_cmdline c;
	uint16_t guid[8] = { 0x1234, 0x0001, 0xfffe, 0x0000, 0x4142, 0x0002, 0x9, 0x7 };

	ASSERT_EQ(efi_cmdline_parse(guid, sizeof(guid), &c), 0);
	ASSERT_EQ(c.mode, EFI_MODE_BOOT);
	ASSERT_EQ(c.flags, EFI_OPT_BINARY);
	/* odd size, no NUL: the whole characters count */
	uint16_t odd[3] = { 'h', 'e', 'l' };
	ASSERT_EQ(efi_cmdline_parse(odd, 5, &c), -1);
	ASSERT_EQ(strcmp(c.error_token, "he"), 0);
	return 0;
}

/* k.* words are the kernel's: kept in the text, not interpreted; stalekey is a flag. */
static int kernel_options_pass_through(void)
{
	struct efi_cmdline c;

	ASSERT_EQ(parse("x.efi boot k.fault=ud stalekey k.x", &c), 0);
	ASSERT_EQ(c.mode, EFI_MODE_BOOT);
	ASSERT_EQ(c.flags, EFI_OPT_FROM_SHELL | EFI_OPT_MODE_GIVEN | EFI_OPT_STALE_KEY);
	ASSERT_EQ(strcmp(c.text, "boot k.fault=ud stalekey k.x"), 0);
	ASSERT_EQ(parse("k.", &c), -1);
	ASSERT_EQ(strcmp(c.error_token, "k."), 0);
	ASSERT_EQ(parse("kx.fault", &c), -1);
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
		TL_CASE(errors),
		TL_CASE(binary_options_ignored),
		TL_CASE(kernel_options_pass_through),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

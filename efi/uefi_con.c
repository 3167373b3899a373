// SPDX-License-Identifier: MIT
/* uefi_con.c - the loader's console output (ConOut) and EFI status names. */
#include "uefi.h"

#include "fmt.h"

EFI_HANDLE g_image;
EFI_SYSTEM_TABLE *g_st;
EFI_BOOT_SERVICES *g_bs;
int g_log_level = LOG_INFO;

/* ASCII -> UCS-2 in chunks; '\n' -> "\r\n". */
static void con_puts(const char *s)
{
	CHAR16 out[130];
	UINTN n = 0;

	for (; *s; s++) {
		if (*s == '\n')
			out[n++] = L'\r';
		out[n++] = (CHAR16)(unsigned char)*s;
		if (n >= 126) {
			out[n] = 0;
			uefi_call_wrapper(g_st->ConOut->OutputString, 2, g_st->ConOut, out);
			n = 0;
		}
	}
	if (n) {
		out[n] = 0;
		uefi_call_wrapper(g_st->ConOut->OutputString, 2, g_st->ConOut, out);
	}
}

#define ERR_PREFIX "bootmem2: "

static char last_error[256];

/* Keep an error line of ours (not the usage lines after it) for con_last_error(). */
static void remember_error(const char *line)
{
	const char *p = ERR_PREFIX;
	size_t i = 0;

	while (*p && *line == *p) {
		p++;
		line++;
	}
	if (*p)
		return;
	for (; line[i] && line[i] != '\n' && i + 1 < sizeof(last_error); i++)
		last_error[i] = line[i];
	last_error[i] = 0;
}

const char *con_last_error(void)
{
	return last_error;
}

void con_vprintf(int level, const char *fmt, va_list ap)
{
	char buf[512];

	if (level > g_log_level || !g_st)
		return;
	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	if (level == LOG_ERR)
		remember_error(buf);
	con_puts(buf);
}

void con_printf(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	con_vprintf(level, fmt, ap);
	va_end(ap);
}

void con_line(void *ctx, const char *line)
{
	(void)ctx;
	con_printf(LOG_INFO, "%s\n", line);
}

const char *efi_status_name(EFI_STATUS s)
{
	switch (s) {
	case EFI_SUCCESS: return "EFI_SUCCESS";
	case EFI_LOAD_ERROR: return "EFI_LOAD_ERROR";
	case EFI_INVALID_PARAMETER: return "EFI_INVALID_PARAMETER";
	case EFI_UNSUPPORTED: return "EFI_UNSUPPORTED";
	case EFI_BAD_BUFFER_SIZE: return "EFI_BAD_BUFFER_SIZE";
	case EFI_BUFFER_TOO_SMALL: return "EFI_BUFFER_TOO_SMALL";
	case EFI_NOT_READY: return "EFI_NOT_READY";
	case EFI_DEVICE_ERROR: return "EFI_DEVICE_ERROR";
	case EFI_WRITE_PROTECTED: return "EFI_WRITE_PROTECTED";
	case EFI_OUT_OF_RESOURCES: return "EFI_OUT_OF_RESOURCES";
	case EFI_VOLUME_CORRUPTED: return "EFI_VOLUME_CORRUPTED";
	case EFI_VOLUME_FULL: return "EFI_VOLUME_FULL";
	case EFI_NO_MEDIA: return "EFI_NO_MEDIA";
	case EFI_NOT_FOUND: return "EFI_NOT_FOUND";
	case EFI_ACCESS_DENIED: return "EFI_ACCESS_DENIED";
	case EFI_ABORTED: return "EFI_ABORTED";
	case EFI_SECURITY_VIOLATION: return "EFI_SECURITY_VIOLATION";
	case EFI_ALREADY_STARTED: return "EFI_ALREADY_STARTED";
	case EFI_TIMEOUT: return "EFI_TIMEOUT";
	case EFI_END_OF_FILE: return "EFI_END_OF_FILE";
	default: return "EFI_STATUS(unknown)";
	}
}

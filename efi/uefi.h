/* SPDX-License-Identifier: MIT */
/*
 * uefi.h - the loader's thin firmware layer (gnu-efi). Only efi/main.c and
 * efi/uefi_*.c include this; the logic is in boot/ and lib/.
 */
#ifndef EFI_UEFI_H
#define EFI_UEFI_H

#include <efi.h>
#include <efilib.h>

#include <stdarg.h>
#include <stdint.h>

extern EFI_HANDLE g_image;
extern EFI_SYSTEM_TABLE *g_st;
extern EFI_BOOT_SERVICES *g_bs;

/* Output levels; con_printf() at LOG_INFO is silenced by `quiet`. */
enum uefi_log {
	LOG_ERR,
	LOG_INFO,
	LOG_VERBOSE,
};
extern int g_log_level;                 /* highest level printed */

/* Printf to the console (OVMF mirrors it to serial); '\n' becomes CRLF. */
void con_vprintf(int level, const char *fmt, va_list ap);
void con_printf(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Report sink: one line (no newline) at LOG_INFO. */
void con_line(void *ctx, const char *line);
/**
 * con_last_error() - the reason for the loader's verdict line.
 *
 * Return: the last "bootmem2: ..." line printed at LOG_ERR, without that
 * prefix and the newline; "" if there was none. Static storage.
 */
const char *con_last_error(void);

/* After ExitBootServices: the 16550 at 0x3f8 only (lib/serial.h). */
#include "serial.h"

/*
 * Firmware allocations go through these, which record each one, so that a
 * return to the shell frees everything the loader still holds
 * (uefi_free_all()); freeing earlier is done with the matching free.
 * A full record table fails the allocation (EFI_OUT_OF_RESOURCES).
 */
EFI_STATUS uefi_alloc_pool(UINTN size, void **out);
void uefi_free_pool(void *p);
/* @type: AllocateAnyPages or AllocateAddress (*addr is then the address). */
EFI_STATUS uefi_alloc_pages(EFI_ALLOCATE_TYPE type, UINTN pages, uint64_t *addr);
void uefi_free_pages(uint64_t addr);
/* Free every recorded allocation, newest first. */
void uefi_free_all(void);
/* Conventional memory pages in the firmware's map right now. */
EFI_STATUS uefi_conventional_pages(uint64_t *pages);

/* "EFI_NOT_FOUND" etc. */
const char *efi_status_name(EFI_STATUS s);

/* Files on the loader's own volume. @path is ASCII with '\' separators. */
EFI_STATUS uefi_read_file(const char *path, void **buf, UINTN *size);
/* Write @name next to the loader image (the directory it was started from). */
EFI_STATUS uefi_write_file_here(const char *name, const void *buf, UINTN size);
/* The loader image's own path and range, for reservations and messages. */
void uefi_image_info(char *path, UINTN path_size, uint64_t *base, uint64_t *size);

/* A memory map buffer that GetMemoryMap fills. */
struct uefi_memmap {
	EFI_MEMORY_DESCRIPTOR *buf;
	UINTN capacity;                 /* bytes allocated */
	UINTN size;                     /* bytes filled */
	UINTN key;
	UINTN desc_size;
	UINT32 desc_version;
};

/* Allocate a buffer (size + @extra_desc spare descriptors) and fill it;
 * uefi_free_pool(m->buf) releases it. */
EFI_STATUS uefi_memmap_get(struct uefi_memmap *m, UINTN extra_desc);
/* Refill the existing buffer (no allocation: usable between the final
 * GetMemoryMap and ExitBootServices). */
EFI_STATUS uefi_memmap_refill(struct uefi_memmap *m);

/* ACPI RSDP from the configuration table (ACPI 2.0 GUID, else 1.0), or 0. */
uint64_t uefi_find_rsdp(int *is_v2);

#endif /* EFI_UEFI_H */

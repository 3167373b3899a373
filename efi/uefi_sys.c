// SPDX-License-Identifier: MIT
/* uefi_sys.c - files, memory map and configuration tables through boot services. */
#include "uefi.h"

/* ---- the allocation record ---------------------------------------------- */

#define ALLOC_MAX 32

struct alloc_rec {
	uint64_t addr;
	UINTN pages;          /* 0: a pool allocation */
};

static struct alloc_rec g_allocs[ALLOC_MAX];
static UINTN g_nr_allocs;

static EFI_STATUS record(uint64_t addr, UINTN pages)
{
	if (g_nr_allocs == ALLOC_MAX)
		return EFI_OUT_OF_RESOURCES;
	g_allocs[g_nr_allocs].addr = addr;
	g_allocs[g_nr_allocs].pages = pages;
	g_nr_allocs++;
	return EFI_SUCCESS;
}

/* Drop the record of @addr; returns its page count, or -1 if unknown. */
static long long unrecord(uint64_t addr)
{
	for (UINTN i = g_nr_allocs; i-- > 0;) {
		if (g_allocs[i].addr != addr)
			continue;
		UINTN pages = g_allocs[i].pages;

		g_allocs[i] = g_allocs[--g_nr_allocs];
		return (long long)pages;
	}
	return -1;
}

EFI_STATUS uefi_alloc_pool(UINTN size, void **out)
{
	EFI_STATUS st;

	*out = NULL;
	if (g_nr_allocs == ALLOC_MAX)
		return EFI_OUT_OF_RESOURCES;
	st = uefi_call_wrapper(g_bs->AllocatePool, 3, EfiLoaderData, size ? size : 1, out);
	if (st == EFI_SUCCESS)
		record((uint64_t)(UINTN)*out, 0);
	return st;
}

void uefi_free_pool(void *p)
{
	if (p && unrecord((uint64_t)(UINTN)p) == 0)
		uefi_call_wrapper(g_bs->FreePool, 1, p);
}

EFI_STATUS uefi_alloc_pages(EFI_ALLOCATE_TYPE type, UINTN pages, uint64_t *addr)
{
	EFI_PHYSICAL_ADDRESS a = type == AllocateAddress ? *addr : 0;
	EFI_STATUS st;

	if (g_nr_allocs == ALLOC_MAX)
		return EFI_OUT_OF_RESOURCES;
	st = uefi_call_wrapper(g_bs->AllocatePages, 4, type, EfiLoaderData, pages, &a);
	if (st != EFI_SUCCESS)
		return st;
	record(a, pages);
	*addr = a;
	return EFI_SUCCESS;
}

void uefi_free_pages(uint64_t addr)
{
	long long pages = addr ? unrecord(addr) : -1;

	if (pages > 0)
		uefi_call_wrapper(g_bs->FreePages, 2, addr, (UINTN)pages);
}

void uefi_free_all(void)
{
	while (g_nr_allocs) {
		struct alloc_rec r = g_allocs[--g_nr_allocs];

		if (r.pages)
			uefi_call_wrapper(g_bs->FreePages, 2, r.addr, r.pages);
		else
			uefi_call_wrapper(g_bs->FreePool, 1, (void *)(UINTN)r.addr);
	}
}

/* ---- configuration tables ------------------------------------------------ */

/* ACPI 2.0+ RSDP configuration table GUID (defined here, not taken from gnu-efi). */
static EFI_GUID acpi20_guid = { 0x8868e871, 0xe4f1, 0x11d3,
				{ 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 } };
static EFI_GUID acpi10_guid = { 0xeb9d2d30, 0x2d88, 0x11d3,
				{ 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } };

static int guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
	const UINT8 *x = (const UINT8 *)a, *y = (const UINT8 *)b;

	for (int i = 0; i < 16; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

uint64_t uefi_find_rsdp(int *is_v2)
{
	uint64_t v1 = 0;

	for (UINTN i = 0; i < g_st->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &g_st->ConfigurationTable[i];

		if (guid_eq(&t->VendorGuid, &acpi20_guid)) {
			*is_v2 = 1;
			return (uint64_t)(UINTN)t->VendorTable;
		}
		if (guid_eq(&t->VendorGuid, &acpi10_guid))
			v1 = (uint64_t)(UINTN)t->VendorTable;
	}
	*is_v2 = 0;
	return v1;
}

EFI_STATUS uefi_memmap_refill(struct uefi_memmap *m)
{
	EFI_STATUS st;

	m->size = m->capacity;
	st = uefi_call_wrapper(g_bs->GetMemoryMap, 5, &m->size, m->buf, &m->key,
			       &m->desc_size, &m->desc_version);
	if (st == EFI_SUCCESS && m->desc_size < sizeof(EFI_MEMORY_DESCRIPTOR))
		return EFI_INCOMPATIBLE_VERSION;
	return st;
}

EFI_STATUS uefi_memmap_get(struct uefi_memmap *m, UINTN extra_desc)
{
	EFI_STATUS st;

	m->buf = NULL;
	m->capacity = 0;
	for (int tries = 0; tries < 8; tries++) {
		UINTN need = 0;

		st = uefi_call_wrapper(g_bs->GetMemoryMap, 5, &need, NULL, &m->key,
				       &m->desc_size, &m->desc_version);
		if (st != EFI_BUFFER_TOO_SMALL)
			return st == EFI_SUCCESS ? EFI_DEVICE_ERROR : st;
		if (m->desc_size < sizeof(EFI_MEMORY_DESCRIPTOR))
			return EFI_INCOMPATIBLE_VERSION;
		/* The allocation itself may add descriptors: leave room. */
		m->capacity = need + extra_desc * m->desc_size;
		st = uefi_alloc_pool(m->capacity, (void **)&m->buf);
		if (st != EFI_SUCCESS)
			return st;
		st = uefi_memmap_refill(m);
		if (st == EFI_SUCCESS)
			return st;
		uefi_free_pool(m->buf);
		m->buf = NULL;
		if (st != EFI_BUFFER_TOO_SMALL)
			return st;
	}
	return EFI_BUFFER_TOO_SMALL;
}

EFI_STATUS uefi_conventional_pages(uint64_t *pages)
{
	struct uefi_memmap m;
	EFI_STATUS st = uefi_memmap_get(&m, 8);

	*pages = 0;
	if (st != EFI_SUCCESS)
		return st;
	for (UINTN off = 0; off + m.desc_size <= m.size; off += m.desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)((UINT8 *)m.buf + off);

		if (d->Type == EfiConventionalMemory)
			*pages += d->NumberOfPages;
	}
	uefi_free_pool(m.buf);
	return EFI_SUCCESS;
}

static EFI_LOADED_IMAGE *loaded_image(void)
{
	EFI_LOADED_IMAGE *li = NULL;
	EFI_GUID guid = LOADED_IMAGE_PROTOCOL;

	if (uefi_call_wrapper(g_bs->HandleProtocol, 3, g_image, &guid, (void **)&li) != EFI_SUCCESS)
		return NULL;
	return li;
}

void uefi_image_info(char *path, UINTN path_size, uint64_t *base, uint64_t *size)
{
	EFI_LOADED_IMAGE *li = loaded_image();
	UINTN n = 0;

	*base = 0;
	*size = 0;
	if (path_size)
		path[0] = 0;
	if (!li)
		return;
	*base = (uint64_t)(UINTN)li->ImageBase;
	*size = li->ImageSize;
	/* The last file-path node of the image's device path. */
	for (EFI_DEVICE_PATH *dp = li->FilePath; dp && !IsDevicePathEnd(dp); dp = NextDevicePathNode(dp)) {
		if (DevicePathType(dp) != MEDIA_DEVICE_PATH || DevicePathSubType(dp) != MEDIA_FILEPATH_DP)
			continue;
		const CHAR16 *s = ((FILEPATH_DEVICE_PATH *)dp)->PathName;
		UINTN chars = (DevicePathNodeLength(dp) - SIZE_OF_FILEPATH_DEVICE_PATH) / 2;

		for (UINTN i = 0; i < chars && s[i] && n + 1 < path_size; i++)
			path[n++] = s[i] < 0x80 ? (char)s[i] : '?';
	}
	if (path_size)
		path[n < path_size ? n : path_size - 1] = 0;
}

static EFI_STATUS open_root(EFI_FILE_HANDLE *root)
{
	EFI_LOADED_IMAGE *li = loaded_image();
	EFI_FILE_IO_INTERFACE *fs = NULL;
	EFI_GUID guid = SIMPLE_FILE_SYSTEM_PROTOCOL;
	EFI_STATUS st;

	if (!li)
		return EFI_UNSUPPORTED;
	st = uefi_call_wrapper(g_bs->HandleProtocol, 3, li->DeviceHandle, &guid, (void **)&fs);
	if (st != EFI_SUCCESS)
		return st;
	return uefi_call_wrapper(fs->OpenVolume, 2, fs, root);
}

static void to_ucs2(const char *s, CHAR16 *out, UINTN n)
{
	UINTN i;

	for (i = 0; s[i] && i + 1 < n; i++)
		out[i] = s[i] == '/' ? L'\\' : (CHAR16)(unsigned char)s[i];
	out[i] = 0;
}

EFI_STATUS uefi_read_file(const char *path, void **buf, UINTN *size)
{
	EFI_FILE_HANDLE root, f;
	CHAR16 wpath[256];
	EFI_FILE_INFO *info;
	EFI_STATUS st;
	UINTN n;

	*buf = NULL;
	*size = 0;
	st = open_root(&root);
	if (st != EFI_SUCCESS)
		return st;
	to_ucs2(path, wpath, 256);
	st = uefi_call_wrapper(root->Open, 5, root, &f, wpath, EFI_FILE_MODE_READ, 0ULL);
	uefi_call_wrapper(root->Close, 1, root);
	if (st != EFI_SUCCESS)
		return st;
	info = LibFileInfo(f);
	if (!info) {
		uefi_call_wrapper(f->Close, 1, f);
		return EFI_DEVICE_ERROR;
	}
	n = (UINTN)info->FileSize;
	FreePool(info);
	if (n > (256ULL << 20)) {
		uefi_call_wrapper(f->Close, 1, f);
		return EFI_BAD_BUFFER_SIZE;
	}
	st = uefi_alloc_pool(n, buf);
	if (st == EFI_SUCCESS) {
		UINTN got = n;

		st = uefi_call_wrapper(f->Read, 3, f, &got, *buf);
		if (st == EFI_SUCCESS && got != n)
			st = EFI_END_OF_MEDIA;
		if (st != EFI_SUCCESS) {
			uefi_free_pool(*buf);
			*buf = NULL;
		} else {
			*size = n;
		}
	}
	uefi_call_wrapper(f->Close, 1, f);
	return st;
}

EFI_STATUS uefi_write_file_here(const char *name, const void *buf, UINTN size)
{
	char path[256], full[320];
	uint64_t base, isz;
	EFI_FILE_HANDLE root, f;
	CHAR16 wpath[320];
	EFI_STATUS st;
	UINTN n = 0, dir = 0, len;

	uefi_image_info(path, sizeof(path), &base, &isz);
	for (UINTN i = 0; path[i]; i++)
		if (path[i] == '\\' || path[i] == '/')
			dir = i + 1;
	for (UINTN i = 0; i < dir && n + 1 < sizeof(full); i++)
		full[n++] = path[i];
	if (n == 0)
		full[n++] = '\\';
	for (UINTN i = 0; name[i] && n + 1 < sizeof(full); i++)
		full[n++] = name[i];
	full[n] = 0;
	to_ucs2(full, wpath, 320);

	st = open_root(&root);
	if (st != EFI_SUCCESS)
		return st;
	/* Replace an old dump: open, delete, create. */
	if (uefi_call_wrapper(root->Open, 5, root, &f, wpath,
			      EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE, 0ULL) == EFI_SUCCESS)
		uefi_call_wrapper(f->Delete, 1, f);
	st = uefi_call_wrapper(root->Open, 5, root, &f, wpath,
			       EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE, 0ULL);
	uefi_call_wrapper(root->Close, 1, root);
	if (st != EFI_SUCCESS)
		return st;
	len = size;
	st = uefi_call_wrapper(f->Write, 3, f, &len, (void *)buf);
	if (st == EFI_SUCCESS && len != size)
		st = EFI_VOLUME_FULL;
	uefi_call_wrapper(f->Close, 1, f);
	return st;
}

// SPDX-License-Identifier: MIT
/* test_memmap.c - normalising raw UEFI memory maps; memmap.bin. */
#include "ltest.h"
#include "util.h"

static struct mapb M;
static struct memmap_entry E[256];
static struct memmap MM;
static struct diag_log LOG;
static struct diag_err ERR;

static int norm(unsigned flags)
{
	memmap_init(&MM, E, 256);
	diag_log_init(&LOG);
	memset(&ERR, 0, sizeof(ERR));
	return memmap_normalise(&MM, M.b, sizeof(M.b), M.desc_size, M.count, flags, &LOG, &ERR);
}

#define ASSERT_ENTRY(i_, s_, e_, k_, w_) do { \
	ASSERT_EQ(MM.e[i_].start, (s_)); \
	ASSERT_EQ(MM.e[i_].end, (e_)); \
	ASSERT_EQ(MM.e[i_].kind, (k_)); \
	ASSERT_EQ(MM.e[i_].what, (w_)); \
} while (0)

/* Unsorted entries come out sorted; adjacent free ones coalesce. */
static int sorts_and_coalesces_free(void)
{
	mapb_init(&M, 48);
	mapb_ram(&M, SZ_2M, SZ_16M);
	mapb_ram(&M, 0, SZ_1M);
	mapb_add(&M, MEMMAP_TYPE_BS_DATA, SZ_1M, PAGES(SZ_1M), 0);
	ASSERT_OK(norm(0));
	ASSERT_EQ(MM.n, 3);
	ASSERT_ENTRY(0, 0, SZ_1M, MEMMAP_FREE, MEMMAP_WHAT_NONE);
	ASSERT_ENTRY(1, SZ_1M, SZ_2M, MEMMAP_INUSE, MEMMAP_WHAT_BS_DATA);
	ASSERT_ENTRY(2, SZ_2M, SZ_16M, MEMMAP_FREE, MEMMAP_WHAT_NONE);
	ASSERT_EQ(MM.e[2].index, 0);
	ASSERT_OK(norm(MEMMAP_BS_FREE));
	ASSERT_EQ(MM.n, 1);
	ASSERT_ENTRY(0, 0, SZ_16M, MEMMAP_FREE, MEMMAP_WHAT_NONE);
	ASSERT_EQ(LOG.n, 0);
	return 0;
}

/* Adjacent free entries merge even across types once BS memory counts as free. */
static int coalesces_adjacent_free_entries(void)
{
	mapb_init(&M, 40);
	mapb_ram(&M, 0, SZ_1M);
	mapb_add(&M, MEMMAP_TYPE_BS_CODE, SZ_1M, PAGES(SZ_1M), 0);
	mapb_ram(&M, SZ_2M, SZ_4G);
	ASSERT_OK(norm(MEMMAP_BS_FREE));
	ASSERT_EQ(MM.n, 1);
	ASSERT_ENTRY(0, 0, SZ_4G, MEMMAP_FREE, MEMMAP_WHAT_NONE);
	ASSERT_EQ(MM.usable_pages, PAGES(SZ_4G));
	return 0;
}

/* While boot services run, BS and loader memory is in use, with a reason. */
static int in_use_types_get_reasons(void)
{
	mapb_init(&M, 48);
	mapb_add(&M, MEMMAP_TYPE_LOADER_CODE, 0x1000, 1, 0);
	mapb_add(&M, MEMMAP_TYPE_LOADER_DATA, 0x2000, 2, 0);
	mapb_add(&M, MEMMAP_TYPE_BS_CODE, 0x4000, 1, 0);
	mapb_add(&M, MEMMAP_TYPE_BS_DATA, 0x5000, 1, 0);
	mapb_add(&M, MEMMAP_TYPE_BS_DATA, 0x6000, 1, 0);
	mapb_ram(&M, 0x7000, 0x9000);
	ASSERT_OK(norm(0));
	ASSERT_EQ(MM.n, 5);
	ASSERT_ENTRY(0, 0x1000, 0x2000, MEMMAP_INUSE, MEMMAP_WHAT_LOADER_CODE);
	ASSERT_ENTRY(1, 0x2000, 0x4000, MEMMAP_INUSE, MEMMAP_WHAT_LOADER_DATA);
	ASSERT_ENTRY(2, 0x4000, 0x5000, MEMMAP_INUSE, MEMMAP_WHAT_BS_CODE);
	ASSERT_ENTRY(3, 0x5000, 0x7000, MEMMAP_INUSE, MEMMAP_WHAT_BS_DATA);
	ASSERT_ENTRY(4, 0x7000, 0x9000, MEMMAP_FREE, MEMMAP_WHAT_NONE);
	ASSERT_EQ(MM.usable_pages, 8);
	ASSERT_STR(memmap_what_name(MM.e[3].what), "bs_data");
	return 0;
}

/* Everything else is never handed to the core. */
static int other_types_are_reserved(void)
{
	static const uint32_t types[] = {
		MEMMAP_TYPE_RESERVED, MEMMAP_TYPE_RUNTIME_CODE, MEMMAP_TYPE_RUNTIME_DATA,
		MEMMAP_TYPE_UNUSABLE, MEMMAP_TYPE_ACPI_RECLAIM, MEMMAP_TYPE_ACPI_NVS,
		MEMMAP_TYPE_MMIO, MEMMAP_TYPE_MMIO_PORT, MEMMAP_TYPE_PAL_CODE,
		MEMMAP_TYPE_PERSISTENT, MEMMAP_TYPE_UNACCEPTED, 99, 0x80000000u,
	};
	enum memmap_what w;

	for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		ASSERT_EQ(memmap_classify(types[i], 0, 0, &w), MEMMAP_RESERVED);
		ASSERT_EQ(memmap_classify(types[i], 0, MEMMAP_BS_FREE, &w), MEMMAP_RESERVED);
		ASSERT_EQ(memmap_classify(types[i], 0, MEMMAP_BS_FREE | MEMMAP_LOADER_FREE, &w),
			  MEMMAP_RESERVED);
	}
	/* In the loader's final boot-mode build its own memory is free too. */
	ASSERT_EQ(memmap_classify(MEMMAP_TYPE_LOADER_CODE, 0, MEMMAP_LOADER_FREE, &w), MEMMAP_FREE);
	ASSERT_EQ(memmap_classify(MEMMAP_TYPE_LOADER_DATA, 0, MEMMAP_BS_FREE | MEMMAP_LOADER_FREE, &w),
		  MEMMAP_FREE);
	ASSERT_EQ(memmap_classify(MEMMAP_TYPE_BS_DATA, 0, MEMMAP_LOADER_FREE, &w), MEMMAP_INUSE);
	ASSERT_EQ(w, MEMMAP_WHAT_BS_DATA);
	ASSERT_EQ(memmap_classify(MEMMAP_TYPE_LOADER_CODE, MEMMAP_ATTR_SP, MEMMAP_LOADER_FREE, &w),
		  MEMMAP_RESERVED);
	ASSERT_EQ(memmap_classify(MEMMAP_TYPE_BS_CODE, 0, MEMMAP_BS_FREE, &w), MEMMAP_FREE);
	ASSERT_EQ(memmap_classify(MEMMAP_TYPE_LOADER_DATA, 0, MEMMAP_BS_FREE, &w), MEMMAP_INUSE);
	ASSERT_EQ(w, MEMMAP_WHAT_LOADER_DATA);
	mapb_init(&M, 48);
	for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		mapb_add(&M, types[i], SZ_1M * (i + 1), 4, 0);
	ASSERT_OK(norm(0));
	ASSERT_EQ(MM.n, sizeof(types) / sizeof(types[0]));
	ASSERT_EQ(MM.usable_pages, 0);
	return 0;
}

/* Specific-purpose memory (MEMMAP_ATTR_SP) is reserved even if conventional. */
static int sp_attribute_is_reserved(void)
{
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_1M);
	mapb_add(&M, MEMMAP_TYPE_CONVENTIONAL, SZ_1M, PAGES(SZ_1M), MEMMAP_ATTR_SP | 0xf);
	mapb_add(&M, MEMMAP_TYPE_BS_DATA, SZ_2M, 1, MEMMAP_ATTR_SP);
	ASSERT_OK(norm(MEMMAP_BS_FREE));
	ASSERT_EQ(MM.n, 3);
	ASSERT_ENTRY(0, 0, SZ_1M, MEMMAP_FREE, 0);
	ASSERT_ENTRY(1, SZ_1M, SZ_2M, MEMMAP_RESERVED, 0);
	ASSERT_ENTRY(2, SZ_2M, SZ_2M + SZ_4K, MEMMAP_RESERVED, 0);
	ASSERT_EQ(MM.usable_pages, PAGES(SZ_1M));
	return 0;
}

/* A reserved entry inside a free one cuts it in three, with a warning. */
static int overlap_reserved_wins(void)
{
	char msg[200];

	mapb_init(&M, 48);
	mapb_ram(&M, 0, 0x10000);
	mapb_add(&M, MEMMAP_TYPE_ACPI_NVS, 0x8000, 2, 0);
	ASSERT_OK(norm(0));
	ASSERT_EQ(MM.n, 3);
	ASSERT_ENTRY(0, 0, 0x8000, MEMMAP_FREE, 0);
	ASSERT_ENTRY(1, 0x8000, 0xa000, MEMMAP_RESERVED, 0);
	ASSERT_ENTRY(2, 0xa000, 0x10000, MEMMAP_FREE, 0);
	ASSERT_EQ(LOG.n, 1);
	ASSERT_EQ(LOG.w[0].code, DIAG_W_MAP_OVERLAP);
	diag_warn_format(&LOG.w[0], msg, sizeof(msg));
	ASSERT_STR(msg, "memmap: entries overlap at 0x8000-0xa000, kept acpi_nvs over conventional");
	return 0;
}

/* The earlier reserved entry keeps bytes a later free entry also claims. */
static int overlap_free_clipped_by_earlier_reserved(void)
{
	mapb_init(&M, 48);
	mapb_ram(&M, 0x3000, 0x8000);
	mapb_add(&M, MEMMAP_TYPE_RESERVED, 0x1000, 4, 0);   /* 0x1000-0x5000 */
	mapb_add(&M, MEMMAP_TYPE_LOADER_DATA, 0x6000, 4, 0);            /* 0x6000-0xa000 */
	ASSERT_OK(norm(0));
	ASSERT_EQ(MM.n, 3);
	ASSERT_ENTRY(0, 0x1000, 0x5000, MEMMAP_RESERVED, 0);
	ASSERT_ENTRY(1, 0x5000, 0x6000, MEMMAP_FREE, 0);
	ASSERT_ENTRY(2, 0x6000, 0xa000, MEMMAP_INUSE, MEMMAP_WHAT_LOADER_DATA);
	ASSERT_EQ(MM.e[2].index, 2);
	ASSERT_EQ(LOG.n, 2);
	return 0;
}

/* Two free entries that overlap: one free range, a warning. */
static int overlap_same_kind_clipped(void)
{
	mapb_init(&M, 48);
	mapb_ram(&M, 0, 0x8000);
	mapb_ram(&M, 0x4000, 0xc000);
	ASSERT_OK(norm(0));
	ASSERT_EQ(MM.n, 1);
	ASSERT_ENTRY(0, 0, 0xc000, MEMMAP_FREE, 0);
	ASSERT_EQ(diag_log_count(&LOG, DIAG_W_MAP_OVERLAP), 1);
	return 0;
}

/* Nested overlaps never need more than memmap_capacity(count) entries. */
static int worst_case_fits_capacity(void)
{
	struct memmap_entry e[64];
	struct memmap mm;
	unsigned n = 16;

	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_1M);                 /* one big free range... */
	for (unsigned i = 1; i < n; i++)        /* ...cut by 15 reserved holes */
		mapb_add(&M, MEMMAP_TYPE_MMIO, i * 0x10000, 1, 0);
	memmap_init(&mm, e, memmap_capacity(n));
	ASSERT_OK(memmap_normalise(&mm, M.b, sizeof(M.b), 48, n, 0, NULL, &ERR));
	ASSERT_EQ(mm.n, 2 * n - 1);
	/* one entry less of storage: ENOSPC, not an overrun */
	memmap_init(&mm, e, 2 * n - 2);
	ASSERT_EQ(memmap_normalise(&mm, M.b, sizeof(M.b), 48, n, 0, NULL, &ERR), -DIAG_ENOSPC);
	return 0;
}

/* The firmware's stride is honoured: fields past 40 bytes are ignored. */
static int honours_descriptor_size(void)
{
	mapb_init(&M, 4096);
	mapb_ram(&M, 0x1000, 0x3000);
	mapb_ram(&M, 0x10000, 0x20000);
	ASSERT_OK(norm(0));
	ASSERT_EQ(MM.n, 2);
	ASSERT_ENTRY(1, 0x10000, 0x20000, MEMMAP_FREE, 0);
	return 0;
}

/* A stride below the 40-byte descriptor is rejected, naming the value. */
static int rejects_small_descriptor_size(void)
{
	mapb_init(&M, 40);
	mapb_ram(&M, 0, SZ_1M);
	memmap_init(&MM, E, 256);
	ASSERT_EQ(memmap_normalise(&MM, M.b, sizeof(M.b), 32, 1, 0, NULL, &ERR), -DIAG_EDESCSIZE);
	ASSERT_ERR(&ERR, DIAG_EDESCSIZE, "memmap", 0,
		   "memmap: descriptor size 32 invalid (valid 40..4096) at offset 0x0");
	ASSERT_EQ(ERR.value, 32);
	ASSERT_EQ(memmap_normalise(&MM, M.b, sizeof(M.b), 39, 1, 0, NULL, &ERR), -DIAG_EDESCSIZE);
	ASSERT_EQ(ERR.value, 39);
	/* above the 4096 sanity bound: the message gives the range, not just the minimum */
	ASSERT_EQ(memmap_normalise(&MM, M.b, sizeof(M.b), 4097, 1, 0, NULL, &ERR), -DIAG_EDESCSIZE);
	ASSERT_ERR(&ERR, DIAG_EDESCSIZE, "memmap", 0,
		   "memmap: descriptor size 4097 invalid (valid 40..4096) at offset 0x0");
	return 0;
}

/* count * stride past the buffer: truncated. */
static int rejects_count_past_buffer(void)
{
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_1M);
	memmap_init(&MM, E, 256);
	ASSERT_EQ(memmap_normalise(&MM, M.b, 95, 48, 2, 0, NULL, &ERR), -DIAG_ETRUNC);
	ASSERT_EQ(ERR.value, 96);
	return 0;
}

/* base + pages * 4096 wrapping is an error naming the descriptor's offset. */
static int rejects_overflowing_entry(void)
{
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_1M);
	mapb_add(&M, MEMMAP_TYPE_CONVENTIONAL, 0xfffffffffff00000ULL, 0x100, 0);  /* ends at 2^64 */
	ASSERT_EQ(norm(0), -DIAG_EOVERFLOW);
	ASSERT_ERR(&ERR, DIAG_EOVERFLOW, "memmap", 48,
		   "memmap: base 0xfffffffffff00000 + length 0x100 overflows at offset 0x30");
	mapb_init(&M, 48);
	mapb_add(&M, MEMMAP_TYPE_RESERVED, 0x1000, 1ULL << 52, 0);           /* pages * 4096 wraps */
	ASSERT_EQ(norm(0), -DIAG_EOVERFLOW);
	ASSERT_EQ(ERR.offset, 0);
	return 0;
}

/* Usable entries not on page boundaries are trimmed inward. */
static int trims_unaligned_usable(void)
{
	mapb_init(&M, 48);
	mapb_add(&M, MEMMAP_TYPE_CONVENTIONAL, 0x10800, 4, 0);   /* 0x10800-0x14800 */
	mapb_add(&M, MEMMAP_TYPE_ACPI_RECLAIM, 0x20800, 1, 0);   /* reserved: kept as is */
	ASSERT_OK(norm(0));
	ASSERT_EQ(MM.n, 2);
	ASSERT_ENTRY(0, 0x11000, 0x14000, MEMMAP_FREE, 0);
	ASSERT_ENTRY(1, 0x20800, 0x21800, MEMMAP_RESERVED, 0);
	ASSERT_EQ(diag_log_count(&LOG, DIAG_W_MAP_UNALIGNED), 1);
	return 0;
}

/* A reserved range covering part of a page takes the whole page from usable memory. */
static int partial_page_overlap_takes_page(void)
{
	mapb_init(&M, 48);
	mapb_ram(&M, 0, 0x4000);
	mapb_add(&M, MEMMAP_TYPE_RESERVED, 0x2100, 1, 0);   /* 0x2100-0x3100 */
	ASSERT_OK(norm(0));
	ASSERT_EQ(MM.n, 2);
	ASSERT_ENTRY(0, 0, 0x2000, MEMMAP_FREE, 0);
	ASSERT_ENTRY(1, 0x2100, 0x3100, MEMMAP_RESERVED, 0);
	ASSERT_EQ(MM.usable_pages, 2);
	return 0;
}

static int zero_page_entries_are_skipped(void)
{
	mapb_init(&M, 48);
	mapb_add(&M, MEMMAP_TYPE_CONVENTIONAL, 0x5000, 0, 0);
	mapb_ram(&M, 0x1000, 0x2000);
	ASSERT_OK(norm(0));
	ASSERT_EQ(MM.n, 1);
	ASSERT_EQ(MM.e[0].index, 1);
	ASSERT_OK(memmap_normalise(&MM, NULL, 0, 48, 0, 0, NULL, &ERR));
	ASSERT_EQ(MM.n, 0);
	return 0;
}

/* ---- memmap.bin ------------------------------------------------------- */

static uint8_t FILEBUF[1 << 17];

static int dump_roundtrip(void)
{
	struct memmap_dump d;
	uint64_t n;

	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_1M);
	mapb_add(&M, MEMMAP_TYPE_LOADER_DATA, SZ_1M, 16, 0);
	n = memmap_dump_write(FILEBUF, sizeof(FILEBUF), M.b, 48, 1, 2);
	ASSERT_EQ(n, 32 + 96);
	ASSERT_EQ(n, memmap_dump_size(48, 2));
	ASSERT_TRUE(!memcmp(FILEBUF, "BM2MMAP", 8));
	ASSERT_OK(memmap_dump_parse(FILEBUF, n, &d, &ERR));
	ASSERT_EQ(d.count, 2);
	ASSERT_EQ(d.desc_size, 48);
	ASSERT_EQ(d.desc_version, 1);
	ASSERT_TRUE(!memcmp(d.desc, M.b, 96));
	ASSERT_EQ(memmap_dump_write(FILEBUF, n - 1, M.b, 48, 1, 2), 0);
	ASSERT_EQ(memmap_dump_write(FILEBUF, n, M.b, 32, 1, 2), 0);
	return 0;
}

/*
 * fuzz_acpi finding (1,226,799 executions): a memmap.bin whose header_size
 * is 34. Larger headers are accepted (forward compatible); the descriptors
 * start after the header the file declares, and the file size is
 * header_size + count * desc_size, not memmap_dump_size()'s 32-byte form.
 */
static int dump_larger_header_is_skipped(void)
{
	/* The fuzzer's 34-byte input: version 1, header_size 34, stride 48, 0 descriptors. */
	static const uint8_t repro[34] = {
		'B', 'M', '2', 'M', 'M', 'A', 'P', 0, 1, 0, 0, 0, 0x22, 0, 0, 0,
		0x30, 0, 0, 0, 1, 0, 0, 0x61, 0, 0, 0, 0, 0, 0x0f, 0, 0, 0, 0xfd,
	};
	struct memmap_dump d;
	uint64_t n;

	ASSERT_OK(memmap_dump_parse(repro, sizeof(repro), &d, &ERR));
	ASSERT_EQ(d.header_size, 34);
	ASSERT_EQ(d.count, 0);
	ASSERT_TRUE(d.desc == repro + 34);
	ASSERT_EQ(memmap_dump_size(d.desc_size, d.count), 32);

	/* A 40-byte header in front of two descriptors. */
	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_1M);
	mapb_add(&M, MEMMAP_TYPE_LOADER_DATA, SZ_1M, 16, 0);
	n = memmap_dump_write(FILEBUF, sizeof(FILEBUF), M.b, 48, 1, 2);
	memmove(FILEBUF + 40, FILEBUF + 32, n - 32);
	memset(FILEBUF + 32, 0xee, 8);
	FILEBUF[12] = 40;
	ASSERT_OK(memmap_dump_parse(FILEBUF, n + 8, &d, &ERR));
	ASSERT_EQ(d.header_size, 40);
	ASSERT_EQ(d.count, 2);
	ASSERT_TRUE(!memcmp(d.desc, M.b, 96));
	ASSERT_EQ(memmap_dump_parse(FILEBUF, n, &d, &ERR), -DIAG_ELENGTH);
	return 0;
}

static int dump_rejects_bad_files(void)
{
	struct memmap_dump d;
	uint64_t n;

	mapb_init(&M, 48);
	mapb_ram(&M, 0, SZ_1M);
	n = memmap_dump_write(FILEBUF, sizeof(FILEBUF), M.b, 48, 1, 1);

	ASSERT_EQ(memmap_dump_parse(FILEBUF, 31, &d, &ERR), -DIAG_ETRUNC);
	ASSERT_EQ(memmap_dump_parse(FILEBUF, n - 1, &d, &ERR), -DIAG_ELENGTH);
	ASSERT_EQ(memmap_dump_parse(FILEBUF, n + 1, &d, &ERR), -DIAG_ELENGTH);
	FILEBUF[16] = 32;                                    /* desc_size 32 */
	ASSERT_EQ(memmap_dump_parse(FILEBUF, n, &d, &ERR), -DIAG_EDESCSIZE);
	ASSERT_ERR(&ERR, DIAG_EDESCSIZE, "memmap.bin", 16,
		   "memmap.bin: descriptor size 32 invalid (valid 40..4096) at offset 0x10");
	util_wr32(FILEBUF, 16, 4097);
	ASSERT_EQ(memmap_dump_parse(FILEBUF, n, &d, &ERR), -DIAG_EDESCSIZE);
	ASSERT_ERR(&ERR, DIAG_EDESCSIZE, "memmap.bin", 16,
		   "memmap.bin: descriptor size 4097 invalid (valid 40..4096) at offset 0x10");
	util_wr32(FILEBUF, 16, 48);
	FILEBUF[8] = 2;                                      /* version */
	ASSERT_EQ(memmap_dump_parse(FILEBUF, n, &d, &ERR), -DIAG_EVERSION);
	ASSERT_EQ(ERR.offset, 8);
	FILEBUF[8] = 1;
	FILEBUF[0] = 'X';
	ASSERT_EQ(memmap_dump_parse(FILEBUF, n, &d, &ERR), -DIAG_ESIG);
	FILEBUF[0] = 'B';
	util_wr32(FILEBUF, 24, 0xffffffff);                  /* count: huge */
	ASSERT_EQ(memmap_dump_parse(FILEBUF, n, &d, &ERR), -DIAG_ETOOMANY);
	util_wr32(FILEBUF, 24, 1);
	ASSERT_OK(memmap_dump_parse(FILEBUF, n, &d, &ERR));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(sorts_and_coalesces_free),
		TL_CASE(coalesces_adjacent_free_entries),
		TL_CASE(in_use_types_get_reasons),
		TL_CASE(other_types_are_reserved),
		TL_CASE(sp_attribute_is_reserved),
		TL_CASE(overlap_reserved_wins),
		TL_CASE(overlap_free_clipped_by_earlier_reserved),
		TL_CASE(overlap_same_kind_clipped),
		TL_CASE(worst_case_fits_capacity),
		TL_CASE(honours_descriptor_size),
		TL_CASE(rejects_small_descriptor_size),
		TL_CASE(rejects_count_past_buffer),
		TL_CASE(rejects_overflowing_entry),
		TL_CASE(trims_unaligned_usable),
		TL_CASE(partial_page_overlap_takes_page),
		TL_CASE(zero_page_entries_are_skipped),
		TL_CASE(dump_roundtrip),
		TL_CASE(dump_larger_header_is_skipped),
		TL_CASE(dump_rejects_bad_files),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

// SPDX-License-Identifier: MIT
/* test_buddy.c - the kernel's buddy allocator over a fake physical range. */
#include "testlib.h"
#include "buddy.h"

#define SPAN_BASE 0x100           /* pfn 256: 1 MiB */
#define SPAN_PAGES 4096           /* 16 MiB */

static uint64_t *meta;

static int setup(struct buddy_zone *z)
{
	uint64_t bytes = buddy_meta_bytes(SPAN_BASE, SPAN_BASE + SPAN_PAGES);

	free(meta);
	meta = malloc(bytes);
	ASSERT_TRUE(meta != NULL);
	memset(meta, 0xa5, bytes);          /* buddy_init must clear it */
	buddy_init(z, SPAN_BASE, SPAN_BASE + SPAN_PAGES, meta);
	ASSERT_EQ(z->base_pfn, 0);          /* aligned down to 2^10 pages */
	return 0;
}

#define BCHECK(z) do { const char *_w; \
	if (buddy_check((z), &_w)) { tl_fail_msg(__FILE__, __LINE__, _w); return 1; } } while (0)

static int free_merges_buddies(void)
{
	struct buddy_zone z;

	if (setup(&z))
		return 1;
	ASSERT_EQ(buddy_free(&z, 0x100, 0), 0);
	ASSERT_EQ(buddy_free(&z, 0x101, 0), 0);    /* merges to order 1 at 0x100 */
	ASSERT_EQ(z.nr_free[1], 1);
	ASSERT_EQ(z.nr_free[0], 0);
	ASSERT_EQ(buddy_free(&z, 0x102, 1), 0);    /* order 2 at 0x100 */
	ASSERT_EQ(z.nr_free[2], 1);
	ASSERT_EQ(buddy_alloc(&z, 2), 0x100);
	ASSERT_EQ(buddy_free(&z, 0x100, 2), 0);
	ASSERT_EQ(z.free_pages, 4);
	BCHECK(&z);
	return 0;
}

static int bad_frees_rejected(void)
{
	struct buddy_zone z;

	if (setup(&z))
		return 1;
	ASSERT_EQ(buddy_free(&z, 0x101, 1), -1);        /* unaligned */
	ASSERT_EQ(buddy_free(&z, 0xff, 0), -1);         /* below span */
	ASSERT_EQ(buddy_free(&z, SPAN_BASE + SPAN_PAGES, 0), -1);
	ASSERT_EQ(buddy_free(&z, 0x100, 11), -1);
	ASSERT_EQ(buddy_free(&z, 0x400, 10), 0);
	ASSERT_EQ(buddy_free(&z, 0x500, 0), -1);        /* inside a free block */
	ASSERT_EQ(buddy_free(&z, 0x400, 10), -1);       /* double free */
	ASSERT_EQ(buddy_free(&z, 0x200, 2), 0);
	ASSERT_EQ(buddy_free(&z, 0x200, 3), -1);        /* contains a free block */
	ASSERT_EQ(z.free_pages, 1024 + 4);
	BCHECK(&z);
	return 0;
}

static int alloc_splits_lowest_order_first(void)
{
	struct buddy_zone z;

	if (setup(&z))
		return 1;
	ASSERT_EQ(buddy_free(&z, 0x400, 10), 0);
	ASSERT_EQ(buddy_alloc(&z, 0), 0x400);
	ASSERT_EQ(z.free_pages, 1023);
	for (unsigned o = 0; o < 10; o++)
		ASSERT_EQ(z.nr_free[o], 1);
	ASSERT_EQ(buddy_alloc(&z, 3), 0x408);
	ASSERT_EQ(buddy_alloc(&z, 10), BUDDY_NONE);
	ASSERT_EQ(buddy_free(&z, 0x400, 0), 0);
	ASSERT_EQ(buddy_free(&z, 0x408, 3), 0);
	ASSERT_EQ(z.nr_free[10], 1);
	BCHECK(&z);
	return 0;
}

/* Metadata is about two bits per page: 4352 pages (span from 0) -> ~1.2 KiB. */
static int metadata_is_two_bits_per_page(void)
{
	uint64_t b = buddy_meta_bytes(SPAN_BASE, SPAN_BASE + SPAN_PAGES);

	/* orders 0..10 over 4352 pages: 68+34+17+9+5+3+2+1+1+1+1 words, 2+10 summary words */
	ASSERT_EQ(b, (142 + 12) * 8);
	/* 128 GiB node: at most pages/4 bytes plus summaries */
	ASSERT_TRUE(buddy_meta_bytes(0, 1ULL << 25) <= (1ULL << 25) / 4 + (1ULL << 25) / 128);
	ASSERT_EQ(buddy_meta_bytes(5, 5), 0);
	return 0;
}

static int random_alloc_free_keeps_invariants(void)
{
	struct buddy_zone z;
	uint64_t seed = 12345, held[512], held_o[512];
	int nh = 0;

	if (setup(&z))
		return 1;
	for (uint64_t p = SPAN_BASE; p < SPAN_BASE + SPAN_PAGES; p++)
		ASSERT_EQ(buddy_free(&z, p, 0), 0);
	ASSERT_EQ(z.free_pages, SPAN_PAGES);
	BCHECK(&z);
	for (int i = 0; i < 20000; i++) {
		if (nh < 512 && (tl_rand(&seed) & 1)) {
			unsigned o = (unsigned)(tl_rand(&seed) % 11);
			uint64_t p = buddy_alloc(&z, o);

			if (p != BUDDY_NONE) {
				ASSERT_EQ(p & ((1ULL << o) - 1), 0);
				held[nh] = p;
				held_o[nh++] = o;
			}
		} else if (nh) {
			int k = (int)(tl_rand(&seed) % (uint64_t)nh);

			ASSERT_EQ(buddy_free(&z, held[k], (unsigned)held_o[k]), 0);
			held[k] = held[--nh];
			held_o[k] = held_o[nh];
		}
		if (i % 97 == 0)
			BCHECK(&z);
	}
	while (nh--)
		ASSERT_EQ(buddy_free(&z, held[nh], (unsigned)held_o[nh]), 0);
	ASSERT_EQ(z.free_pages, SPAN_PAGES);
	ASSERT_EQ(z.nr_free[10], 3);   /* 0x400, 0x800, 0xc00; the edges are smaller */
	ASSERT_EQ(z.nr_free[9], 1);    /* 0x200 */
	ASSERT_EQ(z.nr_free[8], 2);    /* 0x100 and 0x1000 */
	BCHECK(&z);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(free_merges_buddies),
		TL_CASE(bad_frees_rejected),
		TL_CASE(alloc_splits_lowest_order_first),
		TL_CASE(metadata_is_two_bits_per_page),
		TL_CASE(random_alloc_free_keeps_invariants),
	};
	int rc = tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);

	free(meta);
	return rc;
}

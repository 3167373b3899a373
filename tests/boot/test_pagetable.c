// SPDX-License-Identifier: MIT
/* test_pagetable.c - the loader-built identity map for the kernel. */
#include "testlib.h"
#include "pagetable.h"

static int sizes(void)
{
	ASSERT_EQ(pt_bytes(0), 0);
	ASSERT_EQ(pt_bytes(1), 3 * 4096);                 /* PML4, PDPT, 1 PD */
	ASSERT_EQ(pt_bytes(4 * SZ_1G), 6 * 4096);
	ASSERT_EQ(pt_bytes(4 * SZ_1G + 1), 7 * 4096);
	ASSERT_EQ(pt_bytes(512 * SZ_1G), (1 + 1 + 512) * 4096);
	ASSERT_EQ(pt_bytes(513 * SZ_1G), (1 + 2 + 513) * 4096);
	ASSERT_EQ(pt_bytes(1ULL << 46), (1 + 128 + 65536) * 4096);
	ASSERT_EQ(pt_bytes((1ULL << 46) + 1), 0);
	return 0;
}

/* Build for 600 GiB at a fake physical address and walk it. */
static int identity_everywhere_below_top(void)
{
	uint64_t top = 600 * SZ_1G, size = pt_bytes(top), phys = 0x12345000;
	void *buf = aligned_alloc(4096, size);

	ASSERT_TRUE(buf != NULL);
	ASSERT_EQ(pt_build(buf, phys, top), phys);
	uint64_t probes[] = { 0, 4096, 0x1fffff, 0x200000, SZ_4G - 1, SZ_4G, 511 * SZ_1G + 12345,
			      512 * SZ_1G, 599 * SZ_1G + SZ_1G - 1 };
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		ASSERT_EQ(pt_translate(buf, phys, probes[i]), probes[i]);
	ASSERT_EQ(pt_translate(buf, phys, 600 * SZ_1G), UINT64_MAX);
	ASSERT_EQ(pt_translate(buf, phys, 1ULL << 45), UINT64_MAX);
	ASSERT_EQ(pt_build(buf, phys + 8, top), 0);       /* unaligned */
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(sizes),
		TL_CASE(identity_everywhere_below_top),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

// SPDX-License-Identifier: MIT
/* test_bootinfo_check.c - the boot_info checksum against known answers. */
#include "testlib.h"

#include "bootinfo_check.h"

/* The standard check value of CRC-32/IEEE (zlib, Ethernet). */
static int crc32_check_value(void)
{
	ASSERT_EQ(bi_crc32(0, "123456789", 9), 0xcbf43926);
	ASSERT_EQ(bi_crc32(0, "", 0), 0);
	/* in two pieces: the same */
	ASSERT_EQ(bi_crc32(bi_crc32(0, "1234", 4), "56789", 5), 0xcbf43926);
	return 0;
}

/*
 * A 216-byte boot_info of pattern bytes (i * 7 + 3), size field 216: its
 * checksum is zlib.crc32() of the bytes with the checksum field zeroed,
 * whatever the field holds (value computed with Python's zlib).
 */
static int checksum_known_answer(void)
{
	union {
		struct boot_info bi;
		unsigned char b[sizeof(struct boot_info)];
	} u;

	ASSERT_EQ(sizeof(u.b), 216);
	for (size_t i = 0; i < sizeof(u.b); i++)
		u.b[i] = (unsigned char)(i * 7 + 3);
	u.bi.size = 216;
	u.bi.checksum = 0;
	ASSERT_EQ(bi_checksum(&u.bi), 0x1538d3df);
	u.bi.checksum = 0xdeadbeef;
	ASSERT_EQ(bi_checksum(&u.bi), 0x1538d3df);
	u.b[215] ^= 1;
	ASSERT_TRUE(bi_checksum(&u.bi) != 0x1538d3df);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(crc32_check_value),
		TL_CASE(checksum_known_answer),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

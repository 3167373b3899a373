// SPDX-License-Identifier: MIT
/* test_ranges.c - the interval painter (boot/ranges.c): exact lists after each paint. */
#include "testlib.h"

#include "ranges.h"

struct el {
	uint64_t start, end;
	uint64_t prio;
};

_Static_assert(RANGES_ELEM_OK(struct el), "test element");

static struct el E[16];
static int nr_overlaps;
static uint64_t last_win, last_lose, last_s, last_e;

static int higher(const void *a, const void *b)
{
	return ((const struct el *)a)->prio > ((const struct el *)b)->prio;
}

static void on_overlap(void *ctx, const void *w, const void *l, uint64_t s, uint64_t e)
{
	(void)ctx;
	nr_overlaps++;
	last_win = ((const struct el *)w)->prio;
	last_lose = ((const struct el *)l)->prio;
	last_s = s;
	last_e = e;
}

static struct ranges list(uint32_t cap)
{
	struct ranges r = { E, sizeof(E[0]), 0, cap, higher, on_overlap, NULL };

	nr_overlaps = 0;
	return r;
}

static int paint(struct ranges *r, uint64_t s, uint64_t e, uint64_t prio)
{
	struct el x = { s, e, prio };

	return ranges_paint(r, &x);
}

/* "s-e:p s-e:p ..." of the list, compared as text. */
static const char *text(const struct ranges *r)
{
	static char buf[512];
	size_t n = 0;

	buf[0] = 0;
	for (uint32_t i = 0; i < r->n; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%llu-%llu:%llu", i ? " " : "",
				      (unsigned long long)E[i].start, (unsigned long long)E[i].end,
				      (unsigned long long)E[i].prio);
	return buf;
}

static int gaps_filled_in_any_order(void)
{
	struct ranges r = list(16);

	ASSERT_OK(paint(&r, 50, 60, 1));
	ASSERT_OK(paint(&r, 10, 20, 1));
	ASSERT_OK(paint(&r, 30, 40, 1));
	ASSERT_STR(text(&r), "10-20:1 30-40:1 50-60:1");
	ASSERT_OK(paint(&r, 0, 70, 1));          /* tie: the old pieces keep their bytes */
	ASSERT_STR(text(&r), "0-10:1 10-20:1 20-30:1 30-40:1 40-50:1 50-60:1 60-70:1");
	ASSERT_EQ(nr_overlaps, 3);
	ASSERT_EQ(last_s, 50);
	ASSERT_EQ(last_e, 60);
	return 0;
}

static int winner_splits_the_loser(void)
{
	struct ranges r = list(16);

	ASSERT_OK(paint(&r, 0, 100, 1));
	ASSERT_OK(paint(&r, 40, 60, 2));
	ASSERT_STR(text(&r), "0-40:1 40-60:2 60-100:1");
	ASSERT_EQ(nr_overlaps, 1);
	ASSERT_EQ(last_win, 2);
	ASSERT_EQ(last_lose, 1);
	ASSERT_EQ(last_s, 40);
	ASSERT_EQ(last_e, 60);
	ASSERT_OK(paint(&r, 30, 70, 0));         /* lower priority: nothing changes */
	ASSERT_STR(text(&r), "0-40:1 40-60:2 60-100:1");
	ASSERT_EQ(nr_overlaps, 4);
	ASSERT_EQ(last_win, 1);
	ASSERT_EQ(last_lose, 0);
	return 0;
}

static int winner_across_several(void)
{
	struct ranges r = list(16);

	ASSERT_OK(paint(&r, 0, 10, 1));
	ASSERT_OK(paint(&r, 20, 30, 3));
	ASSERT_OK(paint(&r, 40, 50, 1));
	ASSERT_OK(paint(&r, 5, 45, 2));
	ASSERT_STR(text(&r), "0-5:1 5-10:2 10-20:2 20-30:3 30-40:2 40-45:2 45-50:1");
	ASSERT_OK(paint(&r, 0, 50, 2));
	ASSERT_STR(text(&r), "0-5:2 5-10:2 10-20:2 20-30:3 30-40:2 40-45:2 45-50:2");
	return 0;
}

static int empty_range_changes_nothing(void)
{
	struct ranges r = list(16);

	ASSERT_OK(paint(&r, 10, 20, 1));
	ASSERT_OK(paint(&r, 15, 15, 5));
	ASSERT_OK(paint(&r, 30, 25, 5));
	ASSERT_STR(text(&r), "10-20:1");
	return 0;
}

static int full_list_fails_sorted(void)
{
	struct ranges r = list(3);

	ASSERT_OK(paint(&r, 0, 100, 1));
	ASSERT_OK(paint(&r, 40, 60, 2));        /* 3 pieces: full */
	ASSERT_EQ(paint(&r, 200, 300, 1), -1);
	ASSERT_EQ(paint(&r, 10, 20, 3), -1);    /* a split needs two more slots */
	ASSERT_EQ(r.n, 3);
	for (uint32_t i = 0; i < r.n; i++) {
		ASSERT_TRUE(E[i].start < E[i].end);
		ASSERT_TRUE(!i || E[i - 1].end <= E[i].start);
	}
	return 0;
}

static int same_prio(const void *a, const void *b)
{
	return ((const struct el *)a)->prio == ((const struct el *)b)->prio;
}

static int coalesce_merges_touching_alike(void)
{
	struct ranges r = list(16);

	ASSERT_OK(paint(&r, 0, 10, 1));
	ASSERT_OK(paint(&r, 10, 20, 1));
	ASSERT_OK(paint(&r, 20, 30, 2));
	ASSERT_OK(paint(&r, 31, 40, 2));
	ASSERT_OK(paint(&r, 40, 50, 2));
	ranges_coalesce(&r, same_prio);
	ASSERT_STR(text(&r), "0-20:1 20-30:2 31-50:2");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tl_case cases[] = {
		TL_CASE(gaps_filled_in_any_order),
		TL_CASE(winner_splits_the_loser),
		TL_CASE(winner_across_several),
		TL_CASE(empty_range_changes_nothing),
		TL_CASE(full_list_fails_sorted),
		TL_CASE(coalesce_merges_touching_alike),
	};

	return tl_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}

// SPDX-License-Identifier: MIT
/* testlib.c - see testlib.h. */
#include "testlib.h"

static const char *cur_name = "?";

const char *tl_err_name(int e)
{
	switch (e) {
	case 0: return "0";
	case BOOTMEM_EINVAL: return "EINVAL";
	case BOOTMEM_ENOMEM: return "ENOMEM";
	case BOOTMEM_EFAULT: return "EFAULT";
	case BOOTMEM_EBUSY: return "EBUSY";
	case BOOTMEM_EEXIST: return "EEXIST";
	case BOOTMEM_EALREADY: return "EALREADY";
	case BOOTMEM_ESTATE: return "ESTATE";
	default: return e > 0 ? "positive" : "?";
	}
}

void tl_fail_u64(const char *file, int line, const char *a_txt, const char *b_txt,
		 uint64_t a, uint64_t b)
{
	fprintf(stderr, "%s:%d: %s: %s == 0x%" PRIx64 " (%" PRId64 "), expected %s == 0x%" PRIx64
		" (%" PRId64 ")\n", file, line, cur_name, a_txt, a, (int64_t)a, b_txt, b, (int64_t)b);
}

void tl_fail_err(const char *file, int line, const char *txt, int got, int want)
{
	fprintf(stderr, "%s:%d: %s: %s returned %d (%s), expected %d (%s)\n",
		file, line, cur_name, txt, got, tl_err_name(got), want, tl_err_name(want));
}

void tl_fail_msg(const char *file, int line, const char *msg)
{
	fprintf(stderr, "%s:%d: %s: %s\n", file, line, cur_name, msg);
}

int tl_main(const struct tl_case *cases, size_t n, int argc, char **argv)
{
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		int want = argc <= 1;

		for (int a = 1; a < argc; a++)
			want |= !strcmp(argv[a], cases[i].name);
		if (!want)
			continue;
		cur_name = cases[i].name;
		if (cases[i].fn()) {
			printf("FAIL %s\n", cases[i].name);
			failed++;
		} else {
			printf("ok %s\n", cases[i].name);
		}
		fflush(stdout);
	}
	return failed ? 1 : 0;
}

int tl_init(struct tl_env *e, size_t arena_size)
{
	if (!arena_size)
		arena_size = bootmem_arena_bytes(64, PAGES(16 * SZ_1G));
	e->arena = malloc(arena_size);
	if (!e->arena) {
		tl_fail_msg(__FILE__, __LINE__, "out of host memory");
		return 1;
	}
	memset(e->arena, 0xa5, arena_size);
	memset(&e->bm, 0x5a, sizeof(e->bm));
	e->arena_size = arena_size;
	ASSERT_OK(bootmem_init(&e->bm, e->arena, arena_size));
	return 0;
}

void tl_fini(struct tl_env *e)
{
	free(e->arena);
	e->arena = NULL;
}

int tl_add_free(struct tl_env *e, int nid, uint64_t start, uint64_t end)
{
	ASSERT_OK(bootmem_add_block(&e->bm, nid, start, end));
	ASSERT_OK(free_bootmem(&e->bm, start, end - start));
	return 0;
}

int tl_one_free_block(struct tl_env *e)
{
	if (tl_init(e, 0) || tl_add_free(e, 0, 0, SZ_1M))
		return 1;
	CHECK(&e->bm);
	return 0;
}

int tl_seed_layout(struct tl_env *e)
{
	if (tl_init(e, 0))
		return 1;
	/* Added out of order on purpose. */
	ASSERT_OK(bootmem_add_block(&e->bm, 1, 6 * SZ_1G, 8 * SZ_1G));
	ASSERT_OK(bootmem_add_block(&e->bm, 0, 0, 2 * SZ_1G));
	ASSERT_OK(bootmem_add_block(&e->bm, 0, 4 * SZ_1G, 6 * SZ_1G));
	ASSERT_OK(bootmem_add_block(&e->bm, 1, 2 * SZ_1G, 4 * SZ_1G));
	ASSERT_OK(free_bootmem(&e->bm, 0, 8 * SZ_1G));
	ASSERT_OK(reserve_bootmem(&e->bm, 0, SZ_4K, BOOTMEM_DEFAULT));
	CHECK(&e->bm);
	return 0;
}

void tl_snap_take(const struct tl_env *e, struct tl_snap *s)
{
	s->bm = e->bm;
	s->size = e->arena_size;
	s->arena = malloc(e->arena_size);
	if (s->arena)
		memcpy(s->arena, e->arena, e->arena_size);
}

int tl_snap_same(const struct tl_env *e, const struct tl_snap *s)
{
	return s->arena && !memcmp(&s->bm, &e->bm, sizeof(e->bm)) &&
	       !memcmp(s->arena, e->arena, e->arena_size);
}

void tl_snap_free(struct tl_snap *s)
{
	free(s->arena);
	s->arena = NULL;
}

uint64_t tl_free_pages(const struct tl_env *e, int nid)
{
	struct bootmem_stats st;

	if (bootmem_stats(&e->bm, nid, &st))
		abort();
	return st.free_pages;
}

uint64_t tl_total_pages(const struct tl_env *e, int nid)
{
	struct bootmem_stats st;

	if (bootmem_stats(&e->bm, nid, &st))
		abort();
	return st.total_pages;
}

uint64_t tl_count_free(const struct tl_env *e, uint64_t start, uint64_t end)
{
	uint64_t n = 0;

	for (uint64_t a = start; a < end; a += SZ_4K) {
		int r = bootmem_page_is_free(&e->bm, a);

		if (r < 0)
			abort();
		n += (uint64_t)r;
	}
	return n;
}

int tl_stats_are(const char *file, int line, const struct tl_env *e, int nid,
		 uint64_t total, uint64_t free_pages, uint32_t nr_blocks, uint32_t nr_nodes)
{
	struct bootmem_stats st;
	int rc = bootmem_stats(&e->bm, nid, &st), bad = 0;

	if (rc) {
		tl_fail_err(file, line, "bootmem_stats", rc, 0);
		return 1;
	}
#define TL_FIELD(f, want) \
	if ((uint64_t)st.f != (uint64_t)(want)) { \
		fprintf(stderr, "%s:%d: %s: stats(nid %d).%s == %" PRIu64 ", expected %" PRIu64 "\n", \
			file, line, cur_name, nid, #f, (uint64_t)st.f, (uint64_t)(want)); \
		bad = 1; \
	}
	TL_FIELD(total_pages, total)
	TL_FIELD(free_pages, free_pages)
	TL_FIELD(reserved_pages, total - free_pages)
	TL_FIELD(nr_blocks, nr_blocks)
	TL_FIELD(nr_nodes, nr_nodes)
#undef TL_FIELD
	return bad;
}

void tl_record_run(void *ctx, phys_addr_t start, unsigned order)
{
	struct tl_runs *r = ctx;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->start = realloc(r->start, r->cap * sizeof(*r->start));
		r->order = realloc(r->order, r->cap * sizeof(*r->order));
		if (!r->start || !r->order)
			abort();
	}
	r->start[r->n] = start;
	r->order[r->n] = order;
	r->n++;
	r->pages += order < 64 ? 1ULL << order : 0;
}

void tl_runs_free(struct tl_runs *r)
{
	free(r->start);
	free(r->order);
	r->start = NULL;
	r->order = NULL;
	r->n = r->cap = 0;
	r->pages = 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * model.h - reference model of the bootmem2 API (DESIGN.md section 2), and a
 * small differential harness that runs one call on the model and on the real
 * core side by side and compares everything observable.
 *
 * The model is written from the contract alone: a sorted array of blocks,
 * each with a plain bitmap (bit set = page free, manipulated one page at a
 * time) and the per-block "small_end" of sub-page packing. It is slow and
 * meant to be obviously correct. Functions mirror the API and return the same
 * codes; a failing model call changes nothing.
 */
#ifndef BOOTMEM_MODEL_H
#define BOOTMEM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "bootmem2.h"

struct model_block {
	uint64_t start, end;      /* bytes, page aligned, [start, end) */
	int nid;
	uint64_t base_pfn;        /* start pfn rounded down to 64 (word index base) */
	uint64_t nr_words;
	uint64_t *bits;           /* bit (pfn - base_pfn) set = page free */
	uint64_t small_end;       /* end of the last small allocation while its
	                           * page is shared, else 0 */
};

struct model_run {
	uint64_t start;           /* bytes */
	unsigned order;
};

struct model {
	int done;                 /* free_all_bootmem succeeded */
	uint32_t nr, cap;
	struct model_block *blk;  /* sorted by start */
	struct model_run *runs;   /* what free_all_bootmem released */
	size_t nr_runs, cap_runs;
};

void model_init(struct model *m);
void model_fini(struct model *m);

/* As the API functions of the same names (without the bootmem_ prefix). */
int model_add_block(struct model *m, int nid, uint64_t start, uint64_t end);
/* The error model_add_block would return, without changing anything. */
int model_add_block_check(const struct model *m, int nid, uint64_t start, uint64_t end);
int model_free(struct model *m, uint64_t addr, uint64_t size);
int model_reserve(struct model *m, uint64_t addr, uint64_t size, unsigned flags);
int model_free_node(struct model *m, int nid, uint64_t addr, uint64_t size);
int model_reserve_node(struct model *m, int nid, uint64_t addr, uint64_t size, unsigned flags);
int model_alloc(struct model *m, uint64_t size, uint64_t align, uint64_t goal,
		uint64_t limit, uint64_t *out);
int model_alloc_node(struct model *m, int nid, uint64_t size, uint64_t align,
		     uint64_t goal, uint64_t limit, uint64_t *out);
int model_alloc_nearest(struct model *m, int nid, const uint8_t *dist, uint32_t nr_dist,
			uint64_t size, uint64_t align, uint64_t goal, uint64_t limit,
			uint64_t *out, int *out_nid);
/* @fn_null: pretend the callback is NULL. Runs are recorded in m->runs. */
int64_t model_free_all(struct model *m, unsigned max_order, int fn_null);
int model_stats(const struct model *m, int nid, struct bootmem_stats *st);
int model_page_is_free(const struct model *m, uint64_t addr);
int model_next_free_range(const struct model *m, int nid, uint64_t *cursor, uint64_t *start,
			  uint64_t *end, int *range_nid);

/* ---- differential harness ------------------------------------------------ */

enum dual_kind {
	DOP_ADD,            /* nid, a = start, b = end */
	DOP_FREE,           /* a = addr, b = size */
	DOP_RESERVE,        /* a, b, flags */
	DOP_FREE_NODE,      /* nid, a, b */
	DOP_RESERVE_NODE,   /* nid, a, b, flags */
	DOP_ALLOC,          /* b = size, align, goal, limit, null_ptr = NULL out */
	DOP_ALLOC_NODE,     /* nid, b, align, goal, limit, null_ptr */
	DOP_FREE_ALL,       /* max_order, null_ptr = NULL fn */
	DOP_STATS,          /* nid, null_ptr = NULL st */
	DOP_PAGE_IS_FREE,   /* a */
	DOP_ALLOC_NEAREST,  /* nid, dist, nr_dist, b, align, goal, limit, null_ptr, null_nid */
	DOP_NEXT_FREE_RANGE, /* nid, a = cursor, null_ptr: 1 cursor, 2 start, 3 end,
	                      * 4 range_nid NULL */
	DOP_NR_KINDS
};

struct dual_op {
	enum dual_kind kind;
	int nid;
	uint64_t a, b, align, goal, limit;
	unsigned flags, max_order;
	int null_ptr;
	const uint8_t *dist;        /* DOP_ALLOC_NEAREST: the distance row (may be NULL) */
	uint32_t nr_dist;
	int null_nid;               /* DOP_ALLOC_NEAREST: out_nid NULL */
};

struct dual {
	struct bootmem bm;
	unsigned char *buf;         /* malloc'ed, holds the arena at an offset */
	unsigned char *arena;
	size_t arena_size;
	size_t offset;              /* arena - buf: garbage bytes that must stay */
	unsigned char guard[33];    /* copy of buf[0, offset] and the byte past the arena */
	struct model m;
	/* core's free_all_bootmem runs */
	struct model_run *runs;
	size_t nr_runs, cap_runs;
	/* snapshot buffer */
	struct bootmem snap_bm;
	unsigned char *snap;
	/* an add_block may fail with ENOMEM where the model succeeds (arena
	 * deliberately smaller than bootmem_arena_bytes() says) */
	int allow_add_enomem;
	/* nids to compare bootmem_stats for after every call (besides -1) */
	int nids[16];
	int nr_nids;
	unsigned walk_turn;         /* which of nids[] dual_compare walks next */
	uint64_t last_out;          /* *out of the last successful alloc */
	int64_t last_rc;            /* return value of the last call */
};

/*
 * Set up core (over a garbage-filled arena of @arena_size bytes placed at
 * byte offset @offset, a multiple of 8, inside a malloc'ed buffer) and model.
 * Return: 0, or the bootmem_init error.
 */
int dual_init(struct dual *d, size_t arena_size, size_t offset, uint64_t garbage);
void dual_fini(struct dual *d);

/* dual_exec() flags */
enum dual_flags {
	DUAL_SNAPSHOT    = 1 << 0,  /* prove a failing call left the core byte-identical */
	DUAL_COMPARE_ALL = 1 << 1,  /* compare the complete state afterwards (else only
				     * the return values and the touched results) */
};

/*
 * Run @op on both, as @flags (enum dual_flags) say. Return: 0 if everything
 * matched, else 1 with a description in @why.
 */
int dual_exec(struct dual *d, const struct dual_op *op, unsigned flags,
	      char *why, size_t whylen);

/* Compare the complete state (blocks, bitmaps, small_end, counters, stats,
 * the free-range walk of all nodes and of one of nids[] in turn) and run
 * bm_check_detail().
 * Return: 0 or 1 with @why. */
int dual_compare(struct dual *d, char *why, size_t whylen);

/* Printable form of @op. */
const char *dual_op_str(const struct dual_op *op, char *buf, size_t len);
const char *dual_err_name(int e);

#endif /* BOOTMEM_MODEL_H */

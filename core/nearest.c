// SPDX-License-Identifier: MIT
/*
 * nearest.c - alloc_bootmem_nearest(): node @nid first, then the other nodes
 * with memory by distance (DESIGN.md section 2). Built on the node
 * allocation path: each node is tried exactly as alloc_bootmem_node() with
 * the same goal and limit, and a node that cannot serve changes nothing, so
 * the call as a whole is all or nothing.
 */
#include "bootmem_internal.h"

/* Distance of node @j in the caller's row; nodes past its end count as 255. */
static unsigned dist_of(const uint8_t *dist, uint32_t nr_dist, uint32_t j)
{
	return j < nr_dist ? dist[j] : 255u;
}

/*
 * The node after (@prev_d, @prev_j) in ascending (distance, nid) order among
 * the nodes with blocks other than @nid; @prev_j -1 asks for the first.
 * Returns -1 when there is none.
 */
static int next_nearest(const struct bootmem *bm, int nid, const uint8_t *dist,
			uint32_t nr_dist, unsigned prev_d, int prev_j, unsigned *d_out)
{
	const struct bm_hdr *hdr = bm_hdr(bm);
	int best = -1;
	unsigned best_d = 0;

	for (int j = 0; j < BOOTMEM_MAX_NODES; j++) {
		unsigned d;

		if (j == nid || hdr->nodes[j].nr_blocks == 0)
			continue;
		d = dist_of(dist, nr_dist, (uint32_t)j);
		if (prev_j >= 0 && (d < prev_d || (d == prev_d && j <= prev_j)))
			continue;
		/* Ascending j: on a tie the lower nid stays. */
		if (best < 0 || d < best_d) {
			best = j;
			best_d = d;
		}
	}
	*d_out = best_d;
	return best;
}

int alloc_bootmem_nearest(struct bootmem *bm, int nid, const uint8_t *dist, uint32_t nr_dist,
			  uint64_t size, uint64_t align, phys_addr_t goal, phys_addr_t limit,
			  phys_addr_t *out, int *out_nid)
{
	unsigned d = 0;
	int j = -1, rc;

	/* The order of DESIGN.md: ESTATE, then EINVAL, before anything is tried. */
	if (!bm || (bm->priv_magic != BM_MAGIC_LIVE && bm->priv_magic != BM_MAGIC_DONE))
		return BOOTMEM_EINVAL;
	if (bm->priv_magic == BM_MAGIC_DONE)
		return BOOTMEM_ESTATE;
	if (nid < 0 || nid >= BOOTMEM_MAX_NODES || (!dist && nr_dist) ||
	    nr_dist > BOOTMEM_MAX_NODES)
		return BOOTMEM_EINVAL;

	/* Node @nid itself (also checks size, align and out); ENOMEM if memoryless. */
	rc = alloc_bootmem_node(bm, nid, size, align, goal, limit, out);
	if (rc == 0 && out_nid)
		*out_nid = nid;
	if (rc != BOOTMEM_ENOMEM)
		return rc;

	while ((j = next_nearest(bm, nid, dist, nr_dist, d, j, &d)) >= 0) {
		rc = alloc_bootmem_node(bm, j, size, align, goal, limit, out);
		if (rc == 0 && out_nid)
			*out_nid = j;
		if (rc != BOOTMEM_ENOMEM)
			return rc;
	}
	return BOOTMEM_ENOMEM;
}

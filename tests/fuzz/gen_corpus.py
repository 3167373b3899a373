#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_corpus.py - write the seed inputs of fuzz_core into
tests/fuzz/corpus/fuzz_core/ (see the input format in fuzz_core.c).

    tests/fuzz/gen_corpus.py [OUTDIR]
"""
import os
import struct
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_core")


def header(nblocks, nodes, page0=False, top=False, free_each=True, off=0):
    h = (nodes - 1) & 7
    h |= 0x08 if page0 else 0
    h |= 0x10 if top else 0
    h |= 0x20 if free_each else 0
    h |= (off & 3) << 6
    return bytes([(nblocks - 1) & 15, h])


def block(nid_sel, gap, pages):
    """nid_sel picks the node (mod nodes); pages up to 9000 (over 700 sets bit 7)."""
    if pages > 700:
        return bytes([nid_sel | 0x80, gap]) + struct.pack("<H", pages - 1)
    return bytes([nid_sel & 0x7f, gap]) + struct.pack("<H", pages - 1)


# op encoders (opcode byte + argument bytes, as run_op() reads them)
def addr_page(k, page):          # pick_addr case 0: block k start + page
    return bytes([0, k]) + struct.pack("<H", page)


def addr_end(k, d=0):            # case 2: block k end + delta index
    return bytes([2, k, d])


def addr_chunk(k, off, chunk=True, d=0):   # case 6: summary boundary
    return bytes([6, k, 1 if chunk else 0]) + struct.pack("<H", off) + bytes([d])


def size_pages(n):               # pick_size case 0: 1..16 pages
    return bytes([0, (n - 1) % 16])


def size_bytes(n):               # case 2: 1 + u16
    return bytes([2]) + struct.pack("<H", n - 1)


def size_small(n):               # case 9: 1..64 bytes
    return bytes([9, (n - 1) % 64])


def alloc(size, align_sel, goal=b"\x00", limit=b"\x00", node=False, nid=0):
    code = 6 | (0x10 if node else 0)
    return bytes([code, nid]) + size + bytes([align_sel]) + goal + limit


def goal_addr(a):
    return bytes([200]) + a


def free(a, size, node=False, nid=0):
    return bytes([2 | (0x10 if node else 0), nid]) + a + size


def free_last(round_up=False):
    return bytes([2 | 0x20 | (0x40 if round_up else 0), 0])


def reserve(a, size, excl=False, node=False, nid=0):
    code = 4 | (0x10 if node else 0) | (0x20 if excl else 0)
    return bytes([code, nid]) + a + size


def free_all(order):
    return bytes([11, order])


def stats(all_nodes=True):
    return bytes([12 | (0x10 if all_nodes else 0)]) + (b"" if all_nodes else b"\x00")


def page_is_free(a):
    return bytes([14]) + a


def next_range(cursor=None, nid=None, null=0):
    """Opcode 14 | 0x80: one bootmem_next_free_range step. cursor None: 0;
    nid None: all nodes; null 1..4: cursor, start, end or range_nid NULL."""
    code = 14 | 0x80 | (0x10 if nid is None else 0) | (0x20 if cursor is None else 0)
    code |= 0x40 if null else 0
    s = bytes([code]) + (b"" if nid is None else bytes([nid]))
    s += b"" if cursor is None else cursor
    return s + (bytes([null - 1]) if null else b"")


def recycle(k):
    return bytes([13, k])


SEEDS = {}

# The seed example in miniature: two nodes interleaved, all free, page 0
# reserved, allocations of every kind, then free_all.
s = header(4, 2, page0=True) + block(0, 0, 512) + block(1, 0, 512) + \
    block(0, 0, 512) + block(1, 0, 512) + b"\x00"
s += reserve(addr_page(0, 0), size_pages(1))
for al in (0, 64 + 1, 12, 13, 6):
    s += alloc(size_pages(3), al)
    s += alloc(size_small(24), al)
s += alloc(size_bytes(5000), 12, goal_addr(addr_page(2, 7)))
s += alloc(size_pages(2), 12, goal_addr(addr_page(1, 0)), goal_addr(addr_page(1, 3)), node=True, nid=1)
s += free_last() + free_last(True) + stats() + free_all(10) + stats() + alloc(size_pages(1), 0)
SEEDS["seed_layout"] = s

# Sub-page packing: many small allocations, goal and limit around them.
s = header(2, 1) + block(0, 0, 40) + block(0, 5, 40) + b"\x00"
for n in (1, 7, 24, 64, 33, 2, 63, 17):
    s += alloc(size_small(n), 2 * (n % 6) + 64)
s += alloc(size_small(40), 64 + 4, goal_addr(addr_page(1, 3)))
s += free_last(True) + alloc(size_small(8), 0)
SEEDS["small_packing"] = s

# Top of the address space, huge sizes and alignments.
s = header(3, 3, top=True) + block(0, 0, 100) + block(1, 0, 100) + block(2, 3, 300) + b"\x00"
s += alloc(bytes([4, 6]), 0) + alloc(bytes([4, 8]), 0) + alloc(size_pages(4), 63)
s += reserve(addr_end(2, 1), size_pages(1)) + free(addr_end(2, 2), bytes([8, 0]))
s += page_is_free(addr_end(2, 0)) + free_all(63)
SEEDS["top_of_space"] = s

# Multi-chunk block, probes at chunk and word boundaries, late blocks.
s = header(3, 2) + block(0, 0, 8999) + block(1, 0, 5000) + block(0, 9, 300) + b"\x01"
s += reserve(addr_chunk(0, 100), size_pages(2))
s += alloc(size_pages(8), 12, goal_addr(addr_chunk(0, 100, d=4)))
s += reserve(addr_chunk(0, 3000, chunk=False), size_pages(1), excl=True)
s += alloc(bytes([3]) + struct.pack("<H", 4500), 12)
s += bytes([0]) + bytes([0])          # add the remaining planned blocks
s += recycle(0) + alloc(bytes([3]) + struct.pack("<H", 6000), 0) + free_all(0)
SEEDS["chunks"] = s

# Boundary probe (opcode 15): the chunk below pfn 8192 all free, pfn 8192
# reserved, 5 pages wanted from pfn 8190: the fit starts at pfn 8193.
def probe(k, flags, page_off, npages, back):
    return bytes([15, k, flags]) + struct.pack("<H", page_off) + \
        bytes([(npages - 1) & 15, back & 15])


s = header(2, 2) + block(0, 0, 9000) + block(1, 0, 300) + b"\x00"
s += probe(0, 0x07, 5000, 5, 2) + probe(0, 0x0f, 100, 3, 1) + probe(0, 0x86, 2000, 2, 0)
SEEDS["probe_chunk"] = s

# Free-range walk: contiguous blocks of two nodes, reservations at word and
# chunk boundaries, walk steps from 0, from inside runs, per node, NULLs.
s = header(4, 2, page0=True) + block(0, 0, 8999) + block(1, 0, 300) + block(0, 0, 64) + \
    block(1, 7, 5000) + b"\x00"
s += reserve(addr_chunk(0, 4000), size_pages(3)) + reserve(addr_chunk(0, 70, chunk=False), size_pages(1))
s += alloc(size_pages(2), 12) + alloc(size_small(48), 0)
s += next_range() + next_range(addr_page(0, 4094)) + next_range(addr_end(0, 1))
s += next_range(addr_page(3, 17), nid=1) + next_range(nid=0) + next_range(addr_page(1, 0), nid=0x40)
for k in range(1, 5):
    s += next_range(addr_page(0, 0), null=k)
s += recycle(1) + next_range(addr_end(3, 2)) + free_all(10) + next_range()
SEEDS["walk"] = s

# Invalid arguments of every kind.
s = header(2, 2, page0=True) + block(0, 0, 64) + block(1, 0, 64) + b"\x00"
s += alloc(bytes([4, 0]), 0)                     # size 0
s += alloc(size_pages(1), 210)                   # align 3
s += alloc(size_pages(1), 0, node=True, nid=0xe0)  # nid -1
s += reserve(addr_page(0, 1), size_pages(1), node=True, nid=0xe2)
s += bytes([4 | 0xc0, 0]) + addr_page(0, 1) + size_pages(1) + b"\x07"   # bad flags
s += free(addr_page(0, 1), bytes([8, 1]))       # wraps
s += bytes([1, 0, 1, 0, 0, 0, 1, 3])             # unaligned add
s += bytes([11 | 0xe0, 5]) + free_all(200) + free_all(5) + free_all(5)
SEEDS["invalid_args"] = s

# alloc_bootmem_nearest (alloc opcode with bit 6): four nodes, node 0 full;
# memoryless nids, short and invalid rows.
def nearest(sel, row, fill, size, align_sel=12, nid_sel=0, memoryless=None, extra=b"",
            goal=b"\x00", limit=b"\x00"):
    nid = struct.pack("<H", memoryless) if memoryless is not None else bytes([nid_sel])
    return bytes([6 | 0x40, 0, sel | (0x80 if memoryless is not None else 0)]) + nid + \
        bytes(row) + bytes([fill]) + extra + size + bytes([align_sel]) + goal + limit


s = header(4, 4) + block(0, 0, 64) + block(1, 5, 64) + block(2, 5, 64) + block(3, 5, 64) + b"\x00"
s += reserve(addr_page(0, 0), bytes([0, 15])) + reserve(addr_page(0, 16), bytes([3]) + struct.pack("<H", 47))
row = [10, 40, 20, 30, 50, 60, 70, 80]
s += nearest(5, row, 255, size_pages(2))                       # node 2, then 3, 1
s += nearest(5, [10, 20, 20, 20, 9, 9, 9, 9], 9, size_pages(30), nid_sel=0)
s += nearest(5, row, 15, size_pages(1), memoryless=700)        # memoryless nid 700
s += nearest(3, row, 0, size_pages(1), extra=b"\x02")          # short row: 2 entries
s += nearest(0, row, 0, size_small(24))                        # no row
s += nearest(1, row, 0, size_pages(1), extra=b"\x03")          # NULL with a length
s += nearest(2, row, 0, size_pages(1))                         # nr_dist 1025
s += nearest(4, row, 12, size_pages(1), goal=goal_addr(addr_page(3, 10)))
s += nearest(5, row, 0, bytes([4, 6]))                         # too large: ENOMEM
s += free_all(10) + nearest(5, row, 0, size_pages(1))
SEEDS["nearest"] = s

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as fh:
        fh.write(data)
print(f"wrote {len(SEEDS)} seeds to {OUT}")

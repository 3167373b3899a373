#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_corpus_parsers.py - write the seed inputs of fuzz_parsers into
tests/fuzz/corpus/fuzz_parsers/ (see the input format in fuzz_parsers.c:
byte 0 is the mode, the rest the payload).

    tests/fuzz/gen_corpus_parsers.py [OUTDIR]
"""
import os
import struct
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_parsers")

MODE_ELF, MODE_UCS2, MODE_ELF_STRUCT, MODE_ASCII, MODE_PIE_STRUCT = 0, 1, 2, 3, 4
PT_LOAD = 1
PF_X, PF_W, PF_R = 1, 2, 4


def ehdr(entry, phnum, phoff=64):
    ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    return ident + struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, entry, phoff, 0, 0,
                               64, 56, phnum, 64, 0, 0)


def phdr(ptype, flags, offset, paddr, filesz, memsz):
    return struct.pack("<IIQQQQQQ", ptype, flags, offset, paddr, paddr,
                       filesz, memsz, 0x1000)


def elf(entry, segs, data_at, data):
    """segs: (flags, file offset, paddr, filesz, memsz); data placed at data_at."""
    out = ehdr(entry, len(segs))
    for fl, off, pa, fs, ms in segs:
        out += phdr(PT_LOAD, fl, off, pa, fs, ms)
    out += bytes(data_at - len(out))
    return out + data


def minimal_elf():
    """One R+X segment at 1 MiB: the file itself, a page of memory."""
    code = b"\xf4\xeb\xfd" + bytes(13)          # hlt; jmp .-1
    size = 120 + len(code)                      # header + one program header + code
    return elf(0x100000 + 120, [(PF_R | PF_X, 0, 0x100000, size, 0x1000)], 120, code)


def two_segment_elf():
    """Text at 16 MiB, data + bss at 16 MiB + 8 KiB (as tests/boot/test_elf.c)."""
    text = bytes(range(64))
    data = b"\xcc" * 16
    return elf(0x1000010, [(PF_R | PF_X, 0x100, 0x1000000, 64, 64),
                           (PF_R | PF_W, 0x140, 0x1002000, 16, 0x3000)],
               0x100, text + data)


def struct_elf(phnum, esel, entry_page, entry_off, phs, data):
    """Mode 2 payload: phnum-1, esel, entry page, entry offset (2), then per
    program header sel, page, off/8, file offset (2), filesz/16, memsz (2)."""
    out = bytes([phnum - 1, esel, entry_page]) + struct.pack("<H", entry_off)
    for sel, page, off8, foff, fs16, ms in phs:
        out += bytes([sel, page, off8]) + struct.pack("<H", foff) + bytes([fs16]) + \
            struct.pack("<H", ms)
    return out + data


def pie_elf():
    """A static PIE as tests/boot/test_elf_reloc.c builds it: text at 0, data
    + bss at 0x2000, PT_DYNAMIC with DT_RELA/RELASZ/RELAENT, three
    R_X86_64_RELATIVE relocations of data words."""
    out = bytearray(0x3000)
    hdr = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9) + struct.pack(
        "<HHIQQQIHHHHHH", 3, 62, 1, 0x10, 64, 0, 0, 64, 56, 3, 64, 0, 0)
    out[0:64] = hdr
    phs = [(1, 5, 0x1000, 0x0, 0x800, 0x800, 0x1000),
           (1, 6, 0x2000, 0x2000, 0x400, 0x3000, 0x1000),
           (2, 6, 0x2200, 0x2200, 0x50, 0x50, 8)]
    for i, (t, fl, off, va, fs, ms, al) in enumerate(phs):
        out[64 + 56 * i:64 + 56 * (i + 1)] = struct.pack("<IIQQQQQQ", t, fl, off, va, va,
                                                         fs, ms, al)
    dyn = [(7, 0x400), (8, 72), (9, 24), (0x6ffffffb, 0x08000000), (0, 0)]
    for i, (tag, val) in enumerate(dyn):
        out[0x2200 + 16 * i:0x2210 + 16 * i] = struct.pack("<qQ", tag, val)
    for i, (t, a) in enumerate([(0x2000, 0x10), (0x2008, 0x2100), (0x2010, 0x5000)]):
        out[0x1400 + 24 * i:0x1418 + 24 * i] = struct.pack("<QQq", t, 8, a)
    return bytes(out)


def pie_struct(var, nrel, rela8, dyn, relocs):
    """Mode 4 payload: variant, relocation count, RELA index (address 0x400 +
    8 * index), dynamic entry count and (tag selector, value) bytes, then per
    relocation sel, target word index, addend (2 bytes)."""
    out = bytes([var, nrel, rela8, len(dyn)])
    for t, v in dyn:
        out += bytes([t, v])
    for sel, word, addend in relocs:
        out += bytes([sel, word]) + struct.pack("<H", addend)
    return out


def ucs2(text):
    return text.encode("utf-16-le")


SEEDS = {
    "elf-minimal": bytes([MODE_ELF]) + minimal_elf(),
    "elf-two-segments": bytes([MODE_ELF]) + two_segment_elf(),
    # R+X at page 0 of the grid, R+W two pages up with bss.
    "elf-struct-two": bytes([MODE_ELF_STRUCT]) + struct_elf(
        2, 0, 0, 0x10, [(0x05, 0, 0, 0, 4, 0x100), (0x06, 2, 0, 0x40, 1, 0x3000)],
        bytes(range(96))),
    # Four segments, one not PT_LOAD, entry in the third.
    "elf-struct-four": bytes([MODE_ELF_STRUCT]) + struct_elf(
        4, 0, 4, 0x20, [(0x05, 0, 0, 0, 2, 0x800), (0x0e, 1, 0, 0, 0, 0x10),
                        (0x15, 4, 2, 0x20, 2, 0x1000), (0x06, 8, 0, 0, 0, 0x2000)],
        bytes(range(64))),
    # Seventeen PT_LOAD segments: one more than the loader takes.
    "elf-struct-seventeen": bytes([MODE_ELF_STRUCT]) + struct_elf(
        17, 0, 0, 0, [(0x05, 2 * i, 0, 0, 0, 0x100) for i in range(17)], b""),
    "elf-pie": bytes([MODE_ELF]) + pie_elf(),
    # Three good relocations and DT_FLAGS_1.
    "elf-pie-struct": bytes([MODE_PIE_STRUCT]) + pie_struct(
        0, 3, 0, [(15, 0)], [(0, 0, 0x10), (0, 1, 0x2100), (0, 2, 0x5000)]),
    # Twenty relocations, one dynamic DT_NEEDED-like tag selector after them.
    "elf-pie-struct-many": bytes([MODE_PIE_STRUCT]) + pie_struct(
        0, 20, 8, [(14, 1), (10, 0)], [(0, i, 0x100 * i) for i in range(20)]),
    "cmdline-shell": bytes([MODE_UCS2]) + ucs2(
        "\\EFI\\BOOT\\bootmem2.efi report dump verbose kernel=/boot/kernel.elf "
        "srat=srat.bin") + b"\0\0",
    "cmdline-boot-quoted": bytes([MODE_UCS2]) + ucs2(
        "boot quiet kernel=\"\\my kernel.elf\"\t help"),
    "cmdline-conflict": bytes([MODE_UCS2]) + ucs2("fs0:\\bootmem2.efi boot report"),
    "cmdline-unterminated": bytes([MODE_UCS2]) + ucs2("boot \"kernel=\\k.elf"),
    "cmdline-binary": bytes([MODE_UCS2]) + bytes([0x01, 0x00, 0x00, 0x00, 0x34, 0x12,
                                                  0xff, 0xfe, 0x41, 0x00]),
    "cmdline-ascii": bytes([MODE_ASCII]) + b"boot dump srat=\\tables\\srat.bin kernel=k.elf",
    "cmdline-ascii-errors": bytes([MODE_ASCII]) + b"report kernel= srat=" + b"x" * 130,
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in sorted(SEEDS.items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(f"{len(SEEDS)} seeds in {OUT}")


if __name__ == "__main__":
    main()

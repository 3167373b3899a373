# boot/boot.mk - the loader's logic without firmware calls: memory map,
# ACPI, topology, ELF, command line, page tables, boot_info building and the
# boot pipeline. Linked by the loader, bootmem2-sim, the tests and fuzzers.

BOOT_SRC := $(wildcard boot/*.c)

$(eval $(call FREESTANDING_CHECK,boot))

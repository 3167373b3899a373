# tests/qemu/tests.mk - end to end: run-qemu.sh option handling, and the QEMU
# matrix (OVMF -> loader -> kernel, 2 boots at a time). The loader, the
# kernel and the simulator are built before (the scripts never call make).

SUITES          += qemu
SUITE_qemu      := tests/qemu/test-run-qemu-args.sh tests/qemu/run-matrix.sh
SHOW_qemu       := --show-cases
TEST_DEPS       += $(EFI_APP) $(KERNEL_ELF) $(KERNEL_EXEC_ELF) $(SIM)
TEST_DEPS_qemu  := $(EFI_APP) $(KERNEL_ELF) $(KERNEL_EXEC_ELF) $(SIM)

# tests/boot/tests.mk - tests of boot/ (memory map, ACPI, topology, ELF,
# command line, page tables, boot_info, pipeline) and of bootmem2-sim: unit
# programs, the real ACPI samples, iasl golden tables (suites boot and
# boot-asan).

LTEST_SRC  := tests/boot/ltest.c tests/boot/simtest.c tests/core/testlib.c
BOOT_TESTS := $(basename $(notdir $(wildcard tests/boot/test_*.c)))
$(foreach v,host asan,$(foreach t,$(BOOT_TESTS),\
	$(call prog,$(v),tests/boot/$(t),tests/boot/$(t).c $(LTEST_SRC) $(BOOT_SRC) $(LIB_SRC) $(CORE_SRC))))

SUITES           += boot boot-asan
SUITE_boot       := $(addprefix $(O)/host/tests/boot/,$(BOOT_TESTS)) \
                    tests/boot/run-samples.sh tests/boot/run-iasl.sh
SUITE_boot-asan  := $(addprefix $(O)/asan/tests/boot/,$(BOOT_TESTS)) \
                    tests/boot/run-samples-asan.sh
TEST_DEPS        += $(SIM) $(ASAN_SIM)
TEST_DEPS_boot   := $(SIM) $(ASAN_SIM)
TEST_DEPS_boot-asan := $(SIM) $(ASAN_SIM)

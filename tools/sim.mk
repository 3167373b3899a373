# tools/sim.mk - bootmem2-sim (the loader's topology logic on the host) and
# the tests of the loader's pure logic: suite "loader" (unit tests, real
# ACPI samples, iasl golden tables), suite "loader-asan", fuzz target
# fuzz_acpi, and a freestanding build check of the pure sources.

LOADER_SRC      := efi/util.c efi/fmt.c efi/diag.c efi/memmap.c efi/acpi.c \
                   efi/topology.c efi/report.c efi/report_verbose.c
HOST_LOADER_OBJ := $(patsubst %.c,$(HOSTO)/%.o,$(LOADER_SRC))
ASAN_LOADER_OBJ := $(patsubst %.c,$(ASANO)/%.o,$(LOADER_SRC))
SIM             := $(HOSTO)/bootmem2-sim
ASAN_SIM        := $(ASANO)/bootmem2-sim

LOADER_TESTS    := $(patsubst tests/loader/%.c,%,$(wildcard tests/loader/test_*.c))
LOADER_TESTLIB  := tests/loader/ltest.c
HOST_LOADER_TEST_BINS := $(addprefix $(HOSTO)/tests-loader/,$(LOADER_TESTS))
ASAN_LOADER_TEST_BINS := $(addprefix $(ASANO)/tests-loader/,$(LOADER_TESTS))
LOADER_SCRIPTS  := tests/loader/run-samples.sh tests/loader/run-iasl.sh

SUITES            += loader loader-asan
SUITE_loader      := $(HOST_LOADER_TEST_BINS) $(LOADER_SCRIPTS)
SUITE_loader-asan := $(ASAN_LOADER_TEST_BINS) tests/loader/run-samples-asan.sh
TEST_DEPS         += $(SIM) $(ASAN_SIM) check-loader-freestanding

FUZZ_EXTRA_fuzz_acpi := $(LOADER_SRC)

.PHONY: sim test-loader check-loader-freestanding
all: $(SIM) check-loader-freestanding
sim: $(SIM)

$(SIM): $(HOSTO)/tools/bootmem2-sim.o $(HOST_LOADER_OBJ) $(HOST_CORE_OBJ)
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) -o $@ $^

$(ASAN_SIM): $(ASANO)/tools/bootmem2-sim.o $(ASAN_LOADER_OBJ) $(ASAN_CORE_OBJ)
	$(call msg,LD-SAN,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) $(SAN_FLAGS) -o $@ $^

$(HOSTO)/tests-loader/%: $(HOSTO)/tests/loader/%.o $(HOSTO)/tests/loader/ltest.o \
		$(HOST_TESTLIB) $(HOST_LOADER_OBJ) $(HOST_CORE_OBJ)
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) -o $@ $^

$(ASANO)/tests-loader/%: $(ASANO)/tests/loader/%.o $(ASANO)/tests/loader/ltest.o \
		$(ASAN_TESTLIB) $(ASAN_LOADER_OBJ) $(ASAN_CORE_OBJ)
	$(call msg,LD-SAN,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) $(SAN_FLAGS) -o $@ $^

$(HOSTO)/tests/loader/%.o $(ASANO)/tests/loader/%.o: HOST_ALL += -Itests/core -Itests/loader

test-loader: $(SUITE_loader) $(SUITE_loader-asan) $(SIM) $(ASAN_SIM) check-loader-freestanding
	$(Q)rm -rf $(O)/test-results-loader
	-$(Q)tests/run-tests.sh --suite loader --out $(O)/test-results-loader $(SUITE_loader)
	-$(Q)tests/run-tests.sh --suite loader-asan --out $(O)/test-results-loader $(SUITE_loader-asan)
	$(Q)tests/run-tests.sh --summary $(O)/test-results-loader

# The pure loader sources are freestanding C11 (like the core), for gcc and clang.
check-loader-freestanding: $(O)/.loader-freestanding
$(O)/.loader-freestanding: $(LOADER_SRC) $(wildcard efi/*.h) include/bootmem2.h
	$(call msg,CHECK,loader logic is freestanding)
	@mkdir -p $(O)/freestanding-loader
	$(Q)cd $(O)/freestanding-loader && for cc in $(CC) $(CLANG); do \
		command -v $$cc >/dev/null || continue; \
		$$cc -std=c11 $(WARN) -Wpedantic -ffreestanding -nostdinc \
			-isystem $$($$cc -print-file-name=include) -I../../include -I../../efi \
			-c $(addprefix ../../,$(LOADER_SRC)) || exit 1; \
	done
	@touch $@

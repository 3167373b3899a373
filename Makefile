# bootmem2 - top-level Makefile. Out-of-tree build in build/; `make V=1` shows
# full commands. Targets: all test bench fuzz clean (efi kernel esp: later).
include Make.defaults

# Parallel by default (one job per CPU) unless -j was given.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

O       := build
HOSTO   := $(O)/host
ASANO   := $(O)/asan
FUZZO   := $(O)/fuzz
# The same tests against a core built with 2-word chunks, so that small
# layouts exercise the chunk summary level (uniform/split chunk transitions).
C1O     := $(O)/chunk1
C1_FLAGS := -DBOOTMEM_CHUNK_SHIFT=1 -DBOOTMEM_DEBUG_CHECK

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' '$(1)' '$(2)';
endif

CORE_SRC   := $(wildcard core/*.c)
TESTLIB    := tests/core/testlib.c $(wildcard tests/core/model.c)
CORE_TESTS := $(patsubst tests/core/%.c,%,$(wildcard tests/core/test_*.c))

HOST_CORE_OBJ := $(patsubst %.c,$(HOSTO)/%.o,$(CORE_SRC))
ASAN_CORE_OBJ := $(patsubst %.c,$(ASANO)/%.o,$(CORE_SRC))
C1_CORE_OBJ   := $(patsubst %.c,$(C1O)/%.o,$(CORE_SRC))
C1_TESTLIB    := $(patsubst %.c,$(C1O)/%.o,$(TESTLIB))
HOST_TESTLIB  := $(patsubst %.c,$(HOSTO)/%.o,$(TESTLIB))
ASAN_TESTLIB  := $(patsubst %.c,$(ASANO)/%.o,$(TESTLIB))

HOST_TEST_BINS := $(addprefix $(HOSTO)/tests/,$(CORE_TESTS))
ASAN_TEST_BINS := $(addprefix $(ASANO)/tests/,$(CORE_TESTS))
C1_TEST_BINS   := $(addprefix $(C1O)/tests/,$(CORE_TESTS))
BENCH_BIN      := $(HOSTO)/bench/bench_core
FUZZ_TARGETS   := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS      := $(addprefix $(FUZZO)/,$(FUZZ_TARGETS))

# Fuzz time per target: `make fuzz` (long) and the smoke run inside `make test`.
FUZZ_SECONDS       ?= 300
FUZZ_SMOKE_SECONDS ?= 60

.SECONDARY:
.DELETE_ON_ERROR:
.PHONY: all test test-qemu test-host test-chunk1 test-asan bench fuzz fuzz-smoke clean check-core-freestanding
all: $(HOST_TEST_BINS) $(if $(wildcard tools/bench_core.c),$(BENCH_BIN)) check-core-freestanding

# Objects depend on the flags too: editing these files rebuilds everything.
FLAG_FILES := Makefile Make.defaults

# ---- host objects ---------------------------------------------------------
$(HOSTO)/%.o: %.c $(FLAG_FILES)
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) -c $< -o $@

$(ASANO)/%.o: %.c $(FLAG_FILES)
	$(call msg,CC-SAN,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) $(SAN_FLAGS) -c $< -o $@

$(C1O)/%.o: %.c $(FLAG_FILES)
	$(call msg,CC-C1,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) $(C1_FLAGS) -c $< -o $@

$(C1O)/tests/%: $(C1O)/tests/core/%.o $(C1_TESTLIB) $(C1_CORE_OBJ)
	$(call msg,LD-C1,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) $(C1_FLAGS) -o $@ $^

$(HOSTO)/tests/%: $(HOSTO)/tests/core/%.o $(HOST_TESTLIB) $(HOST_CORE_OBJ)
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) -o $@ $^

$(ASANO)/tests/%: $(ASANO)/tests/core/%.o $(ASAN_TESTLIB) $(ASAN_CORE_OBJ)
	$(call msg,LD-SAN,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) $(SAN_FLAGS) -o $@ $^

# The core must build alone, as DESIGN.md says: cc -std=c11 -Iinclude -c core/*.c
check-core-freestanding: $(O)/.core-freestanding
$(O)/.core-freestanding: $(CORE_SRC) $(wildcard core/*.h) include/bootmem2.h
	$(call msg,CHECK,core is freestanding)
	@mkdir -p $(O)/freestanding
	$(Q)cd $(O)/freestanding && $(HOSTCC) -std=c11 -I../../include -c $(addprefix ../../,$(CORE_SRC))
	$(Q)cd $(O)/freestanding && $(HOSTCC) -std=c11 $(WARN) -Wpedantic -ffreestanding -nostdinc \
		-isystem $$($(HOSTCC) -print-file-name=include) -I../../include \
		-c $(addprefix ../../,$(CORE_SRC))
	@touch $@

# ---- tests ----------------------------------------------------------------
# Test suites: a name and its programs (anything printing ok/FAIL/SKIP lines).
# Fragments (*/*.mk, included below) append to SUITES and define SUITE_<name>.
SUITES        := host chunk1 asan
SUITE_host    := $(HOST_TEST_BINS)
SUITE_chunk1  := $(C1_TEST_BINS)
SUITE_asan    := $(ASAN_TEST_BINS)
# Extra prerequisites of `make test` (fragments append).
TEST_DEPS     := check-core-freestanding
# QEMU end-to-end matrix (OVMF -> loader -> kernel), 2 boots at a time.
SUITES        += qemu
SUITE_qemu    := tests/qemu/test-run-qemu-args.sh tests/qemu/run-matrix.sh
SHOW_qemu     := --show-cases

include $(sort $(wildcard */*.mk))

# Every suite runs even when an earlier one fails; the summary decides.
test: $(foreach s,$(SUITES),$(SUITE_$(s))) $(FUZZ_BINS) $(TEST_DEPS)
	$(Q)rm -rf $(O)/test-results
	-$(Q)$(foreach s,$(SUITES),tests/run-tests.sh --suite $(s) --out $(O)/test-results $(SHOW_$(s)) $(SUITE_$(s));)
	-$(Q)tests/run-fuzz.sh --out $(O)/test-results $(FUZZ_SMOKE_SECONDS) $(FUZZ_BINS)
	$(Q)tests/run-tests.sh --summary $(O)/test-results

test-qemu:
	$(Q)tests/run-tests.sh --suite qemu --out $(O)/test-results-qemu $(SHOW_qemu) $(SUITE_qemu)

test-host: $(HOST_TEST_BINS) check-core-freestanding
	$(Q)tests/run-tests.sh --suite host --out $(O)/test-results $(HOST_TEST_BINS)

test-chunk1: $(C1_TEST_BINS)
	$(Q)tests/run-tests.sh --suite chunk1 --out $(O)/test-results $(C1_TEST_BINS)

test-asan: $(ASAN_TEST_BINS)
	$(Q)tests/run-tests.sh --suite asan --out $(O)/test-results $(ASAN_TEST_BINS)

# ---- benchmark ------------------------------------------------------------
$(BENCH_BIN): $(HOSTO)/tools/bench_core.o $(HOST_CORE_OBJ)
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) -o $@ $^

$(HOSTO)/tools/bench_core.o: tools/bench_core.c
	$(call msg,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(CSTD) $(WARN) $(DEPFLAGS) -O2 -g -Iinclude -Icore -c $< -o $@

bench: $(BENCH_BIN)
	$(Q)$(BENCH_BIN)

# ---- fuzzing (clang libFuzzer) -------------------------------------------
# A fuzzer links the core and the test library; a fragment may add sources
# with FUZZ_EXTRA_<name> (e.g. FUZZ_EXTRA_fuzz_acpi := efi/acpi.c).
.SECONDEXPANSION:
$(FUZZO)/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(CORE_SRC) $(TESTLIB) $$(FUZZ_EXTRA_$$*)
	$(call msg,FUZZ-LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CLANG) $(CSTD) $(WARN) -O1 -g $(FUZZ_FLAGS) -Iinclude -Icore -Itests/core -Iefi \
		-DBOOTMEM_DEBUG -o $@ $< $(CORE_SRC) $(TESTLIB) $(FUZZ_EXTRA_$*)

fuzz: $(FUZZ_BINS)
	$(Q)tests/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

fuzz-smoke: $(FUZZ_BINS)
	$(Q)tests/run-fuzz.sh --out $(O)/test-results $(FUZZ_SMOKE_SECONDS) $(FUZZ_BINS)

clean:
	rm -rf $(O)

-include $(shell find $(O) -name '*.d' 2>/dev/null)

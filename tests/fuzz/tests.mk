# tests/fuzz/tests.mk - libFuzzer targets (clang): fuzz_core (API sequences
# against the reference model), fuzz_acpi (firmware tables, memory maps and
# the boot pipeline), fuzz_parsers (kernel ELF, command line). `make test`
# runs each for FUZZ_SMOKE_SECONDS, `make fuzz` for FUZZ_SECONDS.

FUZZ_SECONDS       ?= 300
FUZZ_SMOKE_SECONDS ?= 60

FUZZ_COMMON_SRC := tests/core/testlib.c tests/core/model.c $(CORE_SRC)
# The reference model and the test library are the yardstick, not the code
# under test: sanitizers yes, coverage feedback no (its per-comparison
# callbacks in the model's page loops cost more than the core's work).
$(O)/fuzz/tests/core/%.o: V_fuzz_cflags := -O1 -g -DBOOTMEM_DEBUG $(SAN_FLAGS)
$(call prog,fuzz,fuzz_core,tests/fuzz/fuzz_core.c $(FUZZ_COMMON_SRC))
# fuzz_acpi also drives the simulator's --host parser (tools/sim_host.c).
$(call prog,fuzz,fuzz_acpi,tests/fuzz/fuzz_acpi.c tools/sim_host.c tools/sim_file.c $(BOOT_SRC) $(LIB_SRC) $(FUZZ_COMMON_SRC))
$(call prog,fuzz,fuzz_parsers,tests/fuzz/fuzz_parsers.c $(BOOT_SRC) $(LIB_SRC) $(FUZZ_COMMON_SRC))
FUZZ_BINS += $(O)/fuzz/fuzz_core $(O)/fuzz/fuzz_acpi $(O)/fuzz/fuzz_parsers
# Every fuzzer reads its input through fuzz_input.h.
$(call objs,fuzz,tests/fuzz/fuzz_core.c tests/fuzz/fuzz_acpi.c tests/fuzz/fuzz_parsers.c): tests/fuzz/fuzz_input.h

fuzz: $(FUZZ_BINS)
	$(Q)tests/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# Deep runs: every fuzzer to FUZZ_LONG_RUNS executions or FUZZ_LONG_SECONDS,
# in parallel over the CPUs; then `make fuzz-corpus` minimises what they
# found into tests/fuzz/corpus/ (commit it: the smoke run starts there).
FUZZ_LONG_RUNS    ?= 10000000
FUZZ_LONG_SECONDS ?= 7200
.PHONY: fuzz-long fuzz-corpus
fuzz-long: $(FUZZ_BINS)
	$(Q)tests/run-fuzz.sh --long --runs $(FUZZ_LONG_RUNS) --seconds $(FUZZ_LONG_SECONDS) $(FUZZ_BINS)

fuzz-corpus: $(FUZZ_BINS)
	$(Q)tests/run-fuzz.sh --merge $(FUZZ_BINS)

fuzz-smoke: $(FUZZ_BINS)
	$(Q)tests/run-fuzz.sh --out $(O)/test-results $(FUZZ_SMOKE_SECONDS) $(FUZZ_BINS)

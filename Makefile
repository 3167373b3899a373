# bootmem2 - top-level Makefile. Out-of-tree build in build/; `make V=1`
# shows full commands. Targets: all test bench fuzz fuzz-long efi kernel esp
# sim clean and the per-suite test-* targets (README.md lists them).
#
# Each folder is one layer (DESIGN.md section 1) and owns a fragment
# (<folder>/<folder>.mk, tests/<folder>/tests.mk) that lists its sources,
# programs and test suites. This file holds what they share: the include
# paths each layer may use, the build variants, one object rule per variant
# and layer, one link template for every program, and the test runner.
include Make.defaults

# Parallel by default (one job per CPU) unless -j was given.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

O := build

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' '$(1)' '$(2)';
endif

# ---- layers: what each folder may include (DESIGN.md section 1) -----------
# A source gets only its folder's paths, so a wrong include does not compile.
INC_core         := -Iinclude
INC_lib          := -Iinclude
INC_boot         := -Iinclude -Ilib
INC_efi          := -Iinclude -Ilib -Iboot -I$(EFIINC) -I$(EFIINC)/$(ARCH)
INC_kernel       := -Iinclude -Ilib
INC_tools        := -Iinclude -Ilib -Iboot
# Tests see the layer they test and the harness in tests/core, which looks
# inside the core (bootmem_check details, byte snapshots of the state).
INC_tests/core   := -Iinclude -Icore
INC_tests/lib    := -Iinclude -Ilib -Icore -Itests/core
INC_tests/boot   := -Iinclude -Ilib -Iboot -Icore -Itests/core
INC_tests/kernel := -Iinclude -Ilib -Ikernel -Icore -Itests/core
INC_tests/fuzz   := -Iinclude -Icore -Ilib -Iboot -Itools -Itests/core
SRC_DIRS := $(patsubst INC_%,%,$(filter INC_%,$(.VARIABLES)))

# ---- build variants: output folder, compiler, flags -------------------------
# host    unit tests, simulator, benchmark     asan   the same with ASan+UBSan
# chunk1  core with 2-word chunks and bootmem_check after every mutation
# fuzz    clang libFuzzer                      efi    the UEFI loader (gnu-efi)
# kernel  the stub kernel
VARIANTS := host asan chunk1 fuzz efi kernel
V_host_cc    := $(HOSTCC)
V_host_cflags := $(HOST_CFLAGS) -DBOOTMEM_DEBUG
V_asan_cc    := $(HOSTCC)
V_asan_cflags := $(HOST_CFLAGS) -DBOOTMEM_DEBUG $(SAN_FLAGS)
V_asan_ldflags := $(SAN_FLAGS)
V_chunk1_cc  := $(HOSTCC)
V_chunk1_cflags := $(HOST_CFLAGS) -DBOOTMEM_DEBUG -DBOOTMEM_CHUNK_SHIFT=1 -DBOOTMEM_DEBUG_CHECK
V_fuzz_cc    := $(CLANG)
V_fuzz_cflags := -O1 -g -DBOOTMEM_DEBUG $(FUZZ_CFLAGS)
V_fuzz_ldflags := $(FUZZ_LDFLAGS)
V_efi_cc     := $(CC)
V_efi_cflags := $(EFI_CFLAGS)
V_kernel_cc    := $(CC)
V_kernel_cflags := $(KERN_CFLAGS)

# Objects depend on the files that set their flags: this file, Make.defaults
# and the fragment of their own folder.
FLAG_FILES := Makefile Make.defaults

# $(1) variant, $(2) source folder
define OBJ_RULE
$(O)/$(1)/$(2)/%.o: $(2)/%.c $(FLAG_FILES) $(wildcard $(2)/*.mk)
	$$(call msg,CC-$(1),$$@)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(V_$(1)_cc) $$(CSTD) $$(WARN) $$(DEPFLAGS) $$(V_$(1)_cflags) $$(INC_$(2)) -c $$< -o $$@
endef
$(foreach v,$(VARIANTS),$(foreach d,$(SRC_DIRS),$(eval $(call OBJ_RULE,$(v),$(d)))))

# objs(variant, sources): the variant's objects of C sources.
objs = $(patsubst %.c,$(O)/$(1)/%.o,$(2))

# $(call prog,VARIANT,NAME,SOURCES): link build/VARIANT/NAME from SOURCES.
# The one link rule of every host program (tests, tools, fuzzers).
define PROG_RULE
$(O)/$(1)/$(2): $(call objs,$(1),$(3))
	$$(call msg,LD-$(1),$$@)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(V_$(1)_cc) $$(V_$(1)_ldflags) -o $$@ $$^
endef
prog = $(eval $(call PROG_RULE,$(1),$(2),$(3)))

# ---- test suites ------------------------------------------------------------
# A suite is a name and its programs (anything printing ok/FAIL/SKIP lines);
# fragments append to SUITES, define SUITE_<name> and may add SHOW_<name>
# (--show-cases) and TEST_DEPS (built before any suite runs).
SUITES    :=
TEST_DEPS :=
FUZZ_BINS :=

.SECONDARY:
.DELETE_ON_ERROR:
.PHONY: all test bench fuzz fuzz-smoke fuzz-long clean check-layers
all:

include core/core.mk lib/lib.mk boot/boot.mk kernel/kernel.mk efi/efi.mk tools/tools.mk
include $(sort $(wildcard tests/*/tests.mk))

# Every suite runs even when an earlier one fails; the summary decides.
test: $(foreach s,$(SUITES),$(filter $(O)/%,$(SUITE_$(s)))) $(FUZZ_BINS) $(TEST_DEPS)
	$(Q)rm -rf $(O)/test-results
	-$(Q)$(foreach s,$(SUITES),tests/run-tests.sh --suite $(s) --out $(O)/test-results $(SHOW_$(s)) $(SUITE_$(s));)
	-$(Q)tests/run-fuzz.sh --out $(O)/test-results $(FUZZ_SMOKE_SECONDS) $(FUZZ_BINS)
	$(Q)tests/run-tests.sh --summary $(O)/test-results

# test-<suite>: one suite alone, e.g. make test-boot, make test-qemu.
define SUITE_TARGET
.PHONY: test-$(1)
test-$(1): $(filter $(O)/%,$(SUITE_$(1))) $(TEST_DEPS_$(1))
	$$(Q)tests/run-tests.sh --suite $(1) --out $(O)/test-results-$(1) $(SHOW_$(1)) $(SUITE_$(1))
endef
$(foreach s,$(SUITES),$(eval $(call SUITE_TARGET,$(s))))

# The layering check of DESIGN.md section 1 (the reviewer's tool, when the
# shared folder is there; the build's include paths enforce the same).
CHECK_LAYERS := ../shared/tools/check-layers
check-layers:
	$(Q)if [ -x $(CHECK_LAYERS) ]; then $(CHECK_LAYERS); else echo "SKIP check-layers: $(CHECK_LAYERS) absent"; fi

clean:
	rm -rf $(O)

-include $(shell find $(O) -name '*.d' 2>/dev/null)

# core/core.mk - the allocator (freestanding C11, includes only include/).

CORE_SRC := $(wildcard core/*.c)

# The core must build alone, as DESIGN.md says: cc -std=c11 -Iinclude -c core/*.c,
# and also with -ffreestanding -nostdinc -Wpedantic.
.PHONY: check-core-freestanding
all: check-core-freestanding
TEST_DEPS += check-core-freestanding
check-core-freestanding: $(O)/.core-freestanding
$(O)/.core-freestanding: $(CORE_SRC) $(wildcard core/*.h) include/bootmem2.h core/core.mk
	$(call msg,CHECK,core builds alone)
	@mkdir -p $(O)/freestanding/core
	$(Q)cd $(O)/freestanding/core && $(HOSTCC) -std=c11 -I../../../include -c $(addprefix ../../../,$(CORE_SRC))
	$(Q)cd $(O)/freestanding/core && $(HOSTCC) -std=c11 $(WARN) -Wpedantic -ffreestanding -nostdinc \
		-isystem $$($(HOSTCC) -print-file-name=include) -I../../../include \
		-c $(addprefix ../../../,$(CORE_SRC))
	@touch $@

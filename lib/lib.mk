# lib/lib.mk - freestanding pieces shared by the loader, the kernel and the
# host tools (formatting, byte helpers, serial, the memory report, boot_info
# validation). crt.c (memset & co.) is linked only into the freestanding
# targets: host programs use their libc.

LIB_SRC := $(filter-out lib/crt.c,$(wildcard lib/*.c))
LIB_CRT := lib/crt.c

# lib/ and boot/ are freestanding C11 for gcc and clang alike: no libc, no
# UEFI headers, only the include paths of their layer.
# $(1) layer
define FREESTANDING_CHECK
.PHONY: check-$(1)-freestanding
all: check-$(1)-freestanding
TEST_DEPS += check-$(1)-freestanding
check-$(1)-freestanding: $(O)/.$(1)-freestanding
$(O)/.$(1)-freestanding: $(wildcard $(1)/*.c $(1)/*.h) $(wildcard include/*.h) $(FLAG_FILES) $(1)/$(1).mk
	$$(call msg,CHECK,$(1) is freestanding)
	@mkdir -p $(O)/freestanding/$(1)
	$$(Q)cd $(O)/freestanding/$(1) && for cc in $$(CC) $$(CLANG); do \
		command -v $$$$cc >/dev/null || continue; \
		$$$$cc -std=c11 $$(WARN) -Wpedantic -ffreestanding -nostdinc \
			-isystem $$$$($$$$cc -print-file-name=include) \
			$$(patsubst -I%,-I../../../%,$$(INC_$(1))) \
			-c $$(addprefix ../../../,$$(wildcard $(1)/*.c)) || exit 1; \
	done
	@touch $$@
endef
$(eval $(call FREESTANDING_CHECK,lib))

# efi/efi.mk - the UEFI loader (gnu-efi) and the host tests of its pure logic.
#
# efi/main.c and efi/uefi_*.c talk to firmware; every other efi/*.c is pure
# logic (freestanding, no UEFI types) that the host tests and bootmem2-sim
# link as they are.

EFIO          := $(O)/efi
EFI_GLUE_SRC  := $(wildcard efi/main.c efi/uefi_*.c)
EFI_PURE_SRC  := $(filter-out $(EFI_GLUE_SRC),$(wildcard efi/*.c))
EFI_APP_OBJ   := $(patsubst %.c,$(EFIO)/%.o,$(EFI_GLUE_SRC) $(EFI_PURE_SRC) $(CORE_SRC))
EFI_APP       := $(EFIO)/bootmem2.efi

HOST_EFI_OBJ  := $(patsubst %.c,$(HOSTO)/%.o,$(EFI_PURE_SRC))
ASAN_EFI_OBJ  := $(patsubst %.c,$(ASANO)/%.o,$(EFI_PURE_SRC))
EFI_TESTS     := $(patsubst tests/efi/%.c,%,$(wildcard tests/efi/test_*.c))
HOST_EFI_TEST_BINS := $(addprefix $(HOSTO)/tests-efi/,$(EFI_TESTS))
ASAN_EFI_TEST_BINS := $(addprefix $(ASANO)/tests-efi/,$(EFI_TESTS))

SUITES        += efi efi-asan
SUITE_efi     := $(HOST_EFI_TEST_BINS)
SUITE_efi-asan := $(ASAN_EFI_TEST_BINS)
TEST_DEPS     += check-efi-freestanding

# Fuzz target of the kernel ELF and command line parsers (tests/fuzz/fuzz_parsers.c).
FUZZ_EXTRA_fuzz_parsers := efi/elf.c efi/cmdline.c

.PHONY: efi
efi: $(EFI_APP)
ifneq ($(wildcard efi/main.c),)
all: efi
endif

# The loader's test helpers (table and map builders, pipeline fixture) too.
$(HOSTO)/tests-efi/%: $(HOSTO)/tests/efi/%.o $(HOSTO)/tests/loader/ltest.o $(HOST_TESTLIB) \
		$(HOST_EFI_OBJ) $(HOST_CORE_OBJ)
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) -o $@ $^

$(ASANO)/tests-efi/%: $(ASANO)/tests/efi/%.o $(ASANO)/tests/loader/ltest.o $(ASAN_TESTLIB) \
		$(ASAN_EFI_OBJ) $(ASAN_CORE_OBJ)
	$(call msg,LD-SAN,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) $(SAN_FLAGS) -o $@ $^

$(HOSTO)/tests/efi/%.o $(ASANO)/tests/efi/%.o: HOST_ALL += -Itests/core -Itests/loader

# The pure loader sources are freestanding C11, for gcc and clang (as the core).
.PHONY: check-efi-freestanding
all: check-efi-freestanding
check-efi-freestanding: $(O)/.efi-freestanding
$(O)/.efi-freestanding: $(EFI_PURE_SRC) $(wildcard efi/*.h) include/bootmem2.h include/bootinfo.h
	$(call msg,CHECK,pure efi sources are freestanding)
	@mkdir -p $(O)/freestanding-efi
	$(Q)cd $(O)/freestanding-efi && for cc in $(CC) $(CLANG); do \
		command -v $$cc >/dev/null || continue; \
		$$cc -std=c11 $(WARN) -Wpedantic -ffreestanding -nostdinc \
			-isystem $$($$cc -print-file-name=include) -I../../include -I../../efi \
			-c $(addprefix ../../,$(EFI_PURE_SRC)) || exit 1; \
	done
	@touch $@

$(EFIO)/%.o: %.c $(FLAG_FILES)
	$(call msg,CC-EFI,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(EFI_CFLAGS) -c $< -o $@

$(EFIO)/bootmem2.so: $(EFI_APP_OBJ)
	$(call msg,LD-EFI,$@)
	$(Q)$(LD) $(EFI_LDFLAGS) $(CRT0) $^ -o $@ $(EFI_LIBS)

$(EFI_APP): $(EFIO)/bootmem2.so
	$(call msg,OBJCOPY,$@)
	$(Q)$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j .rel.* -j .rela.* -j .reloc --target efi-app-$(ARCH) \
		--subsystem=10 $< $@

# An EFI system partition image (FAT, made with mtools, no root needed) with
# EFI/BOOT/BOOTX64.EFI, bootmem2.efi and kernel.elf: dd it to a USB stick, or
# give it to QEMU (run-qemu.sh makes its own in build/qemu/).
ESP_IMG := $(O)/esp.img
.PHONY: esp
esp: $(ESP_IMG)
$(ESP_IMG): $(EFI_APP) $(O)/kernel/kernel.elf
	$(call msg,ESP,$@)
	$(Q)rm -f $@ && mkfs.fat -C -F 32 -n BOOTMEM2 $@ 65536 >/dev/null
	$(Q)mmd -i $@ ::/EFI ::/EFI/BOOT
	$(Q)mcopy -i $@ $(EFI_APP) ::/EFI/BOOT/BOOTX64.EFI
	$(Q)mcopy -i $@ $(EFI_APP) ::/bootmem2.efi
	$(Q)mcopy -i $@ $(O)/kernel/kernel.elf ::/kernel.elf

# efi/efi.mk - bootmem2.efi: the firmware glue in efi/ (the only code that
# calls UEFI) linked with boot/, lib/ and core/ built for the UEFI target,
# and the ESP image.

EFI_SRC := $(wildcard efi/*.c)
EFI_APP := $(O)/efi/bootmem2.efi
EFI_OBJ := $(call objs,efi,$(EFI_SRC) $(BOOT_SRC) $(LIB_SRC) $(LIB_CRT) $(CORE_SRC))

.PHONY: efi
all: efi
efi: $(EFI_APP)

$(O)/efi/bootmem2.so: $(EFI_OBJ)
	$(call msg,LD-EFI,$@)
	$(Q)$(LD) $(EFI_LDFLAGS) $(CRT0) $^ -o $@ $(EFI_LIBS)

$(EFI_APP): $(O)/efi/bootmem2.so
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
$(ESP_IMG): $(EFI_APP) $(KERNEL_ELF)
	$(call msg,ESP,$@)
	$(Q)rm -f $@ && mkfs.fat -C -F 32 -n BOOTMEM2 $@ 65536 >/dev/null
	$(Q)mmd -i $@ ::/EFI ::/EFI/BOOT
	$(Q)mcopy -i $@ $(EFI_APP) ::/EFI/BOOT/BOOTX64.EFI
	$(Q)mcopy -i $@ $(EFI_APP) ::/bootmem2.efi
	$(Q)mcopy -i $@ $(KERNEL_ELF) ::/kernel.elf

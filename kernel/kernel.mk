# kernel/kernel.mk - the stub kernel: a freestanding static ELF64 of
# kernel/, lib/ and core/ (never boot/ or efi/), built position independent:
#   kernel.elf       static PIE (ET_DYN) linked at 0: the loader places it
#                    and applies its relocations, all R_X86_64_RELATIVE
#                    (checked here with readelf after the link)
#   kernel-exec.elf  the same objects as a fixed-address ET_EXEC at 64 MiB,
#                    for the QEMU case of a kernel that cannot move

READELF ?= readelf
KERNEL_ELF := $(O)/kernel/kernel.elf
KERNEL_EXEC_ELF := $(O)/kernel/kernel-exec.elf
KERNEL_LDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack -T kernel/kernel.ld
KERNEL_SRC := $(wildcard kernel/*.c)
KERNEL_ASM := $(wildcard kernel/*.S)
KERNEL_OBJ := $(call objs,kernel,$(KERNEL_SRC) $(LIB_SRC) $(LIB_CRT) $(CORE_SRC)) \
              $(patsubst %.S,$(O)/kernel/%.o,$(KERNEL_ASM))
# The host tests link its pure parts.
KERNEL_PURE_SRC := kernel/buddy.c

.PHONY: kernel
all: kernel
kernel: $(KERNEL_ELF) $(KERNEL_EXEC_ELF)

$(O)/kernel/kernel/%.o: kernel/%.S $(FLAG_FILES) kernel/kernel.mk
	$(call msg,AS-kernel,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERN_CFLAGS) $(DEPFLAGS) $(INC_kernel) -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJ) kernel/kernel.ld kernel/kernel.mk
	$(call msg,LD-KERN,$@)
	$(Q)$(LD) $(KERNEL_LDFLAGS) -pie --no-dynamic-linker -z text --defsym KERNEL_BASE=0 \
		-o $@ $(KERNEL_OBJ)
	$(Q)$(READELF) -hW $@ | grep -q 'Type: *DYN' || { echo "$@: not ET_DYN" >&2; exit 1; }
	$(Q)bad=$$($(READELF) -rW $@ | awk '$$3 ~ /^R_/ && $$3 != "R_X86_64_RELATIVE"'); \
		[ -z "$$bad" ] || { echo "$@: relocations other than R_X86_64_RELATIVE:"; \
		echo "$$bad"; exit 1; } >&2

$(KERNEL_EXEC_ELF): $(KERNEL_OBJ) kernel/kernel.ld kernel/kernel.mk
	$(call msg,LD-KERN,$@)
	$(Q)$(LD) $(KERNEL_LDFLAGS) --defsym KERNEL_BASE=0x4000000 -o $@ $(KERNEL_OBJ)

# kernel/kernel.mk - the stub kernel: a freestanding static ELF64 of
# kernel/, lib/ and core/ (never boot/ or efi/).

KERNEL_ELF := $(O)/kernel/kernel.elf
KERNEL_SRC := $(wildcard kernel/*.c)
KERNEL_ASM := $(wildcard kernel/*.S)
KERNEL_OBJ := $(call objs,kernel,$(KERNEL_SRC) $(LIB_SRC) $(LIB_CRT) $(CORE_SRC)) \
              $(patsubst %.S,$(O)/kernel/%.o,$(KERNEL_ASM))
# The host tests link its pure parts.
KERNEL_PURE_SRC := kernel/buddy.c

.PHONY: kernel
all: kernel
kernel: $(KERNEL_ELF)

$(O)/kernel/kernel/%.o: kernel/%.S $(FLAG_FILES) kernel/kernel.mk
	$(call msg,AS-kernel,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERN_CFLAGS) $(DEPFLAGS) $(INC_kernel) -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJ) kernel/kernel.ld
	$(call msg,LD-KERN,$@)
	$(Q)$(LD) -nostdlib -static -z max-page-size=4096 -z noexecstack -T kernel/kernel.ld \
		-o $@ $(KERNEL_OBJ)

# kernel/kernel.mk - the stub kernel (freestanding static ELF64) and the host
# tests of its pure parts (buddy allocator).

KERNO          := $(O)/kernel
KERNEL_ELF     := $(KERNO)/kernel.elf
KERN_PURE_SRC  := kernel/buddy.c
KERN_SRC       := $(wildcard kernel/*.c) $(wildcard kernel/*.S)
# The kernel links the same core sources as the loader, plus shared pure
# loader logic (report, formatting, boot_info validation).
KERN_SHARED    := $(CORE_SRC) efi/fmt.c efi/report.c efi/bootinfo_check.c
KERN_OBJ       := $(patsubst %,$(KERNO)/%.o,$(basename $(KERN_SRC) $(KERN_SHARED)))

KERN_TESTS     := $(patsubst tests/kernel/%.c,%,$(wildcard tests/kernel/test_*.c))
HOST_KERN_TEST_BINS := $(addprefix $(HOSTO)/tests-kernel/,$(KERN_TESTS))
ASAN_KERN_TEST_BINS := $(addprefix $(ASANO)/tests-kernel/,$(KERN_TESTS))
SUITES         += kernel
SUITE_kernel   := $(HOST_KERN_TEST_BINS) $(ASAN_KERN_TEST_BINS)

$(HOSTO)/tests-kernel/%: $(HOSTO)/tests/kernel/%.o $(HOST_TESTLIB) $(patsubst %.c,$(HOSTO)/%.o,$(KERN_PURE_SRC)) $(HOST_CORE_OBJ)
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) -o $@ $^

$(ASANO)/tests-kernel/%: $(ASANO)/tests/kernel/%.o $(ASAN_TESTLIB) $(patsubst %.c,$(ASANO)/%.o,$(KERN_PURE_SRC)) $(ASAN_CORE_OBJ)
	$(call msg,LD-SAN,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_ALL) $(SAN_FLAGS) -o $@ $^

$(HOSTO)/tests/kernel/%.o $(ASANO)/tests/kernel/%.o: HOST_ALL += -Itests/core -Ikernel

.PHONY: kernel
kernel: $(KERNEL_ELF)
ifneq ($(wildcard kernel/main.c),)
all: kernel
endif

$(KERNO)/%.o: %.c $(FLAG_FILES)
	$(call msg,CC-KERN,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERN_CFLAGS) -Iefi -c $< -o $@

$(KERNO)/%.o: %.S $(FLAG_FILES)
	$(call msg,AS-KERN,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERN_CFLAGS) -c $< -o $@

$(KERNEL_ELF): $(KERN_OBJ) kernel/kernel.ld
	$(call msg,LD-KERN,$@)
	$(Q)$(LD) -nostdlib -static -z max-page-size=4096 -z noexecstack -T kernel/kernel.ld \
		-o $@ $(KERN_OBJ)

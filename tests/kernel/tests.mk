# tests/kernel/tests.mk - host tests of the kernel's pure parts (buddy allocator).

KERNEL_TESTS := $(basename $(notdir $(wildcard tests/kernel/test_*.c)))
$(foreach v,host asan,$(foreach t,$(KERNEL_TESTS),\
	$(call prog,$(v),tests/kernel/$(t),tests/kernel/$(t).c tests/core/testlib.c $(KERNEL_PURE_SRC) $(CORE_SRC))))

SUITES       += kernel
SUITE_kernel := $(addprefix $(O)/host/tests/kernel/,$(KERNEL_TESTS)) \
                $(addprefix $(O)/asan/tests/kernel/,$(KERNEL_TESTS))

# tests/lib/tests.mk - tests of lib/ (formatting, report, boot_info checks).

LIB_TESTS := $(basename $(notdir $(wildcard tests/lib/test_*.c)))
$(foreach v,host asan,$(foreach t,$(LIB_TESTS),\
	$(call prog,$(v),tests/lib/$(t),tests/lib/$(t).c tests/core/testlib.c $(LIB_SRC) $(CORE_SRC))))

SUITES         += lib
SUITE_lib      := $(addprefix $(O)/host/tests/lib/,$(LIB_TESTS)) \
                  $(addprefix $(O)/asan/tests/lib/,$(LIB_TESTS))

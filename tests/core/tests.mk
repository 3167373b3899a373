# tests/core/tests.mk - the core's tests: one program per API group, the
# reference model and differential test, in three builds (suites host,
# chunk1, asan).

TESTLIB_SRC := tests/core/testlib.c tests/core/model.c
CORE_TESTS  := $(basename $(notdir $(wildcard tests/core/test_*.c)))
$(foreach v,host asan chunk1,$(foreach t,$(CORE_TESTS),\
	$(call prog,$(v),tests/core/$(t),tests/core/$(t).c $(TESTLIB_SRC) $(CORE_SRC))))

SUITES       += host chunk1 asan
SUITE_host   := $(addprefix $(O)/host/tests/core/,$(CORE_TESTS))
SUITE_chunk1 := $(addprefix $(O)/chunk1/tests/core/,$(CORE_TESTS))
SUITE_asan   := $(addprefix $(O)/asan/tests/core/,$(CORE_TESTS))
all: $(SUITE_host)

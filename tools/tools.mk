# tools/tools.mk - host programs: bootmem2-sim (the loader's topology logic on
# the host, DESIGN.md section 4) and the benchmark (make bench).

SIM_SRC  := tools/bootmem2-sim.c tools/sim_buf.c tools/sim_file.c tools/sim_host.c tools/sim_svg.c \
            $(BOOT_SRC) $(LIB_SRC) $(CORE_SRC)
SIM      := $(O)/host/bootmem2-sim
ASAN_SIM := $(O)/asan/bootmem2-sim
$(call prog,host,bootmem2-sim,$(SIM_SRC))
$(call prog,asan,bootmem2-sim,$(SIM_SRC))

.PHONY: sim
all: sim
sim: $(SIM)

# The benchmark is built optimised without BOOTMEM_DEBUG (no assertion traps).
BENCH := $(O)/bench/bench_core
V_bench_cc     := $(HOSTCC)
V_bench_cflags := -O2 -g
$(eval $(call OBJ_RULE,bench,tools))
$(eval $(call OBJ_RULE,bench,core))
$(call prog,bench,bench_core,tools/bench_core.c $(CORE_SRC))
all: $(BENCH)

bench: $(BENCH)
	$(Q)$(BENCH)

#!/usr/bin/env bash
# run-samples-asan.sh - run-samples.sh with the AddressSanitizer build of
# bootmem2-sim (build/asan/bootmem2-sim).
cd "$(dirname "$0")/../.." || exit 1
SIM=${SIM_ASAN:-$PWD/build/asan/bootmem2-sim} exec tests/boot/run-samples.sh

#!/usr/bin/env bash
# run-fuzz.sh - bounded libFuzzer runs.
#   run-fuzz.sh [--out DIR] SECONDS FUZZER...
# Each fuzzer runs for SECONDS with its corpus in build/fuzz/corpus/NAME
# (seeded from tests/fuzz/corpus/NAME when present). A crash, leak or
# sanitizer report fails the run; with --out the result joins the test summary.
set -u
out=""
if [ "${1:-}" = "--out" ]; then out=$2; shift 2; fi
secs=$1; shift
p=0; f=0; s=0
if ! command -v "${CLANG:-clang}" >/dev/null 2>&1 && [ $# -eq 0 ]; then
	echo "SKIP fuzz: clang not installed"; s=1
fi
for fz in "$@"; do
	name=$(basename "$fz")
	corpus=build/fuzz/corpus/$name
	mkdir -p "$corpus" build/fuzz/artifacts
	[ -d "tests/fuzz/corpus/$name" ] && cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
	log=build/fuzz/$name.log
	if "$fz" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/"$name"- "$corpus" > "$log" 2>&1; then
		echo "  fuzz   $name: ok, $(grep -a -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{print $2}') runs in ${secs}s"
		p=$((p + 1))
	else
		echo "  fuzz   $name: FAILED (log: $log)"
		grep -a -E 'ERROR|SUMMARY|artifact' "$log" | head -n 20 | sed 's/^/      | /'
		f=$((f + 1))
	fi
done
if [ -n "$out" ]; then mkdir -p "$out"; echo "$p $f $s" > "$out/fuzz.counts"; fi
[ "$f" -eq 0 ]

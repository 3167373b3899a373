#!/usr/bin/env bash
# run-fuzz.sh - libFuzzer runs.
#
#   run-fuzz.sh [--out DIR] SECONDS FUZZER...
#       each fuzzer for SECONDS, one after the other (make test's smoke run,
#       make fuzz); with --out the result joins the test summary
#   run-fuzz.sh --long [--runs N] [--seconds S] [--jobs J] FUZZER...
#       every fuzzer until N executions (default 10^7) or S seconds (default
#       7200), J at a time (default: the CPUs); one line per fuzzer with
#       executions, rate, coverage at start and end, and the verdict
#   run-fuzz.sh --merge FUZZER...
#       minimise build/fuzz/corpus/NAME into tests/fuzz/corpus/NAME (what
#       the smoke run starts from; commit it)
#
# Each fuzzer works on build/fuzz/corpus/NAME, seeded from
# tests/fuzz/corpus/NAME. A crash, leak, timeout or sanitizer report fails
# the run; the input is kept in build/fuzz/artifacts/.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2

seed_corpus() {   # seed_corpus NAME
	local name=$1
	mkdir -p "build/fuzz/corpus/$name" build/fuzz/artifacts
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp -n tests/fuzz/corpus/"$name"/* "build/fuzz/corpus/$name"/ 2>/dev/null
	fi
	return 0
}

fuzz_args() {     # the options every run shares
	echo -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=build/fuzz/artifacts/"$1"-
}

stat_of() {       # stat_of LOG KEY: a -print_final_stats value
	grep -a -o "stat::$2: *[0-9]*" "$1" | tail -n 1 | awk '{print $2}'
}

cov_at() {        # cov_at LOG INITED|DONE: "cov ft" of that line
	grep -a "#[0-9]*[[:space:]]*$2 " "$1" | tail -n 1 |
		sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/\1 \2/p'
}

failure_lines() {
	grep -a -E 'ERROR|SUMMARY|artifact|check failed' "$1" | head -n 20 | sed 's/^/      | /'
}

# ---- --merge: minimised corpora for the repository -------------------------
if [ "${1:-}" = "--merge" ]; then
	shift
	rc=0
	for fz in "$@"; do
		name=$(basename "$fz")
		seed_corpus "$name"
		new=build/fuzz/merge-$name
		rm -rf "$new" && mkdir -p "$new"
		if "$fz" -merge=1 "$new" "build/fuzz/corpus/$name" > "build/fuzz/$name.merge.log" 2>&1; then
			# Hand-named inputs (seeds, regress-* findings) stay as they are;
			# libFuzzer names the rest by the SHA-1 of their content.
			keep=build/fuzz/keep-$name
			rm -rf "$keep" && mkdir -p "$keep"
			for f in tests/fuzz/corpus/"$name"/*; do
				[ -f "$f" ] || continue
				[[ $(basename "$f") =~ ^[0-9a-f]{40}$ ]] && continue
				cp "$f" "$keep"/
				rm -f "$new/$(sha1sum < "$f" | cut -d' ' -f1)"
			done
			rm -rf "tests/fuzz/corpus/$name" && mkdir -p "tests/fuzz/corpus/$name"
			cp "$new"/* "$keep"/* "tests/fuzz/corpus/$name"/ 2>/dev/null
			echo "  fuzz   $name: corpus $(ls "build/fuzz/corpus/$name" | wc -l) -> $(ls "tests/fuzz/corpus/$name" | wc -l) files ($(( $(cat "tests/fuzz/corpus/$name"/* | wc -c) / 1024 )) KiB) in tests/fuzz/corpus/$name"
		else
			echo "  fuzz   $name: merge FAILED (log: build/fuzz/$name.merge.log)"; rc=1
		fi
	done
	exit $rc
fi

# ---- --long: to 10^7 executions, in parallel --------------------------------
if [ "${1:-}" = "--long" ]; then
	shift
	runs=10000000; secs=7200; jobs=$(nproc 2>/dev/null || echo 2)
	while [ $# -gt 0 ]; do
		case "$1" in
		--runs) runs=$2; shift 2 ;;
		--seconds) secs=$2; shift 2 ;;
		--jobs) jobs=$2; shift 2 ;;
		*) break ;;
		esac
	done
	for v in "$runs" "$secs" "$jobs"; do
		[[ $v =~ ^[1-9][0-9]{0,11}$ ]] || { echo "run-fuzz.sh: '$v' is not a positive number" >&2; exit 2; }
	done
	run_long() {
		local fz=$1 name start
		name=$(basename "$fz")
		seed_corpus "$name"
		start=$(date +%s)
		# shellcheck disable=SC2046
		"$fz" -runs="$runs" -max_total_time="$secs" $(fuzz_args "$name") \
			"build/fuzz/corpus/$name" > "build/fuzz/$name.long.log" 2>&1
		echo "$? $(( $(date +%s) - start ))" > "build/fuzz/$name.long.rc"
	}
	running=0
	for fz in "$@"; do
		run_long "$fz" &
		running=$((running + 1))
		if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
	done
	wait
	rc=0
	for fz in "$@"; do
		name=$(basename "$fz")
		log=build/fuzz/$name.long.log
		read -r frc took < "build/fuzz/$name.long.rc"
		execs=$(stat_of "$log" number_of_executed_units)
		read -r c0 f0 <<< "$(cov_at "$log" INITED)"
		read -r c1 f1 <<< "$(cov_at "$log" DONE)"
		rate=$(( ${execs:-0} / (took > 0 ? took : 1) ))
		line=$(printf '%-13s %9s executions in %5ss (%s/s), cov %s -> %s, features %s -> %s' \
			"$name" "${execs:-?}" "$took" "$rate" "${c0:-?}" "${c1:-?}" "${f0:-?}" "${f1:-?}")
		if [ "$frc" -eq 0 ]; then
			echo "  fuzz   $line: ok"
		else
			echo "  fuzz   $line: FAILED (log: $log)"; failure_lines "$log"; rc=1
		fi
	done
	exit $rc
fi

# ---- bounded runs -----------------------------------------------------------
out=""
if [ "${1:-}" = "--out" ]; then out=$2; shift 2; fi
secs=$1; shift
p=0; f=0; s=0
if ! command -v "${CLANG:-clang}" >/dev/null 2>&1 && [ $# -eq 0 ]; then
	echo "SKIP fuzz: clang not installed"; s=1
fi
for fz in "$@"; do
	name=$(basename "$fz")
	seed_corpus "$name"
	log=build/fuzz/$name.log
	# shellcheck disable=SC2046
	if "$fz" -max_total_time="$secs" $(fuzz_args "$name") "build/fuzz/corpus/$name" > "$log" 2>&1; then
		echo "  fuzz   $name: ok, $(stat_of "$log" number_of_executed_units) runs in ${secs}s"
		p=$((p + 1))
	else
		echo "  fuzz   $name: FAILED (log: $log)"
		failure_lines "$log"
		f=$((f + 1))
	fi
done
if [ -n "$out" ]; then mkdir -p "$out"; echo "$p $f $s" > "$out/fuzz.counts"; fi
[ "$f" -eq 0 ]

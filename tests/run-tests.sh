#!/usr/bin/env bash
# run-tests.sh - run test programs and count their cases.
#
#   run-tests.sh --suite NAME --out DIR [--show-cases] PROG...
#                                                 run each PROG, log to DIR/NAME/
#   run-tests.sh --summary DIR                    add up all suites, print
#                                                 "N passed, N failed"
#
# A program prints "ok CASE" / "FAIL CASE" / "SKIP CASE" lines. A program that
# exits non-zero without a FAIL line (crash, sanitizer report, timeout), or
# that prints no case line at all, counts as one failed case. Exit status:
# 0 only if nothing failed.
set -u

TEST_TIMEOUT=${TEST_TIMEOUT:-900}

if [ "${1:-}" = "--summary" ]; then
	dir=$2
	p=0; f=0; s=0
	shopt -s nullglob
	files=("$dir"/*.counts)
	if [ ${#files[@]} -eq 0 ]; then
		echo "no test results in $dir"
		echo "0 passed, 1 failed"
		exit 1
	fi
	for c in "${files[@]}"; do
		read -r cp cf cs < "$c"
		p=$((p + cp)); f=$((f + cf)); s=$((s + cs))
	done
	[ "$s" -gt 0 ] && echo "($s skipped)"
	echo "$p passed, $f failed"
	[ "$f" -eq 0 ]
	exit
fi

suite=""; out=""; show=0
while [ $# -gt 0 ]; do
	case "$1" in
	--suite) suite=$2; shift 2 ;;
	--show-cases) show=1; shift ;;
	--out) out=$2; shift 2 ;;
	*) break ;;
	esac
done
[ -n "$suite" ] && [ -n "$out" ] || { echo "usage: $0 --suite NAME --out DIR PROG..." >&2; exit 2; }
mkdir -p "$out/$suite"

p=0; f=0; s=0
for prog in "$@"; do
	name=$(basename "$prog")
	# The same program in another build variant (build/asan/...) gets a tag.
	case "$prog" in
	*build/asan/*) name="$name-asan" ;;
	*build/chunk1/*) name="$name-chunk1" ;;
	esac
	log="$out/$suite/$name.log"
	start=$(date +%s.%N)
	timeout "$TEST_TIMEOUT" "$prog" > "$log" 2>&1
	rc=$?
	secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
	cp=$(grep -c '^ok ' "$log"); cf=$(grep -c '^FAIL ' "$log"); cs=$(grep -c '^SKIP ' "$log")
	if [ "$rc" -ne 0 ] && [ "$cf" -eq 0 ]; then
		cf=1
		echo "FAIL $name (exit status $rc$([ $rc -eq 124 ] && echo ", timeout ${TEST_TIMEOUT}s"))" >> "$log"
	elif [ "$cp" -eq 0 ] && [ "$cf" -eq 0 ] && [ "$cs" -eq 0 ]; then
		cf=1      # a program that ran nothing proves nothing
		echo "FAIL $name (exit status $rc but no ok, FAIL or SKIP line)" >> "$log"
	fi
	p=$((p + cp)); f=$((f + cf)); s=$((s + cs))
	if [ "$cf" -gt 0 ]; then
		printf '  %-6s %-28s %4d ok %3d FAILED %6ss\n' "$suite" "$name" "$cp" "$cf" "$secs"
		sed 's/^/      | /' "$log" | grep -v '| ok ' | tail -n 40
	else
		printf '  %-6s %-28s %4d ok %s%6ss\n' "$suite" "$name" "$cp" \
			"$([ "$cs" -gt 0 ] && echo "$cs skipped ")" "$secs"
		[ "$show" = 1 ] && grep -E '^(ok|SKIP) ' "$log" | sed 's/^/      | /'
	fi
done
echo "$p $f $s" > "$out/$suite.counts"
echo "suite $suite: $p passed, $f failed"
[ "$f" -eq 0 ]

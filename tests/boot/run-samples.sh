#!/usr/bin/env bash
# run-samples.sh - bootmem2-sim against the real ACPI samples in
# ../shared/acpi-samples (override: BOOTMEM_SAMPLES=DIR; sim: SIM=PATH).
#
#  * --print-srat on every sample must equal expected/NAME.txt exactly; for a
#    sample whose expected file ends in "invalid ... offset=0xOFF" the lines
#    before it must be printed, then exit 2 with a one-line error naming
#    that offset.
#  * report mode on every sample must succeed (consistent report, expected
#    node count, one "nearest" line per node naming a node with memory, the
#    node itself when it has some) or fail cleanly (exit 2, one line).
#  * hostile/*.bin must exit 2 with one line naming the offset.
# Prints ok/FAIL/SKIP lines; the samples are read in place, never copied.
set -u
# Relative overrides are relative to the caller's directory.
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
[ -n "${BOOTMEM_SAMPLES:-}" ] && BOOTMEM_SAMPLES=$(abs "$BOOTMEM_SAMPLES")
[ -n "${SIM:-}" ] && SIM=$(abs "$SIM")
cd "$(dirname "$0")/../.." || exit 1
DIR=${BOOTMEM_SAMPLES:-../shared/acpi-samples}
SIM=${SIM:-build/host/bootmem2-sim}

if [ ! -d "$DIR/expected" ]; then
	echo "SKIP acpi-samples (no $DIR/expected)"
	exit 0
fi
if [ ! -x "$SIM" ]; then
	echo "FAIL acpi-samples ($SIM not built)"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok $1"; }
fail() { echo "FAIL $1"; shift; for l in "$@"; do echo "    $l"; done; fails=$((fails + 1)); }

# Nodes (domains with an enabled CPU or memory entry), from SOURCES.md.
declare -A NODES=(
	[asrock-k10n78d-1n-noslit]=1 [asus-m4a88td-1n-rev1]=1 [dell-r820-4s]=4
	[dell-t5810-srat2]=1 [evga-x299-micro-x2apic]=1 [gigabyte-x299-ud4pro-x2apic]=1
	[hp-dl165g7-4n-split]=4 [hp-dl360g7-2s-noslit]=2 [hp-dl380egen8-2s-noslit]=2
	[qemu-pc-dimmpxm]=4 [qemu-pc-memhp]=2 [supermicro-h8dgu-4n-memless]=4
	[supermicro-h8qg6-8n-uneven]=8 [supermicro-h8qg6-8n]=8 [supermicro-x10dai-2s]=2
	[supermicro-x8dtt-2s]=2
)

# Exact nearest lines where a node has no memory (the SLIT says 16 to every
# other node: the tie goes to the lower nid, 0).
declare -A NEAREST=(
	[supermicro-h8dgu-4n-memless]="nearest node=0 memory_node=0 distance=10;nearest node=1 memory_node=0 distance=16;nearest node=2 memory_node=0 distance=16;nearest node=3 memory_node=3 distance=10;"
)

# A report must add up: header vs node and block lines.
check_report() {
	awk -v want_nodes="$2" '
	NR == 1 {
		if ($1 != "bootmem2:") { print "first line: " $0; bad = 1 }
		for (i = 2; i <= NF; i++) { split($i, kv, "="); h[kv[1]] = kv[2] }
		next
	}
	$1 == "node" { nodes++; split($3, kv, "="); if (kv[1] != "pxm") bad = 1
		split($4, kv, "="); nblk[$2] = kv[2] + 0
		for (i = 4; i <= NF; i++) { split($i, kv, "="); nsum[kv[1]] += kv[2] } next }
	$1 == "block" { blocks++; for (i = 3; i <= NF; i++) { split($i, kv, "="); b[kv[1]] = kv[2] }
		pages += b["pages"]; bfree += b["free_pages"]
		if (b["free_pages"] + 0 > b["pages"] + 0) { print "block free > pages: " $0; bad = 1 }
		next }
	$1 == "reserved" { next }
	$1 == "nearest" { for (i = 2; i <= NF; i++) { split($i, kv, "="); nr[kv[1]] = kv[2] }
		if (nr["node"] != nnear) { print "nearest line for node " nr["node"] ", expected " nnear; bad = 1 }
		near[nnear++] = nr["memory_node"]; next }
	{ print "unexpected line: " $0; bad = 1 }
	END {
		if (nnear != nodes) { print nnear " nearest lines for " nodes " nodes"; bad = 1 }
		for (n = 0; n < nnear; n++) {
			m = near[n]
			if (m == "none" || !(m in nblk) || nblk[m] == 0) { print "node " n ": nearest memory node " m " has no blocks"; bad = 1 }
			if (nblk[n] > 0 && m != n) { print "node " n " has memory but is served by node " m; bad = 1 }
		}
		if (h["nodes"] != nodes) { print "nodes=" h["nodes"] " but " nodes " node lines"; bad = 1 }
		if (want_nodes != "" && nodes != want_nodes) { print nodes " nodes, expected " want_nodes; bad = 1 }
		if (h["blocks"] != blocks) { print "blocks=" h["blocks"] " but " blocks " block lines"; bad = 1 }
		if (h["total_pages"] != pages || nsum["total_pages"] != pages) { print "total_pages mismatch"; bad = 1 }
		if (h["free_pages"] != bfree || nsum["free_pages"] != bfree) { print "free_pages mismatch"; bad = 1 }
		if (h["total_pages"] != h["free_pages"] + h["reserved_pages"]) { print "total != free + reserved"; bad = 1 }
		exit bad
	}' "$1"
}

for exp in "$DIR"/expected/*.txt; do
	name=$(basename "$exp" .txt)
	args=(--srat "$DIR/$name.srat.bin")
	[ -f "$DIR/$name.slit.bin" ] && args+=(--slit "$DIR/$name.slit.bin")

	"$SIM" "${args[@]}" --print-srat > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if grep -q '^invalid ' "$exp"; then
		off=$(sed -n 's/^invalid .* offset=\(0x[0-9a-fA-F]*\)$/\1/p' "$exp" | tr 'A-F' 'a-f')
		sed '/^invalid /,$d' "$exp" > "$tmp/want"
		if [ "$rc" -eq 2 ] && cmp -s "$tmp/out" "$tmp/want" && [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
		   grep -q "zero-length entry at offset $off\$" "$tmp/err"; then
			ok "print-srat $name (stops at $off)"
		else
			fail "print-srat $name" "exit $rc, stderr: $(head -c 300 "$tmp/err")" \
				"$(diff "$tmp/want" "$tmp/out" | head -5)"
		fi
	else
		if [ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$exp" && [ ! -s "$tmp/err" ]; then
			ok "print-srat $name ($(wc -l < "$exp") lines)"
		else
			fail "print-srat $name" "exit $rc, stderr: $(head -c 300 "$tmp/err")" \
				"$(diff "$exp" "$tmp/out" | head -5)"
		fi
	fi

	"$SIM" "${args[@]}" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ "$rc" -eq 0 ] && [ -n "${NEAREST[$name]:-}" ] &&
	   [ "$(grep '^nearest ' "$tmp/out" | tr '\n' ';')" != "${NEAREST[$name]}" ]; then
		fail "report $name" "nearest lines: $(grep '^nearest ' "$tmp/out" | tr '\n' ';')" \
			"expected: ${NEAREST[$name]}"
	elif [ "$rc" -eq 0 ]; then
		if why=$(check_report "$tmp/out" "${NODES[$name]:-}"); then
			ok "report $name ($(head -1 "$tmp/out" | cut -d' ' -f2-3))"
		else
			fail "report $name" "$why"
		fi
	elif [ "$rc" -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && [ -z "${NODES[$name]:-}" ]; then
		ok "report $name (rejected: $(cut -d: -f3- "$tmp/err"))"
	else
		fail "report $name" "exit $rc" "$(head -3 "$tmp/err")"
	fi
done

# hostile/: exit 2, one line naming the offset (the known ones exactly).
declare -A HOFF=([a_truncated]=0x4 [b_zero_length_entry]=0xc0 [c_overflow]=0x1b8 [d_bad_checksum]=0x9)
for h in "$DIR"/hostile/*.bin; do
	[ -e "$h" ] || continue
	name=$(basename "$h" .srat.bin)
	want=${HOFF[$name]:-0x[0-9a-f]*}
	for mode in --print-srat ""; do
		"$SIM" --srat "$h" $mode > "$tmp/out" 2> "$tmp/err"
		rc=$?
		if [ "$rc" -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "at offset $want\$" "$tmp/err"; then
			ok "hostile $name ${mode:-report}: $(sed 's/.*: SRAT: //' "$tmp/err")"
		else
			fail "hostile $name ${mode:-report}" "exit $rc, stderr: $(head -c 300 "$tmp/err")"
		fi
	done
done
[ "$fails" -eq 0 ]

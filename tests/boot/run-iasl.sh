#!/usr/bin/env bash
# run-iasl.sh - golden tests against ACPICA's iasl.
#
# Every tests/boot/tables/*.dsl (iasl data-table source) is compiled with
# iasl into build/host/iasl-golden/, the binary is disassembled again with
# `iasl -d`, and the fields of that disassembly (parsed below, not compared
# as text) must equal what `bootmem2-sim --print-srat` decodes from the
# binary. Proximity domains follow the loader's rule: for SRAT revision < 2
# only the low 8 bits of types 0 and 1 count. NAME.srat.dsl pairs with
# NAME.slit.dsl. The report mode must succeed on each SRAT too, and the
# QEMU interleave table must give the expected blocks.
# Prints ok/FAIL/SKIP lines.
set -u
cd "$(dirname "$0")/../.."
SIM=${SIM:-build/host/bootmem2-sim}
IASL=${IASL:-iasl}
OUT=build/host/iasl-golden

if ! command -v "$IASL" >/dev/null 2>&1; then
	echo "SKIP iasl-golden (iasl not installed: apt-get install acpica-tools)"
	exit 0
fi
if [ ! -x "$SIM" ]; then
	echo "FAIL iasl-golden ($SIM not built)"
	exit 1
fi
rm -rf "$OUT"
mkdir -p "$OUT/src" "$OUT/dis"
fails=0
ok() { echo "ok $1"; }
fail() { echo "FAIL $1"; shift; for l in "$@"; do echo "    $l"; done; fails=$((fails + 1)); }

# Decode an `iasl -d` disassembly of an SRAT or SLIT into --print-srat lines.
decode() {
	awk '
	function hex(h,   i, v) {
		h = toupper(h); v = 0
		for (i = 1; i <= length(h); i++)
			v = v * 16 + index("0123456789ABCDEF", substr(h, i, 1)) - 1
		return v
	}
	function hexnorm(h) { h = tolower(h); sub(/^0+/, "", h); return "0x" (h == "" ? "0" : h) }
	function fl(f,   s) {
		s = (f % 2) ? "enabled" : "disabled"
		if (int(f / 2) % 2) s = s ",hotplug"
		if (int(f / 4) % 2) s = s ",nonvolatile"
		return s
	}
	function flush() {
		if (type == "") return
		if (type == 0)
			printf "cpu pxm=%.0f apic=%.0f flags=%s\n", lo + (rev >= 2 ? hi * 256 : 0), apic, fl(flags % 2)
		else if (type == 1)
			printf "mem pxm=%.0f base=%s length=%s flags=%s\n",
				(rev >= 2 ? hex(pxm) : hex(substr(pxm, length(pxm) - 1))), base, len64, fl(flags)
		else if (type == 2)
			printf "x2apic pxm=%.0f apic=%.0f flags=%s\n", hex(pxm), apic, fl(flags % 2)
		else
			printf "other type=%d length=%d\n", type, sublen
		type = ""
	}
	/^Raw Table Data/ { exit }
	cont && /^ +[0-9A-Fa-f][0-9A-Fa-f]( |$)/ {
		v = $0; cont = (v ~ /\\ *$/); sub(/\\ *$/, "", v); row = row " " v; next
	}
	/^\[/ {
		if (row != "") { rows[nrows++] = row; row = "" }
		rest = substr($0, index($0, "]") + 1)
		c = index(rest, " : ")
		name = substr(rest, 1, c - 1); sub(/^ +/, "", name); sub(/ +$/, "", name)
		val = substr(rest, c + 3); sub(/^ +/, "", val)
		split(val, w, " "); v = w[1]
		if (name == "Signature") { sig = substr(v, 2, 4); next }
		if (name == "Revision" && rev == "") { rev = hex(v); next }
		if (sig == "SLIT") {
			if (name == "Localities") n = hex(v)
			else if (name ~ /^Locality +[0-9]+$/) {
				cont = (val ~ /\\ *$/); sub(/\\ *$/, "", val); row = val
			}
			next
		}
		if (name == "Subtable Type") { flush(); type = hex(v); lo = hi = apic = flags = sublen = 0; pxm = "0"; next }
		if (type == "") next
		if (name == "Length") sublen = hex(v)
		else if (name == "Proximity Domain Low(8)") lo = hex(v)
		else if (name == "Proximity Domain High(24)") hi = hex(v)
		else if (name == "Proximity Domain") pxm = v
		else if (name == "Apic ID") apic = hex(v)
		else if (name == "Base Address") base = hexnorm(v)
		else if (name == "Address Length") len64 = hexnorm(v)
		else if (name ~ /^Flags/) flags = hex(v)
	}
	END {
		if (sig == "SLIT") {
			if (row != "") rows[nrows++] = row
			printf "slit localities=%d\n", n
			for (i = 0; i < nrows; i++) {
				k = split(rows[i], b, " "); s = "dist"
				for (j = 1; j <= k; j++) s = s " " hex(b[j])
				print s
			}
		} else
			flush()
	}' "$1"
}

compile() {        # compile NAME: tables/NAME.dsl -> $OUT/dis/NAME.bin and NAME.dsl
	local name=$1
	cp "tests/boot/tables/$name.dsl" "$OUT/src/"
	if ! (cd "$OUT/src" && "$IASL" -vs "$name.dsl") > "$OUT/src/$name.log" 2>&1; then
		fail "iasl-compile $name" "$(tail -5 "$OUT/src/$name.log")"
		return 1
	fi
	cp "$OUT/src/$name.aml" "$OUT/dis/$name.bin"
	if ! (cd "$OUT/dis" && "$IASL" -vs -d "$name.bin") > "$OUT/dis/$name.log" 2>&1; then
		fail "iasl-disassemble $name" "$(tail -5 "$OUT/dis/$name.log")"
		return 1
	fi
	return 0
}

for src in tests/boot/tables/*.dsl; do
	name=$(basename "$src" .dsl)
	case $name in *.slit) continue ;; esac        # compiled with its SRAT
	compile "$name" || continue
	args=(--srat "$OUT/dis/$name.bin")
	decode "$OUT/dis/$name.dsl" > "$OUT/$name.want"
	slit=${name%.srat}.slit
	if [ "$slit" != "$name" ] && [ -f "tests/boot/tables/$slit.dsl" ]; then
		compile "$slit" || continue
		args+=(--slit "$OUT/dis/$slit.bin")
		decode "$OUT/dis/$slit.dsl" >> "$OUT/$name.want"
	fi
	"$SIM" "${args[@]}" --print-srat > "$OUT/$name.got" 2> "$OUT/$name.err"
	rc=$?
	if [ "$rc" -eq 0 ] && [ -s "$OUT/$name.want" ] && cmp -s "$OUT/$name.want" "$OUT/$name.got"; then
		ok "iasl-golden $name ($(wc -l < "$OUT/$name.want") lines)"
	else
		fail "iasl-golden $name" "exit $rc $(head -c 200 "$OUT/$name.err")" \
			"$(diff "$OUT/$name.want" "$OUT/$name.got" | head -8)"
	fi
	if "$SIM" "${args[@]}" > "$OUT/$name.report" 2> "$OUT/$name.report.err"; then
		ok "iasl-report $name ($(head -1 "$OUT/$name.report" | cut -d' ' -f2-3))"
	else
		fail "iasl-report $name" "$(head -3 "$OUT/$name.report.err")"
	fi
done

# The QEMU interleave table: 2 nodes, 4 blocks alternating, 4 GiB each.
want='bootmem2: nodes=2 blocks=4 total_pages=2097152 free_pages=2097151 reserved_pages=1
node 0 pxm=0 blocks=2 total_pages=1048576 free_pages=1048575 reserved_pages=1
node 1 pxm=1 blocks=2 total_pages=1048576 free_pages=1048576 reserved_pages=0
block 0 node=0 start=0x0 end=0x80000000 pages=524288 free_pages=524287
block 1 node=1 start=0x100000000 end=0x180000000 pages=524288 free_pages=524288
block 2 node=0 start=0x180000000 end=0x200000000 pages=524288 free_pages=524288
block 3 node=1 start=0x200000000 end=0x280000000 pages=524288 free_pages=524288
reserved start=0x0 end=0x1000 what=page0
nearest node=0 memory_node=0 distance=10
nearest node=1 memory_node=1 distance=10'
if [ -f "$OUT/interleave.report" ] && [ "$(cat "$OUT/interleave.report")" = "$want" ]; then
	ok "iasl-interleave-layout"
else
	fail "iasl-interleave-layout" "$(diff <(echo "$want") "$OUT/interleave.report" 2>&1 | head -8)"
fi
[ "$fails" -eq 0 ]

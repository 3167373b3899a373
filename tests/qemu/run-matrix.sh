#!/usr/bin/env bash
# run-matrix.sh - the QEMU end-to-end matrix: many machine shapes, each booted
# through run-qemu.sh (OVMF -> loader -> kernel), each asserting from the
# serial log: kernel PASS, node count, per-node blocks and page totals against
# the topology asked for, and loader report == kernel report.
#
#   tests/qemu/run-matrix.sh [-j N] [CASE...]     (default: all cases, 2 at a time)
#
# Prints "ok qemu_<case> (Ns)" / "FAIL qemu_<case>: reason" per case.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
JOBS=${QEMU_JOBS:-2}
if [ "${1:-}" = "-j" ]; then JOBS=$2; shift 2; fi
OUT=$ROOT/build/qemu-matrix
mkdir -p "$OUT"

GIB=1073741824
# awk helper: mawk has no strtonum; doubles hold addresses exactly (< 2^53).
AWKLIB='function hex(s,  i, n) { n = 0; s = tolower(s); sub(/^0x/, "", s);
	for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1;
	return n }'

# name | run-qemu.sh arguments ('~' stands for a space inside an argument) |
# checks (see check_case)
CASES=(
	"no_numa|--no-numa --mem 2G|nodes=1"
	"nodes1|--nodes 1 --mem 2G|nodes=1 node_mem=0:2G"
	"nodes2|--nodes 2 --mem 4G|nodes=2 node_mem=0:2G node_mem=1:2G above4g=1 below4g=0"
	"nodes4|--nodes 4 --mem 8G --dist|nodes=4 node_mem=0:2G node_mem=1:2G node_mem=2:2G node_mem=3:2G slit=4"
	"nodes8|--nodes 8 --mem 8G --cpus 8|nodes=8 node_mem=0:1G node_mem=3:1G node_mem=4:1G node_mem=7:1G above4g=4"
	"uneven|--node-mem 1G,3G|nodes=2 node_mem=0:1G node_mem=1:3G split=1"
	"memoryless|--nodes 2 --mem 4G --memoryless 1|nodes=3 empty=2 cpuonly=2"
	"hotplug|--nodes 2 --mem 4G --hotplug 2G|nodes=2 hotplug=1 node_mem=0:2G node_mem=1:2G"
	"interleave|--layout interleave|nodes=2 node_blocks_min=0:2 node_blocks_min=1:2 touch=0x180000000 touch=0x200000000"
	"shell|--shell --report-runs 3 --nodes 2 --mem 2G|nodes=2 report_mode=1 report_runs=3"
	"srat_zero_length|--srat @ZEROLEN@ --mem 4G|nodes=1 log=SRAT:~zero-length~entry~at~offset~0x50"
	"srat_bad_checksum_file|--add @BADSUM@ --args srat=\\bad.bin --mem 2G|nodes=1 log=srat~file:~SRAT:~bad~checksum.*at~offset~0x9"
	"dump_replay|--dump @DIR@/dump --nodes 2 --mem 4G --dist=31|nodes=2 replay=1"
	"report_verbose|--args report~verbose --mem 2G|reports=1 nodes=2 secs=60 out=^run-qemu.sh:~report~done~in log=^memmap:~[0-9]+~descriptors~of~[0-9]+~bytes log=^memmap:~conventional~start=0x log=^numa:~srat~revision=1"
	"loader_fail_kernel|--args kernel=\\nope.elf --mem 2G|expect_rc=1 reports=0 secs=60 out=^run-qemu.sh:~bootmem2-loader:~FAIL~kernel~\\\\nope\\.elf:~cannot~read:~EFI_NOT_FOUND~\\("
	"loader_fail_word|--args verbose~~bogus --mem 2G|expect_rc=1 reports=0 secs=60 out=^run-qemu.sh:~bootmem2-loader:~FAIL~cmdline:~unknown~option~'bogus'~at~position~9~\\("
	"srat_file_missing|--args srat=\\typo.bin --mem 2G|expect_rc=1 reports=0 secs=60 out=^run-qemu.sh:~bootmem2-loader:~FAIL~srat=\\\\typo\\.bin:~cannot~read:~EFI_NOT_FOUND~\\("
	"stale_key|--args stalekey --mem 2G|nodes=2 log=^bootmem2:~ExitBootServices~ok~\\(attempt~2\\)"
	"nearest|--keep --args dump --nodes 3 --mem 3G --memoryless 1 --distances 10,20,30,40;20,10,20,30;30,20,10,25;40,30,15,10|nodes=4 empty=3 cpuonly=3 above4g=2 log=^kernel:~distances~from~node~3:~40~30~15~10$ log=^kernel:~node~3~\\(no~memory\\):~64~KiB~from~node~2,~distance~15$ log=^kernel:~node~1:~64~KiB~from~node~1,~distance~10$ sim_nearest=3:2:15"
	"kernel_moved|--args occupy64m --mem 2G|nodes=2 log=^bootmem2:~occupy64m:~holding~0x4000000-0x4200000 kernel_not_at=0x4000000 log=^kernel:~running~at~.*linked~at~0x0,~[1-9][0-9]*~relocations~applied"
	"kernel_exec|--add @KERNEL_EXEC@ --args kernel=\\kernel-exec.elf --mem 2G|nodes=2 kernel_at=0x4000000 log=^kernel:~running~at~0x4000000-0x[0-9a-f]*~\\(fixed~address,~linked~there\\)"
	"kernel_exec_taken|--add @KERNEL_EXEC@ --args kernel=\\kernel-exec.elf~occupy64m --mem 2G|expect_rc=1 reports=0 secs=60 out=^run-qemu.sh:~bootmem2-loader:~FAIL~AllocatePages\\(kernel,~0x4000000-0x[0-9a-f]*\\):~EFI_NOT_FOUND~\\(the~range~is~taken~by~firmware\\)"
	"fault_pf|--args k.fault=pf --mem 2G|expect_rc=1 log=CPU~exception~14~\\(#PF~page~fault\\).*cr2=0x200000000000"
	"fault_ud|--args k.fault=ud --mem 2G|expect_rc=1 log=^bootmem2-kernel:~FAIL~exception~6~at~rip="
	"mem64g|--nodes 2 --mem 64G|nodes=2 node_mem=0:32G node_mem=1:32G"
	"mem256g|--nodes 2 --mem 256G|nodes=2 node_mem=0:128G node_mem=1:128G"
)

# ---- hostile tables, made from the shipped interleave SRAT ----------------------
make_tables() {
	local t=$OUT/tables
	mkdir -p "$t"
	cp tests/boot/tables/interleave.dsl "$t/srat.dsl"
	(cd "$t" && iasl -p srat srat.dsl > iasl.log 2>&1) || { cat "$t/iasl.log"; return 1; }
	# First memory affinity entry: header 48 + two 16-byte CPU entries = 0x50;
	# its length byte is at 0x51. QEMU recomputes the checksum of -acpitable.
	cp "$t/srat.aml" "$t/zerolen.bin"
	printf '\0' | dd of="$t/zerolen.bin" bs=1 seek=81 conv=notrunc status=none
	# A wrong checksum byte (offset 9): only reachable as a file on the ESP.
	cp "$t/srat.aml" "$t/bad.bin"
	local c
	c=$(od -An -tu1 -j9 -N1 "$t/srat.aml" | tr -d ' ')
	printf "\\$(printf '%03o' $(((c + 1) % 256)))" | dd of="$t/bad.bin" bs=1 seek=9 conv=notrunc status=none
}

# ---- checks ----------------------------------------------------------------------------
# Report groups: every "bootmem2: nodes=" header starts one; the loader's boot
# report and the kernel's are the last two.
report_groups() {   # report_groups LOG -> files LOG.g1, LOG.g2, ...
	awk -v base="$1" '
		/^bootmem2: nodes=/ { g++ }
		/^(bootmem2: nodes=|node [0-9]+ pxm=|block [0-9]+ node=|reserved start=)/ && g { print > (base ".g" g) }
		END { print g + 0 }' "$1.clean"
}

size_bytes() {  # 2G -> bytes
	local v=${1%[GM]}
	case "$1" in *G) echo $((v * GIB)) ;; *M) echo $((v * 1048576)) ;; esac
}

check_case() {   # check_case NAME LOG CHECKS... ; prints a reason and returns 1 on failure
	local name=$1 log=$2; shift 2
	local n k last prev
	sed 's/\x1b\[[0-9;=?]*[A-Za-z]//g; s/\r$//' "$log" > "$log.clean"
	rm -f "$log".g*
	n=$(report_groups "$log")
	# reports=N: a run that stops in the loader (report mode: 1, a loader
	# failure: 0); by default the loader's and the kernel's, which must agree.
	local want_reports=2 all=" $* "
	case "$all" in *" reports="*) want_reports=${all##* reports=}; want_reports=${want_reports%% *} ;; esac
	if [ "$want_reports" -lt 2 ]; then
		[ "$n" -eq "$want_reports" ] || { echo "$n reports in the log, want $want_reports"; return 1; }
	elif [ "$n" -lt 2 ]; then
		echo "fewer than two reports in the log"; return 1
	fi
	last=$log.g$n; prev=$log.g$((n - 1))
	if [ "$want_reports" -ge 2 ] && ! cmp -s "$last" "$prev"; then
		echo "loader and kernel reports differ: $(diff "$prev" "$last" | head -n 3 | tr '\n' ' ')"
		return 1
	fi
	for c in "$@"; do
		k=${c%%=*}; v=${c#*=}
		case "$k" in
		nodes)
			grep -q "^bootmem2: nodes=$v " "$last" || { echo "want nodes=$v: $(head -n1 "$last")"; return 1; } ;;
		node_mem)   # nid:SIZE  total_pages within SIZE and >= 90% of it
			local nid=${v%%:*} want got
			want=$(size_bytes "${v#*:}")
			got=$(awk -v n="$nid" '$1 == "node" && $2 == n { sub("total_pages=", "", $5); printf "%.0f\n", $5 * 4096 }' "$last")
			[ -n "$got" ] || { echo "no node $nid line"; return 1; }
			if [ "$got" -gt "$want" ] || [ $((got * 10)) -lt $((want * 9)) ]; then
				echo "node $nid has $got bytes, want <= $want and >= 90%"; return 1
			fi ;;
		above4g)   # node v has a block at >= 4 GiB and none below
			awk -v n="$v" "$AWKLIB"'
				$1 == "block" { split($3, a, "="); split($4, s, "=");
				if (a[2] == n) { if (hex(s[2]) >= 4294967296) hi++; else lo++ } }
				END { exit !(hi > 0 && lo == 0) }' "$last" ||
				{ echo "node $v should own only blocks above 4 GiB"; return 1; } ;;
		below4g)   # node v owns only blocks below 4 GiB
			awk -v n="$v" "$AWKLIB"'
				$1 == "block" { split($3, a, "="); split($5, e, "=");
				if (a[2] == n) { if (hex(e[2]) <= 4294967296) lo++; else hi++ } }
				END { exit !(lo > 0 && hi == 0) }' "$last" ||
				{ echo "node $v should own only blocks below 4 GiB"; return 1; } ;;
		split)     # the PCI hole splits node v: blocks on both sides of 4 GiB
			awk -v n="$v" "$AWKLIB"'
				$1 == "block" { split($3, a, "="); split($4, s, "=");
				if (a[2] == n) { if (hex(s[2]) >= 4294967296) hi++; else lo++ } }
				END { exit !(hi > 0 && lo > 0) }' "$last" ||
				{ echo "node $v should have blocks below and above the 4 GiB hole"; return 1; } ;;
		empty)
			grep -q "^node $v pxm=[0-9]* blocks=0 total_pages=0 " "$last" ||
				{ echo "node $v should be listed with blocks=0"; return 1; } ;;
		cpuonly)
			grep -q "^kernel: node $v pxm=[0-9]* has no memory (CPUs only)" "$log.clean" ||
				{ echo "kernel did not report node $v as CPU-only"; return 1; } ;;
		hotplug)   # the empty hot-pluggable range, in words, from loader and kernel
			grep -q -E "^hotplug: node [0-9]+ range 0x[0-9a-f]+-0x[0-9a-f]+ can take memory plugged in later; empty now: no blocks$" "$log.clean" ||
				{ echo "the loader did not explain the hot-pluggable range"; return 1; }
			grep -q -E "^kernel: node [0-9]+ range 0x[0-9a-f]+-0x[0-9a-f]+ can take memory plugged in later \(hotplug\); empty now: no blocks$" "$log.clean" ||
				{ echo "the kernel did not explain the hot-pluggable range"; return 1; } ;;
		slit)      # v distance rows (10 local, 20 remote), from loader and kernel
			[ "$(grep -c '^kernel: distances from node ' "$log.clean")" -eq "$v" ] &&
			grep -q "^kernel: distances from node 0: 10 20 20 20$" "$log.clean" ||
				{ echo "SLIT not handed over ($v rows, 10/20)"; return 1; }
			grep -q "^distances from node 3: 20 20 20 10$" "$log.clean" &&
			grep -q "^kernel: distances: ACPI SLIT, relative cost" "$log.clean" ||
				{ echo "distances not explained by loader and kernel"; return 1; } ;;
		node_blocks_min)
			local nid=${v%%:*} min=${v#*:}
			awk -v n="$nid" -v m="$min" '$1 == "node" && $2 == n { split($4, b, "="); exit !(b[2] >= m) }' "$last" ||
				{ echo "node $nid should own at least $min blocks"; return 1; } ;;
		touch)     # a block of one node ends at v and one of another node starts there
			awk -v at="$v" "$AWKLIB"'
				$1 == "block" { split($3, a, "="); split($4, s, "="); split($5, e, "=");
				if (hex(e[2]) == hex(at)) en = a[2]; if (hex(s[2]) == hex(at)) sn = a[2] }
				END { exit !(en != "" && sn != "" && en != sn) }' "$last" ||
				{ echo "no blocks of different nodes touching at $v"; return 1; } ;;
		expect_rc|reports|secs) ;;   # handled by run_case / above
		kernel_at|kernel_not_at)   # where the kernel runs (its own line and what=kernel)
			local at resv
			at=$(sed -n 's/^kernel: running at \(0x[0-9a-f]*\)-.*/\1/p' "$log.clean" | head -n 1)
			resv=$(sed -n 's/^reserved start=\(0x[0-9a-f]*\) .* what=kernel$/\1/p' "$last" | head -n 1)
			[ -n "$at" ] || { echo "no 'kernel: running at' line"; return 1; }
			[ "$at" = "$resv" ] || { echo "kernel runs at $at, reserved what=kernel at '$resv'"; return 1; }
			if [ "$k" = kernel_at ]; then
				[ "$at" = "$v" ] || { echo "kernel runs at $at, want $v"; return 1; }
			else
				[ "$at" != "$v" ] || { echo "kernel runs at $v, want another address"; return 1; }
			fi ;;
		replay)    # --dump: the replay line run-qemu.sh printed, run: same nodes, blocks, pages
			local d want got cmd
			d=$(dirname "$log")
			cmd=$(sed -n 's/^run-qemu.sh: replay: //p' "$d/run.out")
			[ "$cmd" = "build/host/bootmem2-sim --srat $d/dump/srat.bin --slit $d/dump/slit.bin --memmap $d/dump/memmap.bin" ] ||
				{ echo "replay line is '$cmd'"; return 1; }
			# shellcheck disable=SC2086
			got=$($cmd | head -n 1 | awk '{ print $2, $3, $4 }')
			want=$(head -n 1 "$last" | awk '{ print $2, $3, $4 }')
			[ -n "$got" ] && [ "$got" = "$want" ] ||
				{ echo "bootmem2-sim on the dump says '$got', the loader '$want'"; return 1; } ;;
		sim_nearest)   # nid:memory_node:distance, from bootmem2-sim on the loader's dump
			local d got
			d=$(dirname "$log")
			mcopy -o -i "$d/esp.img" ::/memmap.bin ::/srat.bin ::/slit.bin "$d/" 2>/dev/null ||
				{ echo "memmap.bin/srat.bin/slit.bin not on the ESP"; return 1; }
			got=$(build/host/bootmem2-sim --srat "$d/srat.bin" --slit "$d/slit.bin" \
				--memmap "$d/memmap.bin" | grep "^nearest node=${v%%:*} ")
			[ "$got" = "nearest node=${v%%:*} memory_node=$(echo "$v" | cut -d: -f2) distance=${v##*:}" ] ||
				{ echo "bootmem2-sim on the dump says '$got', want node ${v%%:*} served by $v"; return 1; } ;;
		out)       # a line of run-qemu.sh's own output (extended regex; '~' is a space)
			grep -q -E "${v//\~/ }" "$(dirname "$log")/run.out" ||
				{ echo "run-qemu.sh output lacks /${v//\~/ }/: $(tail -n 1 "$(dirname "$log")/run.out")"; return 1; } ;;
		report_mode)
			grep -q "^bootmem2: report done" "$log.clean" || { echo "report mode did not finish"; return 1; }
			grep -q "^bootmem2: test: node 1 page" "$log.clean" || { echo "no test page on node 1"; return 1; } ;;
		report_runs)   # N report runs in one shell; runs 2.. start with the same firmware free pages
			n=$(grep -c "^bootmem2: report done" "$log.clean")
			[ "$n" -eq "$v" ] || { echo "$n of $v report runs finished"; return 1; }
			n=$(grep "^bootmem2: firmware free_pages=" "$log.clean" | tail -n +2 | sort -u | wc -l)
			[ "$n" -eq 1 ] || { echo "report mode leaks: firmware free_pages differ between runs ($(grep -o 'free_pages=[0-9]*' "$log.clean" | head -n "$v" | tr '\n' ' '))"; return 1; } ;;
		log)       # an extended regex; '~' stands for a space
			grep -q -E "${v//\~/ }" "$log.clean" || { echo "log lacks /${v//\~/ }/"; return 1; } ;;
		*) echo "unknown check $k"; return 1 ;;
		esac
	done
	return 0
}

run_case() {   # run_case "name|args|checks"
	local spec=$1 name args checks dir start rc reason secs max_secs want_rc
	name=${spec%%|*}; spec=${spec#*|}; args=${spec%%|*}; checks=${spec#*|}
	dir=$OUT/$name
	args=${args//@ZEROLEN@/$OUT/tables/zerolen.bin}
	args=${args//@BADSUM@/$OUT/tables/bad.bin}
	args=${args//@DIR@/$dir}
	args=${args//@KERNEL_EXEC@/$ROOT/build/kernel/kernel-exec.elf}
	local -a argv
	read -r -a argv <<< "$args"
	argv=("${argv[@]//\~/ }")
	rm -rf "$dir"; mkdir -p "$dir"
	start=$(date +%s)
	./run-qemu.sh --no-build --quiet --workdir "$dir" --timeout "${QEMU_TIMEOUT:-240}" "${argv[@]}" \
		> "$dir/run.out" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	want_rc=0
	case " $checks " in *" expect_rc="*) want_rc=${checks##*expect_rc=}; want_rc=${want_rc%% *} ;; esac
	max_secs=""
	case " $checks " in *" secs="*) max_secs=${checks##*secs=}; max_secs=${max_secs%% *} ;; esac
	if [ $rc -ne "$want_rc" ]; then
		reason="run-qemu.sh exit $rc (want $want_rc): $(grep -v '^  |' "$dir/run.out" | tail -n 1)"
	elif [ -n "$max_secs" ] && [ "$secs" -gt "$max_secs" ]; then
		reason="run-qemu.sh took ${secs}s, more than $max_secs: it should stop at the verdict"
	else
		# shellcheck disable=SC2086
		reason=$(check_case "$name" "$dir/serial.log" $checks) && reason=""
	fi
	if [ -z "$reason" ]; then
		echo "ok qemu_$name ($(($(date +%s) - start))s)" > "$dir/result"
	else
		echo "FAIL qemu_$name: $reason ($(($(date +%s) - start))s, log $dir/serial.log)" > "$dir/result"
	fi
	cat "$dir/result"
}

for f in build/efi/bootmem2.efi build/kernel/kernel.elf build/kernel/kernel-exec.elf \
	build/host/bootmem2-sim; do [ -e "$f" ] ||
	{ echo "FAIL qemu_build: $f missing (make test builds it)"; exit 1; }; done
make_tables || { echo "FAIL qemu_tables: iasl could not build the test SRATs"; exit 1; }

selected=()
for c in "${CASES[@]}"; do
	name=${c%%|*}
	if [ $# -eq 0 ]; then selected+=("$c"); continue; fi
	for want in "$@"; do [ "$want" = "$name" ] && selected+=("$c"); done
done

running=0
for c in "${selected[@]}"; do
	run_case "$c" &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait
failed=0
for c in "${selected[@]}"; do
	grep -q '^ok ' "$OUT/${c%%|*}/result" 2>/dev/null || failed=1
done
exit $failed

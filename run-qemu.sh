#!/usr/bin/env bash
# run-qemu.sh - build bootmem2 and boot OVMF -> loader -> kernel in QEMU.
#
# Exit status: 0 only when the kernel printed "bootmem2-kernel: PASS" and left
# QEMU through isa-debug-exit with value 0; 1 kernel/loader FAIL; 2 usage or
# missing packages; 3 timeout; 4 QEMU error or no verdict. See --help.
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROG=run-qemu.sh

# ---- defaults ----------------------------------------------------------------
MEM=""            # total memory; default 4G (8G for --layout interleave)
NODES=2
NODE_MEM=""       # A,B,... uneven split
MEMORYLESS=0
CPUS=""
HOTPLUG=""
DIST=""           # remote distance for the SLIT; "" = no SLIT
DISTANCES=""      # a full SLIT, rows separated by ';' (--distances)
NO_NUMA=0
SRAT_FILE=""
LAYOUT=""
SHELL_MODE=0
REPORT_RUNS=1
ARGS=""
ARGS_SET=0
KVM=0
GDB=0
TIMEOUT=120
LOG=""
KEEP=0
WORKDIR=""
BUILD=1
QUIET=0
DRY_RUN=0
ADD_FILES=()
EXTRA=()

OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
QEMU=${QEMU:-qemu-system-x86_64}

usage() {
	cat <<'EOF'
usage: ./run-qemu.sh [options] [-- extra qemu arguments]

Builds the loader and the kernel, makes an EFI system partition (a FAT image
made with mtools: EFI/BOOT/BOOTX64.EFI, bootmem2.efi, kernel.elf), boots OVMF
in QEMU (q35, TCG) and streams the serial log to the terminal and to
build/qemu/serial.log. Exits 0 only when the kernel printed
"bootmem2-kernel: PASS"; otherwise non-zero with the reason.

Machine (defaults: 2 nodes, 4G split evenly, 2 CPUs):
  --mem SIZE          total memory, e.g. 4G, 512M, 256G (split evenly over nodes)
  --nodes N           NUMA nodes with memory (1..64)
  --node-mem A,B,...  uneven split, one size per node, e.g. --node-mem 1G,3G
                      (sets --nodes and --mem)
  --memoryless N      N extra nodes with CPUs and no memory
  --cpus N            CPUs (at least one per node; default max(2, nodes))
  --hotplug SIZE      add memory hotplug slots and maxmem = mem + SIZE: the
                      SRAT gets a hot-pluggable range with no memory behind it
  --dist[=D]          add a SLIT: 10 local, D remote (default 20)
  --distances "M"     add a SLIT given as a full matrix over all nodes (--nodes
                      + --memoryless), rows separated by ';', values by ',':
                      row i column j = distance from node i to node j,
                      10..255, 10 on the diagonal; may be asymmetric (QEMU
                      gets both directions of every pair), e.g.
                      --memoryless 1 --distances "10,20,40;20,10,15;40,15,10"
  --no-numa           no -numa options: no SRAT, one node
  --srat FILE         inject FILE (.bin table, or .dsl/.asl compiled with iasl)
                      as the SRAT with -acpitable, instead of QEMU's -numa
  --layout interleave memory striped in 2 GiB pieces over 2 nodes by a shipped
                      SRAT (tests/boot/tables/interleave.dsl, 8G guest): each
                      node owns several blocks, contiguous blocks belong to
                      different nodes
  --kvm               use KVM instead of TCG
  --gdb               start QEMU with a gdb stub on :1234, halted (-s -S)

Loader:
  --args "..."        loader command line, e.g. --args "verbose srat=\bad.bin";
                      runs the loader from the EFI shell (startup.nsh)
  --shell             boot into the EFI shell; startup.nsh runs
                      "bootmem2.efi report" then "bootmem2.efi boot"
  --report-runs N     with --shell: run "bootmem2.efi report" N times (1..9)
                      in the same shell session before booting
  --add FILE          copy FILE to the root of the ESP (repeatable), e.g. a
                      table for srat=

Run:
  --timeout S         seconds before QEMU is killed (default 120)
  --log FILE          serial log (default build/qemu/serial.log)
  --workdir DIR       ESP, OVMF vars and log directory (default build/qemu)
  --keep              keep the ESP image afterwards
  --no-build          do not run make first
  --quiet             do not stream the serial log, only the verdict
  --dry-run           print the QEMU command line and exit (no build, no boot)
  -h, --help          this text

Examples:
  ./run-qemu.sh                              # 2 nodes x 2G, boot, expect PASS
  ./run-qemu.sh --nodes 4 --mem 8G --dist    # 4 nodes with a SLIT
  ./run-qemu.sh --node-mem 1G,3G --memoryless 1
  ./run-qemu.sh --nodes 2 --memoryless 1 --distances "10,20,40;20,10,15;40,15,10"
  ./run-qemu.sh --layout interleave
  ./run-qemu.sh --mem 256G --nodes 2         # > 64G: phys-bits=46; > 8G: reserve=off
  ./run-qemu.sh --shell
  ./run-qemu.sh --add bad.bin --args 'srat=\bad.bin'
EOF
}

die() {
	echo "$PROG: $*" >&2
	exit 2
}

need_arg() {
	[ $# -ge 2 ] && [ -n "$2" ] || die "option $1 needs a value (see --help)"
}

# ---- options -----------------------------------------------------------------
while [ $# -gt 0 ]; do
	case "$1" in
	--mem) need_arg "$@"; MEM=$2; shift 2 ;;
	--nodes) need_arg "$@"; NODES=$2; shift 2 ;;
	--node-mem) need_arg "$@"; NODE_MEM=$2; shift 2 ;;
	--memoryless) need_arg "$@"; MEMORYLESS=$2; shift 2 ;;
	--cpus) need_arg "$@"; CPUS=$2; shift 2 ;;
	--hotplug) need_arg "$@"; HOTPLUG=$2; shift 2 ;;
	--dist) DIST=20; shift ;;
	--dist=*) DIST=${1#--dist=}; shift ;;
	--distances) need_arg "$@"; DISTANCES=$2; shift 2 ;;
	--no-numa) NO_NUMA=1; shift ;;
	--srat) need_arg "$@"; SRAT_FILE=$2; shift 2 ;;
	--layout) need_arg "$@"; LAYOUT=$2; shift 2 ;;
	--shell) SHELL_MODE=1; shift ;;
	--report-runs) need_arg "$@"; REPORT_RUNS=$2; shift 2 ;;
	--args) [ $# -ge 2 ] || die "option --args needs a value"; ARGS=$2; ARGS_SET=1; shift 2 ;;
	--add) need_arg "$@"; ADD_FILES+=("$2"); shift 2 ;;
	--kvm) KVM=1; shift ;;
	--gdb) GDB=1; shift ;;
	--timeout) need_arg "$@"; TIMEOUT=$2; shift 2 ;;
	--log) need_arg "$@"; LOG=$2; shift 2 ;;
	--workdir) need_arg "$@"; WORKDIR=$2; shift 2 ;;
	--keep) KEEP=1; shift ;;
	--no-build) BUILD=0; shift ;;
	--quiet) QUIET=1; shift ;;
	--dry-run) DRY_RUN=1; shift ;;
	-h|--help) usage; exit 0 ;;
	--) shift; EXTRA=("$@"); break ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done

# ---- sizes -------------------------------------------------------------------
# to_mib SIZE: "4G" -> 4096, "512M" -> 512, "1T" -> 1048576; plain numbers are MiB.
to_mib() {
	local s=${1^^} n unit
	[[ $s =~ ^([0-9]+)([KMGT]?)I?B?$ ]] || die "bad size '$1' (use e.g. 512M, 4G, 1T)"
	n=${BASH_REMATCH[1]}; unit=${BASH_REMATCH[2]}
	case "$unit" in
	K) [ $((n % 1024)) -eq 0 ] || die "size '$1' is not a whole MiB"; echo $((n / 1024)) ;;
	""|M) echo "$n" ;;
	G) echo $((n * 1024)) ;;
	T) echo $((n * 1024 * 1024)) ;;
	esac
}

is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }

is_uint "$NODES" && [ "$NODES" -ge 1 ] && [ "$NODES" -le 64 ] || die "--nodes must be 1..64"
is_uint "$MEMORYLESS" && [ "$MEMORYLESS" -le 64 ] || die "--memoryless must be 0..64"
is_uint "$TIMEOUT" && [ "$TIMEOUT" -ge 1 ] || die "--timeout must be a positive number of seconds"
[ -z "$DIST" ] || { is_uint "$DIST" && [ "$DIST" -gt 10 ] && [ "$DIST" -le 254 ]; } ||
	die "--dist=D needs 10 < D <= 254"
[[ $REPORT_RUNS =~ ^[1-9]$ ]] || die "--report-runs must be 1..9"
[ "$REPORT_RUNS" = 1 ] || [ "$SHELL_MODE" = 1 ] || die "--report-runs needs --shell"
[ -z "$LAYOUT" ] || [ "$LAYOUT" = interleave ] || die "unknown layout '$LAYOUT' (only: interleave)"
[ -z "$CPUS" ] || { is_uint "$CPUS" && [ "$CPUS" -ge 1 ] && [ "$CPUS" -le 255 ]; } ||
	die "--cpus must be 1..255"

NUMA=1
if [ "$NO_NUMA" = 1 ] || [ -n "$SRAT_FILE" ] || [ -n "$LAYOUT" ]; then
	NUMA=0
fi
if [ "$NUMA" = 0 ] && { [ -n "$NODE_MEM" ] || [ "$MEMORYLESS" -gt 0 ] || [ -n "$DIST" ] || [ -n "$HOTPLUG" ]; }; then
	die "--node-mem/--memoryless/--dist/--hotplug need QEMU's NUMA (not with --no-numa, --srat, --layout)"
fi
[ "$NO_NUMA" = 1 ] && [ -n "$SRAT_FILE$LAYOUT" ] && die "--no-numa excludes --srat and --layout"
[ -n "$SRAT_FILE" ] && [ -n "$LAYOUT" ] && die "--srat and --layout exclude each other"

declare -a NODE_MIB=()
if [ -n "$NODE_MEM" ]; then
	IFS=, read -r -a parts <<< "$NODE_MEM"
	total=0
	for p in "${parts[@]}"; do
		m=$(to_mib "$p") || exit 2
		[ "$m" -gt 0 ] || die "--node-mem sizes must be > 0"
		NODE_MIB+=("$m"); total=$((total + m))
	done
	NODES=${#NODE_MIB[@]}
	[ -z "$MEM" ] || [ "$(to_mib "$MEM")" -eq "$total" ] || die "--mem differs from the sum of --node-mem"
	MEM_MIB=$total
else
	if [ -n "$MEM" ]; then
		MEM_MIB=$(to_mib "$MEM") || exit 2
	elif [ -n "$LAYOUT" ]; then
		MEM_MIB=8192
	else
		MEM_MIB=4096
	fi
	if [ "$NUMA" = 1 ]; then
		[ "$MEM_MIB" -ge "$NODES" ] || die "--mem too small for $NODES nodes"
		for ((i = 0; i < NODES; i++)); do
			# Even split in MiB; the last node takes the remainder.
			if [ $i -lt $((NODES - 1)) ]; then
				NODE_MIB+=($((MEM_MIB / NODES)))
			else
				NODE_MIB+=($((MEM_MIB - (MEM_MIB / NODES) * (NODES - 1))))
			fi
		done
	fi
fi
[ "$MEM_MIB" -ge 256 ] || die "--mem must be at least 256M (OVMF needs it)"
[ -n "$LAYOUT" ] && [ "$MEM_MIB" -ne 8192 ] && die "--layout interleave is made for an 8G guest"

TOTAL_NODES=$((NUMA ? NODES + MEMORYLESS : 1))
if [ -z "$CPUS" ]; then
	CPUS=$((TOTAL_NODES > 2 ? TOTAL_NODES : 2))
fi
[ "$NUMA" = 0 ] || [ "$CPUS" -ge "$MEMORYLESS" ] || die "--cpus must be at least --memoryless (each such node needs a CPU)"
# ---- --distances: a full SLIT ------------------------------------------------------
# Row i, column j is the distance from node i to node j. Every pair goes to
# QEMU in both directions, so asymmetric matrices are fine; one bad value,
# a ragged row or a row count other than the node count is a usage error.
declare -a DIST_ARGS=()
if [ -n "$DISTANCES" ]; then
	[ "$NUMA" = 1 ] || die "--distances needs QEMU's NUMA (not with --no-numa, --srat, --layout)"
	[ -z "$DIST" ] || die "--dist and --distances exclude each other"
	DISTANCES=${DISTANCES//[[:space:]]/}
	IFS=';' read -r -a drows <<< "$DISTANCES"
	[ "${#drows[@]}" -eq "$TOTAL_NODES" ] || die "--distances: ${#drows[@]} rows for $TOTAL_NODES nodes (--nodes + --memoryless): give a full $TOTAL_NODES x $TOTAL_NODES matrix"
	for ((i = 0; i < TOTAL_NODES; i++)); do
		IFS=',' read -r -a dcols <<< "${drows[$i]}"
		[ "${#dcols[@]}" -eq "$TOTAL_NODES" ] ||
			die "--distances: row $i has ${#dcols[@]} values, expected $TOTAL_NODES (a full matrix)"
		for ((j = 0; j < TOTAL_NODES; j++)); do
			v=${dcols[$j]}
			[[ $v =~ ^[0-9]+$ ]] || die "--distances: row $i column $j: '$v' is not a number"
			{ [ ${#v} -le 9 ] && [ "$((10#$v))" -ge 10 ] && [ "$((10#$v))" -le 255 ]; } ||
				die "--distances: row $i column $j: $v is outside 10..255"
			v=$((10#$v))
			if [ "$i" -eq "$j" ]; then
				[ "$v" -eq 10 ] || die "--distances: row $i column $j: the local distance must be 10, not $v"
				continue
			fi
			DIST_ARGS+=(-numa "dist,src=$i,dst=$j,val=$v")
		done
	done
fi

# Above 64G the guest needs 46 physical address bits (BIG); from 8G on the
# guest RAM is not reserved up front (reserve=off): a 256G guest boots on a
# 24G host because only what the guest touches is ever backed.
BIG=0
LARGE=0
HOTPLUG_MIB=0
if [ -n "$HOTPLUG" ]; then
	HOTPLUG_MIB=$(to_mib "$HOTPLUG") || exit 2
	[ "$HOTPLUG_MIB" -gt 0 ] || die "--hotplug must be > 0"
fi
[ $((MEM_MIB + HOTPLUG_MIB)) -gt 65536 ] && BIG=1
[ "$MEM_MIB" -gt 8192 ] && LARGE=1

# ---- packages ----------------------------------------------------------------
check_packages() {
	local missing=() pkg
	command -v "$QEMU" >/dev/null 2>&1 || missing+=(qemu-system-x86)
	[ -f "$OVMF_CODE" ] && [ -f "$OVMF_VARS" ] || missing+=(ovmf)
	[ -f /usr/include/efi/efi.h ] && [ -f /usr/lib/crt0-efi-x86_64.o ] || missing+=(gnu-efi)
	command -v mcopy >/dev/null 2>&1 || missing+=(mtools)
	command -v mkfs.fat >/dev/null 2>&1 || missing+=(dosfstools)
	command -v iasl >/dev/null 2>&1 || missing+=(acpica-tools)
	command -v make >/dev/null 2>&1 && command -v gcc >/dev/null 2>&1 || missing+=(build-essential)
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "$PROG: installing ${missing[*]}"
		DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
			die "apt-get install ${missing[*]} failed"
		return 0
	fi
	echo "$PROG: missing packages: ${missing[*]}" >&2
	echo "$PROG: install them with:" >&2
	echo "  sudo apt-get install -y ${missing[*]}" >&2
	exit 2
}
[ "$DRY_RUN" = 1 ] && BUILD=0 || check_packages

# ---- build -------------------------------------------------------------------
cd "$ROOT" || exit 2
if [ "$BUILD" = 1 ]; then
	make -s efi kernel >/dev/null || { echo "$PROG: build failed (run 'make efi kernel' to see why)" >&2; exit 2; }
fi
EFI_APP=$ROOT/build/efi/bootmem2.efi
KERNEL=$ROOT/build/kernel/kernel.elf
if [ "$DRY_RUN" = 0 ] && { [ ! -f "$EFI_APP" ] || [ ! -f "$KERNEL" ]; }; then
	die "build/efi/bootmem2.efi or build/kernel/kernel.elf missing (run without --no-build)"
fi

WORKDIR=${WORKDIR:-$ROOT/build/qemu}
mkdir -p "$WORKDIR" || die "cannot create $WORKDIR"
LOG=${LOG:-$WORKDIR/serial.log}
mkdir -p "$(dirname "$LOG")"
ESP=$WORKDIR/esp.img
VARS=$WORKDIR/OVMF_VARS.fd

# ---- ACPI tables for --srat / --layout -----------------------------------------
SRAT_BIN=""
compile_table() {   # compile_table SRC OUT: .dsl/.asl through iasl, .bin/.aml as is
	local src=$1 out=$2 tmp
	case "$src" in
	*.dsl|*.asl)
		tmp=$(mktemp -d "$WORKDIR/iasl.XXXXXX")
		cp "$src" "$tmp/table.dsl"
		(cd "$tmp" && iasl -p table table.dsl >iasl.log 2>&1) ||
			{ cat "$tmp/iasl.log" >&2; rm -rf "$tmp"; die "iasl could not compile $src"; }
		cp "$tmp/table.aml" "$out"; rm -rf "$tmp" ;;
	*) cp "$src" "$out" ;;
	esac
}
if [ -n "$SRAT_FILE" ]; then
	[ -f "$SRAT_FILE" ] || die "--srat: no such file: $SRAT_FILE"
	SRAT_BIN=$WORKDIR/srat-inject.bin
	[ "$DRY_RUN" = 1 ] || compile_table "$SRAT_FILE" "$SRAT_BIN"
elif [ "$LAYOUT" = interleave ]; then
	SRAT_BIN=$WORKDIR/srat-interleave.bin
	[ "$DRY_RUN" = 1 ] || compile_table "$ROOT/tests/boot/tables/interleave.dsl" "$SRAT_BIN"
fi

# ---- ESP -----------------------------------------------------------------------
make_esp() {
rm -f "$ESP"
mkfs.fat -C -F 32 -n BOOTMEM2 "$ESP" 65536 >/dev/null || die "mkfs.fat failed"
mmd -i "$ESP" ::/EFI ::/EFI/BOOT || die "mmd failed"
mcopy -i "$ESP" "$EFI_APP" ::/bootmem2.efi && mcopy -i "$ESP" "$KERNEL" ::/kernel.elf ||
	die "mcopy failed"
for f in "${ADD_FILES[@]}"; do
	[ -f "$f" ] || die "--add: no such file: $f"
	mcopy -i "$ESP" "$f" "::/$(basename "$f")" || die "mcopy $f failed"
done
if [ "$SHELL_MODE" = 1 ] || [ "$ARGS_SET" = 1 ]; then
	# No BOOTX64.EFI: OVMF falls through to its built-in shell, which runs
	# startup.nsh from the first file system.
	{
		printf 'fs0:\r\n'
		if [ "$SHELL_MODE" = 1 ]; then
			for ((r = 0; r < REPORT_RUNS; r++)); do
				printf 'bootmem2.efi report %s\r\n' "$ARGS"
			done
		fi
		printf 'bootmem2.efi boot %s\r\n' "$ARGS"
		printf 'echo "bootmem2-loader: FAIL the loader returned to the shell"\r\n'
	} > "$WORKDIR/startup.nsh"
	mcopy -i "$ESP" "$WORKDIR/startup.nsh" ::/startup.nsh || die "mcopy startup.nsh failed"
else
	mcopy -i "$ESP" "$EFI_APP" ::/EFI/BOOT/BOOTX64.EFI || die "mcopy failed"
fi
cp "$OVMF_VARS" "$VARS" || die "cannot copy $OVMF_VARS"
}
[ "$DRY_RUN" = 1 ] || make_esp

# ---- QEMU command line -------------------------------------------------------------
MACHINE=q35
[ "$LARGE" = 1 ] && [ "$NUMA" = 0 ] && MACHINE+=",memory-backend=ram0"
MOPT="${MEM_MIB}M"
[ -n "$HOTPLUG" ] && MOPT+=",slots=2,maxmem=$((MEM_MIB + HOTPLUG_MIB))M"
QARGS=(-machine "$MACHINE" -m "$MOPT" -smp "$CPUS" -nic none -display none -no-reboot
	-drive "if=pflash,format=raw,unit=0,file=$OVMF_CODE,readonly=on"
	-drive "if=pflash,format=raw,unit=1,file=$VARS"
	-drive "file=$ESP,format=raw,if=virtio"
	-serial "file:$LOG"
	-device isa-debug-exit,iobase=0xf4,iosize=0x04)
RESERVE=""
[ "$LARGE" = 1 ] && RESERVE=",reserve=off"
[ "$BIG" = 1 ] && QARGS+=(-cpu qemu64,phys-bits=46)
if [ "$KVM" = 1 ]; then
	QARGS+=(-accel kvm)
else
	QARGS+=(-accel tcg)
fi
[ "$GDB" = 1 ] && QARGS+=(-s -S)
if [ "$NUMA" = 1 ]; then
	for ((i = 0; i < NODES; i++)); do
		QARGS+=(-object "memory-backend-ram,id=m$i,size=${NODE_MIB[$i]}M$RESERVE")
	done
	# CPUs round-robin over all nodes (memoryless ones need one to exist).
	declare -a NODE_CPUS=()
	for ((c = 0; c < CPUS; c++)); do
		n=$((c % TOTAL_NODES))
		NODE_CPUS[$n]="${NODE_CPUS[$n]:-}${NODE_CPUS[$n]:+,}$c"
	done
	for ((i = 0; i < TOTAL_NODES; i++)); do
		opt="node,nodeid=$i"
		[ $i -lt "$NODES" ] && opt+=",memdev=m$i"
		[ -n "${NODE_CPUS[$i]:-}" ] && opt+=",cpus=$(echo "${NODE_CPUS[$i]}" | sed 's/,/,cpus=/g')"
		QARGS+=(-numa "$opt")
	done
	if [ -n "$DIST" ]; then
		for ((i = 0; i < TOTAL_NODES; i++)); do
			for ((j = 0; j < TOTAL_NODES; j++)); do
				[ $i -eq $j ] && continue
				QARGS+=(-numa "dist,src=$i,dst=$j,val=$DIST")
			done
		done
	fi
elif [ "$LARGE" = 1 ]; then
	QARGS+=(-object "memory-backend-ram,id=ram0,size=${MEM_MIB}M$RESERVE")
fi
QARGS+=("${DIST_ARGS[@]}")
[ -n "$SRAT_BIN" ] && QARGS+=(-acpitable "file=$SRAT_BIN")
QARGS+=("${EXTRA[@]}")

# ---- run -----------------------------------------------------------------------------
if [ "$DRY_RUN" = 1 ]; then
	for a in "$QEMU" "${QARGS[@]}"; do
		if [[ $a =~ [^A-Za-z0-9_./=,:+@-] ]]; then printf "'%s' " "$a"; else printf '%s ' "$a"; fi
	done
	printf '\n'
	exit 0
fi
: > "$LOG"
describe="q35 ${MEM_MIB}M, $CPUS CPUs"
if [ "$NUMA" = 1 ]; then
	describe+=", nodes:"
	for ((i = 0; i < NODES; i++)); do describe+=" ${NODE_MIB[$i]}M"; done
	[ "$MEMORYLESS" -gt 0 ] && describe+=" + $MEMORYLESS memoryless"
	[ -n "$DIST" ] && describe+=", SLIT 10/$DIST"
	[ -n "$DISTANCES" ] && describe+=", SLIT $DISTANCES"
	[ -n "$HOTPLUG" ] && describe+=", hotplug +${HOTPLUG_MIB}M"
else
	[ -n "$SRAT_BIN" ] && describe+=", SRAT from ${SRAT_FILE:-interleave layout}" || describe+=", no SRAT"
fi
[ "$LARGE" = 1 ] && describe+=", reserve=off"
[ "$BIG" = 1 ] && describe+=", phys-bits=46"
[ "$SHELL_MODE" = 1 ] && describe+=", EFI shell"
[ "$ARGS_SET" = 1 ] && describe+=", args '$ARGS'"
echo "$PROG: $describe; timeout ${TIMEOUT}s; log $LOG"

QPID=""
TPID=""
cleanup() {
	[ -n "$TPID" ] && kill "$TPID" 2>/dev/null
	if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then
		kill -TERM "$QPID" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$QPID" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$QPID" 2>/dev/null
	fi
	[ "$KEEP" = 1 ] || rm -f "$ESP"
}
on_signal() {
	echo "$PROG: interrupted, stopping QEMU (pid ${QPID:-none})" >&2
	cleanup
	exit 130
}
trap on_signal INT TERM

start=$(date +%s)
"$QEMU" "${QARGS[@]}" 2> "$WORKDIR/qemu.err" &
QPID=$!
if [ "$QUIET" = 0 ]; then
	# Stream the log, without the firmware's terminal control sequences.
	tail -n +1 -F --pid="$QPID" "$LOG" 2>/dev/null | sed -u 's/\x1b\[[0-9;=?]*[A-Za-z]//g; s/\r$//' &
	TPID=$!
fi

timed_out=0
while kill -0 "$QPID" 2>/dev/null; do
	if [ $(($(date +%s) - start)) -ge "$TIMEOUT" ]; then
		timed_out=1
		kill -TERM "$QPID" 2>/dev/null
		sleep 1
		kill -KILL "$QPID" 2>/dev/null
		break
	fi
	sleep 0.2
done
wait "$QPID" 2>/dev/null
status=$?
QPID=""
[ -n "$TPID" ] && { sleep 0.3; kill "$TPID" 2>/dev/null; wait "$TPID" 2>/dev/null; }
TPID=""
cleanup
secs=$(($(date +%s) - start))

clean_log() { sed 's/\x1b\[[0-9;=?]*[A-Za-z]//g; s/\r$//' "$LOG"; }
fail_line=$(clean_log | grep -a -m1 -E 'bootmem2-(kernel|loader): FAIL' || true)

if [ "$timed_out" = 1 ]; then
	echo "$PROG: TIMEOUT after ${TIMEOUT}s (QEMU killed); last lines of $LOG:" >&2
	clean_log | grep -a -v '^$' | tail -n 8 | sed 's/^/  | /' >&2
	exit 3
fi
if [ "$status" -eq 1 ] && clean_log | grep -a -q '^bootmem2-kernel: PASS'; then
	echo "$PROG: PASS in ${secs}s"
	exit 0
fi
if [ -n "$fail_line" ]; then
	echo "$PROG: $fail_line (QEMU status $status, ${secs}s)" >&2
	exit 1
fi
if [ -s "$WORKDIR/qemu.err" ]; then
	echo "$PROG: QEMU error (status $status):" >&2
	sed 's/^/  | /' "$WORKDIR/qemu.err" >&2
	exit 4
fi
echo "$PROG: no PASS from the kernel (QEMU status $status, ${secs}s); last lines of $LOG:" >&2
clean_log | grep -a -v '^$' | tail -n 8 | sed 's/^/  | /' >&2
exit 4

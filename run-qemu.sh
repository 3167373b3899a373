#!/usr/bin/env bash
# run-qemu.sh - build bootmem2 and boot OVMF -> loader -> kernel in QEMU.
#
# Exit status (also in --help and README.md):
#   0  the kernel printed "bootmem2-kernel: PASS" and left QEMU through
#      isa-debug-exit with value 0; with --args "report ...": the loader said
#      "bootmem2: report done" and returned to the shell
#   1  a verdict against: "bootmem2-kernel: FAIL ...", "bootmem2-loader: FAIL
#      ...", or the loader returned to the shell in boot mode
#   2  usage error, bad input file, build failed or missing packages
#   3  timeout (no verdict within --timeout seconds)
#   4  QEMU error, or QEMU ended without a verdict
# The run ends as soon as a verdict line is in the serial log.
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
USER_PWD=$PWD
PROG=run-qemu.sh

# ---- defaults ----------------------------------------------------------------
MEM=""            # total memory; default 4G (8G for --layout interleave)
NODES=""          # default 2
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
DUMP_DIR=""
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
build/qemu/serial.log. The run ends as soon as the log holds a verdict:
"bootmem2-kernel: PASS" or "FAIL ...", "bootmem2-loader: FAIL ...", or the
loader back in the EFI shell.

Machine (defaults: 2 nodes, 4G split evenly, 2 CPUs):
  --mem SIZE          total memory, 256M..64T, e.g. 4G, 512M, 256G (split
                      evenly over the nodes); a plain number is MiB
  --nodes N           NUMA nodes with memory (1..64)
  --node-mem A,B,...  uneven split, one size per node (1..64 sizes), e.g.
                      --node-mem 1G,3G (sets --nodes and --mem)
  --memoryless N      N extra nodes with CPUs and no memory (0..64)
  --cpus N            CPUs, 1..255 (default max(2, nodes)); at least one per
                      memoryless node
  --hotplug SIZE      add memory hotplug slots and maxmem = mem + SIZE: the
                      SRAT gets a hot-pluggable range with no memory behind it
  --dist[=D]          add a SLIT: 10 local, D remote (11..254, default 20)
  --distances "M"     add a SLIT given as a full matrix over all nodes (--nodes
                      + --memoryless), rows separated by ';', values by ',':
                      row i column j = distance from node i to node j,
                      10..255, 10 on the diagonal; may be asymmetric (QEMU
                      gets both directions of every pair), e.g.
                      --memoryless 1 --distances "10,20,40;20,10,15;40,15,10"
  --no-numa           no -numa options: no SRAT, one node
  --srat FILE         inject FILE (.bin table, or .dsl/.asl compiled with iasl)
                      as the SRAT with -acpitable, instead of QEMU's -numa;
                      checked first: signature SRAT, 48 bytes to 1 MiB, the
                      header's length equal to the file's
  --layout interleave memory striped in 2 GiB pieces over 2 nodes by a shipped
                      SRAT (tests/boot/tables/interleave.dsl, 8G guest): each
                      node owns several blocks, contiguous blocks belong to
                      different nodes
  --kvm               use KVM instead of TCG
  --gdb               start QEMU with a gdb stub on :1234, halted (-s -S)
  --nodes, --node-mem, --memoryless, --hotplug and --dist shape QEMU's NUMA:
  none of them goes with --no-numa, --srat or --layout.

Loader:
  --args "..."        the loader's command line as typed after bootmem2.efi
                      in the EFI shell (printable ASCII without % ^ # < > |,
                      at most 511 characters with the words run-qemu.sh
                      adds); runs the loader from the shell (startup.nsh).
                      Without a mode word (report, boot, help) run-qemu.sh
                      appends "boot", since from the shell the loader's
                      default is report: --args 'verbose srat=\bad.bin' runs
                      "bootmem2.efi verbose srat=\bad.bin boot";
                      --args "report verbose" prints the verbose report and
                      exits 0 on "bootmem2: report done"
  --shell             boot into the EFI shell; startup.nsh runs
                      "bootmem2.efi report" then "bootmem2.efi boot" (words of
                      --args, which must not name a mode, go into both)
  --report-runs N     with --shell: run "bootmem2.efi report" N times (1..9)
                      in the same shell session before booting
  --add FILE          copy FILE to the root of the ESP (repeatable), e.g. a
                      table for srat=
  --dump DIR          add the loader's "dump" word, then copy what it wrote
                      to the ESP (memmap.bin, srat.bin, and slit.bin when
                      there is a SLIT) into DIR and print the bootmem2-sim
                      line that replays them (builds bootmem2-sim too)

Run:
  --timeout S         seconds before QEMU is killed (1..86400, default 120)
  --log FILE          serial log (default build/qemu/serial.log)
  --workdir DIR       ESP, OVMF vars and log directory (default build/qemu)
  --keep              keep the ESP image afterwards
  --no-build          do not run make first
  --quiet             do not stream the serial log, only the verdict
  --dry-run           check the options and input files, print the QEMU
                      command line and the startup.nsh lines (if any), and
                      exit: no build, no boot
  -h, --help          this text

Numbers are decimal (leading zeros are fine).

Exit status: 0 PASS (for a report run: "bootmem2: report done"), 1 FAIL
(the kernel's or the loader's verdict, or the loader returned to the shell
in boot mode), 2 usage error, bad input file, build failure or missing
packages, 3 timeout, 4 QEMU error or no verdict.

Examples:
  ./run-qemu.sh                              # 2 nodes x 2G, boot, expect PASS
  ./run-qemu.sh --nodes 4 --mem 8G --dist    # 4 nodes with a SLIT
  ./run-qemu.sh --node-mem 1G,3G --memoryless 1
  ./run-qemu.sh --nodes 2 --memoryless 1 --distances "10,20,40;20,10,15;40,15,10"
  ./run-qemu.sh --layout interleave
  ./run-qemu.sh --mem 256G --nodes 2         # > 64G: phys-bits=46; > 8G: reserve=off
  ./run-qemu.sh --args "report verbose"      # the loader's report, no kernel
  ./run-qemu.sh --dump /tmp/dump             # then run the bootmem2-sim line it prints
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
	--dist=*) DIST=${1#--dist=}; [ -n "$DIST" ] || die "option --dist= needs a value (see --help)"; shift ;;
	--distances) need_arg "$@"; DISTANCES=$2; shift 2 ;;
	--no-numa) NO_NUMA=1; shift ;;
	--srat) need_arg "$@"; SRAT_FILE=$2; shift 2 ;;
	--layout) need_arg "$@"; LAYOUT=$2; shift 2 ;;
	--shell) SHELL_MODE=1; shift ;;
	--report-runs) need_arg "$@"; REPORT_RUNS=$2; shift 2 ;;
	--args) [ $# -ge 2 ] || die "option --args needs a value"; ARGS=$2; ARGS_SET=1; shift 2 ;;
	--add) need_arg "$@"; ADD_FILES+=("$2"); shift 2 ;;
	--dump) need_arg "$@"; DUMP_DIR=$2; shift 2 ;;
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

# ---- numbers -------------------------------------------------------------------
# Every number is decimal: "08" is 8 (bash arithmetic would read it as octal),
# and a value with more digits than any limit is refused before arithmetic.

# dec OPTION VALUE MIN MAX: VALUE as a plain decimal in MIN..MAX, or die.
dec() {
	local v=$2
	[[ $v =~ ^[0-9]+$ ]] || die "$1 must be a whole number $3..$4, not '$2'"
	v=${v#"${v%%[!0]*}"}
	v=${v:-0}
	[ ${#v} -le 12 ] && [ "$v" -ge "$3" ] && [ "$v" -le "$4" ] ||
		die "$1 must be $3..$4, not '$2'"
	echo "$v"
}

MAX_MIB=$((64 * 1024 * 1024))     # 64 TiB: far beyond any host QEMU runs on here

# to_mib OPTION SIZE: "4G" -> 4096, "512M" -> 512, "1T" -> 1048576, "2048" -> 2048
# (plain numbers are MiB; K must make whole MiB; KiB/MB/GiB... spellings too).
to_mib() {
	local s=${2^^} n m
	[[ $s =~ ^([0-9]+)(([KMGT])I?B)?$ || $s =~ ^([0-9]+)()([KMGT])$ ]] ||
		die "$1: bad size '$2' (use e.g. 512M, 4G, 1T)"
	n=${BASH_REMATCH[1]}
	n=${n#"${n%%[!0]*}"}
	n=${n:-0}
	[ ${#n} -le 12 ] || die "$1: size '$2' is too large (at most 64T)"
	case "${BASH_REMATCH[3]}" in
	K) [ $((n % 1024)) -eq 0 ] || die "$1: size '$2' is not a whole MiB"; m=$((n / 1024)) ;;
	""|M) m=$n ;;
	G) m=$((n * 1024)) ;;
	T) m=$((n * 1024 * 1024)) ;;
	esac
	[ "$m" -le "$MAX_MIB" ] || die "$1: size '$2' is too large (at most 64T)"
	echo "$m"
}

NODES_SET=0
if [ -n "$NODES" ]; then
	NODES_SET=1
	NODES=$(dec --nodes "$NODES" 1 64) || exit 2
else
	NODES=2
fi
MEMORYLESS=$(dec --memoryless "$MEMORYLESS" 0 64) || exit 2
TIMEOUT=$(dec --timeout "$TIMEOUT" 1 86400) || exit 2
REPORT_RUNS=$(dec --report-runs "$REPORT_RUNS" 1 9) || exit 2
[ -z "$DIST" ] || DIST=$(dec "--dist=D" "$DIST" 11 254) || exit 2
[ -z "$CPUS" ] || CPUS=$(dec --cpus "$CPUS" 1 255) || exit 2
[ "$REPORT_RUNS" = 1 ] || [ "$SHELL_MODE" = 1 ] || die "--report-runs needs --shell"
[ -z "$LAYOUT" ] || [ "$LAYOUT" = interleave ] || die "unknown layout '$LAYOUT' (only: interleave)"

# ---- topology ------------------------------------------------------------------
NUMA=1
if [ "$NO_NUMA" = 1 ] || [ -n "$SRAT_FILE" ] || [ -n "$LAYOUT" ]; then
	NUMA=0
	given=()
	[ "$NODES_SET" = 1 ] && given+=(--nodes)
	[ -n "$NODE_MEM" ] && given+=(--node-mem)
	[ "$MEMORYLESS" -gt 0 ] && given+=(--memoryless)
	[ -n "$DIST" ] && given+=(--dist)
	[ -n "$HOTPLUG" ] && given+=(--hotplug)
	if [ ${#given[@]} -gt 0 ]; then
		if [ "$NO_NUMA" = 1 ]; then
			why="which --no-numa turns off"
		elif [ -n "$SRAT_FILE" ]; then
			why="not with --srat (the SRAT comes from the file)"
		else
			why="not with --layout (the SRAT comes from the layout's table)"
		fi
		verb=needs
		[ ${#given[@]} -gt 1 ] && verb=need
		die "$(IFS=/; echo "${given[*]}") $verb QEMU's NUMA (-numa options), $why"
	fi
fi
[ "$NO_NUMA" = 1 ] && [ -n "$SRAT_FILE$LAYOUT" ] && die "--no-numa excludes --srat and --layout"
[ -n "$SRAT_FILE" ] && [ -n "$LAYOUT" ] && die "--srat and --layout exclude each other"

declare -a NODE_MIB=()
if [ -n "$NODE_MEM" ]; then
	[[ $NODE_MEM =~ (^|,)(,|$) ]] && die "--node-mem: empty size in '$NODE_MEM'"
	IFS=, read -r -a parts <<< "$NODE_MEM"
	[ ${#parts[@]} -le 64 ] || die "--node-mem takes 1..64 sizes (one per node), not ${#parts[@]}"
	[ "$NODES_SET" = 0 ] || [ "$NODES" -eq ${#parts[@]} ] ||
		die "--nodes $NODES differs from the ${#parts[@]} sizes of --node-mem"
	total=0
	for p in "${parts[@]}"; do
		m=$(to_mib --node-mem "$p") || exit 2
		[ "$m" -gt 0 ] || die "--node-mem sizes must be > 0, not '$p'"
		NODE_MIB+=("$m"); total=$((total + m))
	done
	[ "$total" -le "$MAX_MIB" ] || die "--node-mem: the sizes add up to more than 64T"
	NODES=${#NODE_MIB[@]}
	if [ -n "$MEM" ]; then
		m=$(to_mib --mem "$MEM") || exit 2
		[ "$m" -eq "$total" ] || die "--mem differs from the sum of --node-mem (${total}M)"
	fi
	MEM_MIB=$total
else
	if [ -n "$MEM" ]; then
		MEM_MIB=$(to_mib --mem "$MEM") || exit 2
	elif [ -n "$LAYOUT" ]; then
		MEM_MIB=8192
	else
		MEM_MIB=4096
	fi
fi
[ "$MEM_MIB" -ge 256 ] || die "--mem must be at least 256M (OVMF needs it), not '${MEM:-${MEM_MIB}M}'"
[ -n "$LAYOUT" ] && [ "$MEM_MIB" -ne 8192 ] && die "--layout interleave is made for an 8G guest"
if [ "$NUMA" = 1 ] && [ -z "$NODE_MEM" ]; then
	for ((i = 0; i < NODES; i++)); do
		# Even split in MiB; the last node takes the remainder.
		if [ $i -lt $((NODES - 1)) ]; then
			NODE_MIB+=($((MEM_MIB / NODES)))
		else
			NODE_MIB+=($((MEM_MIB - (MEM_MIB / NODES) * (NODES - 1))))
		fi
	done
fi

TOTAL_NODES=$((NUMA ? NODES + MEMORYLESS : 1))
if [ -z "$CPUS" ]; then
	CPUS=$((TOTAL_NODES > 2 ? TOTAL_NODES : 2))
	[ "$CPUS" -le 255 ] || CPUS=255
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
	HOTPLUG_MIB=$(to_mib --hotplug "$HOTPLUG") || exit 2
	[ "$HOTPLUG_MIB" -gt 0 ] || die "--hotplug must be > 0"
fi
[ $((MEM_MIB + HOTPLUG_MIB)) -gt 65536 ] && BIG=1
[ "$MEM_MIB" -gt 8192 ] && LARGE=1

# ---- the loader's command line ---------------------------------------------------
# --args is what the user would type after "bootmem2.efi" in the shell. The
# words run-qemu.sh adds (dump, the mode) go after it, so the loader's error
# positions count from the start of --args.
CMDLINE_MAX=511                         # boot/cmdline.h: CMDLINE_TEXT_MAX - 1
LC_ALL=C grep -q '[^ -~]' <<< "$ARGS" && die "--args: only printable ASCII, the loader ignores anything else"
case "$ARGS" in
*[%^#\<\>\|]*) die "--args: the EFI shell would interpret % ^ # < > | in '$ARGS'" ;;
esac
ARGS_MODE=""
read -r -a args_words <<< "$ARGS"
for w in "${args_words[@]}"; do
	case "${w//\"/}" in
	report|boot|help|-h|--help) ARGS_MODE=${w//\"/}; break ;;
	esac
done
[ "$SHELL_MODE" = 1 ] && [ -n "$ARGS_MODE" ] &&
	die "--shell runs 'report' and 'boot' itself: --args must not name a mode ('$ARGS_MODE')"
USE_SHELL=0
[ "$SHELL_MODE" = 1 ] || [ "$ARGS_SET" = 1 ] || [ -n "$DUMP_DIR" ] && USE_SHELL=1
# join WORD...: the words with single spaces, empty ones left out
join() { local out="" w; for w in "$@"; do [ -n "$w" ] && out+="${out:+ }$w"; done; echo "$out"; }
EXPECT=boot                             # the mode of the last loader command
LAST_CMD=$(join "$ARGS" "${DUMP_DIR:+dump}" boot)
if [ -n "$ARGS_MODE" ]; then
	EXPECT=$ARGS_MODE
	[ "$EXPECT" = report ] || [ "$EXPECT" = boot ] || EXPECT=help
	LAST_CMD=$(join "$ARGS" "${DUMP_DIR:+dump}")
fi
REPORT_CMD=$(join "$ARGS" report)
for c in "$LAST_CMD" "$REPORT_CMD"; do
	[ ${#c} -le $CMDLINE_MAX ] || die "--args: the loader's command line would be ${#c} characters ('$c' with the words run-qemu.sh adds), limit $CMDLINE_MAX"
done

# ---- paths -------------------------------------------------------------------------
# User paths are relative to the caller's directory (the script cds to ROOT).
abs() { case $1 in /*) echo "$1" ;; *) echo "$USER_PWD/$1" ;; esac; }
[ -z "$SRAT_FILE" ] || SRAT_FILE=$(abs "$SRAT_FILE")
[ -z "$LOG" ] || LOG=$(abs "$LOG")
[ -z "$WORKDIR" ] || WORKDIR=$(abs "$WORKDIR")
DUMP_SHOW=$DUMP_DIR                     # as given: the replay line runs where the user is
[ -z "$DUMP_DIR" ] || DUMP_DIR=$(abs "$DUMP_DIR")
for i in "${!ADD_FILES[@]}"; do
	f=$(abs "${ADD_FILES[$i]}")
	[ -e "$f" ] || die "--add $f: no such file"
	[ -f "$f" ] || die "--add $f: not a regular file"
	[ -r "$f" ] || die "--add $f: cannot read it"
	ADD_FILES[$i]=$f
done

# need_dir OPTION DIR: DIR exists (made if missing) and is writable, or die.
need_dir() {
	[ ! -e "$2" ] || [ -d "$2" ] || die "$1 $2: not a directory"
	mkdir -p -- "$2" 2>/dev/null || die "$1 $2: cannot create the directory"
	[ -w "$2" ] && [ -x "$2" ] || die "$1 $2: directory not writable"
}
WORKDIR=${WORKDIR:-$ROOT/build/qemu}
# QEMU splits its options at ',': a path with one cannot be given to it.
[[ $WORKDIR == *,* ]] && die "--workdir $WORKDIR: QEMU cannot take a path with ','"
need_dir --workdir "$WORKDIR"
LOG=${LOG:-$WORKDIR/serial.log}
[[ $LOG == *,* ]] && die "--log $LOG: QEMU cannot take a path with ','"
[ ! -d "$LOG" ] || die "--log $LOG: is a directory"
need_dir --log "$(dirname -- "$LOG")"
log_existed=0
[ -e "$LOG" ] && log_existed=1
( : >> "$LOG" ) 2>/dev/null || die "--log $LOG: cannot write the file"
[ "$DRY_RUN" = 1 ] && [ "$log_existed" = 0 ] && rm -f -- "$LOG"
[ -z "$DUMP_DIR" ] || need_dir --dump "$DUMP_DIR"
ESP=$WORKDIR/esp.img
VARS=$WORKDIR/OVMF_VARS.fd

# ---- packages ----------------------------------------------------------------
check_packages() {
	local missing=()
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

# ---- ACPI tables for --srat / --layout -----------------------------------------
SRAT_MAX=$((1 << 20))                   # bytes; a real SRAT is a few KiB

# check_srat WHAT FILE: FILE is an ACPI SRAT as QEMU's -acpitable takes it:
# signature, at least the 48-byte header, at most SRAT_MAX, header length ==
# file size. (QEMU recomputes the checksum; the entries are the loader's job.)
check_srat() {
	local what=$1 f=$2 size sig len
	size=$(wc -c < "$f") || die "$what: cannot read it"
	[ "$size" -le "$SRAT_MAX" ] || die "$what: more than 1 MiB, not an SRAT"
	sig=$(head -c 4 -- "$f" | LC_ALL=C tr -c 'A-Za-z0-9_' '?')
	[ "$size" -lt 4 ] || [ "$sig" = SRAT ] || die "$what: signature '$sig', not an ACPI SRAT (want 'SRAT')"
	[ "$size" -ge 48 ] ||
		die "$what: $size bytes, too short for an SRAT (at least 48: 36-byte ACPI header + 12 reserved)"
	len=$(od -An -tu4 -j4 -N4 -- "$f" | tr -d ' ')
	[ "$len" = "$size" ] ||
		die "$what: the header's length is $len bytes, the file has $size"
}

# prepare_table WHAT SRC OUT: OUT made fresh from SRC (.dsl/.asl through
# iasl, anything else copied) and checked; never an old OUT.
prepare_table() {
	local what=$1 src=$2 out=$3 tmp ok=1
	rm -f -- "$out"
	case "$src" in
	*.dsl|*.asl)
		command -v iasl >/dev/null 2>&1 || die "$what: iasl is missing (apt-get install acpica-tools)"
		tmp=$(mktemp -d "$WORKDIR/iasl.XXXXXX") || die "cannot make a directory in $WORKDIR"
		cp -- "$src" "$tmp/table.dsl" 2>/dev/null || { rm -rf "$tmp"; die "$what: cannot read it"; }
		# iasl exits 0 on some errors ("does not appear to be ... source"):
		# success is its status, no "Compilation failed" and a non-empty table.
		(cd "$tmp" && iasl -p table table.dsl > iasl.log 2>&1) || ok=0
		grep -q 'Compilation failed' "$tmp/iasl.log" && ok=0
		[ -s "$tmp/table.aml" ] || ok=0
		if [ "$ok" = 0 ]; then
			echo "$PROG: iasl on $src:" >&2
			grep -v -e '^$' -e '^Intel ACPI' -e '^ASL+ Optimizing' -e '^Copyright' \
				"$tmp/iasl.log" | sed 's/^/  | /' >&2
			rm -rf "$tmp"
			die "$what: iasl could not compile it (its messages above)"
		fi
		mv -- "$tmp/table.aml" "$out"
		rm -rf "$tmp" ;;
	*)
		head -c $((SRAT_MAX + 1)) -- "$src" > "$out" 2>/dev/null || die "$what: cannot read it" ;;
	esac
	check_srat "$what" "$out"
}
SRAT_BIN=""
if [ -n "$SRAT_FILE" ]; then
	[ -e "$SRAT_FILE" ] || die "--srat $SRAT_FILE: no such file"
	[ ! -d "$SRAT_FILE" ] || die "--srat $SRAT_FILE: is a directory"
	[ -r "$SRAT_FILE" ] || die "--srat $SRAT_FILE: cannot read it"
	SRAT_BIN=$WORKDIR/srat-inject.bin
	prepare_table "--srat $SRAT_FILE" "$SRAT_FILE" "$SRAT_BIN"
elif [ "$LAYOUT" = interleave ]; then
	SRAT_BIN=$WORKDIR/srat-interleave.bin
	prepare_table "--layout interleave" "$ROOT/tests/boot/tables/interleave.dsl" "$SRAT_BIN"
fi

# ---- build -------------------------------------------------------------------
cd "$ROOT" || exit 2
SIM=build/host/bootmem2-sim
if [ "$BUILD" = 1 ]; then
	targets=(efi kernel)
	[ -n "$DUMP_DIR" ] && targets+=(sim)
	make -s "${targets[@]}" >/dev/null ||
		{ echo "$PROG: build failed (run 'make ${targets[*]}' to see why)" >&2; exit 2; }
fi
EFI_APP=$ROOT/build/efi/bootmem2.efi
KERNEL=$ROOT/build/kernel/kernel.elf
if [ "$DRY_RUN" = 0 ] && { [ ! -f "$EFI_APP" ] || [ ! -f "$KERNEL" ]; }; then
	die "build/efi/bootmem2.efi or build/kernel/kernel.elf missing (run without --no-build)"
fi

# ---- ESP -----------------------------------------------------------------------
# startup.nsh (the EFI shell runs it when there is no BOOTX64.EFI): the loader
# commands, then a line that says the loader is back in the shell.
SHELL_DONE="bootmem2-shell: the loader returned to the shell"
startup_lines() {
	printf 'fs0:\n'
	if [ "$SHELL_MODE" = 1 ]; then
		for ((r = 0; r < REPORT_RUNS; r++)); do
			printf 'bootmem2.efi %s\n' "$REPORT_CMD"
		done
	fi
	printf 'bootmem2.efi %s\n' "$LAST_CMD"
	printf 'echo "%s"\n' "$SHELL_DONE"
}

make_esp() {
rm -f "$ESP"
mkfs.fat -C -F 32 -n BOOTMEM2 "$ESP" 65536 >/dev/null || die "mkfs.fat failed"
mmd -i "$ESP" ::/EFI ::/EFI/BOOT || die "mmd failed"
mcopy -i "$ESP" "$EFI_APP" ::/bootmem2.efi && mcopy -i "$ESP" "$KERNEL" ::/kernel.elf ||
	die "mcopy failed"
for f in "${ADD_FILES[@]}"; do
	mcopy -o -i "$ESP" "$f" "::/$(basename "$f")" || die "mcopy $f failed"
done
if [ "$USE_SHELL" = 1 ]; then
	# No BOOTX64.EFI: OVMF falls through to its built-in shell, which runs
	# startup.nsh from the first file system.
	startup_lines | sed 's/$/\r/' > "$WORKDIR/startup.nsh"
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
# shellcheck disable=SC2054  # the commas are QEMU's
QARGS=(-machine "$MACHINE" -m "$MOPT" -smp "$CPUS" -nic none -display none -no-reboot
	-drive "if=pflash,format=raw,unit=0,file=$OVMF_CODE,readonly=on"
	-drive "if=pflash,format=raw,unit=1,file=$VARS"
	-drive "file=$ESP,format=raw,if=virtio"
	-serial "file:$LOG"
	-device isa-debug-exit,iobase=0xf4,iosize=0x04)
RESERVE=""
[ "$LARGE" = 1 ] && RESERVE=",reserve=off"
# shellcheck disable=SC2054
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
		[ -n "${NODE_CPUS[$i]:-}" ] && opt+=",cpus=${NODE_CPUS[$i]//,/,cpus=}"
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
	[ "$USE_SHELL" = 0 ] || startup_lines | sed 's/^/startup.nsh: /'
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
	if [ -n "$SRAT_BIN" ]; then describe+=", SRAT from ${SRAT_FILE:-interleave layout}"; else describe+=", no SRAT"; fi
fi
[ "$LARGE" = 1 ] && describe+=", reserve=off"
[ "$BIG" = 1 ] && describe+=", phys-bits=46"
[ "$SHELL_MODE" = 1 ] && describe+=", EFI shell"
[ "$USE_SHELL" = 1 ] && describe+=", loader: 'bootmem2.efi $LAST_CMD'"
echo "$PROG: $describe; timeout ${TIMEOUT}s; log $LOG"

QPID=""
TPID=""
stop_qemu() {
	[ -n "$TPID" ] && kill "$TPID" 2>/dev/null
	if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then
		kill -TERM "$QPID" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$QPID" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$QPID" 2>/dev/null
	fi
}
on_signal() {
	echo "$PROG: interrupted, stopping QEMU (pid ${QPID:-none})" >&2
	stop_qemu
	[ "$KEEP" = 1 ] || rm -f "$ESP"
	exit 130
}
trap on_signal INT TERM

clean_log() { sed 's/\x1b\[[0-9;=?]*[A-Za-z]//g; s/\r$//' "$LOG"; }
# log_has ERE: a line of the cleaned log matches (grep reads all of it: with
# pipefail, grep -q could make sed's SIGPIPE the pipeline's status)
log_has() { clean_log | grep -a -E "$1" >/dev/null; }
# The lines that end a run: the kernel's verdict, the loader's, or the shell
# line after the last loader command (startup.nsh).
VERDICT_RE="^(bootmem2-kernel: (PASS|FAIL)|bootmem2-loader: FAIL|${SHELL_DONE}$)"

start=$(date +%s)
"$QEMU" "${QARGS[@]}" 2> "$WORKDIR/qemu.err" &
QPID=$!
if [ "$QUIET" = 0 ]; then
	# Stream the log, without the firmware's terminal control sequences.
	tail -n +1 -F --pid="$QPID" "$LOG" 2>/dev/null | sed -u 's/\x1b\[[0-9;=?]*[A-Za-z]//g; s/\r$//' &
	TPID=$!
fi

# Wait for QEMU to end, a verdict line or the timeout. After the kernel's
# verdict QEMU leaves by itself (isa-debug-exit); after the loader's (it may
# halt after ExitBootServices, or sit in the shell) it is stopped here.
timed_out=0
verdict_at=""
while kill -0 "$QPID" 2>/dev/null; do
	now=$(date +%s)
	if [ -z "$verdict_at" ] && log_has "$VERDICT_RE"; then
		verdict_at=$now
	fi
	if [ -n "$verdict_at" ]; then
		# 1 s for the rest of the line (and for QEMU's own exit); 3 s after a kernel verdict.
		grace=1
		log_has '^bootmem2-kernel: ' && grace=3
		[ $((now - verdict_at)) -ge "$grace" ] && break
	elif [ $((now - start)) -ge "$TIMEOUT" ]; then
		timed_out=1
		break
	fi
	sleep 0.2
done
stopped=0
kill -0 "$QPID" 2>/dev/null && stopped=1
stop_qemu
wait "$QPID" 2>/dev/null
status=$?
QPID=""
[ -n "$TPID" ] && { sleep 0.3; kill "$TPID" 2>/dev/null; wait "$TPID" 2>/dev/null; }
TPID=""
secs=$(($(date +%s) - start))

# --dump: what the loader wrote next to itself on the ESP, fresh in DIR.
copy_dump() {
	local f got=() sim_cmd
	for f in memmap.bin srat.bin slit.bin; do
		rm -f -- "$DUMP_DIR/$f"
		mcopy -n -i "$ESP" "::/$f" "$DUMP_DIR/$f" 2>/dev/null && got+=("$f")
	done
	if [ ! -f "$DUMP_DIR/memmap.bin" ]; then
		echo "$PROG: --dump: the loader wrote no memmap.bin to the ESP (see its messages)" >&2
		return 1
	fi
	echo "$PROG: dump: ${got[*]} in $DUMP_SHOW (the firmware's map before ExitBootServices; README.md: Dump and replay)"
	sim_cmd=$ROOT/$SIM
	[ "$USER_PWD" = "$ROOT" ] && sim_cmd=$SIM
	[ -f "$DUMP_DIR/srat.bin" ] && sim_cmd+=" --srat $DUMP_SHOW/srat.bin"
	[ -f "$DUMP_DIR/slit.bin" ] && sim_cmd+=" --slit $DUMP_SHOW/slit.bin"
	echo "$PROG: replay: $sim_cmd --memmap $DUMP_SHOW/memmap.bin"
	[ -x "$ROOT/$SIM" ] || echo "$PROG: (build bootmem2-sim first: make sim)"
}
dump_rc=0
[ -z "$DUMP_DIR" ] || copy_dump || dump_rc=1
[ "$KEEP" = 1 ] || rm -f "$ESP"

# last_lines: the end of the log, for a run without a verdict
last_lines() { clean_log | grep -a -v '^$' | tail -n 8 | sed 's/^/  | /' >&2; }
fail_line=$(clean_log | grep -a -m1 -E '^bootmem2-(kernel|loader): FAIL' || true)

if [ -n "$fail_line" ]; then
	echo "$PROG: $fail_line (${secs}s)" >&2
	exit 1
fi
if log_has '^bootmem2-kernel: PASS'; then
	if [ "$status" -eq 1 ] && [ "$stopped" = 0 ]; then
		[ "$dump_rc" = 0 ] || exit 1
		echo "$PROG: PASS in ${secs}s"
		exit 0
	fi
	echo "$PROG: the kernel said PASS but QEMU did not leave through isa-debug-exit (status $status)" >&2
	exit 4
fi
if log_has "^${SHELL_DONE}$"; then
	case "$EXPECT" in
	report)
		if log_has '^bootmem2: report done'; then
			[ "$dump_rc" = 0 ] || exit 1
			echo "$PROG: report done in ${secs}s (the loader returned to the shell)"
			exit 0
		fi
		echo "$PROG: the loader returned to the shell without 'bootmem2: report done' (${secs}s)" >&2 ;;
	help)
		echo "$PROG: the loader printed its usage and returned to the shell (${secs}s)"
		exit 0 ;;
	*)
		echo "$PROG: the loader returned to the shell instead of booting the kernel (${secs}s); last lines of $LOG:" >&2 ;;
	esac
	last_lines
	exit 1
fi
if [ "$timed_out" = 1 ]; then
	echo "$PROG: TIMEOUT after ${TIMEOUT}s (QEMU killed); last lines of $LOG:" >&2
	last_lines
	exit 3
fi
if [ -s "$WORKDIR/qemu.err" ]; then
	echo "$PROG: QEMU error (status $status):" >&2
	sed 's/^/  | /' "$WORKDIR/qemu.err" >&2
	exit 4
fi
echo "$PROG: no verdict from loader or kernel (QEMU status $status, ${secs}s); last lines of $LOG:" >&2
last_lines
exit 4

#!/usr/bin/env bash
# test-run-qemu-args.sh - run-qemu.sh option handling, without booting:
# --dry-run prints the QEMU command line; bad options exit 2 with a message.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
fails=0

dry() { ./run-qemu.sh --dry-run --workdir build/qemu-args "$@" 2>&1; }

# expect NAME "ARGS" WORD... : every WORD must appear in the command line
expect() {
	local name=$1 args=$2 out w; shift 2
	# shellcheck disable=SC2086
	out=" $(dry $args) "
	for w in "$@"; do
		case "$out" in
		*" $w "*) ;;
		*) echo "FAIL $name: '$w' missing in: $out"; fails=$((fails + 1)); return ;;
		esac
	done
	echo "ok $name"
}

# reject NAME "ARGS" TEXT : exit status 2 and TEXT in the message
reject() {
	local name=$1 args=$2 text=$3 out rc
	# shellcheck disable=SC2086
	out=$(dry $args); rc=$?
	if [ $rc -eq 2 ] && [[ $out == *"$text"* ]]; then
		echo "ok $name"
	else
		echo "FAIL $name: exit $rc, output: $out"; fails=$((fails + 1))
	fi
}

expect defaults "" -machine q35 -m 4096M -smp 2 -accel tcg -nic none \
	memory-backend-ram,id=m0,size=2048M memory-backend-ram,id=m1,size=2048M \
	node,nodeid=0,memdev=m0,cpus=0 node,nodeid=1,memdev=m1,cpus=1 \
	isa-debug-exit,iobase=0xf4,iosize=0x04
expect uneven "--node-mem 1G,3G" -m 4096M memory-backend-ram,id=m0,size=1024M \
	memory-backend-ram,id=m1,size=3072M
expect memoryless_dist "--nodes 2 --memoryless 1 --dist=31" -smp 3 node,nodeid=2,cpus=2 \
	dist,src=0,dst=2,val=31 dist,src=2,dst=1,val=31
expect dist_default "--nodes 2 --dist" dist,src=0,dst=1,val=20 dist,src=1,dst=0,val=20
expect distances "--nodes 2 --memoryless 1 --distances 10,20,40;20,10,15;40,15,10" -smp 3 \
	dist,src=0,dst=1,val=20 dist,src=0,dst=2,val=40 dist,src=1,dst=0,val=20 \
	dist,src=1,dst=2,val=15 dist,src=2,dst=0,val=40 dist,src=2,dst=1,val=15
expect distances_asymmetric "--nodes 3 --distances 10,20,30;25,10,15;35,16,10" \
	dist,src=0,dst=1,val=20 dist,src=1,dst=0,val=25 dist,src=2,dst=1,val=16 \
	dist,src=1,dst=2,val=15 dist,src=0,dst=2,val=30 dist,src=2,dst=0,val=35
expect distances_spaces_zeros "--nodes 2 --distances 10,0021;255,010" \
	dist,src=0,dst=1,val=21 dist,src=1,dst=0,val=255
expect cpus_round_robin "--nodes 2 --cpus 4" node,nodeid=0,memdev=m0,cpus=0,cpus=2 \
	node,nodeid=1,memdev=m1,cpus=1,cpus=3
expect hotplug "--nodes 2 --mem 4G --hotplug 2G" 4096M,slots=2,maxmem=6144M
expect big_numa "--mem 256G" -cpu qemu64,phys-bits=46 \
	memory-backend-ram,id=m0,size=131072M,reserve=off
expect big_no_numa "--no-numa --mem 100G" q35,memory-backend=ram0 -cpu \
	memory-backend-ram,id=ram0,size=102400M,reserve=off
expect mid_64g "--mem 64G" memory-backend-ram,id=m0,size=32768M,reserve=off
expect interleave "--layout interleave" -m 8192M -acpitable file=build/qemu-args/srat-interleave.bin
expect kvm_gdb "--kvm --gdb" -accel kvm -s -S
expect extra "-- -d int" -d int
reject bad_option "--frobnicate" "unknown option '--frobnicate'"
reject bad_size "--mem 4Q" "bad size '4Q'"
reject missing_value "--mem" "option --mem needs a value"
reject nodes_range "--nodes 0" "--nodes must be 1..64"
reject numa_conflict "--no-numa --dist" "need QEMU's NUMA"
reject mem_sum "--node-mem 1G,1G --mem 4G" "--mem differs from the sum"
reject too_small "--mem 128M" "at least 256M"
reject interleave_size "--layout interleave --mem 4G" "made for an 8G guest"
reject srat_missing "--srat /nonexistent.bin" "no such file"
reject distances_ragged "--nodes 2 --distances 10,20;20" "--distances: row 1 has 1 values, expected 2"
reject distances_more_rows "--nodes 2 --distances 10,20,30;20,10,30;30,30,10" "--distances: 3 rows for 2 nodes"
reject distances_fewer_rows "--nodes 2 --memoryless 1 --distances 10,20;20,10" "--distances: 2 rows for 3 nodes"
reject distances_below_10 "--nodes 2 --distances 10,5;5,10" "--distances: row 0 column 1: 5 is outside 10..255"
reject distances_above_255 "--nodes 2 --distances 10,20;256,10" "--distances: row 1 column 0: 256 is outside 10..255"
reject distances_diagonal "--nodes 2 --distances 10,20;20,12" "--distances: row 1 column 1: the local distance must be 10, not 12"
reject distances_not_a_number "--nodes 2 --distances 10,x;20,10" "--distances: row 0 column 1: 'x' is not a number"
reject distances_empty_value "--nodes 2 --distances 10,;20,10" "--distances: row 0 has 1 values, expected 2"
reject distances_with_dist "--dist --distances 10,20;20,10" "--dist and --distances exclude each other"
reject distances_no_numa "--no-numa --distances 10,20;20,10" "--distances needs QEMU's NUMA"
reject distances_missing "--distances" "option --distances needs a value"
reject report_runs_range "--shell --report-runs 10" "--report-runs must be 1..9"
reject report_runs_shell "--report-runs 3" "--report-runs needs --shell"

help=$(./run-qemu.sh --help)
missing=""
for opt in --mem --nodes --node-mem --memoryless --cpus --hotplug --dist --distances --no-numa --srat \
	--layout --kvm --gdb --args --shell --report-runs --add --timeout --log --workdir --keep --no-build \
	--quiet --dry-run; do
	[[ $help == *"$opt"* ]] || missing+=" $opt"
done
if [ -z "$missing" ]; then echo "ok help_lists_every_option"; else
	echo "FAIL help_lists_every_option: missing$missing"; fails=$((fails + 1)); fi
[ $fails -eq 0 ]

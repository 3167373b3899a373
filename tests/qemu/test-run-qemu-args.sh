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
expect interleave "--layout interleave" -m 8192M -acpitable "file=$PWD/build/qemu-args/srat-interleave.bin"
expect kvm_gdb "--kvm --gdb" -accel kvm -s -S
expect extra "-- -d int" -d int
reject bad_option "--frobnicate" "unknown option '--frobnicate'"
reject bad_size "--mem 4Q" "bad size '4Q'"
reject missing_value "--mem" "option --mem needs a value"
reject nodes_range "--nodes 0" "--nodes must be 1..64"
reject numa_conflict "--no-numa --dist" "--dist needs QEMU's NUMA (-numa options), which --no-numa turns off"
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

# ---- exact output, arguments with spaces --------------------------------------------
# is NAME RC "OUTPUT" ARG... : exit status RC and exactly OUTPUT (stdout + stderr)
is() {
	local name=$1 want_rc=$2 want=$3 out rc; shift 3
	out=$(dry "$@"); rc=$?
	if [ $rc -eq "$want_rc" ] && [ "$out" = "$want" ]; then
		echo "ok $name"
	else
		echo "FAIL $name: exit $rc (want $want_rc), output:"; echo "$out" | sed 's/^/    | /'
		echo "  want:"; echo "$want" | sed 's/^/    | /'
		fails=$((fails + 1))
	fi
}
# has NAME RC TEXT ARG... : exit status RC and a line of the output equal to TEXT
has() {
	local name=$1 want_rc=$2 want=$3 out rc; shift 3
	out=$(dry "$@"); rc=$?
	if [ $rc -eq "$want_rc" ] && grep -q -x -F -- "$want" <<< "$out"; then
		echo "ok $name"
	else
		echo "FAIL $name: exit $rc (want $want_rc), no line '$want' in:"; echo "$out" | sed 's/^/    | /'
		fails=$((fails + 1))
	fi
}
# nsh NAME "LINES" ARG... : exit 0 and exactly these startup.nsh lines
nsh() {
	local name=$1 want=$2 out rc; shift 2
	out=$(dry "$@"); rc=$?
	if [ $rc -eq 0 ] && [ "$(grep '^startup.nsh: ' <<< "$out")" = "$want" ]; then echo "ok $name"; else
		echo "FAIL $name: exit $rc, output:"; echo "$out" | sed 's/^/    | /'; fails=$((fails + 1)); fi
}
# lacks NAME TEXT ARG... : exit 0 and no line containing TEXT
lacks() {
	local name=$1 text=$2 out rc; shift 2
	out=$(dry "$@"); rc=$?
	if [ $rc -eq 0 ] && ! grep -q -F -- "$text" <<< "$out"; then echo "ok $name"; else
		echo "FAIL $name: exit $rc, '$text' in:"; echo "$out" | sed 's/^/    | /'; fails=$((fails + 1)); fi
}
P=run-qemu.sh
T=$PWD/build/qemu-args/t
rm -rf "$T"; mkdir -p "$T"

# item 2: --args is the loader's command line; "boot" is added only without a mode word
has args_report_verbose 0 "startup.nsh: bootmem2.efi report verbose" --args "report verbose"
lacks args_report_no_boot "verbose boot" --args "report verbose"
has args_adds_boot 0 'startup.nsh: bootmem2.efi kernel=\nope.elf boot' --args 'kernel=\nope.elf'
has args_empty 0 "startup.nsh: bootmem2.efi boot" --args ""
has args_help 0 "startup.nsh: bootmem2.efi help" --args help
has args_shell_line 0 'startup.nsh: echo "bootmem2-shell: the loader returned to the shell"' --args dump
nsh shell_report_runs "startup.nsh: fs0:
startup.nsh: bootmem2.efi verbose report
startup.nsh: bootmem2.efi verbose report
startup.nsh: bootmem2.efi verbose boot
startup.nsh: echo \"bootmem2-shell: the loader returned to the shell\"" \
	--shell --report-runs 2 --args verbose
is shell_args_mode 2 "$P: --shell runs 'report' and 'boot' itself: --args must not name a mode ('report')" \
	--shell --args report
long=$(printf 'k.%0598d' 0)
is args_too_long 2 "$P: --args: the loader's command line would be 605 characters ('$long boot' with the words run-qemu.sh adds), limit 511" \
	--args "$long"
is args_shell_chars 2 "$P: --args: the EFI shell would interpret % ^ # < > | in 'kernel=\\a>b'" --args 'kernel=\a>b'
is args_nonascii 2 "$P: --args: only printable ASCII, the loader ignores anything else" --args "verbose é"

# item 3: a .dsl that does not compile: iasl's text, exit 2, no table left from before
cp tests/boot/tables/interleave.dsl "$T/good.dsl"
printf 'hello world\n' > "$T/bad.dsl"
expect dsl_good "--srat $T/good.dsl" -acpitable "file=$PWD/build/qemu-args/srat-inject.bin"
out=$(dry --srat "$T/bad.dsl"); rc=$?
if [ $rc -eq 2 ] && [ "$(tail -n 1 <<< "$out")" = "$P: --srat $T/bad.dsl: iasl could not compile it (its messages above)" ] &&
	grep -q -F "Input file does not appear to be an ASL or data table source file" <<< "$out" &&
	[ ! -e build/qemu-args/srat-inject.bin ]; then
	echo "ok dsl_bad_iasl_text"
else
	echo "FAIL dsl_bad_iasl_text: exit $rc, inject file $(ls build/qemu-args/srat-inject.bin 2>&1), output: $out"
	fails=$((fails + 1))
fi
printf 'DefinitionBlock ("", "DSDT", 2, "BM2TST", "NOTSRAT", 1) { Name (FOO, 1) }\n' > "$T/dsdt.asl"
is dsl_not_srat 2 "$P: --srat $T/dsdt.asl: signature 'DSDT', not an ACPI SRAT (want 'SRAT')" --srat "$T/dsdt.asl"

# item 4: a --srat file that is not an SRAT: signature, size, length
(cd "$T" && iasl -p good good.dsl > /dev/null 2>&1)
head -c 1000 /dev/zero | tr '\0' 'x' > "$T/x.bin"
is srat_signature 2 "$P: --srat $T/x.bin: signature 'xxxx', not an ACPI SRAT (want 'SRAT')" --srat "$T/x.bin"
out=$(dry --srat <(head -c 1000 /dev/urandom)); rc=$?
if [ $rc -eq 2 ] && [[ $out == "$P: --srat /dev/fd/"*": signature '"*"', not an ACPI SRAT (want 'SRAT')" ]]; then
	echo "ok srat_random_pipe"; else echo "FAIL srat_random_pipe: exit $rc: $out"; fails=$((fails + 1)); fi
head -c 20 "$T/good.aml" > "$T/short.bin"
is srat_short 2 "$P: --srat $T/short.bin: 20 bytes, too short for an SRAT (at least 48: 36-byte ACPI header + 12 reserved)" \
	--srat "$T/short.bin"
{ cat "$T/good.aml"; printf 'z'; } > "$T/long.bin"
n=$(wc -c < "$T/good.aml")
is srat_length 2 "$P: --srat $T/long.bin: the header's length is $n bytes, the file has $((n + 1))" --srat "$T/long.bin"
is srat_directory 2 "$P: --srat $T: is a directory" --srat "$T"
is srat_zero 2 "$P: --srat /dev/zero: more than 1 MiB, not an SRAT" --srat /dev/zero
has srat_bin_ok 0 "startup.nsh: bootmem2.efi boot" --srat "$T/good.aml" --args ""

# item 5: topology options that would be dropped
is nodes_no_numa 2 "$P: --nodes needs QEMU's NUMA (-numa options), which --no-numa turns off" --no-numa --nodes 4
is nodes_srat 2 "$P: --nodes needs QEMU's NUMA (-numa options), not with --srat (the SRAT comes from the file)" \
	--srat "$T/good.aml" --nodes 2
is nodes_layout 2 "$P: --nodes needs QEMU's NUMA (-numa options), not with --layout (the SRAT comes from the layout's table)" \
	--layout interleave --nodes 2
is node_mem_65 2 "$P: --node-mem takes 1..64 sizes (one per node), not 65" --node-mem "$(printf '256M,%.0s' {1..64})256M"
is node_mem_nodes 2 "$P: --nodes 3 differs from the 2 sizes of --node-mem" --nodes 3 --node-mem 1G,1G
is node_mem_empty 2 "$P: --node-mem: empty size in '1G,,1G'" --node-mem 1G,,1G

# item 6: decimal numbers, leading zeros, huge values
expect nodes_08 "--nodes 08 --mem 8G" node,nodeid=7,memdev=m7,cpus=7 memory-backend-ram,id=m7,size=1024M
expect mem_08g "--mem 08G" -m 8192M
expect cpus_09 "--cpus 09" -smp 9
expect dist_020 "--dist=020" dist,src=0,dst=1,val=20
expect timeout_0099 "--timeout 0099" -smp 2
is timeout_huge 2 "$P: --timeout must be 1..86400, not '99999999999999999999'" --timeout 99999999999999999999
is nodes_huge 2 "$P: --nodes must be 1..64, not '99999999999999999999'" --nodes 99999999999999999999
is mem_huge 2 "$P: --mem: size '99999999999999999999G' is too large (at most 64T)" --mem 99999999999999999999G
is mem_huge_t 2 "$P: --mem: size '65T' is too large (at most 64T)" --mem 65T
is cpus_word 2 "$P: --cpus must be a whole number 1..255, not '0x10'" --cpus 0x10
has report_runs_09 0 "startup.nsh: bootmem2.efi report" --shell --report-runs 09

# item 8: messages that say the limit, one line, no raw shell noise
is mem_zero 2 "$P: --mem must be at least 256M (OVMF needs it), not '0'" --mem 0
is log_proc 2 "$P: --log /proc/x.log: cannot write the file" --log /proc/x.log
is workdir_file 2 "$P: --workdir /etc/hostname: not a directory" --workdir /etc/hostname
is log_dir 2 "$P: --log $T: is a directory" --log "$T"

# item 9: --dump DIR boots with "dump"
has dump_word 0 "startup.nsh: bootmem2.efi dump boot" --dump "$T/dump"
has dump_report 0 "startup.nsh: bootmem2.efi report dump" --dump "$T/dump" --args report
is dump_file 2 "$P: --dump /etc/hostname: not a directory" --dump /etc/hostname

help=$(./run-qemu.sh --help)
missing=""
for opt in --mem --nodes --node-mem --memoryless --cpus --hotplug --dist --distances --no-numa --srat \
	--layout --kvm --gdb --args --shell --report-runs --add --dump --timeout --log --workdir --keep \
	--no-build --quiet --dry-run; do
	[[ $help == *"$opt"* ]] || missing+=" $opt"
done
if [ -z "$missing" ]; then echo "ok help_lists_every_option"; else
	echo "FAIL help_lists_every_option: missing$missing"; fails=$((fails + 1)); fi
[ $fails -eq 0 ]

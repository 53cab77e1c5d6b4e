#!/usr/bin/env bash
# Profile before optimising: callgrind over `siptrace analyze --summary` on a
# generated capture, then the top functions by instructions, inclusive and self.
#
#   bash Benchmarks/profile.sh [PACKETS]      (default 20000)
#
# Instruction counts, not seconds: the same binary and input give the same
# figures whatever else the machine is doing. Environment as in compare.sh
# (SIPTRACE_BENCH_DIR, SIPTRACE_ROOT, SIPTRACE_BIN, SIPTRACE_SCRATCH); TOP sets
# how many functions are listed (default 15).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=${SIPTRACE_ROOT:-$(dirname "$here")}
out=${SIPTRACE_BENCH_DIR:-/tmp/siptrace-bench}
packets=${1:-20000}
top=${TOP:-15}
mkdir -p "$out"
command -v valgrind >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }

if [ -n "${SIPTRACE_BIN:-}" ]; then
  siptrace=$SIPTRACE_BIN
else
  scratch=(); [ -n "${SIPTRACE_SCRATCH:-}" ] && scratch=(--scratch-path "$SIPTRACE_SCRATCH")
  swift build -c release --static-swift-stdlib --package-path "$root" "${scratch[@]}" --product siptrace >&2
  siptrace="$(swift build -c release --static-swift-stdlib --package-path "$root" "${scratch[@]}" --show-bin-path)/siptrace"
fi
swift build -c release --package-path "$here" --product capgen >&2
capgen="$(swift build -c release --package-path "$here" --show-bin-path)/capgen"

file="$out/profile-$packets.pcap"
"$capgen" --packets "$packets" --retransmit 2 --tcp 2 --same-media-port --seed 1 -o "$file" >&2
# valgrind 3.19 cannot read the DWARF 5 that Swift 6.3 emits and gives up;
# symbols are all callgrind needs, so profile a copy without debug sections.
objcopy --strip-debug "$siptrace" "$out/siptrace-nodebug"
data="$out/callgrind-$packets.out"
valgrind --tool=callgrind --callgrind-out-file="$data" "$out/siptrace-nodebug" analyze --quiet --summary "$file" \
  > /dev/null 2> "$out/callgrind-$packets.log"
total=$(awk '/^summary:/ {print $2}' "$data")
echo "callgrind: siptrace analyze --summary on $packets packets: $(printf "%'d" "$total") instructions, $((total / packets)) per packet"
clean() { swift demangle --simplified | sed -E 's/ \[[^]]*\]$//; s/\?\?\?://; s/^ *//' | cut -c1-150; }
echo
echo "top $top inclusive (siptrace's own functions, below Analyzer.analyze):"
callgrind_annotate --inclusive=yes --threshold=100 "$data" 2>/dev/null | grep 'siptrace-nodebug\]' | clean \
  | grep -v -E ' (\(below main\)|siptrace_main|protocol witness for ParsableCommand|Analyze\.run|Analyzer\.analyze|OfflineCapture\.forEachPacket|(partial apply for )?closure #1 in Analyzer)' \
  | head -n "$top" | nl -w2 -s'. ' || true
echo
echo "top $top self (any library):"
callgrind_annotate --threshold=100 "$data" 2>/dev/null | sed -n '/file:function/,$p' | grep -E '^ *[0-9]' | clean | head -n "$top" | nl -w2 -s'. ' || true

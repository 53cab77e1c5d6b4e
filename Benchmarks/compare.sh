#!/usr/bin/env bash
# siptrace against tshark and a bare libpcap loop, on one generated capture, in one go.
#
#   bash Benchmarks/compare.sh            1M- and 100k-packet captures, hyperfine, tshark, peak RSS
#   bash Benchmarks/compare.sh --smoke    20k and 2k packets, one run each, no tshark (CI: < 1 min after builds)
#
# Environment:
#   SIPTRACE_BENCH_DIR   where the bare loop, results and reports go (default /tmp/siptrace-bench)
#   SIPTRACE_CAPTURE_DIR where the generated captures go (default /dev/shm/siptrace-bench when /dev/shm
#                        is a tmpfs with room for them and 4 GiB of memory is available, else
#                        SIPTRACE_BENCH_DIR); the captures a run puts there by default are
#                        deleted at its end unless SIPTRACE_KEEP_CAPTURES=1 (a given directory is kept)
#   SIPTRACE_ROOT        the siptrace checkout to measure (default: this script's parent)
#   SIPTRACE_BIN         a built siptrace binary to use instead of building one
#   SIPTRACE_SCRATCH     --scratch-path for the siptrace release build (default: the package's .build)
#   TSHARK_TIMEOUT       seconds one tshark run on the 1M file may take before it is given up (default 180)
#   RUNS                 timed runs per command (default 5 for fast commands, 3 for slow ones; smoke 1)
#   PAIRS                interleaved rounds (bare loop + memmem, summary, ndjson in turn) on the big file (default 9)
#
# Prints the machine, tool versions, a table of times, packets/s and peak RSS,
# the issue-8 ratios with a verdict per target, and saves it all to
# $SIPTRACE_BENCH_DIR/compare-*.txt. Exit status 0 whatever the verdicts: it
# measures, it does not gate.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=${SIPTRACE_ROOT:-$(dirname "$here")}
out=${SIPTRACE_BENCH_DIR:-/tmp/siptrace-bench}
# The captures on tmpfs by default: every reader then reads them from memory.
# On a disk the timings depend on what the page cache still holds, and some
# hosts evict a 500 MB file from it within seconds of idle (seen: a run read
# the capture partly from disk right after tshark's, and looked 37% slower).
# Only the captures (1.1 GB for a full run) go there, and only when tmpfs has
# room for them (counting the last run's, which are replaced) and the machine
# has memory to spare; they are deleted at the end.
shm=/dev/shm/siptrace-bench
captures=$out
if [ -z "${SIPTRACE_CAPTURE_DIR:-}" ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
  room=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 {print $4}' || true)
  old=$(du -sk "$shm" 2>/dev/null | cut -f1 || true)
  spare=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo 2>/dev/null || true)
  if [ "$(( ${room:-0} + ${old:-0} ))" -ge $((3 << 20)) ] 2>/dev/null && [ "${spare:-0}" -ge $((4 << 20)) ] 2>/dev/null; then
    captures=$shm
  fi
fi
captures=${SIPTRACE_CAPTURE_DIR:-$captures}
smoke=0
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
mkdir -p "$out" "$captures"
if [ "$captures" = "$shm" ] && [ "${SIPTRACE_KEEP_CAPTURES:-0}" != 1 ]; then
  # Only the files this run makes (named below): a smoke run must not delete
  # the 1M captures a full run kept there.
  trap 'rm -f ${big_file:+"$big_file"} ${small_file:+"$small_file"} ${ports_file:+"$ports_file"}' EXIT
fi
log() { echo "compare: $*" >&2; }

# --- tools ---------------------------------------------------------------
need=()
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
pkg-config --exists libpcap 2>/dev/null || need+=(libpcap-dev pkg-config)
command -v cc >/dev/null 2>&1 || need+=(gcc)
[ "$smoke" = 1 ] || command -v tshark >/dev/null 2>&1 || need+=(tshark)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing ${need[*]}"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"; } >/dev/null 2>&1 \
    || log "could not install ${need[*]}: falling back where possible"
fi
have_hyperfine=0; command -v hyperfine >/dev/null 2>&1 && have_hyperfine=1
have_time=0; [ -x /usr/bin/time ] && have_time=1
have_tshark=0; [ "$smoke" = 0 ] && command -v tshark >/dev/null 2>&1 && have_tshark=1

# --- builds, one at a time -----------------------------------------------
if [ -n "${SIPTRACE_BIN:-}" ]; then
  siptrace=$SIPTRACE_BIN
else
  scratch=(); [ -n "${SIPTRACE_SCRATCH:-}" ] && scratch=(--scratch-path "$SIPTRACE_SCRATCH")
  log "building siptrace (release) in $root"
  swift build -c release --static-swift-stdlib --package-path "$root" "${scratch[@]}" --product siptrace >&2
  siptrace="$(swift build -c release --static-swift-stdlib --package-path "$root" "${scratch[@]}" --show-bin-path)/siptrace"
fi
log "building capgen (release)"
swift build -c release --package-path "$here" --product capgen >&2
capgen="$(swift build -c release --package-path "$here" --show-bin-path)/capgen"
log "compiling bare-loop.c"
# shellcheck disable=SC2046
cc -O2 -Wall -o "$out/bare-loop" "$here/bare-loop.c" $(pkg-config --cflags --libs libpcap)
bare="$out/bare-loop"

# --- captures ------------------------------------------------------------
# The issue's capture: sipp-like, 1,000 calls/s, answered, early media, 486,
# 410, 503, cancelled; every SDP on m=audio 6000 as plain sipp does; a little
# TCP and a few retransmissions.
if [ "$smoke" = 1 ]; then big=20000; small=2000; else big=1000000; small=100000; fi
name() { if [ "$1" -ge 1000000 ]; then echo "$(($1 / 1000000))m"; else echo "$(($1 / 1000))k"; fi; }
big_file="$captures/$(name $big).pcap"
small_file="$captures/$(name $small).pcap"
# What capgen said of a capture, kept with the results.
note() { echo "$out/$(basename "$1").capgen.txt"; }
for n in $big $small; do
  f="$captures/$(name "$n").pcap"
  log "generating $f ($n packets)"
  "$capgen" --packets "$n" --rate 1000 --mix answered=60,early=15,busy=10,gone=5,unavailable=5,cancel=5 \
    --retransmit 2 --tcp 2 --same-media-port --seed 1 -o "$f" 2> "$(note "$f")"
  cat "$(note "$f")" >&2
done

# --- timing --------------------------------------------------------------
results="$out/results.tsv"
: > "$results"
# time_cmd LABEL FILE PACKETS RUNS WARMUP COMMAND...: mean, stddev and runs go to results.tsv.
time_cmd() {
  local label=$1 file=$2 packets=$3 runs=$4 warmup=$5; shift 5
  local json="$out/hyperfine-$label-$(basename "$file").json"
  if [ "$have_hyperfine" = 1 ]; then
    hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$json" "$*" >&2
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["mean"], r.get("stddev") or 0, len(r["times"]), r.get("user", ""))' "$json" \
      | { read -r mean sd n user; printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$(basename "$file")" "$packets" "$mean" "$sd" "$n" "$user" >> "$results"; }
  else
    # No hyperfine: plain timed runs.
    local times=() i s e
    for ((i = 0; i < warmup; i++)); do "$@" > /dev/null 2>&1; done
    for ((i = 0; i < runs; i++)); do
      s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N)
      times+=("$(python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$s" "$e")")
    done
    python3 -c 'import statistics,sys; t=[float(x) for x in sys.argv[1:]]; print(statistics.mean(t), statistics.stdev(t) if len(t)>1 else 0, len(t))' "${times[@]}" \
      | { read -r mean sd n; printf '%s\t%s\t%s\t%s\t%s\t%s\t\n' "$label" "$(basename "$file")" "$packets" "$mean" "$sd" "$n" >> "$results"; }
  fi
}
rss="$out/rss.tsv"
: > "$rss"
# rss_cmd LABEL FILE COMMAND...: one run under /usr/bin/time -v, peak RSS in kB.
rss_cmd() {
  local label=$1 file=$2; shift 2
  [ "$have_time" = 1 ] || return 0
  local report="$out/time-$label-$(basename "$file").txt"
  /usr/bin/time -v "$@" > /dev/null 2> "$report" || true
  printf '%s\t%s\t%s\t%s\n' "$label" "$(basename "$file")" \
    "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")" \
    "$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$report")" >> "$rss"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$smoke" = 1 ]; then fast_runs=${RUNS:-1}; slow_runs=${RUNS:-1}; warm=0; else fast_runs=${RUNS:-5}; slow_runs=${RUNS:-3}; warm=1; fi
for pair in "$small:$small_file" "$big:$big_file"; do
  n=${pair%%:*}; f=${pair#*:}
  if [ "$n" = "$big" ]; then runs=$slow_runs; else runs=$fast_runs; fi
  log "timing on $(basename "$f")"
  time_cmd bare "$f" "$n" "$fast_runs" "$warm" "$bare" "$f"
  time_cmd bare+memmem "$f" "$n" "$fast_runs" "$warm" "$bare" --memmem "$f"
  time_cmd summary "$f" "$n" "$runs" "$warm" "$siptrace" analyze --quiet --summary "$f"
  time_cmd ndjson "$f" "$n" "$runs" "$warm" "$siptrace" analyze --quiet --format ndjson "$f"
  rss_cmd bare+memmem "$f" "$bare" --memmem "$f"
  rss_cmd summary "$f" "$siptrace" analyze --quiet --summary "$f"
  rss_cmd ndjson "$f" "$siptrace" analyze --quiet --format ndjson "$f"
done

# Interleaved rounds on the big file: the bare loop with memmem, the summary
# and ndjson one after the other, the order turned each round, so that each
# ratio compares runs made under the same load. On a shared machine whose speed
# drifts by a third over minutes, the blocks of runs above can each meet a
# different machine; the median of these per-round ratios cannot.
paired="$out/paired.tsv"
: > "$paired"
if [ "$smoke" = 0 ]; then
  pairs=${PAIRS:-9}
  log "interleaved rounds on $(basename "$big_file"): bare loop + memmem, summary, ndjson in turn, $pairs rounds"
  for ((i = 0; i < pairs; i++)); do
    declare -A took=()
    for ((k = 0; k < 3; k++)); do
      which=$(( (i + k) % 3 ))
      case $which in
        0) label=bare; cmd=("$bare" --memmem "$big_file") ;;
        1) label=summary; cmd=("$siptrace" analyze --quiet --summary "$big_file") ;;
        2) label=ndjson; cmd=("$siptrace" analyze --quiet --format ndjson "$big_file") ;;
      esac
      s=$(date +%s%N); "${cmd[@]}" > /dev/null 2>&1; e=$(date +%s%N)
      took[$label]=$((e - s))
    done
    printf '%s\t%s\t%s\n' "${took[bare]}" "${took[summary]}" "${took[ndjson]}" >> "$paired"
    unset took
  done
fi

tshark_note="not run (smoke mode)"
if [ "$have_tshark" = 1 ]; then
  log "tshark on $(basename "$small_file")"
  time_cmd tshark "$small_file" "$small" "$slow_runs" 0 tshark -q -z sip,stat -r "$small_file"
  rss_cmd tshark "$small_file" tshark -q -z sip,stat -r "$small_file"
  limit=${TSHARK_TIMEOUT:-180}
  log "tshark on $(basename "$big_file"), given up after ${limit} s (TSHARK_TIMEOUT)"
  report="$out/time-tshark-$(basename "$big_file").txt"
  start=$(date +%s.%N)
  if /usr/bin/time -v timeout "$limit" tshark -q -z sip,stat -r "$big_file" > /dev/null 2> "$report"; then
    end=$(date +%s.%N)
    printf '%s\t%s\t%s\t%s\n' tshark "$(basename "$big_file")" \
      "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")" \
      "$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$report")" >> "$rss"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t\n' tshark "$(basename "$big_file")" "$big" "$(python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$start" "$end")" 0 1 >> "$results"
    tshark_note="$(basename "$big_file"): one run (slow enough to be its own measurement)"
  else
    printf '%s\t%s\t%s\t%s\n' tshark-timeout "$(basename "$big_file")" "$limit" "" >> "$rss"
    tshark_note="$(basename "$big_file"): gave up after ${limit} s, so its time is only a LOWER BOUND (raise TSHARK_TIMEOUT to finish it)"
  fi
else
  [ "$smoke" = 1 ] || tshark_note="tshark not installed"
fi

# The same capture with a media port per call: the quadratic case aside, how
# does tshark compare? One run each (slow), under /usr/bin/time for RSS too.
ports_file=""
if [ "$have_tshark" = 1 ] && [ "$smoke" = 0 ]; then
  ports_file="$captures/$(name $big)-ports.pcap"
  log "generating $ports_file (media port per call)"
  "$capgen" --packets "$big" --rate 1000 --mix answered=60,early=15,busy=10,gone=5,unavailable=5,cancel=5 \
    --retransmit 2 --tcp 2 --seed 1 -o "$ports_file" 2> "$(note "$ports_file")"
  # siptrace is quick: timed like the rest; tshark once (slow enough to be its own measurement).
  log "summary on $(basename "$ports_file")"
  time_cmd summary "$ports_file" "$big" "$slow_runs" "$warm" "$siptrace" analyze --quiet --summary "$ports_file"
  rss_cmd summary "$ports_file" "$siptrace" analyze --quiet --summary "$ports_file"
  for label in tshark; do
    cmd=(tshark -q -z sip,stat -r "$ports_file")
    report="$out/time-$label-$(basename "$ports_file").txt"
    log "$label on $(basename "$ports_file"), one run"
    start=$(date +%s.%N)
    if /usr/bin/time -v timeout "${TSHARK_TIMEOUT:-180}" "${cmd[@]}" > /dev/null 2> "$report"; then
      end=$(date +%s.%N)
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$(basename "$ports_file")" "$big" "$(python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$start" "$end")" 0 1 \
        "$(awk -F': ' '/User time \(seconds\)/ {print $2}' "$report")" >> "$results"
      printf '%s\t%s\t%s\t%s\n' "$label" "$(basename "$ports_file")" "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")" "" >> "$rss"
    fi
  done
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report --------------------------------------------------------------
stamp=$(date -u +%Y%m%dT%H%M%SZ)
report_file="$out/compare-$stamp.txt"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD -- Sources Package.swift 2>/dev/null || commit="$commit + uncommitted changes"
{
  echo "siptrace performance comparison ($([ "$smoke" = 1 ] && echo smoke || echo full)), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), Linux $(uname -r)"
  echo "load average before $load_before, after $load_after (other builds may share the 2 cores)"
  echo "tools: $(swift --version 2>/dev/null | head -1); libpcap $(pkg-config --modversion libpcap); $(hyperfine --version 2>/dev/null || echo 'no hyperfine: plain timed runs'); $( [ "$have_tshark" = 1 ] && tshark --version | head -1 | sed 's/ (Git.*//' || echo 'tshark not run')"
  echo "siptrace: $root at $commit; binary $siptrace"
  echo "captures read from: $captures ($(stat -f -c %T "$captures" 2>/dev/null || echo unknown))"
  echo "captures: $(basename "$big_file"): $(head -1 "$(note "$big_file")" | sed 's/^capgen: //')"
  echo "          $(basename "$small_file"): $(head -1 "$(note "$small_file")" | sed 's/^capgen: //')"
  echo "          $(basename "$big_file"): $(sed -n 2p "$(note "$big_file")" | sed 's/^capgen: //;s/, at most.*//'); every SDP on m=audio 6000 (sipp's default)"
  [ -z "$ports_file" ] || echo "          $(basename "$ports_file"): the same calls with a media port per call"
  echo "tshark: $tshark_note"
  python3 - "$results" "$rss" "$(basename "$big_file")" "$(basename "$small_file")" "$big" "$small" "$( [ -n "$ports_file" ] && basename "$ports_file" )" "$paired" <<'EOF'
import statistics, sys
results_path, rss_path, big, small, nbig, nsmall, ports, paired_path = sys.argv[1:9]
nbig, nsmall = int(nbig), int(nsmall)
times = {}
for line in open(results_path):
    label, f, packets, mean, sd, n, user = line.rstrip("\n").split("\t")
    times[(label, f)] = (float(mean), float(sd), int(n), int(packets), float(user) if user else None)
rss = {}
timeout = None
for line in open(rss_path):
    parts = line.rstrip("\n").split("\t")
    if parts[0] == "tshark-timeout":
        timeout = float(parts[2]); continue
    if parts[2]:
        rss[(parts[0], parts[1])] = int(parts[2]) / 1024
labels = ["bare", "bare+memmem", "summary", "ndjson", "tshark"]
names = {"bare": "bare libpcap loop", "bare+memmem": "bare loop + memmem", "summary": "siptrace analyze --summary",
         "ndjson": "siptrace analyze --format ndjson", "tshark": "tshark -q -z sip,stat"}
# tshark given up on the big file: its time is at least the limit.
lower_bound = False
if ("tshark", big) not in times and timeout:
    times[("tshark", big)] = (timeout, 0.0, 0, nbig, None)
    lower_bound = True
print()
print(f"{'command':34} {'file':9} {'mean s':>9} {'± s':>7} {'user s':>7} {'runs':>4} {'packets/s':>12} {'peak RSS MB':>11}")
for f in (small, big, ports):
    for label in labels:
        if (label, f) not in times: continue
        mean, sd, n, packets, user = times[(label, f)]
        r = rss.get((label, f))
        u = f"{user:7.3f}" if user is not None else f"{'-':>7}"
        if label == "tshark" and f == big and lower_bound:
            print(f"{names[label]:34} {f:9} {'>' + format(mean, '.0f'):>9} {'-':>7} {'-':>7} {'-':>4} {'<' + format(packets/mean, ',.0f'):>12} {'-':>11}  gave up: LOWER BOUND")
            continue
        print(f"{names[label]:34} {f:9} {mean:9.3f} {sd:7.3f} {u} {n:4d} {packets/mean:12,.0f} {('%.1f' % r) if r else '-':>11}")
print()
print("mean s is wall-clock time; user s is CPU time in user space, summed over threads")
print("(siptrace --summary and --format ndjson track calls on a second thread, so their user time exceeds their wall time).")
print()
def t(label, f): return times.get((label, f), (None,))[0]
def verdict(ok): return "met" if ok else "NOT met"
print("issue 8 targets")
s, m, nd, ts = t("summary", big), t("bare+memmem", big), t("ndjson", big), t("tshark", big)
if s and ts:
    ratio = ts / s
    if lower_bound:
        state = "met" if ratio >= 30 else f"unknown: tshark would have to take {30 * s:.0f} s"
        print(f"  summary vs tshark, {big}: at least {ratio:.1f}x faster (tshark gave up after {ts:.0f} s; target >= 30x): {state}")
    else:
        print(f"  summary vs tshark, {big} (every SDP on one port, tshark quadratic): {ratio:.1f}x faster (target >= 30x): {verdict(ratio >= 30)}")
s_small, ts_small = t("summary", small), t("tshark", small)
if s_small and ts_small:
    print(f"  summary vs tshark, {small}: {ts_small / s_small:.1f}x faster")
if s and m:
    ratio = s / m
    print(f"  summary vs bare loop + memmem, {big}: {ratio:.1f}x its time (target <= 3x): {verdict(ratio <= 3)}")
if s and nd:
    ratio = nd / s
    print(f"  ndjson vs summary, {big}: {ratio:.2f}x (target <= 3x): {verdict(ratio <= 3)}")
rounds = [tuple(int(x) for x in line.split()) for line in open(paired_path) if line.strip()]
if rounds:
    def spread(values):
        return f"median {statistics.median(values):.2f}x, {min(values):.2f}x to {max(values):.2f}x"
    by_bare = [s_ / b for b, s_, n in rounds]
    by_summary = [n / s_ for b, s_, n in rounds]
    print(f"  interleaved, {len(rounds)} rounds on {big} (each ratio within one round, same load):")
    print(f"    summary vs bare loop + memmem: {spread(by_bare)} (target <= 3x): {verdict(statistics.median(by_bare) <= 3)}")
    print(f"    ndjson vs summary: {spread(by_summary)} (target <= 3x): {verdict(statistics.median(by_summary) <= 3)}")
    print(f"    medians: bare loop + memmem {statistics.median(b for b, _, _ in rounds) / 1e9:.3f} s, "
          f"summary {statistics.median(x for _, x, _ in rounds) / 1e9:.3f} s, ndjson {statistics.median(n for _, _, n in rounds) / 1e9:.3f} s")
rb, rs = rss.get(("summary", big)), rss.get(("summary", small))
if rb and rs:
    ratio = rb / rs
    print(f"  summary peak RSS {big} vs {small}: {rb:.1f} MB vs {rs:.1f} MB = {ratio:.2f}x (target <= 1.5x): {verdict(ratio <= 1.5)}")
    print(f"  summary peak RSS {big} under 100 MB: {rb:.1f} MB: {verdict(rb < 100)}")
rts = rss.get(("tshark", big))
if rts: print(f"  (tshark peak RSS {big}: {rts:.1f} MB)")
sp, tp = t("summary", ports), t("tshark", ports)
if ports and sp and tp:
    ratio = tp / sp
    said = f"summary {ratio:.1f}x faster than tshark" if ratio >= 1 else f"summary {1 / ratio:.2f}x SLOWER than tshark"
    print(f"  with a media port per call, {ports}: {said} (tshark one run; target >= 30x): {verdict(ratio >= 30)}")
elif ports and sp:
    print(f"  (with a media port per call, {ports}: tshark gave up; summary took {sp:.1f} s)")
EOF
} | tee "$report_file"
log "saved to $report_file"

#!/usr/bin/env bash
# One live session against real SIP traffic, for LiveCommandTests.
#
#   run-live.sh SIPTRACE WORKDIR
#
# Starts `siptrace live -i lo` (ndjson, -w WORKDIR/live.pcap), waits until it is
# listening, runs a sipp UAS (port 5080) and UAC (port 5081) on 127.0.0.1 for the
# five calls of live-users.csv (answer, early media, 410, 486, cancel), then stops
# siptrace with SIGINT. Everything is bounded: sipp by -m, -timeout and timeout(1),
# siptrace by --duration 15s. The test runs this under `unshare --net` when it can
# (SIPTRACE_LIVE_NETNS=1), so the traffic exists only on a private loopback.
#
# Leaves in WORKDIR: live.out (stdout), live.err, live.rc, live.pcap, uas.log, uac.log.
set -euo pipefail

SIPTRACE=$1
WORK=$2
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCEN="$HERE/../../../Fixtures/scenarios"
cd "$WORK"                     # sipp writes its logs into the current directory

if [[ "${SIPTRACE_LIVE_NETNS:-}" == 1 ]]; then
  ip link set lo up
fi

LIVE_PID=""
UAS_PID=""
on_exit() {
  # only the processes this script started, by PID
  [[ -n "$UAS_PID" ]] && kill "$UAS_PID" 2>/dev/null || true
  [[ -n "$LIVE_PID" ]] && kill "$LIVE_PID" 2>/dev/null || true
}
trap on_exit EXIT

"$SIPTRACE" live -i lo -f 'udp port 5080 or udp port 5081' --duration 15s -w "$WORK/live.pcap" \
  --format ndjson >"$WORK/live.out" 2>"$WORK/live.err" &
LIVE_PID=$!
for _ in $(seq 200); do
  grep -q 'listening on' "$WORK/live.err" 2>/dev/null && break
  kill -0 "$LIVE_PID" 2>/dev/null || break
  sleep 0.05
done
grep -q 'listening on' "$WORK/live.err" || { echo "siptrace did not start" >&2; exit 1; }

timeout 20 sipp -sf "$SCEN/uas.xml" -i 127.0.0.1 -p 5080 -m 5 -nostdin \
  -timeout 15s -timeout_error >"$WORK/uas.log" 2>&1 &
UAS_PID=$!
sleep 0.3

uac_rc=0
timeout 20 sipp 127.0.0.1:5080 -sf "$SCEN/uac-mix.xml" -i 127.0.0.1 -p 5081 -m 5 -nostdin \
  -inf "$HERE/live-users.csv" -r 10 -cid_str '%u-live@%s' -recv_timeout 5000 \
  -timeout 15s -timeout_error >"$WORK/uac.log" 2>&1 || uac_rc=$?
uas_rc=0
wait "$UAS_PID" || uas_rc=$?
UAS_PID=""

sleep 0.5                      # let the last packets reach the capture
kill -INT "$LIVE_PID"
live_rc=0
wait "$LIVE_PID" || live_rc=$?
LIVE_PID=""
echo "$live_rc" >"$WORK/live.rc"

[[ $uac_rc == 0 ]] || { tail -20 "$WORK/uac.log" >&2; echo "sipp UAC exited with $uac_rc" >&2; exit 1; }
[[ $uas_rc == 0 ]] || { tail -20 "$WORK/uas.log" >&2; echo "sipp UAS exited with $uas_rc" >&2; exit 1; }

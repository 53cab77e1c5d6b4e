#!/usr/bin/env bash
# Regenerates every SIP capture in Fixtures/ from scratch with sipp + tcpdump/dumpcap.
#
#   sudo bash Fixtures/make-fixtures.sh          # then: python3 Fixtures/make-oracle.py
#
# Everything runs inside a private network namespace (unshare -n): the traffic only
# ever exists on that namespace's own loopback, never on the host's interfaces.
# Each capture is checked with tshark (exact SIP message sequence per call) and the
# exit status of both sipp instances; any mismatch aborts the script (set -e).
# Needs: sipp (sip-tester), tcpdump, tshark, dumpcap, capinfos, unshare, ip, timeout.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCEN="$HERE/scenarios"

UAS_PORT=5060            # sipp UAS (server side) - also SIP's well-known port, so tshark decodes it
UAC_PORT=5070            # sipp UAC (client side)
FILTER="port $UAS_PORT or port $UAC_PORT"   # capture filter: nothing but the sipp sockets

# --- 1. re-exec inside a fresh network namespace -----------------------------------
if [[ "${SIPTRACE_IN_NETNS:-}" != 1 ]]; then
  if [[ $(id -u) != 0 ]]; then echo "make-fixtures.sh: must run as root (unshare -n, packet capture)" >&2; exit 1; fi
  for tool in sipp tcpdump tshark dumpcap capinfos unshare ip timeout; do
    command -v "$tool" >/dev/null || { echo "make-fixtures.sh: missing tool: $tool" >&2; exit 1; }
  done
  exec env SIPTRACE_IN_NETNS=1 unshare --net -- bash "$HERE/make-fixtures.sh" "$@"
fi

ip link set lo up
if [[ $(sysctl -n net.ipv6.conf.lo.disable_ipv6) != 0 ]]; then
  sysctl -qw net.ipv6.conf.lo.disable_ipv6=0
fi
for _ in $(seq 50); do ip -6 addr show dev lo | grep -q '::1/128' && break; sleep 0.1; done
ip -6 addr show dev lo | grep -q '::1/128' || { echo "no ::1 on lo inside the namespace" >&2; exit 1; }

WORK="$(mktemp -d /tmp/siptrace-fixtures.XXXXXX)"
TSHARK_HOME="$WORK/tshark-home"          # empty config dir: no personal Wireshark preferences
mkdir -p "$TSHARK_HOME"
cd "$WORK"                               # sipp writes its -trace_err logs into the cwd

CAP_PID=""
CAP_LOG=""
UAS_PID=""
on_exit() {
  local rc=$?
  # only the background processes this script started, by PID
  [[ -n "$UAS_PID" ]] && kill "$UAS_PID" 2>/dev/null || true
  [[ -n "$CAP_PID" ]] && kill "$CAP_PID" 2>/dev/null || true
  if [[ $rc == 0 ]]; then rm -rf "$WORK"; else echo "FAILED (rc=$rc) - logs kept in $WORK" >&2; fi
}
trap on_exit EXIT

die() { echo "ERROR: $*" >&2; exit 1; }

tshark_() { env HOME="$TSHARK_HOME" XDG_CONFIG_HOME="$TSHARK_HOME" tshark "$@" 2>>"$WORK/tshark.err"; }

# --- 2. capture helpers ------------------------------------------------------------
# capture_start NAME tcpdump|dumpcap ARGS...  (output file: $WORK/NAME)
capture_start() {
  local name=$1 tool=$2; shift 2
  CAP_LOG="$WORK/$name.capture.log"
  case $tool in
    tcpdump) timeout 60 tcpdump -U --immediate-mode -w "$WORK/$name" "$@" "$FILTER" 2>"$CAP_LOG" & ;;
    dumpcap) timeout 60 dumpcap -q -f "$FILTER" -w "$WORK/$name" "$@" 2>"$CAP_LOG" & ;;
  esac
  CAP_PID=$!
  # wait until the capture is really running before any traffic is sent
  for _ in $(seq 100); do
    grep -qiE 'listening on|capturing on' "$CAP_LOG" 2>/dev/null && return 0
    kill -0 "$CAP_PID" 2>/dev/null || break
    sleep 0.05
  done
  cat "$CAP_LOG" >&2; die "$tool did not start for $name"
}

capture_stop() {
  sleep 1                                   # let the last packets reach the capture
  kill -INT "$CAP_PID"
  wait "$CAP_PID" || true                   # tcpdump/dumpcap exit status after a signal varies
  CAP_PID=""
  if grep -qE '^[1-9][0-9]* packets dropped' "$CAP_LOG"; then cat "$CAP_LOG" >&2; die "capture dropped packets"; fi
}

# --- 3. sipp helpers ---------------------------------------------------------------
# uas_start NAME CALLS SCENARIO SIPP-ARGS...   (background; -m CALLS; -timeout bounds it)
uas_start() {
  local name=$1 calls=$2 scen=$3; shift 3
  timeout 60 sipp -sf "$SCEN/$scen" -p "$UAS_PORT" -m "$calls" -nostdin -trace_err \
    -timeout 45s -timeout_error "$@" >"$WORK/$name.uas.log" 2>&1 &
  UAS_PID=$!
  sleep 0.3
  kill -0 "$UAS_PID" 2>/dev/null || { cat "$WORK/$name.uas.log" >&2; die "$name: UAS did not start"; }
}

# uac_run NAME CALLS SCENARIO REMOTE SIPP-ARGS...   (foreground; waits for the UAS too)
uac_run() {
  local name=$1 calls=$2 scen=$3 remote=$4; shift 4
  local rc=0
  timeout 60 sipp "$remote" -sf "$SCEN/$scen" -p "$UAC_PORT" -m "$calls" -nostdin -trace_err \
    -cid_str "%u-${name//./-}@%s" -recv_timeout 5000 -timeout 45s -timeout_error "$@" \
    >"$WORK/$name.uac.log" 2>&1 || rc=$?
  [[ $rc == 0 ]] || { tail -40 "$WORK/$name.uac.log" >&2; die "$name: sipp UAC exited with $rc"; }
  rc=0; wait "$UAS_PID" || rc=$?
  UAS_PID=""
  [[ $rc == 0 ]] || { tail -40 "$WORK/$name.uas.log" >&2; die "$name: sipp UAS exited with $rc"; }
}

# --- 4. verification (tshark) --------------------------------------------------------
# Prints one line per Call-ID (order of first appearance): the SIP message sequence,
# requests as methods, responses as status codes, e.g. "INVITE 100 180 200 ACK BYE 200".
sip_sequences() {
  tshark_ -n -r "$1" -Y sip -T fields -E separator=/t -E occurrence=a -E aggregator=' ' \
      -e sip.Call-ID -e sip.Method -e sip.Status-Code |
    awk -F'\t' '{ # one SIP message per frame is all these captures contain
                  if (!($1 in seq)) order[n++] = $1
                  seq[$1] = seq[$1] (seq[$1] == "" ? "" : " ") ($2 != "" ? $2 : $3) }
                END { for (i = 0; i < n; i++) print seq[order[i]] }'
}

# expect NAME "SEQUENCE" CALLS   - every call in the capture must have exactly SEQUENCE
expect() {
  local name=$1 want=$2 calls=$3 got
  got="$(sip_sequences "$WORK/$name" | sort | uniq -c | sed 's/^ *//')"
  [[ "$got" == "$calls $want" ]] || die "$name: expected $calls x '$want', got:
$got"
}

# publish NAME   - the capture passed every check: move it into Fixtures/
publish() {
  local want got
  case $1 in                                # file format / link type each capture must have
    *.pcapng)   want="pcapng ether" ;;
    nano-*)     want="nsecpcap ether" ;;
    any-sll2.*) want="pcap linux-sll2" ;;
    any-sll.*)  want="pcap linux-sll" ;;
    *)          want="pcap ether" ;;
  esac
  got="$(capinfos -T -r -t -E "$WORK/$1" 2>/dev/null | cut -f2,3 | tr '\t' ' ')"
  [[ "$got" == "$want" ]] || die "$1: expected file type/link type '$want', got '$got'"
  mv -f "$WORK/$1" "$HERE/$1"
  chown --reference="$HERE" "$HERE/$1"     # tcpdump drops privileges; dumpcap writes 0600
  chmod 0644 "$HERE/$1"
  echo "ok  $1  ($(sip_sequences "$HERE/$1" | wc -l) calls)"
}

L4="127.0.0.1"
L6="::1"
CALL_SEQ="INVITE 100 180 200 ACK BYE 200"

# one answered-call capture: NAME CAPTURE-TOOL CAPTURE-ARGS... -- EXTRA-SIPP-ARGS...
answered_call() {
  local name=$1 tool=$2; shift 2
  local cap=() extra=()
  while [[ $# -gt 0 && $1 != -- ]]; do cap+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  extra=("$@")
  capture_start "$name" "$tool" "${cap[@]}"
  uas_start "$name" 1 uas.xml -i "$L4"
  uac_run "$name" 1 uac-call.xml "$L4:$UAS_PORT" -i "$L4" -s answer -d 200 "${extra[@]}"
  capture_stop
  expect "$name" "$CALL_SEQ" 1
  publish "$name"
}

# --- 5. the scenarios ----------------------------------------------------------------

# basic-call.pcap: UDP/IPv4, one answered call, SDP in INVITE and 200, 200 ms talk time
answered_call basic-call.pcap tcpdump -i lo

# early-media.pcap: 183 Session Progress with SDP (early media) before the 200
capture_start early-media.pcap tcpdump -i lo
uas_start early-media.pcap 1 uas.xml -i "$L4"
uac_run early-media.pcap 1 uac-call.xml "$L4:$UAS_PORT" -i "$L4" -s early -d 200
capture_stop
expect early-media.pcap "INVITE 100 183 200 ACK BYE 200" 1
publish early-media.pcap

# gone-410.pcap: number no longer exists - 410 Gone, no ringing
capture_start gone-410.pcap tcpdump -i lo
uas_start gone-410.pcap 1 uas.xml -i "$L4"
uac_run gone-410.pcap 1 uac-reject.xml "$L4:$UAS_PORT" -i "$L4" -s gone
capture_stop
expect gone-410.pcap "INVITE 100 410 ACK" 1
publish gone-410.pcap

# busy-486.pcap: rings, then 486 Busy Here
capture_start busy-486.pcap tcpdump -i lo
uas_start busy-486.pcap 1 uas.xml -i "$L4"
uac_run busy-486.pcap 1 uac-reject.xml "$L4:$UAS_PORT" -i "$L4" -s busy
capture_stop
expect busy-486.pcap "INVITE 100 180 486 ACK" 1
publish busy-486.pcap

# cancel-487.pcap: caller hangs up while ringing - CANCEL, 200 (CANCEL), 487 (INVITE), ACK
capture_start cancel-487.pcap tcpdump -i lo
uas_start cancel-487.pcap 1 uas.xml -i "$L4"
uac_run cancel-487.pcap 1 uac-cancel.xml "$L4:$UAS_PORT" -i "$L4" -s cancel
capture_stop
expect cancel-487.pcap "INVITE 100 180 CANCEL 200 487 ACK" 1
publish cancel-487.pcap

# register-401.pcap: REGISTER challenged with 401 + WWW-Authenticate, retried with
# Authorization (digest MD5, alice/secret), 200 with Contact;expires and Expires
capture_start register-401.pcap tcpdump -i lo
uas_start register-401.pcap 1 uas-register.xml -i "$L4"
uac_run register-401.pcap 1 uac-register.xml "$L4:$UAS_PORT" -i "$L4" -au alice -ap secret
capture_stop
expect register-401.pcap "REGISTER 401 REGISTER 200" 1
publish register-401.pcap

# tcp-call.pcap: answered call over TCP (one connection, -t t1), handshake and FIN included
capture_start tcp-call.pcap tcpdump -i lo
uas_start tcp-call.pcap 1 uas.xml -i "$L4" -t t1
uac_run tcp-call.pcap 1 uac-call.xml "$L4:$UAS_PORT" -i "$L4" -s answer -d 200 -t t1
capture_stop
expect tcp-call.pcap "$CALL_SEQ" 1
tshark_ -n -r "$WORK/tcp-call.pcap" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' | grep -q . || die "tcp-call.pcap: no SYN"
publish tcp-call.pcap

# any-sll2.pcap: answered call captured on the "any" pseudo-device (default link type,
# LINUX_SLL2 with this libpcap)
answered_call any-sll2.pcap tcpdump -i any

# any-sll.pcap: same, but forcing the older cooked header LINUX_SLL (v1)
answered_call any-sll.pcap tcpdump -i any -y LINUX_SLL

# ipv6-call.pcap: answered call over UDP on [::1]
capture_start ipv6-call.pcap tcpdump -i lo
uas_start ipv6-call.pcap 1 uas.xml -i "$L6"
uac_run ipv6-call.pcap 1 uac-call.xml "[$L6]:$UAS_PORT" -i "$L6" -s answer -d 200
capture_stop
expect ipv6-call.pcap "$CALL_SEQ" 1
publish ipv6-call.pcap

# basic-call.pcapng: answered call written natively as pcapng by dumpcap
answered_call basic-call.pcapng dumpcap -i lo

# nano-call.pcap: answered call, nanosecond-resolution pcap (magic a1b23c4d)
answered_call nano-call.pcap tcpdump -i lo --time-stamp-precision=nano

# mix.pcap: 42 overlapping calls, 6 of each outcome (answer, early, busy, gone,
# unavail=503, cancel, notfound=404), callee and talk time per call from mix-users.csv;
# 10 new calls per second, talk times up to 1.5 s, so calls overlap.
MIX_CALLS=$(($(wc -l <"$SCEN/mix-users.csv") - 1))
capture_start mix.pcap tcpdump -i lo
uas_start mix.pcap "$MIX_CALLS" uas.xml -i "$L4"
uac_run mix.pcap "$MIX_CALLS" uac-mix.xml "$L4:$UAS_PORT" -i "$L4" -inf "$SCEN/mix-users.csv" -r 10 -l 20
capture_stop
declare -A OUTCOME_SEQ=(
  [answer]="$CALL_SEQ"
  [early]="INVITE 100 183 200 ACK BYE 200"
  [busy]="INVITE 100 180 486 ACK"
  [gone]="INVITE 100 410 ACK"
  [notfound]="INVITE 100 404 ACK"
  [unavail]="INVITE 100 503 ACK"
  [cancel]="INVITE 100 180 CANCEL 200 487 ACK"
)
want="$(tail -n +2 "$SCEN/mix-users.csv" | cut -d';' -f1 |
        while read -r o; do echo "${OUTCOME_SEQ[$o]}"; done | sort | uniq -c | sed 's/^ *//')"
got="$(sip_sequences "$WORK/mix.pcap" | sort | uniq -c | sed 's/^ *//')"
[[ "$got" == "$want" ]] || die "mix.pcap: expected
$want
got
$got"
publish mix.pcap

echo "all captures regenerated in $HERE - now run: python3 $HERE/make-oracle.py"

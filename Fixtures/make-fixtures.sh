#!/usr/bin/env bash
# Regenerates every SIP capture in Fixtures/ from scratch with sipp + tcpdump/dumpcap.
#
#   sudo bash Fixtures/make-fixtures.sh          # then: python3 Fixtures/make-oracle.py
#   sudo bash Fixtures/make-fixtures.sh tcp-many.pcap ip-fragments.pcap
#                                                # only the captures named (then make-oracle.py FILE...)
#
# Everything runs inside a private network namespace (unshare -n): the traffic only
# ever exists on that namespace's own loopback, never on the host's interfaces.
# Each capture is checked with tshark (exact SIP message sequence per call) and the
# exit status of both sipp instances; any mismatch aborts the script (set -e).
# Needs: sipp (sip-tester), tcpdump, tshark, dumpcap, capinfos, unshare, ip, tc, timeout.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCEN="$HERE/scenarios"

UAS_PORT=5060            # sipp UAS (server side) - also SIP's well-known port, so tshark decodes it
UAC_PORT=5070            # sipp UAC (client side)
FILTER="port $UAS_PORT or port $UAC_PORT"   # capture filter: nothing but the sipp sockets
# For the fragment captures: "port" only matches an IPv4 first fragment (the later ones
# carry no UDP header) and no IPv6 fragment at all (the Fragment header comes before UDP),
# so also keep every IPv4 non-first fragment and every IPv6 packet whose first extension
# header is a Fragment header. The namespace's private lo carries nothing else.
FRAG_FILTER="$FILTER or (ip and ip[6:2] & 0x1fff != 0) or (ip6 and ip6[6] == 44)"

# every capture this script makes, in the order it makes them; arguments pick a subset
CAPTURES=(basic-call.pcap early-media.pcap gone-410.pcap busy-486.pcap cancel-487.pcap
          register-401.pcap tcp-call.pcap any-sll2.pcap any-sll.pcap ipv6-call.pcap
          basic-call.pcapng nano-call.pcap mix.pcap
          ip6-fragments.pcap ip-fragments.pcap tcp-many.pcap)
# dialog tracking (section 5b): forks, 100rel, hold/resume, retransmissions, two hops
CAPTURES+=(dialog-fork.pcap dialog-prack.pcap dialog-hold.pcap dialog-retrans.pcap dialog-two-hops.pcap)
for arg in "$@"; do
  [[ " ${CAPTURES[*]} " == *" $arg "* ]] || { echo "make-fixtures.sh: unknown capture '$arg' (known: ${CAPTURES[*]})" >&2; exit 2; }
done
# selected NAME: true when NAME was asked for (no arguments: every capture)
selected() {
  [[ ${#SELECTED[@]} == 0 ]] && return 0
  [[ " ${SELECTED[*]} " == *" $1 "* ]]
}
SELECTED=("$@")

# --- 1. re-exec inside a fresh network namespace -----------------------------------
if [[ "${SIPTRACE_IN_NETNS:-}" != 1 ]]; then
  if [[ $(id -u) != 0 ]]; then echo "make-fixtures.sh: must run as root (unshare -n, packet capture)" >&2; exit 1; fi
  for tool in sipp tcpdump tshark dumpcap capinfos unshare ip tc timeout; do
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
# The capture filter is $FILTER unless CAPTURE_FILTER says otherwise.
capture_start() {
  local name=$1 tool=$2; shift 2
  local filter=${CAPTURE_FILTER:-$FILTER}
  CAP_LOG="$WORK/$name.capture.log"
  case $tool in
    tcpdump) timeout 60 tcpdump -U --immediate-mode -w "$WORK/$name" "$@" "$filter" 2>"$CAP_LOG" & ;;
    dumpcap) timeout 60 dumpcap -q -f "$filter" -w "$WORK/$name" "$@" 2>"$CAP_LOG" & ;;
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
# sip_messages FILE: one line per SIP message, in capture order: "Call-ID To-user what",
# what = the method of a request or the status code of a response. A frame can carry
# several SIP messages (TCP); tshark lists them in order. In these captures a frame
# holds either only requests (UAC -> UAS) or only responses (UAS -> UAC).
sip_messages() {
  tshark_ -n -r "$1" -Y sip -T fields -E separator=/t -E occurrence=a -E aggregator=' ' \
      -e frame.number -e sip.Call-ID -e sip.to.user -e sip.Method -e sip.Status-Code |
    awk -F'\t' '{ n = split($2, id, " "); split($3, to, " ")
                  nm = split($4, m, " "); ns = split($5, st, " ")
                  if ((nm > 0 && ns > 0) || nm + ns != n) {
                    print "frame " $1 ": cannot pair SIP messages with Call-IDs" > "/dev/stderr"; exit 2 }
                  for (i = 1; i <= n; i++) print id[i], to[i], (nm > 0 ? m[i] : st[i]) }'
}

# Prints one line per Call-ID (order of first appearance): the SIP message sequence,
# requests as methods, responses as status codes, e.g. "INVITE 100 180 200 ACK BYE 200".
sip_sequences() {
  sip_messages "$1" |
    awk '{ if (!($1 in seq)) order[n++] = $1
           seq[$1] = seq[$1] (seq[$1] == "" ? "" : " ") $3 }
         END { for (i = 0; i < n; i++) print seq[order[i]] }'
}

# expect NAME "SEQUENCE" CALLS   - every call in the capture must have exactly SEQUENCE
expect() {
  local name=$1 want=$2 calls=$3 got
  got="$(sip_sequences "$WORK/$name" | sort | uniq -c | sed 's/^ *//')"
  [[ "$got" == "$calls $want" ]] || die "$name: expected $calls x '$want', got:
$got"
}

# The SIP message sequence of a call to each callee user (see scenarios/uas.xml)
declare -A OUTCOME_SEQ=(
  [answer]="INVITE 100 180 200 ACK BYE 200"
  [early]="INVITE 100 183 200 ACK BYE 200"
  [busy]="INVITE 100 180 486 ACK"
  [gone]="INVITE 100 410 ACK"
  [notfound]="INVITE 100 404 ACK"
  [unavail]="INVITE 100 503 ACK"
  [cancel]="INVITE 100 180 CANCEL 200 487 ACK"
)

# expect_users NAME CSV - a capture driven by an injection file (field0 = callee):
# the capture has one call per CSV line, and each call has the sequence of its callee
expect_users() {
  local name=$1 csv=$2 want got
  want="$(tail -n +2 "$csv" | cut -d';' -f1 | sort | uniq -c | sed 's/^ *//')"
  got="$(sip_messages "$WORK/$name" |
         awk '{ if (!($1 in seq)) { order[n++] = $1; user[$1] = $2 }
                seq[$1] = seq[$1] (seq[$1] == "" ? "" : " ") $3 }
              END { for (i = 0; i < n; i++) print user[order[i]] "\t" seq[order[i]] }')"
  [[ "$(cut -f1 <<<"$got" | sort | uniq -c | sed 's/^ *//')" == "$want" ]] || die "$name: expected callees
$want
got
$got"
  while IFS=$'\t' read -r user seq; do
    [[ "$seq" == "${OUTCOME_SEQ[$user]}" ]] || die "$name: call to '$user' has '$seq', expected '${OUTCOME_SEQ[$user]}'"
  done <<<"$got"
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
  selected "$name" || return 0
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
if selected early-media.pcap; then
  capture_start early-media.pcap tcpdump -i lo
  uas_start early-media.pcap 1 uas.xml -i "$L4"
  uac_run early-media.pcap 1 uac-call.xml "$L4:$UAS_PORT" -i "$L4" -s early -d 200
  capture_stop
  expect early-media.pcap "INVITE 100 183 200 ACK BYE 200" 1
  publish early-media.pcap
fi

# gone-410.pcap: number no longer exists - 410 Gone, no ringing
if selected gone-410.pcap; then
  capture_start gone-410.pcap tcpdump -i lo
  uas_start gone-410.pcap 1 uas.xml -i "$L4"
  uac_run gone-410.pcap 1 uac-reject.xml "$L4:$UAS_PORT" -i "$L4" -s gone
  capture_stop
  expect gone-410.pcap "INVITE 100 410 ACK" 1
  publish gone-410.pcap
fi

# busy-486.pcap: rings, then 486 Busy Here
if selected busy-486.pcap; then
  capture_start busy-486.pcap tcpdump -i lo
  uas_start busy-486.pcap 1 uas.xml -i "$L4"
  uac_run busy-486.pcap 1 uac-reject.xml "$L4:$UAS_PORT" -i "$L4" -s busy
  capture_stop
  expect busy-486.pcap "INVITE 100 180 486 ACK" 1
  publish busy-486.pcap
fi

# cancel-487.pcap: caller hangs up while ringing - CANCEL, 200 (CANCEL), 487 (INVITE), ACK
if selected cancel-487.pcap; then
  capture_start cancel-487.pcap tcpdump -i lo
  uas_start cancel-487.pcap 1 uas.xml -i "$L4"
  uac_run cancel-487.pcap 1 uac-cancel.xml "$L4:$UAS_PORT" -i "$L4" -s cancel
  capture_stop
  expect cancel-487.pcap "INVITE 100 180 CANCEL 200 487 ACK" 1
  publish cancel-487.pcap
fi

# register-401.pcap: REGISTER challenged with 401 + WWW-Authenticate, retried with
# Authorization (digest MD5, alice/secret), 200 with Contact;expires and Expires
if selected register-401.pcap; then
  capture_start register-401.pcap tcpdump -i lo
  uas_start register-401.pcap 1 uas-register.xml -i "$L4"
  uac_run register-401.pcap 1 uac-register.xml "$L4:$UAS_PORT" -i "$L4" -au alice -ap secret
  capture_stop
  expect register-401.pcap "REGISTER 401 REGISTER 200" 1
  publish register-401.pcap
fi

# tcp-call.pcap: answered call over TCP (one connection, -t t1), handshake and FIN included
if selected tcp-call.pcap; then
  capture_start tcp-call.pcap tcpdump -i lo
  uas_start tcp-call.pcap 1 uas.xml -i "$L4" -t t1
  uac_run tcp-call.pcap 1 uac-call.xml "$L4:$UAS_PORT" -i "$L4" -s answer -d 200 -t t1
  capture_stop
  expect tcp-call.pcap "$CALL_SEQ" 1
  tshark_ -n -r "$WORK/tcp-call.pcap" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' | grep -q . || die "tcp-call.pcap: no SYN"
  publish tcp-call.pcap
fi

# any-sll2.pcap: answered call captured on the "any" pseudo-device (default link type,
# LINUX_SLL2 with this libpcap)
answered_call any-sll2.pcap tcpdump -i any

# any-sll.pcap: same, but forcing the older cooked header LINUX_SLL (v1)
answered_call any-sll.pcap tcpdump -i any -y LINUX_SLL

# ipv6-call.pcap: answered call over UDP on [::1]
if selected ipv6-call.pcap; then
  capture_start ipv6-call.pcap tcpdump -i lo
  uas_start ipv6-call.pcap 1 uas.xml -i "$L6"
  uac_run ipv6-call.pcap 1 uac-call.xml "[$L6]:$UAS_PORT" -i "$L6" -s answer -d 200
  capture_stop
  expect ipv6-call.pcap "$CALL_SEQ" 1
  publish ipv6-call.pcap
fi

# basic-call.pcapng: answered call written natively as pcapng by dumpcap
answered_call basic-call.pcapng dumpcap -i lo

# nano-call.pcap: answered call, nanosecond-resolution pcap (magic a1b23c4d)
answered_call nano-call.pcap tcpdump -i lo --time-stamp-precision=nano

# mix.pcap: 42 overlapping calls, 6 of each outcome (answer, early, busy, gone,
# unavail=503, cancel, notfound=404), callee and talk time per call from mix-users.csv;
# 10 new calls per second, talk times up to 1.5 s, so calls overlap.
if selected mix.pcap; then
  MIX_CALLS=$(($(wc -l <"$SCEN/mix-users.csv") - 1))
  capture_start mix.pcap tcpdump -i lo
  uas_start mix.pcap "$MIX_CALLS" uas.xml -i "$L4"
  uac_run mix.pcap "$MIX_CALLS" uac-mix.xml "$L4:$UAS_PORT" -i "$L4" -inf "$SCEN/mix-users.csv" -r 10 -l 20
  capture_stop
  expect_users mix.pcap "$SCEN/mix-users.csv"
  publish mix.pcap
fi

# --- 5b. dialog tracking: forks, PRACK, hold/resume, retransmissions, two hops --------
# One call each, UDP on 127.0.0.1, from the dialog-*.xml scenarios. The Request-URI
# user names the case (fork, prack, hold, retrans, hops).

# fields NAME FILTER FIELD... - tshark's values of FIELDs in the frames matching FILTER,
# one line per frame, fields separated by "|", several occurrences by ","
fields() {
  local name=$1 filter=$2; shift 2
  tshark_ -n -r "$WORK/$name" -Y "$filter" -T fields -E separator='|' -E occurrence=a -E aggregator=, \
    $(printf -- '-e %s ' "$@")
}

# check_fields NAME FILTER "WANT" FIELD... - the lines of `fields` must be exactly WANT
check_fields() {
  local name=$1 filter=$2 want=$3 got; shift 3
  got="$(fields "$name" "$filter" "$@")"
  [[ "$got" == "$want" ]] || die "$name: [$filter] $*: expected
$want
got
$got"
}

# dialog_call NAME UAS-SCENARIO UAC-SCENARIO USER "SEQUENCE" [UAC-ARGS...]
dialog_call() {
  local name=$1 uas=$2 uac=$3 user=$4 seq=$5; shift 5
  capture_start "$name" tcpdump -i lo
  uas_start "$name" 1 "$uas" -i "$L4"
  uac_run "$name" 1 "$uac" "$L4:$UAS_PORT" -i "$L4" -s "$user" "$@"
  capture_stop
  expect "$name" "$seq" 1
}

# dialog-fork.pcap: one INVITE, two early dialogs (183 with SDP from To tag fork-a,
# then from fork-b), fork-b answers; ACK and BYE in fork-b's dialog
if selected dialog-fork.pcap; then
  dialog_call dialog-fork.pcap dialog-uas-fork.xml dialog-uac-fork.xml fork \
    "INVITE 100 183 183 200 ACK BYE 200" -d 200
  check_fields dialog-fork.pcap 'sip.Status-Code == 183' "fork-a|7000
fork-b|7002" sip.to.tag sdp.media.port
  check_fields dialog-fork.pcap 'sip.CSeq.method == "INVITE" && sip.Status-Code == 200' "fork-b" sip.to.tag
  check_fields dialog-fork.pcap 'sip.Method == "ACK" || sip.Method == "BYE"' "fork-b
fork-b" sip.to.tag
  publish dialog-fork.pcap
fi

# dialog-prack.pcap: 100rel - reliable 183 (Require: 100rel, RSeq 1, SDP answer),
# PRACK (RAck: 1 1 INVITE) and its 200, then the 200 to the INVITE
if selected dialog-prack.pcap; then
  dialog_call dialog-prack.pcap dialog-uas-prack.xml dialog-uac-prack.xml prack \
    "INVITE 100 183 PRACK 200 200 ACK BYE 200" -d 200
  check_fields dialog-prack.pcap 'sip.Method == "INVITE"' "100rel" sip.Supported
  check_fields dialog-prack.pcap 'sip.Status-Code == 183' "100rel|1|7000" sip.Require sip.RSeq sdp.media.port
  check_fields dialog-prack.pcap 'sip.Method == "PRACK"' "1 1 INVITE|2 PRACK" sip.RAck sip.CSeq
  check_fields dialog-prack.pcap 'sip.Status-Code == 200' "2 PRACK
1 INVITE
3 BYE" sip.CSeq
  publish dialog-prack.pcap
fi

# dialog-hold.pcap: answered call, re-INVITE a=sendonly (hold) answered a=recvonly,
# re-INVITE a=sendrecv (resume) answered a=sendrecv, each ACKed; then BYE
if selected dialog-hold.pcap; then
  dialog_call dialog-hold.pcap dialog-uas-hold.xml dialog-uac-hold.xml hold \
    "INVITE 100 180 200 ACK INVITE 200 ACK INVITE 200 ACK BYE 200"
  check_fields dialog-hold.pcap 'sdp' "1 INVITE|rtpmap:0 PCMU/8000,rtpmap:8 PCMA/8000,sendrecv
1 INVITE|rtpmap:0 PCMU/8000,sendrecv
2 INVITE|rtpmap:0 PCMU/8000,rtpmap:8 PCMA/8000,sendonly
2 INVITE|rtpmap:0 PCMU/8000,recvonly
3 INVITE|rtpmap:0 PCMU/8000,rtpmap:8 PCMA/8000,sendrecv
3 INVITE|rtpmap:0 PCMU/8000,sendrecv" sip.CSeq sdp.media_attr
  publish dialog-hold.pcap
fi

# dialog-retrans.pcap: the callee stays silent for 1.7 s, so the caller's timer A
# retransmits the INVITE at 0.5 s and 1.5 s; then 100, 180, 200. The caller waits
# 1.7 s before its ACK, so the callee retransmits the 200 at 0.5 s and 1.5 s.
# Each copy is the same datagram again.
if selected dialog-retrans.pcap; then
  dialog_call dialog-retrans.pcap dialog-uas-retrans.xml dialog-uac-retrans.xml retrans \
    "INVITE INVITE INVITE 100 180 200 200 200 ACK BYE 200" -d 200
  for what in 'sip.Method == "INVITE"' 'sip.Status-Code == 200 && sip.CSeq.method == "INVITE"'; do
    [[ "$(fields dialog-retrans.pcap "$what" udp.payload | sort -u | wc -l)" == 1 ]] ||
      die "dialog-retrans.pcap: the copies of [$what] differ"
  done
  publish dialog-retrans.pcap
fi

# dialog-two-hops.pcap: caller (5070) -> proxy (dialog-proxy.xml, 5080) -> callee
# (5060), captured on lo: every message twice, one Call-ID. The proxy answers the
# INVITE with its own 100 and absorbs the callee's; it retargets the INVITE to
# 127.0.0.1:5060, adds its Via and Record-Route; the ACK and BYE follow the route.
PROXY_PORT=5080
PROXY_PID=""
if selected dialog-two-hops.pcap; then
  # stop the proxy too if anything fails (on_exit stops the capture and the UAS)
  trap 'rc=$?; [[ -n "$PROXY_PID" ]] && kill "$PROXY_PID" 2>/dev/null; (exit $rc); on_exit' EXIT
  name=dialog-two-hops.pcap
  CAPTURE_FILTER="$FILTER or port $PROXY_PORT" capture_start "$name" tcpdump -i lo
  uas_start "$name" 1 dialog-uas-hops.xml -i "$L4"
  timeout 60 sipp -sf "$SCEN/dialog-proxy.xml" -p "$PROXY_PORT" -m 1 -nostdin -trace_err \
    -timeout 45s -timeout_error -i "$L4" >"$WORK/$name.proxy.log" 2>&1 &
  PROXY_PID=$!
  sleep 0.3
  kill -0 "$PROXY_PID" 2>/dev/null || { cat "$WORK/$name.proxy.log" >&2; die "$name: proxy did not start"; }
  uac_run "$name" 1 dialog-uac-hops.xml "$L4:$PROXY_PORT" -i "$L4" -s hops -d 200
  rc=0; wait "$PROXY_PID" || rc=$?
  PROXY_PID=""
  [[ $rc == 0 ]] || { tail -40 "$WORK/$name.proxy.log" >&2; die "$name: sipp proxy exited with $rc"; }
  capture_stop
  expect "$name" "INVITE 100 INVITE 100 180 180 200 200 ACK ACK BYE BYE 200 200" 1
  # hop 1 (caller <-> proxy) and hop 2 (proxy <-> callee) carry the same messages,
  # except each hop's own 100; on hop 2 the proxy's Via is on top of the caller's
  check_fields "$name" 'sip' "INVITE sip:hops@$L4:$PROXY_PORT SIP/2.0||$UAC_PORT|$PROXY_PORT|70|z9hG4bK-1-invite
|100|$PROXY_PORT|$UAC_PORT||z9hG4bK-1-invite
INVITE sip:hops@$L4:$UAS_PORT SIP/2.0||$PROXY_PORT|$UAS_PORT|69|z9hG4bK-proxy-1-invite,z9hG4bK-1-invite
|100|$UAS_PORT|$PROXY_PORT||z9hG4bK-proxy-1-invite,z9hG4bK-1-invite
|180|$UAS_PORT|$PROXY_PORT||z9hG4bK-proxy-1-invite,z9hG4bK-1-invite
|180|$PROXY_PORT|$UAC_PORT||z9hG4bK-1-invite
|200|$UAS_PORT|$PROXY_PORT||z9hG4bK-proxy-1-invite,z9hG4bK-1-invite
|200|$PROXY_PORT|$UAC_PORT||z9hG4bK-1-invite
ACK sip:hops@$L4:$UAS_PORT;transport=UDP SIP/2.0||$UAC_PORT|$PROXY_PORT|70|z9hG4bK-1-ack
ACK sip:hops@$L4:$UAS_PORT;transport=UDP SIP/2.0||$PROXY_PORT|$UAS_PORT|69|z9hG4bK-proxy-1-ack,z9hG4bK-1-ack
BYE sip:hops@$L4:$UAS_PORT;transport=UDP SIP/2.0||$UAC_PORT|$PROXY_PORT|70|z9hG4bK-1-bye
BYE sip:hops@$L4:$UAS_PORT;transport=UDP SIP/2.0||$PROXY_PORT|$UAS_PORT|69|z9hG4bK-proxy-1-bye,z9hG4bK-1-bye
|200|$UAS_PORT|$PROXY_PORT||z9hG4bK-proxy-1-bye,z9hG4bK-1-bye
|200|$PROXY_PORT|$UAC_PORT||z9hG4bK-1-bye" \
    sip.Request-Line sip.Status-Code udp.srcport udp.dstport sip.Max-Forwards sip.Via.branch
  publish "$name"
fi

# --- 6. transport reassembly: IP fragments and TCP segments -------------------------
# These change lo's MTU (and, for TCP, its GSO limit, queueing discipline and a TCP
# sysctl), so they run last and restore lo afterwards. Both sides use the large-SDP
# scenarios uac-big-sdp.xml and uas-big-sdp.xml: the INVITE is about 3.6 KB, the 183
# and the 200 to the INVITE about 2.4 KB; every other message stays small.

# lo_link MTU GSO_MAX_SEGS
lo_link() { ip link set dev lo mtu "$1" gso_max_segs "$2"; }

# lo_restore: lo as the namespace started. An MTU below 1280 took IPv6 off lo; taking
# lo down and up again brings ::1 back.
lo_restore() {
  tc qdisc del dev lo root 2>/dev/null || true      # back to no queueing discipline
  lo_link 65536 65535
  ip link set lo down
  ip link set lo up
  for _ in $(seq 50); do ip -6 addr show dev lo | grep -q '::1/128' && break; sleep 0.1; done
  ip -6 addr show dev lo | grep -q '::1/128' || die "no ::1 on lo after restoring it"
}

csv_calls() { echo $(($(wc -l <"$SCEN/$1") - 1)); }

# count NAME FILTER [FIELD] - frames matching FILTER, or occurrences of FIELD in them
count() {
  if [[ $# -lt 3 ]]; then
    tshark_ -n -r "$WORK/$1" -Y "$2" | wc -l
  else
    tshark_ -n -r "$WORK/$1" -Y "$2" -T fields -E occurrence=a -E aggregator=/s -e "$3" | tr ' ' '\n' | { grep -c . || true; }
  fi
}

# check_fragments NAME ip|ipv6 - the capture has IP fragments, tshark puts every one
# into a reassembled datagram, and every SIP message with an SDP body (INVITE, 183,
# 200 to INVITE) arrived fragmented while no other one did
check_fragments() {
  local name=$1 ip=$2 frags filter reassembled used sdp big
  case $ip in
    ip)   filter='ip.flags.mf == 1 || ip.frag_offset > 0' ;;
    ipv6) filter='ipv6.fraghdr' ;;
  esac
  frags="$(count "$name" "$filter")"
  # the frame of a datagram's last fragment holds the reassembled datagram and the
  # number of fragments it was made of (tshark -2 would also mark the earlier ones
  # "reassembled in"; one pass, as in make-oracle.py, does not)
  reassembled="$(count "$name" "$ip.fragments")"
  used="$(tshark_ -n -r "$WORK/$name" -Y "$ip.fragments" -T fields -e "$ip.fragment.count" | awk '{ n += $1 } END { print n + 0 }')"
  [[ $frags -gt 0 && $reassembled -gt 0 ]] || die "$name: no $ip fragments"
  [[ $used == "$frags" ]] || die "$name: $frags fragments, but the $reassembled reassembled datagrams hold $used"
  sdp="$(count "$name" 'sip.msg_body')"
  big="$(count "$name" "sip && $ip.fragments")"
  [[ $sdp == "$reassembled" && $big == "$reassembled" ]] ||
    die "$name: $reassembled reassembled datagrams, $sdp SIP messages with a body, $big of them reassembled"
  echo "    $name: $frags $ip fragments, $reassembled reassembled datagrams"
}

# ip6-fragments.pcap: UDP over [::1] with lo's MTU at 1280 (the IPv6 minimum). The
# INVITE, 183 and 200 with their large SDP go out as IPv6 fragments. 3 calls from
# fragments-users.csv: answer, early, answer (200 ms talk time).
if selected ip6-fragments.pcap; then
  calls="$(csv_calls fragments-users.csv)"
  lo_link 1280 65535
  CAPTURE_FILTER="$FRAG_FILTER" capture_start ip6-fragments.pcap tcpdump -i lo
  uas_start ip6-fragments.pcap "$calls" uas-big-sdp.xml -i "$L6"
  uac_run ip6-fragments.pcap "$calls" uac-big-sdp.xml "[$L6]:$UAS_PORT" -i "$L6" -inf "$SCEN/fragments-users.csv"
  capture_stop
  lo_restore
  expect_users ip6-fragments.pcap "$SCEN/fragments-users.csv"
  check_fragments ip6-fragments.pcap ipv6
  publish ip6-fragments.pcap
fi

# ip-fragments.pcap: the same 3 calls over UDP on 127.0.0.1 with lo's MTU at 576 (the
# IPv4 minimum datagram every host must accept), so the large messages leave in
# 552-byte IPv4 fragments.
if selected ip-fragments.pcap; then
  calls="$(csv_calls fragments-users.csv)"
  lo_link 576 65535
  CAPTURE_FILTER="$FRAG_FILTER" capture_start ip-fragments.pcap tcpdump -i lo
  uas_start ip-fragments.pcap "$calls" uas-big-sdp.xml -i "$L4"
  uac_run ip-fragments.pcap "$calls" uac-big-sdp.xml "$L4:$UAS_PORT" -i "$L4" -inf "$SCEN/fragments-users.csv"
  capture_stop
  lo_restore
  expect_users ip-fragments.pcap "$SCEN/fragments-users.csv"
  check_fragments ip-fragments.pcap ip
  publish ip-fragments.pcap
fi

# tcp-many.pcap: 24 calls over ONE TCP connection (-t t1) from tcp-many-users.csv
# (answer, busy, early, cancel), 50 new calls per second. sipp sets TCP_NODELAY, and on
# an unshaped loopback every write leaves at once in its own segments, so lo gets:
#  - MTU 1500 and gso_max_segs 1: TCP sends real MSS-sized segments (1448 bytes of
#    payload) instead of one big GSO packet that loopback would pass on whole, so
#    the large messages span several segments;
#  - a token bucket, 1 Mbit/s: while it holds the connection's packets, TCP small
#    queues and autocorking keep the next writes in the socket and send them together,
#    so one segment often carries several SIP messages (or the end of one and the start
#    of the next);
#  - no tail loss probes (tcp_early_retrans=0): the handshake measures a microsecond
#    RTT, and a probe fired while the bucket still held the data would be a spurious
#    retransmission.
if selected tcp-many.pcap; then
  calls="$(csv_calls tcp-many-users.csv)"
  early_retrans="$(sysctl -n net.ipv4.tcp_early_retrans)"
  lo_link 1500 1
  tc qdisc add dev lo root tbf rate 1mbit burst 16kb latency 200ms
  sysctl -qw net.ipv4.tcp_early_retrans=0
  capture_start tcp-many.pcap tcpdump -i lo
  uas_start tcp-many.pcap "$calls" uas-big-sdp.xml -i "$L4" -t t1
  uac_run tcp-many.pcap "$calls" uac-big-sdp.xml "$L4:$UAS_PORT" -i "$L4" -t t1 -inf "$SCEN/tcp-many-users.csv" -r 50
  capture_stop
  sysctl -qw net.ipv4.tcp_early_retrans="$early_retrans"
  lo_restore
  expect_users tcp-many.pcap "$SCEN/tcp-many-users.csv"
  [[ "$(count tcp-many.pcap 'tcp.flags.syn == 1 && tcp.flags.ack == 0')" == 1 ]] || die "tcp-many.pcap: expected exactly one TCP connection"
  [[ "$(count tcp-many.pcap 'tcp.analysis.flags && !tcp.analysis.window_update')" == 0 ]] ||
    die "tcp-many.pcap: retransmissions, lost or out-of-order segments (run again)"
  spanning="$(count tcp-many.pcap 'sip' tcp.segment.count)"
  multi="$(tshark_ -n -r "$WORK/tcp-many.pcap" -Y sip -T fields -E occurrence=a -E aggregator=/s -e sip.Call-ID | awk 'NF > 1' | wc -l)"
  [[ $spanning -gt 0 ]] || die "tcp-many.pcap: no SIP message spans several TCP segments"
  [[ $multi -gt 0 ]] || die "tcp-many.pcap: no TCP segment carries several SIP messages (run again)"
  echo "    tcp-many.pcap: $spanning SIP messages span several segments, $multi frames carry several SIP messages"
  publish tcp-many.pcap
fi

if [[ ${#SELECTED[@]} == 0 ]]; then
  echo "all captures regenerated in $HERE - now run: python3 $HERE/make-oracle.py"
else
  echo "regenerated ${SELECTED[*]} in $HERE - now run: python3 $HERE/make-oracle.py ${SELECTED[*]/#/$HERE/}"
fi

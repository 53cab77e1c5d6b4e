#!/usr/bin/env bash
# A pcapng whose interfaces have different link types (Ethernet and Linux
# cooked v2), the kind libpcap refuses to read: mergecap (Wireshark) merges two
# real captures of this folder into one file with two interface blocks, and
# editcap adds a capture comment and a packet comment to it.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp --suffix=.pcapng)
mergecap -F pcapng -w "$tmp" basic-call.pcap any-sll2.pcap
editcap -F pcapng --capture-comment "merged by mergecap from basic-call.pcap and any-sll2.pcap" \
  -a "1:the first INVITE" "$tmp" mixed-links.pcapng
rm -f "$tmp"
capinfos -E -k mixed-links.pcapng

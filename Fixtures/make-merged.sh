#!/usr/bin/env bash
# A pcapng whose interfaces have different link types (Ethernet and Linux
# cooked v2), the kind libpcap refuses to read: mergecap (Wireshark) merges two
# real captures of this folder into one file with two interface blocks.
set -euo pipefail
cd "$(dirname "$0")"
mergecap -F pcapng -w mixed-links.pcapng basic-call.pcap any-sll2.pcap
capinfos -E mixed-links.pcapng

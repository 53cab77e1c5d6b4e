#!/usr/bin/env bash
# Installs what siptrace needs on Debian/Ubuntu: libpcap to build, and the tools
# the tests and fixture scripts use (tshark, tcpdump, sipp, xmllint). Safe to run again.
set -euo pipefail

need=()
pkg-config --exists libpcap 2>/dev/null || need+=(libpcap-dev pkg-config)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
pkg-config --exists zlib 2>/dev/null || need+=(zlib1g-dev)

if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  # tshark asks whether non-root users may capture; answer no, non-interactively.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "setup: libpcap $(pkg-config --modversion libpcap), $(tshark --version | head -1)" >&2

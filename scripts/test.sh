#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install what is missing, build, test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/setup.sh
swift build
swift test

# The release binary works on its own, copied away from the build tree (no
# resource bundle beside it), and needs no Swift runtime installed: the
# standard library is linked in (it also starts in about half the time).
swift build -c release --static-swift-stdlib
alone=$(mktemp -d)
cp .build/release/siptrace "$alone/"
(cd "$alone" && ./siptrace analyze --summary "$root/Fixtures/early-media.pcap" > report.txt && grep -q "1 answered" report.txt)
deps=$(ldd "$alone/siptrace")
if grep -q 'libswift\|libFoundation' <<< "$deps"; then
  echo "release binary: links the Swift runtime dynamically" >&2
  rm -rf "$alone"
  exit 1
fi
rm -rf "$alone"
echo "release binary: works when copied alone"

# The benchmark package builds, and a smoke run of the comparison works (it
# measures, it does not judge: speed is not a unit test).
swift build -c release --package-path Benchmarks
bash Benchmarks/compare.sh --smoke

# Every mode reads on one thread and tracks calls on a second (TrackingThread):
# a thread-sanitized build runs each mode on captures that cross many
# hand-overs, and any data race it reports fails the run.
swift build --sanitize=thread --scratch-path .build/tsan --product siptrace
tsan_bin="$(swift build --sanitize=thread --scratch-path .build/tsan --show-bin-path)/siptrace"
for capture in Fixtures/mix.pcap Fixtures/tcp-many.pcap Fixtures/ip-fragments.pcap; do
  for mode in "--format ndjson" "--format json" "--summary"; do
    # shellcheck disable=SC2086
    if ! "$tsan_bin" analyze $mode "$capture" > /dev/null 2> .build/tsan/stderr.txt \
      || grep -q "WARNING: ThreadSanitizer" .build/tsan/stderr.txt; then
      cat .build/tsan/stderr.txt >&2
      echo "thread sanitizer: analyze $mode $capture failed" >&2
      exit 1
    fi
  done
done
echo "thread sanitizer: no data race in any mode"

# The parsers read packet bytes through pointers, some of them in C (the
# vector scans in CByteScan's header): the whole suite again under the
# address sanitizer, the C compiled with it too (`-Xcc -fsanitize=address`;
# without it a read past a buffer inside a C inline function goes unseen),
# fails on any read or write out of bounds. Leak detection is off: XCTest's
# runner leaves its suite objects at exit, which is not ours to fix.
ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address -Xcc -fsanitize=address --scratch-path .build/asan
echo "address sanitizer: no access out of bounds in the whole suite"

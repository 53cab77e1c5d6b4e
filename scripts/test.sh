#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install what is missing, build, test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/setup.sh
swift build
swift test

# The release binary works on its own, copied away from the build tree
# (no resource bundle beside it).
swift build -c release
alone=$(mktemp -d)
cp .build/release/siptrace "$alone/"
(cd "$alone" && ./siptrace analyze --summary "$root/Fixtures/early-media.pcap" > report.txt && grep -q "1 answered" report.txt)
rm -rf "$alone"
echo "release binary: works when copied alone"

# The benchmark package builds, and a smoke run of the comparison works (it
# measures, it does not judge: speed is not a unit test).
swift build -c release --package-path Benchmarks
bash Benchmarks/compare.sh --smoke

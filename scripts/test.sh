#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install what is missing, build, test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build
swift test

#!/usr/bin/env bash
# Archive benchmark: index 10,000 synthetic reports, time 100 searches.
# Usage: scripts/bench_store.sh [-v] [N] [CORPUS_DIR...]   (-v: each query's time)
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --release --example bench_store -- "$@"

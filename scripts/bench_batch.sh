#!/usr/bin/env bash
# Batch benchmark for `jixiao extract`. Builds synthetic archives (1k and N files, default
# 10,000) from the sample reports in ../shared (texts, PDFs, broken files) and the repo's
# corpus/, then prints:
#   - the machine's own 2-thread ceiling: one vs two concurrent sha256sum of a large file
#     (the machine is shared and may not give two full cores);
#   - reports/s with --jobs 1 and --jobs 2, and speedup / ceiling (target >= 0.9);
#   - text MB/s with one thread on a text-only archive (target >= 20 MB/s);
#   - peak RSS (/usr/bin/time -v) at 1k and N files (target < 150 MB);
#   - cumulative time per stage (--timings) and the start-up cost (jieba is loaded once).
# Usage: scripts/bench_batch.sh [N]        Work files go to $BENCH_DIR (default /tmp/jixiao-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
W=${BENCH_DIR:-${TMPDIR:-/tmp}/jixiao-bench}
SHARED=${SHARED:-}
for s in ../shared /work/shared; do [[ -z $SHARED && -d $s/corpus ]] && SHARED=$s; done
[[ -n $SHARED ]] || { echo "no shared corpus found (set SHARED=...)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

BIN=target/release/jixiao
SYNTH=target/release/examples/synth_archive
now() { date +%s.%N; }
ceiling() {
  [[ -f $W/big ]] || head -c 400M /dev/urandom > "$W/big"
  sha256sum "$W/big" >/dev/null
  local t0 t1 t2
  t0=$(now); sha256sum "$W/big" >/dev/null; t1=$(now)
  sha256sum "$W/big" >/dev/null & sha256sum "$W/big" >/dev/null & wait; t2=$(now)
  echo "$t0 $t1 $t2" | awk '{ printf "%.2f", 2 * ($2 - $1) / ($3 - $2) }'
}

# run LABEL DIR JOBS: runs jixiao, keeps stderr and /usr/bin/time output.
run() {
  local label=$1 dir=$2 jobs=$3 rc=0
  /usr/bin/time -v -o "$W/time.$label" "$BIN" extract "$dir" -o "$W/out.$label.jsonl" -j "$jobs" --timings \
    2> "$W/err.$label" || rc=$?
  (( rc <= 1 )) || { echo "run $label failed (exit $rc):" >&2; tail "$W/err.$label" >&2; exit 1; }
}
summary() { grep ' files: ' "$W/err.$1" | sed 's/^jixiao: //'; }
stages() { grep 'stage time' "$W/err.$1" | sed 's/^jixiao: //'; }
field() { summary "$1" | sed -E "s|.* ([0-9.]+) $2.*|\1|"; }
cpu() { awk -F': ' '/Percent of CPU/ { print $2 }' "$W/time.$1"; }
# CPU seconds (user + system) the run used; with a shared machine, throughput per CPU second
# shows the work done independently of how much CPU the run was given.
cpu_s() { awk -F': ' '/User time|System time/ { t += $2 } END { printf "%.1f", t }' "$W/time.$1"; }
per_cpu() { echo "$(field "$1" "$2") $(summary "$1" | sed -E 's|.*; ([0-9.]+) s,.*|\1|') $(cpu_s "$1")" | awk '{ printf "%.2f", $1 * $2 / $3 }'; }
rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$W/time.$1"; }

# BENCH_REPORT_ONLY=1 prints the report of the last run again without running anything.
if [[ -z ${BENCH_REPORT_ONLY:-} ]]; then
cargo build --release --quiet --bin jixiao --example synth_archive
mkdir -p "$W"
rm -rf "$W"/archive-* "$W"/out.* "$W"/err.* "$W"/time.*

sources=("$SHARED/corpus" "$SHARED/eval/pdf" "$SHARED/eval/bad")
[[ -d corpus ]] && sources+=(corpus)
echo "== archives (from ${sources[*]})"
"$SYNTH" "$W/archive-$N" "$N" "${sources[@]}"
"$SYNTH" "$W/archive-1000" 1000 "${sources[@]}"
"$SYNTH" "$W/archive-text" 3000 --text-only "${sources[@]}"

echo "== ceiling"
c_before=$(ceiling)
echo "== runs"
run j1 "$W/archive-$N" 1
run j2 "$W/archive-$N" 2
c_after=$(ceiling)
run k1 "$W/archive-1000" 2
run text "$W/archive-text" 1
"$BIN" extract "$SHARED/corpus/changjiang-keji-2023.txt" > /dev/null  # warm the page cache
t0=$(now); "$BIN" extract "$SHARED/corpus/changjiang-keji-2023.txt" > /dev/null; t1=$(now)
startup=$(echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }')

echo "$c_before $c_after $startup" > "$W/figures"
fi
read -r c_before c_after startup < "$W/figures"

ceil=$(echo "$c_before $c_after" | awk '{ printf "%.2f", ($1 + $2) / 2 }')
r1=$(field j1 reports/s); r2=$(field j2 reports/s)
speedup=$(echo "$r1 $r2" | awk '{ printf "%.2f", $2 / $1 }')
ratio=$(echo "$speedup $ceil" | awk '{ printf "%.2f", $1 / $2 }')
echo
echo "== results ($(nproc) cores; N=$N)"
echo "ceiling (2 vs 1 sha256sum):  before $c_before, after $c_after, mean $ceil"
echo "--jobs 1:  $(summary j1)  [CPU $(cpu j1)]"
echo "           $(stages j1)"
echo "--jobs 2:  $(summary j2)  [CPU $(cpu j2)]"
echo "           $(stages j2)"
echo "speedup 2 threads / 1:       $speedup  (= $ratio x ceiling; target >= 0.9)"
e1=$(per_cpu j1 reports/s); e2=$(per_cpu j2 reports/s)
echo "reports per CPU second:      -j 1: $e1 (CPU $(cpu_s j1) s), -j 2: $e2 (CPU $(cpu_s j2) s); parallel efficiency $(echo "$e1 $e2" | awk '{ printf "%.2f", $2 / $1 }')"
echo "text, 1 thread:              $(field text MB/s) MB/s, $(per_cpu text MB/s) MB per CPU second  (target >= 20)   [$(summary text)]"
echo "peak RSS 1k files (-j 2):    $(rss_mb k1) MB"
echo "peak RSS $N files (-j 1):    $(rss_mb j1) MB"
echo "peak RSS $N files (-j 2):    $(rss_mb j2) MB  (target < 150)"
echo "start-up + one file:         $startup s  (jieba loaded once per process)"
cmp -s "$W/out.j1.jsonl" "$W/out.j2.jsonl" && echo "outputs of -j 1 and -j 2:    identical" || echo "outputs of -j 1 and -j 2:    DIFFER"

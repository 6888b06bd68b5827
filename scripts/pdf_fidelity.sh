#!/usr/bin/env bash
# Text fidelity of jixiao's PDF reading vs poppler's pdftotext, and ms/page per backend.
#   usage: scripts/pdf_fidelity.sh [PDF...]   (default: ../shared/eval/pdf/*.pdf)
# Per file: similarity (whitespace removed) to pdftotext as is (raw, the acceptance
# figure), to pdftotext's pages put through our normalize_pages (norm: page numbers and
# running headers dropped on both sides), to pdftotext -layout (tables read row by row);
# and the share of reference characters missing from ours in any order (lost).
# Env: RUNS=n timing runs, DUMP=dir writes the texts, HUNKS=n prints differing stretches.
# Needs pdftotext (apt-get install poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -eq 0 ]]; then set -- ../shared/eval/pdf/*.pdf; fi
cargo run --quiet --release --example pdf_fidelity -- "$@"
